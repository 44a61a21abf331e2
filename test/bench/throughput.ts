/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// Trigger overhead in a real n8n: the same deliveries, alternating in rounds, into three active
// workflows — Prioticket Trigger → No-Op, n8n's own Webhook node with Header Auth → No-Op, and the
// Webhook node without authentication (the platform's cheapest path) → No-Op — sent over keep-alive
// HTTP. The ratio is taken per round and reported as the median with its range: deliveries per
// second from a batch's first request to the end of its last execution (n8n answers before it runs
// the execution, so the answers alone leave part of each delivery's cost uncounted; that ratio is
// reported too). Afterwards each workflow must hold exactly the executions it was sent, all
// successful, each batch's within its own window.

import { randomUUID } from 'crypto';
import { rmSync } from 'fs';
import { Agent, request } from 'http';

import { Emulator } from '../emulator/emulator';
import { emulatorCredential, triggerWorkflow } from '../e2e/fixtures';
import { N8n, sleep, waitFor } from '../harness/n8n';
import { paddedNotification } from './notification';
import { addTimes, processTotal, threadTimes, timesBetween, type ThreadTimes } from './threads';

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
	/** Answers per second while the deliveries were sent (n8n answers before it runs the execution). */
	answersPerSecond: number;
	/** Deliveries per second from the first request to the end of the batch's last execution. */
	completedPerSecond: number;
	/** CPU ms per delivery of n8n's processes, all their threads, during this side's turns (Linux). */
	cpuMs: number;
	p50Ms: number;
	p99Ms: number;
	executions: number;
}

/** Prioticket's requests/s over the other side's, per round: the median and the range. */
export interface Ratio {
	median: number;
	min: number;
	max: number;
	perRound: number[];
}

export const SIDES = ['prioticket', 'webhook', 'noAuth'] as const;
export type SideName = (typeof SIDES)[number];

export interface ThroughputResult {
	sides: Record<SideName, Side>;
	/**
	 * Against the Webhook node with Header Auth, and against it without authentication: deliveries
	 * per second up to the end of each batch's last execution, so every delivery's whole cost counts.
	 */
	ratio: { webhook: Ratio; noAuth: Ratio };
	/**
	 * Each side's turns on the machine's monotonic clock (µs, the clock of a V8 CPU profile's
	 * samples), so a profile of n8n can be split by workflow.
	 */
	turns: Record<SideName, Array<{ fromMicros: number; toMicros: number; count: number }>>;
	/**
	 * CPU seconds of n8n's threads (by name, and all of each process) during each side's turns,
	 * from /proc (Linux): what every thread, not only the profiled JavaScript one, spent.
	 */
	threads: Record<SideName, ThreadTimes>;
	/** The same, from the answers alone: part of the executions' work falls after the last answer. */
	answerRatio: { webhook: Ratio; noAuth: Ratio };
	bodyBytes: number;
	/** Emulator calls the first activation of the Prioticket workflow made, through real n8n. */
	activationCalls: number;
	deactivationCalls: number;
}

