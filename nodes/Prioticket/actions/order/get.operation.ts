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
} from '../fields';

const properties: INodeProperties[] = [
	locatorField(
		'order',
		'The order to get, by its reference (a trigger gives it as itemId) or a link to it',
	),
	simplifyField(),
	collection('options', [
		{
			displayName: 'Fresh Data',
			name: 'fresh',
			type: 'boolean',
			default: false,
			description:
				"Whether to bypass Prioticket's read cache. Slower; use it right after a change, e.g. when a trigger fires for the same order.",
		},
		{
			displayName: 'Version',
			name: 'version',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1,
			description: 'Get this earlier revision (order_version) instead of the latest',
		},
	]),
];

export const description = operationDescription('order', 'get', properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const reference = readLocator(this, 'order', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		fresh?: boolean;
		version?: number;
	};
	const order = await orders.get(this, reference, {
		fresh: options.fresh,
		version: options.version,
	});
	return outputItems(this, itemIndex, order, simplifyOrder);
}
