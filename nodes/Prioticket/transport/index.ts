// The only code that talks HTTP to Prioticket: base URL, authentication (through n8n's credential
// helpers), the response envelope, paging, retries and error mapping. Both nodes use it from
// execute, load-options, hook and webhook contexts alike.

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { baseUrlOf } from './environments';

export type PrioticketContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IPollFunctions
	| IWebhookFunctions;

export const CREDENTIAL_TYPE = 'prioticketApi';

/** The largest page the API serves; listing with it keeps the number of calls minimal. */
export const MAX_PAGE_SIZE = 200;

/** Attempts for a retryable failure, the first included. */
export const MAX_ATTEMPTS = 4;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;
/** A longer `Retry-After` is not waited for: the error is reported instead. */
const RETRY_AFTER_CAP_MS = 30_000;

/** Identifies the package to Prioticket, as the API recommends; a test keeps it equal to package.json. */
export const PACKAGE_HEADERS = { 'App-Name': 'n8n-nodes-prioticket', 'App-Version': '0.2.0' };

/** How a call is made: with a credential the caller already loaded, and within limits. */
export interface CallOptions {
	/** The credential, when the caller already loaded it (see `loadCredential`). */
	credential?: LoadedCredential;
	/** Limits for a caller that must answer fast, such as a webhook holding Prioticket's delivery. */
	policy?: CallPolicy;
}

export interface RequestOptions extends CallOptions {
	body?: IDataObject;
	qs?: IDataObject;
}

export interface CallPolicy {
	/** Whether a 429 or 5xx answer to a GET or DELETE is retried after a wait (default true). */
	retry?: boolean;
	/** The call fails when it got no answer within this many milliseconds. */
	timeoutMs?: number;
}

/** A credential loaded (and decrypted) once, passed to every call that needs it. */
export interface LoadedCredential {
	id: string;
	name: string;
	data: ICredentialDataDecryptedObject;
}

/**
 * Loads and decrypts the credential once. Each `getCredentials` decrypts it again, and in a webhook
 * under n8n's default expression engine builds an expression isolate, so a caller making several
 * calls loads it once and hands it to each.
 */
export async function loadCredential(this: PrioticketContext): Promise<LoadedCredential> {
	const data = await this.getCredentials(CREDENTIAL_TYPE);
	const reference = this.getNode().credentials?.[CREDENTIAL_TYPE];
	return { id: reference?.id ?? '', name: reference?.name ?? '', data };
}

/**
 * One API call. Returns the parsed body (`undefined` for 204). Throws a `NodeApiError` that carries
 * Prioticket's own `error_message`, `error_description`, `error_reference` and the HTTP status.
 *
 * 429 and 5xx answers to GET and DELETE are retried with exponential backoff, honouring
 * `Retry-After`. A POST is never retried: whether the API acted before failing cannot be known, and
 * a second webhook or notification is worse than an error the user (or n8n's activation retry)
 * can act on. Other 4xx answers are never retried: the API blocks clients that collect more than 60
 * of them a minute.
 * An expired token (401) is refreshed once by n8n itself, inside `httpRequestWithAuthentication`.
 */
export async function prioticketApiRequest<T = IDataObject>(
	this: PrioticketContext,
	method: IHttpRequestMethods,
	endpoint: string,
	{ body, qs, credential, policy = {} }: RequestOptions = {},
): Promise<T> {
	const loaded = credential ?? (await loadCredential.call(this));
	const options: IHttpRequestOptions = {
		method,
		url: `${baseUrlOf(loaded.data)}${endpoint}`,
		headers: { Accept: 'application/json', ...PACKAGE_HEADERS },
		qs,
		body,
		json: true,
		// Lists as repeated parameters (order_status=A&order_status=B), as the v3.5 definition's client sends them.
		arrayFormat: 'repeat',
		...(policy.timeoutMs !== undefined ? { timeout: policy.timeoutMs } : {}),
	};

	for (let attempt = 1; ; attempt++) {
		try {
			// The loaded credential goes along, so n8n does not load and decrypt it a second time.
			return (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
				{
					credentialsDecrypted: { ...loaded, type: CREDENTIAL_TYPE },
				},
			)) as T;
		} catch (error) {
			const failure = readFailure(error);
			const delay = policy.retry === false ? undefined : retryDelay(method, failure, attempt);
			if (delay === undefined) throw toApiError(this, error, failure);
			await sleep(delay);
		}
	}
}

export interface Page {
	items: IDataObject[];
	/** Whether the API says a later page exists. */
	more: boolean;
}

/** One page of a list endpoint (`data.items`), as the API's envelope describes it. */
export async function prioticketApiRequestPage(
	this: PrioticketContext,
	endpoint: string,
	qs: IDataObject,
	{ page, size }: { page: number; size: number },
	{ credential, policy }: CallOptions = {},
): Promise<Page> {
	const response = await prioticketApiRequest.call(this, 'GET', endpoint, {
		qs: { ...qs, items_per_page: size, page },
		credential,
		policy,
	});
	const data = (response as { data?: ListEnvelope } | undefined)?.data;
	const items = Array.isArray(data?.items) ? data.items : [];
	return { items, more: items.length > 0 && page < Number(data?.total_pages ?? 1) };
}

/**
 * Every item of a list endpoint, page by page with the largest page size, following the
 * `total_pages` the API returns (it may not honour the page size asked for). Stops early once
 * `limit` items are collected.
 */
