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

// ---- Bookable products: time slots in the supplier's local time (Europe/Amsterdam) ----

export const TIME_ZONE = 'Europe/Amsterdam';

export interface ProductType {
	id: string;
	/** ADULT, CHILD, PERSON, … (v3.5 `product_type`). */
	type: string;
	label: string;
	ageFrom: number;
	ageTo: number;
	/** Decimal string in EUR, e.g. "12.50". */
	price: string;
}

/** How a seeded product sells: what the availability call lists and bookings check. */
export interface SaleSpec {
	/** Local start times ("10:00"); none = one item per day (a travel-date product). */
	slots: string[];
	durationMinutes: number;
	/** Spots per slot; undefined = unlimited (no managed capacity). */
	capacity?: number;
	travelDate: boolean;
	cancellable: boolean;
	/** Weekdays (0 = Sunday) whose slots are listed inactive (`availability_active: false`). */
	closedWeekdays?: number[];
	types: ProductType[];
	/** First and last local date it sells (YYYY-MM-DD); open-ended when absent. */
	startDate?: string;
	endDate?: string;
}

/** One bookable time slot (or, for a product without slots, one day). */
export interface Slot {
	id: string;
	productId: string;
	date: string;
	from: string;
	to: string;
	startMs: number;
	active: boolean;
}

const DAY = 24 * 60 * MINUTE;

/** The last Sunday of a month (1–12), as a day of the month. */
function lastSunday(year: number, month: number): number {
	const last = new Date(Date.UTC(year, month, 0));
	return last.getUTCDate() - last.getUTCDay();
}

/** Minutes east of UTC in Amsterdam during the day on a local date (EU rule: summer time from the last Sunday of March to the last Sunday of October). */
export function amsterdamOffset(date: string): number {
	const [year, month, day] = date.split('-').map(Number);
	const summer =
		(month > 3 && month < 10) ||
		(month === 3 && day >= lastSunday(year, 3)) ||
		(month === 10 && day < lastSunday(year, 10));
	return summer ? 120 : 60;
}

