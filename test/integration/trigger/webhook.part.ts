// Deliveries to the trigger's URL, through n8n's real WebhookContext: every branch of webhook().
import { notificationBody } from '../../emulator/data';
import type { Fault } from '../../emulator/emulator';
import {
	RESOLVE_BUDGET_MS,
	resolveItem,
	resolveTiming,
} from '../../../nodes/Prioticket/trigger/resolve';
import { TestBed, type TriggerHandle } from '../testbed';

const bed = new TestBed();
beforeAll(async () => await bed.start());
afterAll(async () => await bed.stop());

let trigger: TriggerHandle;
let auth: Record<string, string>;

async function activate(parameters: Record<string, unknown> = {}) {
	bed.emulator.reset();
	bed.resetCredential();
	trigger = bed.trigger({ events: ['ORDER_CREATE', 'PAYMENT_REFUND'], ...parameters } as never);
	await trigger.activate();
	auth = { authorization: `Basic ${String(trigger.staticData().secret)}` };
}

const body = (event = 'ORDER_CREATE', itemId = 'ORD-1001') =>
	notificationBody(bed.emulator.catalogue, event, itemId, '3.8.0', true, 'notif-1');

describe('a verified delivery of a selected event', () => {
	beforeAll(async () => await activate());

	test('starts the workflow with the notification flattened for mapping', async () => {
		const { result } = await trigger.deliver({ body: body(), headers: auth });
		expect(result.noWebhookResponse).toBeUndefined();
		const [[item]] = result.workflowData!;
		expect(item.json).toMatchObject({
			event: 'ORDER_CREATE',
			notificationId: 'notif-1',
			itemId: 'ORD-1001',
			accountId: 'ACC-4711',
			status: 'DELIVERY_PENDING',
			apiVersion: '3.8.0',
			payload: { order: { order_reference: 'ORD-1001' } },
		});
		expect(String(item.json.created)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+01:00$/);
	});

	test('accepts the legacy form field data=<json>', async () => {
		const { result } = await trigger.deliver({
			body: { data: JSON.stringify(body()) },
			headers: auth,
		});
		expect(result.workflowData?.[0][0].json.event).toBe('ORDER_CREATE');
	});

	test('makes no API call on the hot path', async () => {
		const before = bed.emulator.requests.length;
		await trigger.deliver({ body: body(), headers: auth });
		expect(bed.emulator.requests.length).toBe(before);
	});
});

describe('deliveries that start no execution', () => {
	beforeAll(async () => await activate());

	test.each([
		['no Authorization header', {}],
		['a wrong secret', { authorization: 'Basic not-the-secret' }],
		[
			'the secret under another scheme',
			() => ({ authorization: `Bearer ${String(trigger.staticData().secret)}` }),
		],
	])('%s → 401, and the secret is not echoed', async (_name, headers) => {
		const { result, response } = await trigger.deliver({
			body: body(),
			headers: typeof headers === 'function' ? headers() : headers,
		});
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(401);
		expect(JSON.stringify(response.body)).not.toContain(String(trigger.staticData().secret));
	});

	test.each([
		['an empty body', {}],
		['a body that is not a notification', { hello: 'world' }],
		['a notification without an event', { data: { notification: { notification_id: 'x' } } }],
		['a form field that is not JSON', { data: '{nope' }],
	])('%s → 400 with a message', async (_name, payload) => {
		const { result, response } = await trigger.deliver({ body: payload, headers: auth });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(400);
		expect((response.body as { message: string }).message).toMatch(/notification|JSON/);
	});

	test('an event the workflow did not select → 200 so Prioticket stops retrying', async () => {
		const { result, response } = await trigger.deliver({
			body: body('PRODUCT_UPDATE', '1001'),
			headers: auth,
		});
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(200);
		expect(response.body).toEqual({
			message: 'Ignored: this trigger does not listen to PRODUCT_UPDATE',
		});
	});

	test('a trigger that holds no secret (never registered) accepts nothing', async () => {
		const unregistered = bed.trigger({ events: ['ORDER_CREATE'] }, { webhookId: 'other' });
		const { response } = await unregistered.deliver({
			body: body(),
			headers: { authorization: 'Basic ' },
		});
		expect(response.statusCode).toBe(401);
	});
});

