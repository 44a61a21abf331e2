/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling: runs under Node, never inside n8n */
// The packed package inside a real n8n (installed the community-node way), against the emulator:
// the trigger's whole lifecycle, Listen for test event, every action, and that no secret reaches
// saved executions or n8n's debug log, through n8n's own server, REST and webhook code.
import axios from 'axios';
import { randomUUID } from 'crypto';

import { Emulator } from '../emulator/emulator';
import { DEFAULT_N8N_VERSION, N8n, waitFor } from '../harness/n8n';
import {
	actionWorkflow,
	emulatorCredentialData,
	executeWorkflow,
	finishedExecution,
	outputOf,
	startWithCredential,
	stopAll,
	triggerWorkflow,
	type CredentialRef,
} from './fixtures';

const emulator = new Emulator({ deliveryRetryMs: 200, bookable: false });
// Debug logging, so that "no secret in the log" covers everything n8n can write.
const n8n = new N8n({
	env: { N8N_LOG_LEVEL: 'debug' },
	log: (line) => process.stdout.write(`[e2e] ${line}\n`),
});
let credential: CredentialRef;

beforeAll(async () => {
	credential = await startWithCredential(emulator, n8n);
}, 900_000);
afterAll(() => stopAll(emulator, n8n));

const webhooksFor = (url: string) =>
	[...emulator.webhooks.values()].filter((w) => w.webhook_url === url);
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
		const [webhook] = await waitFor(
			'the webhook registration',
			() => webhooksFor(url).length === 1 && webhooksFor(url),
		);
		expect(webhook.webhook_events).toEqual(events);
		expect(Buffer.from(webhook.webhook_auth!, 'base64url').length).toBe(32);
		secret = webhook.webhook_auth!;
	});

	test('an event from Prioticket starts one execution carrying the event fields', async () => {
		const { notificationId } = emulator.notify('ORDER_CREATE', 'ORD-1001');
		await emulator.deliverer.settled();
		expect(
			emulator.deliverer.log
				.filter((d) => d.notificationId === notificationId)
				.map((d) => d.status),
		).toEqual([200]);
		await waitFor('one successful execution', async () => (await successful(workflowId)) === 1);
		const [execution] = await n8n.executions(workflowId, true);
		const [output] = outputOf(execution);
		expect(output).toMatchObject({
			event: 'ORDER_CREATE',
			notificationId,
			itemId: 'ORD-1001',
			accountId: 'ACC-4711',
		});
		expect(output.payload).toMatchObject({ order: { order_reference: 'ORD-1001' } });
	});

	test('a wrong secret, a malformed body and an unselected event start no execution', async () => {
		const post = (body: unknown, headers: Record<string, string>) =>
			axios.post(url, body, {
				headers,
				validateStatus: () => true,
				transformRequest: (data) => data,
			});
		const json = { 'Content-Type': 'application/json' };
		const wrong = await post('{"data":{"notification":{"notification_event":"ORDER_CREATE"}}}', {
			...json,
			Authorization: 'Basic nope',
		});
		const missing = await post(
			'{"data":{"notification":{"notification_event":"ORDER_CREATE"}}}',
			json,
		);
		const malformed = await post('{"data": {', { ...json, Authorization: `Basic ${secret}` });
		const notNotification = await post('{"hello":"world"}', {
			...json,
			Authorization: `Basic ${secret}`,
		});
		const unselected = await post(
			JSON.stringify({
				data: { notification: { notification_id: 'x', notification_event: 'PRODUCT_UPDATE' } },
			}),
			{ ...json, Authorization: `Basic ${secret}` },
		);
		expect([
			wrong.status,
			missing.status,
			malformed.status,
			notNotification.status,
			unselected.status,
		]).toEqual([401, 401, 422, 400, 200]);
		for (const response of [wrong, missing, notNotification])
			expect(JSON.stringify(response.data)).not.toContain(secret);
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
		const [webhook] = await waitFor(
			'the new registration',
			() => webhooksFor(url).length === 1 && webhooksFor(url),
		);
		expect(webhook.webhook_events).toEqual(events);
		await n8n.deactivate(workflowId);
		await waitFor('the webhook removal', () => webhooksFor(url).length === 0);
	});

	test("no secret appears in n8n's log", () => {
		const log = n8n.logText();
		expect(log).toContain('Prioticket Trigger'); // the log is there, and mentions our node
		expect(log).not.toContain(secret);
	});
});

