import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import * as create from './create.operation';
import * as deleteOperation from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations = { create, delete: deleteOperation, get, getAll };

export const description: INodeProperties[] = [
	operationField('webhook', 'getAll', [
		{
			name: 'Create',
			value: 'create',
			description: 'Register a webhook for events',
			action: 'Create a webhook',
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Remove a webhook',
			action: 'Delete a webhook',
		},
		{ name: 'Get', value: 'get', description: 'Get a webhook by ID', action: 'Get a webhook' },
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List the webhooks of the account',
			action: 'Get many webhooks',
		},
	]),
	...getAll.description,
	...get.description,
	...create.description,
	...deleteOperation.description,
];