export function isDate(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const parsed = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

export function addDays(date: string, days: number): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** Today's date in Amsterdam at the given instant. */
export function localToday(now: number): string {
	const guess = new Date(now + 60 * 60_000).toISOString().slice(0, 10);
	return new Date(now + amsterdamOffset(guess) * 60_000).toISOString().slice(0, 10);
}

/** A local Amsterdam date and time as an instant and as RFC 3339 with that day's offset. */
export function localTime(date: string, time: string): { ms: number; text: string } {
	const offset = amsterdamOffset(date);
	const [year, month, day] = date.split('-').map(Number);
	const [hours, minutes] = time.split(':').map(Number);
	const ms = Date.UTC(year, month - 1, day, hours, minutes) - offset * 60_000;
	return { ms, text: timestamp(new Date(ms), offset) };
}

export function inSeason(spec: SaleSpec, date: string): boolean {
	return (!spec.startDate || date >= spec.startDate) && (!spec.endDate || date <= spec.endDate);
}

/** The slots of one local date: IDs like `2001-20261205-1000`, or `2002-20261205` for a day. */
export function slotsOn(productId: string, spec: SaleSpec, date: string): Slot[] {
	const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
	const active = !(spec.closedWeekdays ?? []).includes(weekday);
	const compact = date.replace(/-/g, '');
	if (spec.slots.length === 0) {
		const from = localTime(date, '00:00');
		return [
			{
				id: `${productId}-${compact}`,
				productId,
				date,
				from: from.text,
				to: localTime(date, '23:59').text,
				startMs: from.ms,
				active,
			},
		];
	}
	return spec.slots.map((time) => {
		const from = localTime(date, time);
		return {
			id: `${productId}-${compact}-${time.replace(':', '')}`,
			productId,
			date,
			from: from.text,
			to: timestamp(new Date(from.ms + spec.durationMinutes * 60_000), amsterdamOffset(date)),
			startMs: from.ms,
			active,
		};
	});
}

/** The slot an `availability_id` names, if the product has it (past slots included). */
export function findSlot(productId: string, spec: SaleSpec, id: string): Slot | undefined {
	const match = /^(\d+)-(\d{4})(\d{2})(\d{2})(?:-\d{4})?$/.exec(id);
	if (!match || match[1] !== productId) return undefined;
	const date = `${match[2]}-${match[3]}-${match[4]}`;
	if (!isDate(date) || !inSeason(spec, date)) return undefined;
	return slotsOn(productId, spec, date).find((slot) => slot.id === id);
}

export const money = (cents: number) => (cents / 100).toFixed(2);
export const cents = (price: string) => Math.round(Number(price) * 100);
export const pricing = (amount: number): Json => ({
	price_subtotal: money(amount),
	price_total: money(amount),
	price_currency_code: 'EUR',
});

interface BookableSeed {
	id: string;
	title: string;
	supplier: { id: string; name: string };
	spec: SaleSpec;
}

/** The products the emulator sells: 2001 (slots, capacity 20), 2002 (travel date, unlimited), 2003 (one slot, capacity 2, not cancellable). */
function bookableSeeds(today: string): BookableSeed[] {
	return [
		{
			id: '2001',
			title: 'Canal Cruise',
			supplier: { id: 'SUP-301', name: 'Amsterdam Canal Lines' },
			spec: {
				slots: ['10:00', '12:00', '14:00'],
				durationMinutes: 60,
				capacity: 20,
				travelDate: false,
				cancellable: true,
				types: [
					{ id: '20011', type: 'ADULT', label: 'Adult', ageFrom: 13, ageTo: 99, price: '25.00' },
					{ id: '20012', type: 'CHILD', label: 'Child', ageFrom: 4, ageTo: 12, price: '12.50' },
				],
				startDate: addDays(today, -30),
				endDate: addDays(today, 730),
			},
		},
		{
			id: '2002',
			title: 'Museum Day Ticket',
			supplier: { id: 'SUP-302', name: 'City Museum Foundation' },
			spec: {
				slots: [],
				durationMinutes: 24 * 60,
				travelDate: true,
				cancellable: true,
				types: [
					{ id: '20021', type: 'ADULT', label: 'Adult', ageFrom: 18, ageTo: 99, price: '22.50' },
					{ id: '20022', type: 'CHILD', label: 'Child', ageFrom: 0, ageTo: 17, price: '0.00' },
				],
			},
		},
		{
			id: '2003',
			title: 'Rooftop Concert',
			supplier: { id: 'SUP-303', name: 'Skyline Stages' },
			spec: {
				slots: ['20:00'],
				durationMinutes: 120,
				capacity: 2,
				travelDate: false,
				cancellable: false,
				closedWeekdays: [1],
				types: [
					{
						id: '20031',
						type: 'PERSON',
						label: 'Standing',
						ageFrom: 16,
						ageTo: 99,
						price: '45.00',
					},
				],
			},
		},
	];
}

function bookableProduct(seed: BookableSeed, at: Date): Json {
	const { spec } = seed;
	const lowest = Math.min(...spec.types.map((t) => cents(t.price)));
	const start = spec.startDate ? localTime(spec.startDate, '00:00').text : timestamp(at);
	return {
		product_id: seed.id,
		product_title: seed.title,
		product_status: 'ACTIVE',
		product_currency_code: 'EUR',
		product_from_price: money(lowest),
		product_version: 1,
		product_created: timestamp(at),
		product_modified: timestamp(at),
		product_supplier_id: seed.supplier.id,
		product_supplier_name: seed.supplier.name,
		product_start_date: start,
		...(spec.endDate ? { product_end_date: localTime(spec.endDate, '23:59').text } : {}),
		product_timezone: TIME_ZONE,
		product_availability: spec.slots.length > 0,
		product_capacity: spec.capacity !== undefined,
		product_admission_type: spec.slots.length > 0 ? 'TIME_POINT' : 'TIME_OPEN',
		product_traveldate_required: spec.travelDate,
		product_cancellation_allowed: spec.cancellable,
		product_type_seasons: [
			{
				product_type_season_start_date: start,
				...(spec.endDate
					? { product_type_season_end_date: localTime(spec.endDate, '23:59').text }
					: {}),
				product_type_season_details: spec.types.map((t) => ({
					product_type_id: t.id,
					product_type: t.type,
					product_type_label: t.label,
					product_type_age_from: t.ageFrom,
					product_type_age_to: t.ageTo,
					product_type_pax: 1,
					product_type_capacity: 1,
					product_type_price_type: 'INDIVIDUAL',
					product_type_pricing: {
						product_type_list_price: t.price,
						product_type_discount: '0.00',
						product_type_sales_price: t.price,
					},
				})),
			},
		],
	};
}

export interface CatalogueOptions {
	/** Seed the bookable products 2001–2003 besides 1001–1003 (default true). */
	bookable?: boolean;
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
	/** How each bookable product sells (products 2001–2003 of the seed). */
	readonly sale = new Map<string, SaleSpec>();

	constructor(private readonly options: CatalogueOptions = {}) {
		this.seed();
	}

	/** Back to the seed data: products 1001–1003 (and the bookable 2001–2003) and orders ORD-1001…ORD-1005, one a minute over the last hour. */
	reset() {
		this.orders.clear();
		this.products.clear();
		this.payments.clear();
		this.orderRevisions.clear();
		this.orderTouched.clear();
		this.changed.orders = this.changed.products = this.changed.payments = 0;
		this.sale.clear();
		this.seed();
	}

	private seed() {
		const start = Date.now() - 60 * MINUTE;
		for (let n = 1; n <= 3; n++)
			this.product(String(1000 + n), new Date(start - (4 - n) * 24 * 60 * MINUTE));
		if (this.options.bookable !== false) {
			const at = new Date(start - 10 * 24 * 60 * MINUTE);
			for (const seed of bookableSeeds(localToday(Date.now()))) {
				this.products.set(seed.id, bookableProduct(seed, at));
				this.sale.set(seed.id, seed.spec);
				this.touch('products', at);
			}
		}
		for (let n = 1; n <= 5; n++) this.order(`ORD-${1000 + n}`, new Date(start + n * MINUTE));
	}

	product(id: string, at = new Date()): Json {
		let product = this.products.get(id);
		if (product === undefined) {
			product = {
				product_id: id,
				// Bookable products do not count, so titles stay as they were before they existed.
				product_title:
					TITLES[
						[...this.products.keys()].filter((key) => !this.sale.has(key)).length % TITLES.length
					],
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

	/** Stores an order made through the API (POST /orders), like a seeded one. */
	addOrder(order: Json, at = new Date()): Json {
		const reference = String(order.order_reference);
		if (this.orders.has(reference)) throw new Error(`Order ${reference} already exists`);
		this.orders.set(reference, order);
		this.orderTouched.set(reference, Date.now());
		this.touch('orders', at);
		return order;
	}

	/** A change that is no new revision (e.g. a voucher released): only `order_modified` moves. */
	touchOrder(reference: string, at = new Date()) {
		const order = this.orders.get(reference);
		if (order === undefined) throw new Error(`Order ${reference} does not exist`);
		order.order_modified = timestamp(at);
		this.orderTouched.set(reference, Date.now());
		this.touch('orders', at);
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
