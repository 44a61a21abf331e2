// The "From List" mode of the Order and Product fields: one page of matches for what the user types.

import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { readPage } from '../shared/reads';

const PAGE_SIZE = 50;

export async function searchOrders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { items, next } = await readPage.call(
		this,
		'/orders',
		search('order_search_query', filter),
		paginationToken,
		PAGE_SIZE,
	);
	return {
		results: items.map((order) => {
			const [contact] = (
				Array.isArray(order.order_contacts) ? order.order_contacts : []
			) as IDataObject[];
			const who = contact?.contact_name ?? contact?.contact_email;
			return {
				name: [order.order_reference, who, order.order_status].filter(Boolean).join(' · '),
				value: String(order.order_reference),
			};
		}),
		paginationToken: next,
	};
}

export async function searchProducts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { items, next } = await readPage.call(
		this,
		'/products',
		search('product_search_query', filter),
		paginationToken,
		PAGE_SIZE,
	);
	return {
		results: items.map((product) => ({
			name: [product.product_title, product.product_id].filter(Boolean).join(' · '),
			value: String(product.product_id),
		})),
		paginationToken: next,
	};
}

const search = (name: string, filter?: string): IDataObject =>
	filter?.trim() ? { [name]: filter.trim() } : {};
