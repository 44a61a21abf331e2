// Order → Create through n8n's real ExecuteContext against the emulator: direct bookings and
// confirmed reservations, booked once whatever fails, the price check and the wait for confirmation.
import { sleep } from 'n8n-workflow';

import { pacing } from '../../../nodes/Prioticket/actions/order/confirmation';
import { useTestBed } from '../testbed';
import { bookings, dayAhead, DISTRIBUTOR, openDayAhead, slotOf, type Booking } from './selling';

const bed = useTestBed();
const sleeps: number[] = [];
const realPacing = { ...pacing };
beforeEach(() => {
	bed.resetCredential(DISTRIBUTOR);
	sleeps.length = 0;
	pacing.sleep = async (ms: number) => {
		sleeps.push(ms);
	};
});
afterAll(() => Object.assign(pacing, realPacing));

const day = dayAhead(6);
const cruise = (productTypes = '20011: 2'): Booking => ({
	productId: '2001',
	slotId: slotOf('2001', day),
	productTypes,
});
const createOrder = (parameters: Record<string, unknown> = {}) =>
	bed.runAction({
		resource: 'order',
		operation: 'create',
		bookingMode: 'directBooking',
		bookings: bookings(cruise()),
		externalReference: 'SHOP-1',
		simple: true,
		...parameters,
	} as never);
const ordersWith = (externalReference: string) =>
	[...bed.emulator.catalogue.orders.values()].filter(
		(order) => order.order_external_reference === externalReference,
	);
const posts = () => bed.emulator.countRequests('POST', '/orders');

describe('Direct Booking', () => {
	test('books with one POST after one look-up, and returns the order simplified', async () => {
		const [item] = await createOrder({
			bookings: bookings(cruise('20011: 2, 20012: 1'), {
				productId: '2002',
				travelDate: day,
				productTypes: '20021: 1',
			}),
			additionalFields: {
				contactEmail: 'alex@example.com',
				contactName: 'Alex van Example',
				contactPhone: '+31 20 123 4567',
				language: 'en',
				notes: 'Wheelchair',
				sendTickets: true,
				sendReceipt: false,
				settlementType: 'EXTERNAL',
			},
			options: { expectedTotal: '85.0' },
		});
		expect(item.json).toMatchObject({
			order_reference: 'ORD-5001',
			order_external_reference: 'SHOP-1',
			order_status: 'ORDER_CONFIRMED',
			contact_name: 'Alex van Example',
			contact_email: 'alex@example.com',
			price_total: '85.00',
			bookings: [
				{
					booking_reference: 'BKG-ORD5001-1',
					booking_status: 'BOOKING_CONFIRMED',
					product_id: '2001',
				},
				{
					booking_reference: 'BKG-ORD5001-2',
					booking_status: 'BOOKING_CONFIRMED',
					product_id: '2002',
				},
			],
		});
		expect(item.json).not.toHaveProperty('existing_order');
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(posts()).toBe(1);
		expect(
			bed.emulator.requests.map((r) => `${r.method} ${r.path.replace(/.*distributor/, '')}`),
		).toEqual(['POST /oauth2/token', 'GET /orders', 'POST /orders']);
		expect(bed.emulator.requests[1].query).toMatchObject({
			order_external_reference: 'SHOP-1',
			cache: 'false',
		});
		expect(bed.emulator.catalogue.orders.get('ORD-5001')).toMatchObject({
			order_distributor_id: 'D-501',
			order_language: 'en',
			order_settlement_type: 'EXTERNAL',
			order_notes: 'Wheelchair',
			order_contacts: [
				{
					contact_type: 'BOOKER',
					contact_email: 'alex@example.com',
					contact_name_first: 'Alex',
					contact_name_last: 'van Example',
					contact_phone: '+31201234567',
					contact_language: 'en',
				},
			],
			order_options: {
				email_options: { email_types: { send_tickets: true, send_receipt: false } },
			},
		});
	});

	test("a sold-out slot fails with Prioticket's message naming product and slot; nothing is booked", async () => {
		await expect(createOrder({ bookings: bookings(cruise('20011: 21')) })).rejects.toThrow(
			/Canal Cruise.*10:00/,
		);
		expect(ordersWith('SHOP-1')).toEqual([]);
	});

	test('two executions racing for the last spots: one books, the other fails clearly', async () => {
		const concert = openDayAhead();
		const last = (externalReference: string) =>
			createOrder({
				externalReference,
				bookings: bookings({
					productId: '2003',
					slotId: slotOf('2003', concert, '2000'),
					productTypes: '20031: 2',
				}),
			});
		const results = await Promise.allSettled([last('SHOP-A'), last('SHOP-B')]);
		const booked = results.filter((r) => r.status === 'fulfilled');
		const failed = results.filter((r) => r.status === 'rejected');
		expect(booked).toHaveLength(1);
		expect(failed).toHaveLength(1);
		expect(String(failed[0].reason.message)).toMatch(/Rooftop Concert.*20:00/);
		expect(ordersWith('SHOP-A').length + ordersWith('SHOP-B').length).toBe(1);
	});
});

