import { changeOfDelivery } from '../../../nodes/Prioticket/trigger/feed';

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
