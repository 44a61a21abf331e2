// What the end-to-end tests share: starting the emulator and a real n8n, the credential and the
// workflows they create there, the editor's run of a workflow, and reading what the trigger emitted.
import { randomUUID } from 'crypto';

import type { Emulator } from '../emulator/emulator';
import { DEFAULT_N8N_VERSION, waitFor, type Execution, type N8n } from '../harness/n8n';

export const CREDENTIAL_NAME = 'Prioticket (local emulator)';

/** A credential as a workflow's node names it. */
export type CredentialRef = { id: string; name: string };

/** The nodes of `triggerWorkflow`. */
export const TRIGGER_NODE = 'Prioticket Trigger';
export const NEXT_NODE = 'Show Event';

export const emulatorCredentialData = (emulator: Emulator) => ({
	environment: 'custom',
	customBaseUrl: emulator.url,
	apiVersion: 'v3.8',
	clientId: emulator.clientId,
	clientSecret: emulator.clientSecret,
});

export async function emulatorCredential(n8n: N8n, emulator: Emulator): Promise<CredentialRef> {
	const id = await n8n.createCredential(
		CREDENTIAL_NAME,
		'prioticketApi',
		emulatorCredentialData(emulator),
	);
	return { id, name: CREDENTIAL_NAME };
}

/** A test file's set-up: the emulator, then n8n, then the emulator's credential in n8n. */
export async function startWithCredential(emulator: Emulator, n8n: N8n): Promise<CredentialRef> {
	await emulator.start();
	await n8n.start();
	return await emulatorCredential(n8n, emulator);
}

/** A test file's tear-down: n8n, then the emulator. */
export async function stopAll(emulator: Emulator, n8n: N8n) {
	await n8n.stop();
	await emulator.stop();
}

/** Prioticket Trigger → No Operation: each verified event becomes one execution. */
export function triggerWorkflow(
	credential: CredentialRef,
	parameters: Record<string, unknown>,
	name = `Prioticket trigger ${randomUUID().slice(0, 8)}`,
) {
	const webhookId = randomUUID();
	return {
		webhookId,
		workflow: {
			name,
			nodes: [
				{
					id: randomUUID(),
					name: TRIGGER_NODE,
					type: 'n8n-nodes-prioticket.prioticketTrigger',
					typeVersion: 1.1,
					position: [0, 0],
					webhookId,
					// Hourly self-checks unless a test asks otherwise: the every-minute default would add
					// GET /webhooks calls to tests that count calls (test/e2e/heal.e2e.test.ts sets its own).
					parameters: { pollTimes: { item: [{ mode: 'everyHour' }] }, ...parameters },
					credentials: { prioticketApi: credential },
				},
				{
					id: randomUUID(),
					name: NEXT_NODE,
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [220, 0],
					parameters: {},
				},
			],
			connections: {
				[TRIGGER_NODE]: { main: [[{ node: NEXT_NODE, type: 'main', index: 0 }]] },
			},
			settings: { saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
		},
	};
}

/**
 * A trigger workflow created in n8n that checks its registration (or polls) every minute, as the
 * healing tests need: its ID, the trigger node's ID and its production webhook URL.
 */
export async function createMinutelyTrigger(
	n8n: N8n,
	credential: CredentialRef,
	parameters: Record<string, unknown>,
) {
	const { workflow, webhookId } = triggerWorkflow(credential, {
		pollTimes: { item: [{ mode: 'everyMinute' }] },
		...parameters,
	});
	const id = await n8n.createWorkflow(workflow);
	const nodeId = (workflow.nodes[0] as { id: string }).id;
	return { id, nodeId, url: `${n8n.url}/webhook/${webhookId}/webhook` };
}

/**
 * n8n's Webhook node → one Prioticket action, answering with the action's output (or its binary
 * file): a way to run an action node inside the real n8n server process, with parameters taken from
 * the request body.
 */
export function actionWorkflow(
	credential: CredentialRef,
	path: string,
	parameters: Record<string, unknown>,
	/** The first item's binary field to answer with; without it, every output item's JSON. */
	binaryField?: string,
) {
	const response = binaryField
		? { responseData: 'firstEntryBinary', responseBinaryPropertyName: binaryField }
		: { responseData: 'allEntries' };
	return {
		name: `Prioticket action ${path}`,
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: {
					httpMethod: 'POST',
					path,
					responseMode: 'lastNode',
					...response,
					options: {},
				},
			},
			{
				id: randomUUID(),
				name: 'Prioticket',
				type: 'n8n-nodes-prioticket.prioticket',
				typeVersion: 1,
				position: [220, 0],
				parameters,
				credentials: { prioticketApi: credential },
				onError: 'continueRegularOutput',
			},
		],
		connections: { Webhook: { main: [[{ node: 'Prioticket', type: 'main', index: 0 }]] } },
		settings: {},
	};
}

/**
 * The editor's "Execute workflow" with one trigger: its name as the trigger to start from, no
 * destination node and no run data (n8n-editor-ui's useRunWorkflow). n8n 1.x also wants the workflow.
 * `triggerOnly`: the trigger's own test button.
 */
export async function executeWorkflow(n8n: N8n, id: string, { triggerOnly = false } = {}) {
	const workflowData = DEFAULT_N8N_VERSION.startsWith('1.')
		? (await n8n.rest().get(`/workflows/${id}`)).data?.data
		: undefined;
	const response = await n8n.rest().post(`/workflows/${id}/run`, {
		workflowId: id,
		...(workflowData ? { workflowData } : {}),
		startNodes: [],
		triggerToStartFrom: { name: TRIGGER_NODE },
		// The trigger's own test button: the trigger is the destination.
		...(triggerOnly ? { destinationNode: { nodeName: TRIGGER_NODE, mode: 'inclusive' } } : {}),
	});
	expect(response.status).toBe(200);
	return response.data?.data as { waitingForWebhook?: boolean; executionId?: string };
}

/** Whether n8n is done with an execution, whatever its outcome. */
export const finished = (execution: Execution) =>
	!['new', 'running', 'waiting'].includes(execution.status);

/** One execution of a workflow, with its data, once n8n is done with it. */
export async function finishedExecution(n8n: N8n, workflowId: string, executionId?: string) {
	return await waitFor('the finished execution', async () => {
		const found = (await n8n.executions(workflowId, true)).find((e) => e.id === executionId);
		return found !== undefined && finished(found) && found;
	});
}

/** The items a node output in an execution read with its data; none when the node did not run. */
export const outputOf = (execution: Execution, node = TRIGGER_NODE) =>
	(execution.data?.resultData.runData[node]?.[0]?.data.main[0] ?? []).map((item) => item.json);

/** Every item the trigger emitted, over the workflow's successful executions, oldest first. */
export async function emitted(n8n: N8n, workflowId: string) {
	const executions = (await n8n.executions(workflowId, true)).filter((e) => e.status === 'success');
	executions.sort((a, b) => Number(a.id) - Number(b.id));
	return executions.flatMap((execution) => outputOf(execution));
}
