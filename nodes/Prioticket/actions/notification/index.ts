import type { INodeProperties } from 'n8n-workflow';

import * as trigger from './trigger.operation';

export const operations = { trigger };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['notification'] } },
		options: [
			{
				name: 'Trigger Sample',
				value: 'trigger',
				description:
					'Make Prioticket send a sample notification to the webhooks subscribed to an event',
				action: 'Trigger a sample notification',
			},
		],
		default: 'trigger',
	},
	...trigger.description,
];
