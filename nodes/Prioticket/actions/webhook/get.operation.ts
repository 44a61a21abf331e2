import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { webhooks } from '../../api';
import { operationDescription, outputItems } from '../fields';
import { readWebhookId, webhookIdField } from './fields';

const properties: INodeProperties[] = [webhookIdField];

export const description = operationDescription('webhook', 'get', properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const webhookId = readWebhookId(this, itemIndex);
	const webhook = await webhooks.get(this, webhookId);
	if (webhook === undefined) {
		throw new NodeOperationError(this.getNode(), `No webhook with ID "${webhookId}" exists`, {
			itemIndex,
			description: 'Check the "Webhook ID" field; the Get Many operation lists the IDs that exist.',
		});
	}
	return outputItems(this, itemIndex, webhook);
}