const WEBHOOK_PATH = 'bench-webhook';
const NO_AUTH_PATH = 'bench-webhook-no-auth';
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

		const { workflow, webhookId } = triggerWorkflow(
			credential,
			{ events: ['ORDER_CREATE'] },
			'Bench: Prioticket Trigger',
		);
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
		const workflowIds: Record<SideName, string> = {
			prioticket: prioticketId,
			webhook: await n8n.createWorkflow(
				webhookWorkflow(WEBHOOK_PATH, { id: headerAuth, name: 'Bench header auth' }),
			),
			noAuth: await n8n.createWorkflow(webhookWorkflow(NO_AUTH_PATH)),
		};
		await n8n.activate(workflowIds.webhook);
		await n8n.activate(workflowIds.noAuth);
		const urls: Record<SideName, string> = {
			prioticket: prioticketUrl,
			webhook: `${n8n.url}/webhook/${WEBHOOK_PATH}`,
			noAuth: `${n8n.url}/webhook/${NO_AUTH_PATH}`,
		};

		const body = Buffer.from(
			JSON.stringify(paddedNotification(options.bodyBytes, emulator.catalogue)),
		);
		const headers = { 'Content-Type': 'application/json', Authorization: `Basic ${secret}` };
		const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
		const send = (url: string, count: number) =>
			deliver(agent, url, headers, body, count, options.concurrency);

		// Warm-up, not measured: a round's worth of deliveries to each workflow, so that the JIT, the
		// connection pool and n8n's caches are warm for every side. (With 35 each, a run on 2026-12-01
		// had the trigger's first two rounds as its slowest, 0.82× and 0.89×, the others 0.97–1.09×.)
		const perRound = Math.ceil(options.deliveries / options.rounds);
		const warmUp = Math.max(20, perRound);
		for (const side of SIDES) {
			await send(urls[side], warmUp);
			await settled(n8n);
		}

		const samples = { prioticket: new Samples(), webhook: new Samples(), noAuth: new Samples() };
		const threads: Record<SideName, ThreadTimes> = {
			prioticket: new Map(),
			webhook: new Map(),
			noAuth: new Map(),
		};
		const answerRates: Array<Record<SideName, number>> = [];
		const batches: Array<Record<SideName, Batch>> = [];
		for (let round = 0; round < options.rounds; round++) {
			const count = Math.min(perRound, options.deliveries - round * perRound);
			// Rotate who goes first, so no side always runs right after another's backlog.
			const order = SIDES.map((_, i) => SIDES[(i + round) % SIDES.length]);
			const rates = {} as Record<SideName, number>;
			const batch = {} as Record<SideName, Batch>;
			for (const side of order) {
				const from = Date.now();
				const fromMicros = monotonicMicros();
				const cpuBefore = threadTimes(n8n.pid);
				const sent = await send(urls[side], count);
				samples[side].add(sent);
				rates[side] = count / sent.seconds;
				await settled(n8n);
				batch[side] = { count, from, to: Date.now(), fromMicros, toMicros: monotonicMicros() };
				addTimes(threads[side], timesBetween(cpuBefore, threadTimes(n8n.pid)));
			}
			answerRates.push(rates);
			batches.push(batch);
			options.log(
				`round ${round + 1}/${options.rounds}: ${count} deliveries each; answers/s ` +
					SIDES.map((side) => `${side} ${rates[side].toFixed(1)}`).join(', '),
			);
		}
		agent.destroy();

		// n8n's own records: each workflow holds exactly what it was sent, every execution successful;
		// each batch's executions started within its own window, and the last one's end closes it.
		const expected = warmUp + options.deliveries;
		const executions = {} as Record<SideName, number>;
		const completedRates: Array<Record<SideName, number>> = batches.map(
			() => ({}) as Record<SideName, number>,
		);
		const completed = { prioticket: 0, webhook: 0, noAuth: 0 };
		for (const side of SIDES) {
			const all = await n8n.executions(workflowIds[side]);
			const successful = all.filter((e) => e.status === 'success').length;
			if (all.length !== expected || successful !== expected) {
				throw new Error(
					`${side}: ${all.length} executions recorded (${successful} successful), expected exactly ${expected}, all successful`,
				);
			}
			executions[side] = successful;
			let seconds = 0;
			batches.forEach((batch, round) => {
				const { count, from, to } = batch[side];
				const inWindow = all.filter((e) => {
					const started = Date.parse(e.startedAt ?? '');
					return started >= from && started <= to;
				});
				if (inWindow.length !== count)
					throw new Error(
						`${side}, round ${round + 1}: ${inWindow.length} executions started while its ${count} deliveries were sent`,
					);
				const end = Math.max(...inWindow.map((e) => Date.parse(e.stoppedAt ?? '')));
				completedRates[round][side] = count / ((end - from) / 1000);
				seconds += (end - from) / 1000;
			});
			completed[side] = options.deliveries / seconds;
		}
		options.log(
			`deliveries/s to the last execution's end, per round: ` +
				completedRates
					.map((rates) => SIDES.map((side) => rates[side].toFixed(1)).join('/'))
					.join(', ') +
				` (${SIDES.join('/')})`,
		);

		const beforeDeactivation = emulator.requests.length;
		await n8n.deactivate(prioticketId);
		await waitFor('the webhook removal', () => !emulator.webhooks.has(registration.webhook_id));
		const deactivationCalls = emulator.requests.length - beforeDeactivation;

		const cpuMs = (side: SideName) => (1000 * processTotal(threads[side])) / options.deliveries;
		return {
			sides: {
				prioticket: samples.prioticket.summary(
					executions.prioticket,
					completed.prioticket,
					cpuMs('prioticket'),
				),
				webhook: samples.webhook.summary(executions.webhook, completed.webhook, cpuMs('webhook')),
				noAuth: samples.noAuth.summary(executions.noAuth, completed.noAuth, cpuMs('noAuth')),
			},
			ratio: {
				webhook: ratioOf(completedRates.map((r) => r.prioticket / r.webhook)),
				noAuth: ratioOf(completedRates.map((r) => r.prioticket / r.noAuth)),
			},
			answerRatio: {
				webhook: ratioOf(answerRates.map((r) => r.prioticket / r.webhook)),
				noAuth: ratioOf(answerRates.map((r) => r.prioticket / r.noAuth)),
			},
			turns: Object.fromEntries(
				SIDES.map((side) => [
					side,
					batches.map(({ [side]: { count, fromMicros, toMicros } }) => ({
						count,
						fromMicros,
						toMicros,
					})),
				]),
			) as ThroughputResult['turns'],
			threads,
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

export function ratioOf(perRound: number[]): Ratio {
	const sorted = [...perRound].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	return { median, min: sorted[0], max: sorted[sorted.length - 1], perRound };
}

/**
 * n8n's Webhook node → No-Op: with a credential, checking the same Authorization header the
 * trigger checks; without one, no authentication at all.
 */
function webhookWorkflow(path: string, credential?: { id: string; name: string }) {
	return {
		name: credential
			? 'Bench: n8n Webhook node (Header Auth)'
			: 'Bench: n8n Webhook node (no auth)',
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: {
					httpMethod: 'POST',
					path,
					authentication: credential ? 'headerAuth' : 'none',
					responseMode: 'onReceived',
					options: {},
				},
				...(credential ? { credentials: { httpHeaderAuth: credential } } : {}),
			},
			{
				id: randomUUID(),
				name: 'No Operation',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: { Webhook: { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] } },
		settings: SETTINGS,
	};
}

