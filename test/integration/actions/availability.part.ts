// Availability → Get Many through n8n's real ExecuteContext against the emulator.
import { useTestBed } from '../testbed';
import { dayAhead, openDayAhead, slotOf } from './selling';

const bed = useTestBed();

const product = (value: string) => ({ __rl: true, mode: 'id', value });
const availability = (parameters: Record<string, unknown>) =>
	bed.runAction({
		resource: 'availability',
		operation: 'getAll',
		returnAll: true,
		simple: true,
		...parameters,
	} as never);
const calls = () => bed.emulator.requests.filter((r) => r.path.endsWith('/availability'));

test('lists one item per slot, simplified: local times with their offset, spots and prices', async () => {
	const day = dayAhead(5);
	const slots = await availability({ product: product('2001'), fromDate: day });
	expect(slots.map((s) => s.json.slotId)).toEqual([
		slotOf('2001', day, '1000'),
		slotOf('2001', day, '1200'),
		slotOf('2001', day, '1400'),
	]);
	expect(slots[0].json).toEqual({
		productId: '2001',
		slotId: slotOf('2001', day, '1000'),
		start: expect.stringMatching(new RegExp(`^${day}T10:00:00\\+0[12]:00$`)),
		end: expect.stringMatching(new RegExp(`^${day}T11:00:00\\+0[12]:00$`)),
		spotsOpen: 20,
		spotsTotal: 20,
		active: true,
		prices: [
			{ productTypeId: '20011', productType: 'ADULT', price: '25.00', currency: 'EUR' },
			{ productTypeId: '20012', productType: 'CHILD', price: '12.50', currency: 'EUR' },
		],
	});
	for (const slot of slots) expect(slot.pairedItem).toEqual({ item: 0 });
	expect(calls()[0].query).toMatchObject({ from_date: day, to_date: day });
});

test('splits a 200-day range into 3 calls of at most 90 days and returns every day', async () => {
	const from = dayAhead(2);
	const to = dayAhead(201);
	const days = await availability({ product: product('2002'), fromDate: from, toDate: to });
	expect(days).toHaveLength(200);
	expect(calls().map((c) => [c.query.from_date, c.query.to_date])).toEqual([
		[from, dayAhead(91)],
		[dayAhead(92), dayAhead(181)],
		[dayAhead(182), to],
	]);
	// Unlimited products have no spots to count: the fields are left out, not invented.
	expect(days[0].json).not.toHaveProperty('spotsOpen');
});

test('stops calling once the limit is reached', async () => {
	const slots = await availability({
		product: product('2002'),
		fromDate: dayAhead(2),
		toDate: dayAhead(201),
		returnAll: false,
		limit: 5,
	});
	expect(slots).toHaveLength(5);
	expect(calls()).toHaveLength(1);
	expect(calls()[0].query.items_per_page).toBe('5');
});

test('passes the options: minimum open spots, sub-products, inactive slots', async () => {
	let monday = 3;
	while (new Date(`${dayAhead(monday)}T12:00:00Z`).getUTCDay() !== 1) monday++;
	const day = dayAhead(monday);
	expect(await availability({ product: product('2003'), fromDate: day })).toEqual([]);
	const closed = await availability({
		product: product('2003'),
		fromDate: day,
		options: { includeInactive: true, subProducts: true, spotsOpenMin: 2 },
	});
	expect(closed.map((s) => s.json.active)).toEqual([false]);
	expect(calls().at(-1)!.query).toMatchObject({
		include_disabled: 'true',
		sub_products_depth: '1',
		spots_open_min: '2',
	});
});

test('without Simplify returns the API items unchanged', async () => {
	const day = openDayAhead();
	const [slot] = await availability({ product: product('2003'), fromDate: day, simple: false });
	expect(slot.json).toMatchObject({
		availability_id: slotOf('2003', day, '2000'),
		availability_spots: { availability_spots_open: 2 },
	});
});

test.each([
	[{ fromDate: '' }, /The "From Date" field is empty/],
	[{ fromDate: 'tomorrow' }, /The "From Date" field \("tomorrow"\) is not a date/],
	[{ fromDate: dayAhead(5), toDate: dayAhead(4) }, /The "To Date" .* is before the "From Date"/],
	[{ product: product('') }, /The "Product" field is empty/],
])('refuses %j before calling the API, naming the field', async (parameters, message) => {
	await expect(
		availability({ product: product('2001'), fromDate: dayAhead(3), ...parameters }),
	).rejects.toThrow(message);
	expect(bed.emulator.countRequests()).toBe(0);
});
