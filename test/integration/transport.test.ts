/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// Paging, retries and error mapping of the one transport, through n8n's real HTTP client.
import { waits } from './waits'; // first, so that the nodes get the recording sleep

import { readFileSync } from 'fs';
import { join } from 'path';

import { PACKAGE_HEADERS } from '../../nodes/Prioticket/transport';
import { useTestBed } from './testbed';

const bed = useTestBed();

beforeEach(() => {
	waits.length = 0;
});

const seed = (count: number) => {
	for (let n = 0; n < count; n++) {
		bed.emulator['createWebhook'](
			{
				data: {
					webhook: { webhook_events: ['ORDER_CREATE'], webhook_url: `https://example.com/${n}` },
				},
			},
			'v3.8',
		);
	}
};
const listCalls = () =>
	bed.emulator.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/webhooks'));

test('lists 450 webhooks in 3 calls of 200', async () => {
	seed(450);
	const output = await bed.runAction({ resource: 'webhook', operation: 'getAll', returnAll: true });
	expect(output).toHaveLength(450);
	expect(new Set(output.map((item) => item.json.webhook_id)).size).toBe(450);
	expect(listCalls().map((r) => r.query)).toEqual([
		{ items_per_page: '200', page: '1' },
		{ items_per_page: '200', page: '2' },
		{ items_per_page: '200', page: '3' },
	]);
});

test('follows the page size the server returns when it does not honour the one asked for', async () => {
	seed(25);
	const original = bed.emulator['listWebhooks'].bind(bed.emulator);
	bed.emulator['listWebhooks'] = (query: URLSearchParams) => {
		query.set('items_per_page', '10');
		return original(query);
	};
	try {
		const output = await bed.runAction({
			resource: 'webhook',
			operation: 'getAll',
			returnAll: true,
		});
		expect(output).toHaveLength(25);
		expect(listCalls()).toHaveLength(3);
	} finally {
		bed.emulator['listWebhooks'] = original;
	}
});

test('stops paging once the limit is reached', async () => {
	seed(450);
	const output = await bed.runAction({
		resource: 'webhook',
		operation: 'getAll',
		returnAll: false,
		limit: 5,
	});
	expect(output).toHaveLength(5);
	expect(listCalls().map((r) => r.query.items_per_page)).toEqual(['5']);
});

test('retries a GET answered 429, waiting as Retry-After says', async () => {
	bed.emulator.faults.push({ status: 429, count: 2, path: '/webhooks', retryAfter: 0 });
	const output = await bed.runAction({ resource: 'webhook', operation: 'getAll', returnAll: true });
	expect(output).toEqual([]);
	expect(listCalls().map((r) => r.status)).toEqual([429, 429, 200]);
});

test('retries 500 and 503 on DELETE with backoff', async () => {
	seed(1);
	const [id] = bed.emulator.webhooks.keys();
	bed.emulator.faults.push(
		{ status: 503, count: 1, method: 'DELETE' },
		{ status: 500, count: 1, method: 'DELETE' },
	);
	const output = await bed.runAction({ resource: 'webhook', operation: 'delete', webhookId: id });
	expect(output[0].json).toEqual({ deleted: true, webhookId: id });
	expect(bed.emulator.requests.filter((r) => r.method === 'DELETE').map((r) => r.status)).toEqual([
		503, 500, 204,
	]);
	expect(waits).toEqual([500, 1000]);
});

test('gives up after 4 attempts and reports the last error', async () => {
	bed.emulator.faults.push({ status: 503, count: 10, path: '/webhooks', retryAfter: 0 });
	await expect(
		bed.runAction({ resource: 'webhook', operation: 'getAll', returnAll: true }),
	).rejects.toThrow('The service is temporarily unavailable.');
	expect(listCalls()).toHaveLength(4);
});

test('never retries a POST answered 5xx: the webhook may exist already', async () => {
	bed.emulator.faults.push({ status: 500, count: 1, method: 'POST', path: '/webhooks' });
	await expect(
		bed.runAction({
			resource: 'webhook',
			operation: 'create',
			url: 'https://example.com/a',
			events: ['ORDER_CREATE'],
		}),
	).rejects.toThrow('The service is temporarily unavailable.');
	expect(
		bed.emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/webhooks')),
	).toHaveLength(1);
});

test('never retries a POST answered 429 either', async () => {
	bed.emulator.faults.push({
		status: 429,
		count: 1,
		method: 'POST',
		path: '/webhooks',
		retryAfter: 0,
	});
	await expect(
		bed.runAction({
			resource: 'webhook',
			operation: 'create',
			url: 'https://example.com/a',
			events: ['ORDER_CREATE'],
		}),
	).rejects.toThrow('Too many requests, slow down.');
	expect(
		bed.emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/webhooks')),
	).toHaveLength(1);
	expect(bed.emulator.webhooks.size).toBe(0);
});

test("never retries another 4xx, and shows Prioticket's error_message with the details", async () => {
	// The transport never asks for more than 200 a page, so make the emulator see an invalid value.
	const original = bed.emulator['listWebhooks'].bind(bed.emulator);
	bed.emulator['listWebhooks'] = (query: URLSearchParams) => {
		query.set('items_per_page', '900');
		return original(query);
	};
	try {
		const failure = await bed
			.runAction({ resource: 'webhook', operation: 'getAll', returnAll: true })
			.then(
				() => undefined,
				(e: Error & { description?: string; httpCode?: string }) => e,
			);
		expect(failure?.message).toBe('The request is invalid, see errors for details.');
		expect(failure?.description).toContain('items_per_page must be an integer from 1 to 200.');
		expect(failure?.description).toMatch(/Code: INVALID_REQUEST\nReference: EMU-/);
		expect(failure?.httpCode).toBe('400');
		expect(listCalls()).toHaveLength(1);
	} finally {
		bed.emulator['listWebhooks'] = original;
	}
});

test('every call names the package and its current version (App-Name, App-Version)', async () => {
	const { name, version } = JSON.parse(
		readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'),
	) as { name: string; version: string };
	expect(PACKAGE_HEADERS).toEqual({ 'App-Name': name, 'App-Version': version });
	const seen: Array<string | undefined> = [];
	const server = bed.emulator['server'];
	const listener = (req: { url?: string; headers: Record<string, string | undefined> }) => {
		if (req.url?.includes('/webhooks'))
			seen.push(`${req.headers['app-name']}/${req.headers['app-version']}`);
	};
	server!.on('request', listener);
	try {
		await bed.runAction({ resource: 'webhook', operation: 'getAll', returnAll: true });
	} finally {
		server!.off('request', listener);
	}
	expect(seen).toEqual([`${name}/${version}`]);
});
