// Order → Cancel through n8n's real ExecuteContext against the emulator: whole orders, chosen
// bookings, refund or not, and bookings Prioticket does not let go.
import { useTestBed } from '../testbed';
import { bookings, dayAhead, DISTRIBUTOR, openDayAhead, slotOf } from './selling';

const bed = useTestBed();
beforeEach(() => bed.resetCredential(DISTRIBUTOR));

const day = dayAhead(6);
const book = async (...items: Parameters<typeof bookings>) => {
	const [item] = await bed.runAction({
		resource: 'order',
		operation: 'create',
		bookingMode: 'directBooking',
		bookings: bookings(...items),
		externalReference: 'SHOP-1',
	} as never);
	return String(item.json.order_reference);
};
const cancel = (reference: string, parameters: Record<string, unknown> = {}) =>
	bed.runAction({
		resource: 'order',
		operation: 'cancel',
		order: { __rl: true, mode: 'id', value: reference },
		...parameters,
	} as never);
const cruise = { productId: '2001', slotId: slotOf('2001', day), productTypes: '20011: 2' };
const museum = { productId: '2002', travelDate: day, productTypes: '20021: 1' };
const lastCall = () => bed.emulator.requests.at(-1)!;

test("cancels chosen bookings with a reason and returns the order with each booking's status", async () => {
	const reference = await book(cruise, museum);
	const [item] = await cancel(reference, {
		bookingReferences: 'BKG-ORD5001-1',
		additionalFields: { reason: 'Refunded in the shop' },
	});
	expect(item.json).toMatchObject({
		order_reference: 'ORD-5001',
		order_status: 'ORDER_UPDATED',
		price_total: '22.50',
		bookings: [
			{ booking_reference: 'BKG-ORD5001-1', booking_status: 'BOOKING_CANCELLED' },
			{ booking_reference: 'BKG-ORD5001-2', booking_status: 'BOOKING_CONFIRMED' },
		],
	});
	expect(item.pairedItem).toEqual({ item: 0 });
	expect(lastCall()).toMatchObject({
		method: 'DELETE',
		query: {
			booking_reference: 'BKG-ORD5001-1',
			cancellation_reason: 'Refunded in the shop',
			payment_refund: 'true',
		},
	});
});

test('cancels the whole order, without refund when told, and frees its spots', async () => {
	const reference = await book(cruise);
	const [item] = await cancel(reference, { refund: false, simple: false });
	expect(item.json).toMatchObject({
		order_status: 'ORDER_CANCELLED',
		order_bookings: [{ booking_status: 'BOOKING_CANCELLED' }],
	});
	expect(lastCall().query).toEqual({ payment_refund: 'false' });
	const [slot] = await bed.runAction({
		resource: 'availability',
		operation: 'getAll',
		product: { __rl: true, mode: 'id', value: '2001' },
		fromDate: day,
		returnAll: false,
		limit: 1,
		simple: true,
	} as never);
	expect(slot.json.spotsOpen).toBe(20);
});

test("a booking that may not be cancelled fails with Prioticket's message; the others still can be", async () => {
	const concert = {
		productId: '2003',
		slotId: slotOf('2003', openDayAhead(), '2000'),
		productTypes: '20031: 1',
	};
	const reference = await book(concert, museum);
	await expect(cancel(reference)).rejects.toThrow(/BKG-ORD5001-1/);
	const [item] = await cancel(reference, { bookingReferences: 'BKG-ORD5001-2' });
	expect(
		(item.json.bookings as Array<{ booking_status: string }>).map((b) => b.booking_status),
	).toEqual(['BOOKING_CONFIRMED', 'BOOKING_CANCELLED']);
});

test('refuses an order reference that is none before any call', async () => {
	await expect(cancel('ORD 1')).rejects.toThrow(
		/The "Order" field \("ORD 1"\) is not an order reference/,
	);
	expect(bed.emulator.countRequests()).toBe(0);
});