describe('Prioticket action node in n8n', () => {
	const run = async (
		path: string,
		parameters: Record<string, unknown>,
		body: Record<string, unknown> = {},
	) => {
		const id = await n8n.createWorkflow(actionWorkflow(credential, path, parameters));
		await n8n.activate(id);
		const response = await waitFor(`the /webhook/${path} route`, async () => {
			const answer = await axios.post(`${n8n.url}/webhook/${path}`, body, {
				validateStatus: () => true,
			});
			return answer.status !== 404 && answer;
		});
		await n8n.deactivate(id);
		return response.data as Array<Record<string, unknown>>;
	};

	beforeAll(() => emulator.reset());

	test('every operation runs, with one token refresh across all executions', async () => {
		const [created] = await run(
			'create',
			{
				resource: 'webhook',
				operation: 'create',
				url: '={{ $json.body.url }}',
				events: ['ORDER_CREATE'],
				additionalFields: { webhookAuth: 'e2e' },
			},
			{ url: 'https://example.com/e2e' },
		);
		expect(created).toMatchObject({
			webhook_url: 'https://example.com/e2e',
			webhook_events: ['ORDER_CREATE'],
		});
		const webhookId = created.webhook_id as string;

		const [got] = await run(
			'get',
			{ resource: 'webhook', operation: 'get', webhookId: '={{ $json.body.id }}' },
			{ id: webhookId },
		);
		expect(got.webhook_id).toBe(webhookId);

		const sample = await run('sample', {
			resource: 'notification',
			operation: 'trigger',
			event: 'ORDER_CREATE',
			itemId: 'ORD-1003',
		});
		expect(sample).toEqual([{ triggered: true, event: 'ORDER_CREATE', itemId: 'ORD-1003' }]);

		const [deleted] = await run(
			'delete',
			{ resource: 'webhook', operation: 'delete', webhookId: '={{ $json.body.id }}' },
			{ id: webhookId },
		);
		expect(deleted).toEqual({ deleted: true, webhookId });

		const [missing] = await run('delete-missing', {
			resource: 'webhook',
			operation: 'delete',
			webhookId: 'gone-123',
		});
		expect(missing.error).toBe('Webhook gone-123 does not exist.');

		await emulator.deliverer.settled();
		const listsBefore = emulator.countRequests('GET', '/webhooks');
		for (let n = 0; n < 450; n++) {
			emulator['createWebhook'](
				{
					data: {
						webhook: { webhook_events: ['ORDER_CREATE'], webhook_url: `https://example.com/${n}` },
					},
				},
				'v3.8',
			);
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
			const answer = await axios.post(
				`${n8n.url}/webhook/${path}`,
				{},
				{ validateStatus: () => true, responseType: binary ? 'arraybuffer' : 'json' },
			);
			return answer.status !== 404 && answer;
		});
		await n8n.deactivate(id);
		return response;
	};
	const json = async (path: string, parameters: Record<string, unknown>) =>
		(await run(path, parameters)).data as Array<Record<string, unknown>>;
	const order = (value: string) => ({ __rl: true, mode: 'id', value });

	beforeAll(() => emulator.reset());

	test('Order Get, Get Many (dates from an expression), Get Voucher with the PDF as binary', async () => {
		const [got] = await json('order-get', {
			resource: 'order',
			operation: 'get',
			order: order('ORD-1001'),
			simple: true,
		});
		expect(got).toMatchObject({
			order_reference: 'ORD-1001',
			contact_email: 'alex@example.com',
			bookings: [expect.objectContaining({ product_id: '1001' })],
		});

		emulator.catalogue.cancelOrder('ORD-1002');
		const changed = await json('order-list', {
			resource: 'order',
			operation: 'getAll',
			returnAll: true,
			simple: true,
			filters: { modifiedSince: '={{ $now.minus({ minutes: 10 }) }}', status: ['ORDER_CANCELLED'] },
		});
		expect(changed.map((o) => o.order_reference)).toEqual(['ORD-1002']);
		expect(emulator.requests.at(-1)!.query.order_modified).toMatch(
			/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/,
		);

		const [missing] = await json('order-missing', {
			resource: 'order',
			operation: 'get',
			order: order('ORD-NOPE'),
		});
		expect(missing.error).toBe('Order ORD-NOPE does not exist.');

		const [voucher] = await json('voucher-url', {
			resource: 'order',
			operation: 'getVoucher',
			order: order('ORD-1003'),
		});
		expect(String(voucher.url)).toMatch(/\/downloads\/vouchers\/\w+\.pdf$/);

		const pdf = await run(
			'voucher-pdf',
			{
				resource: 'order',
				operation: 'getVoucher',
				order: order('ORD-1003'),
				download: true,
				binaryPropertyName: 'voucher',
			},
			'voucher',
		);
		expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
		let text = Buffer.from(pdf.data as ArrayBuffer).toString('latin1');
		// n8n 1.x's Webhook node answers the file as a JSON-serialised Buffer; 2.x sends the bytes.
		if (text.startsWith('{"type":"Buffer"'))
			text = Buffer.from((JSON.parse(text) as { data: number[] }).data).toString('latin1');
		expect(text.startsWith('%PDF-1.4')).toBe(true);
		expect(text).toContain('(Order ORD-1003) Tj');
	});

	test('Product Get and Get Many, Payment Get Many', async () => {
		const [product] = await json('product-get', {
			resource: 'product',
			operation: 'get',
			product: { __rl: true, mode: 'id', value: '1002' },
			simple: true,
		});
		expect(product).toMatchObject({ product_id: '1002', product_title: 'Museum Pass' });
		const products = await json('product-list', {
			resource: 'product',
			operation: 'getAll',
			returnAll: true,
			simple: false,
		});
		expect(products.map((p) => p.product_id).sort()).toEqual(['1001', '1002', '1003']);
		const payments = await json('payment-list', {
			resource: 'payment',
			operation: 'getAll',
			returnAll: true,
			filters: { orderReference: 'ORD-1004' },
		});
		expect(payments).toEqual([
			expect.objectContaining({ payment_id: 'PAY-ORD1004', payment_order_reference: 'ORD-1004' }),
		]);
	});
});

