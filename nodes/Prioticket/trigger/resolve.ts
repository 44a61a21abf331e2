// "Resolve latest state": fetch the order, product or payment a notification is about, so the
// workflow sees its current state rather than the snapshot in the delivery. It runs before n8n
// answers Prioticket, so it has a tight time budget and never waits to retry: a slow answer would
// make Prioticket time out and deliver again, starting a duplicate execution. The budget counts from
// the start of the webhook handler and covers the token call too, so that n8n answers well within 3 s
// of the request's arrival (its own work before and after the handler takes milliseconds).

import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { findEvent } from '../shared/events';
import { orders, payments, products, type CallOptions } from '../api';

/** The whole lookup (token, calls, paging) gets this long; then the event goes out with `resolveError`. */
export const RESOLVE_BUDGET_MS = 2_000;

/** The budget the webhook handler gives each lookup; tests set a shorter one. */
export const resolveTiming = { budgetMs: RESOLVE_BUDGET_MS };

/** Looks the item up within `budgetMs` of `startedAt` (the handler's start), whatever the API does. */
export async function resolveItem(
	context: IWebhookFunctions,
	event: string,
	itemId: string | undefined,
	budgetMs = resolveTiming.budgetMs,
	startedAt = Date.now(),
): Promise<{ resolved: IDataObject } | { resolveError: string }> {
	const kind = findEvent(event)?.itemKind;
	if (kind === undefined)
		return { resolveError: `The package does not know what a ${event} notification refers to` };
	if (itemId === undefined || itemId === '')
		return { resolveError: 'The notification has no notification_item_id' };
	const left = Math.max(0, budgetMs - (Date.now() - startedAt));
	const deadline = AbortSignal.timeout(left);
	const lookup = async (): Promise<IDataObject | undefined> => {
		// Each lookup loads the credential once (in a webhook every load builds an expression isolate).
		const call: CallOptions = { policy: { retry: false, timeoutMs: left } };
		if (kind === 'order') return await orders.get(context, itemId, { fresh: true }, call);
		if (kind === 'product') return await products.get(context, itemId, call);
		return await payments.find(context, itemId, call);
	};
	try {
		const resolved = await Promise.race([lookup(), expired(deadline, budgetMs)]);
		if (resolved === undefined)
			return {
				resolveError: `No payment with ID ${itemId}, and no payment of an order ${itemId}, was found`,
			};
		return { resolved };
	} catch (error) {
		return { resolveError: (error as Error).message };
	}
}

function expired(signal: AbortSignal, budgetMs: number): Promise<never> {
	return new Promise((_resolve, reject) => {
		signal.addEventListener(
			'abort',
			() =>
				reject(
					new Error(
						`Prioticket did not answer within ${budgetMs / 1000} s; the event was emitted without the latest state`,
					),
				),
			{ once: true },
		);
	});
}
