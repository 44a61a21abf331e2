// "Resolve latest state": fetch the order, product or payment a notification is about, so the
// workflow sees its current state rather than the snapshot in the delivery.

import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { findEvent } from '../shared/events';
import { prioticketApiRequest, unwrap } from '../transport';

export async function resolveItem(
	context: IWebhookFunctions,
	event: string,
	itemId: string | undefined,
): Promise<{ resolved: IDataObject } | { resolveError: string }> {
	const kind = findEvent(event)?.itemKind;
	if (kind === undefined) return { resolveError: `The package does not know what a ${event} notification refers to` };
	if (itemId === undefined || itemId === '') return { resolveError: 'The notification has no notification_item_id' };
	try {
		const id = encodeURIComponent(itemId);
		if (kind === 'order') {
			return { resolved: unwrap(await prioticketApiRequest.call(context, 'GET', `/orders/${id}`, { qs: { cache: false } }), 'order') };
		}
		if (kind === 'product') {
			return { resolved: unwrap(await prioticketApiRequest.call(context, 'GET', `/products/${id}`), 'product') };
		}
		// There is no payment-by-id path; the list filtered by payment_id serves it.
		const payments = unwrap<{ items?: IDataObject[] }>(
			await prioticketApiRequest.call(context, 'GET', '/payments', { qs: { payment_id: itemId } }),
			'payments',
		);
		const payment = payments.items?.[0];
		return payment ? { resolved: payment } : { resolveError: `No payment with ID ${itemId} was found` };
	} catch (error) {
		return { resolveError: (error as Error).message };
	}
}
