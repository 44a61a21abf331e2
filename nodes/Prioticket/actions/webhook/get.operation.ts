import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { prioticketApiRequestAllItems } from '../../transport';
import { webhookIdField, readWebhookId } from './fields';

export const description: INodeProperties[] = [webhookIdField('get')];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const webhookId = readWebhookId(this, itemIndex);
	// The API has no get-by-id path: the list filtered by ID serves it. Only the exact ID counts, so
	// an API that ignored the filter cannot hand back another webhook.
	const { items } = await prioticketApiRequestAllItems.call(this, '/webhooks', {
		webhook_id: webhookId,
	});
	const webhook = items.find((item) => item.webhook_id === webhookId);
	if (webhook === undefined) {
		throw new NodeOperationError(this.getNode(), `No webhook with ID "${webhookId}" exists`, {
			itemIndex,
			description: 'Check the "Webhook ID" field; the Get Many operation lists the IDs that exist.',
		});
	}
	return [{ json: webhook, pairedItem: { item: itemIndex } }];
}
