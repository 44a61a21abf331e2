// The Reservation Reference field the reservation operations share.

import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export function reservationReferenceField(description: string): INodeProperties {
	return {
		displayName: 'Reservation Reference',
		name: 'reservationReference',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. RES-7001',
		description,
	};
}

export function readReservationReference(context: IExecuteFunctions, itemIndex: number): string {
	const value = String(
		context.getNodeParameter('reservationReference', itemIndex, '') ?? '',
	).trim();
	if (value === '' || /[\s/\\?#]/.test(value) || value === '.' || value === '..')
		throw new NodeOperationError(
			context.getNode(),
			`The "Reservation Reference" field ${value === '' ? 'is empty' : `("${value}") is not a reservation reference`}`,
			{
				itemIndex,
				description:
					'Enter the reservation_reference Reservation → Create returned, e.g. RES-7001.',
			},
		);
	return value;
}