export async function prioticketApiRequestAllItems(
	this: PrioticketContext,
	endpoint: string,
	qs: IDataObject = {},
	limit = Number.POSITIVE_INFINITY,
	{ credential, policy }: CallOptions = {},
): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	const size = Math.min(MAX_PAGE_SIZE, Math.max(1, limit));
	const loaded = credential ?? (await loadCredential.call(this));
	for (let page = 1; items.length < limit; page++) {
		const next = await prioticketApiRequestPage.call(
			this,
			endpoint,
			qs,
			{ page, size },
			{
				credential: loaded,
				policy,
			},
		);
		items.push(...next.items);
		if (!next.more) break;
	}
	return items.slice(0, limit);
}

interface ListEnvelope {
	items?: IDataObject[];
	total_pages?: number;
}

export interface Download {
	data: Buffer;
	mimeType?: string;
	fileName?: string;
}

/**
 * A file behind a link the API handed out (a voucher's download `url`). Fetched without the
 * Authorization header, as a pre-signed link is; only when the API's own host refuses it (400, 401
 * or 403) is it fetched again with the credential, and a redirect elsewhere drops the token, so a
 * token never goes to another host.
 */
export async function downloadFile(
	this: PrioticketContext,
	url: string,
	credential?: LoadedCredential,
): Promise<Download> {
	const options: IHttpRequestOptions = {
		method: 'GET',
		url,
		headers: { ...PACKAGE_HEADERS },
		encoding: 'arraybuffer',
		json: false,
		returnFullResponse: true,
	};
	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequest(options)) as IN8nHttpFullResponse;
	} catch (error) {
		const failure = readFailure(error);
		const loaded = credential ?? (await loadCredential.call(this));
		const sameHost = new URL(url).origin === new URL(baseUrlOf(loaded.data)).origin;
		// The API answers a missing token with 400, 401 or 403.
		if (!(sameHost && [400, 401, 403].includes(failure.status ?? 0)))
			throw toApiError(this, error, failure);
		try {
			const withToken: IHttpRequestOptions = {
				...options,
				sendCredentialsOnCrossOriginRedirect: false,
			};
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				withToken,
				{
					credentialsDecrypted: { ...loaded, type: CREDENTIAL_TYPE },
				},
			)) as IN8nHttpFullResponse;
		} catch (retryError) {
			throw toApiError(this, retryError, readFailure(retryError));
		}
	}
	const header = (name: string) => {
		const value = response.headers?.[name];
		return Array.isArray(value)
			? String(value[0])
			: value === undefined
				? undefined
				: String(value);
	};
	const disposition = /filename="?([^";]+)"?/i.exec(header('content-disposition') ?? '');
	return {
		data: Buffer.from(response.body as ArrayBuffer),
		mimeType: header('content-type')?.split(';')[0].trim(),
		fileName: disposition?.[1],
	};
}

/** The single object of a response envelope, e.g. `data.webhook`. */
export function unwrap<T = IDataObject>(response: unknown, kind: string): T {
	const data = (response as { data?: Record<string, unknown> } | undefined)?.data;
	return (data?.[kind] ?? data ?? {}) as T;
}

interface Failure {
	status?: number;
	body?: Record<string, unknown>;
	retryAfterMs?: number;
}

/** Status, body and `Retry-After` of a failed call, whichever shape n8n's HTTP client gave it. */
function readFailure(error: unknown): Failure {
	const failure = error as {
		httpCode?: string | null;
		context?: { data?: unknown };
		response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
		cause?: { response?: { status?: number; data?: unknown; headers?: Record<string, unknown> } };
	};
	const response = failure.cause?.response ?? failure.response;
	const status = Number(response?.status ?? failure.httpCode);
	const body = parseBytes(failure.context?.data ?? response?.data);
	return {
		status: Number.isFinite(status) && status > 0 ? status : undefined,
		body: body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : undefined,
		retryAfterMs: parseRetryAfter(response?.headers?.['retry-after']),
	};
}

/** An error body fetched as bytes (a download), read as JSON when it is JSON. */
function parseBytes(body: unknown): unknown {
	if (!(body instanceof ArrayBuffer || Buffer.isBuffer(body))) return body;
	try {
		return JSON.parse(Buffer.from(body as ArrayBuffer).toString('utf8')) as unknown;
	} catch {
		return undefined;
	}
}

function parseRetryAfter(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** How long to wait before the next attempt, or `undefined` when the failure must be reported. */
function retryDelay(method: IHttpRequestMethods, failure: Failure, attempt: number) {
	if (attempt >= MAX_ATTEMPTS || failure.status === undefined) return undefined;
	const idempotent = method === 'GET' || method === 'DELETE' || method === 'HEAD';
	if (!idempotent || !(failure.status === 429 || failure.status >= 500)) return undefined;
	if (failure.retryAfterMs !== undefined) {
		return failure.retryAfterMs <= RETRY_AFTER_CAP_MS ? failure.retryAfterMs : undefined;
	}
	return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
}

/** A `NodeApiError` whose message is Prioticket's own `error_message`, when it sent one. */
function toApiError(context: PrioticketContext, error: unknown, failure: Failure): Error {
	const body = failure.body;
	const text = (key: string) =>
		typeof body?.[key] === 'string' && body[key] !== '' ? (body[key] as string) : undefined;
	const message = text('error_message') ?? text('error_description') ?? text('message');
	if (body === undefined || message === undefined) {
		return error instanceof NodeApiError
			? error
			: new NodeApiError(context.getNode(), error as JsonObject, {
					httpCode: failure.status?.toString(),
				});
	}
	const details = Array.isArray(body.errors) ? body.errors.map(String) : [];
	const description = [
		text('error_description') !== message ? text('error_description') : undefined,
		...details,
		text('error') ? `Code: ${text('error')}` : undefined,
		text('error_reference') ? `Reference: ${text('error_reference')}` : undefined,
	]
		.filter((part) => part !== undefined)
		.join('\n');
	return new NodeApiError(context.getNode(), body as JsonObject, {
		message,
		description: description || undefined,
		httpCode: failure.status?.toString(),
	});
}
