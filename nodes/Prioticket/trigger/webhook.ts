// One delivery to the trigger's URL, from request to workflow data: verify the secret, parse the
// notification, drop events the node does not listen to, note the change for the catch-up, shape
// the item and, when asked, fetch the latest state of what it is about.

import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { noteDelivery } from './delivered';
import { isAuthorized, parseDelivery, toItems } from './delivery';
import { deliveryParameters } from './parameters';
import { resolveItem } from './resolve';
import { stateOf } from './state';

export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	// Resolve's budget counts from here: Prioticket waits for the answer.
	const startedAt = Date.now();
	const reply = (status: number, message: string): IWebhookResponseData => {
		this.getResponseObject().status(status).json({ message });
		return { noWebhookResponse: true };
	};

	const { secret = '' } = stateOf(this);
	if (!isAuthorized(this.getHeaderData().authorization, secret)) {
		return reply(
			401,
			"Unauthorized: the Authorization header does not carry this webhook's secret",
		);
	}
	const parsed = parseDelivery(this.getBodyData());
	if ('error' in parsed) return reply(400, parsed.error);

	const { notification } = parsed.envelope.data;
	const { events, options } = deliveryParameters(this);
	if (!events.includes(notification.notification_event)) {
		return reply(
			200,
			`Ignored: this trigger does not listen to ${notification.notification_event}`,
		);
	}

	noteDelivery(this, parsed.envelope, secret);
	const [item] = toItems([parsed.envelope], options.output);
	if (options.resolve) {
		const itemId = notification.notification_item_id;
		Object.assign(
			item,
			await resolveItem(
				this,
				notification.notification_event,
				itemId === undefined ? undefined : String(itemId),
				undefined,
				startedAt,
			),
		);
	}
	return { workflowData: [this.helpers.returnJsonArray(item)] };
}
