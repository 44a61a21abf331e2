/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// The emulator's API contract: what every other test relies on it to do like Prioticket.
import axios, { type AxiosInstance } from 'axios';
import { createServer, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import { Deliverer } from './deliverer';
import { timestamp } from './data';
import { Emulator } from './emulator';

const emulator = new Emulator({ deliveryRetryMs: 10, deliveryAttempts: 3, tokenTtlSeconds: 60 });
let api: AxiosInstance;
let base: string;

beforeAll(async () => {
	base = `${await emulator.start()}/v3.8/distributor`;
});
afterAll(async () => await emulator.stop());
beforeEach(async () => {
	emulator.reset();
	api = axios.create({ baseURL: base, validateStatus: () => true });
	const token = await api.post(
		'/oauth2/token',
		{ grant_type: 'client_credentials' },
		{ auth: { username: 'demo-client', password: 'demo-secret' } },
	);
	api.defaults.headers.common.Authorization = `Bearer ${token.data.access_token}`;
});

const createWebhook = (webhook: Record<string, unknown>) =>
	api.post('/webhooks', { data: { webhook } });

describe('tokens', () => {
	test('client credentials give a Bearer token with its lifetime', async () => {
		const response = await axios.post(
			`${base}/oauth2/token`,
			{ grant_type: 'client_credentials', scope: 'x' },
			{
				auth: { username: 'demo-client', password: 'demo-secret' },
			},
		);
		expect(response.data).toMatchObject({ token_type: 'Bearer', expires_in: 60, scope: 'x' });
	});

	test.each([
		[
			'a wrong secret',
			{ username: 'demo-client', password: 'nope' },
			{ grant_type: 'client_credentials' },
			401,
			'invalid_client',
		],
		[
			'no client authentication',
			undefined,
			{ grant_type: 'client_credentials' },
			401,
			'invalid_client',
		],
		[
			'another grant type',
			{ username: 'demo-client', password: 'demo-secret' },
			{ grant_type: 'password' },
			400,
			'unsupported_grant_type',
		],
	])('%s is an OAuth error', async (_name, auth, body, status, error) => {
		const response = await axios.post(`${base}/oauth2/token`, body, {
			auth,
			validateStatus: () => true,
		});
		expect(response.status).toBe(status);
		expect(response.data.error).toBe(error);
		expect(typeof response.data.error_description).toBe('string');
	});

	test('a missing header is 400, an expired or unknown token 401, with the error envelope', async () => {
		const missing = await axios.get(`${base}/webhooks`, { validateStatus: () => true });
		expect(missing.status).toBe(400);
		expect(missing.data).toMatchObject({
			error: 'INVALID_REQUEST',
			error_message: 'The Authorization header is missing.',
		});
		expect(missing.data.error_reference).toMatch(/^EMU-/);
		await axios.post(`${emulator.url}/__emulator/tokens/expire`);
		const expired = await api.get('/webhooks');
		expect(expired.status).toBe(401);
	});
});

describe('webhooks', () => {
	test('create answers 201 with the webhook under data.webhook, never echoing webhook_auth', async () => {
		const response = await createWebhook({
			webhook_events: ['ORDER_CREATE'],
			webhook_url: 'https://example.com/a',
			webhook_auth: 's',
		});
		expect(response.status).toBe(201);
		expect(response.data.data.webhook).toMatchObject({
			webhook_status: 'ENABLED',
			webhook_version: '3.8.0',
			webhook_payload: true,
		});
		expect(response.data.data.webhook.webhook_auth).toBeUndefined();
		expect(response.data.data.webhook.webhook_created).toMatch(/[+-]\d\d:\d\d$/);
	});

	test('invalid input is INVALID_REQUEST naming each bad field', async () => {
		const response = await createWebhook({
			webhook_events: [],
			webhook_url: 'ftp://x',
			webhook_payload: 'maybe',
		});
		expect(response.status).toBe(400);
		expect(response.data.error).toBe('INVALID_REQUEST');
		expect(response.data.errors).toEqual([
			'data.webhook.webhook_events must be a non-empty array.',
			'data.webhook.webhook_url must be an http(s) URL.',
			'data.webhook.webhook_payload must be a boolean.',
		]);
		const malformed = await api.post('/webhooks', '{"data":', {
			headers: { 'Content-Type': 'application/json' },
			transformRequest: (data) => data,
		});
		expect(malformed.status).toBe(400);
		expect(malformed.data.errors).toEqual(['The body is not valid JSON.']);
	});

	test('lists with paging by page or start_index, and filters by id', async () => {
		for (let n = 0; n < 25; n++)
			await createWebhook({
				webhook_events: ['ORDER_CREATE'],
				webhook_url: `https://example.com/${n}`,
			});
		const page = await api.get('/webhooks', { params: { items_per_page: 10, page: 3 } });
		expect(page.data.data).toMatchObject({
			current_item_count: 5,
			items_per_page: 10,
			start_index: 21,
			total_items: 25,
			page_index: 3,
			total_pages: 3,
		});
		const byIndex = await api.get('/webhooks', { params: { items_per_page: 5, start_index: 6 } });
		expect(byIndex.data.data.items[0].webhook_url).toBe('https://example.com/5');
		const id = page.data.data.items[0].webhook_id;
		const filtered = await api.get('/webhooks', { params: { webhook_id: id } });
		expect(filtered.data.data.items.map((w: { webhook_id: string }) => w.webhook_id)).toEqual([id]);
		const tooMany = await api.get('/webhooks', { params: { items_per_page: 201 } });
		expect(tooMany.status).toBe(400);
		expect(tooMany.data.errors).toEqual(['items_per_page must be an integer from 1 to 200.']);
	});

	test('delete answers 204, then 404 for the same id', async () => {
		const created = await createWebhook({
			webhook_events: ['ORDER_CREATE'],
			webhook_url: 'https://example.com/a',
		});
		const id = created.data.data.webhook.webhook_id;
		expect((await api.delete(`/webhooks/${id}`)).status).toBe(204);
		const again = await api.delete(`/webhooks/${id}`);
		expect(again.status).toBe(404);
		expect(again.data.error_message).toBe(`Webhook ${id} does not exist.`);
	});
});

describe('notifications', () => {
	let receiver: Server;
	let hookUrl: string;
	const received: Array<{ headers: Record<string, unknown>; body: string }> = [];
	let failuresLeft = 0;

	beforeAll(async () => {
		receiver = createServer((req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				received.push({ headers: req.headers, body });
				res.writeHead(failuresLeft-- > 0 ? 503 : 200).end();
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
	});
	afterAll(() => receiver.close());
	beforeEach(() => {
		received.length = 0;
		failuresLeft = 0;
	});

	test("a sample notification is delivered as JSON with the webhook's Authorization value and the changed object", async () => {
		await createWebhook({
			webhook_events: ['ORDER_CREATE'],
			webhook_url: hookUrl,
			webhook_auth: 'abc',
		});
		await createWebhook({ webhook_events: ['ORDER_CANCEL'], webhook_url: hookUrl });
		const response = await api.post('/notifications', {
			data: {
				notification: { notification_event: 'ORDER_CREATE', notification_item_id: 'ORD-1001' },
			},
		});
		expect(response.status).toBe(204);
		await emulator.deliverer.settled();
		expect(received).toHaveLength(1);
		expect(received[0].headers).toMatchObject({
			authorization: 'Basic abc',
			'content-type': 'application/json',
		});
		const body = JSON.parse(received[0].body);
		expect(body.data.notification).toMatchObject({
			notification_event: 'ORDER_CREATE',
			notification_item_id: 'ORD-1001',
		});
		expect(body.data.notification.notification_created).toMatch(/\+01:00$/);
		expect(body.data.order.order_reference).toBe('ORD-1001');
	});

	test('without webhook_payload only the notification is sent', async () => {
		await createWebhook({
			webhook_events: ['PRODUCT_UPDATE'],
			webhook_url: hookUrl,
			webhook_payload: false,
		});
		emulator.notify('PRODUCT_UPDATE', '1001');
		await emulator.deliverer.settled();
		expect(Object.keys(JSON.parse(received[0].body).data)).toEqual(['kind', 'notification']);
	});

	test('failed deliveries are retried with backoff until a 200, at least once', async () => {
		failuresLeft = 2;
		await createWebhook({ webhook_events: ['ORDER_CREATE'], webhook_url: hookUrl });
		const { notificationId } = emulator.notify('ORDER_CREATE', 'ORD-1001');
		await emulator.deliverer.settled();
		expect(emulator.deliverer.log.map((d) => [d.attempt, d.status])).toEqual([
			[1, 503],
			[2, 503],
			[3, 200],
		]);
		expect(
			new Set(received.map((r) => JSON.parse(r.body).data.notification.notification_id)),
		).toEqual(new Set([notificationId]));
	});

	test('duplicates can be requested: the same notification id arrives twice', async () => {
		await createWebhook({ webhook_events: ['ORDER_CREATE'], webhook_url: hookUrl });
		await axios.post(`${emulator.url}/__emulator/notify`, {
			event: 'ORDER_CREATE',
			itemId: 'ORD-1',
			copies: 2,
		});
		await emulator.deliverer.settled();
		const ids = received.map((r) => JSON.parse(r.body).data.notification.notification_id);
		expect(ids).toHaveLength(2);
		expect(ids[0]).toBe(ids[1]);
	});

	test('webhooks created through an API version before 3.4 get the legacy form field data=<json>', async () => {
		const legacy = axios.create({
			baseURL: base.replace('v3.8', 'v3.3'),
			headers: api.defaults.headers.common as never,
		});
		await legacy.post('/webhooks', {
			data: { webhook: { webhook_events: ['ORDER_CREATE'], webhook_url: hookUrl } },
		});
		emulator.notify('ORDER_CREATE', 'ORD-1001');
		await emulator.deliverer.settled();
		expect(received[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
		const data = new URLSearchParams(received[0].body).get('data');
		expect(JSON.parse(data!).data.notification.notification_event).toBe('ORDER_CREATE');
	});

	test('a disabled webhook stays listed as DISABLED and receives nothing, retries included', async () => {
		failuresLeft = 1;
		const created = await createWebhook({ webhook_events: ['ORDER_CREATE'], webhook_url: hookUrl });
		const webhookId = created.data.data.webhook.webhook_id as string;
		emulator.notify('ORDER_CREATE', 'ORD-1001'); // first attempt fails; the retry is pending
		await new Promise((resolve) => setTimeout(resolve, 2));
		const disabled = await axios.post(`${emulator.url}/__emulator/webhooks/disable`, { webhookId });
		expect(disabled.status).toBe(204);
		emulator.notify('ORDER_CREATE', 'ORD-1002');
		await emulator.deliverer.settled();
		expect(received).toHaveLength(1);
		const listed = await api.get('/webhooks', { params: { webhook_id: webhookId } });
		expect(listed.data.data.items[0].webhook_status).toBe('DISABLED');
		const unknown = await axios.post(
			`${emulator.url}/__emulator/webhooks/disable`,
			{ webhookId: 'nope' },
			{ validateStatus: () => true },
		);
		expect(unknown.status).toBe(404);
	});

	test('listing notifications is answered as not available (announced as upcoming)', async () => {
		const response = await api.get('/notifications');
		expect(response.status).toBe(501);
		expect(response.data.error).toBe('NOT_IMPLEMENTED');
	});

	test('an invalid sample request names the fields', async () => {
		const response = await api.post('/notifications', { data: { notification: {} } });
		expect(response.status).toBe(400);
		expect(response.data.errors).toHaveLength(2);
	});
});

describe('orders, products, payments', () => {
	const change = (request: Record<string, unknown>) =>
		axios.post(`${emulator.url}/__emulator/changes`, request, { validateStatus: () => true });
	const minutesAgo = (minutes: number) => timestamp(new Date(Date.now() - minutes * 60_000));

	test('serve consistent sample data', async () => {
		const order = (await api.get('/orders/ORD-1001')).data.data.order;
		const paymentId = order.order_payments[0].payment_id;
		const payments = (await api.get('/payments', { params: { payment_id: paymentId } })).data.data
			.items;
		expect(payments).toEqual([
			expect.objectContaining({ payment_id: paymentId, payment_order_reference: 'ORD-1001' }),
		]);
		const byOrder = (await api.get('/payments', { params: { order_reference: 'ORD-1002' } })).data
			.data.items;
		expect(byOrder).toEqual([expect.objectContaining({ payment_order_reference: 'ORD-1002' })]);
		const product = (await api.get(`/products/${order.order_bookings[0].product_id}`)).data.data
			.product;
		expect(product.product_title).toBe(order.order_bookings[0].product_title);
		const missing = await api.get('/orders/NOPE');
		expect(missing.status).toBe(404);
		expect(missing.data).toMatchObject({
			error: 'NOT_FOUND',
			error_message: 'Order NOPE does not exist.',
		});
	});

	test('the order list pages with the envelope, newest first by default', async () => {
		for (let n = 0; n < 7; n++)
			await change({ kind: 'order', action: 'create', id: `ORD-P${n}`, at: minutesAgo(30 - n) });
		const first = (await api.get('/orders', { params: { items_per_page: 5 } })).data;
		expect(first.data).toMatchObject({
			kind: 'order',
			current_item_count: 5,
			items_per_page: 5,
			total_items: 12,
			total_pages: 3,
			page_index: 1,
		});
		expect(first.data.items[0].order_reference).toBe('ORD-P6');
		const third = (await api.get('/orders', { params: { items_per_page: 5, page: 3 } })).data.data;
		expect(third.items.map((o: { order_reference: string }) => o.order_reference)).toEqual([
			'ORD-1002',
			'ORD-1001',
		]);
		const ascending = (
			await api.get('/orders', { params: { order_sort_order: 'ASC', items_per_page: 200 } })
		).data.data.items;
		expect(ascending[0].order_reference).toBe('ORD-1001');
		expect((await api.get('/orders', { params: { items_per_page: 201 } })).status).toBe(400);
	});

	test('order filters: status, modified after (new included), product, booking, created range', async () => {
		await change({ kind: 'order', action: 'update', id: 'ORD-1002', at: minutesAgo(5) });
		await change({ kind: 'order', action: 'cancel', id: 'ORD-1003', at: minutesAgo(4) });
		await change({
			kind: 'order',
			action: 'create',
			id: 'ORD-NEW',
			at: minutesAgo(3),
			productId: '1003',
		});
		const refs = async (params: Record<string, unknown>) =>
			(
				await api.get('/orders', { params: { items_per_page: 200, ...params } })
			).data.data.items.map((o: { order_reference: string }) => o.order_reference);
		expect(await refs({ order_modified: minutesAgo(10) })).toEqual([
			'ORD-NEW',
			'ORD-1003',
			'ORD-1002',
		]);
		expect(await refs({ order_status: 'ORDER_CANCELLED' })).toEqual(['ORD-1003']);
		expect(await refs({ order_status: ['ORDER_CANCELLED', 'ORDER_UPDATED'] })).toEqual([
			'ORD-1003',
			'ORD-1002',
		]);
		expect(await refs({ order_status: 'ORDER_CANCELLED,ORDER_UPDATED' })).toEqual([
			'ORD-1003',
			'ORD-1002',
		]);
		expect(await refs({ product_id: '1003', order_created_from: minutesAgo(10) })).toEqual([
			'ORD-NEW',
		]);
		expect(await refs({ booking_reference: 'BKG-ORD1004-1' })).toEqual(['ORD-1004']);
		expect(await refs({ order_reference: 'ORD-1005' })).toEqual(['ORD-1005']);
		expect(await refs({ order_created_to: minutesAgo(30) })).toHaveLength(5);
		expect(
			await refs({
				order_sort_by: 'ORDER_MODIFIED',
				order_modified: minutesAgo(10),
				order_sort_order: 'ASC',
			}),
		).toEqual(['ORD-1002', 'ORD-1003', 'ORD-NEW']);
	});

	test('dates need an offset: a trailing Z or a bad status is INVALID_REQUEST naming the field', async () => {
		const response = await api.get('/orders', {
			params: { order_modified: '2026-11-28T09:00:00Z', order_status: 'DONE' },
		});
		expect(response.status).toBe(400);
		expect(response.data.errors).toEqual([
			'order_status must be one of ORDER_CONFIRMED, ORDER_UPDATED, ORDER_CANCELLED, ORDER_REVIEW, ORDER_PENDING.',
			expect.stringContaining('order_modified must be an RFC 3339 date-time with an offset'),
		]);
	});

	test('an update adds a revision readable by order_version; a cached read can lag when a test asks for it', async () => {
		const updated = (
			await change({
				kind: 'order',
				action: 'update',
				id: 'ORD-1001',
				fields: { order_status: 'ORDER_REVIEW' },
			})
		).data.order;
		expect(updated).toMatchObject({ order_version: 2, order_status: 'ORDER_REVIEW' });
		expect(
			(await api.get('/orders/ORD-1001', { params: { order_version: 1 } })).data.data.order
				.order_status,
		).toBe('ORDER_CONFIRMED');
		await axios.post(`${emulator.url}/__emulator/cache`, { orderCacheMs: 60_000 });
		await change({ kind: 'order', action: 'update', id: 'ORD-1001' });
		expect((await api.get('/orders/ORD-1001')).data.data.order.order_version).toBe(2);
		expect(
			(await api.get('/orders/ORD-1001', { params: { cache: false } })).data.data.order
				.order_version,
		).toBe(3);
	});

	test('If-Modified-Since: 304 without a body until the collection changes', async () => {
		const first = await api.get('/orders');
		const lastModified = first.headers['last-modified'];
		expect(lastModified).toMatch(/GMT$/);
		const unchanged = await api.get('/orders', { headers: { 'If-Modified-Since': lastModified } });
		expect(unchanged.status).toBe(304);
		expect(unchanged.data).toBe('');
		await change({
			kind: 'order',
			action: 'update',
			id: 'ORD-1001',
			at: timestamp(new Date(Date.now() + 2000)),
		});
		expect(
			(await api.get('/orders', { headers: { 'If-Modified-Since': lastModified } })).status,
		).toBe(200);
		const products = await api.get('/products');
		expect(
			(
				await api.get('/products', {
					headers: { 'If-Modified-Since': products.headers['last-modified'] },
				})
			).status,
		).toBe(304);
	});

	test('products: modified after, deleted ones gone from list and details', async () => {
		await change({
			kind: 'product',
			action: 'update',
			id: '1002',
			at: minutesAgo(2),
			fields: { product_title: 'Museum Pass Plus' },
		});
		await change({ kind: 'product', action: 'create', id: '2101', at: minutesAgo(1) });
		await change({ kind: 'product', action: 'delete', id: '1003' });
		const list = (await api.get('/products', { params: { product_modified: minutesAgo(5) } })).data
			.data;
		expect(list.items.map((p: { product_id: string }) => p.product_id)).toEqual(['2101', '1002']);
		expect(list.items[1]).toMatchObject({ product_title: 'Museum Pass Plus', product_version: 2 });
		expect(
			(await api.get('/products', { params: { items_per_page: 200 } })).data.data.total_items,
		).toBe(6);
		expect((await api.get('/products/1003')).status).toBe(404);
		expect(
			(
				await api.get('/products', {
					params: { product_id: ['1001', '2101'], product_sort_order: 'ASC' },
				})
			).data.data.items.map((p: { product_id: string }) => p.product_id),
		).toEqual(['1001', '2101']);
	});

	test('a change can notify, and a conflicting change is 409', async () => {
		expect((await change({ kind: 'order', action: 'create', id: 'ORD-1001' })).status).toBe(409);
		expect((await change({ kind: 'order', action: 'update', id: 'ORD-NONE' })).status).toBe(409);
		expect((await change({ kind: 'order', action: 'delete', id: 'ORD-1001' })).status).toBe(400);
		const created = (await change({ kind: 'order', action: 'create', notify: true })).data;
		expect(created).toMatchObject({
			event: 'ORDER_CREATE',
			order: { order_status: 'ORDER_CONFIRMED' },
		});
		expect(created.notificationId).toEqual(expect.any(String));
	});

	test('voucher: JSON with a download url serving a real PDF; PDF directly on Accept; cancelled or unknown fail', async () => {
		const voucher = await api.get('/orders/ORD-1001/voucher', {
			params: { voucher_additional_information: 'Gate B' },
		});
		expect(voucher.status).toBe(200);
		expect(voucher.data.data).toMatchObject({
			kind: 'voucher',
			order_reference: 'ORD-1001',
			booking_references: ['BKG-ORD1001-1'],
		});
		const pdf = await axios.get(voucher.data.url, { responseType: 'arraybuffer' });
		expect(pdf.headers['content-type']).toBe('application/pdf');
		const text = Buffer.from(pdf.data).toString('latin1');
		expect(text.startsWith('%PDF-1.4')).toBe(true);
		expect(text).toContain('(Order ORD-1001) Tj');
		expect(text).toContain('(Gate B) Tj');
		// The xref offsets point at the objects: a PDF reader can open it.
		const xref = Number(/startxref\n(\d+)/.exec(text)![1]);
		expect(text.slice(xref, xref + 4)).toBe('xref');
		const direct = await api.get('/orders/ORD-1002/voucher', {
			headers: { Accept: 'application/pdf' },
			responseType: 'arraybuffer',
		});
		expect(Buffer.from(direct.data).subarray(0, 5).toString()).toBe('%PDF-');
		expect(
			(await api.get('/orders/ORD-1001/voucher', { params: { booking_reference: 'BKG-X' } }))
				.status,
		).toBe(404);
		expect((await api.get('/orders/NOPE/voucher')).data.error_message).toBe(
			'Order NOPE does not exist.',
		);
		await change({ kind: 'order', action: 'cancel', id: 'ORD-1003' });
		expect((await api.get('/orders/ORD-1003/voucher')).status).toBe(422);
		expect(
			(
				await axios.get(`${emulator.url}/downloads/vouchers/unknown.pdf`, {
					validateStatus: () => true,
				})
			).status,
		).toBe(404);
	});

	test('reset restores the seed data', async () => {
		await change({ kind: 'product', action: 'delete', id: '1001' });
		await change({ kind: 'order', action: 'create', id: 'ORD-EXTRA' });
		emulator.reset();
		expect(emulator.catalogue.products.has('1001')).toBe(true);
		expect([...emulator.catalogue.orders.keys()]).toEqual([
			'ORD-1001',
			'ORD-1002',
			'ORD-1003',
			'ORD-1004',
			'ORD-1005',
		]);
	});
});

describe('faults and robustness', () => {
	test('injected faults answer the given status a given number of times, with Retry-After', async () => {
		await axios.post(`${emulator.url}/__emulator/faults`, {
			status: 429,
			count: 1,
			path: '/webhooks',
			retryAfter: 2,
		});
		const first = await api.get('/webhooks');
		expect(first.status).toBe(429);
		expect(first.headers['retry-after']).toBe('2');
		expect((await api.get('/webhooks')).status).toBe(200);
	});

	test('an "after" fault carries the call out and still answers the error', async () => {
		await axios.post(`${emulator.url}/__emulator/faults`, {
			status: 500,
			count: 1,
			method: 'POST',
			path: '/webhooks',
			after: true,
		});
		const response = await createWebhook({
			webhook_events: ['ORDER_CREATE'],
			webhook_url: 'https://example.com/a',
		});
		expect(response.status).toBe(500);
		expect(emulator.webhooks.size).toBe(1);
	});

	test('tokens can be made to expire after a number of calls', async () => {
		await axios.post(`${emulator.url}/__emulator/tokens/expire`, { afterCalls: 2 });
		expect([
			(await api.get('/webhooks')).status,
			(await api.get('/webhooks')).status,
			(await api.get('/webhooks')).status,
		]).toEqual([200, 200, 401]);
	});

	test('garbage never crashes it', async () => {
		const responses = await Promise.all([
			api.post('/webhooks', 'null', { headers: { 'Content-Type': 'application/json' } }),
			api.post('/webhooks', '[1,2]', { headers: { 'Content-Type': 'application/json' } }),
			api.post('/webhooks', { data: { webhook: 'x' } }),
			api.put('/webhooks'),
			api.get('/nowhere'),
			axios.get(`${emulator.url}/not-the-api`, { validateStatus: () => true }),
			api.post('/webhooks', 'x'.repeat(2 * 1024 * 1024), {
				headers: { 'Content-Type': 'application/json' },
			}),
		]);
		expect(responses.map((r) => r.status)).toEqual([400, 400, 400, 405, 404, 404, 413]);
		expect((await api.get('/webhooks')).status).toBe(200);
	});
});

describe('delivery concurrency', () => {
	// A receiver that holds requests until `waitFor` are open at once (or none more arrives for a
	// second), then answers them all, 503 to the very first: how many are open at once? Holding,
	// rather than answering after a fixed delay, keeps the count independent of the machine's speed.
	const measure = async (concurrency: number | undefined, waitFor: number) => {
		let peak = 0;
		let failFirst = true;
		let held: ServerResponse[] = [];
		let timer: NodeJS.Timeout | undefined;
		const release = () => {
			clearTimeout(timer);
			const batch = held;
			held = [];
			for (const res of batch) {
				res.writeHead(failFirst ? 503 : 200).end();
				failFirst = false;
			}
		};
		const receiver = createServer((req, res) => {
			req.resume();
			held.push(res);
			peak = Math.max(peak, held.length);
			clearTimeout(timer);
			if (held.length >= waitFor) release();
			else timer = setTimeout(release, 1000);
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
		const deliverer = new Deliverer({ attempts: 2, retryBaseMs: 5, timeoutMs: 5000, concurrency });
		const body = (id: string) => ({
			data: { notification: { notification_id: id, notification_event: 'ORDER_CREATE' } },
		});
		for (let i = 0; i < 20; i++)
			deliverer.send({ webhookId: 'w', url, version: '3.8' }, body(`n${i}`));
		await deliverer.settled();
		receiver.close();
		return {
			peak,
			delivered: new Set(deliverer.log.filter((d) => d.status === 200).map((d) => d.notificationId))
				.size,
			attempts: deliverer.log.length,
		};
	};

	test('at most `concurrency` requests are open at once, retries included; none is lost', async () => {
		expect(await measure(3, 3)).toEqual({ peak: 3, delivered: 20, attempts: 21 });
	});

	test('unlimited by default', async () => {
		expect((await measure(undefined, 20)).peak).toBe(20);
	});
});
