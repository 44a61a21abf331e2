/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// Jest gives every test file a module registry of its own, so each file loads n8n-core and
// n8n-workflow again: about 1,800 modules, some 2 s of CPU a file. The tests of a folder whose
// files are named `*.part.ts` run in one test file instead, each part in a describe block named
// after it, so those modules load once per folder. A part keeps its own TestBed (useTestBed's hooks
// belong to its describe block); what the nodes keep in their process's memory (delivered changes,
// polling turns) outlives a part, as it outlives a workflow in one n8n process. One part alone:
// `npx jest test/integration/trigger.test.ts -t '^window '`.
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

/** Runs every `*.part.ts` of `subfolder` (of test/integration), in name order. */
export function runParts(subfolder: string) {
	const folder = join(__dirname, subfolder);
	const parts = readdirSync(folder)
		.filter((name) => name.endsWith('.part.ts'))
		.sort();
	if (parts.length === 0) throw new Error(`No *.part.ts in ${folder}`);
	for (const name of parts) {
		const file = join(folder, name);
		// A module mock would come after the parts before it loaded the module, and so change
		// nothing: a file that mocks one stays a *.test.ts with a registry of its own.
		if (/\bjest\.mock\(/.test(readFileSync(file, 'utf8')))
			throw new Error(`${name} mocks a module: make it a *.test.ts file of its own`);
		describe(name.slice(0, -'.part.ts'.length), () => {
			// eslint-disable-next-line @typescript-eslint/no-require-imports -- a part's tests and hooks register inside this describe block
			require(file);
		});
	}
}
