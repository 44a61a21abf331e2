// `GET /orders` lists only orders created in the last 3 months unless asked for a created range
// (test/emulator/README.md): a change to an older order still comes out of polling and of the
// catch-up, because the feed asks for orders created up to ORDER_CREATED_LOOKBACK_MS back.
import { ORDER_CREATED_LOOKBACK_MS } from '../../../nodes/Prioticket/trigger/feed';
import { useTestClock } from '../clock';
import { useTestBed } from '../testbed';

const bed = useTestBed();
const clock = useTestClock();
/** The API writes whole seconds: the next second starts, so "after the activation" is unambiguous. */
const nextSecond = () => clock.advance();
const DAY = 86_400_000;
const orderReads = () =>
	bed.emulator.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/orders'));

beforeEach(() => {
	// Created four months ago, out of the API's default window.
	bed.emulator.change({
		kind: 'order',
		action: 'create',
		id: 'ORD-OLD',
		at: new Date(Date.now() - 122 * DAY).toISOString(),
	});
});

test('polling: an order created 4 months ago and changed now comes out once', async () => {
	const trigger = bed.trigger({ receiveBy: 'polling', events: ['ORDER_CREATE', 'ORDER_UPDATE'] });
	await trigger.activate();
	nextSecond();
	bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-OLD' });
	const items = await trigger.poll();
	expect(items?.map((item) => [item.event, item.itemId])).toEqual([['ORDER_UPDATE', 'ORD-OLD']]);
	expect(await trigger.poll()).toBeNull();
	const sent = orderReads().at(-1)!.query;
	expect(Date.parse(sent.order_created_from)).toBeLessThanOrEqual(
		Date.now() - ORDER_CREATED_LOOKBACK_MS + 60_000,
	);
	// Without the bound the API would not list it: the emulator's window is the API's.
	expect(
		(await bed.runAction({ resource: 'order', operation: 'getAll', returnAll: true })).some(
			(item) => item.json.order_reference === 'ORD-OLD',
		),
	).toBe(false);
});

test('catch-up: a change to an order created 4 months ago while the trigger was deaf is recovered', async () => {
	const trigger = bed.trigger({ events: ['ORDER_CREATE', 'ORDER_UPDATE'] });
	await trigger.activate();
	nextSecond();
	bed.emulator.webhooks.clear();
	bed.emulator.change({ kind: 'order', action: 'update', id: 'ORD-OLD' });
	nextSecond();
	const items = await trigger.poll();
	expect(items?.map((item) => [item.event, item.itemId, item.recovered])).toEqual([
		['TRIGGER_RESTORED', undefined, true],
		['ORDER_UPDATE', 'ORD-OLD', true],
	]);
});
