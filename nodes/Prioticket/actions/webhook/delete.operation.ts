import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { webhooks } from '../../api';
import { operationDescription, outputItems } from '../fields';
import { readWebhookId, webhookIdField } from './fields';

const properties: INodeProperties[] = [webhookIdField];

export const description = operationDescription('webhook', 'delete', properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const webhookId = readWebhookId(this, itemIndex);
	await webhooks.remove(this, webhookId);
	return outputItems(this, itemIndex, { deleted: true, webhookId });
}
