import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { orders } from '../../api';
import { collection, locatorField, operationDescription, readLocator } from '../fields';

const properties: INodeProperties[] = [
	locatorField(
		'order',
		'The order whose voucher to get, by its reference (a trigger gives it as itemId) or a link to it',
	),
	{
		displayName: 'Download PDF',
		name: 'download',
		type: 'boolean',
		default: false,
		description:
			'Whether to download the voucher document into the output as binary data (e.g. for an email attachment). Without it the output holds only the download URL.',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the PDF in',
		displayOptions: { show: { download: [true] } },
	},
	collection('options', [
		{
			displayName: 'Additional Information',
			name: 'additionalInformation',
			type: 'string',
			default: '',
			placeholder: 'e.g. Meet at gate B',
			description: 'Text Prioticket prints on the voucher in a separate section',
		},
		{
			displayName: 'Booking Reference',
			name: 'bookingReference',
			type: 'string',
			default: '',
			placeholder: 'e.g. BKG-1001-1',
			description: 'Get the voucher of this booking only, instead of the whole order',
		},
	]),
];

export const description = operationDescription('order', 'getVoucher', properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const reference = readLocator(this, 'order', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		additionalInformation?: string;
		bookingReference?: string;
	};
	const download = this.getNodeParameter('download', itemIndex, false) as boolean;
	const binaryPropertyName = download
		? String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim()
		: '';
	if (download && binaryPropertyName === '') {
		throw new NodeOperationError(this.getNode(), 'The "Put Output File in Field" field is empty', {
			itemIndex,
			description: 'Enter the name of the binary field for the PDF, e.g. data or voucher.',
		});
	}
	const bookingReference = options.bookingReference?.trim() || undefined;
	const voucher = await orders.voucher(this, reference, {
		bookingReference,
		additionalInformation: options.additionalInformation?.trim() || undefined,
		download,
	});
	if (voucher === undefined) {
		throw new NodeApiError(
			this.getNode(),
			{},
			{
				message: `Prioticket answered without a download URL for the voucher of order ${reference}`,
				description:
					'The voucher may not be released yet; a VOUCHER_RELEASE event tells when it is.',
				itemIndex,
			},
		);
	}
	const item: INodeExecutionData = {
		json: {
			order_reference: reference,
			...(bookingReference ? { booking_reference: bookingReference } : {}),
			...voucher.details,
			url: voucher.url,
		},
		pairedItem: { item: itemIndex },
	};
	const file = voucher.file;
	if (file !== undefined) {
		const fileName =
			file.fileName ?? `voucher-${reference}${bookingReference ? `-${bookingReference}` : ''}.pdf`;
		item.binary = {
			[binaryPropertyName]: await this.helpers.prepareBinaryData(
				file.data,
				fileName,
				file.mimeType ?? 'application/pdf',
			),
		};
	}
	return [item];
}