// Both drive n8n 2.x's editor REST API (manual runs, test webhooks); not tried on 1.x.
const on2x = DEFAULT_N8N_VERSION.startsWith('2.') ? describe : describe.skip;

on2x('Listen for test event in n8n', () => {
	test('registers the test URL beside the active registration, and removes only it', async () => {
		emulator.reset();
		const { workflow, webhookId } = triggerWorkflow(
			credential,
			{ events: ['ORDER_CREATE'] },
			'Prioticket listen for test event',
		);
		const id = await n8n.createWorkflow(workflow);
		await n8n.activate(id);
		const productionUrl = `${n8n.url}/webhook/${webhookId}/webhook`;
		const testUrl = `${n8n.url}/webhook-test/${webhookId}/webhook`;
		const [production] = await waitFor(
			'the production registration',
			() => webhooksFor(productionUrl).length === 1 && webhooksFor(productionUrl),
		);
		const untouched = () => expect(webhooksFor(productionUrl)).toEqual([production]);
		// What the editor's "Listen for test event" sends.
		const listen = async () => {
			expect(await executeWorkflow(n8n, id)).toEqual({ waitingForWebhook: true });
			return await waitFor(
				'the test registration',
				() => webhooksFor(testUrl).length === 1 && webhooksFor(testUrl),
			);
		};

		const [test] = await listen();
		untouched();
		expect(test.webhook_auth).not.toBe(production.webhook_auth);
		// One event reaches both registrations; n8n runs the test listener once and then removes it.
		const { notificationId } = emulator.notify('ORDER_CREATE', 'ORD-LISTEN');
		await emulator.deliverer.settled();
		const deliveries = emulator.deliverer.log.filter((d) => d.notificationId === notificationId);
		expect(deliveries.map((d) => [d.url, d.status]).sort()).toEqual(
			[
				[productionUrl, 200],
				[testUrl, 200],
			].sort(),
		);
		await waitFor("the test registration's removal", () => webhooksFor(testUrl).length === 0);
		untouched();
		const modes = await waitFor('a manual and a webhook execution', async () => {
			const executions = await n8n.executions(id);
			return (
				executions.length === 2 &&
				executions.every((e) => e.status === 'success') &&
				executions.map((e) => e.mode).sort()
			);
		});
		expect(modes).toEqual(['manual', 'webhook']);

		// Listening again, then stopping (the editor's "Stop listening"): again only the test URL goes.
		await listen();
		untouched();
		const stop = await n8n.rest().delete(`/test-webhook/${id}`);
		expect(stop.status).toBe(200);
		await waitFor(
			"the test registration's removal after stopping",
			() => webhooksFor(testUrl).length === 0,
		);
		untouched();

		await n8n.deactivate(id);
		await waitFor('the webhook removal', () => emulator.webhooks.size === 0);
	});
});

