// Orders: their details, lists, revisions and vouchers. The node's operations, the pickers and the
// trigger's "Resolve Latest State" all read orders here, so an order is fetched the same way everywhere.

import type { IDataObject } from 'n8n-workflow';

import { pathSegment } from '../shared/paths';
import {
	downloadFile,
	loadCredential,
	prioticketApiRequest,
	prioticketApiRequestAllItems,
	prioticketApiRequestPage,
	unwrap,
	type CallOptions,
	type Download,
	type PrioticketContext,
} from '../transport';

const orderPath = (reference: string) => `/orders/${pathSegment(reference, 'Order')}`;

/** An order; `fresh` skips Prioticket's read cache (`cache=false`), `version` reads an earlier revision. */
export async function get(
	context: PrioticketContext,
	reference: string,
	{ fresh = false, version }: { fresh?: boolean; version?: number } = {},
	call?: CallOptions,
): Promise<IDataObject> {
	const qs: IDataObject = {};
	if (fresh) qs.cache = false;
	if (version !== undefined) qs.order_version = version;
	return unwrap(
		await prioticketApiRequest.call(context, 'GET', orderPath(reference), { qs, ...call }),
		'order',
	);
}

/** Orders matching the API's own filters (query parameters of `GET /orders`), up to `limit`. */
export async function list(
	context: PrioticketContext,
	filters: IDataObject,
	limit?: number,
	call?: CallOptions,
): Promise<IDataObject[]> {
	return await prioticketApiRequestAllItems.call(context, '/orders', filters, limit, call);
}

/** One page of orders, for a picker. */
export async function page(
	context: PrioticketContext,
	filters: IDataObject,
	index: number,
	size: number,
) {
	return await prioticketApiRequestPage.call(context, '/orders', filters, { page: index, size });
}

export interface Voucher {
	/** The download link of the voucher document. */
	url: string;
	/** Whatever else the answer carried (`data`). */
	details: IDataObject;
	/** The document itself, when it was asked for. */
	file?: Download;
}

/**
 * The voucher of an order, or of one booking, and with `download` the document behind its link
 * (fetched with the same loaded credential). The v3.5 definition puts the download `url` beside
 * `data`; it is also looked for inside `data`, in case v3.8 moved it into the envelope. Undefined
 * when the answer holds no http(s) link.
 */
export async function voucher(
	context: PrioticketContext,
	reference: string,
	{
		bookingReference,
		additionalInformation,
		download = false,
	}: { bookingReference?: string; additionalInformation?: string; download?: boolean } = {},
): Promise<Voucher | undefined> {
	const qs: IDataObject = {};
	if (bookingReference) qs.booking_reference = bookingReference;
	if (additionalInformation) qs.voucher_additional_information = additionalInformation;
	const credential = await loadCredential.call(context);
	const response = (await prioticketApiRequest.call(
		context,
		'GET',
		`${orderPath(reference)}/voucher`,
		{
			qs,
			credential,
		},
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
	if (url === undefined) return undefined;
	const file = download ? await downloadFile.call(context, url, credential) : undefined;
	return { url, details: { ...data, ...nested }, ...(file ? { file } : {}) };
}

/**
 * Creates an order (`data.order`). Sent once: the transport never repeats a POST, and whether an
 * order exists after a failure is for the caller to find out with `findByExternalReference`.
 */
export async function create(
	context: PrioticketContext,
	order: IDataObject,
	call?: CallOptions,
): Promise<IDataObject> {
	return unwrap(
		await prioticketApiRequest.call(context, 'POST', '/orders', {
			body: { data: { order } },
			...call,
		}),
		'order',
	);
}

/**
 * The order carrying this external reference, read past the API's cache; only an exact match counts,
 * so an API that ignored the filter cannot hand back another order. Orders older than the list's
 * default window (3 months) are not seen.
 */
export async function findByExternalReference(
	context: PrioticketContext,
	externalReference: string,
	call?: CallOptions,
): Promise<IDataObject | undefined> {
	const items = await prioticketApiRequestAllItems.call(
		context,
		'/orders',
		{ order_external_reference: externalReference, cache: false },
		undefined,
		call,
	);
	return items.find((order) => order.order_external_reference === externalReference);
}

/**
 * Cancels the whole order, or only the bookings named, and answers with the order as it is now.
 * `refund` false keeps the payment (Prioticket refunds by default).
 */
export async function cancel(
	context: PrioticketContext,
	reference: string,
	{
		bookingReferences = [],
		reason,
		refund = true,
	}: { bookingReferences?: string[]; reason?: string; refund?: boolean } = {},
): Promise<IDataObject> {
	const qs: IDataObject = { payment_refund: refund };
	if (bookingReferences.length) qs.booking_reference = bookingReferences;
	if (reason) qs.cancellation_reason = reason;
	return unwrap(
		await prioticketApiRequest.call(context, 'DELETE', orderPath(reference), { qs }),
		'order',
	);
}
