import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { prioticketApiRequest } from '../../transport';
import { readWebhookId, webhookIdField } from './fields';

export const description: INodeProperties[] = [webhookIdField('delete')];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const webhookId = readWebhookId(this, itemIndex);
	await prioticketApiRequest.call(this, 'DELETE', `/webhooks/${encodeURIComponent(webhookId)}`);
	return [{ json: { deleted: true, webhookId }, pairedItem: { item: itemIndex } }];
}
