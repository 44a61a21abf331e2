// Sample orders, products and payments the emulator serves and puts in notifications. IDs it does
// not know are made up on first use, so any reference works in a demo and resolves afterwards.

import { randomUUID } from 'crypto';

export type Json = Record<string, unknown>;

export const ACCOUNT_ID = 'ACC-4711';

/** RFC 3339 with a +01:00 offset, as Prioticket writes dates (never a trailing Z). */
export function timestamp(date = new Date(), offsetMinutes = 60): string {
	const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
	const sign = offsetMinutes >= 0 ? '+' : '-';
	const abs = Math.abs(offsetMinutes);
	const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
	return shifted.toISOString().replace(/\.\d{3}Z$/, offset);
}

export class Catalogue {
	readonly orders = new Map<string, Json>();
	readonly products = new Map<string, Json>();
	readonly payments = new Map<string, Json>();

	constructor() {
		for (let n = 1; n <= 3; n++) this.product(String(1000 + n));
		for (let n = 1; n <= 5; n++) this.order(`ORD-${1000 + n}`);
	}

	product(id: string): Json {
		let product = this.products.get(id);
		if (product === undefined) {
			const titles = ['Canal Cruise', 'Museum Pass', 'City Tower Skip-the-Line', 'Zoo Day Ticket'];
			product = {
				product_id: id,
				product_title: titles[this.products.size % titles.length],
				product_status: 'ACTIVE',
				product_currency_code: 'EUR',
				product_modified: timestamp(),
			};
			this.products.set(id, product);
		}
		return product;
	}

	order(reference: string): Json {
		let order = this.orders.get(reference);
		if (order === undefined) {
			const product = this.product(String(1001 + (this.orders.size % 3)));
			const paymentId = `PAY-${reference.replace(/\W/g, '')}`;
			const amount = 25 + (this.orders.size % 4) * 12.5;
			order = {
				order_reference: reference,
				order_status: 'ORDER_CONFIRMED',
				order_version: 1,
				order_created: timestamp(),
				order_modified: timestamp(),
				order_contacts: [{ contact_name: 'Alex Example', contact_email: 'alex@example.com' }],
				order_pricing: { price_total: amount, price_currency_code: 'EUR' },
				order_payments: [{ payment_id: paymentId, payment_amount: amount }],
				order_bookings: [
					{
						booking_reference: `BKG-${reference.replace(/\W/g, '')}-1`,
						booking_status: 'BOOKING_CONFIRMED',
						booking_travel_date: timestamp(new Date(Date.now() + 7 * 86_400_000)),
						product_id: product.product_id,
						product_title: product.product_title,
					},
				],
			};
			this.orders.set(reference, order);
			this.payments.set(paymentId, {
				payment_id: paymentId,
				payment_order_reference: reference,
				payment_status: 'PAYMENT_COMPLETED',
				payment_amount: amount,
				payment_currency_code: 'EUR',
				payment_created: timestamp(),
			});
		}
		return order;
	}

	payment(id: string): Json | undefined {
		return this.payments.get(id);
	}

	/** The object a notification of this event is about, keyed as it appears in `data`. */
	changedObject(event: string, itemId: string): Json {
		if (event.startsWith('PRODUCT_') || ['AVAILABILITY_CHANGE', 'CATEGORY_CHANGE', 'LOCATION_CHANGE'].includes(event)) {
			return { product: this.product(itemId) };
		}
		if (event.startsWith('PAYMENT_')) {
			const payment = this.payment(itemId);
			if (payment !== undefined) return { payment };
			const order = this.order(itemId);
			return { order, payment: this.payment(String((order.order_payments as Json[])[0].payment_id)) };
		}
		return { order: this.order(itemId) };
	}
}

export function notificationBody(
	catalogue: Catalogue,
	event: string,
	itemId: string,
	apiVersion: string,
	withPayload: boolean,
	notificationId: string = randomUUID(),
): Json {
	return {
		api_version: apiVersion,
		data: {
			kind: 'notification',
			notification: {
				notification_id: notificationId,
				notification_event: event,
				notification_item_id: itemId,
				notification_status: 'DELIVERY_PENDING',
				notification_account_id: ACCOUNT_ID,
				notification_note: 'Sample notification from the Prioticket emulator',
				notification_created: timestamp(),
			},
			...(withPayload ? catalogue.changedObject(event, itemId) : {}),
		},
	};
}
