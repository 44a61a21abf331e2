/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// The emulator's API contract: what every other test relies on it to do like Prioticket.
import axios, { type AxiosInstance } from 'axios';
import { createServer, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import { Deliverer } from './deliverer';
import { addDays, localToday, timestamp } from './data';
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

describe('selling: availability, reservations, orders, cancellations', () => {
	let receiver: Server;
	let hookUrl: string;
	const events: string[] = [];

	beforeAll(async () => {
		receiver = createServer((req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				const notification = JSON.parse(body).data.notification;
				events.push(`${notification.notification_event} ${notification.notification_item_id}`);
				res.writeHead(200).end();
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
	});
	afterAll(() => receiver.close());
	beforeEach(() => (events.length = 0));

	const control = (path: string, body: Record<string, unknown>) =>
		axios.post(`${emulator.url}/__emulator${path}`, body, { validateStatus: () => true });
	/** A local Amsterdam date `days` ahead that is no Monday (the concert is closed on Mondays). */
	const day = (days: number) => {
		let date = addDays(localToday(Date.now()), days);
		while (new Date(`${date}T00:00:00Z`).getUTCDay() === 1) date = addDays(date, 1);
		return date;
	};
	const slot = (product: string, date: string, time: string) =>
		`${product}-${date.replace(/-/g, '')}-${time}`;
	const cruise = slot('2001', day(2), '1000');
	const concert = slot('2003', day(2), '2000');
	const item = (
		productId: string,
		availability: string | undefined,
		types: Array<[string, number]>,
	) => ({
		product_id: productId,
		...(availability ? { product_availability_id: availability } : {}),
		product_type_details: types.map(([id, count]) => ({
			product_type_id: id,
			product_type_count: count,
		})),
	});
	const reserve = (external: string, details: unknown[]) =>
		api.post('/reservations', {
			data: {
				reservation: {
					reservation_distributor_id: '501',
					reservation_external_reference: external,
					reservation_details: details,
				},
			},
		});
	const order = (external: string, bookings: unknown[], extra: Record<string, unknown> = {}) =>
		api.post('/orders', {
			data: {
				order: {
					order_distributor_id: '501',
					order_external_reference: external,
					order_language: 'en',
					order_settlement_type: 'EXTERNAL',
					order_contacts: [{ contact_email: 'guest@example.com', contact_name_first: 'Sam' }],
					order_options: {
						email_options: { email_types: { send_tickets: false, send_receipt: false } },
					},
					order_bookings: bookings,
					...extra,
				},
			},
		});
	const spots = async (availabilityId: string) => {
		const [product, date] = availabilityId.split('-');
		const from = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
		const items = (
			await api.get(`/products/${product}/availability`, {
				params: { from_date: from, items_per_page: 200 },
			})
		).data.data.items as Array<{
			availability_id: string;
			availability_spots: Record<string, number>;
		}>;
		return items.find((i) => i.availability_id === availabilityId)?.availability_spots;
	};
	const subscribe = () =>
		createWebhook({
			webhook_events: ['ORDER_CREATE', 'ORDER_UPDATE', 'ORDER_CANCEL', 'VOUCHER_RELEASE'],
			webhook_url: hookUrl,
		});

	test('bookable products carry product types with decimal prices, supplier, dates and booking flags', async () => {
		const product = (await api.get('/products/2001')).data.data.product;
		expect(product).toMatchObject({
			product_title: 'Canal Cruise',
			product_supplier_id: 'SUP-301',
			product_supplier_name: 'Amsterdam Canal Lines',
			product_availability: true,
			product_capacity: true,
			product_traveldate_required: false,
			product_cancellation_allowed: true,
			product_currency_code: 'EUR',
		});
		expect(product.product_start_date).toMatch(/T00:00:00\+0[12]:00$/);
		expect(product.product_end_date).toMatch(/T23:59:00\+0[12]:00$/);
		expect(
			product.product_type_seasons[0].product_type_season_details.map(
				(d: Record<string, unknown>) => [
					d.product_type_id,
					d.product_type,
					(d.product_type_pricing as Record<string, string>).product_type_sales_price,
				],
			),
		).toEqual([
			['20011', 'ADULT', '25.00'],
			['20012', 'CHILD', '12.50'],
		]);
		expect((await api.get('/products/2002')).data.data.product).toMatchObject({
			product_availability: false,
			product_traveldate_required: true,
		});
		expect((await api.get('/products/2003')).data.data.product).toMatchObject({
			product_cancellation_allowed: false,
		});
	});

	test('availability: slots in Amsterdam time with the DST offset, spots, prices, paging, one call each', async () => {
		const date = day(2);
		const response = await api.get('/products/2001/availability', { params: { from_date: date } });
		expect(response.status).toBe(200);
		expect(response.data.data).toMatchObject({ kind: 'availability', total_items: 3 });
		const [first] = response.data.data.items;
		const offset = /[+-]\d\d:\d\d$/.exec(first.availability_from_date_time)![0];
		expect(first).toEqual({
			availability_id: slot('2001', date, '1000'),
			availability_product_id: '2001',
			availability_from_date_time: `${date}T10:00:00${offset}`,
			availability_to_date_time: `${date}T11:00:00${offset}`,
			availability_active: true,
			availability_capacity_id: 'CAP-2001',
			availability_admission_type: 'TIME_POINT',
			availability_spots: {
				availability_spots_total: 20,
				availability_spots_reserved: 0,
				availability_spots_booked: 0,
				availability_spots_open: 20,
			},
			availability_pricing: [
				expect.objectContaining({
					availability_pricing_product_type_id: '20011',
					availability_pricing_price: '25.00',
				}),
				expect.objectContaining({
					availability_pricing_product_type_id: '20012',
					availability_pricing_price: '12.50',
				}),
			],
		});
		// Summer time starts on the last Sunday of March: the offset changes from +01:00 to +02:00.
		const year = Number(localToday(Date.now()).slice(0, 4)) + 1;
		const march31 = new Date(Date.UTC(year, 2, 31));
		const switchDay = `${year}-03-${String(31 - march31.getUTCDay()).padStart(2, '0')}`;
		const around = (
			await api.get('/products/2001/availability', {
				params: {
					from_date: addDays(switchDay, -1),
					to_date: switchDay,
					items_per_page: 1,
					page: 4,
				},
			})
		).data.data;
		expect(around).toMatchObject({ total_items: 6, total_pages: 6 });
		expect(around.items[0].availability_from_date_time).toBe(`${switchDay}T10:00:00+02:00`);
		const before = (
			await api.get('/products/2001/availability', {
				params: { from_date: addDays(switchDay, -1) },
			})
		).data.data.items[0];
		expect(before.availability_from_date_time).toBe(`${addDays(switchDay, -1)}T10:00:00+01:00`);
		// Travel-date products list one item per day, without spots (unlimited).
		const museum = (await api.get('/products/2002/availability', { params: { from_date: date } }))
			.data.data.items;
		expect(museum).toEqual([
			expect.objectContaining({
				availability_id: `2002-${date.replace(/-/g, '')}`,
				availability_admission_type: 'TIME_OPEN',
			}),
		]);
		expect(museum[0].availability_spots).toBeUndefined();
		expect(emulator.countRequests('GET', '/availability')).toBe(4);
	});

	test('availability: from_date required as a date, at most 90 days a call, unknown product 404', async () => {
		const bad = async (params: Record<string, unknown>) =>
			(await api.get('/products/2001/availability', { params })).data;
		expect((await bad({})).errors).toEqual(['from_date is required: a date, e.g. 2026-12-05.']);
		expect((await bad({ from_date: `${day(2)}T10:00:00+01:00` })).error).toBe('INVALID_REQUEST');
		expect((await bad({ from_date: `${day(2)}T10:00:00+01:00` })).errors[0]).toMatch(
			/^from_date must be a date/,
		);
		const from = day(2);
		expect((await bad({ from_date: from, to_date: addDays(from, 90) })).errors[0]).toMatch(
			/spans 91 days: at most 90 days per call/,
		);
		const ninety = await api.get('/products/2001/availability', {
			params: { from_date: from, to_date: addDays(from, 89), items_per_page: 200 },
		});
		expect(ninety.status).toBe(200);
		expect(ninety.data.data.total_items).toBe(270);
		expect(ninety.data.data.total_pages).toBe(2);
		expect((await bad({ from_date: addDays(from, 1), to_date: from })).errors).toEqual([
			'to_date must not be before from_date.',
		]);
		const missing = await api.get('/products/9999/availability', { params: { from_date: from } });
		expect(missing.status).toBe(404);
		expect(missing.data.error_message).toBe('Product 9999 does not exist.');
	});

	test('availability: no slots in the past, by the emulator clock; closed slots only with include_disabled', async () => {
		const today = localToday(Date.now());
		const listed = async (params: Record<string, unknown>) =>
			(await api.get('/products/2001/availability', { params: { items_per_page: 200, ...params } }))
				.data.data.items.length;
		expect(await listed({ from_date: addDays(today, -3), to_date: addDays(today, -1) })).toBe(0);
		expect(await listed({ from_date: addDays(today, 1) })).toBe(3);
		const clock = await control('/clock', { advanceMs: 2 * 86_400_000 });
		expect(clock.status).toBe(200);
		expect(await listed({ from_date: addDays(today, 1) })).toBe(0);
		// The concert is closed on Mondays: listed inactive only when asked.
		let monday = addDays(today, 3);
		while (new Date(`${monday}T00:00:00Z`).getUTCDay() !== 1) monday = addDays(monday, 1);
		const concerts = async (params: Record<string, unknown>) =>
			(await api.get('/products/2003/availability', { params: { from_date: monday, ...params } }))
				.data.data.items;
		expect(await concerts({})).toEqual([]);
		expect((await concerts({ include_disabled: true }))[0].availability_active).toBe(false);
	});

	test('a reservation holds spots until cancelled; the answer has references, validity and decimal prices', async () => {
		const created = await reserve('CART-1', [
			{
				...item('2001', cruise, [
					['20011', 2],
					['20012', 1],
				]),
				booking_external_reference: 'LINE-1',
				booking_language: 'en',
			},
		]);
		expect(created.status).toBe(201);
		const reservation = created.data.data.reservation;
		expect(created.data.data.kind).toBe('reservation');
		expect(reservation).toMatchObject({
			reservation_external_reference: 'CART-1',
			reservation_status: 'RESERVATION_ACTIVE',
			reservation_pricing: {
				price_subtotal: '62.50',
				price_total: '62.50',
				price_currency_code: 'EUR',
			},
		});
		expect(reservation.reservation_reference.length).toBeGreaterThanOrEqual(8);
		const validFor = Date.parse(reservation.reservation_valid_until) - Date.now();
		expect(validFor).toBeGreaterThan(14 * 60_000);
		expect(validFor).toBeLessThanOrEqual(15 * 60_000);
		expect(reservation.reservation_details[0]).toMatchObject({
			booking_reservation_reference: `${reservation.reservation_reference}-1`,
			booking_status: 'BOOKING_RESERVED',
			booking_external_reference: 'LINE-1',
			product_availability_id: cruise,
			product_cancellation_allowed: true,
			booking_pricing: { price_total: '62.50' },
		});
		expect(await spots(cruise)).toMatchObject({
			availability_spots_reserved: 3,
			availability_spots_open: 17,
		});
		const cancelled = await api.delete(`/reservations/${reservation.reservation_reference}`, {
			params: { cancellation_reason: 'guest left' },
		});
		expect(cancelled.status).toBe(200);
		expect(cancelled.data.data.reservation).toMatchObject({
			reservation_status: 'RESERVATION_CANCELLED',
			reservation_details: [
				{
					booking_status: 'BOOKING_RESERVATION_CANCELLED',
					booking_cancellation_reason: 'guest left',
				},
			],
		});
		expect(await spots(cruise)).toMatchObject({
			availability_spots_reserved: 0,
			availability_spots_open: 20,
		});
		expect((await api.get('/reservations/RES-NONE')).status).toBe(404);
	});

	test('holds expire by the emulator clock: readable afterwards, spots free, confirming refused', async () => {
		const reservation = (await reserve('CART-2', [item('2003', concert, [['20031', 2]])])).data.data
			.reservation;
		expect(await spots(concert)).toMatchObject({ availability_spots_open: 0 });
		const refused = await reserve('CART-3', [item('2003', concert, [['20031', 1]])]);
		expect(refused.status).toBe(409);
		expect(refused.data.error).toBe('NO_AVAILABILITY');
		await control('/clock', { advanceMs: 15 * 60_000 });
		const expired = (await api.get(`/reservations/${reservation.reservation_reference}`)).data.data
			.reservation;
		expect(expired).toMatchObject({
			reservation_status: 'RESERVATION_EXPIRED',
			reservation_details: [{ booking_status: 'BOOKING_RESERVATION_EXPIRED' }],
		});
		expect(await spots(concert)).toMatchObject({
			availability_spots_reserved: 0,
			availability_spots_open: 2,
		});
		const confirm = await order('ORDER-EXPIRED', [
			{
				booking_option_type: 'CONFIRM_RESERVATION',
				reservation_reference: reservation.reservation_reference,
			},
		]);
		expect(confirm.status).toBe(422);
		expect(confirm.data.error).toBe('RESERVATION_EXPIRED');
		// The hold length is configurable.
		await control('/holds', { holdMs: 1000 });
		const short = (await reserve('CART-4', [item('2003', concert, [['20031', 1]])])).data.data
			.reservation;
		expect(Date.parse(short.reservation_valid_until) - emulator.now()).toBeLessThanOrEqual(1000);
	});

	test('the same external reference replays the first answer: one reservation, one hold; one order', async () => {
		const first = await reserve('CART-R', [item('2001', cruise, [['20011', 4]])]);
		const again = await reserve('CART-R', [item('2001', cruise, [['20011', 9]])]);
		expect(again.status).toBe(201);
		expect(again.data).toEqual(first.data);
		expect(emulator.reservations.size).toBe(1);
		expect(await spots(cruise)).toMatchObject({ availability_spots_reserved: 4 });
		const placed = await order('ORDER-R', [item('2001', cruise, [['20012', 1]])]);
		const retried = await order('ORDER-R', [item('2001', cruise, [['20012', 1]])]);
		expect(retried.status).toBe(201);
		expect(retried.data.data.order.order_reference).toBe(placed.data.data.order.order_reference);
		const listed = await api.get('/orders', { params: { order_external_reference: 'ORDER-R' } });
		expect(listed.data.data.total_items).toBe(1);
		expect(await spots(cruise)).toMatchObject({ availability_spots_booked: 1 });
	});

	test('update adds items without a reference and replaces those with one (quantity overwritten); partial delete', async () => {
		const reservation = (await reserve('CART-U', [item('2001', cruise, [['20011', 2]])])).data.data
			.reservation;
		const ref = reservation.reservation_reference;
		const updated = await api.put(`/reservations/${ref}`, {
			data: {
				reservation: {
					reservation_details: [
						{ ...item('2001', cruise, [['20011', 5]]), booking_reservation_reference: `${ref}-1` },
						{
							...item('2002', undefined, [['20021', 1]]),
							booking_travel_date: day(3),
							booking_reservation_reference: '',
						},
					],
				},
			},
		});
		expect(updated.status).toBe(200);
		const details = updated.data.data.reservation.reservation_details;
		expect(details.map((d: Record<string, unknown>) => d.booking_reservation_reference)).toEqual([
			`${ref}-1`,
			`${ref}-2`,
		]);
		expect(details[0].product_type_details[0].product_type_count).toBe(5);
		expect(details[1].booking_travel_date).toMatch(new RegExp(`^${day(3)}T00:00:00\\+0[12]:00$`));
		expect(await spots(cruise)).toMatchObject({ availability_spots_reserved: 5 });
		const removed = await api.delete(`/reservations/${ref}`, {
			params: { 'booking_reservation_reference[]': `${ref}-1` },
		});
		expect(removed.data.data.reservation).toMatchObject({
			reservation_status: 'RESERVATION_ACTIVE',
			reservation_pricing: { price_total: '22.50' },
		});
		expect(await spots(cruise)).toMatchObject({ availability_spots_reserved: 0 });
		const unknown = await api.put(`/reservations/${ref}`, {
			data: {
				reservation: {
					reservation_details: [
						{ ...item('2001', cruise, [['20011', 1]]), booking_reservation_reference: 'X-9' },
					],
				},
			},
		});
		expect(unknown.status).toBe(400);
		expect(unknown.data.errors[0]).toMatch(/X-9 is not an item of reservation/);
	});

	test('confirming a reservation turns its holds into bookings, stored and served like any order, with ORDER_CREATE', async () => {
		await subscribe();
		const reservation = (
			await reserve('CART-C', [
				item('2001', cruise, [
					['20011', 2],
					['20012', 1],
				]),
			])
		).data.data.reservation;
		const created = await order('ORDER-C', [
			{
				booking_option_type: 'CONFIRM_RESERVATION',
				reservation_reference: reservation.reservation_reference,
			},
		]);
		expect(created.status).toBe(201);
		const placed = created.data.data.order;
		expect(placed).toMatchObject({
			order_external_reference: 'ORDER-C',
			order_status: 'ORDER_CONFIRMED',
			order_version: 1,
			order_pricing: { price_subtotal: '62.50', price_total: '62.50', price_currency_code: 'EUR' },
			order_contacts: [{ contact_email: 'guest@example.com' }],
		});
		const [booking] = placed.order_bookings;
		expect(booking).toMatchObject({
			booking_status: 'BOOKING_CONFIRMED',
			booking_voucher_released: true,
			booking_reservation_reference: `${reservation.reservation_reference}-1`,
			product_id: '2001',
			product_availability_id: cruise,
			product_cancellation_allowed: true,
		});
		expect(booking.product_availability_from_date_time).toMatch(/T10:00:00\+0[12]:00$/);
		expect(booking.product_type_details).toHaveLength(3);
		expect(booking.product_type_details[0]).toMatchObject({
			product_type_id: '20011',
			product_type_count: 1,
			product_type_code: expect.stringMatching(/^\d+$/),
			product_type_transaction_id: expect.any(String),
			product_type_pricing: { price_total: '25.00' },
		});
		expect(await spots(cruise)).toMatchObject({
			availability_spots_reserved: 0,
			availability_spots_booked: 3,
		});
		expect(
			(await api.get(`/reservations/${reservation.reservation_reference}`)).data.data.reservation,
		).toMatchObject({
			reservation_status: 'RESERVATION_CONFIRMED',
			order_reference: placed.order_reference,
			reservation_details: [{ booking_status: 'BOOKING_CONFIRMED' }],
		});
		expect((await api.get(`/orders/${placed.order_reference}`)).data.data.order).toEqual(placed);
		expect(
			(await api.get('/orders', { params: { order_external_reference: 'ORDER-C' } })).data.data
				.items,
		).toEqual([placed]);
		expect((await api.get(`/orders/${placed.order_reference}/voucher`)).status).toBe(200);
		const twice = await order('ORDER-C2', [
			{
				booking_option_type: 'CONFIRM_RESERVATION',
				reservation_reference: reservation.reservation_reference,
			},
		]);
		expect(twice.status).toBe(422);
		await emulator.deliverer.settled();
		expect(events).toEqual([`ORDER_CREATE ${placed.order_reference}`]);
	});

	test('order rules: required fields, one CONFIRM_RESERVATION, never mixed, slot or travel date as the product needs', async () => {
		const errors = async (response: Promise<{ status: number; data: { errors: string[] } }>) => {
			const { status, data } = await response;
			expect(status).toBe(400);
			return data.errors;
		};
		expect(await errors(order('', [item('2001', cruise, [['20011', 1]])]))).toEqual([
			'data.order.order_external_reference is required.',
		]);
		expect(await errors(order('bad ref!', [item('2001', cruise, [['20011', 1]])]))).toEqual([
			expect.stringMatching(/order_external_reference must be 1–50 letters/),
		]);
		const confirm = { booking_option_type: 'CONFIRM_RESERVATION', reservation_reference: 'RES-1' };
		expect(await errors(order('O-1', [confirm, confirm]))).toContain(
			'data.order.order_bookings may hold only one CONFIRM_RESERVATION.',
		);
		expect(await errors(order('O-2', [confirm, item('2001', cruise, [['20011', 1]])]))).toEqual([
			'data.order.order_bookings: CONFIRM_RESERVATION and DIRECT_BOOKING cannot be mixed in one order.',
		]);
		expect(
			await errors(
				order('O-3', [
					item('2001', undefined, [['20011', 1]]),
					item('2002', undefined, [['20021', 0]]),
				]),
			),
		).toEqual([
			'data.order.order_bookings[0].product_availability_id is required: product 2001 has time slots (product_availability true).',
			'data.order.order_bookings[1].product_type_details[0].product_type_count must be an integer from 1 to 100.',
			'data.order.order_bookings[1].booking_travel_date is required: product 2002 needs a travel date (product_traveldate_required true).',
		]);
		expect(await errors(order('O-4', [item('2001', cruise, [['99', 1]])]))).toEqual([
			'data.order.order_bookings[0].product_type_details[0].product_type_id: 99 is not a product type of product 2001 (20011, 20012).',
		]);
		expect(
			await errors(
				order('O-5', [item('2001', cruise, [['20011', 1]])], { order_settlement_type: 'CASH' }),
			),
		).toEqual([
			'data.order.order_settlement_type must be one of DIRECT, VENUE, EXTERNAL, INVOICE.',
		]);
		const museum = await order('O-6', [
			{ ...item('2002', undefined, [['20021', 2]]), booking_travel_date: day(4) },
		]);
		expect(museum.status).toBe(201);
		expect(museum.data.data.order.order_bookings[0].booking_travel_date).toMatch(
			new RegExp(`^${day(4)}T00:00:00`),
		);
		expect(emulator.catalogue.orders.size).toBe(6);
	});

	test('any unavailable item fails the whole order, naming product and slot; nothing is booked', async () => {
		const response = await order('ORDER-X', [
			item('2001', cruise, [['20011', 2]]),
			item('2003', concert, [['20031', 3]]),
		]);
		expect(response.status).toBe(409);
		expect(response.data.error).toBe('NO_AVAILABILITY');
		expect(response.data.error_message).toMatch(
			new RegExp(
				`^No availability for Rooftop Concert \\(product 2003\\) at ${day(2)}T20:00:00\\+0[12]:00: 2 of 2 spots open, 3 requested\\.$`,
			),
		);
		expect(await spots(cruise)).toMatchObject({
			availability_spots_booked: 0,
			availability_spots_open: 20,
		});
		expect(emulator.catalogue.orders.size).toBe(5);
	});

	test('two orders racing for the last spot: one is booked, the other refused', async () => {
		expect((await order('FIRST', [item('2003', concert, [['20031', 1]])])).status).toBe(201);
		const [a, b] = await Promise.all([
			order('RACE-A', [item('2003', concert, [['20031', 1]])]),
			order('RACE-B', [item('2003', concert, [['20031', 1]])]),
		]);
		expect([a.status, b.status].sort()).toEqual([201, 409]);
		expect((a.status === 409 ? a : b).data.error).toBe('NO_AVAILABILITY');
		expect(await spots(concert)).toMatchObject({
			availability_spots_booked: 2,
			availability_spots_open: 0,
		});
	});

	test('cancel: a full cancel with a non-cancellable booking fails; partial cancels work, free spots and notify', async () => {
		await subscribe();
		const placed = (
			await order('ORDER-K', [
				item('2001', cruise, [['20011', 2]]),
				item('2003', concert, [['20031', 1]]),
			])
		).data.data.order;
		const ref = placed.order_reference;
		const [cruiseBooking, concertBooking] = placed.order_bookings.map(
			(b: { booking_reference: string }) => b.booking_reference,
		);
		const full = await api.delete(`/orders/${ref}`);
		expect(full.status).toBe(422);
		expect(full.data.error).toBe('CANCELLATION_NOT_ALLOWED');
		expect(full.data.error_message).toContain(
			`booking ${concertBooking} (Rooftop Concert) does not allow cancellation`,
		);
		const single = await api.delete(`/orders/${ref}`, {
			params: { booking_reference: concertBooking },
		});
		expect(single.status).toBe(422);
		const partial = await api.delete(`/orders/${ref}`, {
			params: {
				'booking_reference[]': cruiseBooking,
				cancellation_reason: 'weather',
				payment_refund: true,
			},
		});
		expect(partial.status).toBe(200);
		const updated = partial.data.data.order;
		expect(updated).toMatchObject({
			order_status: 'ORDER_UPDATED',
			order_version: 2,
			order_pricing: { price_total: '45.00' },
			order_bookings: [
				{ booking_status: 'BOOKING_CANCELLED', booking_cancellation_reason: 'weather' },
				{ booking_status: 'BOOKING_CONFIRMED' },
			],
		});
		expect(Date.parse(updated.order_modified)).toBeGreaterThanOrEqual(
			Date.parse(placed.order_modified),
		);
		expect(await spots(cruise)).toMatchObject({
			availability_spots_booked: 0,
			availability_spots_open: 20,
		});
		expect(
			(await api.get(`/orders/${ref}`, { params: { order_version: 1 } })).data.data.order
				.order_status,
		).toBe('ORDER_CONFIRMED');
		const other = (await order('ORDER-K2', [item('2001', cruise, [['20012', 2]])])).data.data.order;
		const cancelled = await api.delete(`/orders/${other.order_reference}`);
		expect(cancelled.data.data.order).toMatchObject({
			order_status: 'ORDER_CANCELLED',
			order_version: 2,
			order_pricing: { price_total: '0.00' },
			order_bookings: [{ booking_status: 'BOOKING_CANCELLED' }],
		});
		expect(
			(await api.delete(`/orders/${other.order_reference}`)).data.data.order.order_version,
		).toBe(2);
		expect(
			(await api.delete(`/orders/${ref}`, { params: { booking_reference: 'BKG-NONE' } })).status,
		).toBe(404);
		await emulator.deliverer.settled();
		expect(events).toEqual([
			`ORDER_CREATE ${ref}`,
			`ORDER_UPDATE ${ref}`,
			`ORDER_CREATE ${other.order_reference}`,
			`ORDER_CANCEL ${other.order_reference}`,
		]);
	});

	test('faults work on the new routes: an "after" 500 creates the order, the retry gets the same order', async () => {
		await control('/faults', {
			status: 500,
			count: 1,
			method: 'POST',
			path: '/orders',
			after: true,
		});
		const lost = await order('ORDER-F', [item('2001', cruise, [['20011', 1]])]);
		expect(lost.status).toBe(500);
		expect(emulator.catalogue.orders.size).toBe(6);
		const retry = await order('ORDER-F', [item('2001', cruise, [['20011', 1]])]);
		expect(retry.status).toBe(201);
		expect(emulator.catalogue.orders.size).toBe(6);
		expect(await spots(cruise)).toMatchObject({ availability_spots_booked: 1 });
		expect(emulator.countRequests('POST', '/orders')).toBe(2);
	});

	test('processing: the next order stays pending for N reads, then confirms with codes (ORDER_UPDATE)', async () => {
		await subscribe();
		expect((await control('/processing', { reads: 2 })).status).toBe(204);
		const placed = (await order('ORDER-P', [item('2001', cruise, [['20011', 1]])])).data.data.order;
		expect(placed).toMatchObject({
			order_status: 'ORDER_PENDING',
			order_bookings: [{ booking_status: 'BOOKING_PROCESSING', booking_voucher_released: false }],
		});
		expect(placed.order_bookings[0].product_type_details[0].product_type_code).toBeUndefined();
		const read = async () => (await api.get(`/orders/${placed.order_reference}`)).data.data.order;
		expect((await read()).order_status).toBe('ORDER_PENDING');
		expect((await read()).order_status).toBe('ORDER_PENDING');
		const done = await read();
		expect(done).toMatchObject({
			order_status: 'ORDER_CONFIRMED',
			order_version: 2,
			order_bookings: [{ booking_status: 'BOOKING_CONFIRMED', booking_voucher_released: true }],
		});
		expect(done.order_bookings[0].product_type_details[0].product_type_code).toMatch(/^\d+$/);
		const next = (await order('ORDER-P2', [item('2001', cruise, [['20011', 1]])])).data.data.order;
		expect(next.order_status).toBe('ORDER_CONFIRMED');
		await emulator.deliverer.settled();
		expect(events).toContain(`ORDER_UPDATE ${placed.order_reference}`);
	});

	test('vouchers released later: refused until released (or forced), VOUCHER_RELEASE sent', async () => {
		await subscribe();
		await control('/vouchers/hold', { orders: 1 });
		const placed = (await order('ORDER-V', [item('2001', cruise, [['20011', 1]])])).data.data.order;
		expect(placed.order_bookings[0].booking_voucher_released).toBe(false);
		const early = await api.get(`/orders/${placed.order_reference}/voucher`);
		expect(early.status).toBe(422);
		expect(early.data.error).toBe('VOUCHER_NOT_RELEASED');
		const released = await control('/vouchers/release', { orderReference: placed.order_reference });
		expect(released.status).toBe(200);
		expect(
			(await api.get(`/orders/${placed.order_reference}`)).data.data.order.order_bookings[0]
				.booking_voucher_released,
		).toBe(true);
		expect((await api.get(`/orders/${placed.order_reference}/voucher`)).status).toBe(200);
		await control('/vouchers/hold', { orders: 1 });
		const forced = (await order('ORDER-V2', [item('2001', cruise, [['20011', 1]])])).data.data
			.order;
		expect(
			(
				await api.get(`/orders/${forced.order_reference}/voucher`, {
					params: { force_release: true },
				})
			).status,
		).toBe(200);
		await emulator.deliverer.settled();
		expect(events.filter((e) => e.startsWith('VOUCHER_RELEASE'))).toEqual([
			`VOUCHER_RELEASE ${placed.order_reference}`,
			`VOUCHER_RELEASE ${forced.order_reference}`,
		]);
	});
});

describe('list quirks', () => {
	const quirks = (body: Record<string, unknown>) =>
		axios.post(`${emulator.url}/__emulator/quirks`, body);
	const change = (request: Record<string, unknown>) =>
		axios.post(`${emulator.url}/__emulator/changes`, request);
	const refs = async (params: Record<string, unknown> = {}) =>
		(await api.get('/orders', { params: { items_per_page: 200, ...params } })).data.data.items.map(
			(o: { order_reference: string; order_version: number }) =>
				`${o.order_reference}@${o.order_version}`,
		);

	test('listLate: a change shows in lists only that long after its modified time (the previous revision meanwhile)', async () => {
		await quirks({ listLate: 60_000 });
		await change({ kind: 'order', action: 'update', id: 'ORD-1002' });
		await change({ kind: 'order', action: 'create', id: 'ORD-LATE' });
		await change({ kind: 'product', action: 'create', id: '2201' });
		expect(await refs()).toEqual([
			'ORD-1005@1',
			'ORD-1004@1',
			'ORD-1003@1',
			'ORD-1002@1',
			'ORD-1001@1',
		]);
		expect((await api.get('/orders/ORD-LATE')).status).toBe(200);
		const products = (await api.get('/products', { params: { items_per_page: 200 } })).data.data
			.items;
		expect(products.map((p: { product_id: string }) => p.product_id)).not.toContain('2201');
		await quirks({ listLate: 0 });
		expect(await refs()).toContain('ORD-1002@2');
	});

	test('listLateIds: only the changes of those orders and products are late', async () => {
		await quirks({ listLate: 60_000, listLateIds: ['ORD-1002', '2201'] });
		await change({ kind: 'order', action: 'update', id: 'ORD-1002' });
		await change({ kind: 'order', action: 'update', id: 'ORD-1003' });
		await change({ kind: 'product', action: 'create', id: '2201' });
		await change({ kind: 'product', action: 'create', id: '2202' });
		const listed = await refs();
		expect(listed).toContain('ORD-1002@1');
		expect(listed).toContain('ORD-1003@2');
		const products = (await api.get('/products', { params: { items_per_page: 200 } })).data.data
			.items as Array<{ product_id: string }>;
		expect(products.map((p) => p.product_id)).toContain('2202');
		expect(products.map((p) => p.product_id)).not.toContain('2201');
	});

	test('voucherUrl: the voucher answer carries that text as its download url', async () => {
		await quirks({ voucherUrl: 'ftp://files.example.com/voucher.pdf' });
		expect((await api.get('/orders/ORD-1001/voucher')).data.url).toBe(
			'ftp://files.example.com/voucher.pdf',
		);
	});

	test('ignoreSort: lists come in store order whatever is asked', async () => {
		await quirks({ ignoreSort: true });
		const stored = ['ORD-1001@1', 'ORD-1002@1', 'ORD-1003@1', 'ORD-1004@1', 'ORD-1005@1'];
		expect(await refs()).toEqual(stored);
		expect(await refs({ order_sort_order: 'ASC', order_sort_by: 'ORDER_MODIFIED' })).toEqual(
			stored,
		);
		const products = (
			await api.get('/products', { params: { product_sort_by: 'PRODUCT_TITLE_Z_A' } })
		).data.data.items;
		expect(products[0].product_id).toBe('1001');
	});

	test('fractionalSeconds: list answers write created and modified with milliseconds; reset turns every quirk off', async () => {
		await quirks({ fractionalSeconds: true, ignoreSort: true, listLate: 5000 });
		const [first] = (await api.get('/orders')).data.data.items;
		expect(first.order_modified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+01:00$/);
		expect(first.order_created).toMatch(/\.\d{3}\+01:00$/);
		expect(Math.floor(Date.parse(first.order_modified) / 1000)).toBe(
			Date.parse(emulator.catalogue.orders.get(first.order_reference)!.order_modified as string) /
				1000,
		);
		expect((await api.get('/orders/ORD-1001')).data.data.order.order_modified).toMatch(
			/:\d\d\+01:00$/,
		);
		const [product] = (await api.get('/products')).data.data.items;
		expect(product.product_modified).toMatch(/\.\d{3}\+01:00$/);
		emulator.reset();
		expect(emulator.quirks).toEqual({
			ignoreFilters: [],
			voucherDownloadNeedsAuth: false,
			voucherUrl: '',
			listLate: 0,
			listLateIds: [],
			ignoreSort: false,
			fractionalSeconds: false,
		});
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
	// A receiver that holds requests until `waitFor` are open at once (or the last expected one came,
	// or none more arrives for a second), then answers them all, 503 to the very first: how many are
	// open at once? Holding, rather than answering after a fixed delay, keeps the count independent
	// of the machine's speed.
	const NOTIFICATIONS = 20;
	const measure = async (concurrency: number | undefined, waitFor: number) => {
		/** Every notification once, and the one answered 503 once more. */
		let expected = NOTIFICATIONS + 1;
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
			expected -= 1;
			peak = Math.max(peak, held.length);
			clearTimeout(timer);
			if (held.length >= waitFor || expected === 0) release();
			else timer = setTimeout(release, 1000);
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
		const deliverer = new Deliverer({ attempts: 2, retryBaseMs: 5, timeoutMs: 5000, concurrency });
		const body = (id: string) => ({
			data: { notification: { notification_id: id, notification_event: 'ORDER_CREATE' } },
		});
		for (let i = 0; i < NOTIFICATIONS; i++)
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
