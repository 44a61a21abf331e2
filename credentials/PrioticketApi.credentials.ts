import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	baseUrlExpression,
	baseUrlOf,
	DEFAULT_API_VERSION,
	ENVIRONMENTS,
} from '../nodes/Prioticket/transport/environments';

/**
 * Prioticket Distributor API: OAuth2 client credentials. n8n calls `preAuthentication` when the
 * hidden, expirable access token is empty or the API has answered 401, stores the new token with
 * the credential, and reuses it across executions.
 */
export class PrioticketApi implements ICredentialType {
	name = 'prioticketApi';

	displayName = 'Prioticket API';

	icon: Icon = { light: 'file:../icons/prioticket.svg', dark: 'file:../icons/prioticket.dark.svg' };

	// package.json's homepage with an anchor: n8n's checks need a literal here (test/unit/links.test.ts).
	documentationUrl = 'https://github.com/n8n-nodes-prioticket/n8n-nodes-prioticket#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: Object.entries(ENVIRONMENTS).map(([value, { name, host }]) => ({
				name,
				value,
				description: host === '' ? 'Any host, e.g. a proxy or a local emulator' : host,
			})),
			default: 'staging',
		},
		{
			displayName: 'Custom Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:4010',
			description: 'Host root; the API version and /distributor are appended',
			required: true,
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: DEFAULT_API_VERSION,
			placeholder: 'e.g. v3.8',
			description: 'Path segment of the API version your account uses',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://www.prioticketapis.com/auth/distributor.bookings',
			description: 'Optional OAuth2 scope, space separated; leave empty for the account default',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for accounts that were given one: sent as the "key" query parameter on every request',
		},
		{
			displayName: 'Distributor ID',
			name: 'distributorId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 501',
			description:
				'Your distributor account ID. Needed only to sell (Reservation → Create, Order → Create); reading and webhooks work without it.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const basic = Buffer.from(
			`${String(credentials.clientId)}:${String(credentials.clientSecret)}`,
		);
		const scope = String(credentials.scope ?? '').trim();
		let response: { access_token?: unknown };
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url: `${baseUrlOf(credentials)}/oauth2/token`,
				headers: { Authorization: `Basic ${basic.toString('base64')}` },
				body: scope
					? { grant_type: 'client_credentials', scope }
					: { grant_type: 'client_credentials' },
				json: true,
			})) as { access_token?: unknown };
		} catch (error) {
			throw new Error(describeTokenError(error));
		}
		if (typeof response?.access_token !== 'string' || response.access_token === '') {
			throw new Error('Prioticket answered the token request without an access_token');
		}
		return { accessToken: response.access_token };
	}

	/** Bearer token on every call, plus the `key` query parameter only for accounts that have one. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const apiKey = String(credentials.apiKey ?? '');
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				Authorization: `Bearer ${String(credentials.accessToken)}`,
			},
			...(apiKey ? { qs: { ...requestOptions.qs, key: apiKey } } : {}),
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: baseUrlExpression(),
			url: '/webhooks',
			qs: { items_per_page: 1 },
		},
	};
}

/** "invalid_client: Client authentication failed" from an OAuth error body, or the transport error. */
function describeTokenError(error: unknown): string {
	const failure = error as {
		message?: string;
		response?: { status?: number; data?: Record<string, unknown> };
		cause?: { response?: { status?: number; data?: Record<string, unknown> } };
	};
	const response = failure.response ?? failure.cause?.response;
	const body = response?.data ?? {};
	const code = body.error ?? body.error_code;
	const text = body.error_description ?? body.error_message;
	if (typeof code === 'string' || typeof text === 'string') {
		return `Prioticket refused the token request (HTTP ${response?.status ?? '?'}): ${[code, text]
			.filter((part) => typeof part === 'string' && part !== '')
			.join(' – ')}`;
	}
	return `Could not get a Prioticket access token: ${failure.message ?? String(error)}`;
}
