import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { products as api } from '../../api';
import { simplifyProduct } from '../../shared/simplify';
import {
	collection,
	operationDescription,
	outputItems,
	readDate,
	readLimit,
	returnAllFields,
	simplifyField,
	splitIds,
} from '../fields';

const properties: INodeProperties[] = [
	...returnAllFields(),
	collection('filters', [
		{
			displayName: 'Modified Since',
			name: 'modifiedSince',
			type: 'dateTime',
			default: '',
			description:
				'Return only products created or changed after this time (deleted products are not listed)',
		},
		{
			displayName: 'Product IDs',
			name: 'productIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1001, 1002',
			description: 'Return only these products, separated by commas',
		},
	]),
	simplifyField(),
];

export const description = operationDescription('product', 'getAll', properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	const modified = readDate(this, filters.modifiedSince, 'Modified Since', itemIndex);
	if (modified !== undefined) qs.product_modified = modified;
	const productIds = splitIds(filters.productIds);
	if (productIds.length) qs.product_id = productIds;
	const products = await api.list(this, qs, readLimit(this, itemIndex));
	return outputItems(this, itemIndex, products, simplifyProduct);
}
