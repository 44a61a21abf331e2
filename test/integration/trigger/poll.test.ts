// The trigger's polls through n8n-core's real PollContext: the self-check of the registration
// (webhook mode), the catch-up after the trigger was deaf, and polling mode.
import { sleep } from 'n8n-workflow';

import { triggerUrl, useTestBed, type TriggerHandle } from '../testbed';

const bed = useTestBed();

const remote = () => [...bed.emulator.webhooks.values()];
const calls = () => bed.emulator.requests.length;
/** The emulator writes dates to the second: let a second pass so "after the check" is unambiguous. */
const nextSecond = async () => await sleep(1100);

async function measure<T>(work: () => Promise<T>): Promise<{ result: T; calls: string[] }> {
	const before = calls();
	const result = await work();
	return { result, calls: bed.emulator.requests.slice(before).map((r) => `${r.method} ${r.path.replace('/v3.8/distributor', '')}`) };
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

	test('a registration Prioticket disabled is replaced with a fresh secret; strays for the URL go; exactly one remains', async () => {
		const old = { ...trigger.staticData() };
		bed.emulator.disableWebhook(String(old.webhookId));
		await bed.runAction({ resource: 'webhook', operation: 'create', url: triggerUrl(), events: ['ORDER_CREATE'] });
		await trigger.poll();
		expect(remote()).toHaveLength(1);
		const [webhook] = remote();
		expect(webhook).toMatchObject({ webhook_status: 'ENABLED', webhook_url: triggerUrl() });
		expect(webhook.webhook_id).not.toBe(old.webhookId);
		expect(webhook.webhook_auth).not.toBe(old.secret);
		expect(trigger.staticData()).toMatchObject({ webhookId: webhook.webhook_id, secret: webhook.webhook_auth });
		// A delivery to the new registration is accepted.
		const { response } = await trigger.deliver({
			headers: { authorization: `Basic ${webhook.webhook_auth}` },
			body: { data: { notification: { notification_id: 'n1', notification_event: 'ORDER_CREATE', notification_item_id: 'ORD-1001' } } },
		});
		expect(response.statusCode).toBe(200);
	});

	test('a deleted registration is restored; what changed meanwhile comes out once, recovered, shaped like a delivery', async () => {
		await nextSecond();
		bed.emulator.webhooks.clear();
		bed.emulator.change({ kind: 'order', action: 'create', id: 'ORD-9001' });
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1002' });
		bed.emulator.change({ kind: 'order', action: 'cancel', id: 'ORD-1003' });
		bed.emulator.change({ kind: 'product', action: 'update', id: '1001' }); // not selected
		await nextSecond();
		const first = await trigger.poll();
		expect(remote()).toHaveLength(1);
		// First an item announcing the restore (it also makes n8n save the new secret), then the changes.
		expect(first![0]).toMatchObject({ event: 'TRIGGER_RESTORED', recovered: true, note: expect.stringContaining('3 change(s)') });
		expect(first?.slice(1).map((item) => [item.event, item.itemId, item.recovered])).toEqual(
			expect.arrayContaining([
				['ORDER_CREATE', 'ORD-9001', true],
				['ORDER_UPDATE', 'ORD-1002', true],
				['ORDER_CANCEL', 'ORD-1003', true],
			]),
		);
		expect(first).toHaveLength(4);
		expect(first![1]).toMatchObject({ payload: { order: { order_reference: expect.any(String) } } });
		expect(Object.keys(first![1]).sort()).toEqual(
			['accountId', 'apiVersion', 'created', 'event', 'itemId', 'note', 'notificationId', 'payload', 'recovered', 'status'].sort(),
		);
		// Healthy again: nothing twice, one list call.
		const { result, calls: made } = await measure(() => trigger.poll());
		expect(result).toBeNull();
		expect(made).toEqual(['GET /webhooks']);
	});

	test('changes after the replacement was registered are left to the webhook: not emitted by the catch-up', async () => {
		await nextSecond();
		bed.emulator.webhooks.clear();
		// n8n restarted: its activation (checkExists, create) restored the registration before any poll.
		await trigger.activate();
		await nextSecond();
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1004' }); // arrives by webhook
		expect((await trigger.poll())?.map((item) => item.event)).toEqual(['TRIGGER_RESTORED']);
		expect(await trigger.poll()).toBeNull();
	});

	test('a change in the same second as the last healthy check is recovered (the API writes whole seconds)', async () => {
		const since = (trigger.staticData().feed as { since: string }).since;
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1005', at: since });
		bed.emulator.webhooks.clear();
		await nextSecond();
		const items = await trigger.poll();
		expect(items?.map((item) => [item.event, item.itemId])).toEqual([['TRIGGER_RESTORED', undefined], ['ORDER_UPDATE', 'ORD-1005']]);
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
	const parameters = { receiveBy: 'polling', events: ['ORDER_CREATE', 'ORDER_UPDATE', 'PRODUCT_UPDATE'] };

	test('activation registers nothing and removes what pointed at the URL, even on localhost', async () => {
		bed.resetCredential();
		await bed.runAction({ resource: 'webhook', operation: 'create', url: triggerUrl('hook-1', 'http://localhost:5678'), events: ['ORDER_CREATE'] });
		const trigger = bed.trigger(parameters);
		trigger.setWebhookBase('http://localhost:5678');
		await trigger.activate();
		expect(remote()).toHaveLength(0);
	});

	test('created and updated orders and products come out once each, across polls and a restart; an idle poll costs one call per source', async () => {
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-1005' }); // before activation: not reported
		const trigger = bed.trigger(parameters);
		await trigger.activate();
		expect(await trigger.poll()).toBeNull();
		await nextSecond();
		bed.emulator.change({ kind: 'order', action: 'create', id: 'ORD-7001' });
		const first = await trigger.poll();
		expect(first?.map((item) => [item.event, item.itemId])).toEqual([['ORDER_CREATE', 'ORD-7001']]);
		expect(first![0].recovered).toBeUndefined();

		await nextSecond();
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-7001' });
		bed.emulator.change({ kind: 'product', action: 'update', id: '1002' });
		const second = await trigger.poll();
		expect(second?.map((item) => [item.event, item.itemId]).sort()).toEqual([['ORDER_UPDATE', 'ORD-7001'], ['PRODUCT_UPDATE', '1002']]);

		const idle = await measure(() => trigger.poll());
		expect(idle.result).toBeNull();
		expect(idle.calls).toEqual(['GET /orders', 'GET /products']);

		// n8n restarted: the same node with the static data n8n saved after the last emitting poll.
		const restarted = bed.trigger(parameters);
		restarted.workflow.staticData['node:Prioticket Trigger'] = JSON.parse(JSON.stringify(trigger.staticData()));
		await restarted.activate();
		expect(await restarted.poll()).toBeNull();
		await nextSecond();
		bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-7001' });
		expect((await restarted.poll())?.map((item) => item.event)).toEqual(['ORDER_UPDATE']);
	});

	test('with only order events an idle poll is one API call', async () => {
		const trigger = bed.trigger({ receiveBy: 'polling', events: ['ORDER_CREATE'] });
		await trigger.activate();
		await trigger.poll();
		const idle = await measure(() => trigger.poll());
		expect(idle.calls).toEqual(['GET /orders']);
	});

	test('an event no list can show is refused at activation, named, with the fix', async () => {
		const trigger = bed.trigger({ receiveBy: 'polling', events: ['ORDER_CREATE', 'PAYMENT_REFUND'] });
		await expect(trigger.activate()).rejects.toThrow('Polling cannot see PAYMENT_REFUND');
	});
});
