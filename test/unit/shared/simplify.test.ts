import { simplifyOrder, simplifyProduct } from '../../../nodes/Prioticket/shared/simplify';

test('an order in the v3.5 shape (first and last name, no top-level product title) simplifies without gaps', () => {
	expect(
		simplifyOrder({
			order_reference: 'R1',
			order_status: 'ORDER_CONFIRMED',
			order_contacts: [
				{
					contact_name_first: 'Ada',
					contact_name_last: 'Lovelace',
					contact_email: 'ada@example.com',
				},
			],
			order_pricing: { price_total: '12.50', price_currency_code: 'EUR' },
			order_bookings: [{ booking_reference: 'B1', product_id: 'P1', booking_pricing: {} }],
			order_custom_fields: [{ a: 1 }],
		}),
	).toEqual({
		order_reference: 'R1',
		order_status: 'ORDER_CONFIRMED',
		contact_name: 'Ada Lovelace',
		contact_email: 'ada@example.com',
		price_total: '12.50',
		currency: 'EUR',
		bookings: [{ booking_reference: 'B1', product_id: 'P1' }],
	});
});

test('an order with almost nothing still simplifies', () => {
	expect(simplifyOrder({ order_reference: 'R2' })).toEqual({ order_reference: 'R2', bookings: [] });
});

test('a product takes its title from product_content when it is not at the top level', () => {
	expect(
		simplifyProduct({
			product_id: 'P1',
			product_content: { product_title: 'Tower' },
			product_currencies: [{ currency_code: 'USD' }],
		}),
	).toEqual({
		product_id: 'P1',
		product_title: 'Tower',
		product_currency_code: 'USD',
	});
});
