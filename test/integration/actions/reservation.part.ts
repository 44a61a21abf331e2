// Reservation → Create / Get / Update / Cancel through n8n's real ExecuteContext against the emulator.
import { useTestBed } from '../testbed';
import { bookings, dayAhead, DISTRIBUTOR, slotOf, type Booking } from './selling';

const bed = useTestBed();
beforeEach(() => bed.resetCredential(DISTRIBUTOR));

const day = dayAhead(6);
const cruise = (productTypes = '20011: 2, 20012: 1'): Booking => ({
	productId: '2001',
	slotId: slotOf('2001', day),
	productTypes,
});
const reservation = (parameters: Record<string, unknown>) =>
	bed.runAction({ resource: 'reservation', ...parameters } as never);
const create = (parameters: Record<string, unknown> = {}) =>
	reservation({
		operation: 'create',
		bookings: bookings(cruise()),
		externalReference: 'SHOP-1',
		...parameters,
	});
const openSpots = (slotId = slotOf('2001', day)) =>
	Number(
		(
			bed.emulator['availabilityItem']('2001', bed.emulator.catalogue.sale.get('2001')!, {
				id: slotId,
			} as never) as { availability_spots: { availability_spots_open: number } }
		).availability_spots.availability_spots_open,
	);

describe('Create', () => {
	test('holds the spots and returns the reservation reference, its expiry, pricing and items', async () => {
		const [item] = await create({ additionalFields: { language: 'NL' } });
		expect(item.json).toMatchObject({
			reservation_reference: 'RES-7001',
			reservation_external_reference: 'SHOP-1',
			reservation_distributor_id: 'D-501',
			reservation_status: 'RESERVATION_ACTIVE',
			reservation_valid_until: expect.stringMatching(/[+-]\d{2}:\d{2}$/),
			reservation_pricing: { price_total: '62.50' },
			reservation_details: [
				{
					booking_reservation_reference: 'RES-7001-1',
					booking_status: 'BOOKING_RESERVED',
					booking_language: 'nl',
					product_availability_id: slotOf('2001', day),
				},
			],
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(openSpots()).toBe(17);
		expect(bed.emulator.countRequests('POST', '/reservations')).toBe(1);
	});

	test('books a travel-date product by day', async () => {
		const [item] = await create({
			bookings: bookings({ productId: '2002', travelDate: day, productTypes: '20021: 1' }),
		});
		expect(item.json).toMatchObject({
			reservation_details: [
				{ product_id: '2002', booking_travel_date: expect.stringContaining(day) },
			],
		});
	});

	test('a lost answer fails naming the external reference; running again returns the same hold, held once', async () => {
		bed.emulator.faults.push({
			method: 'POST',
			path: '/reservations',
			status: 500,
			count: 1,
			after: true,
		});
		await expect(create()).rejects.toThrow(
			'Prioticket did not answer whether the reservation with External Reference "SHOP-1" was made',
		);
		const [again] = await create();
		expect(again.json.reservation_reference).toBe('RES-7001');
		expect(openSpots()).toBe(17);
	});

	test("a full slot fails with Prioticket's message naming product and slot, holding nothing", async () => {
		await expect(create({ bookings: bookings(cruise('20011: 21')) })).rejects.toThrow(
			/Canal Cruise.*10:00/,
		);
		expect(openSpots()).toBe(20);
	});

	test('without a Distributor ID in the credential fails before any call, naming the field', async () => {
		bed.resetCredential();
		await expect(create()).rejects.toThrow(/no Distributor ID/);
		await expect(create()).rejects.toMatchObject({
			description: expect.stringContaining('fill in "Distributor ID"'),
		});
		expect(bed.emulator.countRequests()).toBe(0);
	});

	test.each([
		['no booking', { bookings: {} }, /The "Bookings" field is empty/],
		[
			'no product type',
			{ bookings: bookings(cruise('')) },
			/"Bookings → Booking 1 → Product Types" field has no product type/,
		],
		[
			'count 0',
			{ bookings: bookings(cruise('20011: 0')) },
			/asks for 0 of product type 20011: a count must be a whole number from 1 to 100/,
		],
		[
			'count 101',
			{ bookings: bookings(cruise('20011: 101')) },
			/asks for 101 of product type 20011/,
		],
		['a half count', { bookings: bookings(cruise('20011: 1.5')) }, /asks for 1.5 of product type/],
		['not a pair', { bookings: bookings(cruise('20011 two')) }, /has "20011 two", not a pair/],
		[
			'slot and travel date',
			{ bookings: bookings({ ...cruise(), travelDate: day }) },
			/"Bookings → Booking 1" has both a Slot ID and a Travel Date/,
		],
		[
			'no product',
			{ bookings: bookings({ ...cruise(), productId: '' }) },
			/"Bookings → Booking 1 → Product ID" field is empty/,
		],
		[
			'a travel date that is none',
			{ bookings: bookings({ productId: '2002', travelDate: '5 Dec', productTypes: '20021: 1' }) },
			/"Bookings → Booking 1 → Travel Date" field \("5 Dec"\) is not a date/,
		],
		[
			'an empty external reference',
			{ externalReference: ' ' },
			/"External Reference" field is empty/,
		],
		[
			'an external reference with a space',
			{ externalReference: 'SHOP 1' },
			/"External Reference" field \("SHOP 1"\) is not valid/,
		],
		[
			'an external reference over 50 characters',
			{ externalReference: 'X'.repeat(51) },
			/"External Reference" field .* is not valid/,
		],
		[
			'a language that is none',
			{ additionalFields: { language: 'english' } },
			/"Language" field \("english"\) is not a language code/,
		],
	])('refuses %s before any call, naming the field', async (_, parameters, message) => {
		await expect(create(parameters)).rejects.toThrow(message);
		expect(bed.emulator.countRequests()).toBe(0);
	});
});

describe('Get, Update, Cancel', () => {
	test('Get reads the reservation; after the hold time it shows expired and frees the spots', async () => {
		await create();
		const [held] = await reservation({ operation: 'get', reservationReference: 'RES-7001' });
		expect(held.json.reservation_status).toBe('RESERVATION_ACTIVE');
		bed.emulator.advanceClock(16 * 60_000);
		const [expired] = await reservation({ operation: 'get', reservationReference: 'RES-7001' });
		expect(expired.json).toMatchObject({
			reservation_status: 'RESERVATION_EXPIRED',
			reservation_details: [{ booking_status: 'BOOKING_RESERVATION_EXPIRED' }],
		});
		expect(openSpots()).toBe(20);
	});

	test("Update replaces an item's counts and adds a new item", async () => {
		await create();
		const [item] = await reservation({
			operation: 'update',
			reservationReference: 'RES-7001',
			bookings: bookings(
				{ ...cruise('20011: 4'), itemReference: 'RES-7001-1' },
				{ productId: '2002', travelDate: day, productTypes: '20021: 1' },
			),
		});
		const details = item.json.reservation_details as Array<Record<string, unknown>>;
		expect(details.map((d) => d.booking_reservation_reference)).toEqual([
			'RES-7001-1',
			'RES-7001-2',
		]);
		expect(details[0].product_type_details).toEqual([
			expect.objectContaining({ product_type_id: '20011', product_type_count: 4 }),
		]);
		expect(openSpots()).toBe(16);
	});

	test('Cancel frees chosen items with a reason, or the whole reservation', async () => {
		await create({
			bookings: bookings(cruise('20011: 1'), {
				...cruise('20011: 2'),
				slotId: slotOf('2001', day, '1200'),
			}),
		});
		const [partial] = await reservation({
			operation: 'cancel',
			reservationReference: 'RES-7001',
			itemReferences: 'RES-7001-2',
			additionalFields: { reason: 'Guest changed plans' },
		});
		expect(
			(partial.json.reservation_details as Array<Record<string, unknown>>).map(
				(d) => d.booking_status,
			),
		).toEqual(['BOOKING_RESERVED', 'BOOKING_RESERVATION_CANCELLED']);
		expect(bed.emulator.requests.at(-1)!.query).toEqual({
			booking_reservation_reference: 'RES-7001-2',
			cancellation_reason: 'Guest changed plans',
		});
		const [whole] = await reservation({ operation: 'cancel', reservationReference: 'RES-7001' });
		expect(whole.json.reservation_status).toBe('RESERVATION_CANCELLED');
		expect(openSpots()).toBe(20);
	});

	test.each(['get', 'update', 'cancel'])(
		'%s refuses a reference with a slash before any call',
		async (operation) => {
			await expect(
				reservation({
					operation,
					reservationReference: '../orders',
					bookings: bookings(cruise()),
				}),
			).rejects.toThrow(
				/"Reservation Reference" field \("..\/orders"\) is not a reservation reference/,
			);
			expect(bed.emulator.countRequests()).toBe(0);
		},
	);
});
