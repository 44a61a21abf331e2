// Reading one delivery to the trigger's URL: is it from Prioticket, is it a notification, and what
// does the workflow get. Pure functions, no I/O: this is the webhook hot path.

import { timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

export interface Notification {
	notification_id?: string;
	notification_event: string;
	notification_item_id?: string;
	notification_status?: string;
	notification_account_id?: string;
	notification_note?: string;
	notification_created?: string;
	[key: string]: unknown;
}

export interface Envelope {
	api_version?: string;
	data: { kind?: string; notification: Notification; [changed: string]: unknown };
}

export type ParseResult = { envelope: Envelope } | { error: string };

/** The last secret as bytes: every delivery to a node checks against the same one. */
let expected = { secret: '', bytes: Buffer.alloc(0) };

const BASIC = /^basic\s+(.+)$/i;

/**
 * Whether an `Authorization` header is `Basic <secret>`, compared in constant time. A guess of
 * another length is compared with the secret itself, so the comparison runs either way; that the
 * lengths differ is all it can tell, and the length is no secret (every registration's secret is
 * 43 characters: 32 random bytes, base64url). No digest: hashing every guess would cost a delivery
 * more than the rest of its checks together.
 */
export function isAuthorized(header: unknown, secret: string): boolean {
	if (typeof header !== 'string' || secret === '') return false;
	const match = BASIC.exec(header.trim());
	if (match === null) return false;
	if (expected.secret !== secret) expected = { secret, bytes: Buffer.from(secret) };
	const given = Buffer.from(match[1]);
	const sameLength = given.length === expected.bytes.length;
	return timingSafeEqual(sameLength ? given : expected.bytes, expected.bytes) && sameLength;
}

/**
 * The notification envelope from a request body: JSON (as n8n parsed it, or as text), or the legacy
 * form field `data=<json>` of webhook versions before 3.4.
 */
export function parseDelivery(body: unknown): ParseResult {
	let value = body;
	if (Buffer.isBuffer(value)) value = value.toString('utf8');
	if (typeof value === 'string') {
		const parsed = parseJson(value);
		if (parsed === undefined) return { error: 'The body is not JSON' };
		value = parsed;
	}
	if (isObject(value) && typeof value.data === 'string') {
		const parsed = parseJson(value.data);
		if (parsed === undefined) return { error: 'The form field "data" is not JSON' };
		value = parsed;
	}
	if (!isObject(value) || !isObject(value.data)) {
		return { error: 'The body is not a Prioticket notification: it has no "data" object' };
	}
	const notification = value.data.notification;
	if (!isObject(notification)) {
		return {
			error: 'The body is not a Prioticket notification: it has no "data.notification" object',
		};
	}
	if (
		typeof notification.notification_event !== 'string' ||
		notification.notification_event === ''
	) {
		return { error: 'The notification has no "notification_event"' };
	}
	for (const key of ['notification_id', 'notification_item_id'] as const) {
		const field = notification[key];
		if (field !== undefined && typeof field !== 'string' && typeof field !== 'number') {
			return { error: `The notification's "${key}" is not a string` };
		}
	}
	return { envelope: value as unknown as Envelope };
}

/** The notification's fields flattened for easy mapping, plus the changed object(s) as `payload`. */
export function simplify(envelope: Envelope): Record<string, unknown> {
	const { notification, ...changed } = envelope.data;
	delete changed.kind;
	return {
		event: notification.notification_event,
		notificationId: asText(notification.notification_id),
		itemId: asText(notification.notification_item_id),
		created: notification.notification_created,
		accountId: notification.notification_account_id,
		status: notification.notification_status,
		note: notification.notification_note,
		apiVersion: envelope.api_version,
		payload: changed,
	};
}

/** What the workflow gets for notifications: each as sent, or simplified; `extra` fields added to each. */
export function toItems(
	envelopes: Envelope[],
	output: 'raw' | 'simplified',
	extra: IDataObject = {},
): IDataObject[] {
	return envelopes.map((envelope) => ({
		...((output === 'raw' ? envelope : simplify(envelope)) as IDataObject),
		...extra,
	}));
}

function asText(value: unknown): string | undefined {
	return value === undefined || value === null ? undefined : String(value);
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
