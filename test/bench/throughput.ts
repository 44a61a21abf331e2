/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// Trigger overhead in a real n8n: the same deliveries, alternating in rounds, into two active
// workflows — Prioticket Trigger → No-Op and n8n's own Webhook node (header auth) → No-Op — sent
// over keep-alive HTTP. Afterwards each workflow must hold exactly the executions it was sent.

import { randomUUID } from 'crypto';
import { rmSync } from 'fs';
import { Agent, request } from 'http';

import { Emulator } from '../emulator/emulator';
import { emulatorCredential, triggerWorkflow } from '../e2e/fixtures';
import { N8n, sleep, waitFor } from '../harness/n8n';
import { paddedNotification } from './notification';

export interface ThroughputOptions {
	deliveries: number;
	rounds: number;
	concurrency: number;
	bodyBytes: number;
	/** Extra n8n environment, e.g. N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE. */
	env?: Record<string, string>;
	log: (line: string) => void;
}

export interface Side {
	requestsPerSecond: number;
	p50Ms: number;
	p99Ms: number;
	executions: number;
}

export interface ThroughputResult {
	prioticket: Side;
	webhook: Side;
	ratio: number;
	bodyBytes: number;
	/** Emulator calls the first activation of the Prioticket workflow made, through real n8n. */
	activationCalls: number;
	deactivationCalls: number;
}

const WEBHOOK_PATH = 'bench-webhook';
// Saving every successful execution is n8n's default; it is kept so that the counts below are
// n8n's own records, not inferred from HTTP answers.
const SETTINGS = { saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' };

export async function measureThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
	const emulator = new Emulator();
	const n8n = new N8n({ env: { N8N_LOG_LEVEL: 'warn', ...options.env }, log: options.log });
	try {
		await emulator.start();
		await n8n.start();
		const credential = await emulatorCredential(n8n, emulator);

		const { workflow, webhookId } = triggerWorkflow(credential, { events: ['ORDER_CREATE'] }, 'Bench: Prioticket Trigger');
		const prioticketId = await n8n.createWorkflow({ ...workflow, settings: SETTINGS });
		const before = emulator.requests.length;
		await n8n.activate(prioticketId);
		const prioticketUrl = `${n8n.url}/webhook/${webhookId}/webhook`;
		const registration = await waitFor('the registration', () =>
			[...emulator.webhooks.values()].find((w) => w.webhook_url === prioticketUrl),
		);
		const activationCalls = emulator.requests.length - before;
		const secret = registration.webhook_auth!;

		const headerAuth = await n8n.createCredential('Bench header auth', 'httpHeaderAuth', {
			name: 'Authorization',
			value: `Basic ${secret}`,
		});
		const webhookWorkflowId = await n8n.createWorkflow(webhookWorkflow({ id: headerAuth, name: 'Bench header auth' }));
		await n8n.activate(webhookWorkflowId);
		const webhookUrl = `${n8n.url}/webhook/${WEBHOOK_PATH}`;

		const body = Buffer.from(JSON.stringify(paddedNotification(options.bodyBytes, emulator.catalogue)));
		const headers = { 'Content-Type': 'application/json', Authorization: `Basic ${secret}` };
		const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
		const send = (url: string, count: number) => deliver(agent, url, headers, body, count, options.concurrency);

		// Warm-up: JIT, connection pool and n8n's caches, for both, not measured.
		const warmUp = Math.max(20, Math.round(options.deliveries / 20));
		await send(prioticketUrl, warmUp);
		await send(webhookUrl, warmUp);
		await settled(n8n);

		const sides = { prioticket: new Samples(), webhook: new Samples() };
		const perRound = Math.ceil(options.deliveries / options.rounds);
		for (let round = 0; round < options.rounds; round++) {
			const count = Math.min(perRound, options.deliveries - round * perRound);
			// Alternate who goes first, so neither always runs right after the other's backlog.
			const order = round % 2 === 0 ? (['prioticket', 'webhook'] as const) : (['webhook', 'prioticket'] as const);
			for (const side of order) {
				sides[side].add(await send(side === 'prioticket' ? prioticketUrl : webhookUrl, count));
				await settled(n8n);
			}
			options.log(`round ${round + 1}/${options.rounds}: ${count} deliveries each`);
		}
		agent.destroy();

		const executions = {
			prioticket: await successfulExecutions(n8n, prioticketId),
			webhook: await successfulExecutions(n8n, webhookWorkflowId),
		};
		for (const side of ['prioticket', 'webhook'] as const) {
			const expected = warmUp + options.deliveries;
			if (executions[side] !== expected) {
				throw new Error(`${side}: ${executions[side]} successful executions recorded, expected exactly ${expected}`);
			}
		}

		const beforeDeactivation = emulator.requests.length;
		await n8n.deactivate(prioticketId);
		await waitFor('the webhook removal', () => !emulator.webhooks.has(registration.webhook_id));
		const deactivationCalls = emulator.requests.length - beforeDeactivation;

		const prioticket = sides.prioticket.summary(executions.prioticket);
		const webhook = sides.webhook.summary(executions.webhook);
		return {
			prioticket,
			webhook,
			ratio: prioticket.requestsPerSecond / webhook.requestsPerSecond,
			bodyBytes: body.length,
			activationCalls,
			deactivationCalls,
		};
	} finally {
		await n8n.stop();
		await emulator.stop();
		rmSync(n8n.userFolder, { recursive: true, force: true });
	}
}

