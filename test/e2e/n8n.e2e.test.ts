/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling: runs under Node, never inside n8n */
// The packed package inside a real n8n (installed the community-node way), against the emulator:
// the trigger's whole lifecycle and every action, through n8n's own server, REST and webhook code.
import axios from 'axios';

import { Emulator } from '../emulator/emulator';
import { N8n, waitFor } from '../harness/n8n';
import { actionWorkflow, emulatorCredential, triggerWorkflow } from './fixtures';

const emulator = new Emulator({ deliveryRetryMs: 200 });
// Debug logging, so that "no secret in the log" covers everything n8n can write.
const n8n = new N8n({ env: { N8N_LOG_LEVEL: 'debug' }, log: (line) => process.stdout.write(`[e2e] ${line}\n`) });
let credential: { id: string; name: string };

beforeAll(async () => {
	await emulator.start();
	await n8n.start();
	credential = await emulatorCredential(n8n, emulator);
}, 900_000);

afterAll(async () => {
	await n8n.stop();
	await emulator.stop();
});

const webhooksFor = (url: string) => [...emulator.webhooks.values()].filter((w) => w.webhook_url === url);
const successful = async (workflowId: string) =>
	(await n8n.executions(workflowId)).filter((e) => e.status === 'success').length;

describe('Prioticket Trigger in n8n', () => {
	const events = ['ORDER_CANCEL', 'ORDER_CREATE'];
	let workflowId: string;
	let url: string;
	let secret: string;

	beforeAll(async () => {
		const { workflow, webhookId } = triggerWorkflow(credential, { events });
		workflowId = await n8n.createWorkflow(workflow);
		url = `${n8n.url}/webhook/${webhookId}/webhook`;
	});

	test('activation registers exactly one webhook with the selected events and a secret', async () => {
		await n8n.activate(workflowId);
		const [webhook] = await waitFor('the webhook registration', () => webhooksFor(url).length === 1 && webhooksFor(url));
		expect(webhook.webhook_events).toEqual(events);
		expect(Buffer.from(webhook.webhook_auth!, 'base64url').length).toBe(32);
		secret = webhook.webhook_auth!;
	});

	test('an event from Prioticket starts one execution carrying the event fields', async () => {
		const { notificationId } = emulator.notify('ORDER_CREATE', 'ORD-1001');
		await emulator.deliverer.settled();
		expect(emulator.deliverer.log.filter((d) => d.notificationId === notificationId).map((d) => d.status)).toEqual([200]);
		await waitFor('one successful execution', async () => (await successful(workflowId)) === 1);
		const [execution] = await n8n.executions(workflowId, true);
		const output = execution.data!.resultData.runData['Prioticket Trigger'][0].data.main[0][0].json;
		expect(output).toMatchObject({ event: 'ORDER_CREATE', notificationId, itemId: 'ORD-1001', accountId: 'ACC-4711' });
		expect(output.payload).toMatchObject({ order: { order_reference: 'ORD-1001' } });
	});

	test('a wrong secret, a malformed body and an unselected event start no execution', async () => {
		const post = (body: unknown, headers: Record<string, string>) =>
			axios.post(url, body, { headers, validateStatus: () => true, transformRequest: (data) => data });
		const json = { 'Content-Type': 'application/json' };
		const wrong = await post('{"data":{"notification":{"notification_event":"ORDER_CREATE"}}}', { ...json, Authorization: 'Basic nope' });
		const missing = await post('{"data":{"notification":{"notification_event":"ORDER_CREATE"}}}', json);
		const malformed = await post('{"data": {', { ...json, Authorization: `Basic ${secret}` });
		const notNotification = await post('{"hello":"world"}', { ...json, Authorization: `Basic ${secret}` });
		const unselected = await post(
			JSON.stringify({ data: { notification: { notification_id: 'x', notification_event: 'PRODUCT_UPDATE' } } }),
			{ ...json, Authorization: `Basic ${secret}` },
		);
		expect([wrong.status, missing.status, malformed.status, notNotification.status, unselected.status]).toEqual([401, 401, 422, 400, 200]);
		for (const response of [wrong, missing, notNotification]) expect(JSON.stringify(response.data)).not.toContain(secret);
		// A delivery that does count, sent after the others, proves they were all processed.
		emulator.notify('ORDER_CANCEL', 'ORD-1002');
		await emulator.deliverer.settled();
		await waitFor('the second execution', async () => (await successful(workflowId)) === 2);
		expect((await n8n.executions(workflowId)).length).toBe(2);
	});

	test('deactivation removes the webhook', async () => {
		await n8n.deactivate(workflowId);
		await waitFor('the webhook removal', () => webhooksFor(url).length === 0);
	});

	test('a webhook deleted remotely while active is replaced on re-activation: exactly one', async () => {
		await n8n.activate(workflowId);
		await waitFor('the webhook registration', () => webhooksFor(url).length === 1);
		emulator.webhooks.clear();
		await n8n.deactivate(workflowId);
		await n8n.activate(workflowId);
		const [webhook] = await waitFor('the new registration', () => webhooksFor(url).length === 1 && webhooksFor(url));
		expect(webhook.webhook_events).toEqual(events);
		await n8n.deactivate(workflowId);
		await waitFor('the webhook removal', () => webhooksFor(url).length === 0);
	});

	test('no secret appears in n8n\'s log', () => {
		const log = n8n.logText();
		expect(log).toContain('Prioticket Trigger'); // the log is there, and mentions our node
		expect(log).not.toContain(secret);
	});
});

