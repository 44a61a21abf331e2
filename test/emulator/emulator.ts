/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- test tooling: runs under Node, never inside n8n */
// A local stand-in for the Prioticket Distributor API, written from ../shared/prioticket/API.md:
// OAuth2 client credentials, webhooks, sample notifications (delivered for real, with retries),
// orders (list, details, voucher with a PDF download), products and payments, in the API's envelope
// and error format. A control surface under /__emulator/ lets tests inject faults, expire tokens,
// replay deliveries, change orders and products at a given time, and read what happened.
// It is the one stand-in for every integration, end-to-end and benchmark test, and for `npm run dev`.
// What it knows from the API's public material and what it assumes: README.md next to this file.

import { randomBytes, randomUUID } from 'crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import {
	addDays,
	Catalogue,
	cents,
	findSlot,
	inSeason,
	isDate,
	localToday,
	notificationBody,
	ORDER_STATUSES,
	pricing,
	slotsOn,
	timestamp,
	voucherPdf,
	type Change,
	type Json,
	type SaleSpec,
	type Slot,
} from './data';
import { Deliverer, type DeliveryTarget } from './deliverer';

export interface EmulatorOptions {
	port?: number;
	host?: string;
	clientId?: string;
	clientSecret?: string;
	tokenTtlSeconds?: number;
	deliveryAttempts?: number;
	deliveryRetryMs?: number;
	/** At most this many deliveries in flight at once; unlimited by default. */
	deliveryConcurrency?: number;
	/** Logs one line per request to stdout. */
	verbose?: boolean;
	/** How long a reservation holds its spots (default 15 minutes). */
	reservationHoldMs?: number;
	/** Seed the bookable products 2001–2003 (default true); false = only 1001–1003, as before selling existed. */
	bookable?: boolean;
}

export interface Fault {
	status: number;
	/** How many matching calls fail; the rest pass. */
	count: number;
	method?: string;
	/** Substring of the path after /{version}/distributor, e.g. "/webhooks". */
	path?: string;
	/** The Retry-After header: seconds, or an HTTP date such as "Wed, 21 Oct 2026 07:28:00 GMT". */
	retryAfter?: number | string;
	latencyMs?: number;
	/** Carry the call out, then answer with the error anyway: the client cannot tell it worked. */
	after?: boolean;
}

export interface WebhookRecord extends Json {
	webhook_id: string;
	webhook_status: 'ENABLED' | 'DISABLED';
	webhook_version: string;
	webhook_events: string[];
	webhook_url?: string;
	webhook_email?: string;
	webhook_payload: boolean;
	webhook_auth?: string;
	webhook_created: string;
}

export interface RequestRecord {
	method: string;
	path: string;
	query: Record<string, string>;
	/** The query string as sent, e.g. to see how a list was spelled. */
	search: string;
	status: number;
	authorization?: string;
	/** When the request arrived (ms since the epoch), e.g. to see how far apart periodic calls are. */
	at: number;
}

const API_VERSION = '3.8.0';
const PAGE_MAX = 200;
const BODY_LIMIT = 1024 * 1024;
const EVENT_NAME = /^[A-Z][A-Z0-9_]{1,63}$/;

class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly errors: string[] = [],
		readonly headers: Record<string, string> = {},
	) {
		super(message);
	}
}

const invalid = (...errors: string[]) =>
	new HttpError(400, 'INVALID_REQUEST', 'The request is invalid, see errors for details.', errors);

export class Emulator {
	readonly clientId: string;
	readonly clientSecret: string;
	readonly catalogue: Catalogue;
	readonly webhooks = new Map<string, WebhookRecord>();
	readonly tokens = new Map<string, number>();
	readonly requests: RequestRecord[] = [];
	readonly faults: Fault[] = [];
	/** What each notification was sent as, so it can be sent again. */
	private readonly sent = new Map<string, Array<{ target: DeliveryTarget; body: Json }>>();
	readonly deliverer: Deliverer;
	private server?: Server;
	private tokenTtlSeconds: number;
	/** Authorized calls left before every token expires (a token expiring mid-workflow). */
	private callsBeforeExpiry?: number;
	/** Voucher downloads handed out: token → what the PDF shows. */
	private readonly vouchers = new Map<string, string[]>();
	/** How long a cached order read (`cache` not false) keeps serving the revision before a change. */
	private orderCacheMs = 0;
	/** Ways a real API could differ from its documentation, switched on by a test. */
	readonly quirks: Quirks = { ...NO_QUIRKS, ignoreFilters: [], listLateIds: [] };
	/** Reservations (holds) by reference. */
	readonly reservations = new Map<string, Reservation>();
	/** How long a new hold lasts. */
	holdMs: number;
	/** How far the emulator's clock is ahead of the wall clock (`advanceClock`). */
	private clockOffsetMs = 0;
	/** First answers to creates, by kind, distributor and external reference: a retry gets the same. */
	private readonly replays = new Map<string, Reply>();
	private sequence = 0;
	/** The next `orders` created orders stay processing for `reads` reads each. */
	private processingPlan = { orders: 0, reads: 0 };
	/** Orders still processing: reads left before they confirm, and the bookings they confirm with. */
	private readonly processing = new Map<string, { readsLeft: number; bookings: Json[] }>();
	/** The next this many created orders keep their vouchers unreleased until `releaseVoucher`. */
	private vouchersHeld = 0;

	constructor(private readonly options: EmulatorOptions = {}) {
		this.catalogue = new Catalogue({ bookable: options.bookable });
		this.holdMs = options.reservationHoldMs ?? 15 * 60_000;
		this.clientId = options.clientId ?? 'demo-client';
		this.clientSecret = options.clientSecret ?? 'demo-secret';
		this.tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
		this.deliverer = new Deliverer({
			attempts: options.deliveryAttempts ?? 5,
			retryBaseMs: options.deliveryRetryMs ?? 1000,
			timeoutMs: 10_000,
			concurrency: options.deliveryConcurrency,
			// Prioticket sends nothing, retries included, to a webhook that is disabled or gone.
			isLive: (webhookId) => this.webhooks.get(webhookId)?.webhook_status === 'ENABLED',
		});
	}

