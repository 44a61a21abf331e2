// Payments: there is no get-by-ID path, so payments are read from the list by payment ID and/or
// order reference, keeping only exact matches (an API that ignored a filter cannot hand back
// someone else's payment).

import type { IDataObject } from 'n8n-workflow';

import {
	loadCredential,
	MAX_PAGE_SIZE,
	prioticketApiRequestAllItems,
	type CallOptions,
	type PrioticketContext,
} from '../transport';

export async function list(
	context: PrioticketContext,
	{ paymentId, orderReference }: { paymentId?: string; orderReference?: string },
	limit?: number,
	call?: CallOptions,
): Promise<IDataObject[]> {
	const qs: IDataObject = {};
	if (paymentId) qs.payment_id = paymentId;
	if (orderReference) qs.order_reference = orderReference;
	const filtered = paymentId !== undefined || orderReference !== undefined;
	// A filtered list is read whole, so the limit counts matches, not the page the API chose to send.
	const items = await prioticketApiRequestAllItems.call(
		context,
		'/payments',
		qs,
		filtered ? undefined : limit,
		call,
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
 * allows, an order reference; then the order's latest payment. The credential is loaded once for both reads.
 */
export async function find(
	context: PrioticketContext,
	itemId: string,
	call: CallOptions = {},
): Promise<IDataObject | undefined> {
	const loaded = { ...call, credential: call.credential ?? (await loadCredential.call(context)) };
	const [byId] = await list(context, { paymentId: itemId }, 1, loaded);
	if (byId !== undefined) return byId;
	const ofOrder = await list(context, { orderReference: itemId }, MAX_PAGE_SIZE, loaded);
	const time = (payment: IDataObject) => Date.parse(String(payment.payment_created ?? '')) || 0;
	return ofOrder.reduce<IDataObject | undefined>(
		(latest, payment) => (latest === undefined || time(payment) >= time(latest) ? payment : latest),
		undefined,
	);
}
