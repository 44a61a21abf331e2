// What the operations share: their fields shown only for them (`operationDescription`, over n8n's
// `updateDisplayOptions`), the parameters several resources use (the operation selector,
// collections, resource locators, Return All / Limit, Simplify) with their validation, and their
// output items (`outputItems`: paired with the input item, simplified when Simplify is on). None of
// the shared fields but the operation selector carries display options of its own.

import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { toApiDate } from '../shared/dates';

/** A resource's Operation field; its values are the names of the resource's operation modules. */
export function operationField(
	resource: string,
	defaultOperation: string,
	options: INodePropertyOptions[],
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultOperation,
	};
}

/** An operation's fields, shown only when its resource and operation are selected. */
export function operationDescription(
	resource: string,
	operation: string,
	properties: INodeProperties[],
): INodeProperties[] {
	return updateDisplayOptions(
		{ show: { resource: [resource], operation: [operation] } },
		properties,
	);
}

const COLLECTIONS = {
	additionalFields: { displayName: 'Additional Fields', placeholder: 'Add Field' },
	filters: { displayName: 'Filters', placeholder: 'Add Filter' },
	options: { displayName: 'Options', placeholder: 'Add Option' },
} as const;

/** An optional group of fields: Additional Fields, Filters or Options, as n8n's nodes name them. */
export function collection(
	name: keyof typeof COLLECTIONS,
	options: INodeProperties[],
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	return { ...COLLECTIONS[name], name, type: 'collection', default: {}, options, ...extra };
}

/** An order or product, by its ID or by a link whose path contains `/orders/<ref>` or `/products/<id>`. */
export function locatorField(kind: 'order' | 'product', description: string): INodeProperties {
	const label = kind === 'order' ? 'Reference' : 'ID';
	const example = kind === 'order' ? 'ORD-1001' : '1001';
	const segment = kind === 'order' ? 'orders' : 'products';
	return {
		displayName: kind === 'order' ? 'Order' : 'Product',
		name: kind,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select ${kind === 'order' ? 'an order' : 'a product'}...`,
				typeOptions: {
					searchListMethod: kind === 'order' ? 'searchOrders' : 'searchProducts',
					searchable: true,
				},
			},
			{
				displayName: `By ${label}`,
				name: 'id',
				type: 'string',
				placeholder: `e.g. ${example}`,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[^\\s/?#]+$',
							errorMessage: `Not a valid ${kind} ${label.toLowerCase()}`,
						},
					},
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: `e.g. https://distributor-api.prioticket.com/v3.8/distributor/${segment}/${example}`,
				extractValue: { type: 'regex', regex: `/${segment}/([^/?#\\s]+)` },
				validation: [
					{
						type: 'regex',
						properties: {
							regex: `.*/${segment}/[^/?#\\s]+.*`,
							errorMessage: `Not a link to ${kind === 'order' ? 'an order' : 'a product'}: it must contain /${segment}/<${label.toLowerCase()}>`,
						},
					},
				],
			},
		],
	};
}

/** The ID a locator holds, or an error naming the field and the fix. */
export function readLocator(
	context: IExecuteFunctions,
	name: 'order' | 'product',
	itemIndex: number,
): string {
	const field = name === 'order' ? '"Order"' : '"Product"';
	const segment = name === 'order' ? 'orders' : 'products';
	let raw: unknown;
	try {
		raw = context.getNodeParameter(name, itemIndex, '', { extractValue: true });
	} catch {
		// n8n could not extract the ID: a link without /orders/<ref> or /products/<id>.
		const given = context.getNodeParameter(name, itemIndex, '', { extractValue: false }) as {
			value?: unknown;
		};
		throw new NodeOperationError(
			context.getNode(),
			`The ${field} field ("${String(given?.value ?? '')}") is not a link to ${name === 'order' ? 'an order' : 'a product'}`,
			{
				itemIndex,
				description: `A link must contain /${segment}/<${name === 'order' ? 'reference' : 'id'}>; or switch the field to "By ${name === 'order' ? 'Reference' : 'ID'}".`,
			},
		);
	}
	const value = String(
		(typeof raw === 'object' && raw !== null ? (raw as { value?: unknown }).value : raw) ?? '',
	).trim();
	if (value === '' || /[\s/?#]/.test(value)) {
		throw new NodeOperationError(
			context.getNode(),
			`The ${field} field ${value === '' ? 'is empty' : `("${value}") is not ${name === 'order' ? 'an order reference' : 'a product ID'}`}`,
			{
				itemIndex,
				description:
					name === 'order'
						? 'Enter an order reference such as ORD-1001 (a trigger gives it as itemId), or a link containing /orders/<reference>.'
						: 'Enter a product ID such as 1001, or a link containing /products/<id>.',
			},
		);
	}
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

export function returnAllFields(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	return context.getNodeParameter('returnAll', itemIndex)
		? undefined
		: (context.getNodeParameter('limit', itemIndex) as number);
}

export function simplifyField(): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simple',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
	};
}

/**
 * What an operation outputs for one input item: an item per result, paired with the input item;
 * passed through `simplify` when the operation has a Simplify field (`simplifyField`) and it is on.
 */
export function outputItems(
	context: IExecuteFunctions,
	itemIndex: number,
	results: IDataObject | IDataObject[],
	simplify?: (result: IDataObject) => IDataObject,
): INodeExecutionData[] {
	const shape =
		simplify !== undefined && (context.getNodeParameter('simple', itemIndex, true) as boolean)
			? simplify
			: undefined;
	return (Array.isArray(results) ? results : [results]).map((result) => ({
		json: shape ? shape(result) : result,
		pairedItem: { item: itemIndex },
	}));
}

/** A date filter as the API takes it (RFC 3339 with an offset), or an error naming the field. */
export function readDate(
	context: IExecuteFunctions,
	value: unknown,
	field: string,
	itemIndex: number,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const date = toApiDate(value, context.getTimezone());
	if (date === undefined) {
		throw new NodeOperationError(
			context.getNode(),
			`The "${field}" filter ("${String(value)}") is not a date`,
			{
				itemIndex,
				description:
					'Use a date and time such as 2026-11-28T09:00:00, or an expression such as {{ $now.minus({ days: 1 }) }}.',
			},
		);
	}
	return date;
}

/** Comma- or space-separated IDs as a list. */
export function splitIds(value: unknown): string[] {
	return String(value ?? '')
		.split(/[\s,;]+/)
		.map((id) => id.trim())
		.filter((id) => id !== '');
}
