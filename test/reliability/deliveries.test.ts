/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling: runs under Node, never inside n8n */
// What reaches the trigger's URL in a real n8n: 22 kinds of bad or odd input (each gets its
// documented status, none starts an unintended execution, n8n stays healthy, no secret leaks), then
// load: 1,000 deliveries at concurrency 16 → exactly 1,000 executions, and 5% re-deliveries with the
// README's duplicates recipe (a data table of seen notificationIds) → exactly the unique events.
import axios from 'axios';
import { randomUUID } from 'crypto';

import { notificationBody } from '../emulator/data';
import { triggerWorkflow } from '../e2e/fixtures';
import { waitFor, type Execution } from '../harness/n8n';
import { report, useStack, webhooksAt } from './support';

// Debug logging, so that "no secret in the log" covers everything n8n can write.
const stack = useStack({
	env: { N8N_LOG_LEVEL: 'debug' },
	emulator: { deliveryRetryMs: 1000, deliveryConcurrency: 16 },
});
const { emulator, n8n } = stack;

async function activeTrigger(
	parameters: Record<string, unknown>,
	extraNodes: { nodes: unknown[]; connections: unknown } | undefined = undefined,
) {
	const { workflow, webhookId } = triggerWorkflow(stack.credential, parameters);
	if (extraNodes) {
		workflow.nodes = workflow.nodes.slice(0, 1).concat(extraNodes.nodes as never[]);
		workflow.connections = extraNodes.connections as never;
	}
	const id = await n8n.createWorkflow(workflow);
	await n8n.activate(id);
	const url = `${n8n.url}/webhook/${webhookId}/webhook`;
	const [webhook] = await waitFor(
		'the registration',
		() => webhooksAt(emulator, url).length === 1 && webhooksAt(emulator, url),
	);
	return { id, url, secret: webhook.webhook_auth! };
}

async function allExecutions(
	workflowId: string,
	expected: number,
	includeData = false,
): Promise<Execution[]> {
	let executions: Execution[] = [];
	await waitFor(
		`${expected} finished executions`,
		async () => {
			executions = await n8n.executions(workflowId, includeData);
			return (
				executions.filter((e) => !['new', 'running', 'waiting'].includes(e.status)).length >=
				expected
			);
		},
		600_000,
	);
	// A little longer: nothing more may arrive.
	await new Promise((resolve) => setTimeout(resolve, 3000));
	return await n8n.executions(workflowId, includeData);
}

