// Parameters shared by several webhook operations, and their validation.

import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const webhookIdField: INodeProperties = {
	displayName: 'Webhook ID',
	name: 'webhookId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. de1829d0-e144-11ea-bc09-f935c77bef95',
	description: 'ID of the webhook, as returned by Create or Get Many',
};

export function readWebhookId(context: IExecuteFunctions, itemIndex: number): string {
	const webhookId = String(context.getNodeParameter('webhookId', itemIndex) ?? '').trim();
	if (webhookId === '' || /[\s/?#]/.test(webhookId)) {
		throw new NodeOperationError(
			context.getNode(),
			`The "Webhook ID" field ${webhookId === '' ? 'is empty' : `("${webhookId}") is not a webhook ID`}`,
			{
				itemIndex,
				description: 'Enter the ID of a webhook, e.g. de1829d0-e144-11ea-bc09-f935c77bef95',
			},
		);
	}
	return webhookId;
}
