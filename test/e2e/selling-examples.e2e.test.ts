/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// The selling examples work as shipped, in a real n8n: each imports through the public API with its
// credential found by name and is activated; the shop calls its Webhook node as it would, and every
// node's output is checked. A paid order is held and confirmed as exactly one order at the emulator,
// with the shop's total and the voucher PDF for the email, also when the shop sends it again; a party
// no slot has room for stops the workflow before any hold; the refund cancels the booking.
// (Availability → Reservation → Order → Get Voucher, and Order → Cancel; also on n8n 1.x.)
import axios from 'axios';
import { readFileSync } from 'fs';
import { join } from 'path';

import { Emulator } from '../emulator/emulator';
import { N8n, REPO_ROOT, waitFor, type Execution } from '../harness/n8n';
import { dayAhead, DISTRIBUTOR, slotOf } from '../integration/actions/selling';
import { emulatorCredentialData } from './fixtures';

interface ExampleNode {
	name: string;
	type: string;
	disabled?: boolean;
	parameters: { path?: string; options?: { fileAttachments?: string } };
	credentials?: Record<string, { id: string | null; name: string }>;
}
interface Example {
	name: string;
	nodes: ExampleNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

/** The credential name the examples refer to; the selling ones need its Distributor ID. */
const CREDENTIAL = 'Prioticket account';
const example = (file: string) =>
	JSON.parse(readFileSync(join(REPO_ROOT, 'examples', file), 'utf8')) as Example;

const emulator = new Emulator();
const n8n = new N8n({ log: (line) => process.stdout.write(`[selling examples] ${line}\n`) });

beforeAll(async () => {
	await emulator.start();
	await n8n.start();
	await n8n.createCredential(CREDENTIAL, 'prioticketApi', {
		...emulatorCredentialData(emulator),
		...DISTRIBUTOR,
	});
}, 900_000);

afterAll(async () => {
	await n8n.stop();
	await emulator.stop();
});

describe('the selling examples, started by the shop', () => {
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
		const creates = () =>
			emulator.countRequests('POST', '/reservations') + emulator.countRequests('POST', '/orders');
		const before = creates();
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
		expect(creates()).toBe(before);
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
