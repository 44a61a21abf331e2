// n8n's UI conventions for both nodes, pinned so a new field cannot quietly break them: Resource and
// Operation first, Get Many with Return All + Limit, sorted options, "Whether …" booleans, "e.g."
// placeholders, subtitles, "Trigger On", and the notices where users go wrong.
import type { INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { Prioticket } from '../../nodes/Prioticket/Prioticket.node';
import { PrioticketTrigger } from '../../nodes/Prioticket/PrioticketTrigger.node';

const action = new Prioticket().description;
const trigger = new PrioticketTrigger().description;

/** Every property, including those nested in collections, with the path that leads to it. */
function walk(
	properties: INodeProperties[],
	path = '',
): Array<{ path: string; property: INodeProperties }> {
	return properties.flatMap((property) => {
		const here = `${path}${property.name}`;
		const nested = (property.options ?? []).flatMap((option) => {
			if ('values' in option) return walk(option.values, `${here}.${option.name}.`);
			if ('type' in option) return walk([option as INodeProperties], `${here}.`);
			return [];
		});
		return [{ path: here, property }, ...nested];
	});
}

describe.each([
	['Prioticket', action],
	['Prioticket Trigger', trigger],
] as Array<[string, INodeTypeDescription]>)('%s', (_, description) => {
	const all = walk(description.properties);

	test('has a subtitle', () => {
		expect(description.subtitle).toMatch(/^=\{\{.+\}\}$/);
	});

	test('describes every boolean "Whether …"', () => {
		const booleans = all.filter(({ property }) => property.type === 'boolean');
		expect(
			booleans
				.filter(({ property }) => !property.description?.startsWith('Whether '))
				.map(({ path }) => path),
		).toEqual([]);
	});

	test('starts every placeholder of a text field with "e.g."', () => {
		const placeholders = all.filter(
			({ property }) => property.type === 'string' && property.placeholder,
		);
		expect(
			placeholders
				.filter(({ property }) => !String(property.placeholder).startsWith('e.g. '))
				.map(({ path }) => path),
		).toEqual([]);
	});

	test('sorts the fields of every collection and the choices of every option list alphabetically', () => {
		const unsorted = all.filter(({ property }) => {
			const names =
				property.type === 'collection'
					? (property.options as INodeProperties[]).map((option) => option.displayName)
					: property.type === 'options' || property.type === 'multiOptions'
						? ((property.options ?? []) as INodePropertyOptions[]).map((option) => option.name)
						: [];
			return names.join('\n') !== [...names].sort((a, b) => a.localeCompare(b)).join('\n');
		});
		expect(unsorted.map(({ path }) => path)).toEqual([]);
	});
});

describe('Prioticket', () => {
	test('asks for Resource first and Operation second', () => {
		expect(action.properties[0].name).toBe('resource');
		const operations = action.properties.filter((property) => property.name === 'operation');
		expect(operations.length).toBeGreaterThan(0);
		// Each resource's Operation comes before any other field of that resource.
		for (const operation of operations) {
			const resource = operation.displayOptions!.show!.resource as string[];
			const first = action.properties.findIndex(
				(p) =>
					p.name !== 'resource' &&
					(p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource[0]),
			);
			expect(action.properties[first]).toBe(operation);
		}
	});

	test("names operations with n8n's words and offers Get Many with Return All and a Limit of 50", () => {
		const webhookOperations = action.properties.find(
			(p) =>
				p.name === 'operation' &&
				(p.displayOptions?.show?.resource as string[]).includes('webhook'),
		)!;
		expect(
			(webhookOperations.options as INodePropertyOptions[]).map((o) => [o.name, o.value]),
		).toEqual([
			['Create', 'create'],
			['Delete', 'delete'],
			['Get', 'get'],
			['Get Many', 'getAll'],
		]);
		const returnAll = action.properties.find((p) => p.name === 'returnAll')!;
		const limit = action.properties.find((p) => p.name === 'limit')!;
		expect(returnAll).toMatchObject({ type: 'boolean', default: false });
		expect(limit).toMatchObject({
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			displayOptions: { show: { returnAll: [false] } },
		});
	});

	test('keeps the defaults of 0.1: n8n saves no parameter equal to its default, so saved workflows rely on them', () => {
		expect(action.properties.find((p) => p.name === 'resource')!.default).toBe('webhook');
		const operationDefaults = action.properties
			.filter((p) => p.name === 'operation')
			.map((p) => [(p.displayOptions!.show!.resource as string[])[0], p.default]);
		expect(operationDefaults).toEqual(
			expect.arrayContaining([
				['webhook', 'getAll'],
				['notification', 'trigger'],
			]),
		);
	});

	test("offers every read operation with n8n's words, each with an action an AI Agent can pick", () => {
		const operations = action.properties.filter((p) => p.name === 'operation');
		const offered = operations.flatMap((p) =>
			(p.options as INodePropertyOptions[]).map((o) => [
				(p.displayOptions!.show!.resource as string[])[0],
				o.name,
				o.action,
			]),
		);
		expect(offered).toEqual(
			expect.arrayContaining([
				['order', 'Get', 'Get an order'],
				['order', 'Get Many', 'Get many orders'],
				['order', 'Get Voucher', 'Get the voucher of an order'],
				['product', 'Get', 'Get a product'],
				['product', 'Get Many', 'Get many products'],
				['payment', 'Get Many', 'Get many payments'],
			]),
		);
		// A description says what comes back, not only the operation's name again.
		const reads = operations.filter((p) =>
			['order', 'product', 'payment'].includes((p.displayOptions!.show!.resource as string[])[0]),
		);
		for (const operation of reads) {
			for (const option of operation.options as INodePropertyOptions[])
				expect(String(option.description).length).toBeGreaterThan(40);
		}
	});

	test('warns on Trigger Sample that active workflows subscribed to the event run too', () => {
		const notice = action.properties.find(
			(p) => p.type === 'notice' && p.displayOptions?.show?.operation?.includes('trigger'),
		);
		expect(notice?.displayName).toMatch(/every webhook of the account subscribed/);
	});

	test('is usable as an AI tool', () => {
		expect(action.usableAsTool).toBe(true);
	});
});

describe('Prioticket Trigger', () => {
	test('is named "<Service> Trigger" and picks its events under "Trigger On", listed in the subtitle', () => {
		expect(trigger.displayName).toBe('Prioticket Trigger');
		expect(trigger.properties.find((p) => p.name === 'events')).toMatchObject({
			displayName: 'Trigger On',
			type: 'multiOptions',
			required: true,
		});
		expect(trigger.subtitle).toContain('$parameter["events"]');
	});

	test('opens with how events arrive, then, for webhooks, a notice that Prioticket must reach the URL (N8N_WEBHOOK_URL on localhost, or Polling)', () => {
		expect(trigger.properties[0]).toMatchObject({ name: 'receiveBy', default: 'webhook' });
		expect(trigger.properties[1]).toMatchObject({
			type: 'notice',
			displayOptions: { show: { receiveBy: ['webhook'] } },
		});
		expect(trigger.properties[1].displayName).toContain('N8N_WEBHOOK_URL');
		expect(trigger.properties[1].displayName).toContain('Polling');
	});
});
