/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// What `npm publish` would upload: only the built package and its docs, everything n8n loads from
// the `n8n` block, and a dependency shape n8n's community-node verification accepts.
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	version: string;
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	n8n: { credentials: string[]; nodes: string[] };
};

const DOCS = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];

let files: string[];

beforeAll(() => {
	if (!existsSync(join(ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)');
	// --ignore-scripts: the tarball's contents, not a rebuild (prepack would clean and rebuild dist).
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
	const [tarball] = JSON.parse(output) as Array<{ files: Array<{ path: string }> }>;
	files = tarball.files.map((file) => file.path).sort();
});

test('the tarball holds only dist/**, package.json, README.md, LICENSE and CHANGELOG.md', () => {
	expect(files.filter((path) => !path.startsWith('dist/') && !DOCS.includes(path))).toEqual([]);
	expect(files).toEqual(expect.arrayContaining(DOCS));
});

test('no tests, emulator, fixtures, harness or examples end up in dist', () => {
	expect(files.filter((path) => /(^|\/)(test|tests|__tests__|emulator|fixtures?|harness|examples|docs)(\/|\.|$)|\.test\./i.test(path))).toEqual([]);
});

test('every file of the n8n block, and each icon and codex file next to them, is in the tarball', () => {
	const declared = [...pkg.n8n.credentials, ...pkg.n8n.nodes];
	expect(declared.length).toBeGreaterThan(0);
	expect(declared.filter((path) => !files.includes(path))).toEqual([]);
	for (const node of pkg.n8n.nodes) expect(files).toContain(node.replace(/\.js$/, '.json'));
	expect(files).toEqual(expect.arrayContaining(['dist/icons/prioticket.svg', 'dist/icons/prioticket.dark.svg']));
});

test('no runtime dependencies; n8n-workflow only as a peer, any version', () => {
	expect(pkg.dependencies).toBeUndefined();
	expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
});

test('the repository entry point index.js (not shipped) gives the built classes', () => {
	expect(files).not.toContain('index.js');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const entry = require(join(ROOT, 'index.js')) as {
		credentials: Record<string, new () => { name: string }>;
		nodes: Record<string, new () => { description: { name: string } }>;
	};
	expect(new entry.credentials.PrioticketApi().name).toBe('prioticketApi');
	expect(Object.values(entry.nodes).map((Node) => new Node().description.name).sort()).toEqual(['prioticket', 'prioticketTrigger']);
});
