import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { collectEventNames, EVENT_OPTIONS } from '../../shared/events';
import { webhooks } from '../../api';
import { collection, operationDescription, outputItems } from '../fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Webhook URL',
		name: 'url',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://example.com/prioticket/events',
		description:
			'Where Prioticket POSTs the notifications. Leave empty only when an email address is set under Additional Fields.',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_OPTIONS,
		default: [],
		description: 'The events that send a notification to this webhook',
	},
	collection('additionalFields', [
		{
			displayName: 'Authorization Value',
			name: 'webhookAuth',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Secret that Prioticket sends back on every delivery as "Authorization: Basic &lt;value&gt;", so the receiver can tell real deliveries from forged ones',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'e.g. name@email.com',
			default: '',
			description: 'Deliver notifications to this email address',
		},
		{
			displayName: 'Include Changed Object',
			name: 'includePayload',
			type: 'boolean',
			default: true,
			description: 'Whether each notification carries the changed order, product or payment',
		},
		{
			displayName: 'Other Event Names',
			name: 'customEvents',
			type: 'string',
			default: '',
			placeholder: 'e.g. PAYMENT_UPDATE, AVAILABILITY_CHANGE',
			description:
				'Event names this node does not list yet, separated by commas; they are sent to Prioticket as typed',
		},
	]),
];

export const description = operationDescription('webhook', 'create', properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const url = String(this.getNodeParameter('url', itemIndex, '')).trim();
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as {
		webhookAuth?: string;
		email?: string;
		includePayload?: boolean;
		customEvents?: string;
	};
	const fail = (message: string, fix: string) =>
		new NodeOperationError(this.getNode(), message, { itemIndex, description: fix });

	const selection = collectEventNames(
		this.getNodeParameter('events', itemIndex, []),
		additional.customEvents,
	);
	if ('invalid' in selection) {
		throw fail(
			`"${selection.invalid}" in "Other Event Names" is not an event name`,
			'Event names are upper case letters, digits and underscores, e.g. ORDER_CREATE.',
		);
	}
	if (selection.events.length === 0) {
		throw fail(
			'No event is selected',
			'Pick at least one event in "Events" or type one in "Other Event Names".',
		);
	}
	const email = additional.email?.trim() ?? '';
	if (url === '' && email === '') {
		throw fail(
			'The "Webhook URL" field is empty',
			'Enter the URL Prioticket should call, or an email address under Additional Fields.',
		);
	}
	if (url !== '' && !/^https?:\/\/[^\s/]+\S*$/i.test(url)) {
		throw fail(
			`The "Webhook URL" ("${url}") is not a full http(s) URL`,
			'Use a URL such as https://example.com/prioticket/events.',
		);
	}

	const webhook: IDataObject = { webhook_events: selection.events };
	if (url !== '') webhook.webhook_url = url;
	if (email !== '') webhook.webhook_email = email;
	if (additional.webhookAuth) webhook.webhook_auth = additional.webhookAuth;
	if (additional.includePayload !== undefined) webhook.webhook_payload = additional.includePayload;

	return outputItems(this, itemIndex, await webhooks.create(this, webhook));
}
