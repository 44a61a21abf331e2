/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: reads the source tree under Node, never inside n8n */
// The floors of nodes/Prioticket, top to bottom: the node files; actions, trigger and methods; api
// (one module per Prioticket object); transport; shared (pure helpers). Imports only point down,
// and only api calls the transport.
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, sep } from 'path';

const root = join(__dirname, '../../nodes/Prioticket');
const FLOORS: Record<string, number> = {
	actions: 4,
	trigger: 4,
	methods: 4,
	api: 3,
	transport: 2,
	shared: 1,
};

const floorOf = (file: string) => {
	const parts = relative(root, file).split(sep);
	if (parts.length === 1) return { name: 'node files', floor: 5 };
	const floor = FLOORS[parts[0]];
	if (floor === undefined) throw new Error(`${relative(root, file)} is in no known floor`);
	return { name: parts[0], floor };
};

const sources = (dir: string): string[] =>
	readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory()
			? sources(join(dir, entry.name))
			: entry.name.endsWith('.ts')
				? [join(dir, entry.name)]
				: [],
	);

const target = (from: string, specifier: string) => {
	const path = join(dirname(from), specifier);
	return existsSync(path) && statSync(path).isDirectory() ? join(path, 'index.ts') : `${path}.ts`;
};

describe('the layers of nodes/Prioticket', () => {
	const imports = sources(root).flatMap((file) =>
		[...readFileSync(file, 'utf8').matchAll(/from\s+'(\.[^']+)'/g)].map((match) => ({
			file,
			to: target(file, match[1]),
		})),
	);

	test('the tree has the five floors and every import resolves', () => {
		expect(new Set(sources(root).map((file) => floorOf(file).name))).toEqual(
			new Set(['node files', ...Object.keys(FLOORS)]),
		);
		for (const { to } of imports) expect(existsSync(to)).toBe(true);
	});

	test('no import points to a higher floor', () => {
		const upward = imports
			.filter(({ file, to }) => floorOf(to).floor > floorOf(file).floor)
			.map(({ file, to }) => `${relative(root, file)} -> ${relative(root, to)}`);
		expect(upward).toEqual([]);
	});

	test('only the api modules (and the transport itself) import the transport', () => {
		const callers = imports
			.filter(
				({ file, to }) =>
					floorOf(to).name === 'transport' && !['api', 'transport'].includes(floorOf(file).name),
			)
			.map(({ file }) => relative(root, file));
		expect(callers).toEqual([]);
	});

	test('the node files only wire: no HTTP, no parameter reading', () => {
		for (const file of ['Prioticket.node.ts', 'PrioticketTrigger.node.ts']) {
			const text = readFileSync(join(root, file), 'utf8');
			expect(text).not.toMatch(/getNodeParameter|httpRequest|getWorkflowStaticData/);
		}
	});
});
