/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- test tooling: runs under Node, never inside n8n */
// `npm run dev`: a real local n8n with this package installed the community-node way, the
// Prioticket emulator, a ready credential and an active demo workflow. Ctrl-C stops everything.
// `npm run dev -- --smoke` does the same, fires one sample event, checks that it produced a
// successful execution, and exits (CI runs it so this command cannot rot).

import { execFile } from 'child_process';
import { join } from 'path';
import { promisify } from 'util';

import { Emulator } from '../emulator/emulator';
import {
	CREDENTIAL_NAME,
	emulatorCredential,
	emulatorCredentialData,
	triggerWorkflow,
} from '../e2e/fixtures';
import { N8n, OWNER, REPO_ROOT, waitFor } from './n8n';

const DEMO_WORKFLOW = 'Prioticket demo: order events';
const smoke = process.argv.includes('--smoke');
const say = (line: string) => console.log(`[dev] ${line}`);

async function main() {
	const emulator = new Emulator({
		port: smoke ? 0 : Number(process.env.PRIOTICKET_EMULATOR_PORT ?? 4010),
		verbose: !smoke,
	});
	const n8n = new N8n({
		userFolder: smoke ? undefined : join(REPO_ROOT, '.n8n-dev'),
		port: smoke ? undefined : Number(process.env.N8N_PORT ?? 5678),
		log: say,
	});
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the emulator');
		await n8n.stop();
		await emulator.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	try {
		const emulatorUrl = await emulator.start();
		say(
			`Prioticket emulator on ${emulatorUrl} (client id ${emulator.clientId}, secret ${emulator.clientSecret})`,
		);
		await n8n.start();

		const workflowId = await demoWorkflow(n8n, emulator);
		// The emulator starts empty each time: re-activating registers the demo webhook with it again.
		await n8n.deactivate(workflowId).catch(() => undefined);
		await n8n.activate(workflowId);
		await waitFor('the demo webhook at the emulator', () => emulator.webhooks.size > 0, 60_000);

		const fire = `curl -s -X POST ${emulatorUrl}/__emulator/notify -H 'Content-Type: application/json' -d '{"event":"ORDER_CREATE","itemId":"ORD-1001"}'`;
		console.log(
			[
				'',
				'  n8n with n8n-nodes-prioticket is running.',
				`  Editor:        ${n8n.url}/workflow/${workflowId}`,
				`  Login:         ${OWNER.email} / ${OWNER.password}`,
				`  Emulator:      ${emulatorUrl}  (credential "Prioticket (local emulator)")`,
				'  Fire an order event (then open Executions in the editor):',
				`    ${fire}`,
				'',
				'  Ctrl-C stops n8n and the emulator.',
				'',
			].join('\n'),
		);

		if (smoke) {
			const before = (await n8n.executions(workflowId)).length;
			// The very command printed above, as a user would paste it (asynchronously: the emulator
			// answering it runs in this process).
			await promisify(execFile)('bash', ['-c', fire]);
			await emulator.deliverer.settled();
			const executions = await waitFor('the demo execution', async () => {
				const all = await n8n.executions(workflowId);
				return all.length > before && all;
			});
			const latest = executions[0];
			if (latest.status !== 'success')
				throw new Error(`the demo execution ended with status ${latest.status}`);
			say(`smoke check passed: the sample event produced successful execution ${latest.id}`);
			await stop(0);
		}
	} catch (error) {
		console.error(`[dev] ${(error as Error).message}`);
		console.error(`[dev] n8n's log: ${n8n.logFile}`);
		await stop(1);
	}
}

/** The demo workflow's id: created on first run, found by name after that. */
async function demoWorkflow(n8n: N8n, emulator: Emulator): Promise<string> {
	const credential = await devCredential(n8n, emulator);
	const existing = await n8n.api().get('/workflows', { params: { name: DEMO_WORKFLOW } });
	const found = (existing.data?.data as Array<{ id: string; name: string }> | undefined)?.find(
		(w) => w.name === DEMO_WORKFLOW,
	);
	if (found) return found.id;
	const { workflow } = triggerWorkflow(
		credential,
		{
			events: ['ORDER_CANCEL', 'ORDER_CREATE', 'ORDER_UPDATE'],
			pollTimes: { item: [{ mode: 'everyMinute' }] },
		},
		DEMO_WORKFLOW,
	);
	return await n8n.createWorkflow(workflow);
}

/** The emulator credential, kept across runs and pointed at this run's emulator. */
async function devCredential(n8n: N8n, emulator: Emulator) {
	const listed = await n8n.rest().get('/credentials');
	const found = (
		listed.data?.data as Array<{ id: string; name: string; type: string }> | undefined
	)?.find((c) => c.name === CREDENTIAL_NAME && c.type === 'prioticketApi');
	if (!found) return await emulatorCredential(n8n, emulator);
	const updated = await n8n.rest().patch(`/credentials/${found.id}`, {
		name: CREDENTIAL_NAME,
		type: 'prioticketApi',
		data: emulatorCredentialData(emulator),
	});
	if (updated.status !== 200)
		throw new Error(
			`updating the emulator credential failed: ${updated.status} ${JSON.stringify(updated.data)}`,
		);
	return { id: found.id, name: CREDENTIAL_NAME };
}

void main();