	/** Listens (port 0 picks a free one) and returns the host root, e.g. http://127.0.0.1:4010. */
	async start(): Promise<string> {
		this.server = createServer((req, res) => void this.handle(req, res));
		this.server.keepAliveTimeout = 30_000;
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve);
		});
		return this.url;
	}

	get url(): string {
		const address = this.server?.address() as AddressInfo | null;
		if (!address) throw new Error('The emulator is not listening');
		return `http://${this.options.host ?? '127.0.0.1'}:${address.port}`;
	}

	async stop() {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) =>
			this.server ? this.server.close(() => resolve()) : resolve(),
		);
	}

	reset() {
		this.webhooks.clear();
		this.tokens.clear();
		this.requests.length = 0;
		this.faults.length = 0;
		this.deliverer.log.length = 0;
		this.callsBeforeExpiry = undefined;
		this.sent.clear();
		this.vouchers.clear();
		this.orderCacheMs = 0;
		Object.assign(this.quirks, NO_QUIRKS, { ignoreFilters: [], listLateIds: [] });
		this.reservations.clear();
		this.replays.clear();
		this.processing.clear();
		this.processingPlan = { orders: 0, reads: 0 };
		this.vouchersHeld = 0;
		this.sequence = 0;
		this.clockOffsetMs = 0;
		this.holdMs = this.options.reservationHoldMs ?? 15 * 60_000;
		this.catalogue.reset();
	}

	/** Every token issued so far stops working; `afterCalls` lets that many authorized calls pass first. */
	expireTokens(afterCalls?: number) {
		if (afterCalls !== undefined) {
			this.callsBeforeExpiry = afterCalls;
			return;
		}
		for (const token of this.tokens.keys()) this.tokens.set(token, 0);
	}

	/** Calls to the API (control routes excluded), optionally only those matching method and path. */
	countRequests(method?: string, pathPart?: string): number {
		return this.requests.filter(
			(r) => (!method || r.method === method) && (!pathPart || r.path.includes(pathPart)),
		).length;
	}

	/** Creates a notification and delivers it to every enabled webhook subscribed to its event. */
	notify(
		event: string,
		itemId: string,
		{ copies = 1, delayMs = 0 }: { copies?: number; delayMs?: number } = {},
	) {
		const notificationId = randomUUID();
		const targets = [...this.webhooks.values()].filter(
			(w) => w.webhook_status === 'ENABLED' && w.webhook_url && w.webhook_events.includes(event),
		);
		const sends = targets.map((webhook) => ({
			target: {
				webhookId: webhook.webhook_id,
				url: webhook.webhook_url!,
				auth: webhook.webhook_auth,
				version: webhook.webhook_version,
			},
			body: notificationBody(
				this.catalogue,
				event,
				itemId,
				webhook.webhook_version,
				webhook.webhook_payload,
				notificationId,
			),
		}));
		this.sent.set(notificationId, sends);
		for (const { target, body } of sends) {
			for (let copy = 0; copy < copies; copy++) this.deliverer.send(target, body, delayMs * copy);
		}
		return { notificationId, webhooks: targets.map((w) => w.webhook_id) };
	}

	/**
	 * Disables a webhook now, as Prioticket does on its own (when is undocumented; failing deliveries
	 * are the likely cause): it stays listed with `webhook_status: DISABLED` and receives nothing.
	 */
	disableWebhook(webhookId: string) {
		const webhook = this.webhooks.get(webhookId);
		if (webhook === undefined)
			throw new HttpError(404, 'NOT_FOUND', `Webhook ${webhookId} does not exist.`);
		webhook.webhook_status = 'DISABLED';
	}

	/** Sends a notification again, unchanged, as Prioticket does when it saw no HTTP 200. */
	redeliver(notificationId: string) {
		const sends = this.sent.get(notificationId);
		if (sends === undefined) throw new Error(`No notification ${notificationId} was sent`);
		for (const { target, body } of sends) this.deliverer.send(target, body);
	}

	private async handle(req: IncomingMessage, res: ServerResponse) {
		const url = new URL(req.url ?? '/', 'http://emulator');
		const record: RequestRecord = {
			method: req.method ?? 'GET',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			search: url.search,
			status: 500,
			authorization: req.headers.authorization,
			at: Date.now(),
		};
		const control = url.pathname.startsWith('/__emulator');
		try {
			const raw = await readBody(req);
			const download = /^\/downloads\/vouchers\/([\w-]+)\.pdf$/.exec(url.pathname);
			const result = control
				? await this.control(req, url, raw)
				: download
					? this.downloadVoucher(download[1], req)
					: await this.api(req, url, raw);
			record.status = result.status;
			send(res, result.status, result.body, result.headers);
		} catch (error) {
			const failure =
				error instanceof HttpError
					? error
					: new HttpError(500, 'INTERNAL_ERROR', 'The emulator failed to handle the request.', [
							String(error),
						]);
			record.status = failure.status;
			send(
				res,
				failure.status,
				{
					error: failure.code,
					error_reference: `EMU-${randomBytes(4).toString('hex')}`,
					error_message: failure.message,
					error_description: failure.errors.length ? failure.errors.join(' ') : failure.message,
					...(failure.errors.length ? { errors: failure.errors } : {}),
				},
				failure.headers,
			);
		} finally {
			if (!control) this.requests.push(record);
			if (this.options.verbose)
				console.log(`${record.method} ${url.pathname}${url.search} → ${record.status}`);
		}
	}

	private async api(req: IncomingMessage, url: URL, raw: string): Promise<Reply> {
		const match = /^\/(v\d+(?:\.\d+)*)\/distributor(\/.*)$/.exec(url.pathname);
		if (!match)
			throw new HttpError(
				404,
				'NOT_FOUND',
				`No API route ${url.pathname}: expected /{version}/distributor/...`,
			);
		const [, version, route] = match;
		const method = req.method ?? 'GET';
		const fault = await this.injectFault(method, route);
		const reply = await this.route(req, url, raw, version, route, method);
		if (fault) throw fault;
		return reply;
	}

	private async route(
		req: IncomingMessage,
		url: URL,
		raw: string,
		version: string,
		route: string,
		method: string,
	): Promise<Reply> {
		if (route === '/oauth2/token') {
			if (method !== 'POST')
				throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'Use POST for the token endpoint.');
			return this.token(req, raw);
		}
		this.authorize(req);
		for (const name of this.quirks.ignoreFilters) url.searchParams.delete(name);

		// "List Notifications" is announced as upcoming in the v3.5 definition; whether any version
		// serves it is unknown, so the emulator answers as an API that does not have it yet.
		if (route === '/notifications' && method === 'GET') {
			throw new HttpError(501, 'NOT_IMPLEMENTED', 'Listing notifications is not available yet.');
		}
		const webhookPath = /^\/webhooks\/([^/]+)$/.exec(route);
		const orderPath = /^\/orders\/([^/]+)$/.exec(route);
		const voucherPath = /^\/orders\/([^/]+)\/voucher$/.exec(route);
		const productPath = /^\/products\/([^/]+)$/.exec(route);
		const availabilityPath = /^\/products\/([^/]+)\/availability$/.exec(route);
		const reservationPath = /^\/reservations\/([^/]+)$/.exec(route);
		if (route === '/webhooks' && method === 'GET') return this.listWebhooks(url.searchParams);
		if (route === '/webhooks' && method === 'POST')
			return this.createWebhook(parseJson(raw), version);
		if (webhookPath && method === 'DELETE')
			return this.deleteWebhook(decodeURIComponent(webhookPath[1]));
		if (route === '/notifications' && method === 'POST')
			return this.sampleNotification(parseJson(raw));
		if (route === '/orders' && method === 'GET') return this.listOrders(url.searchParams, req);
		if (route === '/orders' && method === 'POST') return this.createOrder(parseJson(raw));
		if (orderPath && method === 'GET')
			return this.getOrder(decodeURIComponent(orderPath[1]), url.searchParams);
		if (orderPath && method === 'DELETE')
			return this.cancelOrder(decodeURIComponent(orderPath[1]), url.searchParams);
		if (availabilityPath && method === 'GET')
			return this.availability(decodeURIComponent(availabilityPath[1]), url.searchParams);
		if (route === '/reservations' && method === 'POST')
			return this.createReservation(parseJson(raw));
		if (reservationPath && method === 'GET')
			return this.getReservation(decodeURIComponent(reservationPath[1]));
		if (reservationPath && method === 'PUT')
			return this.updateReservation(decodeURIComponent(reservationPath[1]), parseJson(raw));
		if (reservationPath && method === 'DELETE')
			return this.cancelReservation(decodeURIComponent(reservationPath[1]), url.searchParams);
		if (voucherPath && method === 'GET')
			return this.getVoucher(decodeURIComponent(voucherPath[1]), url, req);
		if (route === '/products' && method === 'GET') return this.listProducts(url.searchParams, req);
		if (productPath && method === 'GET') return this.getProduct(decodeURIComponent(productPath[1]));
		if (route === '/payments' && method === 'GET') return this.listPayments(url.searchParams, req);
		const known =
			[
				'/webhooks',
				'/notifications',
				'/payments',
				'/orders',
				'/products',
				'/reservations',
			].includes(route) ||
			webhookPath ||
			availabilityPath ||
			reservationPath ||
			orderPath ||
			voucherPath ||
			productPath;
		if (known)
			throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${route}.`);
		throw new HttpError(404, 'NOT_FOUND', `No API route ${route}.`);
	}

	/** Applies the first matching fault: its latency, then its error, now or (with `after`) once the call is done. */
	private async injectFault(method: string, route: string): Promise<HttpError | undefined> {
		const index = this.faults.findIndex(
			(f) =>
				f.count > 0 && (!f.method || f.method === method) && (!f.path || route.includes(f.path)),
		);
		if (index === -1) return undefined;
		const fault = this.faults[index];
		fault.count--;
		if (fault.count === 0) this.faults.splice(index, 1);
		// Unref'd: a slow answer still pending must not keep a test process alive.
		if (fault.latencyMs)
			await new Promise((resolve) => setTimeout(resolve, fault.latencyMs).unref());
		if (fault.status < 400) return undefined;
		const headers: Record<string, string> =
			fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
		const message =
			fault.status === 429
				? 'Too many requests, slow down.'
				: 'The service is temporarily unavailable.';
		const error = new HttpError(
			fault.status,
			fault.status === 429 ? 'TOO_MANY_REQUESTS' : 'SERVICE_ERROR',
			message,
			[],
			headers,
		);
		if (!fault.after) throw error;
		return error;
	}

	private token(req: IncomingMessage, raw: string): Reply {
		const oauth = (status: number, error: string, description: string): Reply => ({
			status,
			body: { error, error_description: description },
		});
		const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
		if (!basic)
			return oauth(
				401,
				'invalid_client',
				'Client authentication failed: send Authorization: Basic base64(client_id:client_secret).',
			);
		const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
		const separator = decoded.indexOf(':');
		const [id, secret] =
			separator === -1
				? [decoded, '']
				: [decoded.slice(0, separator), decoded.slice(separator + 1)];
		if (id !== this.clientId || secret !== this.clientSecret) {
			return oauth(
				401,
				'invalid_client',
				'Client authentication failed: unknown client or wrong secret.',
			);
		}
		let body: Json;
		try {
			body = parseJson(raw);
		} catch {
			return oauth(
				400,
				'invalid_request',
				'The body must be JSON: {"grant_type":"client_credentials"}.',
			);
		}
		if (body.grant_type !== 'client_credentials') {
			return oauth(
				400,
				'unsupported_grant_type',
				'Only grant_type "client_credentials" is supported.',
			);
		}
		if (body.scope !== undefined && typeof body.scope !== 'string')
			return oauth(400, 'invalid_scope', 'scope must be a string.');
		const token = `emu.${randomBytes(24).toString('base64url')}`;
		this.tokens.set(token, Date.now() + this.tokenTtlSeconds * 1000);
		return {
			status: 200,
			body: {
				access_token: token,
				token_type: 'Bearer',
				expires_in: this.tokenTtlSeconds,
				scope: body.scope ?? 'distributor',
			},
		};
	}

	private authorize(req: IncomingMessage) {
		if (this.callsBeforeExpiry !== undefined && this.callsBeforeExpiry-- <= 0) {
			this.callsBeforeExpiry = undefined;
			this.expireTokens();
		}
		const header = req.headers.authorization;
		if (!header)
			throw new HttpError(400, 'INVALID_REQUEST', 'The Authorization header is missing.', [
				'Authorization: Bearer <token> is required.',
			]);
		const bearer = /^Bearer\s+(.+)$/i.exec(header);
		const expiresAt = bearer ? this.tokens.get(bearer[1]) : undefined;
		if (expiresAt === undefined || expiresAt <= Date.now()) {
			throw new HttpError(401, 'UNAUTHORIZED', 'The access token is invalid or has expired.');
		}
	}

	private listWebhooks(query: URLSearchParams): Reply {
		const id = query.get('webhook_id');
		const all = [...this.webhooks.values()].filter((w) => !id || w.webhook_id === id);
		return { status: 200, body: paged('webhook', all.map(publicWebhook), query) };
	}

	private createWebhook(body: Json, version: string): Reply {
		const webhook = (body.data as Json | undefined)?.webhook as Json | undefined;
		if (webhook === undefined || typeof webhook !== 'object' || webhook === null) {
			throw invalid(
				'data.webhook is required: {"data":{"webhook":{"webhook_events":[...],"webhook_url":"..."}}}.',
			);
		}
		const errors: string[] = [];
		const events = webhook.webhook_events;
		if (!Array.isArray(events) || events.length === 0)
			errors.push('data.webhook.webhook_events must be a non-empty array.');
		else if (!events.every((e) => typeof e === 'string' && EVENT_NAME.test(e))) {
			errors.push('data.webhook.webhook_events must hold event names such as ORDER_CREATE.');
		}
		const url = webhook.webhook_url;
		const email = webhook.webhook_email;
		if (url === undefined && email === undefined)
			errors.push('data.webhook.webhook_url or data.webhook.webhook_email is required.');
		if (url !== undefined && (typeof url !== 'string' || !isHttpUrl(url)))
			errors.push('data.webhook.webhook_url must be an http(s) URL.');
		if (email !== undefined && (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email))) {
			errors.push('data.webhook.webhook_email must be an email address.');
		}
		if (
			webhook.webhook_auth !== undefined &&
			(typeof webhook.webhook_auth !== 'string' || webhook.webhook_auth.length > 512)
		) {
			errors.push('data.webhook.webhook_auth must be a string of at most 512 characters.');
		}
		const payload = webhook.webhook_payload;
		if (payload !== undefined && ![true, false, 'true', 'false'].includes(payload as never)) {
			errors.push('data.webhook.webhook_payload must be a boolean.');
		}
		if (errors.length) throw invalid(...errors);
		const record: WebhookRecord = {
			webhook_id: randomUUID(),
			webhook_status: 'ENABLED',
			webhook_version: `${version.replace(/^v/, '')}${version.split('.').length < 3 ? '.0' : ''}`,
			webhook_events: [...new Set(events as string[])],
			...(url !== undefined ? { webhook_url: url as string } : {}),
			...(email !== undefined ? { webhook_email: email as string } : {}),
			webhook_payload: payload === undefined ? true : payload === true || payload === 'true',
			...(webhook.webhook_auth ? { webhook_auth: webhook.webhook_auth as string } : {}),
			webhook_created: timestamp(),
			webhook_created_name: 'API Client',
			webhook_created_email: 'api@example.com',
		};
		this.webhooks.set(record.webhook_id, record);
		return { status: 201, body: envelope('webhook', { webhook: publicWebhook(record) }) };
	}

	private deleteWebhook(id: string): Reply {
		if (!this.webhooks.delete(id))
			throw new HttpError(404, 'NOT_FOUND', `Webhook ${id} does not exist.`);
		return { status: 204 };
	}

	private sampleNotification(body: Json): Reply {
		const notification = (body.data as Json | undefined)?.notification as Json | undefined;
		const event = notification?.notification_event;
		const itemId = notification?.notification_item_id;
		const errors: string[] = [];
		if (typeof event !== 'string' || !EVENT_NAME.test(event))
			errors.push(
				'data.notification.notification_event must be an event name such as ORDER_CREATE.',
			);
		if (typeof itemId !== 'string' || itemId.trim() === '')
			errors.push('data.notification.notification_item_id is required.');
		if (errors.length) throw invalid(...errors);
		this.notify(event as string, itemId as string);
		return { status: 204 };
	}

	private listOrders(query: URLSearchParams, req: IncomingMessage): Reply {
		const errors: string[] = [];
		const reference = query.get('order_reference');
		const external = query.get('order_external_reference');
		const email = query.get('order_contact_email');
		const booking = query.get('booking_reference');
		const search = query.get('order_search_query')?.toLowerCase();
		const statuses = listParam(query, 'order_status');
		for (const status of statuses)
			if (!ORDER_STATUSES.includes(status))
				errors.push(`order_status must be one of ${ORDER_STATUSES.join(', ')}.`);
		const productIds = listParam(query, 'product_id');
		const modified = dateParam(query, 'order_modified', errors);
		const createdFrom = dateParam(query, 'order_created_from', errors);
		const createdTo = dateParam(query, 'order_created_to', errors);
		const sortBy = enumParam(
			query,
			'order_sort_by',
			['ORDER_CREATED', 'ORDER_MODIFIED'],
			'ORDER_CREATED',
			errors,
		);
		const sortOrder = enumParam(query, 'order_sort_order', ['ASC', 'DESC'], 'DESC', errors);
		enumParam(query, 'cache', ['true', 'false'], 'true', errors);
		if (errors.length) throw invalid(...new Set(errors));
		const notModified = this.notModified(req, 'orders');
		if (notModified) return notModified;
		// Without a created range the API returns the last 3 months.
		const from =
			createdFrom ?? (createdTo === undefined ? Date.now() - 92 * 86_400_000 : undefined);
		const all = this.listed('order').filter((order) => {
			const bookings = (order.order_bookings as Json[] | undefined) ?? [];
			const contacts = (order.order_contacts as Json[] | undefined) ?? [];
			const created = Date.parse(String(order.order_created));
			return (
				(!reference || order.order_reference === reference) &&
				(!external || order.order_external_reference === external) &&
				(!email ||
					contacts.some((c) => String(c.contact_email).toLowerCase() === email.toLowerCase())) &&
				(!booking || bookings.some((b) => b.booking_reference === booking)) &&
				(!search ||
					JSON.stringify([
						order.order_reference,
						order.order_external_reference,
						contacts,
						bookings,
					])
						.toLowerCase()
						.includes(search)) &&
				(statuses.length === 0 || statuses.includes(String(order.order_status))) &&
				(productIds.length === 0 ||
					bookings.some((b) => productIds.includes(String(b.product_id)))) &&
				(modified === undefined || Date.parse(String(order.order_modified)) > modified) &&
				(from === undefined || created >= from) &&
				(createdTo === undefined || created <= createdTo)
			);
		});
		const key = sortBy === 'ORDER_MODIFIED' ? 'order_modified' : 'order_created';
		if (!this.quirks.ignoreSort) sortByDate(all, key, sortOrder);
		return {
			status: 200,
			body: paged('order', this.written('order', all), query),
			headers: this.lastModified('orders'),
		};
	}

	private getOrder(reference: string, query: URLSearchParams): Reply {
		const errors: string[] = [];
		const cache = enumParam(query, 'cache', ['true', 'false'], 'true', errors);
		const version = query.has('order_version')
			? intParam(query, 'order_version', 1, 1, Number.MAX_SAFE_INTEGER, errors)
			: undefined;
		if (errors.length) throw invalid(...errors);
		if (!this.catalogue.orders.has(reference))
			throw new HttpError(404, 'NOT_FOUND', `Order ${reference} does not exist.`);
		if (version === undefined) this.readProcessing(reference);
		const order = this.catalogue.orders.get(reference)!;
		const revisions = this.catalogue.orderRevisions.get(reference) ?? [];
		if (version !== undefined) {
			const revision = [...revisions, order].find((r) => r.order_version === version);
			if (!revision)
				throw new HttpError(404, 'NOT_FOUND', `Order ${reference} has no version ${version}.`);
			return { status: 200, body: envelope('order', { order: revision }) };
		}
		const touched = this.catalogue.orderTouched.get(reference) ?? 0;
		const stale =
			cache === 'true' && revisions.length > 0 && Date.now() - touched < this.orderCacheMs;
		return {
			status: 200,
			body: envelope('order', { order: stale ? revisions[revisions.length - 1] : order }),
		};
	}

	/** JSON with a download `url` (v3.5 model: `url` beside `data`), or the PDF itself when only PDF is accepted. */
	private getVoucher(reference: string, url: URL, req: IncomingMessage): Reply {
		const order = this.catalogue.orders.get(reference);
		if (!order) throw new HttpError(404, 'NOT_FOUND', `Order ${reference} does not exist.`);
		const bookingReference = url.searchParams.get('booking_reference');
		const info = url.searchParams.get('voucher_additional_information');
		const bookings = ((order.order_bookings as Json[] | undefined) ?? []).filter(
			(b) => !bookingReference || b.booking_reference === bookingReference,
		);
		if (bookings.length === 0)
			throw new HttpError(
				404,
				'NOT_FOUND',
				`Order ${reference} has no booking ${bookingReference}.`,
			);
		if (order.order_status === 'ORDER_CANCELLED') {
			throw new HttpError(
				422,
				'VOUCHER_NOT_AVAILABLE',
				`Order ${reference} is cancelled: it has no valid voucher.`,
			);
		}
		const unreleased = bookings.filter(
			(b) => b.booking_voucher_released === false && b.booking_status !== 'BOOKING_CANCELLED',
		);
		if (unreleased.length > 0) {
			if (!['true', '1'].includes(url.searchParams.get('force_release') ?? '')) {
				throw new HttpError(
					422,
					'VOUCHER_NOT_RELEASED',
					`The voucher of booking ${unreleased.map((b) => String(b.booking_reference)).join(', ')} is not released yet.`,
				);
			}
			for (const booking of unreleased)
				this.releaseVoucher(reference, String(booking.booking_reference));
		}
		const lines = [
			'Prioticket voucher (emulator)',
			`Order ${reference}`,
			...bookings.map((b) => `Booking ${String(b.booking_reference)}: ${String(b.product_title)}`),
			...(info ? [info] : []),
		];
		const accept = req.headers.accept ?? '';
		if (accept.includes('application/pdf') && !accept.includes('application/json')) {
			return {
				status: 200,
				body: voucherPdf(lines),
				headers: { 'Content-Type': 'application/pdf' },
			};
		}
		const token = randomBytes(12).toString('hex');
		this.vouchers.set(token, lines);
		const download = this.quirks.voucherUrl || `${this.url}/downloads/vouchers/${token}.pdf`;
		return {
			status: 200,
			body: {
				api_version: API_VERSION,
				url: download,
				data: {
					kind: 'voucher',
					order_reference: reference,
					booking_references: bookings.map((b) => b.booking_reference),
				},
			},
		};
	}

	/** The document behind a voucher's download URL: no Authorization needed (a pre-signed link is assumed) unless a quirk asks for it. */
	private downloadVoucher(token: string, req: IncomingMessage): Reply {
		if (this.quirks.voucherDownloadNeedsAuth) this.authorize(req);
		const lines = this.vouchers.get(token);
		if (!lines)
			throw new HttpError(404, 'NOT_FOUND', 'This voucher link is unknown or has expired.');
		return {
			status: 200,
			body: voucherPdf(lines),
			headers: {
				'Content-Type': 'application/pdf',
				'Content-Disposition': `attachment; filename="voucher-${token}.pdf"`,
			},
		};
	}

	private listProducts(query: URLSearchParams, req: IncomingMessage): Reply {
		const errors: string[] = [];
		const ids = listParam(query, 'product_id');
		const statuses = listParam(query, 'product_status');
		const search = query.get('product_search_query')?.toLowerCase();
		const modified = dateParam(query, 'product_modified', errors);
		const sortBy = enumParam(
			query,
			'product_sort_by',
			['PRODUCT_CREATED', 'PRODUCT_MODIFIED', 'PRODUCT_TITLE_A_Z', 'PRODUCT_TITLE_Z_A'],
			'PRODUCT_CREATED',
			errors,
		);
		const sortOrder = enumParam(query, 'product_sort_order', ['ASC', 'DESC'], 'DESC', errors);
		enumParam(query, 'cache', ['true', 'false'], 'true', errors);
		if (errors.length) throw invalid(...errors);
		const notModified = this.notModified(req, 'products');
		if (notModified) return notModified;
		const all = this.listed('product').filter(
			(product) =>
				(ids.length === 0 || ids.includes(String(product.product_id))) &&
				(!search ||
					`${String(product.product_id)} ${String(product.product_title)}`
						.toLowerCase()
						.includes(search)) &&
				(statuses.length === 0 || statuses.includes(String(product.product_status))) &&
				(modified === undefined || Date.parse(String(product.product_modified)) > modified),
		);
		if (this.quirks.ignoreSort) {
			// Store order, whatever was asked.
		} else if (sortBy.startsWith('PRODUCT_TITLE')) {
			all.sort((a, b) => String(a.product_title).localeCompare(String(b.product_title)));
			if (sortBy === 'PRODUCT_TITLE_Z_A') all.reverse();
		} else {
			sortByDate(
				all,
				sortBy === 'PRODUCT_MODIFIED' ? 'product_modified' : 'product_created',
				sortOrder,
			);
		}
		return {
			status: 200,
			body: paged('product', this.written('product', all), query),
			headers: this.lastModified('products'),
		};
	}

	private getProduct(id: string): Reply {
		const product = this.catalogue.products.get(id);
		if (!product) throw new HttpError(404, 'NOT_FOUND', `Product ${id} does not exist.`);
		return { status: 200, body: envelope('product', { product }) };
	}

	private listPayments(query: URLSearchParams, req: IncomingMessage): Reply {
		const notModified = this.notModified(req, 'payments');
		if (notModified) return notModified;
		const id = query.get('payment_id');
		const order = query.get('order_reference');
		const items = [...this.catalogue.payments.values()].filter(
			(p) => (!id || p.payment_id === id) && (!order || p.payment_order_reference === order),
		);
		return {
			status: 200,
			body: paged('payment', items, query),
			headers: this.lastModified('payments'),
		};
	}

	// ---- Selling: availability, reservations (holds), orders and cancellations ----

	/** The emulator's "now" (ms since the epoch): the wall clock plus `advanceClock`. Holds expire and slots pass by it. */
	now(): number {
		return Date.now() + this.clockOffsetMs;
	}

	/** Moves the emulator's clock forward: holds whose time is up expire and free their spots; slots pass. */
	advanceClock(ms: number): Date {
		if (!Number.isInteger(ms) || ms < 0)
			throw invalid('advanceMs must be a whole number of milliseconds ≥ 0.');
		this.clockOffsetMs += ms;
		return new Date(this.now());
	}

	/** The next `orders` orders created through POST /orders stay processing for `reads` reads of GET /orders/{ref} each. */
	holdProcessing(reads: number, orders = 1) {
		if (!Number.isInteger(reads) || reads < 0 || !Number.isInteger(orders) || orders < 0)
			throw invalid('reads and orders must be whole numbers ≥ 0.');
		this.processingPlan = { orders, reads };
	}

	/** The next `orders` orders created through POST /orders keep `booking_voucher_released: false` until `releaseVoucher`. */
	holdVouchers(orders: number) {
		if (!Number.isInteger(orders) || orders < 0)
			throw invalid('orders must be a whole number ≥ 0.');
		this.vouchersHeld = orders;
	}

	/** Releases the voucher of one booking (or of every booking) of an order and sends VOUCHER_RELEASE. */
	releaseVoucher(reference: string, bookingReference?: string): Json {
		const order = this.catalogue.orders.get(reference);
		if (!order) throw new HttpError(404, 'NOT_FOUND', `Order ${reference} does not exist.`);
		const bookings = (order.order_bookings as Json[] | undefined) ?? [];
		const targets = bookings.filter(
			(b) => bookingReference === undefined || b.booking_reference === bookingReference,
		);
		if (targets.length === 0)
			throw new HttpError(
				404,
				'NOT_FOUND',
				`Order ${reference} has no booking ${bookingReference}.`,
			);
		const pending = this.processing.get(reference);
		for (const booking of [...targets, ...(pending?.bookings ?? [])]) {
			if (bookingReference === undefined || booking.booking_reference === bookingReference)
				booking.booking_voucher_released = true;
		}
		this.catalogue.touchOrder(reference);
		this.notify('VOUCHER_RELEASE', reference);
		return order;
	}

	private availability(productId: string, query: URLSearchParams): Reply {
		const product = this.catalogue.products.get(productId);
		if (!product) throw new HttpError(404, 'NOT_FOUND', `Product ${productId} does not exist.`);
		const errors: string[] = [];
		const from = dayParam(query, 'from_date', true, errors);
		const to = dayParam(query, 'to_date', false, errors) ?? from;
		const spotsMin = intParam(query, 'spots_open_min', 0, 0, 100_000, errors);
		intParam(query, 'sub_products_depth', 0, 0, 2, errors);
		const includeDisabled = enumParam(
			query,
			'include_disabled',
			['true', 'false'],
			'false',
			errors,
		);
		const capacityId = query.get('availability_capacity_id');
		if (from !== undefined && to !== undefined) {
			const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
			if (days < 1) errors.push('to_date must not be before from_date.');
			else if (days > AVAILABILITY_DAYS)
				errors.push(
					`from_date to to_date spans ${days} days: at most ${AVAILABILITY_DAYS} days per call, split the range.`,
				);
		}
		if (errors.length) throw invalid(...errors);
		const spec = this.catalogue.sale.get(productId);
		const items: Json[] = [];
		const now = this.now();
		for (let date = from!; spec && date <= to!; date = addDays(date, 1)) {
			if (!inSeason(spec, date)) continue;
			for (const slot of slotsOn(productId, spec, date)) {
				// A day item lasts the day: it stays listed until the day is over.
				const over = spec.slots.length > 0 ? slot.startMs <= now : date < localToday(now);
				if (over || (!slot.active && includeDisabled !== 'true')) continue;
				const item = this.availabilityItem(productId, spec, slot);
				const spots = item.availability_spots as Json | undefined;
				if (spots && Number(spots.availability_spots_open) < spotsMin) continue;
				if (capacityId && item.availability_capacity_id !== capacityId) continue;
				items.push(item);
			}
		}
		return { status: 200, body: paged('availability', items, query) };
	}

	private availabilityItem(productId: string, spec: SaleSpec, slot: Slot): Json {
		const taken = this.taken(slot.id);
		return {
			availability_id: slot.id,
			availability_product_id: productId,
			availability_from_date_time: slot.from,
			availability_to_date_time: slot.to,
			availability_active: slot.active,
			availability_capacity_id: `CAP-${productId}`,
			availability_admission_type: spec.slots.length > 0 ? 'TIME_POINT' : 'TIME_OPEN',
			// Unlimited products have no spots to count: the field is left out (empty fields are).
			...(spec.capacity !== undefined
				? {
						availability_spots: {
							availability_spots_total: spec.capacity,
							availability_spots_reserved: taken.reserved,
							availability_spots_booked: taken.booked,
							availability_spots_open: Math.max(0, spec.capacity - taken.reserved - taken.booked),
						},
					}
				: {}),
			availability_pricing: spec.types.map((type) => ({
				availability_pricing_product_type_id: type.id,
				availability_pricing_product_type: type.type,
				availability_pricing_price: type.price,
				availability_pricing_currency_code: 'EUR',
			})),
		};
	}

	/** Spots held by live reservations (some holds left out, e.g. the ones an update replaces) and booked by orders not cancelled. */
	private taken(slotId: string, except: Set<HoldItem> = new Set()) {
		let reserved = 0;
		for (const reservation of this.reservations.values())
			for (const hold of reservation.items)
				if (
					hold.request.slot?.id === slotId &&
					!except.has(hold) &&
					this.holdStatus(hold) === 'BOOKING_RESERVED'
				)
					reserved += hold.request.count;
		let booked = 0;
		for (const order of this.catalogue.orders.values())
			for (const booking of (order.order_bookings as Json[] | undefined) ?? [])
				if (
					booking.product_availability_id === slotId &&
					booking.booking_status !== 'BOOKING_CANCELLED'
				)
					for (const detail of (booking.product_type_details as Json[] | undefined) ?? [])
						booked += Number(detail.product_type_count ?? 1);
		return { reserved, booked };
	}

	/** Refuses the whole request (nothing held or booked) when any slot has fewer spots open than asked. */
	private checkCapacity(items: ItemRequest[], except?: Set<HoldItem>) {
		const wanted = new Map<string, { item: ItemRequest; count: number }>();
		for (const item of items) {
			if (!item.slot) continue;
			const title = String(item.product.product_title);
			if (!item.slot.active)
				throw new HttpError(
					409,
					'NO_AVAILABILITY',
					`No availability for ${title} (product ${item.productId}) at ${item.slot.from}: the slot is closed.`,
				);
			if (item.spec.capacity === undefined) continue;
			const entry = wanted.get(item.slot.id) ?? { item, count: 0 };
			entry.count += item.count;
			wanted.set(item.slot.id, entry);
		}
		for (const [slotId, { item, count }] of wanted) {
			const { reserved, booked } = this.taken(slotId, except);
			const open = Math.max(0, item.spec.capacity! - reserved - booked);
			if (count > open)
				throw new HttpError(
					409,
					'NO_AVAILABILITY',
					`No availability for ${String(item.product.product_title)} (product ${item.productId}) at ${item.slot!.from}: ${open} of ${item.spec.capacity} spots open, ${count} requested.`,
					[`availability ${slotId}: ${open} open, ${count} requested.`],
				);
		}
	}

	/** One reservation detail or direct booking from a request body, checked against the product; undefined when invalid (errors say why). */
	private parseItem(raw: unknown, path: string, errors: string[]): ItemRequest | undefined {
		if (!isObject(raw)) {
			errors.push(`${path} must be an object.`);
			return undefined;
		}
		const before = errors.length;
		const productId = raw.product_id === undefined ? '' : String(raw.product_id);
		if (productId === '') {
			errors.push(`${path}.product_id is required.`);
			return undefined;
		}
		const product = this.catalogue.products.get(productId);
		const spec = this.catalogue.sale.get(productId);
		if (!product || !spec) {
			errors.push(
				product
					? `${path}.product_id: product ${productId} cannot be booked (it has no product types).`
					: `${path}.product_id: product ${productId} does not exist.`,
			);
			return undefined;
		}
		const types = parseTypes(
			raw.product_type_details,
			productId,
			spec,
			`${path}.product_type_details`,
			errors,
		);
		const availabilityId = optionalString(raw.product_availability_id);
		const travel = optionalString(raw.booking_travel_date);
		const now = this.now();
		let slot: Slot | undefined;
		let travelDate: string | undefined;
		if (spec.slots.length > 0) {
			if (availabilityId === undefined) {
				errors.push(
					`${path}.product_availability_id is required: product ${productId} has time slots (product_availability true).`,
				);
			} else {
				slot = findSlot(productId, spec, availabilityId);
				if (!slot)
					errors.push(
						`${path}.product_availability_id: ${availabilityId} is not a time slot of product ${productId}.`,
					);
				else if (slot.startMs <= now)
					errors.push(
						`${path}.product_availability_id: the slot ${slot.from} has already started.`,
					);
			}
		} else {
			if (spec.travelDate && travel === undefined)
				errors.push(
					`${path}.booking_travel_date is required: product ${productId} needs a travel date (product_traveldate_required true).`,
				);
			if (travel !== undefined) {
				const date = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?[+-]\d{2}:\d{2})?$/.exec(
					travel,
				)?.[1];
				if (date === undefined || !isDate(date))
					errors.push(
						`${path}.booking_travel_date must be a date (YYYY-MM-DD) or an RFC 3339 date-time with an offset.`,
					);
				else if (date < localToday(now))
					errors.push(`${path}.booking_travel_date ${date} is in the past.`);
				else if (!inSeason(spec, date))
					errors.push(`${path}.booking_travel_date ${date} is outside the product's season.`);
				else {
					travelDate = date;
					slot = slotsOn(productId, spec, date)[0];
					if (availabilityId !== undefined && availabilityId !== slot.id)
						errors.push(
							`${path}.product_availability_id ${availabilityId} does not match booking_travel_date ${date}.`,
						);
				}
			}
		}
		const externalReference = optionalString(raw.booking_external_reference);
		if (externalReference !== undefined && externalReference.length > 50)
			errors.push(`${path}.booking_external_reference must be at most 50 characters.`);
		const language = optionalString(raw.booking_language);
		if (language !== undefined && !/^[a-z]{2}$/i.test(language))
			errors.push(`${path}.booking_language must be an ISO 639-1 code such as "en".`);
		if (errors.length > before) return undefined;
		return {
			productId,
			product,
			spec,
			slot,
			travelDate,
			types,
			count: types.reduce((sum, t) => sum + t.count, 0),
			externalReference,
			language,
		};
	}

	/** The fields a detail or booking shows for what was booked: slot or travel date, product, types with prices. */
	private itemFields(item: ItemRequest): { fields: Json; total: number } {
		const lines = item.types.map(({ id, count }) => {
			const type = item.spec.types.find((t) => t.id === id)!;
			return { type, count, amount: cents(type.price) * count };
		});
		const total = lines.reduce((sum, line) => sum + line.amount, 0);
		const when: Json =
			item.spec.slots.length > 0
				? {
						product_availability_id: item.slot!.id,
						product_availability_from_date_time: item.slot!.from,
						product_availability_to_date_time: item.slot!.to,
						booking_travel_date: item.slot!.from,
					}
				: item.slot
					? { booking_travel_date: item.slot.from }
					: {};
		return {
			total,
			fields: {
				...(item.externalReference ? { booking_external_reference: item.externalReference } : {}),
				...(item.language ? { booking_language: item.language } : {}),
				product_id: item.productId,
				product_title: item.product.product_title,
				product_supplier_id: item.product.product_supplier_id,
				...when,
				product_cancellation_allowed: item.spec.cancellable,
				product_type_details: lines.map(({ type, count, amount }) => ({
					product_type_id: type.id,
					product_type: type.type,
					product_type_label: type.label,
					product_type_count: count,
					product_type_pricing: pricing(amount),
				})),
				booking_pricing: pricing(total),
			},
		};
	}

	private holdStatus(hold: HoldItem): string {
		if (hold.status === 'CONFIRMED') return 'BOOKING_CONFIRMED';
		if (hold.status === 'CANCELLED') return 'BOOKING_RESERVATION_CANCELLED';
		return hold.validUntil <= this.now() ? 'BOOKING_RESERVATION_EXPIRED' : 'BOOKING_RESERVED';
	}

	private reservationStatus(reservation: Reservation): string {
		if (reservation.orderReference) return 'RESERVATION_CONFIRMED';
		const statuses = reservation.items.map((hold) => this.holdStatus(hold));
		if (reservation.cancelled || statuses.every((s) => s === 'BOOKING_RESERVATION_CANCELLED'))
			return 'RESERVATION_CANCELLED';
		return statuses.includes('BOOKING_RESERVED') ? 'RESERVATION_ACTIVE' : 'RESERVATION_EXPIRED';
	}

	private reservationJson(reservation: Reservation): Json {
		let total = 0;
		const details = reservation.items.map((hold) => {
			const status = this.holdStatus(hold);
			const { fields, total: amount } = this.itemFields(hold.request);
			if (status === 'BOOKING_RESERVED' || status === 'BOOKING_CONFIRMED') total += amount;
			return {
				booking_reservation_reference: hold.reference,
				booking_reservation_valid_until: timestamp(new Date(hold.validUntil)),
				booking_status: status,
				...fields,
				...(hold.cancellationReason
					? { booking_cancellation_reason: hold.cancellationReason }
					: {}),
			};
		});
		const live = reservation.items.filter((hold) => this.holdStatus(hold) === 'BOOKING_RESERVED');
		const validUntil = Math.min(
			...(live.length ? live : reservation.items).map((h) => h.validUntil),
		);
		return {
			reservation_reference: reservation.reference,
			reservation_external_reference: reservation.externalReference,
			reservation_distributor_id: reservation.distributorId,
			reservation_status: this.reservationStatus(reservation),
			reservation_created: timestamp(new Date(reservation.created)),
			reservation_valid_until: timestamp(new Date(validUntil)),
			...(reservation.orderReference ? { order_reference: reservation.orderReference } : {}),
			reservation_pricing: pricing(total),
			reservation_payments: [],
			reservation_details: details,
		};
	}

	private hold(reservation: Reservation, request: ItemRequest): HoldItem {
		reservation.next += 1;
		return {
			reference: `${reservation.reference}-${reservation.next}`,
			request,
			validUntil: this.now() + this.holdMs,
			status: 'RESERVED',
		};
	}

	private reservation(reference: string): Reservation {
		const reservation = this.reservations.get(reference);
		if (!reservation)
			throw new HttpError(404, 'NOT_FOUND', `Reservation ${reference} does not exist.`);
		return reservation;
	}

	private createReservation(body: Json): Reply {
		const data = (body.data as Json | undefined)?.reservation;
		if (!isObject(data))
			throw invalid('data.reservation is required: {"data":{"reservation":{...}}}.');
		const errors: string[] = [];
		const distributor = requiredId(
			data.reservation_distributor_id,
			'data.reservation.reservation_distributor_id',
			errors,
		);
		const external = externalReference(
			data.reservation_external_reference,
			'data.reservation.reservation_external_reference',
			errors,
		);
		if (errors.length) throw invalid(...errors);
		const key = `reservation|${distributor}|${external}`;
		const replay = this.replays.get(key);
		if (replay) return structuredClone(replay);
		const details = data.reservation_details;
		if (!Array.isArray(details) || details.length === 0)
			throw invalid('data.reservation.reservation_details must be a non-empty array.');
		const items = details.map((detail, i) =>
			this.parseItem(detail, `data.reservation.reservation_details[${i}]`, errors),
		);
		if (errors.length) throw invalid(...errors);
		this.checkCapacity(items as ItemRequest[]);
		const reservation: Reservation = {
			reference: this.nextReference('RES', 7000, this.reservations),
			externalReference: external,
			distributorId: distributor,
			created: this.now(),
			cancelled: false,
			items: [],
			next: 0,
		};
		for (const item of items as ItemRequest[]) reservation.items.push(this.hold(reservation, item));
		this.reservations.set(reservation.reference, reservation);
		const reply: Reply = {
			status: 201,
			body: envelope('reservation', { reservation: this.reservationJson(reservation) }),
		};
		this.replays.set(key, structuredClone(reply));
		return reply;
	}

	private getReservation(reference: string): Reply {
		const reservation = this.reservation(reference);
		return {
			status: 200,
			body: envelope('reservation', { reservation: this.reservationJson(reservation) }),
		};
	}

	/** Items with an empty or absent `booking_reservation_reference` are added, others replaced (quantities overwritten); new holds start now. */
	private updateReservation(reference: string, body: Json): Reply {
		const reservation = this.reservation(reference);
		this.assertAmendable(reservation);
		const details = ((body.data as Json | undefined)?.reservation as Json | undefined)
			?.reservation_details;
		if (!Array.isArray(details) || details.length === 0)
			throw invalid('data.reservation.reservation_details must be a non-empty array.');
		const errors: string[] = [];
		const changes: Array<{ replace?: HoldItem; item: ItemRequest }> = [];
		details.forEach((detail, i) => {
			const path = `data.reservation.reservation_details[${i}]`;
			const itemReference = isObject(detail)
				? optionalString(detail.booking_reservation_reference)
				: undefined;
			const replace =
				itemReference === undefined
					? undefined
					: reservation.items.find((h) => h.reference === itemReference);
			if (itemReference !== undefined && !replace)
				errors.push(
					`${path}.booking_reservation_reference: ${itemReference} is not an item of reservation ${reference}.`,
				);
			else if (replace && replace.status === 'CANCELLED')
				errors.push(`${path}.booking_reservation_reference: ${itemReference} is cancelled.`);
			const item = this.parseItem(detail, path, errors);
			if (item) changes.push({ replace, item });
		});
		if (errors.length) throw invalid(...errors);
		this.checkCapacity(
			changes.map((c) => c.item),
			new Set(changes.flatMap((c) => (c.replace ? [c.replace] : []))),
		);
		for (const { replace, item } of changes) {
			if (replace)
				Object.assign(replace, {
					request: item,
					validUntil: this.now() + this.holdMs,
					status: 'RESERVED',
				});
			else reservation.items.push(this.hold(reservation, item));
		}
		return this.getReservation(reference);
	}

	private assertAmendable(reservation: Reservation) {
		if (reservation.orderReference)
			throw new HttpError(
				422,
				'RESERVATION_CONFIRMED',
				`Reservation ${reservation.reference} is confirmed as order ${reservation.orderReference}: change the order instead.`,
			);
		if (reservation.cancelled)
			throw new HttpError(
				422,
				'RESERVATION_CANCELLED',
				`Reservation ${reservation.reference} is cancelled: it cannot be changed.`,
			);
	}

	/** Cancels the named items (`booking_reservation_reference`, an array), or without any the whole reservation; their spots are free again. */
	private cancelReservation(reference: string, query: URLSearchParams): Reply {
		const reservation = this.reservation(reference);
		if (reservation.orderReference) this.assertAmendable(reservation);
		const items = listParam(query, 'booking_reservation_reference');
		const reason = query.get('cancellation_reason') ?? undefined;
		const unknown = items.filter((item) => !reservation.items.some((h) => h.reference === item));
		if (unknown.length)
			throw new HttpError(
				404,
				'NOT_FOUND',
				`Reservation ${reference} has no item ${unknown.join(', ')}.`,
			);
		const targets = items.length
			? reservation.items.filter((h) => items.includes(h.reference))
			: reservation.items;
		for (const hold of targets) {
			if (this.holdStatus(hold) !== 'BOOKING_RESERVED') continue;
			hold.status = 'CANCELLED';
			hold.cancellationReason = reason;
		}
		if (items.length === 0) reservation.cancelled = true;
		return this.getReservation(reference);
	}

	private createOrder(body: Json): Reply {
		const data = (body.data as Json | undefined)?.order;
		if (!isObject(data)) throw invalid('data.order is required: {"data":{"order":{...}}}.');
		const errors: string[] = [];
		const distributor = requiredId(
			data.order_distributor_id,
			'data.order.order_distributor_id',
			errors,
		);
		const external = externalReference(
			data.order_external_reference,
			'data.order.order_external_reference',
			errors,
		);
		if (errors.length) throw invalid(...errors);
		const key = `order|${distributor}|${external}`;
		const replay = this.replays.get(key);
		if (replay) return structuredClone(replay);

		const language = optionalString(data.order_language);
		if (language !== undefined && !/^[a-z]{2}$/i.test(language))
			errors.push('data.order.order_language must be an ISO 639-1 code such as "en".');
		const contacts = data.order_contacts;
		if (contacts !== undefined) {
			if (!Array.isArray(contacts) || !contacts.every(isObject))
				errors.push('data.order.order_contacts must be an array of contacts.');
			else
				contacts.forEach((contact, i) => {
					if (
						contact.contact_email !== undefined &&
						!/^[^@\s]+@[^@\s]+$/.test(String(contact.contact_email))
					)
						errors.push(`data.order.order_contacts[${i}].contact_email must be an email address.`);
				});
		}
		const settlement = data.order_settlement_type;
		if (settlement !== undefined && !SETTLEMENT_TYPES.includes(String(settlement)))
			errors.push(
				`data.order.order_settlement_type must be one of ${SETTLEMENT_TYPES.join(', ')}.`,
			);
		const emailTypes = ((
			(data.order_options as Json | undefined)?.email_options as Json | undefined
		)?.email_types ?? {}) as Json;
		if (!isObject(emailTypes))
			errors.push('data.order.order_options.email_options.email_types must be an object.');
		else
			for (const [name, value] of Object.entries(emailTypes))
				if (![true, false, 'true', 'false'].includes(value as never))
					errors.push(
						`data.order.order_options.email_options.email_types.${name} must be a boolean.`,
					);
		if (data.order_notes !== undefined && typeof data.order_notes !== 'string')
			errors.push('data.order.order_notes must be a string.');
		const bookings = data.order_bookings;
		if (!Array.isArray(bookings) || bookings.length === 0)
			errors.push('data.order.order_bookings must be a non-empty array.');
		if (errors.length) throw invalid(...errors);

		const options = (bookings as unknown[]).map((b) =>
			isObject(b) ? (b.booking_option_type ?? 'DIRECT_BOOKING') : 'DIRECT_BOOKING',
		);
		options.forEach((option, i) => {
			if (option !== 'DIRECT_BOOKING' && option !== 'CONFIRM_RESERVATION')
				errors.push(
					`data.order.order_bookings[${i}].booking_option_type must be DIRECT_BOOKING or CONFIRM_RESERVATION.`,
				);
		});
		const confirms = options.filter((o) => o === 'CONFIRM_RESERVATION').length;
		if (confirms > 1)
			errors.push('data.order.order_bookings may hold only one CONFIRM_RESERVATION.');
		if (confirms > 0 && confirms < options.length)
			errors.push(
				'data.order.order_bookings: CONFIRM_RESERVATION and DIRECT_BOOKING cannot be mixed in one order.',
			);
		if (errors.length) throw invalid(...errors);

		let lines: Array<{ request: ItemRequest; hold?: HoldItem }>;
		let reservation: Reservation | undefined;
		if (confirms === 1) {
			const reservationReference = optionalString((bookings as Json[])[0].reservation_reference);
			if (reservationReference === undefined)
				throw invalid(
					'data.order.order_bookings[0].reservation_reference is required for CONFIRM_RESERVATION.',
				);
			reservation = this.reservation(reservationReference);
			if (reservation.orderReference)
				throw new HttpError(
					422,
					'RESERVATION_CONFIRMED',
					`Reservation ${reservationReference} is already confirmed as order ${reservation.orderReference}.`,
				);
			const status = this.reservationStatus(reservation);
			if (status === 'RESERVATION_CANCELLED')
				throw new HttpError(
					422,
					'RESERVATION_CANCELLED',
					`Reservation ${reservationReference} is cancelled: it cannot be confirmed.`,
				);
			if (status === 'RESERVATION_EXPIRED')
				throw new HttpError(
					422,
					'RESERVATION_EXPIRED',
					`Reservation ${reservationReference} expired at ${String(this.reservationJson(reservation).reservation_valid_until)}: it cannot be confirmed. Make a new reservation.`,
				);
			// Items that expired in between are left out; the rest is confirmed (as the docs warn).
			lines = reservation.items
				.filter((hold) => this.holdStatus(hold) === 'BOOKING_RESERVED')
				.map((hold) => ({ request: hold.request, hold }));
		} else {
			const requests = (bookings as unknown[]).map((b, i) =>
				this.parseItem(b, `data.order.order_bookings[${i}]`, errors),
			);
			if (errors.length) throw invalid(...errors);
			this.checkCapacity(requests as ItemRequest[]);
			lines = (requests as ItemRequest[]).map((request) => ({ request }));
		}

		// Nothing below can fail: the order is made in one step, so a concurrent order sees it.
		const reference = this.nextReference('ORD', 5000, this.catalogue.orders);
		const compact = reference.replace(/\W/g, '');
		const processing = this.processingPlan.orders > 0;
		if (processing) this.processingPlan.orders -= 1;
		const voucherHeld = this.vouchersHeld > 0;
		if (voucherHeld) this.vouchersHeld -= 1;
		let total = 0;
		const confirmed = lines.map(({ request, hold }, i) => {
			const { fields, total: amount } = this.itemFields(request);
			total += amount;
			const number = i + 1;
			let unit = 0;
			const details = (fields.product_type_details as Json[]).flatMap((detail) =>
				Array.from({ length: Number(detail.product_type_count) }, () => {
					unit += 1;
					const type = request.spec.types.find((t) => t.id === detail.product_type_id)!;
					return {
						product_type_id: detail.product_type_id,
						product_type: detail.product_type,
						product_type_label: detail.product_type_label,
						product_type_count: 1,
						product_type_code: `8${compact.replace(/\D/g, '')}${String(number).padStart(2, '0')}${String(unit).padStart(3, '0')}`,
						product_type_transaction_id: `TX-${compact}-${number}-${unit}`,
						product_type_status: 'BOOKING_CONFIRMED',
						product_type_pricing: pricing(cents(type.price)),
					};
				}),
			);
			return {
				booking_reference: `BKG-${compact}-${number}`,
				booking_status: 'BOOKING_CONFIRMED',
				booking_voucher_released: !voucherHeld,
				...(hold ? { booking_reservation_reference: hold.reference } : {}),
				...fields,
				product_type_details: details,
			};
		});
		const pending = confirmed.map((booking) => ({
			...booking,
			booking_status: 'BOOKING_PROCESSING',
			booking_voucher_released: false,
			product_type_details: booking.product_type_details.map((detail) => {
				const copy: Json = { ...detail, product_type_status: 'BOOKING_PROCESSING' };
				delete copy.product_type_code;
				return copy;
			}),
		}));
		const now = new Date();
		const order: Json = {
			order_reference: reference,
			order_external_reference: external,
			order_distributor_id: distributor,
			order_status: processing ? 'ORDER_PENDING' : 'ORDER_CONFIRMED',
			order_version: 1,
			order_channel: 'API',
			...(language ? { order_language: language } : {}),
			...(settlement !== undefined ? { order_settlement_type: settlement } : {}),
			order_created: timestamp(now),
			order_modified: timestamp(now),
			...(processing ? {} : { order_confirmed: timestamp(now) }),
			order_contacts: contacts ?? [],
			...(data.order_notes !== undefined ? { order_notes: data.order_notes } : {}),
			...(data.order_options !== undefined ? { order_options: data.order_options } : {}),
			order_pricing: pricing(total),
			order_payments: [],
			order_bookings: processing ? pending : confirmed,
		};
		this.catalogue.addOrder(order, now);
		if (processing)
			this.processing.set(reference, { readsLeft: this.processingPlan.reads, bookings: confirmed });
		if (reservation) {
			reservation.orderReference = reference;
			for (const { hold } of lines) hold!.status = 'CONFIRMED';
		}
		this.notify('ORDER_CREATE', reference);
		const reply: Reply = {
			status: 201,
			body: envelope('order', { order: structuredClone(order) }),
		};
		this.replays.set(key, structuredClone(reply));
		return reply;
	}

	/** A read of a processing order: after its reads are used up it confirms (a new revision, ORDER_UPDATE sent). */
	private readProcessing(reference: string) {
		const pending = this.processing.get(reference);
		if (!pending) return;
		if (pending.readsLeft > 0) {
			pending.readsLeft -= 1;
			return;
		}
		this.processing.delete(reference);
		this.catalogue.updateOrder(reference, {
			fields: {
				order_status: 'ORDER_CONFIRMED',
				order_confirmed: timestamp(),
				order_bookings: pending.bookings,
			},
		});
		this.notify('ORDER_UPDATE', reference);
	}

	/** DELETE /orders/{ref}: every booking, or those in `booking_reference` (an array); non-cancellable bookings refuse. */
	private cancelOrder(reference: string, query: URLSearchParams): Reply {
		const order = this.catalogue.orders.get(reference);
		if (!order) throw new HttpError(404, 'NOT_FOUND', `Order ${reference} does not exist.`);
		const errors: string[] = [];
		enumParam(query, 'payment_refund', ['true', 'false'], 'true', errors);
		if (errors.length) throw invalid(...errors);
		const named = listParam(query, 'booking_reference');
		const reason = query.get('cancellation_reason') ?? undefined;
		const bookings = (order.order_bookings as Json[] | undefined) ?? [];
		const unknown = named.filter((ref) => !bookings.some((b) => b.booking_reference === ref));
		if (unknown.length)
			throw new HttpError(
				404,
				'NOT_FOUND',
				`Order ${reference} has no booking ${unknown.join(', ')}.`,
			);
		const targets = bookings.filter(
			(b) =>
				(named.length === 0 || named.includes(String(b.booking_reference))) &&
				b.booking_status !== 'BOOKING_CANCELLED',
		);
		// Already cancelled: DELETE is idempotent, the order comes back unchanged.
		if (targets.length === 0) return { status: 200, body: envelope('order', { order }) };
		const blocked = targets.filter(
			(b) => b.product_cancellation_allowed === false || b.product_cancellation_allowed === 'false',
		);
		if (blocked.length) {
			const names = blocked
				.map((b) => `${String(b.booking_reference)} (${String(b.product_title)})`)
				.join(', ');
			throw new HttpError(
				422,
				'CANCELLATION_NOT_ALLOWED',
				named.length
					? `Booking ${names} cannot be cancelled: its product does not allow cancellation.`
					: `Order ${reference} cannot be cancelled as a whole: booking ${names} does not allow cancellation. Cancel the other bookings by booking_reference.`,
			);
		}
		const updated = bookings.map((b) =>
			targets.includes(b)
				? {
						...b,
						booking_status: 'BOOKING_CANCELLED',
						booking_voucher_released: false,
						...(reason ? { booking_cancellation_reason: reason } : {}),
					}
				: b,
		);
		const all = updated.every((b) => b.booking_status === 'BOOKING_CANCELLED');
		const priced = updated.every((b) => isObject(b.booking_pricing));
		const total = updated
			.filter((b) => b.booking_status !== 'BOOKING_CANCELLED')
			.reduce(
				(sum, b) => sum + (priced ? cents(String((b.booking_pricing as Json).price_total)) : 0),
				0,
			);
		this.processing.delete(reference);
		const changed = this.catalogue.updateOrder(reference, {
			fields: {
				order_status: all ? 'ORDER_CANCELLED' : 'ORDER_UPDATED',
				order_bookings: updated,
				...(priced ? { order_pricing: pricing(total) } : {}),
			},
		});
		this.notify(all ? 'ORDER_CANCEL' : 'ORDER_UPDATE', reference);
		return { status: 200, body: envelope('order', { order: changed }) };
	}

	private nextReference(prefix: string, base: number, taken: Map<string, unknown>): string {
		let reference: string;
		do {
			this.sequence += 1;
			reference = `${prefix}-${base + this.sequence}`;
		} while (taken.has(reference));
		return reference;
	}

	/** What lists show: with the `listLate` quirk a change appears only that long after its modified time (an order shows its previous revision meanwhile); with `listLateIds`, only the changes of those orders or products are late. */
	private listed(kind: 'order' | 'product'): Json[] {
		const late = this.quirks.listLate;
		const key = `${kind}_modified`;
		const only = this.quirks.listLateIds;
		const visible = (item: Json) =>
			(only.length > 0 &&
				!only.includes(String(item[`${kind === 'order' ? 'order_reference' : 'product_id'}`]))) ||
			Date.now() - Date.parse(String(item[key])) >= late;
		if (kind === 'product') {
			const products = [...this.catalogue.products.values()];
			return late > 0 ? products.filter(visible) : products;
		}
		const orders = [...this.catalogue.orders.values()];
		if (late <= 0) return orders;
		return orders.flatMap((order) => {
			if (visible(order)) return [order];
			const revisions = this.catalogue.orderRevisions.get(String(order.order_reference)) ?? [];
			const earlier = [...revisions].reverse().find(visible);
			return earlier ? [earlier] : [];
		});
	}

	/** List items as written: with the `fractionalSeconds` quirk the created and modified times carry milliseconds. */
	private written(kind: 'order' | 'product', items: Json[]): Json[] {
		if (!this.quirks.fractionalSeconds) return items;
		return items.map((item) => {
			const id = String(item[kind === 'order' ? 'order_reference' : 'product_id']);
			const copy = { ...item };
			for (const field of [`${kind}_created`, `${kind}_modified`]) {
				if (typeof copy[field] === 'string')
					copy[field] = withMillis(copy[field] as string, id + field);
			}
			return copy;
		});
	}

	/** A 304 when the collection has not changed since `If-Modified-Since` (to the second). */
	private notModified(
		req: IncomingMessage,
		collection: keyof Catalogue['changed'],
	): Reply | undefined {
		const since = Date.parse(req.headers['if-modified-since'] ?? '');
		if (Number.isNaN(since)) return undefined;
		const changed = Math.floor(this.catalogue.changed[collection] / 1000) * 1000;
		return changed <= since ? { status: 304, headers: this.lastModified(collection) } : undefined;
	}

	private lastModified(collection: keyof Catalogue['changed']): Record<string, string> {
		return { 'Last-Modified': new Date(this.catalogue.changed[collection]).toUTCString() };
	}

	/** Control: create, update or cancel an order, or create, update or delete a product, at a given time. */
	change(request: ChangeRequest): Json {
		const at = request.at === undefined ? new Date() : new Date(request.at);
		if (Number.isNaN(at.getTime()))
			throw invalid('at must be a date, e.g. 2026-11-28T09:00:00+01:00.');
		const change: Change = { at, fields: request.fields };
		const { kind, action, id } = request;
		const run = (): { object: Json; event: string } => {
			if (kind === 'order') {
				const reference = id ?? `ORD-${randomBytes(4).toString('hex').toUpperCase()}`;
				if (action === 'create')
					return {
						object: this.catalogue.createOrder(reference, change, request.productId),
						event: 'ORDER_CREATE',
					};
				if (action === 'update')
					return { object: this.catalogue.updateOrder(reference, change), event: 'ORDER_UPDATE' };
				if (action === 'cancel')
					return { object: this.catalogue.cancelOrder(reference, change), event: 'ORDER_CANCEL' };
			}
			if (kind === 'product') {
				let productId = id ?? String(2000 + this.catalogue.products.size);
				while (id === undefined && this.catalogue.products.has(productId))
					productId = String(Number(productId) + 1);
				if (action === 'create')
					return {
						object: this.catalogue.createProduct(productId, change),
						event: 'PRODUCT_CREATE',
					};
				if (action === 'update')
					return {
						object: this.catalogue.updateProduct(productId, change),
						event: 'PRODUCT_UPDATE',
					};
				if (action === 'delete')
					return {
						object: this.catalogue.deleteProduct(productId, change),
						event: 'PRODUCT_DELETE',
					};
			}
			throw invalid(
				'kind "order" with action create|update|cancel, or kind "product" with action create|update|delete.',
			);
		};
		let result: { object: Json; event: string } | Error;
		try {
			result = run();
		} catch (error) {
			result = error as Error;
		}
		if (result instanceof HttpError) throw result;
		if (result instanceof Error) throw new HttpError(409, 'CONFLICT', result.message);
		const itemId = String(
			kind === 'order' ? result.object.order_reference : result.object.product_id,
		);
		const notified = request.notify ? this.notify(result.event, itemId) : undefined;
		return {
			[kind]: result.object,
			event: result.event,
			...(notified ? { notificationId: notified.notificationId } : {}),
		};
	}

	private async control(req: IncomingMessage, url: URL, raw: string): Promise<Reply> {
		const route = url.pathname.slice('/__emulator'.length);
		const method = req.method ?? 'GET';
		const body = method === 'POST' ? parseJson(raw || '{}') : {};
		if (route === '/state' && method === 'GET') {
			return {
				status: 200,
				body: {
					webhooks: [...this.webhooks.values()],
					deliveries: this.deliverer.log,
					requests: this.requests,
					faults: this.faults,
					clientId: this.clientId,
				},
			};
		}
		if (route === '/reset' && method === 'POST') {
			this.reset();
			return { status: 204 };
		}
		if (route === '/faults' && method === 'POST') {
			const fault = body as unknown as Fault;
			if (!Number.isInteger(fault.status) || !Number.isInteger(fault.count) || fault.count < 1) {
				throw invalid('status and count (≥ 1) must be integers.');
			}
			this.faults.push(fault);
			return { status: 204 };
		}
		if (route === '/tokens/expire' && method === 'POST') {
			const { afterCalls } = body as { afterCalls?: number };
			if (afterCalls !== undefined && !(Number.isInteger(afterCalls) && afterCalls >= 0)) {
				throw invalid('afterCalls must be a whole number.');
			}
			this.expireTokens(afterCalls);
			return { status: 204 };
		}
		if (route === '/notify' && method === 'POST') {
			const { event, itemId, copies, delayMs } = body as {
				event?: string;
				itemId?: string;
				copies?: number;
				delayMs?: number;
			};
			if (
				typeof event !== 'string' ||
				!EVENT_NAME.test(event) ||
				typeof itemId !== 'string' ||
				itemId === ''
			) {
				throw invalid('event (e.g. ORDER_CREATE) and itemId are required.');
			}
			return { status: 200, body: this.notify(event, itemId, { copies, delayMs }) };
		}
		if (route === '/webhooks/seed' && method === 'POST') {
			const {
				count,
				url: target = 'https://example.com/seeded',
				events = ['ORDER_CREATE'],
			} = body as {
				count?: number;
				url?: string;
				events?: string[];
			};
			if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 100_000)
				throw invalid('count must be 1–100000.');
			for (let n = 0; n < (count as number); n++) {
				this.createWebhook(
					{ data: { webhook: { webhook_events: events, webhook_url: target } } },
					'v3.8',
				);
			}
			return { status: 204 };
		}
		if (route === '/webhooks/disable' && method === 'POST') {
			const { webhookId } = body as { webhookId?: string };
			if (typeof webhookId !== 'string' || webhookId === '')
				throw invalid('webhookId is required.');
			this.disableWebhook(webhookId);
			return { status: 204 };
		}
		if (route === '/changes' && method === 'POST') {
			return { status: 200, body: this.change(body as unknown as ChangeRequest) };
		}
		if (route === '/quirks' && method === 'POST') {
			const {
				ignoreFilters,
				voucherDownloadNeedsAuth,
				voucherUrl,
				listLate,
				listLateIds,
				ignoreSort,
				fractionalSeconds,
			} = body as Partial<Quirks>;
			if (
				ignoreFilters !== undefined &&
				!(Array.isArray(ignoreFilters) && ignoreFilters.every((f) => typeof f === 'string'))
			) {
				throw invalid('ignoreFilters must be a list of query parameter names.');
			}
			if (listLate !== undefined && !(Number.isInteger(listLate) && listLate >= 0))
				throw invalid('listLate must be a whole number of milliseconds.');
			if (
				listLateIds !== undefined &&
				!(Array.isArray(listLateIds) && listLateIds.every((id) => typeof id === 'string'))
			)
				throw invalid('listLateIds must be a list of order references or product IDs.');
			if (voucherUrl !== undefined && typeof voucherUrl !== 'string')
				throw invalid('voucherUrl must be a string.');
			if (ignoreFilters !== undefined) this.quirks.ignoreFilters = ignoreFilters;
			if (voucherDownloadNeedsAuth !== undefined)
				this.quirks.voucherDownloadNeedsAuth = voucherDownloadNeedsAuth === true;
			if (voucherUrl !== undefined) this.quirks.voucherUrl = voucherUrl;
			if (listLate !== undefined) this.quirks.listLate = listLate;
			if (listLateIds !== undefined) this.quirks.listLateIds = listLateIds;
			if (ignoreSort !== undefined) this.quirks.ignoreSort = ignoreSort === true;
			if (fractionalSeconds !== undefined)
				this.quirks.fractionalSeconds = fractionalSeconds === true;
			return { status: 204 };
		}
		if (route === '/cache' && method === 'POST') {
			const { orderCacheMs } = body as { orderCacheMs?: number };
			if (!Number.isInteger(orderCacheMs) || (orderCacheMs as number) < 0)
				throw invalid('orderCacheMs must be a whole number of milliseconds.');
			this.orderCacheMs = orderCacheMs as number;
			return { status: 204 };
		}
		if (route === '/clock' && method === 'POST') {
			const { advanceMs } = body as { advanceMs?: number };
			const now = this.advanceClock(advanceMs as number);
			return { status: 200, body: { now: timestamp(now), offsetMs: this.clockOffsetMs } };
		}
		if (route === '/holds' && method === 'POST') {
			const { holdMs } = body as { holdMs?: number };
			if (!Number.isInteger(holdMs) || (holdMs as number) < 1)
				throw invalid('holdMs must be a whole number of milliseconds ≥ 1.');
			this.holdMs = holdMs as number;
			return { status: 204 };
		}
		if (route === '/processing' && method === 'POST') {
			const { reads, orders = 1 } = body as { reads?: number; orders?: number };
			this.holdProcessing(reads as number, orders);
			return { status: 204 };
		}
		if (route === '/vouchers/hold' && method === 'POST') {
			const { orders = 1 } = body as { orders?: number };
			this.holdVouchers(orders);
			return { status: 204 };
		}
		if (route === '/vouchers/release' && method === 'POST') {
			const { orderReference, bookingReference } = body as {
				orderReference?: string;
				bookingReference?: string;
			};
			if (typeof orderReference !== 'string' || orderReference === '')
				throw invalid('orderReference is required.');
			return {
				status: 200,
				body: { order: this.releaseVoucher(orderReference, bookingReference) },
			};
		}
		if (route === '/settled' && method === 'POST') {
			await this.deliverer.settled();
			return { status: 204 };
		}
		throw new HttpError(404, 'NOT_FOUND', `No control route ${method} ${route}.`);
	}
}

