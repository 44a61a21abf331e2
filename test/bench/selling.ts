// API calls per booking path: the selling operations through n8n-core's execute context (TestBed)
// against the emulator, counted there. The counts are the ones README → Selling tickets documents
// (a booking is one POST after one look-up of its external reference; Wait for Confirmation one read
// a minute while Prioticket reports the order processing); any other count fails the run.

import { pacing } from '../../nodes/Prioticket/actions/order/confirmation';
import { dayAhead, DISTRIBUTOR, slotOf } from '../integration/actions/selling';
import type { TestBed } from '../integration/testbed';
import type { LifecycleStep } from './in-process';

/** A request's path without the version prefix, with references and files as placeholders. */
const shape = (path: string) =>
	path
		.replace(/^\/v[\d.]+\/distributor/, '')
		.replace(/\/orders\/[^/]+/, '/orders/{ref}')
		.replace(/\/reservations\/[^/]+/, '/reservations/{ref}')
		.replace(/\/downloads\/.+/, '/downloads/{voucher}');

export async function countSellingCalls(bed: TestBed): Promise<LifecycleStep[]> {
	const { emulator } = bed;
	const steps: LifecycleStep[] = [];
	const count = async <T>(step: string, expected: number, action: () => Promise<T>) => {
		const before = emulator.requests.length;
		const result = await action();
		const calls = emulator.requests.slice(before).map((r) => `${r.method} ${shape(r.path)}`);
		const grouped = [...new Set(calls)].map(
			(call) => `${calls.filter((c) => c === call).length}× ${call}`,
		);
		steps.push({ step, calls: calls.length, expected, detail: grouped.join(', ') });
		return result;
	};
	const day = dayAhead(8);
	const booking = (time: string, productTypes = '20011: 2, 20012: 1') => ({
		booking: [{ productId: '2001', slotId: slotOf('2001', day, time), productTypes }],
	});
	const order = (externalReference: string, parameters: Record<string, unknown>) =>
		bed.runAction({
			resource: 'order',
			operation: 'create',
			externalReference,
			...parameters,
		} as never);
	const direct = (externalReference: string, options: Record<string, unknown> = {}) =>
		order(externalReference, {
			bookingMode: 'directBooking',
			bookings: booking('1000', '20011: 1'),
			options,
		});
	const availability = (product = '2001', toDate = '') =>
		bed.runAction({
			resource: 'availability',
			operation: 'getAll',
			product: { __rl: true, mode: 'id', value: product },
			fromDate: day,
			toDate,
			returnAll: true,
		} as never);

	// Waiting a minute between reads is Wait for Confirmation's pacing; the count needs no real minutes.
	const sleep = pacing.sleep;
	const waits: number[] = [];
	pacing.sleep = async (ms: number) => {
		waits.push(ms);
	};
	/** The waits a step made, checked against the documented one read a minute. */
	const waited = (expected: number) => {
		const made = waits.splice(0);
		if (made.length !== expected || made.some((ms) => ms !== 60_000))
			throw new Error(`waits of ${made.join(', ')} ms, expected ${expected} of 60000`);
		steps[steps.length - 1].detail += `; ${made.length} waits of 60 s`;
	};
	try {
		emulator.reset();
		bed.resetCredential(DISTRIBUTOR);
		// The token is fetched once per credential (see the lifecycle table); not counted below.
		await availability();

		await count('Availability → Get Many, one day', 1, () => availability());
		// One slot a day (2002, booked by travel date), so pages of 200 do not add calls: one per 90 days.
		await count('Availability → Get Many, 200 days (Return All), one slot a day', 3, () =>
			availability('2002', dayAhead(8 + 199)),
		);
		// Three slots a day (2001): each 90-day call is 270 slots, read in pages of 200.
		await count('Availability → Get Many, 200 days (Return All), three slots a day', 5, () =>
			availability('2001', dayAhead(8 + 199)),
		);

		await count(
			'Order → Create, Direct Booking (look-up of the External Reference, then one POST)',
			2,
			() => direct('BENCH-1'),
		);
		await count(
			'Order → Create again with the same External Reference (retry or re-run): the order found, no POST',
			1,
			() => direct('BENCH-1'),
		);
		emulator.faults.push({ method: 'POST', path: '/orders', status: 500, count: 1, after: true });
		await count(
			'Order → Create, Direct Booking, answer lost (500 after booking): found by a second look-up',
			3,
			() => direct('BENCH-2'),
		);

		const [hold] = await count('Reservation → Create', 1, () =>
			bed.runAction({
				resource: 'reservation',
				operation: 'create',
				bookings: booking('1200'),
				externalReference: 'BENCH-3',
			} as never),
		);
		const [confirmed] = await count(
			'Order → Create, Confirm Reservation (look-up, then one POST)',
			2,
			() =>
				order('BENCH-3', {
					bookingMode: 'confirmReservation',
					reservationReference: hold.json.reservation_reference,
				}),
		);

		emulator.holdProcessing(2);
		await count(
			'Order → Create, Wait for Confirmation, processing for 2 reads: a read a minute until confirmed',
			5,
			() => direct('BENCH-4', { waitForConfirmation: true, maxWaitMinutes: 5 }),
		);
		waited(3);
		emulator.holdProcessing(10);
		await count(
			'Order → Create, Wait for Confirmation, Max Wait 5, still processing: 5 reads, then the order as it stands',
			7,
			() => direct('BENCH-5', { waitForConfirmation: true, maxWaitMinutes: 5 }),
		);
		waited(5);

		await count('Order → Get Voucher, Download PDF', 2, () =>
			bed.runAction({
				resource: 'order',
				operation: 'getVoucher',
				order: { __rl: true, mode: 'id', value: confirmed.json.order_reference },
				download: true,
				binaryPropertyName: 'data',
			} as never),
		);
		await count('Order → Cancel', 1, () =>
			bed.runAction({
				resource: 'order',
				operation: 'cancel',
				order: { __rl: true, mode: 'id', value: confirmed.json.order_reference },
			} as never),
		);
	} finally {
		pacing.sleep = sleep;
	}
	return steps;
}
