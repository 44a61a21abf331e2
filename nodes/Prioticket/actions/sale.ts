// The inputs a reservation and an order share: the bookings (product, slot or travel date, product
// types with counts), the external reference and the language. Each is checked before any call, as
// Prioticket blocks a client after 60 refused requests a minute; an error names the field and the fix.

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toApiDay } from '../shared/dates';

const EXTERNAL_REFERENCE = /^[A-Za-z0-9_\-/\\]{1,50}$/;
const LANGUAGE = /^[a-z]{2}$/i;
const MAX_COUNT = 100;

/** The Bookings list; with `itemReferences`, each booking may name the reservation item it replaces. */
export function bookingsField(
	description: string,
	{ itemReferences = false }: { itemReferences?: boolean } = {},
): INodeProperties {
	const values: INodeProperties[] = [
		{
			displayName: 'Product ID',
			name: 'productId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 2001',
			description: 'The product to book: product_id from Product → Get Many',
		},
		{
			displayName: 'Slot ID',
			name: 'slotId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2001-20261205-1000',
			description:
				'For products with time slots: the slotId from Availability → Get Many. Leave empty when using a Travel Date.',
		},
		{
			displayName: 'Travel Date',
			name: 'travelDate',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2026-12-05',
			description:
				'For products booked by day (no time slots): the day of the visit, YYYY-MM-DD. Leave empty when using a Slot ID.',
		},
		{
			displayName: 'Product Types',
			name: 'productTypes',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 20011: 2, 20012: 1',
			description:
				'Which tickets and how many, as "productTypeId: count" pairs separated by commas (count 1–100). The IDs are the product_type_id values of the product (Product → Get) or of availability prices.',
		},
	];
	if (itemReferences) {
		values.push({
			displayName: 'Reservation Item Reference',
			name: 'itemReference',
			type: 'string',
			default: '',
			placeholder: 'e.g. RES-7001-1',
			description:
				'To change an item already held, its booking_reservation_reference (its counts are replaced, not added). Leave empty to add a new item.',
		});
	}
	return {
		displayName: 'Bookings',
		name: 'bookings',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Booking',
		default: {},
		required: true,
		description,
		options: [{ displayName: 'Booking', name: 'booking', values }],
	};
}

export function externalReferenceField(what: 'order' | 'reservation'): INodeProperties {
	return {
		displayName: 'External Reference',
		name: 'externalReference',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. SHOP-10023',
		description: `Your own unique reference for this ${what}, usually the shop's order number. It is the key that makes a retry safe: the same value on a retry or a re-run finds the first ${what} instead of booking again, so never use a value that changes between attempts (such as the execution ID). 1–50 letters, digits, -, _, / or \\.`,
	};
}

/** The guest's language, read with `readLanguage`. */
export function languageField(description: string): INodeProperties {
	return {
		displayName: 'Language',
		name: 'language',
		type: 'string',
		default: '',
		placeholder: 'e.g. en',
		description,
	};
}

const fail = (context: IExecuteFunctions, itemIndex: number, message: string, fix: string) =>
	new NodeOperationError(context.getNode(), message, { itemIndex, description: fix });

export function readExternalReference(context: IExecuteFunctions, itemIndex: number): string {
	const value = String(context.getNodeParameter('externalReference', itemIndex, '') ?? '').trim();
	if (value === '')
		throw fail(
			context,
			itemIndex,
			'The "External Reference" field is empty',
			"Enter your own unique reference for this sale, e.g. the shop's order number. The node never invents one: a made-up value would change on a retry and book twice.",
		);
	if (!EXTERNAL_REFERENCE.test(value))
		throw fail(
			context,
			itemIndex,
			`The "External Reference" field ("${value}") is not valid`,
			'Prioticket takes 1–50 letters, digits, -, _, / or \\ (no spaces); e.g. SHOP-10023.',
		);
	return value;
}

/** A language code (ISO 639-1), or undefined when empty. */
export function readLanguage(
	context: IExecuteFunctions,
	value: unknown,
	field: string,
	itemIndex: number,
): string | undefined {
	const language = String(value ?? '').trim();
	if (language === '') return undefined;
	if (!LANGUAGE.test(language))
		throw fail(
			context,
			itemIndex,
			`The "${field}" field ("${language}") is not a language code`,
			'Use a two-letter ISO 639-1 code such as en, nl or de.',
		);
	return language.toLowerCase();
}

