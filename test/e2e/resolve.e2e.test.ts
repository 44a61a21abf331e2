/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling: runs under Node, never inside n8n */
// Resolve Latest State in a real n8n: whatever the API does (an order read that stalls, a 429 or
// 503 with Retry-After: 10, a token call that stalls), Prioticket has n8n's 200 within 3 s,
// measured at the sender, and the event starts exactly one execution, with `resolveError`.
import axios from 'axios';

import { notificationBody } from '../emulator/data';
import { Emulator, type Fault } from '../emulator/emulator';
import { N8n, waitFor } from '../harness/n8n';
import { emulatorCredential, triggerWorkflow } from './fixtures';

const emulator = new Emulator({ deliveryRetryMs: 200 });
const n8n = new N8n({ log: (line) => process.stdout.write(`[resolve] ${line}\n`) });

/** What webhook senders commonly wait before they give up and deliver again is 5 s; we promise 3. */
const ANSWER_WITHIN_MS = 3_000;
/** Longer than any budget: only the trigger's own deadline can end the wait. */
const STALL_MS = 8_000;

let workflowId: string;
let url: string;
let secret: string;

beforeAll(async () => {
	await emulator.start();
	await n8n.start();
	const credential = await emulatorCredential(n8n, emulator);
	const { workflow, webhookId } = triggerWorkflow(
		credential,
		{ events: ['ORDER_CREATE'], options: { resolve: true } },
		'Resolve within 3 s',
	);
	workflowId = await n8n.createWorkflow(workflow);
	url = `${n8n.url}/webhook/${webhookId}/webhook`;
	await n8n.activate(workflowId);
	const [registration] = await waitFor(
		'the registration',
		() => emulator.webhooks.size === 1 && [...emulator.webhooks.values()],
	);
	secret = registration.webhook_auth!;
}, 900_000);

afterAll(async () => {
	await n8n.deactivate(workflowId).catch(() => undefined);
	await n8n.stop();
	await emulator.stop();
});

const measured: string[] = [];
afterAll(() =>
	process.stdout.write(`[resolve] answer times at the sender: ${measured.join(', ')}\n`),
);

// Each case meets only its own fault: the next starts once the stalled call has ended.
let stalledUntil = 0;
afterEach(async () => {
	await new Promise((resolve) => setTimeout(resolve, Math.max(0, stalledUntil - Date.now())));
	emulator.faults.length = 0;
});

/** Sends one notification as Prioticket does; the time from sending to the 200, in ms. */
async function deliver(itemId: string) {
	const notificationId = `resolve-${itemId}-${Date.now()}`;
	const body = notificationBody(
		emulator.catalogue,
		'ORDER_CREATE',
		itemId,
		'3.8.0',
		true,
		notificationId,
	);
	const started = performance.now();
	const response = await axios.post(url, body, {
		headers: { Authorization: `Basic ${secret}` },
		validateStatus: () => true,
		timeout: 30_000,
	});
	return { status: response.status, ms: Math.round(performance.now() - started), notificationId };
}

/** The one execution of this notification, once finished, and how many there are. */
async function executionsOf(notificationId: string) {
	return await waitFor(`the execution of ${notificationId}`, async () => {
		const all = (await n8n.executions(workflowId, true)).filter(
			(e) =>
				e.status !== 'running' &&
				e.status !== 'new' &&
				e.data?.resultData.runData['Prioticket Trigger']?.[0]?.data.main[0][0].json
					.notificationId === notificationId,
		);
		return all.length > 0 && all;
	});
}

test('an answer at once when the API answers (the baseline)', async () => {
	const { status, ms, notificationId } = await deliver('ORD-1001');
	measured.push(`baseline ${ms} ms`);
	expect(status).toBe(200);
	expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
	const [execution] = await executionsOf(notificationId);
	const item = execution.data!.resultData.runData['Prioticket Trigger'][0].data.main[0][0].json;
	expect(item.resolved).toMatchObject({ order_reference: 'ORD-1001' });
});

test.each<[string, Fault, () => void, string]>([
	[
		'an order read that stalls',
		{ status: 200, count: 1, method: 'GET', path: '/orders/', latencyMs: STALL_MS },
		() => {},
		'Prioticket did not answer within 2 s; the event was emitted without the latest state',
	],
	[
		'a 429 with Retry-After: 10',
		{ status: 429, count: 3, method: 'GET', path: '/orders/', retryAfter: 10 },
		() => {},
		'Too many requests, slow down.',
	],
	[
		'a 503 with Retry-After: 10',
		{ status: 503, count: 3, method: 'GET', path: '/orders/', retryAfter: 10 },
		() => {},
		'The service is temporarily unavailable.',
	],
	[
		'a token call that stalls',
		{ status: 200, count: 1, method: 'POST', path: '/oauth2/token', latencyMs: STALL_MS },
		() => emulator.expireTokens(),
		'Prioticket did not answer within 2 s; the event was emitted without the latest state',
	],
])(
	'%s: the 200 within 3 s at the sender, and one execution with resolveError',
	async (name, fault, prepare, resolveError) => {
		prepare();
		emulator.faults.push(fault);
		stalledUntil = Date.now() + (fault.latencyMs ?? 0);
		const { count } = fault;
		const before = (await n8n.executions(workflowId)).length;
		const { status, ms, notificationId } = await deliver('ORD-1002');
		measured.push(`${name} ${ms} ms`);
		expect(status).toBe(200);
		expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
		const executions = await executionsOf(notificationId);
		expect(executions).toHaveLength(1);
		expect(executions[0].status).toBe('success');
		const item =
			executions[0].data!.resultData.runData['Prioticket Trigger'][0].data.main[0][0].json;
		expect(item).toMatchObject({ event: 'ORDER_CREATE', itemId: 'ORD-1002' });
		expect(item.resolveError).toBe(resolveError);
		// The fault was met: the call it stalls or refuses was made.
		expect(fault.count).toBeLessThan(count);
		expect(item.resolved).toBeUndefined();
		expect((await n8n.executions(workflowId)).length).toBe(before + 1);
	},
	60_000,
);