describe('bad and odd input to the trigger URL', () => {
	test('each kind gets its documented status; only the valid ones start an execution', async () => {
		const { id, url, secret } = await activeTrigger({ events: ['ORDER_CREATE'] });
		const auth = `Basic ${secret}`;
		const valid = (patch: Record<string, unknown> = {}, payload: Record<string, unknown> = {}) => {
			const body = notificationBody(
				emulator.catalogue,
				'ORDER_CREATE',
				'ORD-1001',
				'3.8.0',
				true,
				randomUUID(),
			);
			Object.assign((body.data as { notification: object }).notification, patch);
			Object.assign(body.data as object, payload);
			return JSON.stringify(body);
		};
		let deep = '"x"';
		for (let n = 0; n < 5000; n++) deep = `[${deep}]`;
		const duplicate = valid();
		const cases: Array<{
			kind: string;
			method?: string;
			headers?: Record<string, string>;
			body?: string;
			status: number;
			runs: number;
		}> = [
			{
				kind: 'missing Authorization',
				headers: { Authorization: '' },
				body: valid(),
				status: 401,
				runs: 0,
			},
			{
				kind: 'wrong secret',
				headers: { Authorization: 'Basic wrong' },
				body: valid(),
				status: 401,
				runs: 0,
			},
			{
				kind: 'garbled Authorization',
				headers: { Authorization: 'Basic' },
				body: valid(),
				status: 401,
				runs: 0,
			},
			{
				kind: '8 KB Authorization',
				headers: { Authorization: `Basic ${'x'.repeat(8192)}` },
				body: valid(),
				status: 401,
				runs: 0,
			},
			{
				kind: 'secret under Bearer',
				headers: { Authorization: `Bearer ${secret}` },
				body: valid(),
				status: 401,
				runs: 0,
			},
			{ kind: 'wrong method (GET)', method: 'GET', status: 404, runs: 0 },
			{ kind: 'empty body', body: '', status: 400, runs: 0 },
			{ kind: 'malformed JSON', body: '{"data": {', status: 422, runs: 0 },
			{
				kind: 'XML content type',
				headers: { 'Content-Type': 'application/xml' },
				body: '<data><x>1</x></data>',
				status: 400,
				runs: 0,
			},
			{
				kind: 'JSON sent as text/plain',
				headers: { 'Content-Type': 'text/plain' },
				body: valid(),
				status: 200,
				runs: 1,
			},
			{
				kind: 'legacy form field data=<json>',
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ data: valid() }).toString(),
				status: 200,
				runs: 1,
			},
			{ kind: 'deep nesting (5,000 levels)', body: `{"data":${deep}}`, status: 400, runs: 0 },
			{
				kind: 'missing notification fields',
				body: JSON.stringify({ data: { notification: { notification_id: 'x' } } }),
				status: 400,
				runs: 0,
			},
			{
				kind: 'notification_id of the wrong type',
				body: valid({ notification_id: { nested: true } }),
				status: 400,
				runs: 0,
			},
			{
				kind: 'unknown event',
				body: valid({ notification_event: 'SOMETHING_NEW' }),
				status: 200,
				runs: 0,
			},
			{
				kind: 'unselected event',
				body: valid({ notification_event: 'PRODUCT_UPDATE' }),
				status: 200,
				runs: 0,
			},
			{
				kind: 'unicode',
				body: valid({
					notification_item_id: 'ORD-Ünïcødé-🎟️-עברית',
					notification_note: '“quotes” \u2028 \u0000',
				}),
				status: 200,
				runs: 1,
			},
			{
				kind: 'oversized strings (1 MB note)',
				body: valid({ notification_note: 'n'.repeat(1024 * 1024) }),
				status: 200,
				runs: 1,
			},
			// Over n8n's N8N_PAYLOAD_SIZE_MAX (16 MB): n8n itself refuses it, with a 500, before the node runs.
			{
				kind: 'huge body (20 MB)',
				body: valid({}, { filler: 'f'.repeat(20 * 1024 * 1024) }),
				status: 500,
				runs: 0,
			},
			{ kind: 'duplicate delivery (1st)', body: duplicate, status: 200, runs: 1 },
			{ kind: 'duplicate delivery (2nd)', body: duplicate, status: 200, runs: 1 },
			{
				kind: 'replayed old delivery (30 days)',
				body: valid({ notification_created: '2026-10-28T10:00:00+01:00' }),
				status: 200,
				runs: 1,
			},
		];
		const rows: string[] = [];
		const seen: Array<{ kind: string; status: number }> = [];
		for (const c of cases) {
			// An empty header value stands for "no such header".
			const headers = Object.fromEntries(
				Object.entries({
					'Content-Type': 'application/json',
					Authorization: auth,
					...c.headers,
				}).filter(([, value]) => value !== ''),
			);
			const response = await axios.request({
				url,
				method: c.method ?? 'POST',
				data: c.body,
				headers,
				validateStatus: () => true,
				maxBodyLength: Infinity,
				transformRequest: (data) => data,
			});
			const text = `${JSON.stringify(response.headers)} ${typeof response.data === 'string' ? response.data : JSON.stringify(response.data)}`;
			expect({ kind: c.kind, leaks: text.includes(secret) }).toEqual({
				kind: c.kind,
				leaks: false,
			});
			seen.push({ kind: c.kind, status: response.status });
			rows.push(
				`  ${c.kind.padEnd(36)} → ${response.status} (expected ${c.status}), ${c.runs ? 'an execution' : 'no execution'}`,
			);
		}
		report(`bad and odd input (${cases.length} kinds):\n${rows.join('\n')}`);
		expect(seen).toEqual(cases.map((c) => ({ kind: c.kind, status: c.status })));

		const intended = cases.reduce((sum, c) => sum + c.runs, 0);
		const executions = await allExecutions(id, intended, true);
		expect(executions).toHaveLength(intended);
		expect(executions.every((e) => e.status === 'success')).toBe(true);
		const unicode = executions.map(
			(e) => e.data!.resultData.runData['Prioticket Trigger'][0].data.main[0][0].json.itemId,
		);
		expect(unicode).toContain('ORD-Ünïcødé-🎟️-עברית');
		expect((await axios.get(`${n8n.url}/healthz`)).status).toBe(200);
		expect(n8n.logText()).not.toContain(secret);
		report(
			`bad input: ${intended} intended executions, ${executions.length} recorded; n8n healthy; secret in no response and no log line`,
		);
		await n8n.deactivate(id);
	}, 600_000);
});