/** `count` POSTs, `concurrency` at a time; the latency of each, and the wall time of all. */
async function deliver(
	agent: Agent,
	url: string,
	headers: Record<string, string>,
	body: Buffer,
	count: number,
	concurrency: number,
) {
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

function post(
	agent: Agent,
	url: string,
	headers: Record<string, string>,
	body: Buffer,
): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = request(
			url,
			{ method: 'POST', agent, headers: { ...headers, 'Content-Length': body.length } },
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

/**
 * One side's deliveries in one round: sent from `from` (ms), n8n idle again at `to`; the same on the
 * monotonic clock in µs.
 */
interface Batch {
	count: number;
	from: number;
	to: number;
	fromMicros: number;
	toMicros: number;
}

const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/** Waits until n8n has no execution running, so a round never pays for the previous one. */
async function settled(n8n: N8n) {
	await waitFor(
		'n8n to finish its executions',
		async () => {
			const response = await n8n
				.api()
				.get('/executions', { params: { status: 'running', limit: 1 } });
			return response.status === 200 && response.data.data.length === 0;
		},
		300_000,
	);
	await sleep(200);
}

class Samples {
	private latencies: number[] = [];
	private seconds = 0;

	add({ latencies, seconds }: { latencies: number[]; seconds: number }) {
		this.latencies.push(...latencies);
		this.seconds += seconds;
	}

	summary(executions: number, completedPerSecond: number, cpuMs: number): Side {
		const sorted = [...this.latencies].sort((a, b) => a - b);
		const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
		return {
			answersPerSecond: sorted.length / this.seconds,
			completedPerSecond,
			cpuMs,
			p50Ms: at(0.5),
			p99Ms: at(0.99),
			executions,
		};
	}
}
