// The Product resource of the Prioticket node through n8n's real ExecuteContext against the emulator.
import { timestamp } from '../../emulator/data';
import { TestBed, useTestBed } from '../testbed';

const bed = useTestBed({ bookable: false });

const product = (parameters: Record<string, unknown>, options = {}) =>
	bed.runAction({ resource: 'product', ...parameters } as never, options);

describe('Get', () => {
	test('returns the product, simplified', async () => {
		const [item] = await product({
			operation: 'get',
			product: { __rl: true, mode: 'id', value: '1002' },
			simple: true,
		});
		expect(item.json).toEqual({
			product_id: '1002',
			product_title: 'Museum Pass',
			product_status: 'ACTIVE',
			product_currency_code: 'EUR',
			product_from_price: 19.5,
			product_created: expect.any(String),
			product_modified: expect.any(String),
		});
	});

	test("by URL, raw; an unknown or deleted product fails with Prioticket's message", async () => {
		const url = `${bed.emulator.url}/v3.8/distributor/products/1001`;
		const [item] = await product({
			operation: 'get',
			product: { __rl: true, mode: 'url', value: url },
			simple: false,
		});
		expect(item.json).toEqual(bed.emulator.catalogue.products.get('1001'));
		bed.emulator.catalogue.deleteProduct('1003');
		await expect(
			product({ operation: 'get', product: { __rl: true, mode: 'id', value: '1003' } }),
		).rejects.toThrow('Product 1003 does not exist.');
	});

	test('a link that is not a product link is refused, naming the field', async () => {
		await expect(
			product({
				operation: 'get',
				product: { __rl: true, mode: 'url', value: 'https://example.com/orders/1' },
			}),
		).rejects.toThrow(
			'The "Product" field ("https://example.com/orders/1") is not a link to a product',
		);
	});
});

describe('Get, of a product the emulator sells (with a supplier and start and end dates)', () => {
	const selling = new TestBed();
	beforeAll(async () => await selling.start());
	afterAll(async () => await selling.stop());

	test('Simplify keeps the supplier and the start and end dates, each in its own field', async () => {
		const [item] = await selling.runAction({
			resource: 'product',
			operation: 'get',
			product: { __rl: true, mode: 'id', value: '2001' },
			simple: true,
		} as never);
		const stored = selling.emulator.catalogue.products.get('2001')!;
		expect(Date.parse(String(stored.product_start_date))).toBeLessThan(
			Date.parse(String(stored.product_end_date)),
		);
		expect(item.json).toMatchObject({
			product_id: '2001',
			product_title: 'Canal Cruise',
			product_supplier_name: 'Amsterdam Canal Lines',
			product_start_date: stored.product_start_date,
			product_end_date: stored.product_end_date,
		});
	});
});

describe('Get Many', () => {
	test('returns every product, one item each, paging 200 at a time', async () => {
		for (let n = 0; n < 210; n++) bed.emulator.catalogue.createProduct(String(5000 + n));
		const all = await product({ operation: 'getAll', returnAll: true, simple: true });
		expect(all).toHaveLength(213);
		expect(bed.emulator.countRequests('GET', '/products')).toBe(2);
		expect(
			await product({ operation: 'getAll', returnAll: false, limit: 2, simple: true }),
		).toHaveLength(2);
	});

	test('Modified Since returns new and changed products only; Product IDs narrows further', async () => {
		const since = timestamp(new Date(Date.now() - 10 * 60_000));
		bed.emulator.catalogue.updateProduct('1002', {
			at: new Date(Date.now() - 5 * 60_000),
			fields: { product_title: 'Museum Pass Plus' },
		});
		bed.emulator.catalogue.createProduct('2001', { at: new Date(Date.now() - 60_000) });
		const changed = await product({
			operation: 'getAll',
			returnAll: true,
			simple: true,
			filters: { modifiedSince: since },
		});
		expect(changed.map((i) => [i.json.product_id, i.json.product_title])).toEqual([
			['2001', 'Zoo Day Ticket'],
			['1002', 'Museum Pass Plus'],
		]);
		const one = await product({
			operation: 'getAll',
			returnAll: true,
			simple: true,
			filters: { modifiedSince: since, productIds: '1002' },
		});
		expect(one.map((i) => i.json.product_id)).toEqual(['1002']);
	});
});

test('From List: products by title or ID', async () => {
	expect((await bed.listSearch('searchProducts')).results.map((r) => r.name).sort()).toEqual([
		'Canal Cruise · 1001',
		'City Tower Skip-the-Line · 1003',
		'Museum Pass · 1002',
	]);
	expect((await bed.listSearch('searchProducts', 'museum')).results).toEqual([
		{ name: 'Museum Pass · 1002', value: '1002' },
	]);
});
