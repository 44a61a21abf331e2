// Notifications: Prioticket's sample of an event, sent to the account's subscribed webhooks.

import { prioticketApiRequest, type PrioticketContext } from '../transport';

/** Makes Prioticket send a sample `event` notification about `itemId` to the subscribed webhooks. */
export async function sendSample(context: PrioticketContext, event: string, itemId: string) {
	await prioticketApiRequest.call(context, 'POST', '/notifications', {
		body: { data: { notification: { notification_event: event, notification_item_id: itemId } } },
	});
}