describe('load', () => {
	test('1,000 deliveries at concurrency 16 → exactly 1,000 executions, none lost, none doubled', async () => {
		const { id } = await activeTrigger({ events: ['ORDER_UPDATE'] });
		const started = Date.now();
		const sent = new Set<string>();
		for (let n = 0; n < 1000; n++)
			sent.add(emulator.notify('ORDER_UPDATE', `ORD-L${n}`).notificationId);
		await emulator.deliverer.settled();
		const failedAttempts = emulator.deliverer.log.filter(
			(d) => d.event === 'ORDER_UPDATE' && d.status !== 200,
		).length;
		const executions = await allExecutions(id, 1000, true);
		const ids = executions.map((e) =>
			String(
				e.data!.resultData.runData['Prioticket Trigger'][0].data.main[0][0].json.notificationId,
			),
		);
		const unique = new Set(ids);
		const lost = [...sent].filter((s) => !unique.has(s)).length;
		const successful = executions.filter((e) => e.status === 'success').length;
		report(
			`load: 1000 deliveries at concurrency 16 → ${executions.length} executions (${successful} successful), ` +
				`${lost} lost, ${ids.length - unique.size} doubled, ${failedAttempts} delivery attempts retried; ${((Date.now() - started) / 1000).toFixed(1)} s`,
		);
		expect({
			executions: executions.length,
			successful,
			lost,
			doubled: ids.length - unique.size,
		}).toEqual({
			executions: 1000,
			successful: 1000,
			lost: 0,
			doubled: 0,
		});
		await n8n.deactivate(id);
	}, 900_000);

	test('5% re-deliveries with the README recipe (a data table of seen notificationIds) leave exactly the unique events', async () => {
		const table = await n8n.api().post('/data-tables', {
			name: 'prioticket_seen',
			columns: [{ name: 'notificationId', type: 'string' }],
		});
		expect(table.status).toBeLessThan(300);
		const seenTable = { __rl: true, mode: 'name', value: 'prioticket_seen' };
		const firstDelivery = {
			id: 'first',
			name: 'First Delivery?',
			type: 'n8n-nodes-base.dataTable',
			typeVersion: 1.1,
			position: [220, 0],
			parameters: {
				resource: 'row',
				operation: 'rowNotExists',
				dataTableId: seenTable,
				matchType: 'allConditions',
				filters: {
					conditions: [
						{ keyName: 'notificationId', condition: 'eq', keyValue: '={{ $json.notificationId }}' },
					],
				},
			},
		};
		const remember = {
			id: 'remember',
			name: 'Remember Notification',
			type: 'n8n-nodes-base.dataTable',
			typeVersion: 1.1,
			position: [440, 0],
			parameters: {
				resource: 'row',
				operation: 'insert',
				dataTableId: seenTable,
				columns: {
					mappingMode: 'defineBelow',
					value: { notificationId: '={{ $json.notificationId }}' },
					matchingColumns: [],
					schema: [
						{
							id: 'notificationId',
							displayName: 'notificationId',
							required: false,
							defaultMatch: false,
							display: true,
							type: 'string',
							canBeUsedToMatch: true,
						},
					],
					attemptToConvertTypes: false,
					convertFieldsToString: false,
				},
				options: {},
			},
		};
		const unique = {
			id: 'unique',
			name: 'Unique Event',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [660, 0],
			parameters: {},
		};
		const { id } = await activeTrigger(
			{ events: ['ORDER_CANCEL'] },
			{
				nodes: [firstDelivery, remember, unique],
				connections: {
					'Prioticket Trigger': { main: [[{ node: 'First Delivery?', type: 'main', index: 0 }]] },
					'First Delivery?': {
						main: [[{ node: 'Remember Notification', type: 'main', index: 0 }]],
					},
					'Remember Notification': { main: [[{ node: 'Unique Event', type: 'main', index: 0 }]] },
				},
			},
		);
		// Prioticket sends a notification again when it saw no HTTP 200 for it, some time later: here
		// 5% of them, once the first copies have been processed.
		const ids = Array.from(
			{ length: 1000 },
			(_, n) => emulator.notify('ORDER_CANCEL', `ORD-D${n}`).notificationId,
		);
		await emulator.deliverer.settled();
		await allExecutions(id, 1000);
		for (const notificationId of ids.filter((_, n) => n % 20 === 0))
			emulator.redeliver(notificationId);
		await emulator.deliverer.settled();
		const executions = await allExecutions(id, 1050, true);
		const passed = executions.filter(
			(e) => e.data!.resultData.runData['Unique Event']?.[0]?.data?.main?.[0]?.length,
		);
		const passedIds = new Set(
			passed.map((e) =>
				String(e.data!.resultData.runData['Unique Event'][0].data.main[0][0].json.notificationId),
			),
		);
		const failed = executions.filter((e) => e.status !== 'success').length;
		report(
			`duplicates: 1000 notifications, 50 delivered again → ${executions.length} executions (${failed} not successful); ` +
				`${passed.length} passed the recipe (${passedIds.size} distinct)`,
		);
		expect([executions.length, failed, passed.length, passedIds.size]).toEqual([
			1050, 0, 1000, 1000,
		]);
		expect([...passedIds].sort()).toEqual([...ids].sort());
		await n8n.deactivate(id);
	}, 900_000);
});
