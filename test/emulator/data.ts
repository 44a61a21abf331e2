// Sample orders, products and payments the emulator serves and puts in notifications, and the
// changes tests make to them (at a time they choose, so `order_modified` / `product_modified` move
// as they would while a workflow is down). IDs it does not know are made up on first use by a
// notification, so any reference works in a demo and resolves afterwards.

import { randomUUID } from 'crypto';

export type Json = Record<string, unknown>;

export const ACCOUNT_ID = 'ACC-4711';

/** RFC 3339 with a +01:00 offset, as Prioticket writes dates (never a trailing Z), to the second. */
export function timestamp(date = new Date(), offsetMinutes = 60): string {
	const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
	const sign = offsetMinutes >= 0 ? '+' : '-';
	const abs = Math.abs(offsetMinutes);
	const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
	return shifted.toISOString().replace(/\.\d{3}Z$/, offset);
}

export const ORDER_STATUSES = [
	'ORDER_CONFIRMED',
	'ORDER_UPDATED',
	'ORDER_CANCELLED',
	'ORDER_REVIEW',
	'ORDER_PENDING',
];

const MINUTE = 60_000;
const TITLES = ['Canal Cruise', 'Museum Pass', 'City Tower Skip-the-Line', 'Zoo Day Ticket'];

export interface Change {
	/** When the change happened; `order_modified` / `product_modified` take this value. Default now. */
	at?: Date;
	/** Fields to set on the object (shallow), e.g. `{ order_status: 'ORDER_REVIEW' }`. */
	fields?: Json;
}

export class Catalogue {
	readonly orders = new Map<string, Json>();
	readonly products = new Map<string, Json>();
	readonly payments = new Map<string, Json>();
	/** Earlier revisions of each order, oldest first (`GET /orders/{ref}?order_version=N`). */
	readonly orderRevisions = new Map<string, Json[]>();
	/** Wall-clock time of each order's last change, for the simulated read cache. */
	readonly orderTouched = new Map<string, number>();
	/** Latest change per collection (ms), deletions included: the lists' `Last-Modified`. */
	readonly changed = { orders: 0, products: 0, payments: 0 };

	constructor() {
		this.seed();
	}

	/** Back to the seed data: products 1001–1003 and orders ORD-1001…ORD-1005, one a minute over the last hour. */
	reset() {
		this.orders.clear();
		this.products.clear();
		this.payments.clear();
		this.orderRevisions.clear();
		this.orderTouched.clear();
		this.changed.orders = this.changed.products = this.changed.payments = 0;
		this.seed();
	}

	private seed() {
		const start = Date.now() - 60 * MINUTE;
		for (let n = 1; n <= 3; n++)
			this.product(String(1000 + n), new Date(start - (4 - n) * 24 * 60 * MINUTE));
		for (let n = 1; n <= 5; n++) this.order(`ORD-${1000 + n}`, new Date(start + n * MINUTE));
	}

	product(id: string, at = new Date()): Json {
		let product = this.products.get(id);
		if (product === undefined) {
			product = {
				product_id: id,
				product_title: TITLES[this.products.size % TITLES.length],
				product_status: 'ACTIVE',
				product_currency_code: 'EUR',
				product_from_price: 19.5,
				product_version: 1,
				product_created: timestamp(at),
				product_modified: timestamp(at),
			};
			this.products.set(id, product);
			this.touch('products', at);
		}
		return product;
	}

	order(reference: string, at = new Date(), productId?: string): Json {
		let order = this.orders.get(reference);
		if (order === undefined) {
			const product = this.product(productId ?? String(1001 + (this.orders.size % 3)), at);
			const compact = reference.replace(/\W/g, '');
			const paymentId = `PAY-${compact}`;
			const amount = 25 + (this.orders.size % 4) * 12.5;
			order = {
				order_reference: reference,
				order_external_reference: `EXT-${compact}`,
				order_status: 'ORDER_CONFIRMED',
				order_version: 1,
				order_channel: 'API',
				order_created: timestamp(at),
				order_modified: timestamp(at),
				order_contacts: [{ contact_name: 'Alex Example', contact_email: 'alex@example.com' }],
				order_pricing: { price_total: amount, price_currency_code: 'EUR' },
				order_payments: [{ payment_id: paymentId, payment_amount: amount }],
				order_bookings: [
					{
						booking_reference: `BKG-${compact}-1`,
						booking_status: 'BOOKING_CONFIRMED',
						booking_voucher_released: true,
						booking_travel_date: timestamp(new Date(at.getTime() + 7 * 24 * 60 * MINUTE)),
						product_id: product.product_id,
						product_title: product.product_title,
					},
				],
			};
			this.orders.set(reference, order);
			this.orderTouched.set(reference, Date.now());
			this.touch('orders', at);
			this.payments.set(paymentId, {
				payment_id: paymentId,
				payment_order_reference: reference,
				payment_status: 'PAYMENT_COMPLETED',
				payment_amount: amount,
				payment_currency_code: 'EUR',
				payment_created: timestamp(at),
			});
			this.touch('payments', at);
		}
		return order;
	}

