import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { distributorId, orders } from '../../api';
import { canonicalAmount, sameAmount } from '../../shared/money';
import { simplifyOrder } from '../../shared/simplify';
import { collection, operationDescription, outputItems, simplifyField } from '../fields';
import { readReservationReference, reservationReferenceField } from '../reservation/fields';
import {
	bookingsField,
	externalReferenceField,
	languageField,
	outcomeUnknown,
	readBookings,
	readExternalReference,
	readLanguage,
} from '../sale';
import { pacing, waitForConfirmation } from './confirmation';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^\+[1-9]\d{6,14}$/;

const properties: INodeProperties[] = [
	{
		displayName: 'Booking Mode',
		name: 'bookingMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Confirm Reservation',
				value: 'confirmReservation',
				description: 'Book what a reservation (Reservation → Create) holds',
			},
			{
				name: 'Direct Booking',
				value: 'directBooking',
				description: 'Book products directly, without a reservation first',
			},
		],
		default: 'directBooking',
	},
	{
		...reservationReferenceField(
			'The reservation to confirm: the reservation_reference Reservation → Create returned. Items whose hold expired are left out by Prioticket.',
		),
		displayOptions: { show: { bookingMode: ['confirmReservation'] } },
	},
	{
		...bookingsField(
			'What to book: per booking a product, its slot (slotId from Availability → Get Many) or travel date, and product types with counts. If any is unavailable, nothing is booked.',
		),
		displayOptions: { show: { bookingMode: ['directBooking'] } },
	},
	externalReferenceField('order'),
	collection('additionalFields', [
		{
			displayName: 'Contact Email',
			name: 'contactEmail',
			type: 'string',
			placeholder: 'e.g. name@email.com',
			default: '',
			description: "The guest's email address; tickets and receipts go there when sent",
		},
		{
			displayName: 'Contact Name',
			name: 'contactName',
			type: 'string',
			default: '',
			placeholder: 'e.g. Alex Example',
			description: "The guest's full name",
		},
		{
			displayName: 'Contact Phone',
			name: 'contactPhone',
			type: 'string',
			default: '',
			placeholder: 'e.g. +31201234567',
			description: "The guest's phone number in international form (E.164)",
		},
		languageField("The guest's language (ISO 639-1), for the order, its emails and tickets"),
		{
			displayName: 'Notes',
			name: 'notes',
			type: 'string',
			default: '',
			placeholder: 'e.g. Wheelchair access needed',
			description: 'Notes on the order (order_notes)',
		},
		{
			displayName: 'Send Receipt',
			name: 'sendReceipt',
			type: 'boolean',
			default: false,
			description: 'Whether Prioticket emails a receipt to the contact',
		},
		{
			displayName: 'Send Tickets',
			name: 'sendTickets',
			type: 'boolean',
			default: false,
			description: 'Whether Prioticket emails the tickets to the contact',
		},
		{
			displayName: 'Settlement Type',
			name: 'settlementType',
			type: 'options',
			options: [
				{
					name: 'Direct',
					value: 'DIRECT',
					description: "Paid through Prioticket's payment service",
				},
				{
					name: 'External',
					value: 'EXTERNAL',
					description: 'You collected the payment yourself (usual for resellers)',
				},
				{ name: 'Invoice', value: 'INVOICE', description: 'Prioticket invoices you' },
				{ name: 'Venue', value: 'VENUE', description: 'The guest pays at the venue' },
			],
			default: 'EXTERNAL',
			description: 'How the order is paid; your Prioticket contract says which applies',
		},
	]),
	collection('options', [
		{
			displayName: 'Expected Total',
			name: 'expectedTotal',
			type: 'string',
			default: '',
			placeholder: 'e.g. 37.50',
			description:
				"What the guest paid. When Prioticket's order total differs, the item fails with both amounts (the order exists then: cancel it with Order → Cancel if it must not stand).",
		},
		{
			displayName: 'Max Wait (Minutes)',
			name: 'maxWaitMinutes',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 60 },
			default: 5,
			description:
				'With Wait for Confirmation: how many minutes (one read a minute) to wait at most',
		},
		{
			displayName: 'Wait for Confirmation',
			name: 'waitForConfirmation',
			type: 'boolean',
			default: false,
			description:
				'Whether to wait while Prioticket reports the bookings as processing (reading the order once a minute, up to Max Wait), then output the order as it stands. Without it the node returns at once.',
		},
	]),
	simplifyField(),
];

