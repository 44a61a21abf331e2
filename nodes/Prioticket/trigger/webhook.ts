// One delivery to the trigger's URL, from request to workflow data: verify the secret, parse the
// notification, drop events the node does not listen to, note the change for the catch-up, shape
// the item and, when asked, fetch the latest state of what it is about.

import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { noteDelivery } from './delivered';
import { isAuthorized, parseDelivery, toItems } from './delivery';
import { deliveryParameters } from './parameters';
import { registeredSecret } from './registered';
import { resolveItem } from './resolve';
import { stateOf } from './state';

export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	// Resolve's budget counts from here: Prioticket waits for the answer.
	const startedAt = Date.now();
	const reply = (status: number, message: string): IWebhookResponseData => {
		this.getResponseObject().status(status).json({ message });
		return { noWebhookResponse: true };
	};

	const secret = verifiedSecret(this);
	if (secret === undefined) {
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

/**
 * The registration's secret, when the Authorization header carries it: the one in the static data
 * n8n loaded for this delivery, or, while n8n has not saved an activation's yet, the one this
 * process registered for the URL (registered.ts). Undefined when the header carries neither.
 */
function verifiedSecret(context: IWebhookFunctions): string | undefined {
	const header = context.getHeaderData().authorization;
	const { secret = '' } = stateOf(context);
	if (isAuthorized(header, secret)) return secret;
	const registered = registeredSecret(String(context.getNodeWebhookUrl('default') ?? ''));
	return registered !== undefined && registered !== secret && isAuthorized(header, registered)
		? registered
		: undefined;
}
