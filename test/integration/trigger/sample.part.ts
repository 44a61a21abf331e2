// The editor's test of the trigger in polling mode ("Fetch Test Event"): n8n runs the poll in manual
// mode, through n8n-core's real PollContext here. It shows the latest change of each selected family,
// shaped like a poll's output, and leaves the activation's cursor alone.
import {
	NodeOperationError,
	Workflow,
	resolveWebhookDescriptionField,
	type INode,
	type INodeTypes,
	type IWebhookDescription,
} from 'n8n-workflow';

import { PrioticketTrigger } from '../../../nodes/Prioticket/PrioticketTrigger.node';
import { useTestBed } from '../testbed';

const bed = useTestBed();

const reads = (from: number) =>
	bed.emulator.requests
		.slice(from)
		.map(
			(r) =>
				`${r.method} ${r.path.replace('/v3.8/distributor', '')} ${JSON.stringify(r.query ?? {})}`,
		);

describe('the test in polling mode (a manual poll)', () => {
	test('shows the latest order change as the event it stands for, from one read, with the cursor untouched', async () => {
		const trigger = bed.trigger(
			{ receiveBy: 'polling', events: ['ORDER_CREATE', 'ORDER_UPDATE'] },
			{ mode: 'manual' },
		);
		const cursor = {
			feed: {
				since: '2026-11-28T08:00:00+00:00',
				seen: { 'ORDER_CREATE:ORD-1': 1 },
				floor: '2026-11-28T08:00:00+00:00',
			},
		};
		trigger.workflow.staticData['node:Prioticket Trigger'] = JSON.parse(JSON.stringify(cursor));
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1002' });
		const before = bed.emulator.requests.length;

		const items = await trigger.poll();

		expect(items).toHaveLength(1);
		expect(items![0]).toMatchObject({
			event: 'ORDER_UPDATE',
			itemId: 'ORD-1002',
			notificationId: expect.stringMatching(/^ORDER_UPDATE:ORD-1002@\d+$/),
			payload: { order: { order_reference: 'ORD-1002' } },
		});
		expect(items![0].recovered).toBeUndefined();
		const made = reads(before).filter((r) => /\/(orders|products|webhooks)/.test(r));
		expect(made).toHaveLength(1);
		expect(made[0]).toMatch(
			/^GET \/orders .*"order_sort_by":"ORDER_MODIFIED".*"order_sort_order":"DESC"/,
		);
		expect(bed.emulator.webhooks.size).toBe(0);
		expect(trigger.staticData()).toEqual(cursor);
	});

	test('an event that is not selected is passed over for the latest one that is', async () => {
		bed.emulator.change({ kind: 'order', action: 'create', id: 'ORD-8001' });
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1002' }); // later, but an update
		const trigger = bed.trigger(
			{ receiveBy: 'polling', events: ['ORDER_CREATE'] },
			{ mode: 'manual' },
		);
		expect((await trigger.poll())?.map((item) => [item.event, item.itemId])).toEqual([
			['ORDER_CREATE', 'ORD-8001'],
		]);
	});

	test('the latest change, not the first listed: an API that ignores the sorting lists in store order', async () => {
		bed.emulator.quirks.ignoreSort = true;
		const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1002', at: ago(60) });
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1004', at: ago(30) }); // the latest
		bed.emulator.change({ kind: 'product', action: 'update', id: '1001', at: ago(60) });
		bed.emulator.change({ kind: 'product', action: 'update', id: '1003', at: ago(20) }); // the latest
		const trigger = bed.trigger(
			{ receiveBy: 'polling', events: ['ORDER_UPDATE', 'PRODUCT_UPDATE'] },
			{ mode: 'manual' },
		);
		expect((await trigger.poll())?.map((item) => [item.event, item.itemId])).toEqual([
			['ORDER_UPDATE', 'ORD-1004'],
			['PRODUCT_UPDATE', '1003'],
		]);
	});

	test('one item per selected family, oldest first; a cancelled order is a cancellation; Raw Body gives the envelope', async () => {
		bed.emulator.change({ kind: 'order', action: 'cancel', id: 'ORD-1003' });
		bed.emulator.change({ kind: 'product', action: 'update', id: '1002' });
		const trigger = bed.trigger(
			{
				receiveBy: 'polling',
				events: ['ORDER_CANCEL', 'PRODUCT_UPDATE'],
				options: { output: 'raw', includePayload: false },
			},
			{ mode: 'manual' },
		);
		const items = await trigger.poll();
		expect(
			items?.map((item) => [
				(item.data as { notification: { notification_event: string } }).notification
					.notification_event,
				(item.data as { notification: { notification_item_id: string } }).notification
					.notification_item_id,
			]),
		).toEqual([
			['ORDER_CANCEL', 'ORD-1003'],
			['PRODUCT_UPDATE', '1002'],
		]);
		expect(Object.keys(items![0].data as object).sort()).toEqual(['kind', 'notification']);
	});

	test('nothing to show: an error that names the events and says what to do', async () => {
		// The seeded orders are all confirmed: none is cancelled.
		const trigger = bed.trigger(
			{ receiveBy: 'polling', events: ['ORDER_CANCEL'] },
			{ mode: 'manual' },
		);
		const error = await trigger.poll().catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error).toMatchObject({
			message: "No recent change of the selected events in this Prioticket account's orders",
			description: expect.stringContaining('Create or change one in Prioticket, or select more of'),
		});
	});

	test('an event no list can show is refused, named, with the fix', async () => {
		const trigger = bed.trigger(
			{ receiveBy: 'polling', events: ['ORDER_CREATE', 'PAYMENT_REFUND'] },
			{ mode: 'manual' },
		);
		await expect(trigger.poll()).rejects.toThrow('Polling cannot see PAYMENT_REFUND');
	});

	test('webhook mode is untouched: its manual poll does nothing (the test waits for a delivery instead)', async () => {
		const trigger = bed.trigger({ events: ['ORDER_CREATE'] }, { mode: 'manual' });
		const before = bed.emulator.requests.length;
		expect(await trigger.poll()).toBeNull();
		expect(bed.emulator.requests.length).toBe(before);
	});
});

