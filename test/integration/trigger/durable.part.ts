// What deliveries depend on when n8n does not keep what a poll wrote: the restore keeps the
// registration's secret (made at activation, which n8n saves), under n8n's legacy poller (static
// data saved only when a poll emits) and under its durable scheduler, where a poll reads and writes
// a copy of the node's static data kept apart (a "durable cursor", seeded once, outliving
// deactivations). And n8n calling checkExists/create on its own while the self-check runs.
import { PollContext } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';

import { useTestClock } from '../clock';
import { triggerUrl, useTestBed, type TriggerHandle } from '../testbed';

const bed = useTestBed();
const clock = useTestClock();
const events = ['ORDER_CREATE', 'ORDER_UPDATE'];

const remote = () => [...bed.emulator.webhooks.values()];
const webhookCalls = () =>
	bed.emulator.requests.filter((r) => r.path.endsWith('/webhooks') || r.path.includes('/webhooks/'))
		.length;
const calls = () => bed.emulator.requests.length;
/** The API writes whole seconds: the next second starts, so "after the check" is unambiguous. */
const nextSecond = () => clock.advance();

const body = (id: string) => ({
	data: {
		notification: {
			notification_id: id,
			notification_event: 'ORDER_CREATE',
			notification_item_id: 'ORD-1001',
		},
	},
});
async function deliverWith(trigger: TriggerHandle, secret: unknown, id = 'n1') {
	const { response } = await trigger.deliver({
		headers: { authorization: `Basic ${String(secret)}` },
		body: body(id),
	});
	return response.statusCode;
}

/**
 * Polls as n8n's durable scheduler runs them: the poll's node static data is `cursor` (n8n-core's
 * PollContext then answers getWorkflowStaticData('node') from the cursor table's copy), which the
 * scheduler commits after the poll; the workflow's static data is not the poll's.
 */
async function durablePoll(trigger: TriggerHandle, cursor: IDataObject) {
	const original = PollContext.prototype.getWorkflowStaticData;
	const spy = jest
		.spyOn(PollContext.prototype, 'getWorkflowStaticData')
		.mockImplementation(function (this: PollContext, type: string) {
			return type === 'node' ? cursor : original.call(this, type);
		});
	try {
		return await trigger.poll();
	} finally {
		spy.mockRestore();
	}
}

describe('the restore keeps the secret', () => {
	test('after a restore, a delivery with the original secret is accepted even when n8n kept nothing the poll wrote', async () => {
		const trigger = bed.trigger({ events });
		await trigger.activate();
		const original = trigger.saved().secret;
		const activated = trigger.saved(); // what n8n saved at activation
		bed.emulator.disableWebhook(String(activated.webhookId));
		const restored = await trigger.poll();
		expect(restored?.map((item) => item.event)).toEqual(['TRIGGER_RESTORED']);
		expect(remote()).toHaveLength(1);
		expect(remote()[0]).toMatchObject({ webhook_status: 'ENABLED', webhook_auth: original });
		// n8n throws the poll's changes away: deliveries run on the static data saved at activation.
		const delivery = bed.trigger({ events }, { staticData: activated });
		expect(await deliverWith(delivery, original)).toBe(200);
		// The next poll, on that copy (the new registration's id unknown): healthy, one call, nothing emitted.
		const before = calls();
		expect(await delivery.poll()).toBeNull();
		expect(calls() - before).toBe(1);
		expect(remote()).toHaveLength(1);
		expect(delivery.staticData().webhookId).toBe(remote()[0].webhook_id);
	});

	test('only activation makes a fresh secret: deactivated and activated again, the old one is refused', async () => {
		const trigger = bed.trigger({ events });
		await trigger.activate();
		const first = trigger.staticData().secret;
		await trigger.delete();
		await trigger.activate();
		expect(trigger.staticData().secret).not.toBe(first);
		expect(await deliverWith(trigger, first)).toBe(401);
		expect(await deliverWith(trigger, trigger.staticData().secret)).toBe(200);
	});
});

