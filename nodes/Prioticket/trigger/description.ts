// The Prioticket Trigger's parameters and its one webhook, which polling mode turns off. The node
// file holds the rest of the description (name, icon, version), where n8n's tooling looks for it.

import type {
	INodeParameters,
	INodeProperties,
	IWebhookDescription,
	WEBHOOK_RESOLVERS,
} from 'n8n-workflow';

import { EVENT_OPTIONS } from '../shared/events';

const HTTP_METHOD = '={{$parameter["receiveBy"] === "polling" ? "" : "POST"}}';
const httpMethodFor = (parameters: INodeParameters) =>
	parameters.receiveBy === 'polling' ? '' : 'POST';
/**
 * n8n 2.x's key for resolving a webhook field without the expression engine (the same function as
 * the template), so a delivery evaluates no expression; n8n 1.x ignores it and evaluates the template.
 */
const NATIVE_RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers') as typeof WEBHOOK_RESOLVERS;

export const triggerWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		// No webhook in polling mode: n8n then registers no URL, and the editor's test runs the poll
		// (a sample of the latest changes) instead of waiting for a call that never comes.
		httpMethod: HTTP_METHOD,
		[NATIVE_RESOLVERS]: { httpMethod: { template: HTTP_METHOD, resolve: httpMethodFor } },
		responseMode: 'onReceived',
		path: 'webhook',
		// The editor shows no URL that nothing would call.
		ndvHideUrl: '={{$parameter["receiveBy"] === "polling"}}',
	},
];

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Receive Events By',
		name: 'receiveBy',
		type: 'options',
		default: 'webhook',
		options: [
			{
				name: 'Polling',
				value: 'polling',
				description:
					'The trigger reads changed orders and products at each poll time; for an n8n Prioticket cannot reach',
			},
			{
				name: 'Webhook',
				value: 'webhook',
				description:
					'Prioticket calls this workflow at once; every event kind. n8n must be reachable from the internet.',
			},
		],
	},
	{
		displayName:
			"Prioticket calls this workflow's webhook URL from the internet. When n8n runs on localhost or behind a proxy, start it with N8N_WEBHOOK_URL set to the public https address that reaches it, or receive events by Polling. Poll Times sets how often the registration is checked and restored if Prioticket disabled or lost it.",
		name: 'webhookUrlNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { receiveBy: ['webhook'] } },
	},
	{
		displayName:
			'Polling reports order and product changes only (created, updated, cancelled), at each poll time; changes between two polls collapse into the latest state. With both order and product events, each poll reads one of the two lists, in turn. Payments, vouchers and redemptions need a webhook.',
		name: 'pollingNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { receiveBy: ['polling'] } },
	},
	{
		displayName: 'Trigger On',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_OPTIONS,
		required: true,
		default: [],
		description: 'The events that start the workflow',
	},
	{
		displayName: 'Other Event Names',
		name: 'customEvents',
		type: 'string',
		default: '',
		placeholder: 'e.g. PAYMENT_UPDATE',
		description:
			'Event names this node does not list yet, separated by commas; they are subscribed to as typed',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Changed Object',
				name: 'includePayload',
				type: 'boolean',
				default: true,
				description:
					'Whether Prioticket includes the changed order, product or payment in each notification. Takes effect on the next activation.',
			},
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				default: 'simplified',
				options: [
					{
						name: 'Raw Body',
						value: 'raw',
						description: 'The notification exactly as Prioticket sent it',
					},
					{
						name: 'Simplified',
						value: 'simplified',
						description:
							'Event, notification ID, item ID, created, account ID and the changed object as top-level fields',
					},
				],
			},
			{
				displayName: 'Resolve Latest State',
				name: 'resolve',
				type: 'boolean',
				default: false,
				description:
					"Whether to fetch the current order, product or payment from the API before starting the workflow, the same way the Prioticket node's Get operations do. It gets 5 seconds and no retries, as Prioticket waits for the answer; if it fails or runs out of time, the event is still emitted, with a resolveError field.",
			},
		],
	},
];