describe('Prioticket action node in n8n', () => {
	const run = async (path: string, parameters: Record<string, unknown>, body: Record<string, unknown> = {}) => {
		const id = await n8n.createWorkflow(actionWorkflow(credential, path, parameters));
		await n8n.activate(id);
		const response = await waitFor(`the /webhook/${path} route`, async () => {
			const answer = await axios.post(`${n8n.url}/webhook/${path}`, body, { validateStatus: () => true });
			return answer.status !== 404 && answer;
		});
		await n8n.deactivate(id);
		return response.data as Array<Record<string, unknown>>;
	};

	beforeAll(() => emulator.reset());

	test('every operation runs, with one token refresh across all executions', async () => {
		const [created] = await run('create', {
			resource: 'webhook',
			operation: 'create',
			url: '={{ $json.body.url }}',
			events: ['ORDER_CREATE'],
			additionalFields: { webhookAuth: 'e2e' },
		}, { url: 'https://example.com/e2e' });
		expect(created).toMatchObject({ webhook_url: 'https://example.com/e2e', webhook_events: ['ORDER_CREATE'] });
		const webhookId = created.webhook_id as string;

		const [got] = await run('get', { resource: 'webhook', operation: 'get', webhookId: '={{ $json.body.id }}' }, { id: webhookId });
		expect(got.webhook_id).toBe(webhookId);

		const sample = await run('sample', { resource: 'notification', operation: 'trigger', event: 'ORDER_CREATE', itemId: 'ORD-1003' });
		expect(sample).toEqual([{ triggered: true, event: 'ORDER_CREATE', itemId: 'ORD-1003' }]);

		const [deleted] = await run('delete', { resource: 'webhook', operation: 'delete', webhookId: '={{ $json.body.id }}' }, { id: webhookId });
		expect(deleted).toEqual({ deleted: true, webhookId });

		const [missing] = await run('delete-missing', { resource: 'webhook', operation: 'delete', webhookId: 'gone-123' });
		expect(missing.error).toBe('Webhook gone-123 does not exist.');

		await emulator.deliverer.settled();
		const listsBefore = emulator.countRequests('GET', '/webhooks');
		for (let n = 0; n < 450; n++) {
			emulator['createWebhook']({ data: { webhook: { webhook_events: ['ORDER_CREATE'], webhook_url: `https://example.com/${n}` } } }, 'v3.8');
		}
		const all = await run('list', { resource: 'webhook', operation: 'getAll', returnAll: true });
		expect(all).toHaveLength(450);
		expect(emulator.countRequests('GET', '/webhooks') - listsBefore).toBe(3);
		// The reset above made the API forget the token n8n had stored: n8n refreshed it once, on the
		// first 401, stored the new one with the credential, and every later execution reused it.
		expect(emulator.countRequests('POST', '/oauth2/token')).toBe(1);
		expect(emulator.requests.filter((r) => r.status === 401)).toHaveLength(1);
	});
});