describe("the editor's test of the trigger in polling mode", () => {
	const staticData = async (id: string) =>
		(await n8n.api().get(`/workflows/${id}`)).data?.staticData as
			| Record<string, unknown>
			| undefined;

	test('runs the poll once as a manual execution: the latest order change, nothing registered, the active cursor untouched', async () => {
		emulator.reset();
		// A poll time that does not come during the test (1 January): only the activation polls.
		const parameters = {
			receiveBy: 'polling',
			events: ['ORDER_CREATE', 'ORDER_UPDATE'],
			pollTimes: { item: [{ mode: 'custom', cronExpression: '0 0 1 1 *' }] },
		};
		const { workflow, webhookId } = triggerWorkflow(
			credential,
			parameters,
			'Prioticket polling test',
		);
		const id = await n8n.createWorkflow(workflow);
		await n8n.activate(id);
		const cursor = await waitFor("the activation's cursor", async () => {
			const data = await staticData(id);
			return JSON.stringify(data ?? {}).includes('floor') && data;
		});
		emulator.change({ kind: 'order', action: 'update', id: 'ORD-1002' });
		const before = emulator.requests.length;

		const { executionId } = await executeWorkflow(n8n, id);
		expect(executionId).toEqual(expect.any(String));
		const execution = await finishedExecution(n8n, id, executionId);
		expect([execution.mode, execution.status]).toEqual(['manual', 'success']);
		const items = outputOf(execution);
		expect(items).toEqual([
			expect.objectContaining({
				event: 'ORDER_UPDATE',
				itemId: 'ORD-1002',
				notificationId: expect.stringMatching(/^ORDER_UPDATE:ORD-1002@/),
			}),
		]);
		expect(items[0]).toMatchObject({ payload: { order: { order_reference: 'ORD-1002' } } });
		// One read (answered; a token that emulator.reset() revoked is refused first), no registration.
		const calls = emulator.requests
			.slice(before)
			.filter((r) => r.status !== 401 && /\/(orders|products|webhooks)/.test(r.path));
		expect(
			calls.map(
				(r) => `${r.method} ${r.path.replace('/v3.8/distributor', '')} ${r.query.order_sort_by}`,
			),
		).toEqual(['GET /orders ORDER_MODIFIED']);
		expect(webhooksFor(`${n8n.url}/webhook-test/${webhookId}/webhook`)).toHaveLength(0);
		expect(emulator.webhooks.size).toBe(0);
		expect(await staticData(id)).toEqual(cursor);
		// No webhook: nothing for n8n to complain about, at activation or in the test.
		expect(n8n.logText()).not.toMatch(/httpMethod is not defined|No webhook path could be found/);
		await n8n.deactivate(id);
	});

	test('no webhook means no webhook method at deactivation: the next activation reports what changed while off', async () => {
		emulator.reset();
		const parameters = {
			receiveBy: 'polling',
			events: ['ORDER_UPDATE'],
			pollTimes: { item: [{ mode: 'custom', cronExpression: '0 0 1 1 *' }] },
		};
		const { workflow } = triggerWorkflow(credential, parameters, 'Prioticket polling reactivation');
		const id = await n8n.createWorkflow(workflow);
		await n8n.activate(id);
		await waitFor("the activation's cursor", async () =>
			JSON.stringify((await staticData(id)) ?? {}).includes('floor'),
		);
		await n8n.deactivate(id);
		await new Promise((resolve) => setTimeout(resolve, 1100)); // a later second than the cursor
		emulator.change({ kind: 'order', action: 'update', id: 'ORD-1004' });
		await n8n.activate(id);
		const executions = await waitFor("the activation's poll", async () => {
			const all = (await n8n.executions(id, true)).filter((e) => e.status === 'success');
			return all.length === 1 && all;
		});
		expect(executions[0].mode).toBe('trigger');
		expect(outputOf(executions[0]).map((item) => [item.event, item.itemId])).toEqual([
			['ORDER_UPDATE', 'ORD-1004'],
		]);
		await n8n.deactivate(id);
	});

	test('with nothing to show, the execution fails with an error that says what to do', async () => {
		emulator.reset(); // the seeded orders are all confirmed: none is cancelled
		const { workflow } = triggerWorkflow(
			credential,
			{ receiveBy: 'polling', events: ['ORDER_CANCEL'] },
			'Prioticket polling test, nothing',
		);
		const id = await n8n.createWorkflow(workflow);
		const { executionId } = await executeWorkflow(n8n, id);
		expect(executionId).toEqual(expect.any(String));
		const execution = await waitFor('the failed manual execution', async () => {
			const { data } = await n8n
				.api()
				.get(`/executions/${executionId}`, { params: { includeData: true } });
			return data?.status === 'error' && data;
		});
		expect(JSON.stringify(execution.data.resultData.error)).toContain(
			'No recent change of the selected events',
		);
		expect(emulator.webhooks.size).toBe(0);
	});
});

