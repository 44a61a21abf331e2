// The one way to read orders, vouchers, products and payments. The node's operations and the
// trigger's "Resolve Latest State" both call these, so an order is fetched the same way everywhere.

import type { IDataObject } from 'n8n-workflow';

import {
	MAX_PAGE_SIZE,
	prioticketApiRequest,
	prioticketApiRequestAllItems,
	unwrap,
	type CallPolicy,
	type LoadedCredential,
	type PrioticketContext,
} from '../transport';

export interface ReadOptions {
	credential?: LoadedCredential;
	policy?: CallPolicy;
}

const path = (id: string) => encodeURIComponent(id);

/** An order; `fresh` skips Prioticket's read cache (`cache=false`), `version` reads an earlier revision. */
export async function readOrder(
	this: PrioticketContext,
	reference: string,
	{ fresh = false, version }: { fresh?: boolean; version?: number } = {},
	options: ReadOptions = {},
): Promise<IDataObject> {
	const qs: IDataObject = {};
	if (fresh) qs.cache = false;
	if (version !== undefined) qs.order_version = version;
	return unwrap(
		await prioticketApiRequest.call(this, 'GET', `/orders/${path(reference)}`, { qs, ...options }),
		'order',
	);
}

/** Orders matching the API's own filters (query parameters of `GET /orders`), up to `limit`. */
export async function readOrders(
	this: PrioticketContext,
	filters: IDataObject,
	limit?: number,
	options: ReadOptions = {},
) {
	return (await prioticketApiRequestAllItems.call(this, '/orders', filters, limit, options)).items;
}

export interface Voucher {
	/** The download link of the voucher document. */
	url: string;
	/** Whatever else the answer carried (`data`). */
	details: IDataObject;
}

/**
 * The voucher of an order, or of one booking. The v3.5 definition puts the download `url` beside
 * `data`; it is also looked for inside `data`, in case v3.8 moved it into the envelope.
 */
export async function readVoucher(
	this: PrioticketContext,
	reference: string,
	{
		bookingReference,
		additionalInformation,
	}: { bookingReference?: string; additionalInformation?: string } = {},
	options: ReadOptions = {},
): Promise<Voucher | undefined> {
	const qs: IDataObject = {};
	if (bookingReference) qs.booking_reference = bookingReference;
	if (additionalInformation) qs.voucher_additional_information = additionalInformation;
	const response = (await prioticketApiRequest.call(
		this,
		'GET',
		`/orders/${path(reference)}/voucher`,
		{ qs, ...options },
	)) as IDataObject;
	const data = (
		typeof response?.data === 'object' && response.data !== null ? response.data : {}
	) as IDataObject;
	const nested = (
		typeof data.voucher === 'object' && data.voucher !== null ? data.voucher : {}
	) as IDataObject;
	const url = [response?.url, data.url, data.voucher_url, nested.url, nested.voucher_url].find(
		(value): value is string => typeof value === 'string' && /^https?:\/\//i.test(value),
	);
	return url === undefined ? undefined : { url, details: { ...data, ...nested } };
}

/** One page of a list, for a picker: its items and the token of the next page, if any. */
export async function readPage(
	this: PrioticketContext,
	endpoint: string,
	filters: IDataObject,
	pageToken: string | undefined,
	size: number,
): Promise<{ items: IDataObject[]; next?: string }> {
	const page = Math.max(1, Number(pageToken) || 1);
	const response = await prioticketApiRequest.call(this, 'GET', endpoint, {
		qs: { ...filters, items_per_page: size, page },
	});
	const data = ((response as { data?: IDataObject })?.data ?? {}) as {
		items?: IDataObject[];
		total_pages?: number;
	};
	const items = Array.isArray(data.items) ? data.items : [];
	return {
		items,
		next: items.length > 0 && page < Number(data.total_pages ?? 1) ? String(page + 1) : undefined,
	};
}

export async function readProduct(
	this: PrioticketContext,
	id: string,
	options: ReadOptions = {},
): Promise<IDataObject> {
	return unwrap(
		await prioticketApiRequest.call(this, 'GET', `/products/${path(id)}`, options),
		'product',
	);
}

export async function readProducts(
	this: PrioticketContext,
	filters: IDataObject,
	limit?: number,
	options: ReadOptions = {},
) {
	return (await prioticketApiRequestAllItems.call(this, '/products', filters, limit, options))
		.items;
}

/**
 * Payments by payment ID and/or order reference (there is no get-by-id path). Only exact matches
 * are kept, so an API that ignored a filter cannot hand back someone else's payment.
 */
export async function readPayments(
	this: PrioticketContext,
	{ paymentId, orderReference }: { paymentId?: string; orderReference?: string },
	limit?: number,
	options: ReadOptions = {},
): Promise<IDataObject[]> {
	const qs: IDataObject = {};
	if (paymentId) qs.payment_id = paymentId;
	if (orderReference) qs.order_reference = orderReference;
	const filtered = paymentId !== undefined || orderReference !== undefined;
	// A filtered list is read whole, so the limit counts matches, not the page the API chose to send.
	const { items } = await prioticketApiRequestAllItems.call(
		this,
		'/payments',
		qs,
		filtered ? undefined : limit,
		options,
	);
	const matches = items.filter(
		(payment) =>
			(!paymentId || payment.payment_id === paymentId) &&
			(!orderReference ||
				payment.payment_order_reference === undefined ||
				payment.payment_order_reference === orderReference),
	);
	return limit === undefined ? matches : matches.slice(0, limit);
}

/**
 * The payment a payment notification is about: its item ID is a payment ID or, as the events table
 * allows, an order reference; then the order's latest payment.
 */
export async function findPayment(
	this: PrioticketContext,
	itemId: string,
	options: ReadOptions = {},
): Promise<IDataObject | undefined> {
	const [byId] = await readPayments.call(this, { paymentId: itemId }, 1, options);
	if (byId !== undefined) return byId;
	const ofOrder = await readPayments.call(this, { orderReference: itemId }, MAX_PAGE_SIZE, options);
	const time = (payment: IDataObject) => Date.parse(String(payment.payment_created ?? '')) || 0;
	return ofOrder.reduce<IDataObject | undefined>(
		(latest, payment) => (latest === undefined || time(payment) >= time(latest) ? payment : latest),
		undefined,
	);
}
