// The "Simplify" output of orders and products: the fields most workflows use, flat, read tolerantly
// (v3.5 and v3.8 shapes differ in details; a field the API left out is left out here too).

import type { IDataObject } from 'n8n-workflow';

const pick = (source: IDataObject | undefined, ...keys: string[]): IDataObject[string] => {
	for (const key of keys) {
		const value = source?.[key];
		if (value !== undefined && value !== null && value !== '') return value;
	}
	return undefined;
};

const objects = (value: unknown): IDataObject[] =>
	Array.isArray(value)
		? value.filter((entry): entry is IDataObject => typeof entry === 'object' && entry !== null)
		: [];

const defined = (fields: Record<string, unknown>): IDataObject =>
	Object.fromEntries(
		Object.entries(fields).filter(([, value]) => value !== undefined),
	) as IDataObject;

export function simplifyOrder(order: IDataObject): IDataObject {
	const [contact] = objects(order.order_contacts);
	const pricing = (order.order_pricing ?? {}) as IDataObject;
	const name =
		pick(contact, 'contact_name') ??
		([pick(contact, 'contact_name_first'), pick(contact, 'contact_name_last')]
			.filter(Boolean)
			.join(' ') ||
			undefined);
	return defined({
		order_reference: order.order_reference,
		order_external_reference: order.order_external_reference,
		order_status: order.order_status,
		order_created: order.order_created,
		order_modified: order.order_modified,
		contact_name: name,
		contact_email: pick(contact, 'contact_email'),
		price_total: pick(pricing, 'price_total', 'price_total_including_tax'),
		currency: pick(pricing, 'price_currency_code', 'currency_code'),
		bookings: objects(order.order_bookings).map((booking) =>
			defined({
				booking_reference: booking.booking_reference,
				booking_status: booking.booking_status,
				booking_travel_date: booking.booking_travel_date,
				product_id: booking.product_id,
				product_title: booking.product_title,
			}),
		),
	});
}

export function simplifyProduct(product: IDataObject): IDataObject {
	const content =
		objects(product.product_content)[0] ?? ((product.product_content ?? {}) as IDataObject);
	return defined({
		product_id: product.product_id,
		product_title: pick(product, 'product_title') ?? pick(content, 'product_title'),
		product_status: product.product_status,
		product_currency_code:
			pick(product, 'product_currency_code') ??
			pick(objects(product.product_currencies)[0], 'currency_code'),
		product_from_price: product.product_from_price,
		product_supplier_name: pick(product, 'product_supplier_name', 'product_supplier_admin_name'),
		product_start_date: product.product_start_date,
		product_end_date: product.product_end_date,
		product_created: product.product_created,
		product_modified: product.product_modified,
	});
}

/** One availability slot, flat: times stay in the supplier's local time with the offset the API gave. */
export function simplifyAvailability(slot: IDataObject): IDataObject {
	const spots = (slot.availability_spots ?? {}) as IDataObject;
	const number = (value: unknown) => (value === undefined ? undefined : Number(value));
	return defined({
		productId: slot.availability_product_id,
		slotId: slot.availability_id,
		start: slot.availability_from_date_time,
		end: slot.availability_to_date_time,
		spotsOpen: number(spots.availability_spots_open),
		spotsTotal: number(spots.availability_spots_total),
		active: slot.availability_active,
		prices: objects(slot.availability_pricing).map((price) =>
			defined({
				productTypeId: price.availability_pricing_product_type_id,
				productType: price.availability_pricing_product_type,
				price: pick(price, 'availability_pricing_price', 'availability_pricing_variation_amount'),
				currency: price.availability_pricing_currency_code,
			}),
		),
	});
}
