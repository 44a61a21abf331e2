/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// What `npm publish` uploads, made the way a newcomer makes it: `npm pack` in a clean copy of the
// repository (its files as git sees them: no dist/, no build output), with no npm settings but the
// repository's own. Then n8n's community-package scanner on both legs it checks before verifying a
// package: the repository's source files and the packed tarball. It builds, so it is not part of
// the fast tier: `npm test` and `npm run test:pack` run it. It runs from a copy without .git too (a
// downloaded release): the files are then those the .gitignore files let through.
import { execFileSync, spawnSync } from 'child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	symlinkSync,
} from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';

import { gitFiles, isGitRoot, repositoryFiles, walkFiles } from './files';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	version: string;
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	n8n: { credentials: string[]; nodes: string[] };
};

const DOCS = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];

let work: string;
let copy: string;
let unpacked: string;
let files: string[];

/**
 * A shell's environment: none of the npm_config_* settings `npm test` exports to its children, and
 * not jest's NODE_ENV=test (under it, n8n's ESLint plugin treats every file as a test fixture).
 */
function cleanEnv() {
	return Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE_ENV'),
	);
}

beforeAll(() => {
	work = mkdtempSync(join(tmpdir(), 'prioticket-pack-'));
	copy = join(work, 'repo');
	unpacked = join(work, 'package');
	// The repository's files as a clone has them (tracked, plus new files git does not ignore).
	for (const file of repositoryFiles(ROOT)) {
		mkdirSync(dirname(join(copy, file)), { recursive: true });
		cpSync(join(ROOT, file), join(copy, file));
	}
	// What `npm ci` would install, without installing it again.
	symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
	expect(existsSync(join(copy, 'dist'))).toBe(false);

	// Exactly what a user types; prepack's build output goes to the same stream as npm's.
	execFileSync('npm', ['pack', '--pack-destination', work], {
		cwd: copy,
		stdio: 'ignore',
		env: cleanEnv(),
	});
	const [filename] = readdirSync(work).filter((name) => name.endsWith('.tgz'));
	mkdirSync(unpacked);
	// n8n provides n8n-workflow (the peer dependency) and nothing else.
	mkdirSync(join(work, 'node_modules'));
	symlinkSync(
		join(ROOT, 'node_modules', 'n8n-workflow'),
		join(work, 'node_modules', 'n8n-workflow'),
		'dir',
	);
	execFileSync('tar', ['-xzf', join(work, filename), '-C', unpacked, '--strip-components=1']);
	files = execFileSync('tar', ['-tzf', join(work, filename)], { encoding: 'utf8' })
		.split('\n')
		.filter(Boolean)
		.map((path) => path.replace(/^package\//, ''))
		.sort();
}, 240_000);

afterAll(() => {
	if (work) rmSync(work, { recursive: true, force: true });
});

test('npm pack in a clean copy builds dist/ (prepack runs) and ships it', () => {
	expect(files.filter((path) => path.startsWith('dist/')).length).toBeGreaterThan(0);
});

test('the tarball holds only dist/**, package.json, README.md, LICENSE and CHANGELOG.md', () => {
	expect(files.filter((path) => !path.startsWith('dist/') && !DOCS.includes(path))).toEqual([]);
	expect(files).toEqual(expect.arrayContaining(DOCS));
});

test('no tests, emulator, fixtures, harness, examples or screenshots end up in dist', () => {
	expect(
		files.filter((path) =>
			/(^|\/)(test|tests|__tests__|emulator|fixtures?|harness|examples|docs)(\/|\.|$)|\.test\.|\.png$/i.test(
				path,
			),
		),
	).toEqual([]);
});

test('every file of the n8n block, and each icon and codex file next to them, is in the tarball', () => {
	const declared = [...pkg.n8n.credentials, ...pkg.n8n.nodes];
	expect(declared.length).toBeGreaterThan(0);
	expect(declared.filter((path) => !files.includes(path))).toEqual([]);
	for (const node of pkg.n8n.nodes) expect(files).toContain(node.replace(/\.js$/, '.json'));
	expect(files).toEqual(
		expect.arrayContaining(['dist/icons/prioticket.svg', 'dist/icons/prioticket.dark.svg']),
	);
});

test('the packed nodes and credential load from the tarball alone', () => {
	for (const file of [...pkg.n8n.credentials, ...pkg.n8n.nodes]) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = require(join(unpacked, file)) as Record<string, unknown>;
		expect(Object.values(exported).some((value) => typeof value === 'function')).toBe(true);
	}
});

test('no runtime dependencies; n8n-workflow only as a peer, any version', () => {
	expect(pkg.dependencies).toBeUndefined();
	expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
});

test("n8n's community-package scanner passes both legs: the source files and the packed tarball", () => {
	const scan = spawnSync(
		process.execPath,
		[join(ROOT, 'test/harness/scan-package.mjs'), copy, unpacked],
		{
			cwd: ROOT,
			encoding: 'utf8',
			env: cleanEnv(),
		},
	);
	const result = JSON.parse(scan.stdout) as Record<
		'source' | 'tarball',
		{ passed: boolean; message?: string; details?: string }
	>;
	expect(result.source).toEqual({ passed: true });
	expect(result.tarball).toEqual({ passed: true });
	expect(scan.status).toBe(0);
}, 120_000);

test('shipped sources carry no eslint-disable directive: the scanner ignores them, so they would only hide from n8n-node lint', () => {
	const sources = repositoryFiles(ROOT, ['nodes', 'credentials']).filter((file) =>
		file.endsWith('.ts'),
	);
	expect(sources.length).toBeGreaterThan(0);
	expect(
		sources.filter((file) => /eslint-disable/.test(readFileSync(join(ROOT, file), 'utf8'))),
	).toEqual([]);
});

test('the repository entry point index.js (not shipped) gives the built classes', () => {
	expect(files).not.toContain('index.js');
	// The clean copy's, which npm pack built.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const entry = require(join(copy, 'index.js')) as {
		credentials: Record<string, new () => { name: string }>;
		nodes: Record<string, new () => { description: { name: string } }>;
	};
	expect(new entry.credentials.PrioticketApi().name).toBe('prioticketApi');
	expect(
		Object.values(entry.nodes)
			.map((Node) => new Node().description.name)
			.sort(),
	).toEqual(['prioticket', 'prioticketTrigger']);
});

test("the packed codex files hold the documentation links resolved against package.json's homepage", () => {
	const { homepage } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
		homepage: string;
	};
	const links = (value: unknown): string[] =>
		Array.isArray(value)
			? value.flatMap(links)
			: value !== null && typeof value === 'object'
				? Object.entries(value).flatMap(([key, inner]) =>
						key === 'url' && typeof inner === 'string' ? [inner] : links(inner),
					)
				: [];
	for (const node of pkg.n8n.nodes) {
		const codex = node.replace(/\.js$/, '.json');
		const source = links(
			JSON.parse(readFileSync(join(ROOT, codex.replace(/^dist\//, '')), 'utf8')),
		);
		const packed = links(JSON.parse(readFileSync(join(unpacked, codex), 'utf8')));
		expect(packed).toEqual(source.map((anchor) => `${homepage.replace(/#.*$/, '')}${anchor}`));
	}
});

(isGitRoot(ROOT) ? test : test.skip)(
	'without .git, the walk that honours .gitignore finds the files git lists',
	() => {
		expect(walkFiles(ROOT).sort()).toEqual(gitFiles(ROOT).sort());
	},
);
