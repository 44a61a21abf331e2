/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling: runs under Node, never inside n8n */
// The trigger never goes deaf, in a real n8n against the emulator: a registration Prioticket
// disabled or lost is replaced (by re-activation, or by the self-check at the next poll time, also
// after an n8n restart), what changed meanwhile comes out once with `recovered: true`, and polling
// mode works on localhost across a restart. Poll times cannot be shorter than a minute in n8n, so
// each check here waits for the next whole minute.
import axios from 'axios';

import { Emulator } from '../emulator/emulator';
import { N8n, waitFor } from '../harness/n8n';
import {
	actionWorkflow,
	createMinutelyTrigger,
	emitted,
	startWithCredential,
	stopAll,
	type CredentialRef,
} from './fixtures';

const emulator = new Emulator({ deliveryRetryMs: 200 });
const n8n = new N8n({ log: (line) => process.stdout.write(`[heal] ${line}\n`) });
let credential: CredentialRef;

const LIST_PATH = 'heal-list-webhooks';

/** One poll interval plus the time n8n takes to start the execution. */
const CHECK_MS = 80_000;

beforeAll(async () => {
	credential = await startWithCredential(emulator, n8n);
	// What a user would look at: the Prioticket node's Webhook → Get Many, in this n8n.
	await n8n.activate(
		await n8n.createWorkflow(
			actionWorkflow(credential, LIST_PATH, {
				resource: 'webhook',
				operation: 'getAll',
				returnAll: true,
			}),
		),
	);
}, 900_000);
afterAll(() => stopAll(emulator, n8n));

const webhooksFor = (url: string) =>
	[...emulator.webhooks.values()].filter((w) => w.webhook_url === url);
const newWorkflow = (parameters: Record<string, unknown>) =>
	createMinutelyTrigger(n8n, credential, parameters);

/** The URLs the Prioticket node's Webhook → Get Many lists, run in this n8n. */
async function listedByTheNode(): Promise<unknown[]> {
	const listed = await waitFor("the Prioticket node's webhook list", async () => {
		const answer = await axios.post(
			`${n8n.url}/webhook/${LIST_PATH}`,
			{},
			{ validateStatus: () => true },
		);
		return answer.status === 200 && answer;
	});
	const items = (Array.isArray(listed.data) ? listed.data : [listed.data]) as Array<
		Record<string, unknown> | string
	>;
	return items
		.map((item) => (typeof item === 'object' && item !== null ? item.webhook_url : undefined))
		.filter((url) => url !== undefined);
}

async function deactivateLeavingNothing(workflowId: string, url: string) {
	await n8n.deactivate(workflowId);
	await waitFor('no webhook left for the URL', () => webhooksFor(url).length === 0);
	expect(await listedByTheNode()).not.toContain(url);
}

