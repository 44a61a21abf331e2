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

const CUSTOM_URL_NEEDED =
	'The credential\'s "Custom Base URL" must be a full http(s) URL such as https://api.example.com';
const unknownEnvironment = (environment: string) =>
	`Unknown Prioticket environment "${environment}": pick one in the credential`;

/** `{host}/{apiVersion}/distributor`, e.g. `https://staging-distributor-api.prioticket.com/v3.8/distributor`. */
export function baseUrlOf(settings: ConnectionSettings): string {
	const environment = (settings.environment || 'staging') as Environment;
	const known = ENVIRONMENTS[environment];
	if (known === undefined) {
		throw new Error(unknownEnvironment(String(environment)));
	}
	const host =
		environment === 'custom'
			? String(settings.customBaseUrl ?? '')
					.trim()
					.replace(/\/+$/, '')
			: known.host;
	if (!/^https?:\/\/[^/\s]+/i.test(host)) {
		throw new Error(CUSTOM_URL_NEEDED);
	}
	const version = String(settings.apiVersion || DEFAULT_API_VERSION)
		.trim()
		.replace(/^\/+|\/+$/g, '');
	return `${host}/${version}/distributor`;
}

/**
 * The same computation as an n8n expression over `$credentials`, for the credential's connection
 * test, which n8n evaluates as an expression rather than calling our code. It trims, validates and
 * fails with the same messages as `baseUrlOf`; a test evaluates both on the same inputs.
 */
export function baseUrlExpression(): string {
	const hosts = JSON.stringify(
		Object.fromEntries(Object.entries(ENVIRONMENTS).map(([key, { host }]) => [key, host])),
	);
	const [before, after] = unknownEnvironment('\u0000')
		.split('\u0000')
		.map((part) => JSON.stringify(part));
	return (
		'={{ (() => { ' +
		`const hosts = ${hosts}; ` +
		'const environment = $credentials.environment || "staging"; ' +
		`if (!Object.keys(hosts).includes(environment)) throw new Error(${before} + environment + ${after}); ` +
		'const host = environment === "custom" ? String($credentials.customBaseUrl || "").trim().replace(/\\/+$/, "") : hosts[environment]; ' +
		`if (!/^https?:\\/\\/[^/\\s]+/i.test(host)) throw new Error(${JSON.stringify(CUSTOM_URL_NEEDED)}); ` +
		`const version = String($credentials.apiVersion || "${DEFAULT_API_VERSION}").trim().replace(/^\\/+|\\/+$/g, ""); ` +
		'return host + "/" + version + "/distributor"; })() }}'
	);
}
