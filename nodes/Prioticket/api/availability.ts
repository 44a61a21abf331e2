// Availability: the open slots (or days) of a product. The API answers at most 90 days per call, so
// a longer range is read in consecutive calls of up to 90 days each.

import type { IDataObject } from 'n8n-workflow';

import { pathSegment } from '../shared/paths';
import { loadCredential, prioticketApiRequestAllItems, type PrioticketContext } from '../transport';

/** The most days (both ends counted) one availability call may span. */
const MAX_DAYS_PER_CALL = 90;

export interface AvailabilityQuery {
	/** First day, YYYY-MM-DD, in the supplier's calendar. */
	from: string;
	/** Last day, YYYY-MM-DD; the first day when left out. */
	to?: string;
	/** Only slots with at least this many open spots. */
	spotsOpenMin?: number;
	/** Whether to include the slots of sub-products (`sub_products_depth=1`). */
	subProducts?: boolean;
	/** Whether to include closed slots (`availability_active: false`). */
	includeDisabled?: boolean;
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayOf = (number: number) => new Date(number * DAY_MS).toISOString().slice(0, 10);

/** The range as consecutive [from, to] pieces of at most `MAX_DAYS_PER_CALL` days. */
function splitRange(from: string, to: string): Array<[string, string]> {
	const pieces: Array<[string, string]> = [];
	const last = dayNumber(to);
	for (let start = dayNumber(from); start <= last; start += MAX_DAYS_PER_CALL) {
		pieces.push([dayOf(start), dayOf(Math.min(last, start + MAX_DAYS_PER_CALL - 1))]);
	}
	return pieces;
}

/** The slots of a product over a range of any length, in order, up to `limit`. */
export async function list(
	context: PrioticketContext,
	productId: string,
	{ from, to = from, spotsOpenMin, subProducts, includeDisabled }: AvailabilityQuery,
	limit = Number.POSITIVE_INFINITY,
): Promise<IDataObject[]> {
	const path = `/products/${pathSegment(productId, 'Product')}/availability`;
	const credential = await loadCredential.call(context);
	const slots: IDataObject[] = [];
	for (const [start, end] of splitRange(from, to)) {
		const qs: IDataObject = { from_date: start, to_date: end };
		if (spotsOpenMin !== undefined) qs.spots_open_min = spotsOpenMin;
		if (subProducts) qs.sub_products_depth = 1;
		if (includeDisabled) qs.include_disabled = true;
		slots.push(
			...(await prioticketApiRequestAllItems.call(context, path, qs, limit - slots.length, {
				credential,
			})),
		);
		if (slots.length >= limit) break;
	}
	return slots;
}
