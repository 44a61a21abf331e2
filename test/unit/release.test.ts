/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// The GitHub Actions workflows that check and publish the package: a tag v* publishes with
// provenance after lint, build and tests; every `npm run` they call exists; the changelog's top
// release is the version being published.
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };

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

const load = (file: string) => parse(readFileSync(join(ROOT, '.github', 'workflows', file), 'utf8')) as Workflow;
const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);
const runs = (workflow: Workflow) => steps(workflow).flatMap((step) => (step.run ? [step.run] : []));
/** Index of the first step whose command contains `text`; -1 if none. */
const position = (workflow: Workflow, text: string) => runs(workflow).findIndex((run) => run.includes(text));

describe.each(['ci.yml', 'release.yml'])('%s', (file) => {
	const workflow = load(file);

	test('every `npm run X` it uses is a script of package.json', () => {
		const used = runs(workflow).flatMap((run) => [...run.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]));
		expect(used.length).toBeGreaterThan(0);
		expect(used.filter((script) => !(script in pkg.scripts))).toEqual([]);
	});

	test('installs with npm ci, then lints, builds and runs the fast tests, in that order', () => {
		const order = ['npm ci', 'npm run lint', 'npm run build', 'npm run test:fast'].map((text) => position(workflow, text));
		expect(order.every((index) => index >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
	});

	test('sets up Node 20', () => {
		const setup = steps(workflow).find((step) => step.uses?.startsWith('actions/setup-node@'));
		expect(String(setup?.with?.['node-version'])).toBe('20');
	});
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

	test('publishes publicly with provenance, authenticated by the NPM_TOKEN secret', () => {
		expect(publish?.run).toBe('npm publish --provenance --access public');
		expect(publish?.env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
		const setup = steps(workflow).find((step) => step.uses?.startsWith('actions/setup-node@'));
		expect(setup?.with?.['registry-url']).toBe('https://registry.npmjs.org');
	});

	test('publishes last, after every check', () => {
		expect(position(workflow, 'npm publish')).toBe(runs(workflow).length - 1);
	});

	test('refuses a tag that is not v<package.json version>', () => {
		expect(runs(workflow)[0]).toContain('$GITHUB_REF_NAME');
		expect(runs(workflow)[0]).toContain('require("./package.json").version');
	});
});

test('the top released version in CHANGELOG.md is package.json\'s version', () => {
	const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
	const released = [...changelog.matchAll(/^## \[(\d+\.\d+\.\d+[^\]]*)\]/gm)].map((match) => match[1]);
	expect(released[0]).toBe(pkg.version);
});
