import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { reservations } from '../../api';
import { collection, operationDescription, outputItems, splitIds } from '../fields';
import { readReservationReference, reservationReferenceField } from './fields';

const properties: INodeProperties[] = [
	reservationReferenceField(
		'The reservation to cancel: the reservation_reference Reservation → Create returned',
	),
	{
		displayName: 'Item References',
		name: 'itemReferences',
		type: 'string',
		default: '',
		placeholder: 'e.g. RES-7001-1, RES-7001-2',
		description:
			'Cancel only these items (their booking_reservation_reference), separated by commas. Leave empty to cancel the whole reservation, which cannot be changed afterwards.',
	},
	collection('additionalFields', [
		{
			displayName: 'Reason',
			name: 'reason',
			type: 'string',
			default: '',
			placeholder: 'e.g. Guest changed plans',
			description: 'Why the hold is given up (cancellation_reason)',
		},
	]),
];

export const description = operationDescription('reservation', 'cancel', properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const reference = readReservationReference(this, itemIndex);
	const items = splitIds(this.getNodeParameter('itemReferences', itemIndex, ''));
	const { reason } = this.getNodeParameter('additionalFields', itemIndex, {}) as {
		reason?: string;
	};
	const reservation = await reservations.cancel(this, reference, {
		items,
		reason: reason?.trim() || undefined,
	});
	return outputItems(this, itemIndex, reservation);
}
