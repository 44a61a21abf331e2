import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { products } from '../../api';
import { simplifyProduct } from '../../shared/simplify';
import {
	locatorField,
	operationDescription,
	outputItems,
	readLocator,
	simplifyField,
} from '../fields';

const properties: INodeProperties[] = [
	locatorField(
		'product',
		'The product to get, by its ID (a product trigger gives it as itemId; an order booking has it as product_id) or a link to it',
	),
	simplifyField(),
];

export const description = operationDescription('product', 'get', properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const product = await products.get(this, readLocator(this, 'product', itemIndex));
	return outputItems(this, itemIndex, product, simplifyProduct);
}
