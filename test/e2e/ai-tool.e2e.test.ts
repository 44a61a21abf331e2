/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// The Prioticket node as an AI Agent's tools in a real n8n, without a model: n8n offers it as
// "Prioticket Tool" (usableAsTool), and the agent's three calls of a sale (Check Availability →
// Hold Spots → Book Order), each with the IDs the previous one returned, run the way the editor's
// "Execute step" on a tool runs them: n8n replaces the agent with its Tool Executor, builds the tool
// with its own code (createNodeAsTool: the $fromAI() parameters become the tool's schema) and invokes
// it with the arguments a model would send. What a model is shown (tool names, descriptions and
// argument schemas) is built with the same n8n's own tool code from the stored workflow: a tool's
// description is its operation's action plus " in Prioticket" unless set by hand (the selling
// operations' actions name the IDs they pass on),
// and an argument's description is only what its $fromAI() says (the editor's ✨ button leaves it
// empty); the node's field descriptions, which name where each ID comes from, reach a model only
// when copied into it.
import { randomUUID } from 'crypto';
import { join, resolve } from 'path';

import { Emulator } from '../emulator/emulator';
import { DEFAULT_N8N_VERSION, ensureN8n, N8n, waitFor, type Execution } from '../harness/n8n';
import { dayAhead, DISTRIBUTOR, slotOf } from '../integration/actions/selling';
import { CREDENTIAL_NAME, emulatorCredentialData } from './fixtures';

const emulator = new Emulator();
const n8n = new N8n({ log: (line) => process.stdout.write(`[ai-tool] ${line}\n`) });
const legacy = DEFAULT_N8N_VERSION.startsWith('1.');
let workflowId: string;

const TOOL_TYPE = 'n8n-nodes-prioticket.prioticketTool';
const fromAI = (key: string, description: string, type = 'string') =>
	`={{ $fromAI('${key}', \`${description}\`, '${type}') }}`;
/** What the agent's builder writes into each $fromAI(): where the value comes from. */
const HINTS = {
	productId: 'The product_id of the product to sell (from Product → Get Many)',
	date: 'The day of the visit, YYYY-MM-DD',
	partySize: 'How many people: only slots with at least this many open spots are listed',
	slotId: 'The slotId of the chosen slot, from Check Availability',
	productTypes:
		'Tickets as productTypeId: count pairs, e.g. 20011: 2, 20012: 1; the productTypeId values are in the prices of the slot from Check Availability',
	externalReference:
		'Your unique reference for this sale, the same on every retry (e.g. the chat or shop order number)',
	reservationReference: 'The reservation_reference Hold Spots returned',
	email: "The guest's email address",
};