interface Reply {
	status: number;
	/** JSON, or a Buffer sent as is with the Content-Type in `headers`. */
	body?: unknown;
	headers?: Record<string, string>;
}

export interface Quirks {
	/** Query parameters the API acts as if it did not know (e.g. "webhook_id"): the unfiltered list comes back. */
	ignoreFilters: string[];
	/** The voucher download link wants the Bearer token, as if it were not pre-signed. */
	voucherDownloadNeedsAuth: boolean;
	/** The voucher answer's download `url` is this text instead of the emulator's own link ('' = its own). */
	voucherUrl: string;
	/** Milliseconds after its modified time before a change shows in `GET /orders` / `GET /products` (0 = at once). */
	listLate: number;
	/** `listLate` holds only for these order references and product IDs (empty: for every change). */
	listLateIds: string[];
	/** Lists ignore `order_sort_by` / `product_sort_by` and their order: items come in store order. */
	ignoreSort: boolean;
	/** List answers write created and modified times with milliseconds (`2026-11-28T09:00:00.123+01:00`). */
	fractionalSeconds: boolean;
}

const NO_QUIRKS: Quirks = {
	ignoreFilters: [],
	voucherDownloadNeedsAuth: false,
	voucherUrl: '',
	listLate: 0,
	listLateIds: [],
	ignoreSort: false,
	fractionalSeconds: false,
};

