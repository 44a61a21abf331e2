// The "From List" mode of the Order and Product fields: one page of matches for what the user types.

import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { orders, products } from '../api';

const PAGE_SIZE = 50;

export async function searchOrders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const index = pageIndex(paginationToken);
	const { items, more } = await orders.page(
		this,
		search('order_search_query', filter),
		index,
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
		paginationToken: more ? String(index + 1) : undefined,
	};
}

export async function searchProducts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const index = pageIndex(paginationToken);
	const { items, more } = await products.page(
		this,
		search('product_search_query', filter),
		index,
		PAGE_SIZE,
	);
	return {
		results: items.map((product) => ({
			name: [product.product_title, product.product_id].filter(Boolean).join(' · '),
			value: String(product.product_id),
		})),
		paginationToken: more ? String(index + 1) : undefined,
	};
}

/** The pagination token n8n hands back is the number of the next page. */
const pageIndex = (token?: string) => Math.max(1, Number(token) || 1);

const search = (name: string, filter?: string): IDataObject =>
	filter?.trim() ? { [name]: filter.trim() } : {};
