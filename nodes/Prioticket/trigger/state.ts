// What the trigger keeps between runs, in the node's static data: its registration at Prioticket
// and the change-feed cursors. One typed place; nothing else is stored. n8n saves static data only
// when it noticed a change, and it notices only a property set on this object: replace a nested
// object as a whole, never change it in place.

import type { IDataObject, IHookFunctions } from 'n8n-workflow';

/** How far a change feed has been read. */
export interface FeedCursor {
	/** RFC 3339: changes modified after this were not emitted yet. */
	since: string;
	/** Changes emitted within the overlap before `since`: key (event, item, modified) → time in ms. */
	seen: Record<string, number>;
	/** Polling mode: when the activation started reading; nothing before it is emitted. */
	floor?: string;
}

export interface TriggerState {
	/** The remote webhook (webhook mode). */
	webhookId?: string;
	/** Its per-registration secret, checked on every delivery. */
	secret?: string;
	/** The URL it was registered for: a poll has no webhook URL of its own to compare with. */
	url?: string;
	/** Webhook mode: until when the registration was last seen healthy; the catch-up starts there. */
	feed?: FeedCursor;
	/** Polling mode: how far each list (orders, products) has been read. */
	lists?: { order?: FeedCursor; product?: FeedCursor };
	/** Webhook mode: the registration was found missing, disabled or changed; the next poll catches up. */
	deaf?: boolean;
	/** When the replacement was registered (ISO): later changes arrive by webhook, not by catch-up. */
	deafUntil?: string;
}

export function stateOf(context: Pick<IHookFunctions, 'getWorkflowStaticData'>): TriggerState {
	return context.getWorkflowStaticData('node') as TriggerState & IDataObject;
}
