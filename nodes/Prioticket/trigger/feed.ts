// The change feed: orders and products changed since a point in time, read the way the node's Get
// Many operations read them (`GET /orders` with `order_modified`, `GET /products` with `product_modified`) and
// mapped to the notification events they honestly stand for. Used by polling mode and by the
// webhook mode's catch-up. `GET /notifications` ("upcoming" in v3.5) is not used: no version is
// known to serve it, and probing it would spend the 4xx budget.

import type { IDataObject, IHookFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { orders, products } from '../api';
import { asApiDate, formatApiDate, parseApiDate } from '../shared/dates';
import type { Envelope } from './delivery';
import type { FeedCursor } from './state';

export type Family = 'order' | 'product';

/** The events a list of orders or products can show; every other event needs a webhook. */
const FEED_EVENTS: Record<string, Family> = {
	ORDER_CREATE: 'order',
	ORDER_UPDATE: 'order',
	ORDER_CANCEL: 'order',
	PRODUCT_CREATE: 'product',
	PRODUCT_UPDATE: 'product',
};
export const POLLABLE_EVENTS = Object.keys(FEED_EVENTS);

/**
 * `GET /orders` without a created range lists only the orders created in the last 3 months ("By
 * default the last 3 months are returned"; `order_created_from` filters on `order_created`), also
 * with `order_modified`, as far as the docs say. So the feed asks for orders created up to this long
 * before the read: a change to an order created earlier than that is not seen (README, "What catch-up
 * recovers"). The docs warn that a longer created range may slow the answer.
 */
export const ORDER_CREATED_LOOKBACK_MS = 2 * 366 * 86_400_000;

interface Source {
	read: typeof orders.list;
	endpoint: string;
	/** The modified-since filter. */
	filter: string;
	/** Other filters every read sends. */
	bounds?: () => IDataObject;
	/** The sorting that lists the most recently modified first. */
	newest: IDataObject;
	id: string;
	created: string;
	modified: string;
}

export const SOURCES: Record<Family, Source> = {
	order: {
		read: orders.list,
		endpoint: '/orders',
		filter: 'order_modified',
		bounds: () => ({ order_created_from: formatApiDate(Date.now() - ORDER_CREATED_LOOKBACK_MS) }),
		newest: { order_sort_by: 'ORDER_MODIFIED', order_sort_order: 'DESC' },
		id: 'order_reference',
		created: 'order_created',
		modified: 'order_modified',
	},
	product: {
		read: products.list,
		endpoint: '/products',
		filter: 'product_modified',
		newest: { product_sort_by: 'PRODUCT_MODIFIED', product_sort_order: 'DESC' },
		id: 'product_id',
		created: 'product_created',
		modified: 'product_modified',
	},
};

/**
 * How a change is known, wherever it was seen (a list or a delivery): creations and cancellations by
 * item, updates by item and modified time, since one item is updated many times.
 */
const changeKey = (event: string, id: string, at: number) =>
	event.endsWith('_UPDATE') ? `${event}:${id}@${at}` : `${event}:${id}`;

/** The families to read for these events; in polling mode an event no list shows is an error. */
export function pollableFamilies(
	context: Pick<IHookFunctions | IPollFunctions, 'getNode'>,
	events: string[],
	strict = true,
): Family[] {
	const unpollable = events.filter((event) => FEED_EVENTS[event] === undefined);
	if (strict && unpollable.length > 0) {
		throw new NodeOperationError(context.getNode(), `Polling cannot see ${unpollable.join(', ')}`, {
			description: `Polling reads changed orders and products, so it can report only ${POLLABLE_EVENTS.join(', ')}. Remove the other events from "Trigger On", or set "Receive Events By" to Webhook.`,
		});
	}
	return [
		...new Set(events.map((event) => FEED_EVENTS[event]).filter((family) => family !== undefined)),
	].sort();
}

export interface Change {
	key: string;
	/** When it happened, in ms: the object's modified (or, for a creation, created) time. */
	at: number;
	envelope: Envelope;
}

/**
 * The changes of the selected events since `cursor.since − overlapMs` that `cursor.seen` does not
 * hold, oldest first, and the cursor after them. One list call per family (plus paging).
 */
export async function readChanges(
	context: IPollFunctions,
	families: Family[],
	events: string[],
	cursor: FeedCursor,
	{ overlapMs, withPayload }: { overlapMs: number; withPayload: boolean },
): Promise<{ changes: Change[]; cursor: FeedCursor }> {
	const from = Math.max(
		Date.parse(cursor.since) - overlapMs,
		cursor.floor === undefined ? 0 : Date.parse(cursor.floor),
	);
	const changes: Change[] = [];
	let high = Date.parse(cursor.since);
	for (const family of families) {
		const source = SOURCES[family];
		const items = await source.read(context, {
			[source.filter]: formatApiDate(from),
			...source.bounds?.(),
		});
		for (const object of items) {
			const modified = parseApiDate(object[source.modified]);
			if (Number.isNaN(modified) || modified < Math.floor(from / 1000) * 1000) continue;
			high = Math.max(high, modified);
			for (const change of changesOf(family, object, from)) {
				if (events.includes(change.event) && cursor.seen[change.key] === undefined) {
					changes.push({
						key: change.key,
						at: change.at,
						envelope: envelopeOf(family, object, change, withPayload),
					});
				}
			}
		}
	}
	changes.sort((a, b) => a.at - b.at);
	const seen: Record<string, number> = {};
	for (const [key, at] of Object.entries(cursor.seen)) if (at >= high - overlapMs) seen[key] = at;
	for (const change of changes) if (change.at >= high - overlapMs) seen[change.key] = change.at;
	return {
		changes,
		cursor: {
			since: formatApiDate(high),
			seen,
			...(cursor.floor ? { floor: cursor.floor } : {}),
		},
	};
}

/**
 * How much earlier than its notification a change may have happened. A notification without the
 * changed object has only its own time: the catch-up then starts this much before it, so that a
 * change made just before (and lost with the registration) is still read back.
 */
const NOTIFICATION_LAG_MS = 60_000;

/**
 * The change a delivered notification stands for, keyed as the feed keys it, so that the catch-up can
 * tell it was delivered. The time is the changed object's (when the notification carries it), else
 * the notification's less NOTIFICATION_LAG_MS. Undefined for events no list shows.
 */
export function changeOfDelivery(envelope: Envelope): { key: string; at: number } | undefined {
	const { notification } = envelope.data;
	const event = notification.notification_event;
	const family = FEED_EVENTS[event];
	if (family === undefined || notification.notification_item_id === undefined) return undefined;
	const source = SOURCES[family];
	const object = envelope.data[family] as IDataObject | undefined;
	const own = object?.[event.endsWith('_CREATE') ? source.created : source.modified];
	const at =
		own === undefined
			? parseApiDate(notification.notification_created) - NOTIFICATION_LAG_MS
			: parseApiDate(own);
	if (Number.isNaN(at)) return undefined;
	return { key: changeKey(event, String(notification.notification_item_id), at), at };
}

export interface RawChange {
	event: string;
	key: string;
	at: number;
	/** The API's own date for `at`. */
	date: string;
}

/**
 * What one listed object says happened: created since `from` (a creation), cancelled (orders), or
 * modified otherwise (an update). Changes between two reads collapse into the latest state.
 */
export function changesOf(family: Family, object: IDataObject, from: number): RawChange[] {
	const source = SOURCES[family];
	const id = String(object[source.id]);
	const modified = parseApiDate(object[source.modified]);
	const created = parseApiDate(object[source.created]);
	const isNew = !Number.isNaN(created) && created >= Math.floor(from / 1000) * 1000;
	const prefix = family.toUpperCase();
	const result: RawChange[] = [];
	const createdDate = asApiDate(String(object[source.created]));
	const modifiedDate = asApiDate(String(object[source.modified]));
	const push = (event: string, at: number, date: string) =>
		result.push({ event, key: changeKey(event, id, at), at, date });
	if (isNew) push(`${prefix}_CREATE`, created, createdDate);
	if (family === 'order' && object.order_status === 'ORDER_CANCELLED')
		push('ORDER_CANCEL', modified, modifiedDate);
	else if (!isNew || modified - created >= 1000) push(`${prefix}_UPDATE`, modified, modifiedDate);
	return result;
}

/** A notification envelope for a change read from a list, so it leaves the trigger like a delivery. */
export function envelopeOf(
	family: Family,
	object: IDataObject,
	change: RawChange,
	withPayload: boolean,
): Envelope {
	const source = SOURCES[family];
	return {
		data: {
			kind: 'notification',
			notification: {
				notification_id: change.key,
				notification_event: change.event,
				notification_item_id: String(object[source.id]),
				notification_created: change.date,
				notification_note: `Read from GET ${source.endpoint}: the change, not a notification Prioticket sent`,
			},
			...(withPayload ? { [family]: object } : {}),
		},
	};
}