on2x("no secret in saved executions or in n8n's debug log", () => {
	// Random, so that finding one can only mean it leaked.
	const apiKey = `key-${randomUUID()}`;
	const refusedSecret = `refused-${randomUUID()}`;

	/** Every execution n8n saved, with its data, as one string. */
	const savedExecutions = async () => {
		const all: unknown[] = [];
		let cursor: string | undefined;
		do {
			const response = await n8n.api().get('/executions', {
				params: { includeData: true, limit: 250, ...(cursor ? { cursor } : {}) },
			});
			expect(response.status).toBe(200);
			all.push(...response.data.data);
			cursor = response.data.nextCursor ?? undefined;
		} while (cursor);
		return { count: all.length, text: JSON.stringify(all) };
	};

	/** Webhook → one Prioticket action that fails the workflow on error, so n8n saves the error itself. */
	const failing = async (
		path: string,
		credentialRef: CredentialRef,
		parameters: Record<string, unknown>,
	) => {
		const workflow = actionWorkflow(credentialRef, path, parameters);
		delete (workflow.nodes[1] as { onError?: string }).onError;
		workflow.settings = { saveDataErrorExecution: 'all', saveDataSuccessExecution: 'all' } as never;
		const id = await n8n.createWorkflow(workflow);
		await n8n.activate(id);
		await waitFor(
			`the /webhook/${path} route`,
			async () =>
				(await axios.post(`${n8n.url}/webhook/${path}`, {}, { validateStatus: () => true }))
					.status !== 404,
		);
		await waitFor(
			`the failed execution of ${path}`,
			async () => (await n8n.executions(id)).some((e) => e.status === 'error'),
			60_000,
		);
		await n8n.deactivate(id);
	};

	test('client secret, access tokens, API key and webhook secrets: in none of them, errors included', async () => {
		emulator.reset();
		const keyed = {
			id: await n8n.createCredential('Prioticket with API key', 'prioticketApi', {
				...emulatorCredentialData(emulator),
				apiKey,
			}),
			name: 'Prioticket with API key',
		};
		const refused = {
			id: await n8n.createCredential('Prioticket refused', 'prioticketApi', {
				...emulatorCredentialData(emulator),
				clientSecret: refusedSecret,
			}),
			name: 'Prioticket refused',
		};
		// A webhook secret: a trigger registered and sent one event.
		const { workflow, webhookId } = triggerWorkflow(
			keyed,
			{ events: ['ORDER_CREATE'] },
			'Prioticket secrets',
		);
		const triggerId = await n8n.createWorkflow(workflow);
		await n8n.activate(triggerId);
		const hookUrl = `${n8n.url}/webhook/${webhookId}/webhook`;
		const [registration] = await waitFor(
			'the registration',
			() => webhooksFor(hookUrl).length === 1 && webhooksFor(hookUrl),
		);
		emulator.notify('ORDER_CREATE', 'ORD-SECRET');
		await emulator.deliverer.settled();
		await waitFor(
			"the trigger's execution",
			async () => (await n8n.executions(triggerId)).length === 1,
		);

		// Errors: a 404, a 500 on create, a refused token request.
		await failing('secret-404', keyed, {
			resource: 'webhook',
			operation: 'delete',
			webhookId: 'gone-404',
		});
		emulator.faults.push({ status: 500, count: 1, method: 'POST', path: '/webhooks' });
		await failing('secret-500', keyed, {
			resource: 'webhook',
			operation: 'create',
			url: 'https://example.com/x',
			events: ['ORDER_CREATE'],
		});
		await failing('secret-token', refused, {
			resource: 'webhook',
			operation: 'getAll',
			returnAll: true,
		});
		expect(
			emulator.requests.some((r) => r.path.endsWith('/oauth2/token') && r.status === 401),
		).toBe(true);
		await n8n.deactivate(triggerId);

		const secrets = {
			'client secret': emulator.clientSecret,
			'refused client secret': refusedSecret,
			'API key': apiKey,
			'webhook secret': registration.webhook_auth!,
			...Object.fromEntries(
				[...emulator.tokens.keys()].map((token, n) => [`access token ${n + 1}`, token]),
			),
		};
		expect(Object.keys(secrets).length).toBeGreaterThan(4); // at least one access token was issued
		const executions = await savedExecutions();
		const log = n8n.logText();
		expect(log).toMatch(/debug/i);
		const found = Object.entries(secrets)
			.filter(([, value]) => executions.text.includes(value) || log.includes(value))
			.map(
				([name, value]) =>
					`${name} in ${executions.text.includes(value) ? 'saved executions' : 'the log'}`,
			);
		process.stdout.write(
			`[e2e] secrets: ${Object.keys(secrets).length} checked against ${executions.count} saved executions and ${log.length} bytes of debug log: ${found.length ? found.join(', ') : 'none found'}\n`,
		);
		expect(found).toEqual([]);
	});
});

