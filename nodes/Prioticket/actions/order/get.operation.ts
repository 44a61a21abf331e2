import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readOrder } from '../../shared/reads';
import { simplifyOrder } from '../../shared/simplify';
import { locatorField, readLocator, simplifyField } from '../fields';

const show = { resource: ['order'], operation: ['get'] };

export const description: INodeProperties[] = [
	locatorField(
		'order',
		show,
		'The order to get, by its reference (a trigger gives it as itemId) or a link to it',
	),
	simplifyField(show),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
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
		],
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const reference = readLocator(this, 'order', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		fresh?: boolean;
		version?: number;
	};
	const order = await readOrder.call(this, reference, {
		fresh: options.fresh,
		version: options.version,
	});
	const simple = this.getNodeParameter('simple', itemIndex, true) as boolean;
	return [{ json: simple ? simplifyOrder(order) : order, pairedItem: { item: itemIndex } }];
}
