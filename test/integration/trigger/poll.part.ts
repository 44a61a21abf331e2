// The trigger's polls through n8n-core's real PollContext: the self-check of the registration
// (webhook mode), the catch-up after the trigger was deaf, and polling mode.
import { notificationBody } from '../../emulator/data';

import { useTestClock } from '../clock';
import { triggerUrl, useTestBed, type TriggerHandle } from '../testbed';

const bed = useTestBed();
const clock = useTestClock();

const remote = () => [...bed.emulator.webhooks.values()];
const calls = () => bed.emulator.requests.length;
/** The emulator writes dates to the second: the next second starts, so "after the check" is unambiguous. */
const nextSecond = () => clock.advance();

async function measure<T>(work: () => Promise<T>): Promise<{ result: T; calls: string[] }> {
	const before = calls();
	const result = await work();
	return {
		result,
		calls: bed.emulator.requests
			.slice(before)
			.map((r) => `${r.method} ${r.path.replace('/v3.8/distributor', '')}`),
	};
}

describe('self-check (webhook mode)', () => {
	let trigger: TriggerHandle;
	beforeEach(async () => {
		trigger = bed.trigger({ events: ['ORDER_CREATE', 'ORDER_UPDATE', 'ORDER_CANCEL'] });
		await trigger.activate();
	});

	test('a healthy check costs one list call and starts nothing', async () => {
		const { result, calls: made } = await measure(() => trigger.poll());
		expect(result).toBeNull();
		expect(made).toEqual(['GET /webhooks']);
	});

	test('before n8n registered anything (the poll n8n runs first on activation) it makes no call', async () => {
		const fresh = bed.trigger({ events: ['ORDER_CREATE'] }, { webhookId: 'fresh' });
		const { result, calls: made } = await measure(() => fresh.poll());
		expect(result).toBeNull();
		expect(made).toEqual([]);
	});

	test('a registration Prioticket disabled is replaced with the same secret; strays for the URL go; exactly one remains', async () => {
		const old = { ...trigger.staticData() };
		bed.emulator.disableWebhook(String(old.webhookId));
		await bed.runAction({
			resource: 'webhook',
			operation: 'create',
			url: triggerUrl(),
			events: ['ORDER_CREATE'],
		});
		await trigger.poll();
		expect(remote()).toHaveLength(1);
		const [webhook] = remote();
		expect(webhook).toMatchObject({ webhook_status: 'ENABLED', webhook_url: triggerUrl() });
		expect(webhook.webhook_id).not.toBe(old.webhookId);
		expect(webhook.webhook_auth).toBe(old.secret);
		expect(trigger.staticData()).toMatchObject({
			webhookId: webhook.webhook_id,
			secret: webhook.webhook_auth,
		});
		// A delivery to the new registration is accepted.
		const { response } = await trigger.deliver({
			headers: { authorization: `Basic ${webhook.webhook_auth}` },
			body: {
				data: {
					notification: {
						notification_id: 'n1',
						notification_event: 'ORDER_CREATE',
						notification_item_id: 'ORD-1001',
					},
				},
			},
		});
		expect(response.statusCode).toBe(200);
	});

	test('a deleted registration is restored; what changed meanwhile comes out once, recovered, shaped like a delivery', async () => {
		nextSecond();
		bed.emulator.webhooks.clear();
		bed.emulator.change({ kind: 'order', action: 'create', id: 'ORD-9001' });
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1002' });
		bed.emulator.change({ kind: 'order', action: 'cancel', id: 'ORD-1003' });
		bed.emulator.change({ kind: 'product', action: 'update', id: '1001' }); // not selected
		nextSecond();
		const first = await trigger.poll();
		expect(remote()).toHaveLength(1);
		// First an item announcing the restore, then the changes.
		expect(first![0]).toMatchObject({
			event: 'TRIGGER_RESTORED',
			recovered: true,
			note: expect.stringContaining('3 change(s)'),
		});
		expect(first?.slice(1).map((item) => [item.event, item.itemId, item.recovered])).toEqual(
			expect.arrayContaining([
				['ORDER_CREATE', 'ORD-9001', true],
				['ORDER_UPDATE', 'ORD-1002', true],
				['ORDER_CANCEL', 'ORD-1003', true],
			]),
		);
		expect(first).toHaveLength(4);
		expect(first![1]).toMatchObject({
			payload: { order: { order_reference: expect.any(String) } },
		});
		expect(Object.keys(first![1]).sort()).toEqual(
			[
				'accountId',
				'apiVersion',
				'created',
				'event',
				'itemId',
				'note',
				'notificationId',
				'payload',
				'recovered',
				'status',
			].sort(),
		);
		// Healthy again: nothing twice, one list call.
		const { result, calls: made } = await measure(() => trigger.poll());
		expect(result).toBeNull();
		expect(made).toEqual(['GET /webhooks']);
	});

	test('changes after the replacement was registered are left to the webhook: not emitted by the catch-up', async () => {
		nextSecond();
		bed.emulator.webhooks.clear();
		// n8n restarted: its activation (checkExists, create) restored the registration before any poll.
		await trigger.activate();
		nextSecond();
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1004' }); // arrives by webhook
		expect((await trigger.poll())?.map((item) => item.event)).toEqual(['TRIGGER_RESTORED']);
		expect(await trigger.poll()).toBeNull();
	});

	test('a change in the same second as the last healthy check is recovered (the API writes whole seconds)', async () => {
		const since = (trigger.staticData().feed as { since: string }).since;
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1005', at: since });
		bed.emulator.webhooks.clear();
		nextSecond();
		const items = await trigger.poll();
		expect(items?.map((item) => [item.event, item.itemId])).toEqual([
			['TRIGGER_RESTORED', undefined],
			['ORDER_UPDATE', 'ORD-1005'],
		]);
	});

	/** What Prioticket sends for a change to the current registration, with the changed order. */
	const deliverChange = async (handle: TriggerHandle, id: string) => {
		const { event } = bed.emulator.change({ kind: 'order', action: 'update', id }) as {
			event: string;
		};
		const [webhook] = remote();
		const { response } = await handle.deliver({
			headers: { authorization: `Basic ${webhook.webhook_auth}` },
			body: notificationBody(bed.emulator.catalogue, event, id, 'v3.8', true),
		});
		expect(response.statusCode).toBe(200);
	};

	test('a change delivered before the registration was lost is not recovered again; one after it in the same second is', async () => {
		nextSecond();
		await deliverChange(trigger, 'ORD-1001');
		const deliveredAt = String(bed.emulator.catalogue.orders.get('ORD-1001')!.order_modified);
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1002', at: deliveredAt });
		bed.emulator.webhooks.clear();
		nextSecond();
		const items = await trigger.poll();
		expect(items?.map((item) => [item.event, item.itemId])).toEqual([
			['TRIGGER_RESTORED', undefined],
			['ORDER_UPDATE', 'ORD-1002'],
		]);
	});

	test('a list that writes fractions of a second: a delivered change is not recovered again, and every date emitted is whole seconds with an offset', async () => {
		bed.emulator.quirks.fractionalSeconds = true;
		try {
			nextSecond();
			await deliverChange(trigger, 'ORD-1001');
			const deliveredAt = String(bed.emulator.catalogue.orders.get('ORD-1001')!.order_modified);
			bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1002', at: deliveredAt });
			bed.emulator.webhooks.clear();
			nextSecond();
			const items = await trigger.poll();
			expect(items?.map((item) => [item.event, item.itemId])).toEqual([
				['TRIGGER_RESTORED', undefined],
				['ORDER_UPDATE', 'ORD-1002'],
			]);
			const rfc3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/;
			for (const item of items!) expect(item.created).toMatch(rfc3339);
			expect(items![1].created).toBe(deliveredAt);
			const dates = String(items![0].note).match(/\d{4}-\d\d-\d\dT[^ ;]*\d/g);
			expect(dates).toHaveLength(2);
			for (const date of dates!) expect(date).toMatch(rfc3339);
		} finally {
			bed.emulator.quirks.fractionalSeconds = false;
		}
	});

	test("n8n's hooks replace the lost registration on their own copy of the static data (n8n pull request 21776): the poll still announces it and catches up once, deliveries after it not again", async () => {
		nextSecond();
		await deliverChange(trigger, 'ORD-1001'); // before the loss
		nextSecond();
		bed.emulator.disableWebhook(String(remote()[0].webhook_id));
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1003' }); // missed
		nextSecond();
		// The hooks run on a copy fresh from n8n's database; the poll keeps the copy it activated with.
		const hooks = bed.trigger(
			{ events: ['ORDER_CREATE', 'ORDER_UPDATE', 'ORDER_CANCEL'] },
			{ staticData: trigger.saved() },
		);
		expect(await hooks.checkExists()).toBe(false);
		await hooks.create();
		expect(remote()).toHaveLength(1);
		nextSecond();
		await deliverChange(trigger, 'ORD-1002'); // through the replacement, before the next poll
		const items = await trigger.poll();
		expect(items?.map((item) => [item.event, item.itemId])).toEqual([
			['TRIGGER_RESTORED', undefined],
			['ORDER_UPDATE', 'ORD-1003'],
		]);
		// Once: the next poll, and the hooks' next check, find it healthy.
		expect(await hooks.checkExists()).toBe(true);
		expect(await trigger.poll()).toBeNull();
		expect(remote()).toHaveLength(1);
	});

	test('the same, with n8n restarted before the next poll: the catch-up comes from what the hooks saved, and a delivery after the restart does not cut it short', async () => {
		nextSecond();
		bed.emulator.webhooks.clear();
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1003' }); // missed
		nextSecond();
		const hooks = bed.trigger(
			{ events: ['ORDER_CREATE', 'ORDER_UPDATE', 'ORDER_CANCEL'] },
			{ staticData: trigger.saved() },
		);
		expect(await hooks.checkExists()).toBe(false);
		await hooks.create();
		// Another process: what the hooks saved, nothing in memory; a delivery arrives before its first poll.
		const restarted = bed.trigger(
			{ events: ['ORDER_CREATE', 'ORDER_UPDATE', 'ORDER_CANCEL'] },
			{ workflowId: 'wf-restarted', staticData: hooks.saved() },
		);
		nextSecond();
		await deliverChange(restarted, 'ORD-1004');
		const items = await restarted.poll();
		expect(items?.map((item) => [item.event, item.itemId])).toEqual([
			['TRIGGER_RESTORED', undefined],
			['ORDER_UPDATE', 'ORD-1003'],
		]);
		expect(await restarted.poll()).toBeNull();
		await restarted.delete();
	});

	test('a busy second: the catch-up knows the latest 100 changes delivered in it; an older one of that second comes again (the record stays small)', async () => {
		const references = Array.from({ length: 101 }, (_, n) => `ORD-B${n}`);
		for (const reference of references)
			bed.emulator.change({ kind: 'order', action: 'create', id: reference });
		clock.advance(5000); // the creations are long before the catch-up's start
		for (const reference of references) await deliverChange(trigger, reference);
		bed.emulator.webhooks.clear();
		nextSecond();
		expect((await trigger.poll())?.map((item) => [item.event, item.itemId])).toEqual([
			['TRIGGER_RESTORED', undefined],
			['ORDER_UPDATE', 'ORD-B0'],
		]);
	});

	test('a delivery n8n ran on its own copy of the static data is known to the poll from memory (the same process)', async () => {
		nextSecond();
		// n8n loads a fresh copy of the workflow, static data included, for every delivery.
		const copy = bed.trigger(
			{ events: ['ORDER_CREATE', 'ORDER_UPDATE', 'ORDER_CANCEL'] },
			{ staticData: trigger.saved() },
		);
		await deliverChange(copy, 'ORD-1005');
		bed.emulator.webhooks.clear();
		nextSecond();
		expect((await trigger.poll())?.map((item) => item.event)).toEqual(['TRIGGER_RESTORED']);
	});

	test('after a restart (nothing in memory) the catch-up starts at the last healthy check n8n saved', async () => {
		nextSecond();
		await deliverChange(trigger, 'ORD-1003');
		nextSecond();
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1004' });
		bed.emulator.webhooks.clear();
		// Another process: the same static data, nothing in memory.
		const restarted = bed.trigger(
			{ events: ['ORDER_CREATE', 'ORDER_UPDATE', 'ORDER_CANCEL'] },
			{ workflowId: 'wf-restarted', staticData: trigger.saved() },
		);
		nextSecond();
		const items = await restarted.poll();
		// The delivered change comes again, recovered: the documented limit after a restart.
		expect(items?.map((item) => [item.event, item.itemId]).sort()).toEqual([
			['ORDER_UPDATE', 'ORD-1003'],
			['ORDER_UPDATE', 'ORD-1004'],
			['TRIGGER_RESTORED', undefined],
		]);
		await restarted.delete();
	});

	test('n8n starting (every main process of a multi-main setup): checkExists trusts the stored registration; the poll restores it', async () => {
		bed.emulator.webhooks.clear();
		const starting = bed.trigger(
			{ events: ['ORDER_CREATE', 'ORDER_UPDATE', 'ORDER_CANCEL'] },
			{ activation: 'init', staticData: trigger.saved() },
		);
		const { result, calls: made } = await measure(() => starting.checkExists());
		expect([result, made]).toEqual([true, []]);
		expect(remote()).toHaveLength(0);
		expect((await starting.poll())?.[0]).toMatchObject({ event: 'TRIGGER_RESTORED' });
		expect(remote()).toHaveLength(1);
		// Nothing stored (never registered, or static data lost): it registers as on any activation.
		const fresh = bed.trigger(
			{ events: ['ORDER_CREATE'] },
			{ activation: 'init', webhookId: 'hook-fresh', workflowId: 'wf-fresh' },
		);
		expect(await fresh.checkExists()).toBe(false);
		await fresh.create();
		expect(
			remote()
				.map((webhook) => webhook.webhook_url)
				.sort(),
		).toEqual([triggerUrl(), triggerUrl('hook-fresh')].sort());
		await fresh.delete();
	});

	test('a check racing an activation never leaves two registrations', async () => {
		for (let round = 0; round < 5; round++) {
			bed.emulator.webhooks.clear();
			await Promise.all([trigger.poll(), trigger.activate(), trigger.poll()]);
			expect(remote()).toHaveLength(1);
			expect(trigger.staticData().webhookId).toBe(remote()[0].webhook_id);
		}
	});

	test('deactivation forgets the cursor: the next activation does not replay the time it was off', async () => {
		await trigger.delete();
		expect(trigger.staticData()).toEqual({});
		bed.emulator.change({ kind: 'order', action: 'create', id: 'ORD-9002' });
		await trigger.activate();
		expect(await trigger.poll()).toBeNull();
	});
});

