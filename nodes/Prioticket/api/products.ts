// Products: what the distributor may sell, with their product types and capacity settings.

import type { IDataObject } from 'n8n-workflow';

import { pathSegment } from '../shared/paths';
import {
	prioticketApiRequest,
	prioticketApiRequestAllItems,
	prioticketApiRequestPage,
	unwrap,
	type CallOptions,
	type PrioticketContext,
} from '../transport';

export async function get(
	context: PrioticketContext,
	id: string,
	call?: CallOptions,
): Promise<IDataObject> {
	const path = `/products/${pathSegment(id, 'Product')}`;
	return unwrap(await prioticketApiRequest.call(context, 'GET', path, call), 'product');
}

/** Products matching the API's own filters (query parameters of `GET /products`), up to `limit`. */
export async function list(
	context: PrioticketContext,
	filters: IDataObject,
	limit?: number,
	call?: CallOptions,
): Promise<IDataObject[]> {
	return await prioticketApiRequestAllItems.call(context, '/products', filters, limit, call);
}

/** One page of products, for a picker. */
export async function page(
	context: PrioticketContext,
	filters: IDataObject,
	index: number,
	size: number,
) {
	return await prioticketApiRequestPage.call(context, '/products', filters, { page: index, size });
}
