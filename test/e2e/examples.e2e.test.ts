/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// The importable workflows in examples/ work as shipped: each imports into a real n8n through the
// public API and finds its credential by name. Those started by the Prioticket Trigger register
// their webhook with the emulator on activation and turn one event into one successful execution.
// The selling ones, started by a shop's call to n8n's Webhook node, run in
// test/e2e/selling-examples.e2e.test.ts (on n8n 1.x too).
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import { Emulator } from '../emulator/emulator';
import { N8n, REPO_ROOT, waitFor } from '../harness/n8n';
import { emulatorCredentialData } from './fixtures';

interface ExampleNode {
	name: string;
	type: string;
	disabled?: boolean;
	parameters: {
		events?: string[];
		operation?: string;
		binaryPropertyName?: string;
		options?: { fileAttachments?: string };
	};
	credentials?: Record<string, { id: string | null; name: string }>;
}
interface Example {
	name: string;
	nodes: ExampleNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

const TRIGGER = 'n8n-nodes-prioticket.prioticketTrigger';
/** The credential name the examples refer to (the README tells users to create it, or re-pick). */
const CREDENTIAL = 'Prioticket account';
/** What each example's trigger is fired with: an event it listens to and an item. */
const ITEM = {
	ORDER_CREATE: 'ORD-1001',
	PAYMENT_REFUND: 'PAY-ORD1001',
	VOUCHER_REVOKE: 'ORD-1002',
	VOUCHER_RELEASE: 'ORD-1003',
} as Record<string, string>;

const dir = join(REPO_ROOT, 'examples');
const examples = readdirSync(dir)
	.filter((file) => file.endsWith('.json'))
	.sort()
	.map((file) => ({
		file,
		workflow: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Example,
	}));

const emulator = new Emulator({ deliveryRetryMs: 200 });
const n8n = new N8n({ log: (line) => process.stdout.write(`[examples] ${line}\n`) });

beforeAll(async () => {
	await emulator.start();
	await n8n.start();
	await n8n.createCredential(CREDENTIAL, 'prioticketApi', emulatorCredentialData(emulator));
	// The refund example upserts into this data table, which its sticky note asks users to create.
	const table = await n8n.api().post('/data-tables', {
		name: 'prioticket_refunds',
		columns: ['item_id', 'notification_id', 'refunded_at', 'account_id'].map((name) => ({
			name,
			type: 'string',
		})),
	});
	if (table.status >= 300)
		throw new Error(
			`creating the data table failed: ${table.status} ${JSON.stringify(table.data)}`,
		);
	dataTableId = table.data.id;
}, 900_000);

afterAll(async () => {
	await n8n.stop();
	await emulator.stop();
});

let dataTableId: string;

test('there are examples, each with only n8n-nodes-base nodes and ours, and no credential ID', () => {
	expect(examples.map(({ file }) => file)).toEqual([
		'new-order-notify.json',
		'refund-to-cancellation.json',
		'refund-to-data-table.json',
		'shop-order-to-booking.json',
		'voucher-release-email.json',
		'voucher-revoked-alert.json',
	]);
	for (const { workflow } of examples) {
		for (const node of workflow.nodes) {
			expect(node.type).toMatch(/^(n8n-nodes-base\.|n8n-nodes-prioticket\.)/);
			for (const reference of Object.values(node.credentials ?? {}))
				expect(reference).toEqual({ id: null, name: CREDENTIAL });
		}
	}
});

const triggered = examples.filter(({ workflow }) =>
	workflow.nodes.some((node) => node.type === TRIGGER),
);

describe.each(triggered)('$file', ({ workflow }) => {
	const trigger = workflow.nodes.find((node) => node.type === TRIGGER)!;
	const [event] = trigger.parameters.events!;
	let workflowId: string;

	test('imports through the public API, with the credential found by name', async () => {
		// Only the fields the public API accepts: an export from the editor also carries id, meta,
		// pinData, tags, active and versionId, which it rejects.
		const { name, nodes, connections, settings = {} } = workflow;
		workflowId = await n8n.createWorkflow({ name, nodes, connections, settings });
		const stored = await n8n.api().get(`/workflows/${workflowId}`);
		const storedTrigger = (stored.data.nodes as ExampleNode[]).find(
			(node) => node.type === TRIGGER,
		)!;
		expect(storedTrigger.credentials?.prioticketApi).toEqual({
			id: expect.any(String),
			name: CREDENTIAL,
		});
	});

	test(`activation registers one webhook for ${event} with the emulator`, async () => {
		await n8n.activate(workflowId);
		// Each example listens to its own event, and the previous one was deactivated: one webhook.
		const forThis = () =>
			[...emulator.webhooks.values()].filter((w) => w.webhook_events.includes(event));
		const [webhook] = await waitFor('the registration', () => forThis().length === 1 && forThis());
		expect(webhook.webhook_events).toEqual([event]);
		expect(webhook.webhook_url).toMatch(new RegExp(`^${n8n.url}/webhook/.+/webhook$`));
		expect(emulator.webhooks.size).toBe(1);
	});

	test(`one ${event} event starts one successful execution that runs every node`, async () => {
		const itemId = ITEM[event];
		const { notificationId, webhooks } = emulator.notify(event, itemId);
		expect(webhooks).toHaveLength(1);
		await emulator.deliverer.settled();
		const [execution] = await waitFor('one finished execution', async () => {
			const all = await n8n.executions(workflowId, true);
			return all.length === 1 && all[0].status !== 'running' && all[0].status !== 'new' && all;
		});
		expect(execution.status).toBe('success');
		const ran = Object.keys(execution.data!.resultData.runData).sort();
		expect(ran).toEqual(
			workflow.nodes
				.filter((node) => node.type !== 'n8n-nodes-base.stickyNote')
				.map((node) => node.name)
				.sort(),
		);
		// The voucher PDF reaches the (disabled, placeholder) email node in the field its attachment names.
		const voucherNode = workflow.nodes.find((node) => node.parameters.operation === 'getVoucher');
		if (voucherNode) {
			const field = voucherNode.parameters.binaryPropertyName!;
			const [output] = execution.data!.resultData.runData[voucherNode.name][0].data
				.main[0] as Array<{
				json: { url?: string };
				binary?: Record<string, { mimeType: string; fileName: string }>;
			}>;
			expect(output.json.url).toMatch(/\/downloads\/vouchers\//);
			expect(output.binary?.[field]).toMatchObject({
				mimeType: 'application/pdf',
				fileName: expect.stringMatching(/\.pdf$/),
			});
			const email = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.emailSend')!;
			expect(email.parameters.options?.fileAttachments).toBe(field);
		}
		if (workflow.nodes.some((node) => node.type === 'n8n-nodes-base.dataTable')) {
			const rows = await n8n.api().get(`/data-tables/${dataTableId}/rows`);
			expect(rows.data.data).toEqual([
				expect.objectContaining({
					item_id: itemId,
					notification_id: notificationId,
					account_id: 'ACC-4711',
				}),
			]);
		}
		await n8n.deactivate(workflowId);
		await waitFor('the webhook removal', () => emulator.webhooks.size === 0);
	});
});
