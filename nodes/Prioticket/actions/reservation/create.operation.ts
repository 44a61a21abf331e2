import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { distributorId, reservations } from '../../api';
import { collection, operationDescription, outputItems } from '../fields';
import {
	bookingsField,
	externalReferenceField,
	languageField,
	outcomeUnknown,
	readBookings,
	readExternalReference,
	readLanguage,
} from '../sale';

const properties: INodeProperties[] = [
	bookingsField(
		'What to hold: per booking a product, its slot (slotId from Availability → Get Many) or travel date, and product types with counts. All items are held together or none is.',
	),
	externalReferenceField('reservation'),
	collection('additionalFields', [
		languageField("The guest's language (ISO 639-1), for the tickets"),
	]),
];

export const description = operationDescription('reservation', 'create', properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const details = readBookings(this, itemIndex);
	const externalReference = readExternalReference(this, itemIndex);
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as { language?: string };
	const language = readLanguage(this, fields.language, 'Language', itemIndex);
	if (language) for (const detail of details) detail.booking_language = language;
	const distributor = await distributorId(this);
	try {
		const reservation = await reservations.create(
			this,
			{
				reservation_distributor_id: distributor.id,
				reservation_external_reference: externalReference,
				reservation_details: details,
			},
			{ credential: distributor.credential },
		);
		return outputItems(this, itemIndex, reservation);
	} catch (error) {
		if (!outcomeUnknown(error)) throw new NodeApiError(this.getNode(), error as JsonObject);
		// There is no lookup by external reference for reservations; a create with the same one answers
		// with the first hold, so running again is safe, and a hold nobody confirms expires by itself.
		throw new NodeOperationError(
			this.getNode(),
			`Prioticket did not answer whether the reservation with External Reference "${externalReference}" was made`,
			{
				itemIndex,
				description: `${(error as Error).message}. Run the node again with the same External Reference: Prioticket answers a repeated reference with the hold it already made instead of holding twice. A hold that is never confirmed expires by itself.`,
			},
		);
	}
}
