// Runs the package's nodes through n8n-core's real execution contexts, n8n-workflow's Workflow and
// expressions, and n8n's HTTP client, against the Prioticket emulator. What n8n's CLI would do
// around them is stood in for here, and each stand-in's behaviour is proven in a real n8n instead:
// - the credential store: mirrors packages/cli credentials-helper (preAuthentication when the
//   expirable token is empty or the API answered 401, persisted after); real n8n: test/e2e
//   (one token refresh across executions) and test/reliability/faults (token expiry mid-workflow);
// - node loading: the TypeScript sources, always at typeVersion 1; real n8n loads the packed
//   dist/ at the version a workflow names (every test under test/e2e and test/reliability);
// - activation sequencing: `activate` is checkExists, then create; real n8n's own order, its
//   retries and its asynchronous publishing: test/e2e/n8n.e2e.test.ts, test/reliability/faults;
// - the HTTP request and response: a plain object, with no body parser, size limit or method
//   routing; real n8n's answers to malformed JSON, a 20 MB body, GET, form bodies:
//   test/reliability/deliveries (22 kinds of input);
// - static data: an in-memory object, never saved; real n8n saves it with the workflow and reads
//   it back after a restart: test/reliability/faults (N8N_WEBHOOK_URL changed across restarts)
//   and the e2e re-activation tests.

