// How long the transport waits before retrying, through n8n's real HTTP client against the
// emulator. n8n-workflow's `sleep`, the only wait the transport makes, is replaced by one that
// records the asked-for delay and returns at once: the waits are proven without timing anything.
import { waits } from './waits'; // first, so that the nodes get the recording sleep

import { useTestBed } from './testbed';

const bed = useTestBed();

beforeEach(() => {
	waits.length = 0;
});

const listCalls = () =>
	bed.emulator.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/webhooks'));
const listAll = async () =>
	await bed.runAction({ resource: 'webhook', operation: 'getAll', returnAll: true });

test('waits the seconds Retry-After names before retrying', async () => {
	bed.emulator.faults.push({ status: 429, count: 1, path: '/webhooks', retryAfter: 7 });
	await listAll();
	expect(listCalls().map((r) => r.status)).toEqual([429, 200]);
	expect(waits).toEqual([7000]);
});

test('waits until the HTTP date Retry-After names', async () => {
	// HTTP dates have whole seconds: 12 s ahead, rounded down, is between 11 and 12 s away.
	const at = new Date(Math.floor((Date.now() + 12_000) / 1000) * 1000);
	bed.emulator.faults.push({
		status: 503,
		count: 1,
		path: '/webhooks',
		retryAfter: at.toUTCString(),
	});
	await listAll();
	expect(listCalls().map((r) => r.status)).toEqual([503, 200]);
	expect(waits).toHaveLength(1);
	expect(waits[0]).toBeGreaterThan(10_000);
	expect(waits[0]).toBeLessThanOrEqual(12_000);
});

test('waits 30 s at most: a longer Retry-After is reported at once, without a retry', async () => {
	bed.emulator.faults.push({ status: 429, count: 1, path: '/webhooks', retryAfter: 30 });
	await listAll();
	expect(waits).toEqual([30_000]);

	bed.emulator.requests.length = 0;
	waits.length = 0;
	bed.emulator.faults.push({ status: 429, count: 1, path: '/webhooks', retryAfter: 31 });
	await expect(listAll()).rejects.toThrow('Too many requests, slow down.');
	expect(listCalls().map((r) => r.status)).toEqual([429]);
	expect(waits).toEqual([]);
});

test('without Retry-After, backs off 0.5, 1 and 2 s, then reports the fourth failure', async () => {
	bed.emulator.faults.push({ status: 500, count: 10, path: '/webhooks' });
	await expect(listAll()).rejects.toThrow('The service is temporarily unavailable.');
	expect(listCalls()).toHaveLength(4);
	expect(waits).toEqual([500, 1000, 2000]);
});
