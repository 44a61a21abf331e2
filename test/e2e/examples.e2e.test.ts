/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// The importable workflows in examples/ work as shipped: each imports into a real n8n through the
// public API and finds its credential by name. Those started by the Prioticket Trigger register
// their webhook with the emulator on activation and turn one event into one successful execution;
// the selling ones, started by a shop's call to n8n's Webhook node, book (or cancel) at the emulator
// exactly once, and every node's output is checked.
import axios from 'axios';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import { Emulator } from '../emulator/emulator';
import { N8n, REPO_ROOT, waitFor, type Execution } from '../harness/n8n';
import { dayAhead, DISTRIBUTOR, slotOf } from '../integration/actions/selling';
import { emulatorCredentialData } from './fixtures';

interface ExampleNode {
	name: string;
	type: string;
	disabled?: boolean;
	webhookId?: string;
	parameters: {
		path?: string;
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
	// With a Distributor ID, which the selling examples need (the others do not read it).
	await n8n.createCredential(CREDENTIAL, 'prioticketApi', {
		...emulatorCredentialData(emulator),
		...DISTRIBUTOR,
	});
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

describe('the selling examples, started by the shop', () => {
	const example = (file: string) => examples.find((e) => e.file === file)!.workflow;
	const shop = example('shop-order-to-booking.json');
	const refund = example('refund-to-cancellation.json');
	const day = dayAhead(9);
	const order = {
		orderNumber: 'SHOP-1001',
		email: 'guest@example.com',
		date: day,
		adults: 2,
		children: 1,
		total: '62.50',
	};
	const ids: Record<string, string> = {};
	/** What the first booking made: the hold, the order and its booking. */
	const made = { hold: '', order: '', booking: '' };

	type Item = {
		json: Record<string, unknown>;
		binary?: Record<string, { mimeType: string; fileName: string }>;
	};
	/** A node's items on one output (the IF node's false branch is output 1). */
	const out = (execution: Execution, node: string, output = 0) =>
		(execution.data!.resultData.runData[node]?.[0]?.data.main[output] ?? []) as Item[];
	const json = (execution: Execution, node: string, output = 0) =>
		out(execution, node, output).map((item) => item.json);

	/** POSTs to the example's Webhook node and waits for the execution that call started. */
	async function call(workflow: Example, body: Record<string, unknown>): Promise<Execution> {
		const id = ids[workflow.name];
		const before = (await n8n.executions(id)).length;
		const webhook = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook')!;
		// n8n registers the production webhook of a workflow it has just activated: until then, 404.
		const response = await waitFor('the production webhook', async () => {
			const answer = await axios.post(`${n8n.url}/webhook/${webhook.parameters.path}`, body, {
				validateStatus: () => true,
			});
			return answer.status !== 404 && answer;
		});
		expect([response.status, response.data]).toEqual([200, { message: 'Workflow was started' }]);
		const all = await waitFor('the finished execution', async () => {
			const list = await n8n.executions(id, true);
			return (
				list.length === before + 1 &&
				list.every((e) => !['new', 'running'].includes(e.status)) &&
				list
			);
		});
		return all.sort((a, b) => Number(b.id) - Number(a.id))[0];
	}
	const ordersOf = (reference: string) =>
		[...emulator.catalogue.orders.values()].filter(
			(stored) => stored.order_external_reference === reference,
		);

	beforeAll(() => emulator.reset());

	test.each([shop, refund])(
		'$name imports through the public API, its Prioticket nodes with the credential found by name',
		async (workflow) => {
			const { name, nodes, connections, settings = {} } = workflow;
			ids[name] = await n8n.createWorkflow({ name, nodes, connections, settings });
			const stored = await n8n.api().get(`/workflows/${ids[name]}`);
			const prioticket = (stored.data.nodes as ExampleNode[]).filter((node) =>
				node.type.startsWith('n8n-nodes-prioticket.'),
			);
			expect(prioticket.length).toBeGreaterThan(0);
			for (const node of prioticket)
				expect(node.credentials?.prioticketApi).toEqual({
					id: expect.any(String),
					name: CREDENTIAL,
				});
			await n8n.activate(ids[name]);
		},
	);

	test('a paid shop order: a slot with room, held, confirmed as one order with the shop’s total, voucher PDF for the email', async () => {
		const execution = await call(shop, order);
		expect(execution.status).toBe('success');
		// Every node but the no-slot branch ran (the disabled email node passes its input on).
		expect(Object.keys(execution.data!.resultData.runData).sort()).toEqual(
			shop.nodes
				.filter(
					(node) =>
						!['n8n-nodes-base.stickyNote', 'n8n-nodes-base.stopAndError'].includes(node.type),
				)
				.map((node) => node.name)
				.sort(),
		);
		expect(json(execution, 'Shop Order Paid')).toEqual([expect.objectContaining({ body: order })]);
		// The first slot of the day with room for 3: 10:00 in Amsterdam, all 20 spots open.
		expect(json(execution, 'Find Slot')).toEqual([
			expect.objectContaining({
				productId: '2001',
				slotId: slotOf('2001', day, '1000'),
				start: expect.stringMatching(new RegExp(`^${day}T10:00:00\\+0[12]:00$`)),
				spotsOpen: 20,
				spotsTotal: 20,
				active: true,
			}),
		]);
		expect(json(execution, 'Slot Found?', 0)).toEqual(json(execution, 'Find Slot'));
		expect(json(execution, 'Slot Found?', 1)).toEqual([]);
		const [hold] = json(execution, 'Hold Spots');
		made.hold = String(hold.reservation_reference);
		expect(hold).toMatchObject({
			reservation_reference: expect.stringMatching(/^RES-\d+$/),
			reservation_external_reference: 'SHOP-1001',
			reservation_valid_until: expect.any(String),
		});
		expect(JSON.stringify(hold)).toContain(slotOf('2001', day, '1000'));
		const [booked] = json(execution, 'Book Order') as Array<{
			order_reference: string;
			bookings: Array<{ booking_reference: string }>;
		}>;
		made.order = booked.order_reference;
		made.booking = booked.bookings[0]?.booking_reference;
		expect(json(execution, 'Book Order')).toEqual([
			{
				order_reference: expect.stringMatching(/^ORD-\d+$/),
				order_external_reference: 'SHOP-1001',
				order_status: 'ORDER_CONFIRMED',
				order_created: expect.any(String),
				order_modified: expect.any(String),
				contact_email: 'guest@example.com',
				price_total: '62.50',
				currency: 'EUR',
				bookings: [
					expect.objectContaining({
						booking_reference: expect.stringMatching(/^BKG-/),
						booking_status: 'BOOKING_CONFIRMED',
						product_id: '2001',
					}),
				],
			},
		]);
		const [voucher] = out(execution, 'Get Voucher');
		expect(voucher.json).toMatchObject({
			order_reference: made.order,
			url: expect.stringMatching(/\/downloads\/vouchers\//),
		});
		expect(voucher.binary?.voucher).toMatchObject({
			mimeType: 'application/pdf',
			fileName: expect.stringMatching(/\.pdf$/),
		});
		const email = shop.nodes.find((node) => node.type === 'n8n-nodes-base.emailSend')!;
		expect([email.disabled, email.parameters.options?.fileAttachments]).toEqual([true, 'voucher']);
		expect(out(execution, 'Send Email')).toEqual([voucher]);

		// At the emulator: one hold, confirmed by the one order, which carries the shop's total.
		const [stored] = ordersOf('SHOP-1001');
		expect(ordersOf('SHOP-1001')).toHaveLength(1);
		expect(stored.order_reference).toBe(made.order);
		expect(stored.order_pricing).toMatchObject({ price_total: '62.50' });
		expect(emulator.reservations.get(made.hold)?.orderReference).toBe(made.order);
		expect([
			emulator.countRequests('POST', '/reservations'),
			emulator.countRequests('POST', '/orders'),
		]).toEqual([1, 1]);
	});

	test('the shop sends the same order again (its retry): the same order comes back, nothing is booked twice', async () => {
		const execution = await call(shop, order);
		expect(execution.status).toBe('success');
		expect(json(execution, 'Hold Spots')).toEqual([
			expect.objectContaining({ reservation_reference: made.hold }),
		]);
		expect(json(execution, 'Book Order')).toEqual([
			expect.objectContaining({
				order_reference: made.order,
				existing_order: 'found_before_create',
				price_total: '62.50',
			}),
		]);
		expect(out(execution, 'Get Voucher')[0].binary?.voucher.mimeType).toBe('application/pdf');
		expect(ordersOf('SHOP-1001')).toHaveLength(1);
		expect(emulator.countRequests('POST', '/orders')).toBe(1);
	});

	test('a party no slot has room for: the workflow stops with an error naming the shop order, nothing is held or booked', async () => {
		const posts = emulator.countRequests('POST');
		const execution = await call(shop, {
			...order,
			orderNumber: 'SHOP-1002',
			adults: 21,
			children: 0,
			total: '525.00',
		});
		expect(execution.status).toBe('error');
		expect(Object.keys(execution.data!.resultData.runData).sort()).toEqual([
			'Find Slot',
			'No Slot',
			'Shop Order Paid',
			'Slot Found?',
		]);
		// Always Output Data: no slot is one empty item, which the IF sends to the error branch.
		expect(json(execution, 'Find Slot')).toEqual([{}]);
		expect(json(execution, 'Slot Found?', 0)).toEqual([]);
		expect(json(execution, 'Slot Found?', 1)).toEqual([{}]);
		const { error } = execution.data!.resultData as { error?: { message: string } };
		expect(error?.message).toBe(
			`No Canal Cruise slot on ${day} has room for shop order SHOP-1002: nothing was booked; refund the guest or offer another day`,
		);
		expect(emulator.countRequests('POST')).toBe(posts);
		expect(ordersOf('SHOP-1002')).toEqual([]);
	});

	test('the shop refunds it: the booking is cancelled with the refund and the reason', async () => {
		const execution = await call(refund, {
			orderReference: made.order,
			bookingReferences: made.booking,
		});
		expect(execution.status).toBe('success');
		expect(Object.keys(execution.data!.resultData.runData).sort()).toEqual([
			'Cancel Booking',
			'Shop Refund',
		]);
		expect(json(execution, 'Cancel Booking')).toEqual([
			expect.objectContaining({
				order_reference: made.order,
				order_external_reference: 'SHOP-1001',
				order_status: 'ORDER_CANCELLED',
				bookings: [
					expect.objectContaining({
						booking_reference: made.booking,
						booking_status: 'BOOKING_CANCELLED',
					}),
				],
			}),
		]);
		const [stored] = ordersOf('SHOP-1001');
		expect(stored.order_status).toBe('ORDER_CANCELLED');
		expect((stored.order_bookings as Array<{ booking_status: string }>)[0].booking_status).toBe(
			'BOOKING_CANCELLED',
		);
		const deletes = emulator.requests.filter(
			(r) => r.method === 'DELETE' && r.path.endsWith(`/orders/${made.order}`),
		);
		expect(deletes).toHaveLength(1);
		expect(deletes[0].search).toMatch(/payment_refund=true/);
		expect(deletes[0].search).toMatch(
			/cancellation_reason=Refunded(\+|%20)in(\+|%20)the(\+|%20)shop/,
		);
		expect(deletes[0].search).toMatch(/booking_reference/);
		for (const workflow of [shop, refund]) await n8n.deactivate(ids[workflow.name]);
	});
});
