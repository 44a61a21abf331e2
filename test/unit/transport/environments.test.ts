import {
	baseUrlExpression,
	baseUrlOf,
	ENVIRONMENTS,
} from '../../../nodes/Prioticket/transport/environments';

describe('base URL of a credential', () => {
	test('is {host}/{version}/distributor for each known environment, staging and v3.8 by default', () => {
		expect(baseUrlOf({})).toBe('https://staging-distributor-api.prioticket.com/v3.8/distributor');
		expect(baseUrlOf({ environment: 'production', apiVersion: 'v3.5' })).toBe(
			'https://distributor-api.prioticket.com/v3.5/distributor',
		);
		expect(baseUrlOf({ environment: 'sandbox' })).toBe(
			'https://sandbox-distributor-api.prioticket.com/v3.8/distributor',
		);
	});

	test('uses the custom host without trailing slashes', () => {
		expect(
			baseUrlOf({
				environment: 'custom',
				customBaseUrl: ' http://127.0.0.1:4010// ',
				apiVersion: '/v3.8/',
			}),
		).toBe('http://127.0.0.1:4010/v3.8/distributor');
	});

	test('rejects a custom host that is not a URL, naming the field', () => {
		expect(() => baseUrlOf({ environment: 'custom', customBaseUrl: 'localhost:4010' })).toThrow(
			/Custom Base URL/,
		);
		expect(() => baseUrlOf({ environment: 'mars' })).toThrow(
			/Unknown Prioticket environment "mars"/,
		);
	});

	test('the expression for the credential test names the same hosts', () => {
		const expression = baseUrlExpression();
		for (const { host } of Object.values(ENVIRONMENTS))
			if (host) expect(expression).toContain(host);
		expect(expression.startsWith('={{')).toBe(true);
	});
});
