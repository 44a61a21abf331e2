// Webhooks: the account's registrations of a URL (or an email address) for events. The API has no
// get-by-ID path; the list filtered by ID serves it, and only exact matches are kept, so an API that
// ignored the filter cannot hand back another webhook.

import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { pathSegment } from '../shared/paths';
import {
	prioticketApiRequest,
	prioticketApiRequestAllItems,
	unwrap,
	type CallOptions,
	type PrioticketContext,
} from '../transport';

/** The account's webhooks, or only the one with `webhookId`. */
export async function list(
	context: PrioticketContext,
	{ webhookId }: { webhookId?: string } = {},
	limit?: number,
	call?: CallOptions,
): Promise<IDataObject[]> {
	const qs = webhookId === undefined ? {} : { webhook_id: webhookId };
	// Filtered, the list is read whole, so the limit counts matches.
	const items = await prioticketApiRequestAllItems.call(
		context,
		'/webhooks',
		qs,
		webhookId === undefined ? limit : undefined,
		call,
	);
	const matches =
		webhookId === undefined ? items : items.filter((item) => item.webhook_id === webhookId);
	return limit === undefined ? matches : matches.slice(0, limit);
}

export async function get(
	context: PrioticketContext,
	webhookId: string,
): Promise<IDataObject | undefined> {
	const [webhook] = await list(context, { webhookId });
	return webhook;
}

/** Registers a webhook (`data.webhook` fields: webhook_url, webhook_events, webhook_auth, …). */
export async function create(
	context: PrioticketContext,
	webhook: IDataObject,
): Promise<IDataObject> {
	return unwrap(
		await prioticketApiRequest.call(context, 'POST', '/webhooks', { body: { data: { webhook } } }),
		'webhook',
	);
}

/** Removes a webhook; one that is already gone counts as removed when `missingOk`. */
export async function remove(
	context: PrioticketContext,
	webhookId: string,
	{ missingOk = false }: { missingOk?: boolean } = {},
): Promise<void> {
	try {
		await prioticketApiRequest.call(
			context,
			'DELETE',
			`/webhooks/${pathSegment(webhookId, 'Webhook ID')}`,
		);
	} catch (error) {
		if (missingOk && error instanceof NodeApiError && String(error.httpCode) === '404') return;
		// The transport's errors are NodeApiErrors already, which the constructor hands back unchanged.
		throw new NodeApiError(context.getNode(), error as JsonObject);
	}
}
