import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { prioticketApiRequestAllItems } from '../../transport';
import { readLimit, returnAllFields } from '../fields';

const show = { resource: ['webhook'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	...returnAllFields(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Webhook ID',
				name: 'webhookId',
				type: 'string',
				default: '',
				placeholder: 'e.g. de1829d0-e144-11ea-bc09-f935c77bef95',
				description: 'Return only the webhook with this ID',
			},
		],
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const limit = readLimit(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { webhookId?: string };
	const qs = filters.webhookId?.trim() ? { webhook_id: filters.webhookId.trim() } : {};
	const { items } = await prioticketApiRequestAllItems.call(this, '/webhooks', qs, limit);
	return items.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}