describe("n8n's durable scheduler: the poll's static data is a copy kept apart", () => {
	test('a copy seeded before the registration existed: the self-check still restores it, once, with the same secret', async () => {
		const trigger = bed.trigger({ events });
		const cursor: IDataObject = {}; // n8n seeded it when the activation's first poll started
		await trigger.activate();
		expect(await durablePoll(trigger, cursor)).toBeNull();
		nextSecond();
		bed.emulator.disableWebhook(remote()[0].webhook_id);
		bed.emulator.change({ kind: 'order', action: 'create', id: 'ORD-MISSED' });
		nextSecond();
		const restored = await durablePoll(trigger, cursor);
		expect(restored?.map((item) => [item.event, item.itemId, item.recovered])).toEqual([
			['TRIGGER_RESTORED', undefined, true],
			['ORDER_CREATE', 'ORD-MISSED', true],
		]);
		expect(remote().filter((w) => w.webhook_status === 'ENABLED')).toHaveLength(1);
		expect(remote()).toHaveLength(1);
		expect(remote()[0].webhook_auth).toBe(trigger.saved().secret);
		expect(await durablePoll(trigger, cursor)).toBeNull();
		// Deliveries read the workflow's static data, as saved at activation.
		const delivery = bed.trigger({ events }, { staticData: trigger.saved() });
		expect(await deliverWith(delivery, remote()[0].webhook_auth)).toBe(200);
	});

	test('a copy from an earlier activation (n8n keeps it across deactivations): the new registration is kept, nothing emitted', async () => {
		const trigger = bed.trigger({ events });
		await trigger.activate();
		const cursor = JSON.parse(JSON.stringify(trigger.staticData())) as IDataObject;
		await trigger.delete();
		await trigger.activate();
		const current = remote()[0];
		expect(await durablePoll(trigger, cursor)).toBeNull();
		expect(remote()).toEqual([current]);
		expect(cursor).toMatchObject({ webhookId: current.webhook_id, secret: current.webhook_auth });
		expect(await deliverWith(trigger, current.webhook_auth)).toBe(200);
		// And a later loss is restored with the current secret.
		bed.emulator.webhooks.clear();
		expect((await durablePoll(trigger, cursor))?.[0]).toMatchObject({ event: 'TRIGGER_RESTORED' });
		expect(remote()[0].webhook_auth).toBe(current.webhook_auth);
	});
});

describe('n8n calling checkExists, and create when it answers false, every few seconds (n8n pull request 21776)', () => {
	test('with the self-check running: always one registration, a healthy checkExists is one call, one restore execution, deliveries keep working', async () => {
		const trigger = bed.trigger({ events });
		await trigger.activate();
		const secret = trigger.saved().secret;
		const executions: string[] = [];
		const loop = async () => {
			if (!(await trigger.checkExists())) await trigger.create();
		};
		const poll = async () => {
			const items = await trigger.poll();
			if (items) executions.push(...items.map((item) => String(item.event)));
		};
		for (let round = 0; round < 12; round++) {
			if (round === 4) bed.emulator.disableWebhook(remote()[0].webhook_id);
			if (round === 8) bed.emulator.webhooks.clear();
			await Promise.all([loop(), round % 2 === 0 ? poll() : loop()]);
			await poll();
			const listed = remote();
			expect(listed).toHaveLength(1);
			expect(listed[0]).toMatchObject({ webhook_status: 'ENABLED', webhook_url: triggerUrl() });
			expect(listed[0].webhook_auth).toBe(secret);
			expect(await deliverWith(trigger, secret, `n${round}`)).toBe(200);
			// Healthy now: checkExists alone is one call and answers true.
			const before = webhookCalls();
			expect(await trigger.checkExists()).toBe(true);
			expect(webhookCalls() - before).toBe(1);
		}
		// One restore per loss (a disable, then a deletion), whoever noticed it first.
		expect(executions).toEqual(['TRIGGER_RESTORED', 'TRIGGER_RESTORED']);
	});
});
