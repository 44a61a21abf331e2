import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { prioticketApiRequestAllItems } from '../../transport';

const show = { resource: ['webhook'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...show, returnAll: [false] } },
	},
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

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex) as number);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { webhookId?: string };
	const qs = filters.webhookId?.trim() ? { webhook_id: filters.webhookId.trim() } : {};
	const { items } = await prioticketApiRequestAllItems.call(this, '/webhooks', qs, limit);
	return items.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}
