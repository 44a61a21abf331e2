import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { orders as api } from '../../api';
import { simplifyOrder } from '../../shared/simplify';
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

const STATUSES = [
	{ name: 'Cancelled', value: 'ORDER_CANCELLED' },
	{ name: 'Confirmed', value: 'ORDER_CONFIRMED' },
	{ name: 'In Review', value: 'ORDER_REVIEW' },
	{ name: 'Pending', value: 'ORDER_PENDING' },
	{ name: 'Updated', value: 'ORDER_UPDATED' },
];

const properties: INodeProperties[] = [
	...returnAllFields(),
	collection(
		'filters',
		[
			{
				displayName: 'Booking Reference',
				name: 'bookingReference',
				type: 'string',
				default: '',
				placeholder: 'e.g. BKG-1001-1',
				description: 'Return only the order that holds this booking',
			},
			{
				displayName: 'Created After',
				name: 'createdFrom',
				type: 'dateTime',
				default: '',
				description: 'Return only orders created at or after this time',
			},
			{
				displayName: 'Created Before',
				name: 'createdTo',
				type: 'dateTime',
				default: '',
				description: 'Return only orders created at or before this time',
			},
			{
				displayName: 'External Reference',
				name: 'externalReference',
				type: 'string',
				default: '',
				placeholder: 'e.g. SHOP-10023',
				description:
					'Return only the order with this external reference (exact match), e.g. to check whether an order was created',
			},
			{
				displayName: 'Modified Since',
				name: 'modifiedSince',
				type: 'dateTime',
				default: '',
				description: 'Return only orders created or changed after this time',
			},
			{
				displayName: 'Product IDs',
				name: 'productIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1001, 1002',
				description: 'Return only orders that book one of these products, separated by commas',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				options: STATUSES,
				default: [],
				description: 'Return only orders in one of these states',
			},
		],
		{ description: 'Without a created range, Prioticket returns the orders of the last 3 months' },
	),
	collection('options', [
		{
			displayName: 'Sort By',
			name: 'sortBy',
			type: 'options',
			options: [
				{ name: 'Created', value: 'ORDER_CREATED' },
				{ name: 'Modified', value: 'ORDER_MODIFIED' },
			],
			default: 'ORDER_CREATED',
			description: 'Which date orders are sorted by',
		},
		{
			displayName: 'Sort Order',
			name: 'sortOrder',
			type: 'options',
			options: [
				{ name: 'Ascending (Oldest First)', value: 'ASC' },
				{ name: 'Descending (Newest First)', value: 'DESC' },
			],
			default: 'DESC',
		},
	]),
	simplifyField(),
];

export const description = operationDescription('order', 'getAll', properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		sortBy?: string;
		sortOrder?: string;
	};
	const qs: IDataObject = {};
	const bookingReference = String(filters.bookingReference ?? '').trim();
	if (bookingReference) qs.booking_reference = bookingReference;
	const externalReference = String(filters.externalReference ?? '').trim();
	if (externalReference) qs.order_external_reference = externalReference;
	const dates = [
		['order_created_from', filters.createdFrom, 'Created After'],
		['order_created_to', filters.createdTo, 'Created Before'],
		['order_modified', filters.modifiedSince, 'Modified Since'],
	] as const;
	for (const [key, value, field] of dates) {
		const date = readDate(this, value, field, itemIndex);
		if (date !== undefined) qs[key] = date;
	}
	const productIds = splitIds(filters.productIds);
	if (productIds.length) qs.product_id = productIds;
	if (Array.isArray(filters.status) && filters.status.length) qs.order_status = filters.status;
	if (options.sortBy) qs.order_sort_by = options.sortBy;
	if (options.sortOrder) qs.order_sort_order = options.sortOrder;

	const listed = await api.list(this, qs, readLimit(this, itemIndex));
	// Only exact matches: an API that ignored the filter cannot pass another order off as this one.
	const orders = externalReference
		? listed.filter((order) => order.order_external_reference === externalReference)
		: listed;
	return outputItems(this, itemIndex, orders, simplifyOrder);
}
