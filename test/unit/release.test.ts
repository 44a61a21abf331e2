/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// The GitHub Actions workflows that check and publish the package: a tag v* publishes with
// provenance after lint, build and tests; every `npm run` they call exists; the changelog's top
// release is the version being published.
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	version: string;
	scripts: Record<string, string>;
};

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}
interface Workflow {
	on: Record<string, { tags?: string[]; branches?: string[] } | null>;
	permissions?: Record<string, string>;
	jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const load = (file: string) =>
	parse(readFileSync(join(ROOT, '.github', 'workflows', file), 'utf8')) as Workflow;
const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);
const runs = (workflow: Workflow) =>
	steps(workflow).flatMap((step) => (step.run ? [step.run] : []));
/** Index of the first step whose command contains `text`; -1 if none. */
const position = (workflow: Workflow, text: string) =>
	runs(workflow).findIndex((run) => run.includes(text));

describe.each(['ci.yml', 'release.yml'])('%s', (file) => {
	const workflow = load(file);

	test('every `npm run X` it uses is a script of package.json', () => {
		const used = runs(workflow).flatMap((run) =>
			[...run.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]),
		);
		expect(used.length).toBeGreaterThan(0);
		expect(used.filter((script) => !(script in pkg.scripts))).toEqual([]);
	});

	test('installs with npm ci, then lints, builds, runs the fast tests and the pack test, in that order', () => {
		const order = [
			'npm ci',
			'npm run lint',
			'npm run build',
			'npm run test:fast',
			'npm run test:pack',
		].map((text) => position(workflow, text));
		expect(order.every((index) => index >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
	});
});

test('ci.yml checks every Node.js version the tooling supports: 20, 22 and 24', () => {
	const [job] = Object.values(load('ci.yml').jobs) as Array<{
		strategy?: { matrix?: { node?: number[] } };
		steps: Step[];
	}>;
	expect(job.strategy?.matrix?.node).toEqual([20, 22, 24]);
	const setup = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
	expect(setup?.with?.['node-version']).toBe('${{ matrix.node }}');
});

test('a plain `npm publish` (not the release workflow) is refused before anything is packed or sent', () => {
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !/^npm_|^RELEASE_MODE$/i.test(key)),
	);
	const result = spawnSync('npm', ['publish', '--dry-run'], { cwd: ROOT, encoding: 'utf8', env });
	expect(result.status).not.toBe(0);
	expect(result.stderr).toContain(
		'Refused: this package is published only by .github/workflows/release.yml',
	);
	expect(result.stderr).not.toContain('Tarball Contents');
});

describe('release.yml', () => {
	const workflow = load('release.yml');
	const publish = steps(workflow).find((step) => step.run?.includes('npm publish'));

	test('runs on pushed tags v*, and only then', () => {
		expect(Object.keys(workflow.on)).toEqual(['push']);
		expect(workflow.on.push).toEqual({ tags: ['v*'] });
	});

	test('may mint an OIDC token for provenance and only read the repository', () => {
		expect(workflow.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
	});

	test('publishes publicly with provenance by npm trusted publishing: Node 24 (npm >= 11.5.1), no npm token', () => {
		expect(publish?.run).toBe('npm publish --provenance --access public');
		expect(publish?.env).toEqual({ RELEASE_MODE: 'true' });
		expect(JSON.stringify(workflow)).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN/);
		const setup = steps(workflow).find((step) => step.uses?.startsWith('actions/setup-node@'));
		expect(setup?.with?.['registry-url']).toBe('https://registry.npmjs.org');
		expect(String(setup?.with?.['node-version'])).toBe('24');
	});

	test('publishes last, after every check', () => {
		expect(position(workflow, 'npm publish')).toBe(runs(workflow).length - 1);
	});

	test('refuses a tag that is not v<package.json version>', () => {
		expect(runs(workflow)[0]).toContain('$GITHUB_REF_NAME');
		expect(runs(workflow)[0]).toContain('require("./package.json").version');
	});
});

test("the top released version in CHANGELOG.md is package.json's version", () => {
	const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
	const released = [...changelog.matchAll(/^## \[(\d+\.\d+\.\d+[^\]]*)\]/gm)].map(
		(match) => match[1],
	);
	expect(released[0]).toBe(pkg.version);
});