describe('Prioticket read operations in n8n', () => {
	const run = async (path: string, parameters: Record<string, unknown>, binaryField?: string) => {
		const binary = binaryField !== undefined;
		const id = await n8n.createWorkflow(actionWorkflow(credential, path, parameters, binaryField));
		await n8n.activate(id);
		const response = await waitFor(`the /webhook/${path} route`, async () => {
			const answer = await axios.post(`${n8n.url}/webhook/${path}`, {}, { validateStatus: () => true, responseType: binary ? 'arraybuffer' : 'json' });
			return answer.status !== 404 && answer;
		});
		await n8n.deactivate(id);
		return response;
	};
	const json = async (path: string, parameters: Record<string, unknown>) => (await run(path, parameters)).data as Array<Record<string, unknown>>;
	const order = (value: string) => ({ __rl: true, mode: 'id', value });

	beforeAll(() => emulator.reset());

	test('Order Get, Get Many (dates from an expression), Get Voucher with the PDF as binary', async () => {
		const [got] = await json('order-get', { resource: 'order', operation: 'get', order: order('ORD-1001'), simple: true });
		expect(got).toMatchObject({ order_reference: 'ORD-1001', contact_email: 'alex@example.com', bookings: [expect.objectContaining({ product_id: '1001' })] });

		emulator.catalogue.cancelOrder('ORD-1002');
		const changed = await json('order-list', {
			resource: 'order',
			operation: 'getAll',
			returnAll: true,
			simple: true,
			filters: { modifiedSince: '={{ $now.minus({ minutes: 10 }) }}', status: ['ORDER_CANCELLED'] },
		});
		expect(changed.map((o) => o.order_reference)).toEqual(['ORD-1002']);
		expect(emulator.requests.at(-1)!.query.order_modified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);

		const [missing] = await json('order-missing', { resource: 'order', operation: 'get', order: order('ORD-NOPE') });
		expect(missing.error).toBe('Order ORD-NOPE does not exist.');

		const [voucher] = await json('voucher-url', { resource: 'order', operation: 'getVoucher', order: order('ORD-1003') });
		expect(String(voucher.url)).toMatch(/\/downloads\/vouchers\/\w+\.pdf$/);

		const pdf = await run('voucher-pdf', { resource: 'order', operation: 'getVoucher', order: order('ORD-1003'), download: true, binaryPropertyName: 'voucher' }, 'voucher');
		expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
		let text = Buffer.from(pdf.data as ArrayBuffer).toString('latin1');
		// n8n 1.x's Webhook node answers the file as a JSON-serialised Buffer; 2.x sends the bytes.
		if (text.startsWith('{"type":"Buffer"')) text = Buffer.from((JSON.parse(text) as { data: number[] }).data).toString('latin1');
		expect(text.startsWith('%PDF-1.4')).toBe(true);
		expect(text).toContain('(Order ORD-1003) Tj');
	});

	test('Product Get and Get Many, Payment Get Many', async () => {
		const [product] = await json('product-get', { resource: 'product', operation: 'get', product: { __rl: true, mode: 'id', value: '1002' }, simple: true });
		expect(product).toMatchObject({ product_id: '1002', product_title: 'Museum Pass' });
		const products = await json('product-list', { resource: 'product', operation: 'getAll', returnAll: true, simple: false });
		expect(products.map((p) => p.product_id).sort()).toEqual(['1001', '1002', '1003']);
		const payments = await json('payment-list', { resource: 'payment', operation: 'getAll', returnAll: true, filters: { orderReference: 'ORD-1004' } });
		expect(payments).toEqual([expect.objectContaining({ payment_id: 'PAY-ORD1004', payment_order_reference: 'ORD-1004' })]);
	});
});