/** n8n's Webhook node, checking the same Authorization header the trigger checks → No-Op. */
function webhookWorkflow(credential: { id: string; name: string }) {
	return {
		name: 'Bench: n8n Webhook node',
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, authentication: 'headerAuth', responseMode: 'onReceived', options: {} },
				credentials: { httpHeaderAuth: credential },
			},
			{ id: randomUUID(), name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { Webhook: { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] } },
		settings: SETTINGS,
	};
}

/** `count` POSTs, `concurrency` at a time; the latency of each, and the wall time of all. */
async function deliver(agent: Agent, url: string, headers: Record<string, string>, body: Buffer, count: number, concurrency: number) {
	const latencies: number[] = [];
	let next = 0;
	const started = process.hrtime.bigint();
	const worker = async () => {
		while (next < count) {
			next++;
			const sent = process.hrtime.bigint();
			const status = await post(agent, url, headers, body);
			if (status !== 200) throw new Error(`POST ${url} answered ${status}, expected 200`);
			latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return { latencies, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function post(agent: Agent, url: string, headers: Record<string, string>, body: Buffer): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method: 'POST', agent, headers: { ...headers, 'Content-Length': body.length } }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
		});
		req.on('error', reject);
		req.end(body);
	});
}

/** Waits until n8n has no execution running, so a round never pays for the previous one. */
async function settled(n8n: N8n) {
	await waitFor(
		'n8n to finish its executions',
		async () => {
			const response = await n8n.api().get('/executions', { params: { status: 'running', limit: 1 } });
			return response.status === 200 && response.data.data.length === 0;
		},
		300_000,
	);
	await sleep(200);
}

async function successfulExecutions(n8n: N8n, workflowId: string) {
	return (await n8n.executions(workflowId)).filter((e) => e.status === 'success').length;
}

class Samples {
	private latencies: number[] = [];
	private seconds = 0;

	add({ latencies, seconds }: { latencies: number[]; seconds: number }) {
		this.latencies.push(...latencies);
		this.seconds += seconds;
	}

	summary(executions: number): Side {
		const sorted = [...this.latencies].sort((a, b) => a - b);
		const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
		return { requestsPerSecond: sorted.length / this.seconds, p50Ms: at(0.5), p99Ms: at(0.99), executions };
	}
}
