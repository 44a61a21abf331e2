// Waiting for an order Prioticket reports as still processing: Get Order once a minute, as its
// timeout guide advises, until the bookings are final or the user's limit is reached. The pacing is
// a module-level object so tests can replace the sleep instead of waiting real minutes.

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { orders } from '../../api';

export const pacing = {
	/** Between two reads of a processing order. */
	pollIntervalMs: 60_000,
	/** How long an order create may take before its outcome counts as unknown (Prioticket advises 60 s). */
	createTimeoutMs: 60_000,
	sleep: async (ms: number) => await sleep(ms),
};

/** Whether Prioticket has not finished the order: ORDER_PENDING or any booking BOOKING_PROCESSING*. */
function isProcessing(order: IDataObject): boolean {
	const bookings = Array.isArray(order.order_bookings)
		? (order.order_bookings as IDataObject[])
		: [];
	return (
		order.order_status === 'ORDER_PENDING' ||
		bookings.some((booking) =>
			String(booking.booking_status ?? '').startsWith('BOOKING_PROCESSING'),
		)
	);
}

/** The order once final, or as it stands after `maxMinutes` reads one interval apart. */
export async function waitForConfirmation(
	context: IExecuteFunctions,
	order: IDataObject,
	maxMinutes: number,
): Promise<IDataObject> {
	let current = order;
	for (let read = 0; read < maxMinutes && isProcessing(current); read++) {
		await pacing.sleep(pacing.pollIntervalMs);
		current = await orders.get(context, String(order.order_reference), { fresh: true });
	}
	return current;
}
