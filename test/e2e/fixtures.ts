// Workflows and credentials the end-to-end tests create in a real n8n.
import { randomUUID } from 'crypto';

import type { Emulator } from '../emulator/emulator';
import type { N8n } from '../harness/n8n';

export const CREDENTIAL_NAME = 'Prioticket (local emulator)';

export const emulatorCredentialData = (emulator: Emulator) => ({
	environment: 'custom',
	customBaseUrl: emulator.url,
	apiVersion: 'v3.8',
	clientId: emulator.clientId,
	clientSecret: emulator.clientSecret,
});

export async function emulatorCredential(
	n8n: N8n,
	emulator: Emulator,
): Promise<{ id: string; name: string }> {
	const id = await n8n.createCredential(
		CREDENTIAL_NAME,
		'prioticketApi',
		emulatorCredentialData(emulator),
	);
	return { id, name: CREDENTIAL_NAME };
}

/** Prioticket Trigger → No Operation: each verified event becomes one execution. */
export function triggerWorkflow(
	credential: { id: string; name: string },
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
					name: 'Prioticket Trigger',
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
					name: 'Show Event',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [220, 0],
					parameters: {},
				},
			],
			connections: {
				'Prioticket Trigger': { main: [[{ node: 'Show Event', type: 'main', index: 0 }]] },
			},
			settings: { saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
		},
	};
}

/**
 * n8n's Webhook node → one Prioticket action, answering with the action's output (or its binary
 * file): a way to run an action node inside the real n8n server process, with parameters taken from
 * the request body.
 */
export function actionWorkflow(
	credential: { id: string; name: string },
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