/** "20011: 2, 20012: 1" (or an object such as {"20011": 2}) as product_type_details. */
function readProductTypes(
	context: IExecuteFunctions,
	value: unknown,
	field: string,
	itemIndex: number,
): IDataObject[] {
	const fix =
		'Enter "productTypeId: count" pairs separated by commas, e.g. 20011: 2, 20012: 1, with counts from 1 to 100.';
	const pairs: Array<[string, unknown]> =
		typeof value === 'object' && value !== null
			? Object.entries(value)
			: String(value ?? '')
					.split(/[,;\n]+/)
					.map((pair) => pair.trim())
					.filter((pair) => pair !== '')
					.map((pair) => {
						const match = /^([^:=\s]+)\s*[:=]\s*(\S+)$/.exec(pair);
						if (!match)
							throw fail(context, itemIndex, `The "${field}" field has "${pair}", not a pair`, fix);
						return [match[1], match[2]];
					});
	if (pairs.length === 0)
		throw fail(context, itemIndex, `The "${field}" field has no product type`, fix);
	const seen = new Set<string>();
	return pairs.map(([id, raw]) => {
		const count = Number(raw);
		if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT)
			throw fail(
				context,
				itemIndex,
				`The "${field}" field asks for ${String(raw)} of product type ${id}: a count must be a whole number from 1 to ${MAX_COUNT}`,
				fix,
			);
		if (/[\s/\\?#]/.test(id) || seen.has(id))
			throw fail(
				context,
				itemIndex,
				`The "${field}" field names product type "${id}" ${seen.has(id) ? 'twice' : 'wrongly'}`,
				fix,
			);
		seen.add(id);
		return { product_type_id: id, product_type_count: count };
	});
}

/**
 * The Bookings list as reservation details / order bookings: product, slot or travel date (never
 * both), product types with counts, and, when the field offers it, the reservation item replaced.
 */
export function readBookings(context: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const raw = context.getNodeParameter('bookings.booking', itemIndex, []) as IDataObject[];
	const bookings = Array.isArray(raw) ? raw : [];
	if (bookings.length === 0)
		throw fail(
			context,
			itemIndex,
			'The "Bookings" field is empty',
			'Add at least one booking: a product, its slot or travel date, and the product types with counts.',
		);
	return bookings.map((booking, index) => {
		const name = `Bookings → Booking ${index + 1}`;
		const productId = String(booking.productId ?? '').trim();
		if (productId === '' || /[\s/\\?#]/.test(productId))
			throw fail(
				context,
				itemIndex,
				`The "${name} → Product ID" field ${productId === '' ? 'is empty' : `("${productId}") is not a product ID`}`,
				'Enter a product ID such as 2001 (product_id from Product → Get Many).',
			);
		const slotId = String(booking.slotId ?? '').trim();
		const travel = String(booking.travelDate ?? '').trim();
		if (slotId !== '' && travel !== '')
			throw fail(
				context,
				itemIndex,
				`"${name}" has both a Slot ID and a Travel Date`,
				'Use the Slot ID for products with time slots, the Travel Date for products booked by day; leave the other empty.',
			);
		const detail: IDataObject = {
			product_id: productId,
			product_type_details: readProductTypes(
				context,
				booking.productTypes,
				`${name} → Product Types`,
				itemIndex,
			),
		};
		if (slotId !== '') detail.product_availability_id = slotId;
		if (travel !== '') {
			const day = toApiDay(travel, context.getTimezone());
			if (day === undefined)
				throw fail(
					context,
					itemIndex,
					`The "${name} → Travel Date" field ("${travel}") is not a date`,
					'Use a date such as 2026-12-05.',
				);
			detail.booking_travel_date = day;
		}
		const itemReference = String(booking.itemReference ?? '').trim();
		if (itemReference !== '') detail.booking_reservation_reference = itemReference;
		return detail;
	});
}

/** Whether a failed create may still have been carried out: no answer, a timeout or a 5xx. */
export function outcomeUnknown(error: unknown): boolean {
	const status = Number((error as { httpCode?: unknown }).httpCode);
	return !(status >= 400 && status < 500);
}
