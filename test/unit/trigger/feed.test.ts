import { asApiDate } from '../../../nodes/Prioticket/shared/dates';
import { changeOfDelivery, changesOf } from '../../../nodes/Prioticket/trigger/feed';

const delivery = (
	event: string,
	extra: Record<string, unknown> = {},
	created = '2026-11-28T10:00:03+01:00',
) => ({
	data: {
		notification: {
			notification_event: event,
			notification_item_id: 'ORD-1',
			notification_created: created,
		},
		...extra,
	},
});

describe('changeOfDelivery: a delivered notification keyed as the change feed keys it', () => {
	test("an update is keyed by the object's modified time, to the second", () => {
		const change = changeOfDelivery(
			delivery('ORDER_UPDATE', { order: { order_modified: '2026-11-28T10:00:01+01:00' } }),
		);
		const at = Date.parse('2026-11-28T09:00:01Z');
		expect(change).toEqual({ key: `ORDER_UPDATE:ORD-1@${at}`, at });
	});

	test('a creation by its created time, a cancellation by item alone', () => {
		const created = changeOfDelivery(
			delivery('ORDER_CREATE', {
				order: {
					order_created: '2026-11-28T10:00:00+01:00',
					order_modified: '2026-11-28T10:00:02+01:00',
				},
			}),
		);
		expect(created).toEqual({ key: 'ORDER_CREATE:ORD-1', at: Date.parse('2026-11-28T09:00:00Z') });
		expect(changeOfDelivery(delivery('ORDER_CANCEL'))?.key).toBe('ORDER_CANCEL:ORD-1');
	});

	test('without the changed object, a minute before the notification: the change may be older than it', () => {
		expect(changeOfDelivery(delivery('PRODUCT_UPDATE'))?.at).toBe(
			Date.parse('2026-11-28T08:59:03Z'),
		);
	});

	test('events no list shows, and notifications without an item or a date, give nothing', () => {
		expect(changeOfDelivery(delivery('PAYMENT_REFUND'))).toBeUndefined();
		expect(changeOfDelivery(delivery('ORDER_UPDATE', {}, 'not a date'))).toBeUndefined();
		expect(
			changeOfDelivery({ data: { notification: { notification_event: 'ORDER_UPDATE' } } }),
		).toBeUndefined();
	});
});

describe('fractions of a second: deliveries and lists key a change alike, and emit whole seconds', () => {
	const order = (modified: string, created = '2026-11-28T09:00:00+01:00') => ({
		order_reference: 'ORD-1',
		order_status: 'ORDER_CONFIRMED',
		order_created: created,
		order_modified: modified,
	});

	test('a listed update with a fraction has the key of its delivery in whole seconds', () => {
		const delivered = changeOfDelivery(
			delivery('ORDER_UPDATE', { order: order('2026-11-28T10:00:01+01:00') }),
		);
		const since = Date.parse('2026-11-28T10:00:00+01:00');
		const [listed] = changesOf('order', order('2026-11-28T10:00:01.734512+01:00'), since);
		expect(listed).toMatchObject({ event: 'ORDER_UPDATE', key: delivered!.key, at: delivered!.at });
		expect(listed.date).toBe('2026-11-28T10:00:01+01:00');
	});

	test('a delivery with a fraction has the key of the same delivery in whole seconds', () => {
		const whole = changeOfDelivery(
			delivery('ORDER_UPDATE', { order: order('2026-11-28T10:00:01+01:00') }),
		);
		const fractional = changeOfDelivery(
			delivery('ORDER_UPDATE', { order: order('2026-11-28T10:00:01.999+01:00') }),
		);
		expect(fractional).toEqual(whole);
	});

	test('a creation listed with fractions: created and updated within the second is one creation', () => {
		const changes = changesOf(
			'order',
			order('2026-11-28T09:00:00.900+01:00', '2026-11-28T09:00:00.100+01:00'),
			0,
		);
		expect(changes.map((c) => [c.event, c.date])).toEqual([
			['ORDER_CREATE', '2026-11-28T09:00:00+01:00'],
		]);
	});

	test.each([
		['2026-11-28T09:00:00.734+01:00', '2026-11-28T09:00:00+01:00'],
		['2026-11-28T09:00:00.734512-05:30', '2026-11-28T09:00:00-05:30'],
		['2026-11-28T08:00:00.5Z', '2026-11-28T08:00:00+00:00'],
		['2026-11-28T08:00:00Z', '2026-11-28T08:00:00+00:00'],
		['2026-11-28T09:00:00+01:00', '2026-11-28T09:00:00+01:00'],
		['Sat, 28 Nov 2026 08:00:00 GMT', '2026-11-28T08:00:00+00:00'],
		['not a date', 'not a date'],
	])('asApiDate(%s) → %s', (date, expected) => {
		expect(asApiDate(date)).toBe(expected);
	});
});
