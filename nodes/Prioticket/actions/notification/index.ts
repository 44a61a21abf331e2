import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import * as trigger from './trigger.operation';

export const operations = { trigger };

export const description: INodeProperties[] = [
	operationField('notification', 'trigger', [
		{
			name: 'Trigger Sample',
			value: 'trigger',
			description:
				'Make Prioticket send a sample notification to the webhooks subscribed to an event',
			action: 'Trigger a sample notification',
		},
	]),
	...trigger.description,
];
