import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { reservations } from '../../api';
import { operationDescription, outputItems } from '../fields';
import { readReservationReference, reservationReferenceField } from './fields';

const properties: INodeProperties[] = [
	reservationReferenceField(
		'The reservation to get: the reservation_reference Reservation → Create returned',
	),
];

export const description = operationDescription('reservation', 'get', properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const reservation = await reservations.get(this, readReservationReference(this, itemIndex));
	return outputItems(this, itemIndex, reservation);
}
