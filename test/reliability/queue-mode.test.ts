/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling: runs under Node, never inside n8n */
// The Prioticket Trigger in n8n's distributed (queue) mode: the main process activates the
// workflow and registers the webhook process's URL at Prioticket; deliveries reach the webhook
// process, which queues them in Redis; the worker runs them. 1,000 deliveries must become exactly
// 1,000 executions, none lost and none doubled. The trigger's Poll Times (the webhook mode's
// self-check and catch-up, and polling mode) run once per interval in the cluster, not once per
// process, and what they emit is run once, by the worker. Needs redis-server and postgresql
// (Debian packages).
import { Emulator, type RequestRecord } from '../emulator/emulator';
import { emulatorCredential, emulatorCredentialData, triggerWorkflow } from '../e2e/fixtures';
import { type Execution, sleep, waitFor } from '../harness/n8n';
import { QueueCluster } from '../harness/queue';

const DELIVERIES = Number(process.env.QUEUE_DELIVERIES ?? 1000);
const CONCURRENCY = 16;
const EVENT = 'ORDER_CREATE';

const say = (line: string) => process.stdout.write(`[reliability] ${line}\n`);
const emulator = new Emulator({ deliveryRetryMs: 500, deliveryConcurrency: CONCURRENCY });
// Info-level logs (the harness's default): the worker's "Worker finished execution N" lines show
// who ran what. The main process logs at debug level: its lines on each poll (started, skipped or
// discarded as superseded, emitted) explain a Poll Times failure.
const cluster = new QueueCluster({ log: say, mainEnv: { N8N_LOG_LEVEL: 'debug' } });
let credential: { id: string; name: string };

beforeAll(async () => {
	await emulator.start();
	await cluster.start();
	credential = await emulatorCredential(cluster.main, emulator);
}, 900_000);

afterAll(async () => {
	await cluster.stop();
	await emulator.stop();
}, 120_000);

const webhooksFor = (url: string) =>
	[...emulator.webhooks.values()].filter((w) => w.webhook_url === url);
const finished = (e: Execution) => !['new', 'running', 'waiting'].includes(e.status);
/** "Worker finished execution 17 (job 17)" lines of one process's log. */
const finishedBy = (log: string) =>
	new Set([...log.matchAll(/Worker finished execution (\d+)/g)].map((m) => m[1]));

