import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readProduct } from '../../shared/reads';
import { simplifyProduct } from '../../shared/simplify';
import { locatorField, readLocator, simplifyField } from '../fields';

const show = { resource: ['product'], operation: ['get'] };

export const description: INodeProperties[] = [
	locatorField(
		'product',
		show,
		'The product to get, by its ID (a product trigger gives it as itemId; an order booking has it as product_id) or a link to it',
	),
	simplifyField(show),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const product = await readProduct.call(this, readLocator(this, 'product', itemIndex));
	const simple = this.getNodeParameter('simple', itemIndex, true) as boolean;
	return [{ json: simple ? simplifyProduct(product) : product, pairedItem: { item: itemIndex } }];
}
