import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { reservations } from '../../api';
import { operationDescription, outputItems } from '../fields';
import { bookingsField, readBookings } from '../sale';
import { readReservationReference, reservationReferenceField } from './fields';

const properties: INodeProperties[] = [
	reservationReferenceField(
		'The reservation to change: the reservation_reference Reservation → Create returned',
	),
	bookingsField(
		'Only the items to add or change. An item with a Reservation Item Reference replaces that item (its counts are overwritten); one without is added. Changed items are held anew.',
		{ itemReferences: true },
	),
];

export const description = operationDescription('reservation', 'update', properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const reference = readReservationReference(this, itemIndex);
	const details = readBookings(this, itemIndex);
	const reservation = await reservations.update(this, reference, details);
	return outputItems(this, itemIndex, reservation);
}
