// The one catalogue of Prioticket notification events. Both nodes' option lists, the trigger's
// "resolve" lookup and the README's events table are derived from it.

import type { INodePropertyOptions } from 'n8n-workflow';

/** What `notification_item_id` identifies for an event, and so which API call resolves it. */
export type ItemKind = 'order' | 'product' | 'payment';

export interface EventDefinition {
	value: string;
	name: string;
	description: string;
	itemKind: ItemKind;
	/** Announced by Prioticket but not yet sent by every account. */
	upcoming?: boolean;
}

export const EVENTS: readonly EventDefinition[] = [
	{
		value: 'ORDER_CREATE',
		name: 'Order Created',
		description: 'An order was created',
		itemKind: 'order',
	},
	{
		value: 'ORDER_UPDATE',
		name: 'Order Updated',
		description: 'An order was amended',
		itemKind: 'order',
	},
	{
		value: 'ORDER_CANCEL',
		name: 'Order Cancelled',
		description: 'An order was cancelled',
		itemKind: 'order',
	},
	{
		value: 'PAYMENT_CREATE',
		name: 'Payment Created',
		description: 'A payment was made',
		itemKind: 'payment',
	},
	{
		value: 'PAYMENT_REFUND',
		name: 'Payment Refunded',
		description: 'A payment was refunded',
		itemKind: 'payment',
	},
	{
		value: 'VOUCHER_RELEASE',
		name: 'Voucher Released',
		description: 'A voucher was released for an order',
		itemKind: 'order',
	},
	{
		value: 'VOUCHER_REVOKE',
		name: 'Voucher Revoked',
		description: 'A voucher was revoked',
		itemKind: 'order',
	},
	{
		value: 'REDEMPTION',
		name: 'Ticket Redeemed',
		description: 'A ticket of an order was redeemed',
		itemKind: 'order',
	},
	{
		value: 'PRODUCT_CREATE',
		name: 'Product Created',
		description: 'A product was created',
		itemKind: 'product',
	},
	{
		value: 'PRODUCT_UPDATE',
		name: 'Product Updated',
		description: 'A product was amended',
		itemKind: 'product',
	},
	{
		value: 'PRODUCT_DELETE',
		name: 'Product Deleted',
		description: 'A product was removed',
		itemKind: 'product',
	},
	{
		value: 'PRODUCT_ASSIGN',
		name: 'Product Assigned',
		description: 'A product was assigned to the account',
		itemKind: 'product',
	},
	{
		value: 'PRODUCT_UNASSIGN',
		name: 'Product Unassigned',
		description: 'A product was unassigned from the account',
		itemKind: 'product',
	},
	{
		value: 'AVAILABILITY_CHANGE',
		name: 'Availability Changed',
		description: 'Availability of a product changed (announced as upcoming)',
		itemKind: 'product',
		upcoming: true,
	},
	{
		value: 'CATEGORY_CHANGE',
		name: 'Category Changed',
		description: 'A product category changed (announced as upcoming)',
		itemKind: 'product',
		upcoming: true,
	},
	{
		value: 'LOCATION_CHANGE',
		name: 'Location Changed',
		description: 'A product location changed (announced as upcoming)',
		itemKind: 'product',
		upcoming: true,
	},
	{
		value: 'CREDIT_REACHED',
		name: 'Credit Limit Reached',
		description: 'The account reached its credit limit (announced as upcoming)',
		itemKind: 'order',
		upcoming: true,
	},
	{
		value: 'CREDIT_RESET',
		name: 'Credit Reset',
		description: 'The account credit was reset (announced as upcoming)',
		itemKind: 'order',
		upcoming: true,
	},
];

const BY_VALUE = new Map(EVENTS.map((event) => [event.value, event]));

export function findEvent(value: string): EventDefinition | undefined {
	return BY_VALUE.get(value);
}

/** Options for a multi-select, sorted by display name as n8n's UI guidelines ask. */
export const EVENT_OPTIONS: INodePropertyOptions[] = [...EVENTS]
	.sort((a, b) => a.name.localeCompare(b.name))
	.map(({ name, value, description }) => ({ name, value, description }));

const EVENT_NAME = /^[A-Z][A-Z0-9_]{1,63}$/;

/**
 * The event names a user chose: the catalogue selection plus free-form names (comma, semicolon or
 * newline separated) for events this package does not know yet. Returns them de-duplicated, in a
 * stable order, or the first name that is not a valid event name.
 */
export function collectEventNames(
	selected: unknown,
	extra: unknown,
): { events: string[] } | { invalid: string } {
	const names = new Set<string>();
	for (const value of Array.isArray(selected) ? selected : []) names.add(String(value));
	for (const raw of String(extra ?? '').split(/[,;\n]+/)) {
		const name = raw.trim().toUpperCase();
		if (name === '') continue;
		if (!EVENT_NAME.test(name)) return { invalid: raw.trim() };
		names.add(name);
	}
	return { events: [...names].sort() };
}
