import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { availability } from '../../api';
import { toApiDay } from '../../shared/dates';
import { simplifyAvailability } from '../../shared/simplify';
import {
	collection,
	locatorField,
	operationDescription,
	outputItems,
	readLimit,
	readLocator,
	returnAllFields,
	simplifyField,
} from '../fields';

const properties: INodeProperties[] = [
	locatorField(
		'product',
		'The product whose slots to list (product_id from Product → Get Many). Each slot’s slotId is what Reservation → Create and Order → Create (Direct Booking) take.',
	),
	{
		displayName: 'From Date',
		name: 'fromDate',
		type: 'dateTime',
		default: '',
		required: true,
		description:
			"First day to list, in the supplier's calendar. A date without an offset is read in the workflow's time zone.",
	},
	{
		displayName: 'To Date',
		name: 'toDate',
		type: 'dateTime',
		default: '',
		description:
			'Last day to list (included); empty = only the From Date. Ranges over 90 days are read in several calls.',
	},
	...returnAllFields(),
	collection('options', [
		{
			displayName: 'Include Inactive Slots',
			name: 'includeInactive',
			type: 'boolean',
			default: false,
			description: 'Whether to list closed slots too (active: false); they cannot be booked',
		},
		{
			displayName: 'Include Sub-Products',
			name: 'subProducts',
			type: 'boolean',
			default: false,
			description: "Whether to list the slots of the product's sub-products too",
		},
		{
			displayName: 'Minimum Open Spots',
			name: 'spotsOpenMin',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 1,
			description: 'List only slots with at least this many spots open, e.g. the party size',
		},
	]),
	simplifyField(),
];

export const description = operationDescription('availability', 'getAll', properties);

function readDay(context: IExecuteFunctions, name: string, field: string, itemIndex: number) {
	const value = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (value === '' || value === null || value === undefined) return undefined;
	const day = toApiDay(value, context.getTimezone());
	if (day === undefined)
		throw new NodeOperationError(
			context.getNode(),
			`The "${field}" field ("${String(value)}") is not a date`,
			{
				itemIndex,
				description: 'Use a date such as 2026-12-05, or an expression such as {{ $today }}.',
			},
		);
	return day;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const productId = readLocator(this, 'product', itemIndex);
	const from = readDay(this, 'fromDate', 'From Date', itemIndex);
	if (from === undefined)
		throw new NodeOperationError(this.getNode(), 'The "From Date" field is empty', {
			itemIndex,
			description: 'Enter the first day to list, e.g. 2026-12-05.',
		});
	const to = readDay(this, 'toDate', 'To Date', itemIndex) ?? from;
	if (to < from)
		throw new NodeOperationError(
			this.getNode(),
			`The "To Date" (${to}) is before the "From Date" (${from})`,
			{ itemIndex, description: 'Enter a To Date on or after the From Date, or leave it empty.' },
		);
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		includeInactive?: boolean;
		subProducts?: boolean;
		spotsOpenMin?: number;
	};
	const slots = await availability.list(
		this,
		productId,
		{
			from,
			to,
			spotsOpenMin: options.spotsOpenMin,
			subProducts: options.subProducts,
			includeDisabled: options.includeInactive,
		},
		readLimit(this, itemIndex),
	);
	return outputItems(this, itemIndex, slots, simplifyAvailability);
}
