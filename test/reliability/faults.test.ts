/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling: runs under Node, never inside n8n */
// API faults while n8n activates and deactivates the trigger, token expiry mid-workflow, a changed
// N8N_WEBHOOK_URL, and 100 activate/deactivate cycles with random faults: exactly one webhook while
// active, none after, nothing orphaned, nothing duplicated.
import axios from 'axios';

import { MAX_ATTEMPTS } from '../../nodes/Prioticket/transport';
import type { Fault } from '../emulator/emulator';
import { actionWorkflow, triggerWorkflow } from '../e2e/fixtures';
import { waitFor } from '../harness/n8n';
import {
	QUIET_AFTER_FAULTS,
	report,
	seededRandom,
	settle,
	settledCount,
	useStack,
	webhooksAt,
} from './support';

const stack = useStack();
const { emulator, n8n } = stack;

async function triggerUnderTest(events = ['ORDER_CREATE']) {
	const { workflow, webhookId } = triggerWorkflow(stack.credential, { events });
	const id = await n8n.createWorkflow(workflow);
	return { id, url: () => `${n8n.url}/webhook/${webhookId}/webhook`, webhookId };
}

/** Attempts the transport makes for a GET or DELETE before the failure reaches n8n. */
const TRANSPORT_ATTEMPTS = MAX_ATTEMPTS;

type Op = Pick<Fault, 'method' | 'path' | 'after'>;
const ops: Record<string, Op> = {
	list: { method: 'GET', path: '/webhooks' },
	create: { method: 'POST', path: '/webhooks' },
	'create (done, answer lost)': { method: 'POST', path: '/webhooks', after: true },
	delete: { method: 'DELETE', path: '/webhooks/' },
};

/** Answers the emulator gave with this fault's status on this call: how often the fault fired. */
const fired = (op: Op, status: number) =>
	emulator.requests.filter(
		(r) => r.method === op.method && r.path.includes(op.path!) && r.status === status,
	).length;

/**
 * Whether a fault failed a whole call, so that n8n (its activation retry) or the trigger's
 * clean-up had to recover: a POST is never retried by the transport; a GET or DELETE only once
 * it failed more often than the transport tries.
 */
const reachesN8n = (op: Op, count: number) => op.method === 'POST' || count >= TRANSPORT_ATTEMPTS;

describe('faults during activation and deactivation', () => {
	const rows: string[] = [];
	afterAll(() => report(`faults during (de)activation:\n${rows.join('\n')}`));

	// Twice each: absorbed by the transport's retries (list, delete) or, for a POST, seen by n8n;
	// and a list failing 5 times, past the transport's 4 attempts, so n8n's activation retry must act.
	const cases = [
		...Object.keys(ops).map((op) => [op, 2] as const),
		['list', TRANSPORT_ATTEMPTS + 1] as const,
	].flatMap(([op, count]) => [429, 500, 503].map((status) => [op, count, status] as const));

	test.each(cases)(
		'%s failing %i times with %i: one webhook after activation, none after deactivation',
		async (op, count, status) => {
			const trigger = await triggerUnderTest();
			emulator.faults.length = 0;
			emulator.requests.length = 0;
			const fault = { ...ops[op], status, count, retryAfter: status === 429 ? 0 : undefined };
			// Delete faults are injected on deactivation; the others on activation.
			if (op !== 'delete') emulator.faults.push({ ...fault });
			await n8n.activate(trigger.id);
			const active = await settledCount(emulator, trigger.url(), 1, QUIET_AFTER_FAULTS);
			if (op === 'delete') emulator.faults.push({ ...fault });
			await n8n.deactivate(trigger.id);
			const inactive = await settledCount(emulator, trigger.url(), 0, QUIET_AFTER_FAULTS);
			const answered = fired(ops[op], status);
			const calls = emulator.requests.filter(
				(r) => r.method === ops[op].method && r.path.includes(ops[op].path!),
			).length;
			const byN8n = reachesN8n(ops[op], count);
			rows.push(
				`  ${op.padEnd(28)} ${count}× ${status}: fired ${answered}×, ${calls} ${ops[op].method} calls in all, ` +
					`${byN8n ? 'recovered by n8n / clean-up' : 'absorbed by the transport'}; active → ${active} webhook, inactive → ${inactive}`,
			);
			expect({ active, inactive, fired: answered, left: emulator.faults.length }).toEqual({
				active: 1,
				inactive: 0,
				fired: count,
				left: 0,
			});
			// Every call after the faulted ones is a retry. For a POST, the transport makes none: each
			// extra POST is n8n retrying the activation. For a list failing past the transport's attempts,
			// the activation can only have succeeded by n8n retrying it.
			if (ops[op].method === 'POST' && !ops[op].after) expect(calls).toBe(count + 1);
			if (byN8n && ops[op].method === 'GET') expect(calls).toBeGreaterThan(TRANSPORT_ATTEMPTS);
		},
	);

	test('a delete that keeps failing is reported with the webhook to remove by hand; the next activation adopts it', async () => {
		const trigger = await triggerUnderTest();
		await n8n.activate(trigger.id);
		const [webhook] = await waitFor(
			'the registration',
			() => webhooksAt(emulator, trigger.url()).length === 1 && webhooksAt(emulator, trigger.url()),
		);
		await settle(emulator, trigger.url());
		emulator.faults.push({ status: 500, count: 1000, method: 'DELETE' });
		await n8n.deactivate(trigger.id);
		const message = `Could not remove Prioticket webhook ${webhook.webhook_id}`;
		await waitFor("the error in n8n's log", () => n8n.logText().includes(message), 90_000);
		await settle(emulator, trigger.url(), { quietMs: 5000, timeoutMs: 120_000 });
		emulator.faults.length = 0;
		expect(webhooksAt(emulator, trigger.url())).toHaveLength(1);
		// Static data still holds its id and secret, so the next activation adopts it: still one.
		await n8n.activate(trigger.id);
		expect(await settledCount(emulator, trigger.url(), 1)).toBe(1);
		expect(webhooksAt(emulator, trigger.url())[0].webhook_id).toBe(webhook.webhook_id);
		await n8n.deactivate(trigger.id);
		expect(await settledCount(emulator, trigger.url(), 0)).toBe(0);
		rows.push(
			`  delete failing for good: n8n logs "${message}: …"; the next activation adopts it, the next deactivation removes it`,
		);
	}, 300_000);
});

