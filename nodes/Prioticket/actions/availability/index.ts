import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import * as getAll from './getAll.operation';

export const operations = { getAll };

export const description: INodeProperties[] = [
	operationField('availability', 'getAll', [
		{
			name: 'Get Many',
			value: 'getAll',
			description:
				"List a product's bookable slots over a date range: slotId, start and end in the supplier's local time, open spots and prices. Pass a slotId to Reservation → Create or Order → Create.",
			action: 'Get many availability slots (a slotId books a reservation or an order)',
		},
	]),
	...getAll.description,
];