describe('a delivery before n8n has saved the activation', () => {
	// n8n makes the URL live before the activation hooks and saves their static data after all of
	// them: a delivery in between gets the static data as it was before the activation.
	test('is verified with the secret this process registered for the URL', async () => {
		await activate();
		const unsaved = bed.trigger({ events: ['ORDER_CREATE'] }, { staticData: {} });
		const { result, response } = await unsaved.deliver({ body: body(), headers: auth });
		expect(response.statusCode).toBe(200);
		expect(result.workflowData?.[0][0].json.event).toBe('ORDER_CREATE');
		const wrong = await unsaved.deliver({
			body: body(),
			headers: { authorization: 'Basic not-the-secret' },
		});
		expect(wrong.response.statusCode).toBe(401);
	});

	test("holds the previous activation's secret: the new one is accepted until the deactivation", async () => {
		await activate();
		const old = { ...trigger.staticData() };
		await trigger.delete();
		await activate();
		expect(trigger.staticData().secret).not.toBe(old.secret);
		const unsaved = bed.trigger({ events: ['ORDER_CREATE'] }, { staticData: old });
		expect((await unsaved.deliver({ body: body(), headers: auth })).response.statusCode).toBe(200);
		await trigger.delete();
		expect((await unsaved.deliver({ body: body(), headers: auth })).response.statusCode).toBe(401);
	});
});

test('duplicate deliveries each start the workflow, carrying the same notification id', async () => {
	await activate();
	const first = await trigger.deliver({ body: body(), headers: auth });
	const second = await trigger.deliver({ body: body(), headers: auth });
	expect(first.result.workflowData?.[0][0].json.notificationId).toBe('notif-1');
	expect(second.result.workflowData?.[0][0].json.notificationId).toBe('notif-1');
});