export const description = operationDescription('order', 'create', properties);

const fail = (context: IExecuteFunctions, itemIndex: number, message: string, fix: string) =>
	new NodeOperationError(context.getNode(), message, { itemIndex, description: fix });

interface Fields {
	contactEmail?: string;
	contactName?: string;
	contactPhone?: string;
	language?: string;
	notes?: string;
	sendReceipt?: boolean;
	sendTickets?: boolean;
	settlementType?: string;
}

/** `data.order` without the distributor; every field checked, so a mistake costs no call. */
function readOrder(context: IExecuteFunctions, itemIndex: number, externalReference: string) {
	const mode = context.getNodeParameter('bookingMode', itemIndex) as string;
	const bookings =
		mode === 'confirmReservation'
			? [
					{
						booking_option_type: 'CONFIRM_RESERVATION',
						reservation_reference: readReservationReference(context, itemIndex),
					},
				]
			: readBookings(context, itemIndex).map((booking) => ({
					booking_option_type: 'DIRECT_BOOKING',
					...booking,
				}));
	const fields = context.getNodeParameter('additionalFields', itemIndex, {}) as Fields;
	const language = readLanguage(context, fields.language, 'Language', itemIndex);
	const contact: IDataObject = {};
	const email = String(fields.contactEmail ?? '').trim();
	if (email !== '') {
		if (!EMAIL.test(email))
			throw fail(
				context,
				itemIndex,
				`The "Contact Email" field ("${email}") is not an email address`,
				'Enter an address such as name@example.com, or remove the field.',
			);
		contact.contact_email = email;
	}
	const name = String(fields.contactName ?? '').trim();
	if (name !== '') {
		const [first, ...rest] = name.split(/\s+/);
		if (rest.length) contact.contact_name_first = first;
		// Prioticket takes a single name as the last name.
		contact.contact_name_last = rest.length ? rest.join(' ') : first;
	}
	const phone = String(fields.contactPhone ?? '').replace(/[\s().-]/g, '');
	if (phone !== '') {
		if (!PHONE.test(phone))
			throw fail(
				context,
				itemIndex,
				`The "Contact Phone" field ("${fields.contactPhone}") is not an international phone number`,
				'Enter it with + and the country code, e.g. +31201234567.',
			);
		contact.contact_phone = phone;
	}
	if (Object.keys(contact).length && language) contact.contact_language = language;
	const order: IDataObject = {
		order_external_reference: externalReference,
		order_bookings: bookings,
	};
	if (language) order.order_language = language;
	if (Object.keys(contact).length) order.order_contacts = [{ contact_type: 'BOOKER', ...contact }];
	if (fields.settlementType) order.order_settlement_type = fields.settlementType;
	if (String(fields.notes ?? '').trim() !== '') order.order_notes = String(fields.notes).trim();
	const emailTypes: IDataObject = {};
	if (fields.sendTickets !== undefined) emailTypes.send_tickets = fields.sendTickets;
	if (fields.sendReceipt !== undefined) emailTypes.send_receipt = fields.sendReceipt;
	if (Object.keys(emailTypes).length)
		order.order_options = { email_options: { email_types: emailTypes } };
	return order;
}

