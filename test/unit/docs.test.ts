/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// The README's events table is the catalogue's: a new event cannot ship undocumented.
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import { EVENTS, type ItemKind } from '../../nodes/Prioticket/shared/events';

const ITEM: Record<ItemKind, string> = {
	order: 'order reference',
	product: 'product ID',
	payment: 'payment ID or order reference',
};

test('README lists every event of the catalogue with its name and item', () => {
	const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
	const table = readme
		.split('<!-- events-table:start -->')[1]
		.split('<!-- events-table:end -->')[0];
	const rows = table
		.trim()
		.split('\n')
		.slice(2)
		.map((line) =>
			line
				.split('|')
				.slice(1, -1)
				.map((cell) => cell.trim()),
		);
	expect(rows).toEqual(
		EVENTS.map((event) => [
			`\`${event.value}\``,
			event.upcoming ? `${event.name} (announced as upcoming)` : event.name,
			ITEM[event.itemKind],
		]),
	);
});

test('every image and local link in the README points to a file of the repository', () => {
	const root = join(__dirname, '..', '..');
	const readme = readFileSync(join(root, 'README.md'), 'utf8');
	const targets = [...readme.matchAll(/\]\(((?!https?:|#)[^)\s]+)\)/g)].map((match) =>
		match[1].replace(/#.*$/, ''),
	);
	expect(targets).toEqual(
		expect.arrayContaining(['docs/screenshots/canvas.png', 'examples/new-order-notify.json']),
	);
	expect(targets.filter((target) => !existsSync(join(root, target)))).toEqual([]);
});

test('the README shows every committed screenshot and lists every example', () => {
	const root = join(__dirname, '..', '..');
	const readme = readFileSync(join(root, 'README.md'), 'utf8');
	for (const png of readdirSync(join(root, 'docs', 'screenshots')))
		expect(readme).toContain(`](docs/screenshots/${png})`);
	for (const example of readdirSync(join(root, 'examples')))
		expect(readme).toContain(`](examples/${example})`);
});
