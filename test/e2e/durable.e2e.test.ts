/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling: runs under Node, never inside n8n */
// The trigger under n8n's durable scheduler (n8n 2.41.1 with the four flags below), where a poll
// runs from the scheduler's job table and reads and commits a copy of the node's static data kept
// in its own table: in webhook mode a registration disabled while n8n runs and one deleted while
// n8n is down come back (same secret, deliveries verified), the missed orders come out once each;
// polling mode emits each change once across a restart. Three workflows run side by side so that
// the minute-long poll intervals overlap. The durable scheduler runs no poll at a restart (only at
// an activation that provisions its job), so each check waits for the node's next poll time.
import { Emulator } from '../emulator/emulator';
import { N8n, sleep, waitFor } from '../harness/n8n';
import {
	createMinutelyTrigger,
	emitted,
	startWithCredential,
	stopAll,
	type CredentialRef,
} from './fixtures';

const DURABLE = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
	// The scheduler's own debug lines tell when a node's scheduled poll has run.
	N8N_LOG_LEVEL: 'debug',
};

const emulator = new Emulator({ deliveryRetryMs: 200 });
const n8n = new N8n({ env: DURABLE, log: (line) => process.stdout.write(`[durable] ${line}\n`) });
let credential: CredentialRef;

/** One poll interval (a minute, at a second n8n picks per node) plus the scheduler's own delays. */
const POLL_MS = 100_000;

beforeAll(async () => {
	credential = await startWithCredential(emulator, n8n);
}, 300_000);
afterAll(() => stopAll(emulator, n8n));

const webhooksFor = (url: string) =>
	[...emulator.webhooks.values()].filter((w) => w.webhook_url === url);
const summary = (items: Array<Record<string, unknown>>) =>
	items.map((item) => [item.event, item.itemId ?? null, item.recovered ?? false]);
const newWorkflow = (parameters: Record<string, unknown>) =>
	createMinutelyTrigger(n8n, credential, parameters);

/** How many scheduled polls of this node the durable scheduler has finished (its debug log). */
const scheduledPolls = (nodeId: string) =>
	n8n
		.logText()
		.split('\n')
		.filter(
			(line) =>
				line.includes('poll-trigger-task-handler') &&
				line.includes(`"nodeId":"${nodeId}"`) &&
				/Poll returned/.test(line),
		).length;

/** Sends an event Prioticket-style and returns the HTTP statuses n8n answered, per webhook. */
async function deliver(itemId: string) {
	const { notificationId } = emulator.notify('ORDER_CREATE', itemId);
	await emulator.deliverer.settled();
	return emulator.deliverer.log
		.filter((d) => d.notificationId === notificationId)
		.map((d) => [d.url, d.status]);
}

