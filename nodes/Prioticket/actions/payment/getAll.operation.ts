import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { payments as api } from '../../api';
import {
	collection,
	operationDescription,
	outputItems,
	readLimit,
	returnAllFields,
} from '../fields';

const properties: INodeProperties[] = [
	...returnAllFields(),
	collection('filters', [
		{
			displayName: 'Order Reference',
			name: 'orderReference',
			type: 'string',
			default: '',
			placeholder: 'e.g. ORD-1001',
			description: 'Return only the payments of this order (a reservation reference works too)',
		},
		{
			displayName: 'Payment ID',
			name: 'paymentId',
			type: 'string',
			default: '',
			placeholder: 'e.g. PAY-ORD1001',
			description: 'Return only the payment with this ID (a payment trigger gives it as itemId)',
		},
	]),
];

export const description = operationDescription('payment', 'getAll', properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as {
		orderReference?: string;
		paymentId?: string;
	};
	const payments = await api.list(
		this,
		{
			paymentId: filters.paymentId?.trim() || undefined,
			orderReference: filters.orderReference?.trim() || undefined,
		},
		readLimit(this, itemIndex),
	);
	return outputItems(this, itemIndex, payments);
}
