// The Prioticket hosts a credential can point at. The credential's options, its connection test and
// the transport's base URL all come from this table.

export const ENVIRONMENTS = {
	production: { name: 'Production', host: 'https://distributor-api.prioticket.com' },
	staging: { name: 'Staging', host: 'https://staging-distributor-api.prioticket.com' },
	sandbox: { name: 'Sandbox', host: 'https://sandbox-distributor-api.prioticket.com' },
	custom: { name: 'Custom Host', host: '' },
} as const;

export type Environment = keyof typeof ENVIRONMENTS;

export const DEFAULT_API_VERSION = 'v3.8';

export interface ConnectionSettings {
	environment?: unknown;
	customBaseUrl?: unknown;
	apiVersion?: unknown;
}

/** `{host}/{apiVersion}/distributor`, e.g. `https://staging-distributor-api.prioticket.com/v3.8/distributor`. */
export function baseUrlOf(settings: ConnectionSettings): string {
	const environment = (settings.environment ?? 'staging') as Environment;
	const known = ENVIRONMENTS[environment];
	if (known === undefined) {
		throw new Error(`Unknown Prioticket environment "${String(environment)}": pick one in the credential`);
	}
	const host =
		environment === 'custom' ? String(settings.customBaseUrl ?? '').trim().replace(/\/+$/, '') : known.host;
	if (!/^https?:\/\/[^/\s]+/i.test(host)) {
		throw new Error(
			'The credential\'s "Custom Base URL" must be a full http(s) URL such as https://api.example.com',
		);
	}
	const version = String(settings.apiVersion || DEFAULT_API_VERSION).trim().replace(/^\/+|\/+$/g, '');
	return `${host}/${version}/distributor`;
}

/**
 * The same computation as an n8n expression over `$credentials`, for the credential's connection
 * test, which n8n evaluates as an expression rather than calling our code.
 */
export function baseUrlExpression(): string {
	const hosts = JSON.stringify(
		Object.fromEntries(Object.entries(ENVIRONMENTS).map(([key, { host }]) => [key, host])),
	);
	return (
		'={{ ($credentials.environment === "custom" ? String($credentials.customBaseUrl).trim().replace(/\\/+$/, "") : ' +
		`${hosts}[$credentials.environment || "staging"]) + "/" + ($credentials.apiVersion || "${DEFAULT_API_VERSION}") + "/distributor" }}`
	);
}
