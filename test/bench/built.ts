/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling: runs under Node, never inside n8n */
// The benchmark measures the package as n8n loads it: the compiled nodes and credentials in dist/
// (built by `npm run build` first), not the TypeScript sources. Run from source, every function a
// call creates would also pay for the name-keeping helper the TypeScript loader adds, which n8n
// never runs. Imported first: every later require of a file under nodes/ or credentials/ (by the
// TestBed, the emulator or the benchmark) gets its compiled twin, so all share one copy.
import { existsSync } from 'fs';
import Module from 'module';
import { join, relative } from 'path';

import './prefer-ts';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const loader = Module as unknown as {
	_resolveFilename: (request: string, parent: unknown, ...rest: unknown[]) => string;
};
const resolve = loader._resolveFilename;

loader._resolveFilename = function (request, parent, ...rest) {
	const file = resolve.call(this, request, parent, ...rest);
	const inRepo = relative(ROOT, file);
	if (!/^(nodes|credentials)\/.+\.ts$/.test(inRepo)) return file;
	const compiled = join(DIST, inRepo.replace(/\.ts$/, '.js'));
	if (!existsSync(compiled))
		throw new Error(`${compiled} is missing: the benchmark measures the build, run npm run build`);
	return compiled;
};