	payment(id: string): Json | undefined {
		return this.payments.get(id);
	}

	createOrder(
		reference: string,
		{ at = new Date(), fields = {} }: Change = {},
		productId?: string,
	): Json {
		if (this.orders.has(reference)) throw new Error(`Order ${reference} already exists`);
		if (productId !== undefined && !this.products.has(productId))
			throw new Error(`Product ${productId} does not exist`);
		return Object.assign(this.order(reference, at, productId), fields);
	}

	/** A new revision: the previous one stays readable by `order_version`. */
	updateOrder(reference: string, { at = new Date(), fields = {} }: Change = {}): Json {
		const order = this.orders.get(reference);
		if (order === undefined) throw new Error(`Order ${reference} does not exist`);
		const revisions = this.orderRevisions.get(reference) ?? [];
		revisions.push(structuredClone(order));
		this.orderRevisions.set(reference, revisions);
		Object.assign(order, { order_status: 'ORDER_UPDATED' }, fields, {
			order_version: Number(order.order_version) + 1,
			order_modified: timestamp(at),
		});
		this.orderTouched.set(reference, Date.now());
		this.touch('orders', at);
		return order;
	}

	cancelOrder(reference: string, change: Change = {}): Json {
		const bookings = (this.orders.get(reference)?.order_bookings as Json[] | undefined) ?? [];
		return this.updateOrder(reference, {
			...change,
			fields: {
				order_status: 'ORDER_CANCELLED',
				order_bookings: bookings.map((b) => ({
					...b,
					booking_status: 'BOOKING_CANCELLED',
					booking_voucher_released: false,
				})),
				...change.fields,
			},
		});
	}

	createProduct(id: string, { at = new Date(), fields = {} }: Change = {}): Json {
		if (this.products.has(id)) throw new Error(`Product ${id} already exists`);
		return Object.assign(this.product(id, at), fields);
	}

	updateProduct(id: string, { at = new Date(), fields = {} }: Change = {}): Json {
		const product = this.products.get(id);
		if (product === undefined) throw new Error(`Product ${id} does not exist`);
		Object.assign(product, fields, {
			product_version: Number(product.product_version) + 1,
			product_modified: timestamp(at),
		});
		this.touch('products', at);
		return product;
	}

	/** Deleted products are not listed and not found, as the API documents; the deletion still moves Last-Modified. */
	deleteProduct(id: string, { at = new Date() }: Change = {}): Json {
		const product = this.products.get(id);
		if (product === undefined) throw new Error(`Product ${id} does not exist`);
		this.products.delete(id);
		this.touch('products', at);
		return product;
	}

	private touch(collection: keyof Catalogue['changed'], at: Date) {
		this.changed[collection] = Math.max(this.changed[collection], at.getTime());
	}

	/** The object a notification of this event is about, keyed as it appears in `data`. */
	changedObject(event: string, itemId: string): Json {
		if (
			event.startsWith('PRODUCT_') ||
			['AVAILABILITY_CHANGE', 'CATEGORY_CHANGE', 'LOCATION_CHANGE'].includes(event)
		) {
			return {
				product:
					this.products.get(itemId) ??
					(event === 'PRODUCT_DELETE' ? { product_id: itemId } : this.product(itemId)),
			};
		}
		if (event.startsWith('PAYMENT_')) {
			const payment = this.payment(itemId);
			if (payment !== undefined) return { payment };
			const order = this.order(itemId);
			return {
				order,
				payment: this.payment(String((order.order_payments as Json[])[0].payment_id)),
			};
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

/** A small, valid one-page PDF: the voucher document the download URL serves. */
export function voucherPdf(lines: string[]): Buffer {
	const escape = (text: string) =>
		text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');
	const content = [
		'BT',
		'/F1 14 Tf',
		'72 760 Td',
		'18 TL',
		...lines.map((line) => `(${escape(line)}) Tj T*`),
		'ET',
	].join('\n');
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let pdf = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((body, index) => {
		offsets.push(Buffer.byteLength(pdf));
		pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = Buffer.byteLength(pdf);
	pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
	pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(pdf, 'latin1');
}