test('a token that expires in the middle of a workflow: one refresh, no failed item', async () => {
	emulator.reset();
	for (let n = 0; n < 10; n++) {
		emulator['createWebhook'](
			{
				data: {
					webhook: { webhook_events: ['ORDER_CREATE'], webhook_url: `https://example.com/${n}` },
				},
			},
			'v3.8',
		);
	}
	const ids = [...emulator.webhooks.keys()];
	const workflow = actionWorkflow(stack.credential, 'expiry', {
		resource: 'webhook',
		operation: 'get',
		webhookId: '={{ $json.id }}',
	});
	// Split the request's list of ids into one item each, so the node makes one call per item.
	workflow.nodes.splice(1, 0, {
		id: 'split',
		name: 'One Item per ID',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [110, 0],
		parameters: { fieldToSplitOut: 'body.ids', options: { destinationFieldName: 'id' } },
	} as never);
	workflow.connections = {
		Webhook: { main: [[{ node: 'One Item per ID', type: 'main', index: 0 }]] },
		'One Item per ID': { main: [[{ node: 'Prioticket', type: 'main', index: 0 }]] },
	} as never;
	const id = await n8n.createWorkflow(workflow);
	await n8n.activate(id);
	// One call first, so n8n holds a valid token when the test starts.
	await waitFor(
		'the /webhook/expiry route',
		async () =>
			(
				await axios.post(
					`${n8n.url}/webhook/expiry`,
					{ ids: [ids[0]] },
					{ validateStatus: () => true },
				)
			).status === 200,
	);
	emulator.requests.length = 0;
	emulator.expireTokens(5);
	const response = await axios.post(
		`${n8n.url}/webhook/expiry`,
		{ ids },
		{ validateStatus: () => true },
	);
	await n8n.deactivate(id);
	const items = response.data as Array<Record<string, unknown>>;
	const refreshes = emulator.countRequests('POST', '/oauth2/token');
	report(
		`token expiry mid-workflow: ${items.filter((i) => i.webhook_id).length}/10 items succeeded, ${refreshes} token refresh`,
	);
	expect(items.map((i) => i.webhook_id)).toEqual(ids);
	expect(refreshes).toBe(1);
	expect(emulator.requests.filter((r) => r.status === 401)).toHaveLength(1);
}, 300_000);

