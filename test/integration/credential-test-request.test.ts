// The credential's *Test* request: n8n evaluates its base URL as an expression over `$credentials`
// (not our code), so it must agree with `baseUrlOf`, which every node call uses. Evaluated here by
// n8n-workflow's expression code on the same inputs, with its `legacy` engine (n8n 1.x's default),
// which turns an error thrown inside an expression into no value: Test then has no URL to call.
// n8n 2.x's `vm` engine passes the error's message on instead: test/e2e/n8n.e2e.test.ts checks
// that the real n8n 2.41.1's Test shows it.
import { Workflow, type INodeTypes } from 'n8n-workflow';

import { PrioticketApi } from '../../credentials/PrioticketApi.credentials';
import { baseUrlOf, type ConnectionSettings } from '../../nodes/Prioticket/transport/environments';

const node = {
	id: 'node-1',
	name: 'Test',
	type: 'n8n-nodes-base.noOp',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};
const nodeTypes = {
	getByName: () => ({ description: { properties: [] } }),
	getByNameAndVersion: () => ({ description: { properties: [] } }),
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;
const workflow = new Workflow({
	id: 'wf',
	nodes: [node],
	connections: {},
	active: false,
	nodeTypes,
});

/** What n8n's credential test resolves `baseURL` to, or the message it fails with. */
function testBaseUrl(credentials: ConnectionSettings): string {
	const expression = new PrioticketApi().test.request.baseURL!;
	try {
		return String(
			workflow.expression.getSimpleParameterValue(
				node,
				expression,
				'internal',
				{ $credentials: credentials } as never,
				undefined,
				'',
			),
		);
	} catch (error) {
		return `error: ${(error as Error).message}`;
	}
}

function nodesBaseUrl(credentials: ConnectionSettings): string {
	try {
		return baseUrlOf(credentials);
	} catch (error) {
		return `error: ${(error as Error).message}`;
	}
}

const valid: Array<[string, ConnectionSettings]> = [
	['the default environment', {}],
	['an empty environment', { environment: '' }],
	['staging', { environment: 'staging', apiVersion: 'v3.8' }],
	['production', { environment: 'production', apiVersion: 'v3.8' }],
	['sandbox, version with slashes', { environment: 'sandbox', apiVersion: '/v3.8/' }],
	['version with spaces', { environment: 'production', apiVersion: '  v3.9 ' }],
	['empty version', { environment: 'production', apiVersion: '' }],
	[
		'custom host with trailing slashes and spaces',
		{ environment: 'custom', customBaseUrl: ' http://127.0.0.1:4010// ', apiVersion: 'v3.8/' },
	],
];
const invalid: Array<[string, ConnectionSettings]> = [
	['custom host without a scheme', { environment: 'custom', customBaseUrl: '127.0.0.1:4010' }],
	['custom host empty', { environment: 'custom', customBaseUrl: '' }],
	['unknown environment', { environment: 'moon' }],
];

test.each(valid)('%s: Test calls the URL the nodes call', (_name, credentials) => {
	expect(testBaseUrl(credentials)).toBe(nodesBaseUrl(credentials));
	expect(testBaseUrl(credentials)).toMatch(/^https?:\/\/[^/]+\/v[\d.]+\/distributor$/);
});

test.each(invalid)(
	'%s: the nodes refuse it, and Test gets no URL to call',
	(_name, credentials) => {
		expect(nodesBaseUrl(credentials)).toMatch(/^error: /);
		expect(['undefined', 'null', '']).toContain(testBaseUrl(credentials));
	},
);

test('a version written /v3.8/ makes Test call /v3.8/distributor, as the nodes do', () => {
	expect(
		testBaseUrl({
			environment: 'custom',
			customBaseUrl: 'http://127.0.0.1:4010/',
			apiVersion: '/v3.8/',
		}),
	).toBe('http://127.0.0.1:4010/v3.8/distributor');
});

test('the expression fails with the messages of baseUrlOf, naming the field and the fix', () => {
	const expression = new PrioticketApi().test.request.baseURL!;
	expect(expression).toContain(
		'throw new Error("The credential\'s \\"Custom Base URL\\" must be a full http(s) URL such as https://api.example.com")',
	);
	expect(nodesBaseUrl({ environment: 'custom', customBaseUrl: 'api.example.com' })).toContain(
		'"Custom Base URL" must be a full http(s) URL',
	);
	expect(expression).toContain(
		'throw new Error("Unknown Prioticket environment \\"" + environment + "\\": pick one in the credential")',
	);
});
