/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// The project's address is set once, in package.json: `homepage` and `repository` name the same
// GitHub repository (n8n's verification matches the provenance's repository against it); the build
// resolves the codex files' links against `homepage`; the credential's documentation link, a
// literal because n8n's checks require one, must be `homepage` with an anchor.
import { readFileSync } from 'fs';
import { join } from 'path';

import { PrioticketApi } from '../../credentials/PrioticketApi.credentials';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	homepage: string;
	repository: { type: string; url: string };
	bugs?: { url: string };
	author: { name: string; email?: string };
	n8n: { nodes: string[] };
};

const repository = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const documentation = pkg.homepage.replace(/#.*$/, '');

/** Every string under a `url` key of a JSON value. */
function urls(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap(urls);
	if (value && typeof value === 'object') {
		return Object.entries(value).flatMap(([key, inner]) =>
			key === 'url' && typeof inner === 'string' ? [inner] : urls(inner),
		);
	}
	return [];
}

test('homepage, repository and bugs name the same GitHub repository; an author is set', () => {
	expect(repository).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
	expect(documentation).toBe(repository);
	expect(pkg.bugs?.url).toBe(`${repository}/issues`);
	expect(pkg.repository.type).toBe('git');
	expect(pkg.author.name.trim()).not.toBe('');
});

test("the codex sources hold only anchors; the build resolves them against package.json's homepage", () => {
	// The build's own step (gulpfile.js), on the sources: no dist/ needed. The packed files are
	// checked in test/pack/pack.test.ts.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { codexLinks } = require(join(ROOT, 'gulpfile.js')) as {
		codexLinks: { resolve: (value: unknown) => unknown };
	};
	for (const node of pkg.n8n.nodes) {
		const codex = node.replace(/^dist\//, '').replace(/\.js$/, '.json');
		const json = JSON.parse(readFileSync(join(ROOT, codex), 'utf8')) as unknown;
		const source = urls(json);
		expect(source.length).toBeGreaterThan(0);
		expect(source.filter((url) => !url.startsWith('#'))).toEqual([]);
		expect(urls(codexLinks.resolve(json))).toEqual(
			source.map((anchor) => `${documentation}${anchor}`),
		);
	}
});

test("the credential's documentation link is package.json's homepage with an anchor (change both together)", () => {
	expect(new PrioticketApi().documentationUrl).toBe(`${documentation}#credentials`);
});

test('README → Releasing names the fields to set before the first release', () => {
	const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
	const releasing = readme.slice(readme.indexOf('### Releasing'));
	for (const field of ['`homepage`', '`repository`', '`author`'])
		expect(releasing).toContain(field);
});
