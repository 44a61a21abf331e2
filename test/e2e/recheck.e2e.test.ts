/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// n8n calling the trigger's checkExists, and create when it answers false, every few seconds while
// the workflow is active and its self-check polls run: what n8n pull request 21776 proposes (every
// few minutes, by default). No released n8n does it, so a preloaded module has the real n8n 2.41.1
// do it with its own WebhookService (test/e2e/webhook-recheck.cjs). Throughout: exactly one
// registration, a healthy checkExists is one API call, deliveries verified, no execution but the
// deliveries and the one that announces a restored registration.
import { join } from 'path';

import { Emulator } from '../emulator/emulator';
import { N8n, sleep, waitFor } from '../harness/n8n';
import {
	emitted as emittedBy,
	startWithCredential,
	stopAll,
	triggerWorkflow,
	type CredentialRef,
} from './fixtures';

const RECHECK_MS = 2000;
const emulator = new Emulator({ deliveryRetryMs: 200 });
const n8n = new N8n({
	env: {
		NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${join(__dirname, 'webhook-recheck.cjs')}`,
		PRIOTICKET_TEST_RECHECK_MS: String(RECHECK_MS),
	},
	log: (line) => process.stdout.write(`[recheck] ${line}\n`),
});
let credential: CredentialRef;

/** One poll interval (a minute, at a second n8n picks per node) plus n8n's own delays. */
const POLL_MS = 100_000;

beforeAll(async () => {
	credential = await startWithCredential(emulator, n8n);
}, 300_000);

afterAll(async () => await stopAll(emulator, n8n));

const rounds = () => (n8n.logText().match(/\[webhook recheck\] round \d+/g) ?? []).length;
const failures = () => n8n.logText().match(/\[webhook recheck\] failed.*/g) ?? [];
const webhookCalls = (method: string) => emulator.countRequests(method, '/webhooks');
/** What the trigger emitted, every execution successful: [event, item, recovered]. */
async function emitted(workflowId: string) {
	const executions = await n8n.executions(workflowId);
	expect(executions.map((e) => e.status).filter((status) => status !== 'success')).toEqual([]);
	return (await emittedBy(n8n, workflowId)).map((item) => [
		item.event,
		item.itemId ?? null,
		item.recovered ?? false,
	]);
}

test('checkExists, then create when it answers false, every 2 s: one registration, one call when healthy, a lost registration restored once with its secret', async () => {
	const { workflow, webhookId } = triggerWorkflow(credential, {
		events: ['ORDER_CREATE', 'ORDER_UPDATE'],
		pollTimes: { item: [{ mode: 'everyMinute' }] },
	});
	const id = await n8n.createWorkflow(workflow);
	const url = `${n8n.url}/webhook/${webhookId}/webhook`;
	const registrations = () => [...emulator.webhooks.values()].filter((w) => w.webhook_url === url);
	await n8n.activate(id);
	const [first] = await waitFor(
		'the registration',
		() => registrations().length === 1 && registrations(),
	);
	const secret = first.webhook_auth;

	// Watch the registrations the whole time: never two, never none for longer than a loss lasts.
	const counts: number[] = [];
	const watch = setInterval(() => counts.push(registrations().length), 50);
	try {
		// Healthy: each round's checkExists is one call and creates nothing.
		const start = rounds();
		await waitFor('the recheck to run', () => rounds() > start, 30_000);
		const [r0, gets, posts, deletes] = [
			rounds(),
			webhookCalls('GET'),
			webhookCalls('POST'),
			webhookCalls('DELETE'),
		];
		await waitFor('three more rounds', () => rounds() >= r0 + 3, 30_000);
		const [made, polls] = [rounds() - r0, webhookCalls('GET') - gets];
		expect([webhookCalls('POST') - posts, webhookCalls('DELETE') - deletes]).toEqual([0, 0]);
		// One list call per round; a self-check poll in between may add its own.
		expect(polls).toBeGreaterThanOrEqual(made);
		expect(polls).toBeLessThanOrEqual(made + 2);

		emulator.notify('ORDER_CREATE', 'ORD-1001');
		await emulator.deliverer.settled();

		// Prioticket disables the registration; an order changes while it is deaf.
		await sleep(1100);
		emulator.disableWebhook(first.webhook_id);
		emulator.change({ kind: 'order', action: 'create', id: 'ORD-DEAF-1' });
		const [restored] = await waitFor(
			'a recheck to replace the disabled registration',
			() => {
				const listed = registrations();
				return listed.length === 1 && listed[0].webhook_id !== first.webhook_id && listed;
			},
			30_000,
		);
		expect(restored).toMatchObject({ webhook_status: 'ENABLED', webhook_auth: secret });
		emulator.notify('ORDER_CREATE', 'ORD-1002');
		await emulator.deliverer.settled();
		// The next self-check poll announces the restore and catches up what was missed, once.
		await waitFor(
			'the restore execution',
			async () => (await emitted(id)).some(([event]) => event === 'TRIGGER_RESTORED'),
			POLL_MS,
		);
		const afterRestore = rounds();
		await waitFor('three more rounds', () => rounds() >= afterRestore + 3, 30_000);
		emulator.notify('ORDER_CREATE', 'ORD-1003');
		await emulator.deliverer.settled();
	} finally {
		clearInterval(watch);
	}

	expect(failures()).toEqual([]);
	expect(Math.max(...counts)).toBe(1);
	expect(registrations()).toHaveLength(1);
	expect(registrations()[0].webhook_auth).toBe(secret);
	// Every delivery verified (200, nothing refused), each once.
	expect(emulator.deliverer.log.map((d) => d.status)).toEqual([200, 200, 200]);
	// n8n 2.41 saves an execution after answering: wait for the last one.
	const items = await waitFor(
		'the last delivery’s execution',
		async () => {
			const all = await emitted(id);
			return all.length >= 5 && all;
		},
		30_000,
	);
	expect(items.filter(([, , recovered]) => !recovered)).toEqual([
		['ORDER_CREATE', 'ORD-1001', false],
		['ORDER_CREATE', 'ORD-1002', false],
		['ORDER_CREATE', 'ORD-1003', false],
	]);
	expect(items.filter(([, , recovered]) => recovered)).toEqual([
		['TRIGGER_RESTORED', null, true],
		['ORDER_CREATE', 'ORD-DEAF-1', true],
	]);
});