/** A product line of a reservation or order, checked against the catalogue. */
interface ItemRequest {
	productId: string;
	product: Json;
	spec: SaleSpec;
	/** The time slot, or for a travel-date product the day. */
	slot?: Slot;
	travelDate?: string;
	types: Array<{ id: string; count: number }>;
	/** Spots it takes: the sum of its product type counts. */
	count: number;
	externalReference?: string;
	language?: string;
}

export interface HoldItem {
	/** `booking_reservation_reference`. */
	reference: string;
	request: ItemRequest;
	/** When the hold ends, on the emulator's clock (ms). */
	validUntil: number;
	/** RESERVED turns into BOOKING_RESERVATION_EXPIRED by itself once `validUntil` has passed. */
	status: 'RESERVED' | 'CANCELLED' | 'CONFIRMED';
	cancellationReason?: string;
}

export interface Reservation {
	reference: string;
	externalReference: string;
	distributorId: string;
	created: number;
	cancelled: boolean;
	/** The order that confirmed it. */
	orderReference?: string;
	items: HoldItem[];
	/** Items made so far (numbers the item references). */
	next: number;
}

const AVAILABILITY_DAYS = 90;
const SETTLEMENT_TYPES = ['DIRECT', 'VENUE', 'EXTERNAL', 'INVOICE'];
const EXTERNAL_REFERENCE = /^[A-Za-z0-9\-_/\\]{1,50}$/;

