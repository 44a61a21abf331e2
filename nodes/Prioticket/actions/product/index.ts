import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations = { get, getAll };

export const description: INodeProperties[] = [
	operationField('product', 'get', [
		{
			name: 'Get',
			value: 'get',
			description: 'Get one product by its ID: title, status, prices and dates',
			action: 'Get a product',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description:
				'List the products the account can sell, optionally only those changed since a time',
			action: 'Get many products',
		},
	]),
	...get.description,
	...getAll.description,
];
