import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import * as getAll from './getAll.operation';

export const operations = { getAll };

export const description: INodeProperties[] = [
	operationField('payment', 'getAll', [
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List payments, by payment ID or by the order they belong to',
			action: 'Get many payments',
		},
	]),
	...getAll.description,
];