test('durable scheduler: heals after a disable while running and a delete while down, catch-up once each, polling once each across a restart, deliveries verified', async () => {
	const events = ['ORDER_CREATE', 'ORDER_UPDATE'];
	const running = await newWorkflow({ events }); // disabled while n8n runs
	const down = await newWorkflow({ events }); // deleted while n8n is down
	const polling = await newWorkflow({ receiveBy: 'polling', events });
	for (const workflow of [running, down, polling]) await n8n.activate(workflow.id);
	const [first] = await waitFor(
		'both registrations',
		() =>
			webhooksFor(running.url).length === 1 &&
			webhooksFor(down.url).length === 1 &&
			webhooksFor(running.url),
	);
	const secret = first.webhook_auth;
	const downSecret = webhooksFor(down.url)[0].webhook_auth;

	// A live event reaches both webhook-mode workflows.
	expect((await deliver('ORD-1001')).map(([, status]) => status)).toEqual([200, 200]);

	// Disabled while n8n runs: the next scheduled poll restores it with the same secret.
	await sleep(1100);
	emulator.disableWebhook(first.webhook_id);
	// Delivered to the healthy registration only.
	emulator.change({ kind: 'order', action: 'create', id: 'ORD-DUR-1', notify: true });
	await emulator.deliverer.settled();
	const downPolls = scheduledPolls(down.nodeId);
	const [restored] = await waitFor(
		'the self-check to replace the disabled registration',
		() => {
			const listed = webhooksFor(running.url);
			return listed.length === 1 && listed[0].webhook_id !== first.webhook_id && listed;
		},
		POLL_MS,
	);
	expect(restored).toMatchObject({ webhook_status: 'ENABLED', webhook_auth: secret });
	await waitFor('the catch-up', async () => (await emitted(n8n, running.id)).length === 3, 30_000);
	expect(summary(await emitted(n8n, running.id))).toEqual([
		['ORDER_CREATE', 'ORD-1001', false],
		['TRIGGER_RESTORED', null, true],
		['ORDER_CREATE', 'ORD-DUR-1', true],
	]);
	expect((await deliver('ORD-1002')).map(([, status]) => status)).toEqual([200, 200]);

	// Polling mode starts at its first scheduled poll (n8n commits no cursor for the poll it runs on
	// activation): let it run before n8n stops. And one healthy check of the other registration
	// after the delivery: the scheduler commits its feed position, so the delivery is not caught up
	// again after the restart.
	await waitFor(
		'the polling node’s first scheduled poll, and a check after the delivery',
		() => scheduledPolls(polling.nodeId) > 0 && scheduledPolls(down.nodeId) > downPolls,
		POLL_MS,
	);

	// Deleted while n8n is down, orders changed meanwhile.
	await n8n.stop();
	emulator.webhooks.delete(webhooksFor(down.url)[0].webhook_id);
	await sleep(1100);
	emulator.change({ kind: 'order', action: 'create', id: 'ORD-DOWN-1' });
	emulator.change({ kind: 'order', action: 'update', id: 'ORD-1004' });
	await n8n.start();
	const [back] = await waitFor(
		'exactly one registration again',
		() => webhooksFor(down.url).length === 1 && webhooksFor(down.url),
		POLL_MS,
	);
	expect(back).toMatchObject({ webhook_status: 'ENABLED', webhook_auth: downSecret });
	const recovered = await waitFor(
		'the recovered changes',
		async () => {
			const items = (await emitted(n8n, down.id)).filter((item) => item.recovered);
			return items.length >= 3 && items;
		},
		30_000,
	);
	expect(summary(recovered).sort()).toEqual(
		[
			['TRIGGER_RESTORED', null, true],
			['ORDER_CREATE', 'ORD-DOWN-1', true],
			['ORDER_UPDATE', 'ORD-1004', true],
		].sort(),
	);
	await waitFor(
		'the polled changes after the restart',
		async () => {
			const items = summary(await emitted(n8n, polling.id)).map(
				([event, item]) => `${event} ${item}`,
			);
			return items.includes('ORDER_CREATE ORD-DOWN-1') && items.includes('ORDER_UPDATE ORD-1004');
		},
		POLL_MS,
	);
	expect((await deliver('ORD-1005')).map(([, status]) => status)).toEqual([200, 200]);

	// One more scheduled poll of each node after everything came out: nothing comes twice.
	const polls = [running, down, polling].map((w) => scheduledPolls(w.nodeId));
	await waitFor(
		'one more poll of every node',
		() => [running, down, polling].every((w, i) => scheduledPolls(w.nodeId) > polls[i]),
		POLL_MS,
	);
	await sleep(3000);
	expect(summary(await emitted(n8n, running.id))).toEqual([
		['ORDER_CREATE', 'ORD-1001', false],
		['TRIGGER_RESTORED', null, true],
		['ORDER_CREATE', 'ORD-DUR-1', true],
		['ORDER_CREATE', 'ORD-1002', false],
		['ORDER_CREATE', 'ORD-1005', false],
	]);
	expect(summary(await emitted(n8n, down.id))).toEqual([
		['ORDER_CREATE', 'ORD-1001', false],
		['ORDER_CREATE', 'ORD-DUR-1', false],
		['ORDER_CREATE', 'ORD-1002', false],
		...summary(recovered),
		['ORDER_CREATE', 'ORD-1005', false],
	]);
	const polled = summary(await emitted(n8n, polling.id)).map(([event, item]) => `${event} ${item}`);
	expect(new Set(polled).size).toBe(polled.length);
	expect(polled).toEqual(
		expect.arrayContaining(['ORDER_CREATE ORD-DOWN-1', 'ORDER_UPDATE ORD-1004']),
	);
	expect(webhooksFor(running.url)).toHaveLength(1);
	expect(webhooksFor(down.url)).toHaveLength(1);
	expect(webhooksFor(polling.url)).toHaveLength(0);

	for (const workflow of [running, down, polling]) await n8n.deactivate(workflow.id);
	await waitFor('no registration left', () => emulator.webhooks.size === 0);
}, 900_000);