describe('Confirm Reservation', () => {
	test('confirms a hold with one POST', async () => {
		await bed.runAction({
			resource: 'reservation',
			operation: 'create',
			bookings: bookings(cruise()),
			externalReference: 'CART-1',
		} as never);
		bed.emulator.requests.length = 0;
		const [item] = await createOrder({
			bookingMode: 'confirmReservation',
			reservationReference: 'RES-7001',
		});
		expect(item.json).toMatchObject({ order_status: 'ORDER_CONFIRMED', price_total: '50.00' });
		expect(posts()).toBe(1);
		expect(bed.emulator.countRequests()).toBe(2);
	});

	test("an expired hold fails with Prioticket's message", async () => {
		await bed.runAction({
			resource: 'reservation',
			operation: 'create',
			bookings: bookings(cruise()),
			externalReference: 'CART-1',
		} as never);
		bed.emulator.advanceClock(16 * 60_000);
		await expect(
			createOrder({ bookingMode: 'confirmReservation', reservationReference: 'RES-7001' }),
		).rejects.toThrow(/Reservation RES-7001 expired/);
	});
});

describe('never twice, never lost', () => {
	test('processed but the answer lost: the node finds the order by its external reference', async () => {
		bed.emulator.faults.push({
			method: 'POST',
			path: '/orders',
			status: 500,
			count: 1,
			after: true,
		});
		const [item] = await createOrder();
		expect(item.json).toMatchObject({
			order_reference: 'ORD-5001',
			existing_order: 'found_after_lost_answer',
		});
		expect(posts()).toBe(1);
		expect(ordersWith('SHOP-1')).toHaveLength(1);
	});

	test('answer lost and the look-up failing too: the node fails naming the reference; Retry On Fail then finds the order, never posting again', async () => {
		bed.emulator.faults.push({
			method: 'POST',
			path: '/orders',
			status: 500,
			count: 1,
			after: true,
		});
		// Once the POST is in, every read of the orders list fails (the transport's 4 attempts).
		const emulator = bed.emulator as unknown as {
			injectFault: (method: string, route: string) => Promise<unknown>;
		};
		const inject = emulator.injectFault.bind(bed.emulator);
		emulator.injectFault = async (method, route) => {
			if (method === 'POST' && route === '/orders')
				bed.emulator.faults.push({
					method: 'GET',
					path: '/orders',
					status: 503,
					count: 4,
					retryAfter: 0,
				});
			return await inject(method, route);
		};
		const error = await createOrder().catch((e: { message: string; description: string }) => e);
		expect(error).toMatchObject({
			message: expect.stringContaining(
				'Whether the order with External Reference "SHOP-1" was created is unknown',
			),
			description: expect.stringContaining(
				'Order → Get Many and the filter External Reference = "SHOP-1"',
			),
		});
		emulator.injectFault = inject;
		// What n8n's Retry On Fail does: run the node again with the same parameters.
		const [item] = await createOrder();
		expect(item.json).toMatchObject({
			order_reference: 'ORD-5001',
			existing_order: 'found_before_create',
		});
		expect(posts()).toBe(1);
		expect(ordersWith('SHOP-1')).toHaveLength(1);
	});

	test('a timeout: the order made late is found on the re-run, with one POST', async () => {
		pacing.createTimeoutMs = 100;
		try {
			bed.emulator.faults.push({
				method: 'POST',
				path: '/orders',
				status: 200,
				count: 1,
				latencyMs: 200,
			});
			await expect(createOrder()).rejects.toThrow(
				/External Reference "SHOP-1" was created is unknown/,
			);
			// The emulator books once its latency is over; the re-run comes after that.
			for (let waited = 0; ordersWith('SHOP-1').length === 0 && waited < 5_000; waited += 20)
				await sleep(20);
			const [item] = await createOrder();
			expect(item.json.existing_order).toBe('found_before_create');
			expect(posts()).toBe(1);
			expect(ordersWith('SHOP-1')).toHaveLength(1);
		} finally {
			pacing.createTimeoutMs = realPacing.createTimeoutMs;
		}
	});

	test('a refusal (4xx) is reported as is, without a second look-up', async () => {
		await expect(createOrder({ bookings: bookings(cruise('20011: 21')) })).rejects.toThrow();
		expect(bed.emulator.countRequests('GET', '/orders')).toBe(1);
	});
});

describe('Expected Total', () => {
	test('a different total fails with both amounts and the order reference, saying the order exists', async () => {
		const error = await createOrder({ options: { expectedTotal: '30.00' } }).catch(
			(e: { message: string; description: string }) => e,
		);
		expect(error).toMatchObject({
			message: 'The order ORD-5001 totals 50.00 EUR, not the Expected Total 30',
			description: expect.stringContaining('cancel it with Order → Cancel (order ORD-5001)'),
		});
		expect(ordersWith('SHOP-1')).toHaveLength(1);
	});

	test('is compared as a decimal: 50 equals "50.00"', async () => {
		const [item] = await createOrder({ options: { expectedTotal: 50 } });
		expect(item.json.price_total).toBe('50.00');
	});
});

