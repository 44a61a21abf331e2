// What the trigger keeps between runs, in the node's static data: its registration at Prioticket
// and the change-feed cursors. One typed place; nothing else is stored. n8n saves static data only
// when it noticed a change, and it notices only a property set on this object: replace a nested
// object as a whole, never change it in place.
//
// n8n's durable scheduler (N8N_POLLER_DURABLE_CURSORS_ENABLED with the scheduler flags) gives a
// poll not the node's static data but a copy kept in its own table: seeded from the node's static
// data the first time that node ever polls, committed with the poll's execution (or after an idle
// poll), and never seeded again, not even after a deactivation. So what the activation hooks write
// there (the registration and its secret) a poll may never see. The registration's URL and secret
// are therefore also kept in the workflow's global static data, which such a poll reads fresh from
// the database: see `Shared`.

import type { IDataObject, IHookFunctions, IPollFunctions } from 'n8n-workflow';

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

/**
 * The registration as n8n's activation hooks made it: written by `create`, removed by `delete`,
 * never by a poll. Kept in the workflow's global static data, which n8n saves after the activation
 * hooks and which every poll reads as saved, whatever scheduler runs it.
 */
export interface Shared {
	url: string;
	secret: string;
	/** When the activation registered it (RFC 3339): a poll's own state from before is stale. */
	since: string;
}

type Context = Pick<IHookFunctions | IPollFunctions, 'getWorkflowStaticData' | 'getNode'>;

const sharedKey = (context: Context) => {
	const node = context.getNode();
	return `prioticketTrigger:${node.id ?? node.name}`;
};

export function sharedOf(context: Context): Shared | undefined {
	const value = context.getWorkflowStaticData('global')[sharedKey(context)] as
		| IDataObject
		| undefined;
	if (typeof value?.url !== 'string' || typeof value.secret !== 'string') return undefined;
	return { url: value.url, secret: value.secret, since: String(value.since ?? '') };
}

/** Sets (as a whole, so that n8n notices) or removes the shared registration. */
export function share(context: Context, shared: Shared | undefined) {
	const global = context.getWorkflowStaticData('global');
	if (shared === undefined) delete global[sharedKey(context)];
	else global[sharedKey(context)] = { ...shared };
}
