// Preloaded into a real n8n (NODE_OPTIONS=--require) by recheck.e2e.test.ts: what n8n pull request
// 21776 proposes and no released n8n does yet. Every PRIOTICKET_TEST_RECHECK_MS, for each active
// workflow, n8n's own WebhookService calls each webhook's checkExists and, when it answers false,
// create (its createWebhookIfNotExists, as an activation does), then saves the static data as an
// activation does. Each round prints one line to n8n's log for the test to count.
'use strict';

const { dirname, join } = require('path');
const { realpathSync } = require('fs');

const every = Number(process.env.PRIOTICKET_TEST_RECHECK_MS ?? 0);
const bin = process.argv[1] ? realpathSync(process.argv[1]) : '';

// Only n8n's main process, not the task runners it starts with the same environment.
if (every > 0 && bin.endsWith(join('n8n', 'bin', 'n8n'))) {
	const root = dirname(dirname(bin));
	const from = (request) => require(require.resolve(request, { paths: [root] }));
	const own = (file) => join(root, 'dist', file);
	let round = 0;

	const recheck = async () => {
		// Nothing before n8n has loaded its own modules: requiring them first would change its start.
		if (require.cache[own('active-workflow-manager.js')] === undefined) return;
		const { Container } = from('@n8n/di');
		const { WorkflowRepository } = from('@n8n/db');
		const { Workflow } = from('n8n-workflow');
		const { NodeTypes } = require(own('node-types.js'));
		const { WebhookService } = require(own('webhooks/webhook.service.js'));
		const { WorkflowStaticDataService } = require(own('workflows/workflow-static-data.service.js'));
		const { getWorkflowWebhooks } = require(own('webhooks/webhook-helpers.js'));
		const { getBase } = require(own('workflow-execute-additional-data.js'));
		if (!Container.has(WebhookService)) return;
		const repository = Container.get(WorkflowRepository);
		round += 1;
		for (const id of await repository.getAllActiveIds()) {
			const stored = await repository.findOne({
				where: { id },
				relations: { activeVersion: true },
			});
			if (!stored?.activeVersion) continue;
			const workflow = new Workflow({
				id: stored.id,
				name: stored.name,
				nodes: stored.activeVersion.nodes,
				connections: stored.activeVersion.connections,
				active: true,
				nodeTypes: Container.get(NodeTypes),
				staticData: stored.staticData,
				settings: stored.settings,
			});
			const additionalData = await getBase({ workflowId: id, workflowSettings: stored.settings });
			await workflow.expression.acquireIsolate?.();
			try {
				for (const webhook of getWorkflowWebhooks(workflow, additionalData, undefined, true)) {
					await Container.get(WebhookService).createWebhookIfNotExists(
						workflow,
						webhook,
						'trigger',
						'activate',
					);
				}
				await Container.get(WorkflowStaticDataService).saveStaticData(workflow);
			} finally {
				await workflow.expression.releaseIsolate?.();
			}
			console.log(`[webhook recheck] round ${round}: workflow ${id} checked`);
		}
	};

	// Not before n8n answers its readiness check: its database and services are up by then.
	let ready = false;
	const readiness = () =>
		new Promise((resolve) => {
			const request = require('http').get(
				`http://127.0.0.1:${process.env.N8N_PORT}/healthz/readiness`,
				(response) => {
					response.resume();
					resolve(response.statusCode === 200);
				},
			);
			request.on('error', () => resolve(false));
		});

	let running = false;
	setInterval(() => {
		if (running) return;
		running = true;
		(async () => {
			ready ||= await readiness();
			if (ready) await recheck();
		})()
			.catch((error) => console.log(`[webhook recheck] failed: ${error.stack ?? error}`))
			.finally(() => (running = false));
	}, every).unref();
}
