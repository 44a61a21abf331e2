// The Order resource of the Prioticket node, operation by operation, through n8n's real
// ExecuteContext against the emulator.
import axios from 'axios';

import { timestamp } from '../../emulator/data';
import { useTestBed } from '../testbed';

const bed = useTestBed();

const order = (parameters: Record<string, unknown>, options = {}) =>
	bed.runAction({ resource: 'order', ...parameters } as never, options);
const byReference = (value: string) => ({ __rl: true, mode: 'id', value });
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe('Get', () => {
	test('returns the order, simplified to the fields people use most', async () => {
		const [item] = await order({ operation: 'get', order: byReference('ORD-1001'), simple: true });
		expect(item.json).toEqual({
			order_reference: 'ORD-1001',
			order_external_reference: 'EXT-ORD1001',
			order_status: 'ORDER_CONFIRMED',
			order_created: expect.stringMatching(/\+01:00$/),
			order_modified: expect.any(String),
			contact_name: 'Alex Example',
			contact_email: 'alex@example.com',
			price_total: 25,
			currency: 'EUR',
			bookings: [
				{
					booking_reference: 'BKG-ORD1001-1',
					booking_status: 'BOOKING_CONFIRMED',
					booking_travel_date: expect.any(String),
					product_id: '1001',
					product_title: 'Canal Cruise',
				},
			],
		});
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	test('without Simplify returns the API object unchanged', async () => {
		const [item] = await order({ operation: 'get', order: byReference('ORD-1002'), simple: false });
		expect(item.json).toEqual(bed.emulator.catalogue.orders.get('ORD-1002'));
	});

	test('takes a link to the order (By URL), and asks for fresh data or a version when told', async () => {
		bed.emulator.catalogue.updateOrder('ORD-1003');
		const url = `${bed.emulator.url}/v3.8/distributor/orders/ORD-1003?cache=true`;
		const [latest] = await order({
			operation: 'get',
			order: { __rl: true, mode: 'url', value: url },
			simple: false,
			options: { fresh: true },
		});
		expect(latest.json).toMatchObject({ order_reference: 'ORD-1003', order_version: 2 });
		expect(bed.emulator.requests.at(-1)!.query).toEqual({ cache: 'false' });
		const [first] = await order({
			operation: 'get',
			order: byReference('ORD-1003'),
			simple: false,
			options: { version: 1 },
		});
		expect(first.json).toMatchObject({ order_version: 1, order_status: 'ORDER_CONFIRMED' });
	});

	test("an unknown order fails with Prioticket's own message", async () => {
		await expect(order({ operation: 'get', order: byReference('ORD-NOPE') })).rejects.toThrow(
			'Order ORD-NOPE does not exist.',
		);
	});

	test.each([
		['', /The "Order" field is empty/],
		['ORD 1', /The "Order" field \("ORD 1"\) is not an order reference/],
		['..', /The "Order" field \(".."\) is not a valid ID/],
		['.', /The "Order" field \("."\) is not a valid ID/],
	])('refuses %j before calling the API, naming the field', async (value, message) => {
		await expect(order({ operation: 'get', order: byReference(value) })).rejects.toThrow(message);
		expect(bed.emulator.countRequests('GET', '/orders')).toBe(0);
	});
});

describe('Get Many', () => {
	test('pages 200 at a time and returns one item per order', async () => {
		for (let n = 0; n < 245; n++)
			bed.emulator.catalogue.createOrder(`ORD-M${n}`, { at: minutesAgo(50 - n / 10) });
		const all = await order({ operation: 'getAll', returnAll: true, simple: true });
		expect(all).toHaveLength(250);
		const calls = bed.emulator.requests.filter((r) => r.path.endsWith('/orders'));
		expect(calls.map((r) => [r.query.items_per_page, r.query.page])).toEqual([
			['200', '1'],
			['200', '2'],
		]);
		const some = await order({ operation: 'getAll', returnAll: false, limit: 3, simple: true });
		expect(some.map((i) => i.json.order_reference)).toEqual(['ORD-M244', 'ORD-M243', 'ORD-M242']);
		expect(bed.emulator.requests.at(-1)!.query.items_per_page).toBe('3');
	});

	test('passes the filters as the API takes them: dates with an offset, lists repeated', async () => {
		bed.emulator.catalogue.cancelOrder('ORD-1002', { at: minutesAgo(5) });
		bed.emulator.catalogue.updateOrder('ORD-1004', { at: minutesAgo(4) });
		const since = timestamp(minutesAgo(10));
		const items = await order({
			operation: 'getAll',
			returnAll: true,
			simple: false,
			filters: {
				modifiedSince: since,
				status: ['ORDER_CANCELLED', 'ORDER_UPDATED'],
				productIds: '1001, 1002, 1003',
			},
			options: { sortBy: 'ORDER_MODIFIED', sortOrder: 'ASC' },
		});
		expect(items.map((i) => i.json.order_reference)).toEqual(['ORD-1002', 'ORD-1004']);
		const call = bed.emulator.requests.at(-1)!;
		expect(call.query).toMatchObject({
			order_modified: since,
			order_sort_by: 'ORDER_MODIFIED',
			order_sort_order: 'ASC',
		});
		expect(call.search).toContain('order_status=ORDER_CANCELLED&order_status=ORDER_UPDATED');
		expect(call.search).toContain('product_id=1001&product_id=1002&product_id=1003');
	});

	test('filters by booking reference and by a created range', async () => {
		const [item] = await order({
			operation: 'getAll',
			returnAll: true,
			simple: true,
			filters: { bookingReference: 'BKG-ORD1004-1' },
		});
		expect(item.json.order_reference).toBe('ORD-1004');
		const none = await order({
			operation: 'getAll',
			returnAll: true,
			simple: true,
			filters: { createdFrom: '2020-01-01T00:00:00Z', createdTo: '2020-02-01T00:00:00+01:00' },
		});
		expect(none).toEqual([]);
		expect(bed.emulator.requests.at(-1)!.query).toMatchObject({
			order_created_from: '2020-01-01T00:00:00+00:00',
			order_created_to: '2020-02-01T00:00:00+01:00',
		});
	});

	test('a date filter that is not a date is refused, naming the filter', async () => {
		await expect(
			order({ operation: 'getAll', returnAll: true, filters: { modifiedSince: 'yesterday' } }),
		).rejects.toThrow('The "Modified Since" filter ("yesterday") is not a date');
	});
});

describe('Get Voucher', () => {
	test('outputs the download URL, without binary data unless asked', async () => {
		const [item] = await order({
			operation: 'getVoucher',
			order: byReference('ORD-1001'),
			download: false,
		});
		expect(item.json).toMatchObject({
			order_reference: 'ORD-1001',
			url: expect.stringMatching(/\/downloads\/vouchers\/\w+\.pdf$/),
		});
		expect(item.binary).toBeUndefined();
		expect(bed.emulator.countRequests('GET', '/downloads/')).toBe(0);
	});

	test('downloads the PDF into the binary field named, with the booking and text asked for', async () => {
		const [item] = await order({
			operation: 'getVoucher',
			order: byReference('ORD-1002'),
			download: true,
			binaryPropertyName: 'voucher',
			options: { bookingReference: 'BKG-ORD1002-1', additionalInformation: 'Meet at gate B' },
		});
		expect(item.json).toMatchObject({
			order_reference: 'ORD-1002',
			booking_reference: 'BKG-ORD1002-1',
		});
		const file = item.binary!.voucher;
		expect(file).toMatchObject({
			mimeType: 'application/pdf',
			fileExtension: 'pdf',
			fileName: expect.stringMatching(/^voucher-\w+\.pdf$/),
		});
		const pdf = Buffer.from(file.data, 'base64').toString('latin1');
		expect(pdf.startsWith('%PDF-')).toBe(true);
		expect(pdf).toContain('(Booking BKG-ORD1002-1: Museum Pass) Tj');
		expect(pdf).toContain('(Meet at gate B) Tj');
		// The link is fetched without the token, as a pre-signed link is.
		const download = bed.emulator.requests.find((r) => r.path.startsWith('/downloads/'))!;
		expect(download.authorization).toBeUndefined();
	});

	test('a download link on the API host that wants the token gets it, once refused', async () => {
		bed.emulator.quirks.voucherDownloadNeedsAuth = true;
		const [item] = await order({
			operation: 'getVoucher',
			order: byReference('ORD-1001'),
			download: true,
			binaryPropertyName: 'data',
		});
		expect(item.binary!.data.mimeType).toBe('application/pdf');
		const downloads = bed.emulator.requests.filter((r) => r.path.startsWith('/downloads/'));
		expect(downloads.map((r) => [r.status, r.authorization?.split(' ')[0]])).toEqual([
			[400, undefined],
			[200, 'Bearer'],
		]);
	});

	test('a download link on another host never gets the token: its error is shown', async () => {
		bed.emulator.quirks.voucherDownloadNeedsAuth = true;
		// The API is reached as localhost; the link the emulator hands out says 127.0.0.1, another origin.
		bed.resetCredential({ customBaseUrl: bed.emulator.url.replace('127.0.0.1', 'localhost') });
		await expect(
			order({
				operation: 'getVoucher',
				order: byReference('ORD-1001'),
				download: true,
				binaryPropertyName: 'data',
			}),
		).rejects.toThrow('The Authorization header is missing.');
		const downloads = bed.emulator.requests.filter((r) => r.path.startsWith('/downloads/'));
		expect(downloads.map((r) => r.authorization)).toEqual([undefined]);
	});

	test("a cancelled order's voucher fails with Prioticket's message; Continue On Fail keeps the other items", async () => {
		bed.emulator.catalogue.cancelOrder('ORD-1003');
		const items = await order(
			{
				operation: 'getVoucher',
				order: { __rl: true, mode: 'id', value: '={{ $json.ref }}' },
				download: true,
				binaryPropertyName: 'data',
			},
			{
				items: [
					{ json: { ref: 'ORD-1003' } },
					{ json: { ref: 'ORD-1001' } },
					{ json: { ref: 'ORD-NOPE' } },
				],
				continueOnFail: true,
			},
		);
		expect(items.map((i) => [i.json.error ?? i.json.order_reference, i.pairedItem])).toEqual([
			['Order ORD-1003 is cancelled: it has no valid voucher.', { item: 0 }],
			['ORD-1001', { item: 1 }],
			['Order ORD-NOPE does not exist.', { item: 2 }],
		]);
		expect(items[1].binary?.data.mimeType).toBe('application/pdf');
	});

	test.each([
		'ftp://files.example.com/voucher.pdf',
		'file:///etc/passwd',
		'/downloads/voucher.pdf',
	])(
		'a download url that is not an http(s) link (%s) is neither output nor fetched: the voucher counts as missing',
		async (url) => {
			bed.emulator.quirks.voucherUrl = url;
			for (const download of [false, true]) {
				await expect(
					order({
						operation: 'getVoucher',
						order: byReference('ORD-1001'),
						download,
						binaryPropertyName: 'data',
					}),
				).rejects.toThrow(
					'Prioticket answered without a download URL for the voucher of order ORD-1001',
				);
			}
			expect(bed.emulator.countRequests('GET', '/voucher')).toBe(2);
			expect(bed.emulator.countRequests('GET', '/downloads/')).toBe(0);
		},
	);

	test('loads the credential once for the voucher and its download', async () => {
		bed.emulator.quirks.voucherDownloadNeedsAuth = true;
		await order({
			operation: 'getVoucher',
			order: byReference('ORD-1001'),
			download: true,
			binaryPropertyName: 'data',
		});
		expect(bed.credentials.decryptions).toBe(1);
	});
});

test('the emulator serves the same voucher PDF to any client', async () => {
	const [item] = await order({
		operation: 'getVoucher',
		order: byReference('ORD-1004'),
		download: true,
		binaryPropertyName: 'data',
	});
	const again = await axios.get(String(item.json.url), { responseType: 'arraybuffer' });
	expect(Buffer.from(again.data).toString('base64')).toBe(item.binary!.data.data);
});

describe('From List', () => {
	test('lists orders matching what the user types, a page at a time', async () => {
		for (let n = 0; n < 60; n++)
			bed.emulator.catalogue.createOrder(`ORD-L${n}`, { at: minutesAgo(40 - n / 10) });
		const first = await bed.listSearch('searchOrders');
		expect(first.results).toHaveLength(50);
		expect(first.results[0]).toEqual({
			name: 'ORD-L59 · Alex Example · ORDER_CONFIRMED',
			value: 'ORD-L59',
		});
		const second = await bed.listSearch('searchOrders', undefined, first.paginationToken);
		expect(second.results).toHaveLength(15);
		expect(second.paginationToken).toBeUndefined();
		const found = await bed.listSearch('searchOrders', 'ord-l5');
		expect(found.results.map((r) => r.value)).toEqual([
			'ORD-L59',
			'ORD-L58',
			'ORD-L57',
			'ORD-L56',
			'ORD-L55',
			'ORD-L54',
			'ORD-L53',
			'ORD-L52',
			'ORD-L51',
			'ORD-L50',
			'ORD-L5',
		]);
		expect(bed.emulator.requests.at(-1)!.query).toMatchObject({
			order_search_query: 'ord-l5',
			items_per_page: '50',
		});
	});

	test('an order picked from the list is read by its reference', async () => {
		const [item] = await order({
			operation: 'get',
			order: { __rl: true, mode: 'list', value: 'ORD-1005' },
			simple: true,
		});
		expect(item.json.order_reference).toBe('ORD-1005');
	});
});
