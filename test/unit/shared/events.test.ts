import {
	collectEventNames,
	EVENT_OPTIONS,
	EVENTS,
	findEvent,
} from '../../../nodes/Prioticket/shared/events';

describe('event catalogue', () => {
	test('lists every event of API.md once, with what its item id refers to', () => {
		const values = EVENTS.map((e) => e.value);
		expect(new Set(values).size).toBe(values.length);
		for (const name of [
			'ORDER_CREATE',
			'ORDER_UPDATE',
			'ORDER_CANCEL',
			'PAYMENT_CREATE',
			'PAYMENT_REFUND',
			'VOUCHER_RELEASE',
			'VOUCHER_REVOKE',
			'REDEMPTION',
			'PRODUCT_CREATE',
			'PRODUCT_UPDATE',
			'PRODUCT_DELETE',
			'PRODUCT_ASSIGN',
			'PRODUCT_UNASSIGN',
		]) {
			expect(findEvent(name)).toBeDefined();
		}
		expect(findEvent('PRODUCT_UPDATE')?.itemKind).toBe('product');
		expect(findEvent('PAYMENT_REFUND')?.itemKind).toBe('payment');
		expect(findEvent('REDEMPTION')?.itemKind).toBe('order');
	});

	test('offers the options sorted by display name', () => {
		const names = EVENT_OPTIONS.map((o) => o.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(EVENT_OPTIONS).toHaveLength(EVENTS.length);
	});

	test('merges selected and typed names, upper-cased, de-duplicated and sorted', () => {
		expect(
			collectEventNames(['ORDER_CREATE'], ' payment_update, ORDER_CREATE\nNEW_THING '),
		).toEqual({
			events: ['NEW_THING', 'ORDER_CREATE', 'PAYMENT_UPDATE'],
		});
		expect(collectEventNames(undefined, '')).toEqual({ events: [] });
	});

	test('names the first typed entry that is not an event name', () => {
		expect(collectEventNames([], 'ORDER_CREATE, order-create')).toEqual({
			invalid: 'order-create',
		});
		expect(collectEventNames([], '1ABC')).toEqual({ invalid: '1ABC' });
	});
});
