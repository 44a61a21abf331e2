import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { webhooks } from '../../api';
import {
	collection,
	operationDescription,
	outputItems,
	readLimit,
	returnAllFields,
} from '../fields';

const properties: INodeProperties[] = [
	...returnAllFields(),
	collection('filters', [
		{
			displayName: 'Webhook ID',
			name: 'webhookId',
			type: 'string',
			default: '',
			placeholder: 'e.g. de1829d0-e144-11ea-bc09-f935c77bef95',
			description: 'Return only the webhook with this ID',
		},
	]),
];

export const description = operationDescription('webhook', 'getAll', properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const limit = readLimit(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { webhookId?: string };
	const webhookId = filters.webhookId?.trim() || undefined;
	const items = await webhooks.list(this, { webhookId }, limit);
	return outputItems(this, itemIndex, items);
}
