// The Webhook resource of the Prioticket node, operation by operation, through n8n's real
// ExecuteContext against the emulator.
import { useTestBed } from '../testbed';

const bed = useTestBed();

const create = (parameters: Record<string, unknown>, options = {}) =>
	bed.runAction({ resource: 'webhook', operation: 'create', ...parameters } as never, options);

describe('Create', () => {
	test('registers the URL and events and outputs the created webhook', async () => {
		const [item] = await create({
			url: 'https://example.com/hook',
			events: ['ORDER_CREATE', 'ORDER_CANCEL'],
			additionalFields: {
				webhookAuth: 'shh',
				includePayload: false,
				customEvents: 'payment_update',
			},
		});
		expect(item.json).toMatchObject({
			webhook_url: 'https://example.com/hook',
			webhook_events: ['ORDER_CANCEL', 'ORDER_CREATE', 'PAYMENT_UPDATE'],
			webhook_status: 'ENABLED',
			webhook_payload: false,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		const stored = bed.emulator.webhooks.get(item.json.webhook_id as string);
		expect(stored?.webhook_auth).toBe('shh');
	});

	test('can deliver to an email address instead of a URL', async () => {
		const [item] = await create({
			events: ['REDEMPTION'],
			additionalFields: { email: 'ops@example.com' },
		});
		expect(item.json).toMatchObject({
			webhook_email: 'ops@example.com',
			webhook_events: ['REDEMPTION'],
		});
	});

	test.each([
		[{ url: 'https://example.com', events: [] }, /No event is selected/],
		[
			{ url: 'example.com/hook', events: ['ORDER_CREATE'] },
			/"Webhook URL" \("example.com\/hook"\) is not a full http\(s\) URL/,
		],
		[{ url: '', events: ['ORDER_CREATE'] }, /"Webhook URL" field is empty/],
		[
			{
				url: 'https://example.com',
				events: ['ORDER_CREATE'],
				additionalFields: { customEvents: 'order created' },
			},
			/"order created" in "Other Event Names"/,
		],
	])('rejects bad input before calling the API: %j', async (parameters, message) => {
		await expect(create(parameters)).rejects.toThrow(message);
		expect(bed.emulator.countRequests('POST', '/webhooks')).toBe(0);
	});
});

describe('Get Many', () => {
	beforeEach(async () => {
		for (const n of [1, 2, 3])
			await create({ url: `https://example.com/${n}`, events: ['ORDER_CREATE'] });
	});

	test('returns one item per webhook, up to the limit', async () => {
		const all = await bed.runAction({ resource: 'webhook', operation: 'getAll', returnAll: true });
		expect(all.map((i) => i.json.webhook_url)).toEqual([
			'https://example.com/1',
			'https://example.com/2',
			'https://example.com/3',
		]);
		const two = await bed.runAction({
			resource: 'webhook',
			operation: 'getAll',
			returnAll: false,
			limit: 2,
		});
		expect(two).toHaveLength(2);
	});

	test('filters by webhook ID', async () => {
		const [, second] = [...bed.emulator.webhooks.keys()];
		const items = await bed.runAction({
			resource: 'webhook',
			operation: 'getAll',
			returnAll: true,
			filters: { webhookId: second },
		});
		expect(items.map((i) => i.json.webhook_id)).toEqual([second]);
	});

	test('an API that ignores the ID filter cannot hand back other webhooks', async () => {
		bed.emulator.quirks.ignoreFilters = ['webhook_id'];
		const [, second] = [...bed.emulator.webhooks.keys()];
		const items = await bed.runAction({
			resource: 'webhook',
			operation: 'getAll',
			returnAll: false,
			limit: 50,
			filters: { webhookId: second },
		});
		expect(items.map((i) => i.json.webhook_id)).toEqual([second]);
	});

	test('runs once per input item, pairing each output with its input', async () => {
		const items = await bed.runAction(
			{ resource: 'webhook', operation: 'getAll', returnAll: false, limit: 1 },
			{ items: [{ json: {} }, { json: {} }] },
		);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('Delete', () => {
	test.each(['.', '..'])(
		'refuses the ID %j before any call: it would name another API path',
		async (webhookId) => {
			await expect(
				bed.runAction({ resource: 'webhook', operation: 'delete', webhookId }),
			).rejects.toThrow(`The "Webhook ID" field ("${webhookId}") is not a valid ID`);
			expect(bed.emulator.countRequests('DELETE', '/webhooks')).toBe(0);
		},
	);
});

describe('Get', () => {
	test('returns the webhook with that ID', async () => {
		const [created] = await create({ url: 'https://example.com/x', events: ['PRODUCT_UPDATE'] });
		const [item] = await bed.runAction({
			resource: 'webhook',
			operation: 'get',
			webhookId: created.json.webhook_id as string,
		});
		expect(item.json).toEqual(created.json);
	});

	test('fails clearly for an unknown ID', async () => {
		await expect(
			bed.runAction({ resource: 'webhook', operation: 'get', webhookId: 'nope-123' }),
		).rejects.toThrow('No webhook with ID "nope-123" exists');
	});

	test('an API that ignores the ID filter cannot hand back another webhook', async () => {
		bed.emulator.quirks.ignoreFilters = ['webhook_id'];
		const created = [];
		for (let n = 0; n < 205; n++)
			created.push(
				(await create({ url: `https://example.com/${n}`, events: ['ORDER_CREATE'] }))[0],
			);
		const wanted = created[203].json;
		const [item] = await bed.runAction({
			resource: 'webhook',
			operation: 'get',
			webhookId: wanted.webhook_id as string,
		});
		expect(item.json).toEqual(wanted);
		await expect(
			bed.runAction({ resource: 'webhook', operation: 'get', webhookId: 'nope-123' }),
		).rejects.toThrow('No webhook with ID "nope-123" exists');
	});
});

describe('Delete', () => {
	test('removes the webhook and outputs { deleted: true, webhookId }', async () => {
		const [created] = await create({ url: 'https://example.com/x', events: ['ORDER_CREATE'] });
		const webhookId = created.json.webhook_id as string;
		const [item] = await bed.runAction({ resource: 'webhook', operation: 'delete', webhookId });
		expect(item.json).toEqual({ deleted: true, webhookId });
		expect(bed.emulator.webhooks.size).toBe(0);
	});

	test("an unknown ID fails with the API's 404 message", async () => {
		const failure = await bed
			.runAction({ resource: 'webhook', operation: 'delete', webhookId: 'f00-missing' })
			.catch((error: Error & { httpCode?: string }) => error);
		expect((failure as Error).message).toBe('Webhook f00-missing does not exist.');
		expect((failure as { httpCode?: string }).httpCode).toBe('404');
	});

	test('an empty ID is refused, naming the field', async () => {
		await expect(
			bed.runAction({ resource: 'webhook', operation: 'delete', webhookId: '  ' }),
		).rejects.toThrow('The "Webhook ID" field is empty');
	});
});

test('Continue On Fail: a failing item becomes an error item and the others still run', async () => {
	const [created] = await create({ url: 'https://example.com/x', events: ['ORDER_CREATE'] });
	const items = await bed.runAction(
		{ resource: 'webhook', operation: 'delete', webhookId: '={{ $json.id }}' },
		{
			items: [{ json: { id: 'missing-1' } }, { json: { id: created.json.webhook_id } }],
			continueOnFail: true,
		},
	);
	expect(items).toEqual([
		{ json: { error: 'Webhook missing-1 does not exist.' }, pairedItem: { item: 0 } },
		{ json: { deleted: true, webhookId: created.json.webhook_id }, pairedItem: { item: 1 } },
	]);
});
