// The Payment resource of the Prioticket node through n8n's real ExecuteContext against the emulator.
// The transport's backoff waits (n8n-workflow's `sleep`) are recorded, not waited for.
import { waits } from '../waits'; // first, so that the nodes get the recording sleep

import { useTestBed } from '../testbed';

const bed = useTestBed();

const payments = (filters: Record<string, unknown>, options = {}) =>
	bed.runAction(
		{ resource: 'payment', operation: 'getAll', returnAll: true, filters } as never,
		options,
	);

test('by payment ID: that payment only', async () => {
	const items = await payments({ paymentId: 'PAY-ORD1002' });
	expect(items.map((i) => i.json)).toEqual([
		expect.objectContaining({ payment_id: 'PAY-ORD1002', payment_order_reference: 'ORD-1002' }),
	]);
	expect(bed.emulator.requests.at(-1)!.query).toMatchObject({ payment_id: 'PAY-ORD1002' });
});

test('by order reference: the payments of that order', async () => {
	const items = await payments({ orderReference: 'ORD-1003' });
	expect(items.map((i) => i.json.payment_id)).toEqual(['PAY-ORD1003']);
});

test('without a filter: every payment, up to the limit', async () => {
	expect(await payments({})).toHaveLength(5);
	expect(
		await bed.runAction({ resource: 'payment', operation: 'getAll', returnAll: false, limit: 2 }),
	).toHaveLength(2);
});

test('an API that ignores the filter cannot hand back another payment', async () => {
	bed.emulator.quirks.ignoreFilters = ['payment_id', 'order_reference'];
	expect((await payments({ paymentId: 'PAY-ORD1004' })).map((i) => i.json.payment_id)).toEqual([
		'PAY-ORD1004',
	]);
	expect(await payments({ paymentId: 'PAY-NONE' })).toEqual([]);
	expect((await payments({ orderReference: 'ORD-1005' })).map((i) => i.json.payment_id)).toEqual([
		'PAY-ORD1005',
	]);
});

test('Continue On Fail: an API error becomes an error item and the next item still runs', async () => {
	bed.emulator.faults.push({ status: 500, count: 4, path: '/payments' });
	const items = await bed.runAction(
		{
			resource: 'payment',
			operation: 'getAll',
			returnAll: true,
			filters: { paymentId: '={{ $json.id }}' },
		} as never,
		{
			items: [{ json: { id: 'PAY-ORD1001' } }, { json: { id: 'PAY-ORD1002' } }],
			continueOnFail: true,
		},
	);
	expect(items.map((i) => [i.json.error ?? i.json.payment_id, i.pairedItem])).toEqual([
		['The service is temporarily unavailable.', { item: 0 }],
		['PAY-ORD1002', { item: 1 }],
	]);
	// The first item was tried four times (three waits), the second once.
	expect(waits).toEqual([500, 1000, 2000]);
});
