/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling: runs under Node, never inside n8n */
// The Prioticket Trigger in n8n's distributed (queue) mode: the main process activates the
// workflow and registers the webhook process's URL at Prioticket; deliveries reach the webhook
// process, which queues them in Redis; the worker runs them. 1,000 deliveries must become exactly
// 1,000 executions, none lost and none doubled. Needs redis-server and postgresql (Debian packages).
import { Emulator } from '../emulator/emulator';
import { emulatorCredential, triggerWorkflow } from '../e2e/fixtures';
import { type Execution, sleep, waitFor } from '../harness/n8n';
import { QueueCluster } from '../harness/queue';

const DELIVERIES = Number(process.env.QUEUE_DELIVERIES ?? 1000);
const CONCURRENCY = 16;
const EVENT = 'ORDER_CREATE';

const say = (line: string) => process.stdout.write(`[reliability] ${line}\n`);
const emulator = new Emulator({ deliveryRetryMs: 500, deliveryConcurrency: CONCURRENCY });
// Info-level logs (the harness's default): the worker's "Worker finished execution N" lines show
// who ran what.
const cluster = new QueueCluster({ log: say });
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

const webhooksFor = (url: string) => [...emulator.webhooks.values()].filter((w) => w.webhook_url === url);
const finished = (e: Execution) => !['new', 'running', 'waiting'].includes(e.status);
/** "Worker finished execution 17 (job 17)" lines of one process's log. */
const finishedBy = (log: string) => new Set([...log.matchAll(/Worker finished execution (\d+)/g)].map((m) => m[1]));

describe('Prioticket Trigger in n8n queue mode (main + webhook process + worker, PostgreSQL, Redis)', () => {
	let workflowId: string;
	let hookUrl: string;

	beforeAll(async () => {
		const { workflow, webhookId } = triggerWorkflow(credential, { events: [EVENT] }, 'Prioticket queue mode');
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
		for (let i = 0; i < DELIVERIES; i++) sent.add(emulator.notify(EVENT, `ORD-Q${i}`).notificationId);
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
			if (now.length !== executions.length || now.filter(finished).length !== executions.filter(finished).length) lastChange = Date.now();
			executions = now;
			const done = executions.length >= DELIVERIES && executions.every(finished);
			if ((done && Date.now() - lastChange > 5_000) || Date.now() - lastChange > 60_000 || Date.now() > deadline) break;
			await sleep(1_000);
		}
		const elapsed = (Math.max(...executions.map((e) => Date.parse(e.stoppedAt ?? '') || 0)) - started) / 1000;

		// One execution per notification: map them by the notificationId the trigger emitted.
		const withData = await cluster.main.executions(workflowId, true);
		const perNotification = new Map<string, number>();
		for (const execution of withData) {
			const json = execution.data?.resultData.runData['Prioticket Trigger']?.[0]?.data.main[0][0].json;
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
		expect({ executions: executions.length, successful: successful.length, lost, doubled }).toEqual({
			executions: DELIVERIES,
			successful: DELIVERIES,
			lost: 0,
			doubled: 0,
		});
		expect(new Set(executions.map((e) => e.mode))).toEqual(new Set(['webhook']));
		expect(ranByWorker).toBe(DELIVERIES);
	}, 900_000);

	test('deactivation on main removes the webhook', async () => {
		await cluster.main.deactivate(workflowId);
		await waitFor('the webhook removal', () => emulator.webhooks.size === 0);
		say('deactivation: webhook removed, 0 remain');
	});
});
