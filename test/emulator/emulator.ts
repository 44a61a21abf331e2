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
	Catalogue,
	notificationBody,
	ORDER_STATUSES,
	timestamp,
	voucherPdf,
	type Change,
	type Json,
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
	readonly catalogue = new Catalogue();
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
	readonly quirks: Quirks = {
		ignoreFilters: [],
		voucherDownloadNeedsAuth: false,
		fractionalDates: false,
	};

	constructor(private readonly options: EmulatorOptions = {}) {
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
		this.quirks.ignoreFilters = [];
		this.quirks.voucherDownloadNeedsAuth = false;
		this.quirks.fractionalDates = false;
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
		if (route === '/webhooks' && method === 'GET') return this.listWebhooks(url.searchParams);
		if (route === '/webhooks' && method === 'POST')
			return this.createWebhook(parseJson(raw), version);
		if (webhookPath && method === 'DELETE')
			return this.deleteWebhook(decodeURIComponent(webhookPath[1]));
		if (route === '/notifications' && method === 'POST')
			return this.sampleNotification(parseJson(raw));
		if (route === '/orders' && method === 'GET') return this.listOrders(url.searchParams, req);
		if (orderPath && method === 'GET')
			return this.getOrder(decodeURIComponent(orderPath[1]), url.searchParams);
		if (voucherPath && method === 'GET')
			return this.getVoucher(decodeURIComponent(voucherPath[1]), url, req);
		if (route === '/products' && method === 'GET') return this.listProducts(url.searchParams, req);
		if (productPath && method === 'GET') return this.getProduct(decodeURIComponent(productPath[1]));
		if (route === '/payments' && method === 'GET') return this.listPayments(url.searchParams, req);
		const known =
			['/webhooks', '/notifications', '/payments', '/orders', '/products'].includes(route) ||
			webhookPath ||
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
		const all = [...this.catalogue.orders.values()].filter((order) => {
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
		sortByDate(all, key, sortOrder);
		return {
			status: 200,
			body: paged('order', this.listed(all, 'order'), query),
			headers: this.lastModified('orders'),
		};
	}

	/** Listed objects as the API writes them; with the quirk, their dates carry fractions of a second. */
	private listed(objects: Json[], kind: 'order' | 'product'): Json[] {
		if (!this.quirks.fractionalDates) return objects;
		const fraction = (date: unknown) => String(date).replace(/([+-]\d\d:\d\d|Z)$/, '.734512$1');
		return objects.map((object) => ({
			...object,
			[`${kind}_created`]: fraction(object[`${kind}_created`]),
			[`${kind}_modified`]: fraction(object[`${kind}_modified`]),
		}));
	}

	private getOrder(reference: string, query: URLSearchParams): Reply {
		const errors: string[] = [];
		const cache = enumParam(query, 'cache', ['true', 'false'], 'true', errors);
		const version = query.has('order_version')
			? intParam(query, 'order_version', 1, 1, Number.MAX_SAFE_INTEGER, errors)
			: undefined;
		if (errors.length) throw invalid(...errors);
		const order = this.catalogue.orders.get(reference);
		if (!order) throw new HttpError(404, 'NOT_FOUND', `Order ${reference} does not exist.`);
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
		const download = `${this.url}/downloads/vouchers/${token}.pdf`;
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
		const all = [...this.catalogue.products.values()].filter(
			(product) =>
				(ids.length === 0 || ids.includes(String(product.product_id))) &&
				(!search ||
					`${String(product.product_id)} ${String(product.product_title)}`
						.toLowerCase()
						.includes(search)) &&
				(statuses.length === 0 || statuses.includes(String(product.product_status))) &&
				(modified === undefined || Date.parse(String(product.product_modified)) > modified),
		);
		if (sortBy.startsWith('PRODUCT_TITLE')) {
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
			body: paged('product', this.listed(all, 'product'), query),
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
				const productId = id ?? String(2000 + this.catalogue.products.size);
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
			const { ignoreFilters, voucherDownloadNeedsAuth, fractionalDates } = body as Partial<Quirks>;
			if (
				ignoreFilters !== undefined &&
				!(Array.isArray(ignoreFilters) && ignoreFilters.every((f) => typeof f === 'string'))
			) {
				throw invalid('ignoreFilters must be a list of query parameter names.');
			}
			if (ignoreFilters !== undefined) this.quirks.ignoreFilters = ignoreFilters;
			if (voucherDownloadNeedsAuth !== undefined)
				this.quirks.voucherDownloadNeedsAuth = voucherDownloadNeedsAuth === true;
			if (fractionalDates !== undefined) this.quirks.fractionalDates = fractionalDates === true;
			return { status: 204 };
		}
		if (route === '/cache' && method === 'POST') {
			const { orderCacheMs } = body as { orderCacheMs?: number };
			if (!Number.isInteger(orderCacheMs) || (orderCacheMs as number) < 0)
				throw invalid('orderCacheMs must be a whole number of milliseconds.');
			this.orderCacheMs = orderCacheMs as number;
			return { status: 204 };
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
	/** Lists write created and modified dates with a fraction of a second (deliveries do not). */
	fractionalDates: boolean;
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
