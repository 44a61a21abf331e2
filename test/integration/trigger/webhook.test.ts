// Deliveries to the trigger's URL, through n8n's real WebhookContext: every branch of webhook().
import { notificationBody } from '../../emulator/data';
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
		const { result } = await trigger.deliver({ body: { data: JSON.stringify(body()) }, headers: auth });
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
		['the secret under another scheme', () => ({ authorization: `Bearer ${String(trigger.staticData().secret)}` })],
	])('%s → 401, and the secret is not echoed', async (_name, headers) => {
		const { result, response } = await trigger.deliver({ body: body(), headers: typeof headers === 'function' ? headers() : headers });
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
		const { result, response } = await trigger.deliver({ body: body('PRODUCT_UPDATE', '1001'), headers: auth });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(200);
		expect(response.body).toEqual({ message: 'Ignored: this trigger does not listen to PRODUCT_UPDATE' });
	});

	test('a trigger that holds no secret (never registered) accepts nothing', async () => {
		const unregistered = bed.trigger({ events: ['ORDER_CREATE'] }, { webhookId: 'other' });
		const { response } = await unregistered.deliver({ body: body(), headers: { authorization: 'Basic ' } });
		expect(response.statusCode).toBe(401);
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
		const { result } = await trigger.deliver({ body: body('ORDER_CREATE', 'ORD-1002'), headers: auth });
		expect(result.workflowData?.[0][0].json.resolved).toMatchObject({ order_reference: 'ORD-1002', order_status: 'ORDER_CONFIRMED' });
		const call = bed.emulator.requests.at(-1)!;
		expect(call.path).toBe('/v3.8/distributor/orders/ORD-1002');
		expect(call.query).toEqual({ cache: 'false' });
	});

	test('Resolve Latest State finds a payment by its ID', async () => {
		await activate({ options: { resolve: true } });
		const { result } = await trigger.deliver({ body: body('PAYMENT_REFUND', 'PAY-ORD1001'), headers: auth });
		expect(result.workflowData?.[0][0].json.resolved).toMatchObject({ payment_id: 'PAY-ORD1001', payment_order_reference: 'ORD-1001' });
	});

	test('a failure to resolve still emits the event, with resolveError', async () => {
		await activate({ options: { resolve: true } });
		const sent = notificationBody(bed.emulator.catalogue, 'ORDER_CREATE', 'ORD-UNKNOWN', '3.8.0', false);
		const { result } = await trigger.deliver({ body: sent, headers: auth });
		expect(result.workflowData?.[0][0].json).toMatchObject({
			event: 'ORDER_CREATE',
			itemId: 'ORD-UNKNOWN',
			resolveError: 'Order ORD-UNKNOWN does not exist.',
		});
	});
});