test('N8N_WEBHOOK_URL changed between runs: the old registration is replaced, not left behind', async () => {
	emulator.reset();
	await n8n.restart({ N8N_WEBHOOK_URL: `http://127.0.0.1:${n8n.port}/` });
	const trigger = await triggerUnderTest();
	await n8n.activate(trigger.id);
	await settledCount(emulator, trigger.url(), 1);
	const [before] = webhooksAt(emulator, trigger.url());
	await n8n.restart({ N8N_WEBHOOK_URL: `http://localhost:${n8n.port}/` });
	const newUrl = `http://localhost:${n8n.port}/webhook/${trigger.webhookId}/webhook`;
	await n8n.deactivate(trigger.id);
	await n8n.activate(trigger.id);
	await settledCount(emulator, newUrl, 1);
	const all = [...emulator.webhooks.values()];
	report(
		`N8N_WEBHOOK_URL changed: before ${before.webhook_url}; after ${all.map((w) => w.webhook_url).join(', ')}`,
	);
	expect(all.map((w) => w.webhook_url)).toEqual([newUrl]);
	await n8n.deactivate(trigger.id);
	expect(await settledCount(emulator, newUrl, 0)).toBe(0);
	expect(emulator.webhooks.size).toBe(0);
	await n8n.restart({ N8N_WEBHOOK_URL: `http://127.0.0.1:${n8n.port}/` });
}, 300_000);

test('100 activate/deactivate cycles with random faults: no orphaned and no duplicate webhook', async () => {
	emulator.reset();
	const trigger = await triggerUnderTest(['ORDER_CREATE', 'ORDER_UPDATE']);
	const random = seededRandom(Number(process.env.RELIABILITY_SEED ?? 20261127));
	const cycles = Number(process.env.RELIABILITY_CYCLES ?? 100);
	const opNames = Object.keys(ops);
	let faulted = 0;
	let firedTotal = 0;
	let reachedN8n = 0;
	let maxActive = 0;
	let minActive = Infinity;
	let leftAfterDeactivation = 0;
	for (let cycle = 0; cycle < cycles; cycle++) {
		const inject = random() < 0.5;
		const op = opNames[Math.floor(random() * opNames.length)];
		const status = [429, 500, 503][Math.floor(random() * 3)];
		// A list fails up to 5 times (past the transport's 4 attempts, so n8n's retry must act); a
		// create or delete up to twice: n8n retries a failed activation only a few times, and a delete
		// failing for good leaves the webhook by design (the test above).
		const count = 1 + Math.floor(random() * (op === 'list' ? TRANSPORT_ATTEMPTS + 1 : 2));
		const fault: Fault = { ...ops[op], status, count, retryAfter: status === 429 ? 0 : undefined };
		emulator.requests.length = 0;
		if (inject) faulted++;
		if (inject && reachesN8n(ops[op], count)) reachedN8n++;
		if (inject && op !== 'delete') emulator.faults.push(fault);
		const quiet = inject ? QUIET_AFTER_FAULTS : 1000;
		await n8n.activate(trigger.id);
		const active = await settledCount(emulator, trigger.url(), 1, quiet);
		maxActive = Math.max(maxActive, active);
		minActive = Math.min(minActive, active);
		if (inject && op === 'delete') emulator.faults.push(fault);
		await n8n.deactivate(trigger.id);
		leftAfterDeactivation += await settledCount(emulator, trigger.url(), 0, quiet);
		if (inject) {
			// The fault must have fired in full: a fault that never reached the API proves nothing.
			expect({ cycle, fired: fired(ops[op], status), left: emulator.faults.length }).toEqual({
				cycle,
				fired: count,
				left: 0,
			});
			firedTotal += count;
		}
		emulator.faults.length = 0;
	}
	const orphans = webhooksAt(emulator, trigger.url()).length;
	// emulator.requests was cleared per cycle; the webhooks themselves are what count here.
	report(
		`${cycles} activate/deactivate cycles, ${faulted} with a fault, all fired (${firedTotal} faulted answers), ` +
			`${reachedN8n} of them past the transport's retries: webhooks while active min ${minActive} max ${maxActive}; ` +
			`left after deactivation ${leftAfterDeactivation}; orphaned at the end ${orphans}; all webhooks at the emulator ${emulator.webhooks.size}`,
	);
	expect([minActive, maxActive, leftAfterDeactivation, orphans, emulator.webhooks.size]).toEqual([
		1, 1, 0, 0, 0,
	]);
}, 1_800_000);