function workflow(credential: { id: string; name: string }) {
	const tool = (name: string, x: number, parameters: Record<string, unknown>) => ({
		id: randomUUID(),
		name,
		type: TOOL_TYPE,
		typeVersion: 1,
		position: [x, 220],
		parameters,
		credentials: { prioticketApi: credential },
	});
	return {
		name: 'Prioticket as an AI Agent’s tools',
		nodes: [
			{
				id: randomUUID(),
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			// The agent that would call the tools; the tool runs below replace it, so it needs no model.
			{
				id: randomUUID(),
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3,
				position: [220, 0],
				parameters: { options: {} },
			},
			tool('Check Availability', 100, {
				resource: 'availability',
				operation: 'getAll',
				product: { __rl: true, mode: 'id', value: fromAI('productId', HINTS.productId) },
				fromDate: fromAI('date', HINTS.date),
				limit: 5,
				options: { spotsOpenMin: fromAI('partySize', HINTS.partySize, 'number') },
			}),
			tool('Hold Spots', 300, {
				resource: 'reservation',
				operation: 'create',
				bookings: {
					booking: [
						{
							productId: fromAI('productId', HINTS.productId),
							slotId: fromAI('slotId', HINTS.slotId),
							productTypes: fromAI('productTypes', HINTS.productTypes),
						},
					],
				},
				externalReference: fromAI('externalReference', HINTS.externalReference),
			}),
			tool('Book Order', 500, {
				resource: 'order',
				operation: 'create',
				bookingMode: 'confirmReservation',
				reservationReference: fromAI('reservationReference', HINTS.reservationReference),
				externalReference: fromAI('externalReference', HINTS.externalReference),
				additionalFields: { contactEmail: fromAI('email', HINTS.email) },
			}),
		],
		connections: {
			Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			...Object.fromEntries(
				['Check Availability', 'Hold Spots', 'Book Order'].map((name) => [
					name,
					{ ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
				]),
			),
		},
		settings: { saveManualExecutions: true },
	};
}

beforeAll(async () => {
	await emulator.start();
	await n8n.start();
	const id = await n8n.createCredential(CREDENTIAL_NAME, 'prioticketApi', {
		...emulatorCredentialData(emulator),
		...DISTRIBUTOR,
	});
	workflowId = await n8n.createWorkflow(workflow({ id, name: CREDENTIAL_NAME }));
}, 900_000);

afterAll(async () => {
	await n8n.stop();
	await emulator.stop();
});

/** The tool's node type as n8n gives the editor (types/nodes.json, the node creator's list). */
async function toolType() {
	const types = await n8n.rest().get(`${n8n.url}/types/nodes.json`);
	expect(types.status).toBe(200);
	return (
		types.data as Array<{ name: string; displayName: string; inputs: unknown; outputs: unknown }>
	).find((type) => type.name === TOOL_TYPE);
}

const toolName = (node: string) => node.replace(/[^a-zA-Z0-9_-]+/g, '_');

interface ToolRun {
	execution: Execution;
	/** What the tool handed the agent: the JSON of the node's output items. */
	response: Array<Record<string, unknown>>;
}

/**
 * The editor's "Execute step" on a tool node with the arguments filled in (FromAiParametersModal →
 * useRunWorkflow): the tool node as the destination and an agent request. n8n 1.x's Tool Executor
 * takes the arguments as they are, 2.x's under the tool's name; 1.x also wants the workflow.
 */
async function callTool(node: string, args: Record<string, unknown>): Promise<ToolRun> {
	const before = (await n8n.executions(workflowId)).length;
	const workflowData = legacy
		? (await n8n.rest().get(`/workflows/${workflowId}`)).data?.data
		: undefined;
	const response = await n8n.rest().post(`/workflows/${workflowId}/run`, {
		workflowId,
		...(workflowData ? { workflowData } : {}),
		destinationNode: { nodeName: node, mode: 'inclusive' },
		agentRequest: {
			query: legacy ? args : { [toolName(node)]: args },
			tool: { name: toolName(node) },
		},
	});
	expect(response.status).toBe(200);
	const all = await waitFor('the finished tool run', async () => {
		const list = await n8n.executions(workflowId, true);
		return (
			list.length === before + 1 &&
			list.every((e) => !['new', 'running', 'waiting'].includes(e.status)) &&
			list
		);
	});
	const execution = all.sort((a, b) => Number(b.id) - Number(a.id))[0];
	const runs = execution.data!.resultData.runData as unknown as Record<
		string,
		Array<{ data?: { ai_tool?: Array<Array<{ json: { response?: unknown } }>> } }>
	>;
	const [run] = runs[node] ?? [];
	return {
		execution,
		response: (run?.data?.ai_tool?.[0]?.[0]?.json.response ?? []) as Array<Record<string, unknown>>,
	};
}

describe('the agent’s sale: Check Availability → Hold Spots → Book Order, each with the IDs the one before returned', () => {
	const day = dayAhead(12);
	let slot: { slotId: string; prices: Array<{ productTypeId: string }> };
	let reservation: string;

	test('n8n offers the node as "Prioticket Tool", an AI tool', async () => {
		const type = await toolType();
		expect(type).toMatchObject({
			displayName: 'Prioticket Tool',
			inputs: [],
			outputs: ['ai_tool'],
		});
	});

	test('Check Availability: the slots with room for the party, each with its slotId and prices', async () => {
		const { execution, response } = await callTool('Check Availability', {
			productId: '2001',
			date: day,
			partySize: 3,
		});
		expect(execution.status).toBe('success');
		expect(response.map((s) => s.slotId)).toEqual(
			['1000', '1200', '1400'].map((time) => slotOf('2001', day, time)),
		);
		expect(response[0]).toMatchObject({
			productId: '2001',
			spotsOpen: 20,
			prices: expect.arrayContaining([
				expect.objectContaining({ productTypeId: '20011', price: '25.00' }),
				expect.objectContaining({ productTypeId: '20012', price: '12.50' }),
			]),
		});
		slot = response[0] as typeof slot;
		// The agent's answer: the output of the Tool Executor that stood in for it.
		expect(Object.keys(execution.data!.resultData.runData)).toEqual(
			expect.arrayContaining(['Start', 'Check Availability', 'PartialExecutionToolExecutor']),
		);
		expect(emulator.countRequests('GET', '/products/2001/availability')).toBe(1);
	});

	test('Hold Spots with the slotId and the product type IDs from the slot: a hold until reservation_valid_until', async () => {
		const types = slot.prices.map((price) => price.productTypeId);
		const { execution, response } = await callTool('Hold Spots', {
			productId: '2001',
			slotId: slot.slotId,
			productTypes: `${types[0]}: 2, ${types[1]}: 1`,
			externalReference: 'CHAT-4711',
		});
		expect(execution.status).toBe('success');
		expect(response).toEqual([
			expect.objectContaining({
				reservation_reference: expect.stringMatching(/^RES-/),
				reservation_external_reference: 'CHAT-4711',
				reservation_valid_until: expect.any(String),
			}),
		]);
		reservation = String(response[0].reservation_reference);
		expect(emulator.reservations.get(reservation)?.items).toHaveLength(1);
	});

	test('Book Order with the reservation_reference: one confirmed order, priced by Prioticket', async () => {
		const { execution, response } = await callTool('Book Order', {
			reservationReference: reservation,
			externalReference: 'CHAT-4711',
			email: 'guest@example.com',
		});
		expect(execution.status).toBe('success');
		expect(response).toEqual([
			expect.objectContaining({
				order_reference: expect.stringMatching(/^ORD-/),
				order_external_reference: 'CHAT-4711',
				order_status: 'ORDER_CONFIRMED',
				contact_email: 'guest@example.com',
				price_total: '62.50',
				bookings: [expect.objectContaining({ booking_status: 'BOOKING_CONFIRMED' })],
			}),
		]);
		const orders = [...emulator.catalogue.orders.values()].filter(
			(order) => order.order_external_reference === 'CHAT-4711',
		);
		expect(orders.map((order) => order.order_reference)).toEqual([response[0].order_reference]);
		expect(emulator.reservations.get(reservation)?.orderReference).toBe(
			response[0].order_reference,
		);
	});

	test('the model sends the same booking again: the same order comes back, nothing is booked twice', async () => {
		const { response } = await callTool('Book Order', {
			reservationReference: reservation,
			externalReference: 'CHAT-4711',
			email: 'guest@example.com',
		});
		expect(response).toEqual([expect.objectContaining({ existing_order: 'found_before_create' })]);
		expect(emulator.countRequests('POST', '/orders')).toBe(1);
	});

	test('a model’s bad argument fails the tool with the field and the fix, before any call', async () => {
		const calls = emulator.requests.length;
		const { execution } = await callTool('Hold Spots', {
			productId: '2001',
			slotId: slot.slotId,
			productTypes: '20011: 0',
			externalReference: 'CHAT-4712',
		});
		expect(execution.status).toBe('error');
		const { error } = execution.data!.resultData as { error?: { message: string } };
		expect(error?.message).toMatch(
			/Bookings → Booking 1 → Product Types.*asks for 0 of product type 20011/,
		);
		expect(emulator.requests.length).toBe(calls);
	});
});

describe('what a model is shown, built by this n8n’s own tool code from the stored workflow', () => {
	interface ZodLike {
		description?: string;
		_def: { typeName: string };
	}
	let toolDescription: unknown;
	let tools: Record<string, { name: string; description: string; schema: Record<string, ZodLike> }>;

	beforeAll(async () => {
		// The n8n under test's createNodeAsTool (n8n-core), as its agents call it for a node tool.
		const root = resolve(ensureN8n(DEFAULT_N8N_VERSION).n8nBin, '..', '..');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { createNodeAsTool } = require(
			join(
				root,
				'n8n-core/dist/execution-engine/node-execution-context/utils/create-node-as-tool.js',
			),
		) as {
			createNodeAsTool: (options: unknown) => {
				response: { name: string; description: string; schema: { shape: Record<string, ZodLike> } };
			};
		};
		const description = await toolType();
		toolDescription = description;
		const stored = await n8n.api().get(`/workflows/${workflowId}`);
		tools = {};
		for (const node of stored.data.nodes as Array<{ name: string; type: string }>) {
			if (node.type !== TOOL_TYPE) continue;
			const { response } = createNodeAsTool({
				node,
				nodeType: { description },
				handleToolInvocation: async () => '',
			});
			tools[node.name] = {
				name: response.name,
				description: response.description,
				schema: response.schema.shape,
			};
		}
	});

	const argumentsOf = (tool: string) =>
		Object.fromEntries(
			Object.entries(tools[tool].schema).map(([key, value]) => [
				key,
				[value._def.typeName, value.description],
			]),
		);

	test('each tool is named after its node and described by its operation', () => {
		expect(Object.values(tools).map(({ name, description }) => [name, description])).toEqual([
			[
				'Check_Availability',
				'Get many availability slots (a slotId books a reservation or an order) in Prioticket',
			],
			[
				'Hold_Spots',
				'Create a reservation holding a slotId (its reservation_reference books an order) in Prioticket',
			],
			['Book_Order', 'Create an order from a reservation_reference or a slotId in Prioticket'],
		]);
	});

	test('its arguments are the $fromAI() parameters, each saying which tool’s output its ID comes from', () => {
		expect(argumentsOf('Check Availability')).toEqual({
			productId: ['ZodString', HINTS.productId],
			date: ['ZodString', HINTS.date],
			partySize: ['ZodNumber', HINTS.partySize],
		});
		expect(argumentsOf('Hold Spots')).toEqual({
			productId: ['ZodString', HINTS.productId],
			slotId: ['ZodString', HINTS.slotId],
			productTypes: ['ZodString', HINTS.productTypes],
			externalReference: ['ZodString', HINTS.externalReference],
		});
		expect(argumentsOf('Book Order')).toEqual({
			reservationReference: ['ZodString', HINTS.reservationReference],
			externalReference: ['ZodString', HINTS.externalReference],
			email: ['ZodString', HINTS.email],
		});
	});

	test('the fields a $fromAI() fills say which operation their ID comes from (the hint to copy into it)', () => {
		type Property = {
			name: string;
			description?: string;
			displayOptions?: { show?: Record<string, unknown[]> };
			options?: Array<{ name: string; values?: Property[] }>;
		};
		const properties = (toolDescription as { properties: Property[] }).properties;
		const field = (resource: string, operation: string, name: string) =>
			properties.find(
				(p) =>
					p.name === name &&
					p.displayOptions?.show?.resource?.includes(resource) &&
					p.displayOptions?.show?.operation?.includes(operation),
			)!;
		const booking = (resource: string) =>
			field(resource, 'create', 'bookings').options![0].values!.map((value) => [
				value.name,
				value.description,
			]);
		// product → availability slot → reservation → order
		expect(field('availability', 'getAll', 'product').description).toMatch(
			/Product → Get Many.*slotId.*Reservation → Create/,
		);
		for (const resource of ['reservation', 'order'])
			expect(Object.fromEntries(booking(resource))).toMatchObject({
				productId: expect.stringMatching(/Product → Get Many/),
				slotId: expect.stringMatching(/slotId from Availability → Get Many/),
			});
		expect(field('order', 'create', 'reservationReference').description).toMatch(
			/reservation_reference Reservation → Create returned/,
		);
		expect(field('order', 'create', 'externalReference').description).toMatch(/makes a retry safe/);
	});
});
