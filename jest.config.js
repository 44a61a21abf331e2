/** @type {import('jest').Config} */
const shared = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
	setupFiles: ['<rootDir>/test/setup-env.ts'],
};
// The fast tier compiles its TypeScript with esbuild (test/transform.js), a few times faster.
const fast = { ...shared, transform: { '^.+\\.ts$': '<rootDir>/test/transform.js' } };

module.exports = {
	projects: [
		// The fast tier (`npm run test:fast`: unit and integration) needs no build and waits for no real
		// time; it runs one worker per core (--maxWorkers=100%), as jest's default of one core fewer
		// runs everything in one process on a two-core machine. Loading n8n-core, once per test file,
		// is most of its work: the action and trigger tests run as the parts of one file per folder
		// (test/integration/parts.ts).
		{
			...fast,
			displayName: 'unit',
			testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/emulator/**/*.test.ts'],
		},
		{
			...fast,
			displayName: 'integration',
			testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
		},
		// `npm pack` of a clean copy (it builds) and n8n's community-package scanner on both legs: about
		// 20 s on its own, so outside the fast tier; `npm test` and `npm run test:pack` run it.
		{
			...shared,
			displayName: 'pack',
			testMatch: ['<rootDir>/test/pack/**/*.test.ts'],
		},
		// A real n8n per file: installed once into a cache outside the repo (before any test starts,
		// outside every timeout), started per suite.
		{
			...shared,
			displayName: 'e2e',
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			globalSetup: '<rootDir>/test/harness/global-setup.ts',
		},
		// Faults, bad input, load, other n8n versions and queue mode (PostgreSQL, Redis, main + webhook
		// process + worker): slow, and it needs redis-server and postgresql, so `npm test` leaves it
		// out; `npm run test:reliability` runs it.
		{
			...shared,
			displayName: 'reliability',
			testMatch: ['<rootDir>/test/reliability/**/*.test.ts'],
			globalSetup: '<rootDir>/test/harness/global-setup.ts',
			testTimeout: 900_000,
		},
	],
	testTimeout: 120_000,
	// On a run with no timings yet (a fresh clone), the files that run a folder's parts go first.
	testSequencer: '<rootDir>/test/sequencer.js',
};
