import type {
	IExecuteFunctions,
	IHookFunctions,
	INodeTypeDescription,
	INodeExecutionData,
	INodeType,
	IPollFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { triggerProperties, triggerWebhooks } from './trigger/description';
import { executeTrigger } from './trigger/execute';
import { pollTrigger } from './trigger/poll';
import { checkExists, create, deleteWebhook } from './trigger/registration';
import { receiveDelivery } from './trigger/webhook';

export class PrioticketTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Prioticket Trigger',
		name: 'prioticketTrigger',
		icon: {
			light: 'file:../../icons/prioticket.svg',
			dark: 'file:../../icons/prioticket.dark.svg',
		},
		group: ['trigger'],
		// 1.1 behaves exactly as 1. For a start node of version 1, n8n evaluates an expression on every
		// delivery (a Webhook v1 option); from 1.1 on it does not, which spares each delivery an
		// expression isolate when n8n runs with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE (see BENCHMARKS.md).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{"On: " + [].concat($parameter["events"] || []).join(", ")}}',
		description:
			'Starts the workflow when Prioticket sends an order, payment, voucher, redemption or product event',
		defaults: { name: 'Prioticket Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'prioticketApi', required: true }],
		// Polls run the registration's self-check (webhook mode) or read the change feed (polling
		// mode); n8n adds the "Poll Times" field that sets their interval.
		polling: true,
		webhooks: triggerWebhooks,
		properties: triggerProperties,
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteWebhook.call(this);
			},
		},
	};

	/** Passes the items the execution started with to the next node (the editor's test included). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][] | null> {
		return await executeTrigger.call(this);
	}

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollTrigger.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