function readOptions(context: IExecuteFunctions, itemIndex: number) {
	const options = context.getNodeParameter('options', itemIndex, {}) as {
		expectedTotal?: string | number;
		maxWaitMinutes?: number;
		waitForConfirmation?: boolean;
	};
	let expectedTotal: string | undefined;
	if (options.expectedTotal !== undefined && String(options.expectedTotal).trim() !== '') {
		expectedTotal = canonicalAmount(String(options.expectedTotal).trim());
		if (expectedTotal === undefined)
			throw fail(
				context,
				itemIndex,
				`The "Expected Total" option ("${String(options.expectedTotal)}") is not an amount`,
				'Enter the amount the guest paid as a decimal number with a dot, e.g. 37.50, without a currency sign.',
			);
	}
	const maxWaitMinutes = Math.floor(Number(options.maxWaitMinutes ?? 5));
	if (options.waitForConfirmation && !(maxWaitMinutes >= 1))
		throw fail(
			context,
			itemIndex,
			`The "Max Wait (Minutes)" option (${String(options.maxWaitMinutes)}) must be at least 1`,
			'Enter how many minutes to wait at most, e.g. 5.',
		);
	return {
		expectedTotal,
		waitMinutes: options.waitForConfirmation ? maxWaitMinutes : 0,
	};
}

/**
 * Books once: the external reference is looked up first (a retry or re-run then returns the order
 * the first attempt made), the POST is sent once, and when its answer is lost (timeout, 5xx, no
 * answer) the reference is looked up again before anything is reported.
 */
async function createOnce(
	context: IExecuteFunctions,
	itemIndex: number,
	order: IDataObject,
): Promise<IDataObject> {
	const externalReference = String(order.order_external_reference);
	const distributor = await distributorId(context);
	const call = { credential: distributor.credential };
	const existing = await orders.findByExternalReference(context, externalReference, call);
	if (existing) return { ...existing, existing_order: 'found_before_create' };
	try {
		return await orders.create(
			context,
			{ order_distributor_id: distributor.id, ...order },
			{ ...call, policy: { timeoutMs: pacing.createTimeoutMs } },
		);
	} catch (error) {
		if (!outcomeUnknown(error)) throw new NodeApiError(context.getNode(), error as JsonObject);
		let found: IDataObject | undefined;
		try {
			found = await orders.findByExternalReference(context, externalReference, call);
		} catch {
			found = undefined;
		}
		if (found) return { ...found, existing_order: 'found_after_lost_answer' };
		throw fail(
			context,
			itemIndex,
			`Whether the order with External Reference "${externalReference}" was created is unknown: Prioticket did not answer (${(error as Error).message}) and no order with that reference could be found`,
			`Check with Order → Get Many and the filter External Reference = "${externalReference}", or wait for Prioticket's ORDER_CREATE notification. Running this node again with the same External Reference is safe: it looks the reference up before booking.`,
		);
	}
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const externalReference = readExternalReference(this, itemIndex);
	const order = readOrder(this, itemIndex, externalReference);
	const { expectedTotal, waitMinutes } = readOptions(this, itemIndex);

	let created = await createOnce(this, itemIndex, order);
	const marker = created.existing_order;
	const pricing = (created.order_pricing ?? {}) as IDataObject;
	if (expectedTotal !== undefined && !sameAmount(pricing.price_total, expectedTotal)) {
		const currency = pricing.price_currency_code ? ` ${String(pricing.price_currency_code)}` : '';
		throw fail(
			this,
			itemIndex,
			`The order ${String(created.order_reference)} totals ${String(pricing.price_total)}${currency}, not the Expected Total ${expectedTotal}`,
			`The order exists in Prioticket and is a payment obligation. If it must not stand, cancel it with Order → Cancel (order ${String(created.order_reference)}); otherwise settle the difference with the guest.`,
		);
	}
	if (waitMinutes > 0) {
		created = await waitForConfirmation(this, created, waitMinutes);
		if (marker !== undefined) created = { ...created, existing_order: marker };
	}
	return outputItems(this, itemIndex, created, (order) => ({
		...simplifyOrder(order),
		...(marker !== undefined ? { existing_order: marker } : {}),
	}));
}