function isObject(value: unknown): value is Json {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A non-empty string (numbers are taken as their text); undefined for absent or empty. */
function optionalString(value: unknown): string | undefined {
	if (typeof value === 'number') return String(value);
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function requiredId(value: unknown, path: string, errors: string[]): string {
	const id = optionalString(value);
	if (id === undefined) errors.push(`${path} is required.`);
	return id ?? '';
}

function externalReference(value: unknown, path: string, errors: string[]): string {
	const reference = optionalString(value);
	if (reference === undefined) errors.push(`${path} is required.`);
	else if (!EXTERNAL_REFERENCE.test(reference))
		errors.push(`${path} must be 1–50 letters, digits, -, _, / or \\.`);
	return reference ?? '';
}

/** `product_type_details[]`: known product types, counts 1–100 (a numeric string is taken too); repeated types add up. */
function parseTypes(
	raw: unknown,
	productId: string,
	spec: SaleSpec,
	path: string,
	errors: string[],
): Array<{ id: string; count: number }> {
	if (!Array.isArray(raw) || raw.length === 0) {
		errors.push(`${path} must be a non-empty array.`);
		return [];
	}
	const counts = new Map<string, number>();
	raw.forEach((entry, i) => {
		const at = `${path}[${i}]`;
		if (!isObject(entry)) {
			errors.push(`${at} must be an object.`);
			return;
		}
		const id = optionalString(entry.product_type_id) ?? '';
		const count =
			typeof entry.product_type_count === 'string' || typeof entry.product_type_count === 'number'
				? Number(entry.product_type_count)
				: NaN;
		if (!spec.types.some((t) => t.id === id))
			errors.push(
				`${at}.product_type_id: ${id || '(missing)'} is not a product type of product ${productId} (${spec.types.map((t) => t.id).join(', ')}).`,
			);
		else if (!Number.isInteger(count) || count < 1 || count > 100)
			errors.push(`${at}.product_type_count must be an integer from 1 to 100.`);
		else counts.set(id, (counts.get(id) ?? 0) + count);
	});
	return [...counts].map(([id, count]) => ({ id, count }));
}

/** A date parameter (YYYY-MM-DD); a date-time is refused, naming the field. */
function dayParam(
	query: URLSearchParams,
	name: string,
	required: boolean,
	errors: string[],
): string | undefined {
	const raw = query.get(name);
	if (raw === null || raw === '') {
		if (required) errors.push(`${name} is required: a date, e.g. 2026-12-05.`);
		return undefined;
	}
	if (!isDate(raw)) {
		errors.push(`${name} must be a date (YYYY-MM-DD), e.g. 2026-12-05; not a date-time.`);
		return undefined;
	}
	return raw;
}

/** The same instant with milliseconds written out (a stable value per object and field). */
function withMillis(text: string, seed: string): string {
	let hash = 0;
	for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) % 999;
	const millis = String(hash + 1).padStart(3, '0');
	return text.replace(/(:\d{2})([+-]\d{2}:\d{2})$/, `$1.${millis}$2`);
}

export interface ChangeRequest {
	kind: 'order' | 'product';
	action: 'create' | 'update' | 'cancel' | 'delete';
	/** Order reference or product ID; made up for a create without one. */
	id?: string;
	/** When the change happened (any date `Date` parses); default now. */
	at?: string;
	/** Fields to set, e.g. `{ "order_status": "ORDER_REVIEW" }`. */
	fields?: Json;
	/** For a new order: the product it books (must exist). */
	productId?: string;
	/** Also send the matching notification (ORDER_CREATE, PRODUCT_DELETE, …) to subscribed webhooks. */
	notify?: boolean;
}

function envelope(kind: string, data: Json): Json {
	return { api_version: API_VERSION, data: { kind, ...data } };
}

/** The webhook as the API shows it: the Authorization value is write-only. */
function publicWebhook(webhook: WebhookRecord): Json {
	const visible: Json = { ...webhook };
	delete visible.webhook_auth;
	return visible;
}

/** A list page in the API's envelope; `items_per_page` 1–200 (default 10), `start_index` or `page`. */
function paged(kind: string, all: Json[], query: URLSearchParams): Json {
	const errors: string[] = [];
	const itemsPerPage = intParam(query, 'items_per_page', 10, 1, PAGE_MAX, errors);
	const startIndex = intParam(query, 'start_index', 1, 1, 10_000, errors);
	const page = query.has('page')
		? intParam(query, 'page', 1, 1, Number.MAX_SAFE_INTEGER, errors)
		: undefined;
	if (errors.length) throw invalid(...errors);
	const first = page !== undefined ? (page - 1) * itemsPerPage + 1 : startIndex;
	const items = all.slice(first - 1, first - 1 + itemsPerPage);
	return envelope(kind, {
		current_item_count: items.length,
		items_per_page: itemsPerPage,
		start_index: first,
		total_items: all.length,
		page_index: Math.floor((first - 1) / itemsPerPage) + 1,
		total_pages: Math.max(1, Math.ceil(all.length / itemsPerPage)),
		items,
	});
}

/** An array parameter, however the client spells it: repeated, `name[]`, `name[0]`, or comma-separated. */
function listParam(query: URLSearchParams, name: string): string[] {
	const values: string[] = [];
	for (const [key, value] of query) {
		if (key === name || key === `${name}[]` || new RegExp(`^${name}\\[\\d+\\]$`).test(key))
			values.push(...value.split(','));
	}
	return values.map((v) => v.trim()).filter((v) => v !== '');
}

/** An RFC 3339 date-time with an offset; a trailing Z is refused, as the API documents. */
function dateParam(query: URLSearchParams, name: string, errors: string[]): number | undefined {
	const raw = query.get(name);
	if (raw === null || raw === '') return undefined;
	const valid =
		/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?[+-]\d{2}:\d{2}$/.test(raw) &&
		!Number.isNaN(Date.parse(raw));
	if (!valid) {
		errors.push(
			`${name} must be an RFC 3339 date-time with an offset, e.g. 2026-11-28T09:00:00+01:00 (a trailing Z is not accepted; send + as %2B).`,
		);
		return undefined;
	}
	return Date.parse(raw);
}

function enumParam(
	query: URLSearchParams,
	name: string,
	allowed: string[],
	fallback: string,
	errors: string[],
): string {
	const raw = query.get(name);
	if (raw === null || raw === '') return fallback;
	if (!allowed.includes(raw)) errors.push(`${name} must be one of ${allowed.join(', ')}.`);
	return raw;
}

/** Sorts by a date field; ties keep insertion order. */
function sortByDate(items: Json[], key: string, order: string) {
	const sign = order === 'ASC' ? 1 : -1;
	items.sort((a, b) => sign * (Date.parse(String(a[key])) - Date.parse(String(b[key]))));
}

function intParam(
	query: URLSearchParams,
	name: string,
	fallback: number,
	min: number,
	max: number,
	errors: string[],
) {
	const raw = query.get(name);
	if (raw === null) return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < min || value > max) {
		errors.push(`${name} must be an integer from ${min} to ${max}.`);
		return fallback;
	}
	return value;
}

function isHttpUrl(value: string) {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

function parseJson(raw: string): Json {
	if (raw.trim() === '') return {};
	let value: unknown;
	try {
		value = JSON.parse(raw);
	} catch {
		throw invalid('The body is not valid JSON.');
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value))
		throw invalid('The body must be a JSON object.');
	return value as Json;
}

/** The body as text; an oversized one is drained (so the connection stays usable) and refused. */
async function readBody(req: IncomingMessage): Promise<string> {
	return await new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= BODY_LIMIT) chunks.push(chunk);
		});
		req.on('error', reject);
		req.on('end', () => {
			if (size > BODY_LIMIT) {
				reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', `The body exceeds ${BODY_LIMIT} bytes.`));
			} else {
				resolve(Buffer.concat(chunks).toString('utf8'));
			}
		});
	});
}

function send(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
) {
	if (res.headersSent) return;
	if (Buffer.isBuffer(body)) {
		res.writeHead(status, { ...headers, 'Content-Length': body.length });
		res.end(body);
		return;
	}
	const text = body === undefined || status === 204 || status === 304 ? '' : JSON.stringify(body);
	res.writeHead(status, {
		...headers,
		...(text
			? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }
			: {}),
	});
	res.end(text);
}