describe('Prioticket Trigger in n8n queue mode (main + webhook process + worker, PostgreSQL, Redis)', () => {
	let workflowId: string;
	let hookUrl: string;

	beforeAll(async () => {
		const { workflow, webhookId } = triggerWorkflow(
			credential,
			{ events: [EVENT] },
			'Prioticket queue mode',
		);
		workflowId = await cluster.main.createWorkflow(workflow);
		hookUrl = `${cluster.webhook.url}/webhook/${webhookId}/webhook`;
	});

	test('activation on main registers exactly one webhook, pointing at the webhook process', async () => {
		await cluster.main.activate(workflowId);
		await waitFor('the webhook registration', () => webhooksFor(hookUrl).length === 1);
		expect([...emulator.webhooks.values()].map((w) => w.webhook_url)).toEqual([hookUrl]);
		say(`activation: 1 webhook registered at ${hookUrl}`);
	});

	test(`${DELIVERIES} deliveries at concurrency ${CONCURRENCY} become exactly ${DELIVERIES} executions, run by the worker`, async () => {
		const started = Date.now();
		const sent = new Set<string>();
		for (let i = 0; i < DELIVERIES; i++)
			sent.add(emulator.notify(EVENT, `ORD-Q${i}`).notificationId);
		expect(sent.size).toBe(DELIVERIES);
		await emulator.deliverer.settled();
		const deliveredAfter = (Date.now() - started) / 1000;

		// Every delivery went to the webhook process, and every notification got exactly one 200.
		const log = emulator.deliverer.log;
		expect(new Set(log.map((d) => d.url))).toEqual(new Set([hookUrl]));
		const accepted = log.filter((d) => d.status === 200);
		expect(new Set(accepted.map((d) => d.notificationId))).toEqual(sent);
		expect(accepted).toHaveLength(DELIVERIES);
		const retries = log.length - DELIVERIES;

		// Wait until the worker has finished everything it was given and the count holds still.
		let executions: Execution[] = [];
		let lastChange = Date.now();
		const deadline = Date.now() + 600_000;
		for (;;) {
			const now = await cluster.main.executions(workflowId);
			if (
				now.length !== executions.length ||
				now.filter(finished).length !== executions.filter(finished).length
			)
				lastChange = Date.now();
			executions = now;
			const done = executions.length >= DELIVERIES && executions.every(finished);
			if (
				(done && Date.now() - lastChange > 5_000) ||
				Date.now() - lastChange > 60_000 ||
				Date.now() > deadline
			)
				break;
			await sleep(1_000);
		}
		const elapsed =
			(Math.max(...executions.map((e) => Date.parse(e.stoppedAt ?? '') || 0)) - started) / 1000;

		// One execution per notification: map them by the notificationId the trigger emitted.
		const withData = await cluster.main.executions(workflowId, true);
		const perNotification = new Map<string, number>();
		for (const execution of withData) {
			const json =
				execution.data?.resultData.runData['Prioticket Trigger']?.[0]?.data.main[0][0].json;
			const id = String(json?.notificationId);
			perNotification.set(id, (perNotification.get(id) ?? 0) + 1);
		}
		const lost = [...sent].filter((id) => !perNotification.has(id)).length;
		const doubled = [...perNotification.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
		const successful = executions.filter((e) => e.status === 'success');

		// The worker ran them: its log names every execution. Only a worker prints that line, so the
		// logs of the main and webhook processes cannot show the opposite; that every execution ran
		// exactly once (none doubled) is what rules out a second run elsewhere.
		const byWorker = finishedBy(cluster.worker.logText());
		const ranByWorker = executions.filter((e) => byWorker.has(String(e.id))).length;

		say(
			`queue mode: ${DELIVERIES} deliveries → ${successful.length} successful executions ` +
				`(${executions.length} in all), ${lost} lost, ${doubled} doubled, ${retries} delivery retries; ` +
				`delivered in ${deliveredAfter.toFixed(1)} s, all executed after ${elapsed.toFixed(1)} s ` +
				`(${(DELIVERIES / elapsed).toFixed(0)}/s); finished by the worker (its log): ${ranByWorker}`,
		);
		expect({ executions: executions.length, successful: successful.length, lost, doubled }).toEqual(
			{
				executions: DELIVERIES,
				successful: DELIVERIES,
				lost: 0,
				doubled: 0,
			},
		);
		expect(new Set(executions.map((e) => e.mode))).toEqual(new Set(['webhook']));
		expect(ranByWorker).toBe(DELIVERIES);
	}, 900_000);

	test('deactivation on main removes the webhook', async () => {
		await cluster.main.deactivate(workflowId);
		await waitFor('the webhook removal', () => emulator.webhooks.size === 0);
		say('deactivation: webhook removed, 0 remain');
	});
});

// Poll Times in the cluster. n8n's shortest interval is a minute, at a second of its choosing: the
// webhook-mode trigger's self-check and the polling-mode trigger's poll run in the same minutes. The
// polling workflow talks to a second emulator (another Prioticket account), so every call each
// emulator records belongs to one trigger.
const INTERVAL_MS = 60_000;
/** One interval plus the time n8n takes to start the poll and the execution. */
const CHECK_MS = INTERVAL_MS + 20_000;
/** How far two consecutive polls of one trigger may be from one interval apart. */
const JITTER_MS = 5_000;
/** Self-checks the webhook-mode window spans: before the restore, the restore, and healthy ones after it. */
const MIN_CHECKS = 4;

/** Seconds between consecutive calls. */
const gapsOf = (calls: RequestRecord[]) =>
	calls.slice(1).map((call, i) => (call.at - calls[i].at) / 1000);
const range = (gaps: number[]) =>
	gaps.length ? `${Math.min(...gaps).toFixed(1)}–${Math.max(...gaps).toFixed(1)} s` : 'none';
/** The items one trigger emitted, execution by execution, oldest first. */
async function emittedBy(workflowId: string) {
	const executions = (await cluster.main.executions(workflowId, true)).sort(
		(a, b) => Number(a.id) - Number(b.id),
	);
	return executions.map((execution) => ({
		execution,
		items:
			execution.data?.resultData.runData['Prioticket Trigger']?.[0]?.data.main[0].map(
				(item) => item.json,
			) ?? [],
	}));
}
const itemCount = async (workflowId: string) =>
	(await emittedBy(workflowId)).reduce((sum, e) => sum + e.items.length, 0);

describe('Poll Times in queue mode: the self-check and the poll run once per interval, not once per process', () => {
	const events = ['ORDER_CREATE', 'ORDER_UPDATE'];
	const account2 = new Emulator();
	const hooked = { id: '', url: '' };
	const polled = { id: '', url: '' };
	/** When the polling timeline changed orders (ISO). */
	const changedAt: string[] = [];
	/** What the timeline below saw, for the checks after it. */
	const seen = {
		registeredAt: 0,
		disabledAt: 0,
		restoredAt: 0,
		firstId: '',
		liveNotification: '',
		end: 0,
		started: 0,
	};

	const selfChecks = () =>
		emulator.requests.filter(
			(r) =>
				r.method === 'GET' &&
				r.path.endsWith('/webhooks') &&
				r.at > seen.registeredAt &&
				r.at <= (seen.end || Infinity),
		);
	const orderPolls = () =>
		account2.requests.filter(
			(r) => r.method === 'GET' && r.path.endsWith('/orders') && r.at <= (seen.end || Infinity),
		);

	beforeAll(async () => {
		await account2.start();
		const credential2 = {
			id: await cluster.main.createCredential(
				'Prioticket (second account)',
				'prioticketApi',
				emulatorCredentialData(account2),
			),
			name: 'Prioticket (second account)',
		};
		const everyMinute = { pollTimes: { item: [{ mode: 'everyMinute' }] } };
		const webhookMode = triggerWorkflow(
			credential,
			{ ...everyMinute, events },
			'Prioticket queue mode, self-check',
		);
		hooked.id = await cluster.main.createWorkflow(webhookMode.workflow);
		hooked.url = `${cluster.webhook.url}/webhook/${webhookMode.webhookId}/webhook`;
		const pollingMode = triggerWorkflow(
			credential2,
			{ ...everyMinute, receiveBy: 'polling', events },
			'Prioticket queue mode, polling',
		);
		polled.id = await cluster.main.createWorkflow(pollingMode.workflow);
		polled.url = `${cluster.webhook.url}/webhook/${pollingMode.webhookId}/webhook`;
	});

	afterAll(async () => {
		await account2.stop();
	});

	/** Webhook mode: a healthy check, the registration disabled with orders changed meanwhile, the check that restores it, a live event, a healthy check. */
	async function webhookTimeline() {
		await waitFor(
			'the first self-check after the registration',
			() => selfChecks().length >= 1,
			CHECK_MS,
		);
		await sleep(1100); // dates are to the second
		seen.disabledAt = Date.now();
		emulator.disableWebhook(seen.firstId);
		emulator.change({ kind: 'order', action: 'create', id: 'ORD-QUEUE-HEAL-1', notify: true }); // nobody receives it
		emulator.change({ kind: 'order', action: 'update', id: 'ORD-1002', notify: true });
		await waitFor(
			'the self-check to replace the registration',
			() =>
				webhooksFor(hooked.url).some(
					(w) => w.webhook_id !== seen.firstId && w.webhook_status === 'ENABLED',
				),
			CHECK_MS,
		);
		seen.restoredAt = emulator.requests.filter(
			(r) => r.method === 'POST' && r.path.endsWith('/webhooks') && r.at > seen.disabledAt,
		)[0].at;
		await waitFor('the catch-up', async () => (await itemCount(hooked.id)) >= 3, 60_000);
		const live = emulator.change({ kind: 'order', action: 'update', id: 'ORD-1003', notify: true });
		seen.liveNotification = String(live.notificationId);
		await emulator.deliverer.settled();
		await waitFor('the live event', async () => (await itemCount(hooked.id)) >= 4, 60_000);
		// The next check finds it healthy and emits nothing; the window spans at least four checks.
		const checks = selfChecks().length;
		await waitFor(
			'the next self-check',
			() => selfChecks().length > Math.max(checks, MIN_CHECKS - 1),
			2 * CHECK_MS,
		);
	}

	/** Polling mode: orders created and updated; each poll emits what changed since the last one. */
	async function pollingTimeline() {
		await sleep(1100);
		changedAt.push(new Date().toISOString());
		account2.change({ kind: 'order', action: 'create', id: 'ORD-QUEUE-POLL-1' });
		await sleep(1100); // a later second than the creation
		changedAt.push(new Date().toISOString());
		account2.change({ kind: 'order', action: 'update', id: 'ORD-1001' });
		await waitFor('the first changes', async () => (await itemCount(polled.id)) >= 2, 2 * CHECK_MS);
		await sleep(1100);
		changedAt.push(new Date().toISOString());
		account2.change({ kind: 'order', action: 'update', id: 'ORD-QUEUE-POLL-1' });
		await waitFor('the next change', async () => (await itemCount(polled.id)) >= 3, CHECK_MS);
		// One more poll finds nothing new.
		const polls = orderPolls().length;
		await waitFor('the next poll', () => orderPolls().length > polls, CHECK_MS);
	}

	test('both triggers run side by side over several intervals: a disabled registration is restored, orders are polled', async () => {
		seen.started = Date.now();
		await cluster.main.activate(hooked.id);
		await cluster.main.activate(polled.id);
		const [first] = await waitFor(
			'the registration',
			() => webhooksFor(hooked.url).length === 1 && webhooksFor(hooked.url),
		);
		seen.firstId = first.webhook_id;
		seen.registeredAt = emulator.requests.filter(
			(r) => r.method === 'POST' && r.path.endsWith('/webhooks') && r.at >= seen.started,
		)[0].at;
		// n8n finishes activating after it answered: wait until the polling trigger set its starting point.
		await waitFor("the polling trigger's starting point", async () => {
			const response = await cluster.main.api().get(`/workflows/${polled.id}`);
			return JSON.stringify(response.data?.staticData ?? {}).includes('floor');
		});
		try {
			await Promise.all([webhookTimeline(), pollingTimeline()]);
			await sleep(5_000); // an execution the last polls might have started
		} finally {
			seen.end = Date.now();
		}
	}, 600_000);

	test('webhook mode: exactly one GET /webhooks per interval, about one interval apart', () => {
		const checks = selfChecks();
		const gaps = gapsOf(checks);
		say(
			`queue mode self-check: ${checks.length} GET /webhooks in ${((seen.end - seen.registeredAt) / 1000).toFixed(0)} s after the registration, consecutive ones ${range(gaps)} apart`,
		);
		expect(checks.length).toBeGreaterThanOrEqual(MIN_CHECKS);
		// A second process checking would add calls between them (or at the same second).
		expect(gaps.filter((gap) => Math.abs(gap * 1000 - INTERVAL_MS) > JITTER_MS)).toEqual([]);
		expect(checks.length).toBeLessThanOrEqual(
			Math.floor((seen.end - seen.registeredAt) / INTERVAL_MS) + 1,
		);
	});

	test('webhook mode: within one interval exactly one enabled registration, the catch-up once, run by the worker; a live event once', async () => {
		const listed = webhooksFor(hooked.url);
		expect(listed.map((w) => w.webhook_status)).toEqual(['ENABLED']);
		expect(listed[0].webhook_id).not.toBe(seen.firstId);
		expect(seen.restoredAt - seen.disabledAt).toBeLessThanOrEqual(INTERVAL_MS + JITTER_MS);
		// One process restored it, once: one registration created, the disabled one removed, one catch-up read.
		const afterDisable = emulator.requests.filter(
			(r) => r.at > seen.disabledAt && r.at <= seen.end,
		);
		const calls = (method: string, path: string) =>
			afterDisable.filter((r) => r.method === method && r.path.endsWith(path)).length;
		expect({
			created: calls('POST', '/webhooks'),
			removed: calls('DELETE', `/webhooks/${seen.firstId}`),
			orderReads: calls('GET', '/orders'),
		}).toEqual({
			created: 1,
			removed: 1,
			orderReads: 1,
		});
		// The live event reached the new registration at once, with the new secret.
		expect(
			emulator.deliverer.log
				.filter((d) => d.notificationId === seen.liveNotification)
				.map((d) => d.status),
		).toEqual([200]);

		const runs = await emittedBy(hooked.id);
		const restored = runs.filter((run) =>
			run.items.some((item) => item.event === 'TRIGGER_RESTORED'),
		);
		const byWorker = finishedBy(cluster.worker.logText());
		const ranByWorker = runs.filter((run) => byWorker.has(String(run.execution.id))).length;
		say(
			`queue mode self-check: registration disabled → replaced by the check ${((seen.restoredAt - seen.disabledAt) / 1000).toFixed(1)} s later; ` +
				`${restored.length} catch-up execution (${restored[0]?.items.length ?? 0} items), ${runs.length} executions in all, finished by the worker: ${ranByWorker}`,
		);
		expect(restored).toHaveLength(1);
		expect(restored[0].execution.mode).toBe('trigger');
		expect(restored[0].items.map((item) => [item.event, item.itemId, item.recovered])).toEqual([
			['TRIGGER_RESTORED', undefined, true],
			['ORDER_CREATE', 'ORD-QUEUE-HEAL-1', true],
			['ORDER_UPDATE', 'ORD-1002', true],
		]);
		// Everything, in order: the catch-up, then the live event; nothing twice.
		expect(
			runs.map((run) => [
				run.execution.mode,
				run.execution.status,
				run.items.map((item) => item.itemId ?? item.event),
			]),
		).toEqual([
			['trigger', 'success', ['TRIGGER_RESTORED', 'ORD-QUEUE-HEAL-1', 'ORD-1002']],
			['webhook', 'success', ['ORD-1003']],
		]);
		expect(runs[1].items[0].recovered).toBeUndefined();
		expect(ranByWorker).toBe(runs.length);
	});

	test('polling mode: orders come out once each, run by the worker; exactly one GET /orders per interval', async () => {
		const runs = await emittedBy(polled.id);
		const items = runs.flatMap((run) => run.items);
		const polls = orderPolls();
		const gaps = gapsOf(polls);
		const byWorker = finishedBy(cluster.worker.logText());
		const ranByWorker = runs.filter((run) => byWorker.has(String(run.execution.id))).length;
		say(
			`queue mode polling: 3 order changes → ${items.length} items in ${runs.length} executions, finished by the worker: ${ranByWorker}; ` +
				`${polls.length} GET /orders in ${((seen.end - seen.started) / 1000).toFixed(0)} s, consecutive ones ${range(gaps)} apart; ` +
				`${account2.webhooks.size} webhooks registered`,
		);
		// What each poll asked for, what the main process logged of this workflow's polls, and the
		// trigger's saved state: enough to tell a late starting point from a discarded poll.
		const saved = (await cluster.main.api().get(`/workflows/${polled.id}`)).data?.staticData;
		const pollLines = cluster.main
			.logText()
			.split('\n')
			.filter((line) => line.includes('"Prioticket queue mode, polling"'))
			.map((line) =>
				line.replace(/ \| debug \| /, ' ').replace(/ for (superseded )?workflow .*/, ''),
			);
		say(
			`queue mode polling: reads ${polls.map((p) => `${new Date(p.at).toISOString()} ${p.status} from ${p.query.order_modified}`).join(', ')}; ` +
				`changes at ${changedAt.join(', ')}; main's log: ${pollLines.join('; ')}; saved state ${JSON.stringify(saved ?? {})}`,
		);
		expect(items.map((item) => [item.event, item.itemId])).toEqual([
			['ORDER_CREATE', 'ORD-QUEUE-POLL-1'],
			['ORDER_UPDATE', 'ORD-1001'],
			['ORDER_UPDATE', 'ORD-QUEUE-POLL-1'],
		]);
		expect(new Set(items.map((item) => item.notificationId)).size).toBe(3);
		expect(new Set(runs.map((run) => `${run.execution.mode} ${run.execution.status}`))).toEqual(
			new Set(['trigger success']),
		);
		expect(ranByWorker).toBe(runs.length);
		expect(polls.length).toBeGreaterThanOrEqual(3);
		expect(gaps.filter((gap) => Math.abs(gap * 1000 - INTERVAL_MS) > JITTER_MS)).toEqual([]);
		expect(polls.length).toBeLessThanOrEqual(
			Math.floor((seen.end - seen.started) / INTERVAL_MS) + 1,
		);
		expect(account2.webhooks.size).toBe(0);
	});

	test('deactivation leaves no registration for either URL, and nothing at all at the emulators', async () => {
		await cluster.main.deactivate(hooked.id);
		await waitFor(
			'no webhook left for the webhook-mode URL',
			() => webhooksFor(hooked.url).length === 0,
		);
		await cluster.main.deactivate(polled.id);
		await sleep(2_000);
		expect([...account2.webhooks.values()]).toEqual([]);
		expect([...emulator.webhooks.values()]).toEqual([]);
		say('queue mode Poll Times: after deactivation 0 webhooks remain at either account');
	});
});
