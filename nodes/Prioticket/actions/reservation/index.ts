import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as update from './update.operation';

export const operations = { cancel, create, get, update };

export const description: INodeProperties[] = [
	operationField('reservation', 'create', [
		{
			name: 'Cancel',
			value: 'cancel',
			description:
				'Give up a hold, whole or chosen items (booking_reservation_reference); the spots are free again',
			action: 'Cancel a reservation',
		},
		{
			name: 'Create',
			value: 'create',
			description:
				'Hold spots for products and product types (slotId from Availability → Get Many) until reservation_valid_until; confirm with Order → Create (Confirm Reservation) using the reservation_reference',
			action: 'Create a reservation holding a slotId (its reservation_reference books an order)',
		},
		{
			name: 'Get',
			value: 'get',
			description:
				'Get a reservation by its reservation_reference: status, reservation_valid_until, pricing and items',
			action: 'Get a reservation',
		},
		{
			name: 'Update',
			value: 'update',
			description: 'Add items to a reservation or change the counts of its items',
			action: 'Update a reservation',
		},
	]),
	...cancel.description,
	...create.description,
	...get.description,
	...update.description,
];