describe('Wait for Confirmation', () => {
	test('reads the processing order once a minute until it is confirmed', async () => {
		bed.emulator.holdProcessing(2);
		const [item] = await createOrder({ options: { waitForConfirmation: true, maxWaitMinutes: 5 } });
		expect(item.json).toMatchObject({
			order_status: 'ORDER_CONFIRMED',
			bookings: [{ booking_status: 'BOOKING_CONFIRMED' }],
		});
		expect(sleeps).toEqual([60_000, 60_000, 60_000]);
		expect(bed.emulator.countRequests('GET', '/orders/ORD-5001')).toBe(3);
		expect(
			bed.emulator.requests.filter((r) => r.path.endsWith('/orders/ORD-5001'))[0].query,
		).toEqual({
			cache: 'false',
		});
	});

	test('after the limit returns the order as it stands, still processing', async () => {
		bed.emulator.holdProcessing(10);
		const [item] = await createOrder({ options: { waitForConfirmation: true, maxWaitMinutes: 2 } });
		expect(item.json).toMatchObject({
			order_status: 'ORDER_PENDING',
			bookings: [{ booking_status: 'BOOKING_PROCESSING' }],
		});
		expect(sleeps).toHaveLength(2);
	});

	test('without it the node returns at once', async () => {
		bed.emulator.holdProcessing(2);
		const [item] = await createOrder();
		expect(item.json.order_status).toBe('ORDER_PENDING');
		expect(sleeps).toEqual([]);
		expect(bed.emulator.countRequests('GET', '/orders/ORD-5001')).toBe(0);
	});
});

describe('the voucher after booking', () => {
	test('Get Voucher works on the new order, and on one whose voucher is released later', async () => {
		const [first] = await createOrder();
		const [voucher] = await bed.runAction({
			resource: 'order',
			operation: 'getVoucher',
			order: { __rl: true, mode: 'id', value: String(first.json.order_reference) },
		} as never);
		expect(voucher.json.url).toMatch(/^http/);

		bed.emulator.holdVouchers(1);
		const [late] = await createOrder({ externalReference: 'SHOP-2' });
		const getVoucher = () =>
			bed.runAction({
				resource: 'order',
				operation: 'getVoucher',
				order: { __rl: true, mode: 'id', value: String(late.json.order_reference) },
			} as never);
		await expect(getVoucher()).rejects.toThrow(/not released|VOUCHER_NOT_RELEASED/i);
		bed.emulator.releaseVoucher(String(late.json.order_reference));
		const [released] = await getVoucher();
		expect(released.json.url).toMatch(/^http/);
	});
});

describe('bad input, refused before any call', () => {
	test.each([
		[
			'an empty external reference',
			{ externalReference: '' },
			/"External Reference" field is empty/,
		],
		[
			'an external reference with a "#"',
			{ externalReference: 'SHOP#1' },
			/"External Reference" field \("SHOP#1"\) is not valid/,
		],
		[
			'no product type',
			{ bookings: bookings(cruise(' ')) },
			/Product Types" field has no product type/,
		],
		['count 0', { bookings: bookings(cruise('20011: 0')) }, /asks for 0 of product type 20011/],
		[
			'count 101',
			{ bookings: bookings(cruise('20011: 101')) },
			/asks for 101 of product type 20011/,
		],
		[
			'slot and travel date',
			{ bookings: bookings({ ...cruise(), travelDate: day }) },
			/both a Slot ID and a Travel Date/,
		],
		['no bookings', { bookings: {} }, /The "Bookings" field is empty/],
		[
			'a contact email that is none',
			{ additionalFields: { contactEmail: 'alex.example.com' } },
			/"Contact Email" field \("alex.example.com"\) is not an email address/,
		],
		[
			'a phone without country code',
			{ additionalFields: { contactPhone: '020 123 4567' } },
			/"Contact Phone" field .* is not an international phone number/,
		],
		[
			'an expected total that is none',
			{ options: { expectedTotal: '€30' } },
			/"Expected Total" option \("€30"\) is not an amount/,
		],
		[
			'no reservation to confirm',
			{ bookingMode: 'confirmReservation', reservationReference: '' },
			/"Reservation Reference" field is empty/,
		],
	])('%s', async (_, parameters, message) => {
		await expect(createOrder(parameters)).rejects.toThrow(message);
		expect(bed.emulator.countRequests()).toBe(0);
	});

	test('no Distributor ID in the credential', async () => {
		bed.resetCredential();
		await expect(createOrder()).rejects.toThrow(/no Distributor ID/);
		expect(bed.emulator.countRequests()).toBe(0);
	});
});