describe('polling mode', () => {
	const parameters = {
		receiveBy: 'polling',
		events: ['ORDER_CREATE', 'ORDER_UPDATE', 'PRODUCT_UPDATE'],
	};

	test('activation registers nothing and calls nothing, even on localhost; a webhook method called anyway does nothing', async () => {
		bed.resetCredential();
		const trigger = bed.trigger(parameters);
		trigger.setWebhookBase('http://localhost:5678');
		const { calls: made } = await measure(async () => {
			await trigger.activate();
			expect(await trigger.checkExists()).toBe(true);
		});
		expect(made).toEqual([]);
		expect(remote()).toHaveLength(0);
		expect(Object.keys(trigger.saved().lists as object).sort()).toEqual(['order', 'product']);
	});

	test('created and updated orders and products come out once each, across polls and a restart', async () => {
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1005' }); // before activation: not reported
		const trigger = bed.trigger(parameters);
		await trigger.activate();
		/** Two polls: the trigger reads orders and products in turn. */
		const pollBoth = async (handle = trigger) => [
			...((await handle.poll()) ?? []),
			...((await handle.poll()) ?? []),
		];
		expect(await pollBoth()).toEqual([]);
		nextSecond();
		bed.emulator.change({ kind: 'order', action: 'create', id: 'ORD-7001' });
		const first = await pollBoth();
		expect(first.map((item) => [item.event, item.itemId])).toEqual([['ORDER_CREATE', 'ORD-7001']]);
		expect(first[0].recovered).toBeUndefined();

		nextSecond();
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-7001' });
		bed.emulator.change({ kind: 'product', action: 'update', id: '1002' });
		const second = await pollBoth();
		expect(second.map((item) => [item.event, item.itemId]).sort()).toEqual([
			['ORDER_UPDATE', 'ORD-7001'],
			['PRODUCT_UPDATE', '1002'],
		]);
		expect(await pollBoth()).toEqual([]);

		// n8n restarted: the same node with the static data n8n saved after the last emitting poll.
		const restarted = bed.trigger(parameters, {
			workflowId: 'wf-restarted',
			staticData: trigger.saved(),
		});
		await restarted.activate();
		expect(await pollBoth(restarted)).toEqual([]);
		nextSecond();
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-7001' });
		bed.emulator.change({ kind: 'product', action: 'update', id: '1001' });
		expect((await pollBoth(restarted)).map((item) => item.event).sort()).toEqual([
			'ORDER_UPDATE',
			'PRODUCT_UPDATE',
		]);
	});

	test('with orders and products, polls read the two lists in turn: an idle poll is one API call', async () => {
		const trigger = bed.trigger(parameters);
		await trigger.activate();
		await trigger.poll(); // the credential's token
		const idle = await measure(async () => {
			for (let poll = 0; poll < 4; poll++) expect(await trigger.poll()).toBeNull();
		});
		// Which list comes first depends on earlier polls of this node in the process.
		expect([
			idle.calls.slice(0, 2).sort(),
			idle.calls[0] === idle.calls[2],
			idle.calls[1] === idle.calls[3],
		]).toEqual([['GET /orders', 'GET /products'], true, true]);
	});

	test('with only order events an idle poll is one API call', async () => {
		const trigger = bed.trigger({ receiveBy: 'polling', events: ['ORDER_CREATE'] });
		await trigger.activate();
		await trigger.poll();
		const idle = await measure(() => trigger.poll());
		expect(idle.calls).toEqual(['GET /orders']);
	});

	const events = (items: Array<{ event?: unknown; itemId?: unknown }> | null) =>
		(items ?? []).map((item) => `${String(item.event)} ${String(item.itemId)}`);

	test('an idle poll leaves the cursor as it was and gives n8n nothing to save; only a poll that emits moves it', async () => {
		const trigger = bed.trigger({ receiveBy: 'polling', events: ['ORDER_CREATE', 'ORDER_UPDATE'] });
		await trigger.activate();
		nextSecond();
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1002' });
		expect(events(await trigger.poll())).toEqual(['ORDER_UPDATE ORD-1002']);
		const cursor = trigger.saved().lists;
		for (let poll = 0; poll < 4; poll++) {
			clock.advance(60_000);
			expect(await trigger.poll()).toBeNull();
			expect(trigger.workflow.staticData.__dataChanged).toBe(false);
			expect(trigger.staticData().lists).toEqual(cursor);
		}
		clock.advance(60_000);
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1003' });
		expect(events(await trigger.poll())).toEqual(['ORDER_UPDATE ORD-1003']);
		expect(trigger.saved().lists).not.toEqual(cursor);
	});

	test('a change the API lists late, after a later one, still comes out, once: polls read two minutes back', async () => {
		bed.emulator.quirks.listLate = 90_000;
		bed.emulator.quirks.listLateIds = ['ORD-1002'];
		const trigger = bed.trigger({ receiveBy: 'polling', events: ['ORDER_UPDATE'] });
		await trigger.activate();
		nextSecond();
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1002' }); // listed 90 s late
		nextSecond();
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1003' });
		expect(events(await trigger.poll())).toEqual(['ORDER_UPDATE ORD-1003']);
		clock.advance(60_000);
		expect(await trigger.poll()).toBeNull();
		clock.advance(30_000);
		expect(events(await trigger.poll())).toEqual(['ORDER_UPDATE ORD-1002']);
		clock.advance(30_000);
		expect(await trigger.poll()).toBeNull();
	});

	test('the cursor forgets what it emitted once that is older than the re-read window: static data stays small', async () => {
		const trigger = bed.trigger({ receiveBy: 'polling', events: ['ORDER_UPDATE'] });
		await trigger.activate();
		const seen = () =>
			Object.keys((trigger.saved().lists as { order: { seen: object } }).order.seen);
		for (const reference of ['ORD-1001', 'ORD-1002', 'ORD-1003', 'ORD-1004', 'ORD-1005']) {
			clock.advance(3 * 60_000);
			bed.emulator.change({ kind: 'order', action: 'update', id: reference });
			expect(events(await trigger.poll())).toEqual([`ORDER_UPDATE ${reference}`]);
			expect(seen()).toEqual([expect.stringMatching(new RegExp(`^ORDER_UPDATE:${reference}@`))]);
		}
	});

	test('lists that write fractional seconds make nothing come twice, across polls and a restart', async () => {
		bed.emulator.quirks.fractionalSeconds = true;
		const parameters = { receiveBy: 'polling', events: ['ORDER_CREATE', 'ORDER_UPDATE'] };
		const trigger = bed.trigger(parameters);
		await trigger.activate();
		const emitted: string[] = [];
		const poll = async (handle = trigger) => {
			emitted.push(...events(await handle.poll()));
		};
		nextSecond();
		bed.emulator.change({ kind: 'order', action: 'create', id: 'ORD-7101' });
		await poll();
		await poll();
		nextSecond();
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-7101' });
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1002' });
		await poll();
		clock.advance(30_000);
		await poll();
		const restarted = bed.trigger(parameters, {
			workflowId: 'wf-restarted',
			staticData: trigger.saved(),
		});
		await restarted.activate();
		await poll(restarted);
		clock.advance(30_000);
		await poll(restarted);
		expect(emitted.sort()).toEqual([
			'ORDER_CREATE ORD-7101',
			'ORDER_UPDATE ORD-1002',
			'ORDER_UPDATE ORD-7101',
		]);
	});

	test('an event no list can show is refused at activation, named, with the fix', async () => {
		const trigger = bed.trigger({
			receiveBy: 'polling',
			events: ['ORDER_CREATE', 'PAYMENT_REFUND'],
		});
		await expect(trigger.activate()).rejects.toThrow('Polling cannot see PAYMENT_REFUND');
	});
});