describe('webhook mode heals', () => {
	const events = ['ORDER_CREATE', 'ORDER_UPDATE'];

	test('Prioticket disables the registration; re-activation replaces it, and a new event runs once', async () => {
		const { id, url } = await newWorkflow({ events });
		await n8n.activate(id);
		const [first] = await waitFor(
			'the registration',
			() => webhooksFor(url).length === 1 && webhooksFor(url),
		);
		emulator.disableWebhook(first.webhook_id);
		await n8n.deactivate(id);
		await n8n.activate(id);
		const [second] = await waitFor('a new, enabled registration', () => {
			const listed = webhooksFor(url);
			return listed.length === 1 && listed[0].webhook_id !== first.webhook_id && listed;
		});
		expect(second.webhook_status).toBe('ENABLED');
		expect(await listedByTheNode()).toEqual([url]);
		emulator.notify('ORDER_CREATE', 'ORD-1001');
		await emulator.deliverer.settled();
		await waitFor('one execution', async () => (await emitted(n8n, id)).length === 1);
		expect((await emitted(n8n, id)).map((item) => item.event)).toEqual(['ORDER_CREATE']);
		await deactivateLeavingNothing(id, url);
	});

	test('disabled while n8n runs: within one check the registration is back, missed orders come out once, recovered; a live event runs once', async () => {
		const { id, url } = await newWorkflow({ events });
		await n8n.activate(id);
		const [first] = await waitFor(
			'the registration',
			() => webhooksFor(url).length === 1 && webhooksFor(url),
		);
		await new Promise((resolve) => setTimeout(resolve, 1100)); // dates are to the second
		// Delivered before Prioticket disabled the registration: the catch-up must not emit it again.
		emulator.change({ kind: 'order', action: 'update', id: 'ORD-1001', notify: true });
		await emulator.deliverer.settled();
		await waitFor('the delivered update', async () => (await emitted(n8n, id)).length === 1);
		emulator.disableWebhook(first.webhook_id);
		emulator.change({ kind: 'order', action: 'create', id: 'ORD-HEAL-1', notify: true }); // nobody receives it
		emulator.change({ kind: 'order', action: 'update', id: 'ORD-1002', notify: true });
		await waitFor(
			'the self-check to replace the registration',
			() => {
				const listed = webhooksFor(url);
				return (
					listed.length === 1 &&
					listed[0].webhook_id !== first.webhook_id &&
					listed[0].webhook_status === 'ENABLED'
				);
			},
			CHECK_MS,
		);
		const recovered = await waitFor('the recovered changes', async () => {
			const items = await emitted(n8n, id);
			return items.length >= 4 && items;
		});
		expect(recovered.map((item) => [item.event, item.itemId, item.recovered]).sort()).toEqual([
			['ORDER_CREATE', 'ORD-HEAL-1', true],
			['ORDER_UPDATE', 'ORD-1001', undefined],
			['ORDER_UPDATE', 'ORD-1002', true],
			['TRIGGER_RESTORED', undefined, true],
		]);
		emulator.change({ kind: 'order', action: 'update', id: 'ORD-1003', notify: true });
		await emulator.deliverer.settled();
		await waitFor('the live event', async () => (await emitted(n8n, id)).length === 5);
		// The next check finds it healthy: nothing is emitted twice.
		await new Promise((resolve) => setTimeout(resolve, CHECK_MS - 10_000));
		expect((await emitted(n8n, id)).map((item) => item.itemId ?? item.event).sort()).toEqual([
			'ORD-1001',
			'ORD-1002',
			'ORD-1003',
			'ORD-HEAL-1',
			'TRIGGER_RESTORED',
		]);
		expect(webhooksFor(url)).toHaveLength(1);
		await deactivateLeavingNothing(id, url);
	}, 300_000);

	test('disabled while n8n runs with nothing missed: the restore is announced, and the secret it kept works for the next delivery', async () => {
		const { id, url } = await newWorkflow({ events });
		await n8n.activate(id);
		const [first] = await waitFor(
			'the registration',
			() => webhooksFor(url).length === 1 && webhooksFor(url),
		);
		emulator.disableWebhook(first.webhook_id);
		await waitFor(
			'the self-check to replace the registration',
			() => webhooksFor(url).length === 1 && webhooksFor(url)[0].webhook_id !== first.webhook_id,
			CHECK_MS,
		);
		await waitFor('the restore notice', async () => (await emitted(n8n, id)).length === 1);
		const { notificationId } = emulator.notify('ORDER_CREATE', 'ORD-1001');
		await emulator.deliverer.settled();
		expect(
			emulator.deliverer.log
				.filter((d) => d.notificationId === notificationId)
				.map((d) => d.status),
		).toEqual([200]);
		await waitFor('the live event', async () => (await emitted(n8n, id)).length === 2);
		expect((await emitted(n8n, id)).map((item) => item.event)).toEqual([
			'TRIGGER_RESTORED',
			'ORDER_CREATE',
		]);
		await deactivateLeavingNothing(id, url);
	}, 300_000);

	test('n8n stopped, registration deleted, orders changed meanwhile: after the start exactly one registration, the missed orders once, recovered', async () => {
		const { id, url } = await newWorkflow({ events });
		await n8n.activate(id);
		await waitFor('the registration', () => webhooksFor(url).length === 1);
		await n8n.stop();
		emulator.webhooks.clear();
		emulator.change({ kind: 'order', action: 'create', id: 'ORD-DOWN-1', notify: true });
		emulator.change({ kind: 'order', action: 'update', id: 'ORD-1004', notify: true });
		await n8n.start();
		await waitFor(
			'exactly one registration again',
			() => webhooksFor(url).length === 1 && webhooksFor(url)[0].webhook_status === 'ENABLED',
			CHECK_MS,
		);
		const recovered = await waitFor(
			'the recovered changes',
			async () => {
				const items = await emitted(n8n, id);
				return items.length >= 3 && items;
			},
			CHECK_MS,
		);
		expect(recovered.map((item) => [item.event, item.itemId, item.recovered]).sort()).toEqual([
			['ORDER_CREATE', 'ORD-DOWN-1', true],
			['ORDER_UPDATE', 'ORD-1004', true],
			['TRIGGER_RESTORED', undefined, true],
		]);
		emulator.notify('ORDER_CREATE', 'ORD-1005');
		await emulator.deliverer.settled();
		await waitFor('the live event', async () => (await emitted(n8n, id)).length === 4);
		expect(webhooksFor(url)).toHaveLength(1);
		await deactivateLeavingNothing(id, url);
	}, 300_000);
});

describe('polling mode', () => {
	test('on localhost: created and updated orders come out once each, also across an n8n restart; nothing is registered', async () => {
		const { id, url } = await newWorkflow({
			receiveBy: 'polling',
			events: ['ORDER_CREATE', 'ORDER_UPDATE'],
		});
		emulator.change({ kind: 'order', action: 'update', id: 'ORD-1001' }); // before activation: not reported
		await n8n.activate(id);
		// n8n 2.x finishes activating after it answered: wait until the trigger set its starting point.
		await waitFor('the activation', async () => {
			const response = await n8n.api().get(`/workflows/${id}`);
			return JSON.stringify(response.data?.staticData ?? {}).includes('floor');
		});
		await new Promise((resolve) => setTimeout(resolve, 1100));
		emulator.change({ kind: 'order', action: 'create', id: 'ORD-POLL-1' });
		await waitFor('the created order', async () => (await emitted(n8n, id)).length === 1, CHECK_MS);
		await new Promise((resolve) => setTimeout(resolve, 1100)); // a later second than the creation
		emulator.change({ kind: 'order', action: 'update', id: 'ORD-POLL-1' });
		await waitFor('the update', async () => (await emitted(n8n, id)).length === 2, CHECK_MS);
		await n8n.restart();
		emulator.change({ kind: 'order', action: 'update', id: 'ORD-POLL-1' });
		await waitFor(
			'the update after the restart',
			async () => (await emitted(n8n, id)).length === 3,
			CHECK_MS,
		);
		// One more poll time passes: nothing comes out twice.
		await new Promise((resolve) => setTimeout(resolve, CHECK_MS - 10_000));
		const items = await emitted(n8n, id);
		expect(items.map((item) => [item.event, item.itemId])).toEqual([
			['ORDER_CREATE', 'ORD-POLL-1'],
			['ORDER_UPDATE', 'ORD-POLL-1'],
			['ORDER_UPDATE', 'ORD-POLL-1'],
		]);
		expect(new Set(items.map((item) => item.notificationId)).size).toBe(3);
		expect(webhooksFor(url)).toHaveLength(0);
		await deactivateLeavingNothing(id, url);
	}, 420_000);
});