describe('the webhook n8n registers', () => {
	// n8n registers a webhook (and makes the test wait for a call) only for an HTTP method; in polling
	// mode the method is empty, so n8n registers none and the test runs the poll instead.
	const trigger = new PrioticketTrigger();
	const [description] = trigger.description.webhooks as IWebhookDescription[];
	const nodeTypes: INodeTypes = {
		getByName: () => trigger,
		getByNameAndVersion: () => trigger,
		getKnownTypes: () => ({}),
	};
	const node = (receiveBy?: string): INode => ({
		id: 'n1',
		name: 'Prioticket Trigger',
		type: 'n8n-nodes-prioticket.prioticketTrigger',
		typeVersion: 1.1,
		position: [0, 0],
		parameters: receiveBy === undefined ? {} : { receiveBy },
	});

	test.each([
		['webhook', 'POST'],
		[undefined, 'POST'],
		['polling', ''],
	])(
		'receiveBy %s: %j, the same natively (n8n 2.x, no expression per delivery) as through the expression engine (n8n 1.x)',
		(receiveBy, method) => {
			const native = resolveWebhookDescriptionField(node(receiveBy), description, 'httpMethod');
			expect(native).toEqual({ resolved: true, value: method });
			const workflow = new Workflow({
				nodes: [node(receiveBy)],
				connections: {},
				active: false,
				nodeTypes,
			});
			const evaluated = workflow.expression.getSimpleParameterValue(
				workflow.getNode('Prioticket Trigger')!,
				description.httpMethod,
				'internal',
				{},
			);
			expect(evaluated).toBe(method);
		},
	);
});