import {
	ExecuteContext,
	ExecutionLifecycleHooks,
	HookContext,
	LoadOptionsContext,
	PollContext,
	WebhookContext,
} from 'n8n-core';
import {
	createEmptyRunExecutionData,
	ICredentialsHelper,
	isExpression,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IDataObject,
	type IExecuteData,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeListSearchResult,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IWebhookData,
	type IWebhookDescription,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { PrioticketApi } from '../../credentials/PrioticketApi.credentials';
import { Prioticket } from '../../nodes/Prioticket/Prioticket.node';
import { PrioticketTrigger } from '../../nodes/Prioticket/PrioticketTrigger.node';
import { Emulator, type EmulatorOptions } from '../emulator/emulator';

const nodeTypeMap: Record<string, INodeType> = {
	'n8n-nodes-prioticket.prioticket': new Prioticket(),
	'n8n-nodes-prioticket.prioticketTrigger': new PrioticketTrigger(),
};
const nodeTypes = {
	getByName: (type: string) => nodeTypeMap[type],
	getByNameAndVersion: (type: string) => nodeTypeMap[type],
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

export const CREDENTIAL_ID = 'cred-1';
export const WEBHOOK_BASE = 'https://n8n.example.com';

/** Credentials as n8n's CLI handles them, with a store that shows what n8n would persist. */
export class CredentialStore extends ICredentialsHelper {
	readonly stored = new Map<string, ICredentialDataDecryptedObject>();
	readonly preAuthentications: Array<{ expired: boolean }> = [];
	/** How often a node loaded (and so decrypted) a credential. */
	decryptions = 0;
	private readonly types: Record<string, ICredentialType> = { prioticketApi: new PrioticketApi() };

	private type(name: string) {
		const type = this.types[name];
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}

	getParentTypes(name: string): string[] {
		return this.type(name).extends ?? [];
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function')
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		if (authenticate?.type === 'generic') {
			const resolve = (value: string) => {
				if (!isExpression(value)) return value;
				const result = workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials } as never,
					undefined,
					'',
				);
				return result ? String(result) : '';
			};
			const options = requestOptions as unknown as Record<string, Record<string, string>>;
			for (const [outer, inner] of Object.entries(authenticate.properties)) {
				options[outer] ??= {};
				for (const [key, value] of Object.entries(inner as Record<string, string>)) {
					options[outer][resolve(key)] = resolve(value);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		this.preAuthentications.push({ expired: credentialsExpired });
		const output = (await type.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		const details = node.credentials?.[typeName];
		if (!details?.id) return undefined;
		this.stored.set(details.id, { ...this.stored.get(details.id), ...output });
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	) {
		return (await this.type(typeName).preAuthentication?.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		details: INodeCredentialsDetails,
		type: string,
		_mode: WorkflowExecuteMode,
		_executeData?: IExecuteData,
		raw?: boolean,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.stored.get(details.id ?? '');
		if (!data) throw new Error(`No test credential with id ${details.id}`);
		this.decryptions++;
		if (raw) return { ...data };
		return NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			{ ...data } as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these tests');
	}

	async updateCredentials(
		details: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	) {
		this.stored.set(details.id ?? '', { ...data });
	}

	async updateCredentialsOauthTokenData() {}
}

function additionalDataFor(credentials: CredentialStore, extra: IDataObject = {}) {
	return {
		credentialsHelper: credentials,
		hooks: new ExecutionLifecycleHooks('manual', 'test-execution', {
			id: 'wf-1',
			name: 'test',
			nodes: [],
			connections: {},
		} as never),
		executionId: 'test-execution',
		currentNodeExecutionIndex: 0,
		restApiUrl: `${WEBHOOK_BASE}/rest`,
		instanceBaseUrl: WEBHOOK_BASE,
		webhookBaseUrl: `${WEBHOOK_BASE}/webhook`,
		webhookTestBaseUrl: `${WEBHOOK_BASE}/webhook-test`,
		webhookWaitingBaseUrl: `${WEBHOOK_BASE}/webhook-waiting`,
		formBaseUrl: `${WEBHOOK_BASE}/form`,
		formTestBaseUrl: `${WEBHOOK_BASE}/form-test`,
		formWaitingBaseUrl: `${WEBHOOK_BASE}/form-waiting`,
		variables: {},
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface FakeResponse {
	statusCode: number;
	body: unknown;
}

export interface TriggerHandle {
	workflow: Workflow;
	staticData: () => IDataObject;
	/** The static data as n8n last saved it: what a restarted n8n starts from. */
	saved: () => IDataObject;
	checkExists: () => Promise<boolean>;
	create: () => Promise<boolean>;
	delete: () => Promise<boolean>;
	/** What n8n does on activation: checkExists, then create when it answers false. */
	activate: () => Promise<void>;
	/** One of n8n's polls: the items it would start an execution with, or null. */
	poll: () => Promise<IDataObject[] | null>;
	deliver: (request: { body?: unknown; headers?: Record<string, string> }) => Promise<{
		result: IWebhookResponseData;
		response: FakeResponse;
	}>;
	setWebhookBase: (base: string) => void;
}

/** An emulator plus a credential pointing at it; one per test file. */
export class TestBed {
	readonly emulator: Emulator;
	readonly credentials = new CredentialStore();

	constructor(options: EmulatorOptions = {}) {
		this.emulator = new Emulator({ deliveryRetryMs: 20, ...options });
	}

	async start(credentialOverrides: IDataObject = {}) {
		const url = await this.emulator.start();
		this.resetCredential(credentialOverrides, url);
		return this;
	}

	resetCredential(overrides: IDataObject = {}, url = this.emulator.url) {
		this.credentials.stored.set(CREDENTIAL_ID, {
			environment: 'custom',
			customBaseUrl: url,
			apiVersion: 'v3.8',
			clientId: this.emulator.clientId,
			clientSecret: this.emulator.clientSecret,
			...overrides,
		} as ICredentialDataDecryptedObject);
		this.credentials.preAuthentications.length = 0;
		this.credentials.decryptions = 0;
	}

	async stop() {
		await this.emulator.stop();
	}

	private node(type: string, parameters: INodeParameters, extra: Partial<INode> = {}): INode {
		return {
			id: 'node-1',
			name: type.endsWith('Trigger') ? 'Prioticket Trigger' : 'Prioticket',
			type: `n8n-nodes-prioticket.${type}`,
			typeVersion: 1,
			position: [0, 0],
			parameters,
			credentials: { prioticketApi: { id: CREDENTIAL_ID, name: 'Prioticket (emulator)' } },
			...extra,
		};
	}

	/** Runs the action node's execute() through a real n8n ExecuteContext. */
	async runAction(
		parameters: INodeParameters,
		{
			items = [{ json: {} }],
			continueOnFail = false,
		}: { items?: INodeExecutionData[]; continueOnFail?: boolean } = {},
	): Promise<INodeExecutionData[]> {
		const node = this.node(
			'prioticket',
			parameters,
			continueOnFail ? { onError: 'continueRegularOutput' } : {},
		);
		const workflow = new Workflow({
			id: 'wf-1',
			name: 'test',
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes,
		});
		const resolved = workflow.getNode(node.name)!;
		const inputData = { main: [items] };
		const context = new ExecuteContext(
			workflow,
			resolved,
			additionalDataFor(this.credentials),
			'manual',
			createEmptyRunExecutionData(),
			0,
			items,
			inputData,
			{ node: resolved, data: inputData, source: null },
			[],
		);
		const output = await nodeTypeMap[node.type].execute!.call(context);
		return (output as INodeExecutionData[][])[0];
	}

	/** A "From List" search of the action node, through a real n8n LoadOptionsContext. */
	async listSearch(
		method: string,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const node = this.node('prioticket', {});
		const workflow = new Workflow({
			id: 'wf-1',
			name: 'test',
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes,
		});
		const context = new LoadOptionsContext(
			workflow,
			workflow.getNode(node.name)!,
			additionalDataFor(this.credentials),
			'',
		);
		return await nodeTypeMap[node.type].methods!.listSearch![method].call(
			context,
			filter,
			paginationToken,
		);
	}

	/** A trigger node in a workflow, with n8n's real hook and webhook contexts. */
	trigger(
		parameters: INodeParameters,
		{
			mode = 'trigger' as 'trigger' | 'manual',
			webhookId = 'hook-1',
			workflowId = 'wf-1',
			activation = (mode === 'manual' ? 'manual' : 'activate') as WorkflowActivateMode,
			/** The node's static data as n8n loads it from its database (a restart, or a delivery's copy). */
			staticData = undefined as IDataObject | undefined,
		} = {},
	): TriggerHandle {
		const node = this.node('prioticketTrigger', parameters, { webhookId });
		const workflow = new Workflow({
			id: workflowId,
			name: 'test',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes,
			staticData:
				staticData === undefined
					? {}
					: { [`node:${node.name}`]: JSON.parse(JSON.stringify(staticData)) as IDataObject },
		});
		const nodeType = nodeTypeMap[node.type];
		const description = nodeType.description.webhooks![0] as IWebhookDescription;
		let base = WEBHOOK_BASE;
		const additionalData = () =>
			additionalDataFor(this.credentials, {
				webhookBaseUrl: `${base}/webhook`,
				webhookTestBaseUrl: `${base}/webhook-test`,
			});
		const webhookData = (data: IWorkflowExecuteAdditionalData): IWebhookData => ({
			httpMethod: 'POST',
			node: node.name,
			path: String(description.path),
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: data,
			isTest: mode === 'manual',
		});
		// What n8n has in its database: it saves the static data after activation hooks, after a
		// poll that emitted and after a webhook call, and only when the static data noticed a change.
		let saved: IDataObject = {};
		const save = () => {
			if (workflow.staticData.__dataChanged !== true) return;
			saved = JSON.parse(
				JSON.stringify(workflow.staticData[`node:${node.name}`] ?? {}),
			) as IDataObject;
			workflow.staticData.__dataChanged = false;
		};
		const hook = (method: 'checkExists' | 'create' | 'delete') => async () => {
			const data = additionalData();
			const context = new HookContext(
				workflow,
				workflow.getNode(node.name)!,
				data,
				mode,
				activation,
				webhookData(data),
			);
			const answer = (await nodeType.webhookMethods!.default![method]!.call(context)) as boolean;
			save();
			return answer;
		};
		const handle: TriggerHandle = {
			workflow,
			staticData: () => workflow.staticData[`node:${node.name}`] as IDataObject,
			saved: () => JSON.parse(JSON.stringify(saved)) as IDataObject,
			checkExists: hook('checkExists'),
			create: hook('create'),
			delete: hook('delete'),
			activate: async () => {
				// In polling mode the trigger has no webhook (its HTTP method resolves to none): n8n's
				// activation is its first poll, after which n8n saves the static data.
				if (parameters.receiveBy === 'polling') {
					await handle.poll();
					save();
					return;
				}
				if (!(await handle.checkExists())) await handle.create();
			},
			poll: async () => {
				const context = new PollContext(
					workflow,
					workflow.getNode(node.name)!,
					additionalData(),
					mode,
					activation,
				);
				const output = await nodeType.poll!.call(context);
				if (output !== null) save();
				return output === null ? null : output[0].map((item) => item.json);
			},
			deliver: async ({ body = {}, headers = {} }) => {
				const response = {
					statusCode: 200,
					body: undefined as unknown,
					status(code: number) {
						this.statusCode = code;
						return this;
					},
					json(value: unknown) {
						this.body = value;
						return this;
					},
					send(value: unknown) {
						this.body = value;
						return this;
					},
					end(value?: unknown) {
						this.body = value;
						return this;
					},
					setHeader() {
						return this;
					},
				};
				const request = { method: 'POST', headers, query: {}, params: {}, body };
				const data = {
					...additionalData(),
					httpRequest: request,
					httpResponse: response,
				} as unknown as IWorkflowExecuteAdditionalData;
				const context = new WebhookContext(
					workflow,
					workflow.getNode(node.name)!,
					data,
					mode,
					webhookData(data),
					[],
					null,
				);
				const result = await nodeType.webhook!.call(context);
				return { result, response };
			},
			setWebhookBase: (value: string) => {
				base = value;
			},
		};
		return handle;
	}
}

/** The trigger URL n8n gives a node with this webhookId. */
export const triggerUrl = (webhookId = 'hook-1', base = WEBHOOK_BASE, test = false) =>
	`${base}/${test ? 'webhook-test' : 'webhook'}/${webhookId}/webhook`;

/** A TestBed for one test file: started before its tests, stopped after, reset before each test. */
export function useTestBed(options: EmulatorOptions = {}): TestBed {
	const bed = new TestBed(options);
	beforeAll(async () => await bed.start());
	afterAll(async () => await bed.stop());
	beforeEach(() => {
		bed.emulator.reset();
		bed.resetCredential();
	});
	return bed;
}