on2x("the credential's Test in n8n", () => {
	// An active Prioticket Trigger checks its registration at every poll time (GET /webhooks): none may
	// run while these tests count the requests the Test makes. n8n 2.41 deactivates asynchronously
	// (the previous test's trigger included): a deactivation's GET and DELETE may come after the
	// answer, so this waits until no registration for this n8n is left at the emulator.
	beforeAll(async () => {
		const active = await n8n.api().get('/workflows', { params: { active: true } });
		for (const { id } of active.data.data as Array<{ id: string }>) await n8n.deactivate(id);
		await waitFor(
			'every deactivation to remove its registration',
			() => ![...emulator.webhooks.values()].some((w) => w.webhook_url?.startsWith(`${n8n.url}/`)),
			60_000,
		);
	});

	// What the editor's Test button sends: the saved credential's id with the data in the form.
	const testWith = async (data: Record<string, unknown>) => {
		const name = `Prioticket Test ${randomUUID().slice(0, 8)}`;
		const id = await n8n.createCredential(name, 'prioticketApi', data);
		emulator.requests.length = 0;
		const response = await n8n
			.rest()
			.post('/credentials/test', { credentials: { id, name, type: 'prioticketApi', data } });
		expect(response.status).toBe(200);
		return response.data?.data as { status: string; message?: string };
	};

	test('calls the base URL the nodes call, with the API version written /v3.8/', async () => {
		emulator.reset();
		expect(
			await testWith({ ...emulatorCredentialData(emulator), apiVersion: '/v3.8/' }),
		).toMatchObject({ status: 'OK' });
		// The Test's own request: one webhook a page (a trigger's self-check asks for 200).
		const lists = emulator.requests.filter(
			(r) => r.method === 'GET' && r.path.endsWith('/webhooks') && r.query.items_per_page === '1',
		);
		expect(lists.map((r) => [r.path, r.status])).toEqual([['/v3.8/distributor/webhooks', 200]]);
	});

	test('fails for a Custom Base URL that is not a full http(s) URL, naming the field, and calls nothing', async () => {
		emulator.reset();
		const result = await testWith({
			...emulatorCredentialData(emulator),
			customBaseUrl: emulator.url.replace(/^http:\/\//, ''),
		});
		expect(result.status).toBe('Error');
		expect(result.message).toContain('"Custom Base URL" must be a full http(s) URL');
		expect(emulator.requests).toEqual([]);
	});
});