describe('options', () => {
	test('Output "Raw Body" emits the notification exactly as sent', async () => {
		await activate({ options: { output: 'raw' } });
		const sent = body();
		const { result } = await trigger.deliver({ body: sent, headers: auth });
		expect(result.workflowData?.[0][0].json).toEqual(sent);
	});

	test('Resolve Latest State adds the current order from the API', async () => {
		await activate({ options: { resolve: true } });
		const { result } = await trigger.deliver({
			body: body('ORDER_CREATE', 'ORD-1002'),
			headers: auth,
		});
		expect(result.workflowData?.[0][0].json.resolved).toMatchObject({
			order_reference: 'ORD-1002',
			order_status: 'ORDER_CONFIRMED',
		});
		const call = bed.emulator.requests.at(-1)!;
		expect(call.path).toBe('/v3.8/distributor/orders/ORD-1002');
		expect(call.query).toEqual({ cache: 'false' });
	});

	test('Resolve Latest State finds a payment by its ID', async () => {
		await activate({ options: { resolve: true } });
		const { result } = await trigger.deliver({
			body: body('PAYMENT_REFUND', 'PAY-ORD1001'),
			headers: auth,
		});
		expect(result.workflowData?.[0][0].json.resolved).toMatchObject({
			payment_id: 'PAY-ORD1001',
			payment_order_reference: 'ORD-1001',
		});
	});

	test('Resolve Latest State finds a payment by the order reference a PAYMENT_* event may carry', async () => {
		await activate({ options: { resolve: true } });
		bed.emulator.catalogue.payments.set('PAY-LATER', {
			payment_id: 'PAY-LATER',
			payment_order_reference: 'ORD-1003',
			payment_status: 'PAYMENT_REFUNDED',
			payment_created: '2099-01-01T00:00:00+01:00',
		});
		const { result } = await trigger.deliver({
			body: body('PAYMENT_REFUND', 'ORD-1003'),
			headers: auth,
		});
		// The order's latest payment: here the refund.
		expect(result.workflowData?.[0][0].json.resolved).toMatchObject({
			payment_id: 'PAY-LATER',
			payment_order_reference: 'ORD-1003',
		});
		expect(
			bed.emulator.requests
				.filter((r) => r.path.endsWith('/payments'))
				.map((r) => r.query.payment_id ?? r.query.order_reference),
		).toEqual(['ORD-1003', 'ORD-1003']);
	});

	test('Resolve Latest State never takes another payment when the API ignores the filter', async () => {
		await activate({ options: { resolve: true } });
		bed.emulator.quirks.ignoreFilters = ['payment_id', 'order_reference'];
		const { result } = await trigger.deliver({
			body: body('PAYMENT_REFUND', 'PAY-ORD1004'),
			headers: auth,
		});
		expect(result.workflowData?.[0][0].json.resolved).toMatchObject({ payment_id: 'PAY-ORD1004' });
		// Without the changed object: the emulator would otherwise make up an order PAY-NONE to put in it.
		const sent = notificationBody(
			bed.emulator.catalogue,
			'PAYMENT_REFUND',
			'PAY-NONE',
			'3.8.0',
			false,
		);
		const missing = await trigger.deliver({ body: sent, headers: auth });
		expect(missing.result.workflowData?.[0][0].json.resolveError).toBe(
			'No payment with ID PAY-NONE, and no payment of an order PAY-NONE, was found',
		);
	});

	test('Resolve Latest State loads the credential once', async () => {
		await activate({ options: { resolve: true } });
		bed.credentials.decryptions = 0;
		await trigger.deliver({ body: body('PAYMENT_REFUND', 'ORD-1002'), headers: auth });
		expect(bed.emulator.countRequests('GET', '/payments')).toBe(2);
		expect(bed.credentials.decryptions).toBe(1);
	});

	test('Resolve Latest State never waits to retry: a 503 with Retry-After is reported at once', async () => {
		await activate({ options: { resolve: true } });
		bed.emulator.faults.push({ status: 503, count: 5, path: '/orders', retryAfter: 30 });
		const { result } = await trigger.deliver({
			body: body('ORDER_CREATE', 'ORD-1002'),
			headers: auth,
		});
		expect(result.workflowData?.[0][0].json).toMatchObject({
			event: 'ORDER_CREATE',
			resolveError: 'The service is temporarily unavailable.',
		});
		expect(bed.emulator.countRequests('GET', '/orders')).toBe(1);
	});

	describe('within its time budget, whatever the API does', () => {
		// The node's budget is 2 s; a shorter one here keeps the test quick and proves it is what counts.
		const budgetMs = 100; // no test waits longer than 0.1 s for time to pass
		beforeAll(() => {
			resolveTiming.budgetMs = budgetMs;
		});
		afterAll(() => {
			resolveTiming.budgetMs = RESOLVE_BUDGET_MS;
		});

		test.each<[string, Fault]>([
			['a stalling order read', { status: 200, count: 1, path: '/orders', latencyMs: 60_000 }],
			['a slow token call', { status: 200, count: 1, path: '/oauth2/token', latencyMs: 60_000 }],
			['a 429 with Retry-After: 10', { status: 429, count: 5, path: '/orders', retryAfter: 10 }],
			['a 503 with Retry-After: 10', { status: 503, count: 5, path: '/orders', retryAfter: 10 }],
		])(
			'%s: the event is emitted once, with resolveError, within the budget',
			async (_name, fault) => {
				await activate({ options: { resolve: true } });
				bed.resetCredential(); // no token yet: the lookup starts with the token call
				bed.emulator.faults.push(fault);
				const started = Date.now();
				const { result } = await trigger.deliver({
					body: body('ORDER_CREATE', 'ORD-1002'),
					headers: auth,
				});
				const elapsed = Date.now() - started;
				expect(result.workflowData).toHaveLength(1);
				expect(result.workflowData![0]).toHaveLength(1);
				expect(result.workflowData![0][0].json).toMatchObject({
					event: 'ORDER_CREATE',
					itemId: 'ORD-1002',
					resolveError: expect.any(String),
				});
				expect(result.workflowData![0][0].json.resolved).toBeUndefined();
				expect(elapsed).toBeLessThan(budgetMs + 200);
				if (fault.latencyMs !== undefined)
					expect(result.workflowData![0][0].json.resolveError).toBe(
						`Prioticket did not answer within ${budgetMs / 1000} s; the event was emitted without the latest state`,
					);
			},
		);
	});

	test('the budget is counted from the start of the handler, not from the lookup', async () => {
		// A credential that never loads: only the deadline ends the lookup, 50 ms after it began.
		const stalled = { getCredentials: async () => await new Promise(() => {}) };
		const started = Date.now();
		const resolved = await resolveItem(
			stalled as never,
			'ORDER_CREATE',
			'ORD-1002',
			300,
			started - 250,
		);
		expect(Date.now() - started).toBeLessThan(200);
		expect(resolved).toEqual({ resolveError: expect.stringContaining('within 0.3 s') });
	});

	test('a failure to resolve still emits the event, with resolveError', async () => {
		await activate({ options: { resolve: true } });
		const sent = notificationBody(
			bed.emulator.catalogue,
			'ORDER_CREATE',
			'ORD-UNKNOWN',
			'3.8.0',
			false,
		);
		const { result } = await trigger.deliver({ body: sent, headers: auth });
		expect(result.workflowData?.[0][0].json).toMatchObject({
			event: 'ORDER_CREATE',
			itemId: 'ORD-UNKNOWN',
			resolveError: 'Order ORD-UNKNOWN does not exist.',
		});
	});
});
