/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling: runs under Node, never inside n8n */
// The editor's "Execute workflow" in a real n8n: the manual execution of a test event runs the
// whole workflow, the node after the trigger included, as the production execution of the same
// event does. Webhook mode (one event to the test URL) and polling mode (the latest change).
import { Emulator } from '../emulator/emulator';
import { N8n, waitFor } from '../harness/n8n';
import {
	executeWorkflow,
	finished,
	finishedExecution,
	NEXT_NODE,
	outputOf,
	startWithCredential,
	stopAll,
	triggerWorkflow,
	type CredentialRef,
} from './fixtures';

const emulator = new Emulator({ deliveryRetryMs: 200 });
const n8n = new N8n({ log: (line) => process.stdout.write(`[editor-run] ${line}\n`) });
let credential: CredentialRef;

beforeAll(async () => {
	credential = await startWithCredential(emulator, n8n);
}, 900_000);
afterAll(() => stopAll(emulator, n8n));

describe("the editor's Execute workflow runs the whole workflow", () => {
	test('webhook mode: one event to the test URL → the manual execution has the next node’s output, with the event’s fields', async () => {
		emulator.reset();
		const { workflow, webhookId } = triggerWorkflow(
			credential,
			{ events: ['ORDER_CREATE'] },
			'Editor run, webhook mode',
		);
		const id = await n8n.createWorkflow(workflow);
		const testUrl = `${n8n.url}/webhook-test/${webhookId}/webhook`;

		expect(await executeWorkflow(n8n, id)).toEqual({ waitingForWebhook: true });
		await waitFor('the test registration', () =>
			[...emulator.webhooks.values()].some((w) => w.webhook_url === testUrl),
		);
		const { notificationId } = emulator.notify('ORDER_CREATE', 'ORD-1001');
		await emulator.deliverer.settled();
		expect(
			emulator.deliverer.log
				.filter((d) => d.notificationId === notificationId)
				.map((d) => [d.url, d.status]),
		).toEqual([[testUrl, 200]]);

		const [execution] = await waitFor('the finished manual execution', async () => {
			const all = await n8n.executions(id, true);
			return all.length === 1 && finished(all[0]) && all;
		});
		expect([execution.mode, execution.status]).toEqual(['manual', 'success']);
		const expected = {
			event: 'ORDER_CREATE',
			notificationId,
			itemId: 'ORD-1001',
			accountId: 'ACC-4711',
			payload: expect.objectContaining({
				order: expect.objectContaining({ order_reference: 'ORD-1001' }),
			}),
		};
		expect(outputOf(execution)).toEqual([expect.objectContaining(expected)]);
		expect(outputOf(execution, NEXT_NODE)).toEqual([expect.objectContaining(expected)]);
		await waitFor(
			"the test registration's removal",
			() => ![...emulator.webhooks.values()].some((w) => w.webhook_url === testUrl),
		);

		// Live, as before: one delivery, one execution, the next node run with the event.
		await n8n.activate(id);
		await waitFor('the registration', () => emulator.webhooks.size === 1);
		const live = emulator.notify('ORDER_CREATE', 'ORD-1003');
		await emulator.deliverer.settled();
		const production = await waitFor('the finished production execution', async () => {
			const all = (await n8n.executions(id, true)).filter((e) => e.mode === 'webhook');
			return all.length === 1 && finished(all[0]) && all[0];
		});
		expect(production.status).toBe('success');
		expect(outputOf(production, NEXT_NODE)).toEqual([
			expect.objectContaining({ notificationId: live.notificationId, itemId: 'ORD-1003' }),
		]);
		expect(await n8n.executions(id)).toHaveLength(2);
		await n8n.deactivate(id);
		await waitFor('the webhook removal', () => emulator.webhooks.size === 0);
	});

	test('polling mode: the latest change → the manual execution has the next node’s output, with the change’s fields', async () => {
		emulator.reset();
		const { workflow } = triggerWorkflow(
			credential,
			{ receiveBy: 'polling', events: ['ORDER_CREATE', 'ORDER_UPDATE'] },
			'Editor run, polling mode',
		);
		const id = await n8n.createWorkflow(workflow);
		emulator.change({ kind: 'order', action: 'update', id: 'ORD-1002' });

		const { executionId } = await executeWorkflow(n8n, id);
		expect(executionId).toEqual(expect.any(String));
		const execution = await finishedExecution(n8n, id, executionId);
		expect([execution.mode, execution.status]).toEqual(['manual', 'success']);
		const expected = {
			event: 'ORDER_UPDATE',
			itemId: 'ORD-1002',
			notificationId: expect.stringMatching(/^ORDER_UPDATE:ORD-1002@/),
		};
		expect(outputOf(execution)).toEqual([expect.objectContaining(expected)]);
		expect(outputOf(execution, NEXT_NODE)).toEqual([expect.objectContaining(expected)]);
		expect(emulator.webhooks.size).toBe(0);
	});

	test("webhook mode, the trigger's own test button: one event to the test URL → the trigger's output shows it", async () => {
		emulator.reset();
		const { workflow, webhookId } = triggerWorkflow(
			credential,
			{ events: ['ORDER_CANCEL'] },
			'Editor run, trigger test button',
		);
		const id = await n8n.createWorkflow(workflow);
		const testUrl = `${n8n.url}/webhook-test/${webhookId}/webhook`;
		expect(await executeWorkflow(n8n, id, { triggerOnly: true })).toEqual({
			waitingForWebhook: true,
		});
		await waitFor('the test registration', () =>
			[...emulator.webhooks.values()].some((w) => w.webhook_url === testUrl),
		);
		const { notificationId } = emulator.notify('ORDER_CANCEL', 'ORD-1002');
		await emulator.deliverer.settled();
		const [execution] = await waitFor('the finished manual execution', async () => {
			const all = await n8n.executions(id, true);
			return all.length === 1 && finished(all[0]) && all;
		});
		expect([execution.mode, execution.status]).toEqual(['manual', 'success']);
		expect(outputOf(execution)).toEqual([
			expect.objectContaining({ event: 'ORDER_CANCEL', notificationId, itemId: 'ORD-1002' }),
		]);
		expect(execution.data!.resultData.runData[NEXT_NODE]).toBeUndefined();
	});
});
