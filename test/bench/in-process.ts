/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- test tooling: runs under Node, never inside n8n */
// The nodes through n8n-core's real contexts (TestBed), against the emulator: what webhook() costs
// per delivery, and how many API calls each lifecycle step makes.

import axios from 'axios';
import { execFileSync } from 'child_process';
import { join } from 'path';

import { TestBed, triggerUrl } from '../integration/testbed';
import { paddedNotification } from './notification';

export interface HandlerCost {
	bodyBytes: number;
	calls: number;
	medianMicros: number;
	p99Micros: number;
}

/**
 * webhook() without Resolve in `runs` fresh processes (`handler.ts --json`), the median of their
 * medians: one process's figure depends on how its JIT happened to settle (on an idle 2-core
 * machine, runs of the same build gave 8.9 to 26.9 µs), which fresh processes
 * average out. Each process's figures are kept.
 */
export function measureHandlerInProcesses(
	runs: number,
	calls: number,
): HandlerCost & {
	runs: HandlerCost[];
} {
	const results = Array.from({ length: runs }, () => {
		const output = execFileSync(
			process.execPath,
			[...process.execArgv, join(__dirname, 'handler.ts'), '--calls', String(calls), '--json'],
			{ encoding: 'utf8' },
		);
		return JSON.parse(output.trim().split('\n').pop()!) as HandlerCost;
	});
	const sorted = [...results].sort((a, b) => a.medianMicros - b.medianMicros);
	return { ...sorted[Math.floor(sorted.length / 2)], runs: results };
}

/** webhook() on a verified `bodyBytes` notification: WebhookContext construction plus the handler. */
export async function measureHandler(
	bed: TestBed,
	{ resolve, calls, bodyBytes }: { resolve: boolean; calls: number; bodyBytes: number },
): Promise<HandlerCost> {
	bed.emulator.reset();
	bed.resetCredential();
	const trigger = bed.trigger({ events: ['ORDER_CREATE'], options: { resolve } });
	await trigger.activate();
	const headers = { authorization: `Basic ${String(trigger.staticData().secret)}` };
	const body = paddedNotification(bodyBytes, bed.emulator.catalogue);

	const warmUp = Math.min(200, calls);
	const samples: number[] = [];
	for (let n = 0; n < warmUp + calls; n++) {
		const started = process.hrtime.bigint();
		const { result } = await trigger.deliver({ body, headers });
		const micros = Number(process.hrtime.bigint() - started) / 1000;
		if (!result.workflowData) throw new Error('a verified delivery started no workflow');
		if (resolve && !('resolved' in result.workflowData[0][0].json))
			throw new Error('resolve did not resolve the order');
		if (n >= warmUp) samples.push(micros);
	}
	samples.sort((a, b) => a - b);
	return {
		bodyBytes: Buffer.byteLength(JSON.stringify(body)),
		calls,
		medianMicros: samples[Math.floor(samples.length / 2)],
		p99Micros: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))],
	};
}

export interface LifecycleStep {
	step: string;
	calls: number;
	/** The number of calls the README documents; any other count fails the run. */
	expected: number;
	detail: string;
}

