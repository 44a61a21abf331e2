import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getVoucher from './getVoucher.operation';

export const operations = { cancel, create, get, getAll, getVoucher };

export const description: INodeProperties[] = [
	operationField('order', 'get', [
		{
			name: 'Cancel',
			value: 'cancel',
			description:
				"Cancel a whole order or chosen bookings (booking_reference), with or without refund; returns the order with each booking's status",
			action: 'Cancel an order',
		},
		{
			name: 'Create',
			value: 'create',
			description:
				'Book: confirm a reservation (reservation_reference from Reservation → Create) or book products directly (slotId from Availability → Get Many). Never books twice for the same External Reference.',
			action: 'Create an order from a reservation_reference or a slotId',
		},
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
	...cancel.description,
	...create.description,
	...get.description,
	...getAll.description,
	...getVoucher.description,
];
