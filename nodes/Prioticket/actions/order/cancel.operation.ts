import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { orders } from '../../api';
import { simplifyOrder } from '../../shared/simplify';
import {
	collection,
	locatorField,
	operationDescription,
	outputItems,
	readLocator,
	simplifyField,
	splitIds,
} from '../fields';

const properties: INodeProperties[] = [
	locatorField(
		'order',
		'The order to cancel, by its order_reference (from Order → Create, Order → Get Many or a trigger) or a link to it',
	),
	{
		displayName: 'Booking References',
		name: 'bookingReferences',
		type: 'string',
		default: '',
		placeholder: 'e.g. BKG-ORD5001-1, BKG-ORD5001-2',
		description:
			"Cancel only these bookings (their booking_reference in the order), separated by commas. Leave empty to cancel the whole order. Bookings whose product does not allow cancellation fail with Prioticket's message.",
	},
	{
		displayName: 'Refund',
		name: 'refund',
		type: 'boolean',
		default: true,
		description:
			'Whether Prioticket refunds what was paid through it (a partial cancel refunds its share); ignored when nothing was paid through Prioticket',
	},
	collection('additionalFields', [
		{
			displayName: 'Reason',
			name: 'reason',
			type: 'string',
			default: '',
			placeholder: 'e.g. Refunded in the shop',
			description: 'Why the order is cancelled (cancellation_reason)',
		},
	]),
	simplifyField(),
];

export const description = operationDescription('order', 'cancel', properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const reference = readLocator(this, 'order', itemIndex);
	const bookingReferences = splitIds(this.getNodeParameter('bookingReferences', itemIndex, ''));
	const refund = this.getNodeParameter('refund', itemIndex, true) as boolean;
	const { reason } = this.getNodeParameter('additionalFields', itemIndex, {}) as {
		reason?: string;
	};
	const order = await orders.cancel(this, reference, {
		bookingReferences,
		reason: reason?.trim() || undefined,
		refund,
	});
	return outputItems(this, itemIndex, order, simplifyOrder);
}