/** API calls counted at the emulator, one lifecycle step at a time. */
export async function countLifecycleCalls(
	bed: TestBed,
	{ webhooks, executions }: { webhooks: number; executions: number },
): Promise<LifecycleStep[]> {
	const { emulator } = bed;
	const steps: LifecycleStep[] = [];
	const count = async (step: string, expected: number, action: () => Promise<unknown>) => {
		const before = emulator.requests.length;
		await action();
		const made = emulator.requests.slice(before);
		const calls = made.map(
			(r) =>
				`${r.method} ${r.path.replace(/^\/v[\d.]+\/distributor/, '').replace(/\/webhooks\/.+/, '/webhooks/{id}')}`,
		);
		const grouped = [...new Set(calls)].map(
			(call) => `${calls.filter((c) => c === call).length}× ${call}`,
		);
		steps.push({ step, calls: made.length, expected, detail: grouped.join(', ') });
	};

	emulator.reset();
	bed.resetCredential();
	const trigger = bed.trigger({ events: ['ORDER_CREATE', 'ORDER_CANCEL'] });
	await count('first activation (fresh credential)', 3, trigger.activate);
	await count('re-activation, webhook still registered', 1, trigger.activate);
	// A list (to catch strays for this URL, e.g. from a create whose answer was lost) and the delete.
	await count('deactivation', 2, trigger.delete);

	// Registrations for this node's URL that n8n lost track of (here: for other events): each one
	// costs a DELETE on top of token, list and create.
	emulator.reset();
	bed.resetCredential();
	for (let n = 0; n < 2; n++) {
		emulator['createWebhook'](
			{ data: { webhook: { webhook_events: ['PRODUCT_UPDATE'], webhook_url: triggerUrl() } } },
			'v3.8',
		);
	}
	await count('first activation, 2 stray registrations for its URL', 5, trigger.activate);
	if (emulator.webhooks.size !== 1)
		throw new Error(
			`${emulator.webhooks.size} webhooks after activating over 2 strays, expected exactly 1`,
		);
	await trigger.delete();
	steps.push(...(await countPollCalls(bed)));

	await axios.post(`${emulator.url}/__emulator/webhooks/seed`, { count: webhooks });
	await count(
		`Get Many, Return All, ${webhooks.toLocaleString('en')} webhooks`,
		Math.ceil(webhooks / 200),
		async () => {
			const items = await bed.runAction({
				resource: 'webhook',
				operation: 'getAll',
				returnAll: true,
			});
			if (items.length !== webhooks)
				throw new Error(`Get Many returned ${items.length} webhooks, expected ${webhooks}`);
		},
	);

	emulator.reset();
	bed.resetCredential();
	await count(`${executions} executions of Get Many (Limit 1): token calls`, 1, async () => {
		for (let n = 0; n < executions; n++)
			await bed.runAction({ resource: 'webhook', operation: 'getAll', returnAll: false, limit: 1 });
	});
	const last = steps[steps.length - 1];
	last.calls = emulator.countRequests('POST', '/oauth2/token');
	return steps;
}

/** API calls of the trigger's polls: the self-check (webhook mode) and an idle poll (polling mode). */
export async function countPollCalls(bed: TestBed): Promise<LifecycleStep[]> {
	const { emulator } = bed;
	const steps: LifecycleStep[] = [];
	const count = async (step: string, expected: number, action: () => Promise<unknown>) => {
		const before = emulator.requests.length;
		await action();
		const calls = emulator.requests
			.slice(before)
			.map(
				(r) =>
					`${r.method} ${r.path.replace(/^\/v[\d.]+\/distributor/, '').replace(/\/webhooks\/.+/, '/webhooks/{id}')}`,
			);
		const grouped = [...new Set(calls)].map(
			(call) => `${calls.filter((c) => c === call).length}× ${call}`,
		);
		steps.push({ step, calls: calls.length, expected, detail: grouped.join(', ') });
	};

	emulator.reset();
	bed.resetCredential();
	const trigger = bed.trigger({ events: ['ORDER_CREATE', 'ORDER_CANCEL'] });
	await trigger.activate();
	await count('self-check, registration healthy (webhook mode)', 1, trigger.poll);
	emulator.disableWebhook(String(trigger.staticData().webhookId));
	// List, remove the disabled one, register anew, read the orders changed while it was deaf.
	await count(
		'self-check, registration disabled: restore and catch-up (order events)',
		4,
		trigger.poll,
	);
	await trigger.delete();

	const ordersOnly = bed.trigger(
		{ receiveBy: 'polling', events: ['ORDER_CREATE', 'ORDER_UPDATE'] },
		{ webhookId: 'poll-1', workflowId: 'wf-poll-1' },
	);
	await ordersOnly.activate();
	await ordersOnly.poll();
	await count('idle poll, order events (polling mode)', 1, ordersOnly.poll);
	const both = bed.trigger(
		{ receiveBy: 'polling', events: ['ORDER_CREATE', 'PRODUCT_UPDATE'] },
		{ webhookId: 'poll-2', workflowId: 'wf-poll-2' },
	);
	await both.activate();
	await both.poll();
	// The lists are read in turn: each poll reads one of them.
	await count('idle poll, order and product events (polling mode)', 1, both.poll);
	await count('next idle poll, order and product events (polling mode)', 1, both.poll);
	return steps;
}
