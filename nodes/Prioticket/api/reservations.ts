// Reservations (the cart): holds on spots that expire unless confirmed by an order. The API has no
// lookup by external reference; a repeated create with the same one answers with the first hold.

import type { IDataObject } from 'n8n-workflow';

import { pathSegment } from '../shared/paths';
import {
	prioticketApiRequest,
	unwrap,
	type CallOptions,
	type PrioticketContext,
} from '../transport';

const reservationPath = (reference: string) =>
	`/reservations/${pathSegment(reference, 'Reservation Reference')}`;

/** Holds the items of `reservation` (`data.reservation`: distributor, external reference, details). */
export async function create(
	context: PrioticketContext,
	reservation: IDataObject,
	call?: CallOptions,
): Promise<IDataObject> {
	return unwrap(
		await prioticketApiRequest.call(context, 'POST', '/reservations', {
			body: { data: { reservation } },
			...call,
		}),
		'reservation',
	);
}

export async function get(context: PrioticketContext, reference: string): Promise<IDataObject> {
	return unwrap(
		await prioticketApiRequest.call(context, 'GET', reservationPath(reference)),
		'reservation',
	);
}

/**
 * Adds items (without `booking_reservation_reference`) or replaces items (with it: the quantities
 * are overwritten, not added up).
 */
export async function update(
	context: PrioticketContext,
	reference: string,
	details: IDataObject[],
): Promise<IDataObject> {
	return unwrap(
		await prioticketApiRequest.call(context, 'PUT', reservationPath(reference), {
			body: { data: { reservation: { reservation_details: details } } },
		}),
		'reservation',
	);
}

/** Frees the whole reservation, or only the items named; answers with the reservation as it is now. */
export async function cancel(
	context: PrioticketContext,
	reference: string,
	{ items = [], reason }: { items?: string[]; reason?: string } = {},
): Promise<IDataObject> {
	const qs: IDataObject = {};
	if (items.length) qs.booking_reservation_reference = items;
	if (reason) qs.cancellation_reason = reason;
	return unwrap(
		await prioticketApiRequest.call(context, 'DELETE', reservationPath(reference), { qs }),
		'reservation',
	);
}
