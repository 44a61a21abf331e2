import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getVoucher from './getVoucher.operation';

export const operations = { get, getAll, getVoucher };

export const description: INodeProperties[] = [
	operationField('order', 'get', [
		{
			name: 'Get',
			value: 'get',
			description: 'Get one order by its reference: status, contacts, pricing and bookings',
			action: 'Get an order',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description:
				'List orders, filtered by status, modification time, product, booking or creation time',
			action: 'Get many orders',
		},
		{
			name: 'Get Voucher',
			value: 'getVoucher',
			description:
				"Get the download URL of an order's voucher, and optionally the PDF as binary data",
			action: 'Get the voucher of an order',
		},
	]),
	...get.description,
	...getAll.description,
	...getVoucher.description,
];
