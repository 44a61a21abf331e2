import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IPollFunctions,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
	WEBHOOK_RESOLVERS,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { EVENT_OPTIONS } from './shared/events';
import { noteDelivery } from './trigger/delivered';
import { isAuthorized, parseDelivery, simplify } from './trigger/delivery';
import { executeTrigger } from './trigger/execute';
import {
	checkExists,
	create,
	deleteWebhook,
	registrationOf,
	selectedEvents,
} from './trigger/registration';
import { pollTrigger } from './trigger/poll';
import { resolveItem } from './trigger/resolve';

const HTTP_METHOD = '={{$parameter["receiveBy"] === "polling" ? "" : "POST"}}';
const httpMethodFor = (parameters: INodeParameters) =>
	parameters.receiveBy === 'polling' ? '' : 'POST';
/**
 * n8n 2.x's key for resolving a webhook field without the expression engine (the same function as
 * the template), so a delivery evaluates no expression; n8n 1.x ignores it and evaluates the template.
 */
const NATIVE_RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers') as typeof WEBHOOK_RESOLVERS;

export class PrioticketTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Prioticket Trigger',
		name: 'prioticketTrigger',
		icon: {
			light: 'file:../../icons/prioticket.svg',
			dark: 'file:../../icons/prioticket.dark.svg',
		},
		group: ['trigger'],
		// 1.1 behaves exactly as 1. For a start node of version 1, n8n evaluates an expression on every
		// delivery (a Webhook v1 option); from 1.1 on it does not, which spares each delivery an
		// expression isolate when n8n runs with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE (see BENCHMARKS.md).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{"On: " + [].concat($parameter["events"] || []).join(", ")}}',
		description:
			'Starts the workflow when Prioticket sends an order, payment, voucher, redemption or product event',
		defaults: { name: 'Prioticket Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'prioticketApi', required: true }],
		// Polls run the registration's self-check (webhook mode) or read the change feed (polling
		// mode); n8n adds the "Poll Times" field that sets their interval.
		polling: true,
		webhooks: [
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
		],
		properties: [
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
							"Whether to fetch the current order, product or payment from the API before starting the workflow, the same way the Prioticket node's Get operations do. It gets 2 seconds in all and no retries, so that Prioticket has its answer within 3 seconds; if it fails or runs out of time, the event is still emitted, with a resolveError field.",
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteWebhook.call(this);
			},
		},
	};

	/** Passes the items the execution started with to the next node (the editor's test included). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][] | null> {
		return await executeTrigger.call(this);
	}

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollTrigger.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const startedAt = Date.now();
		const reply = (status: number, message: string): IWebhookResponseData => {
			this.getResponseObject().status(status).json({ message });
			return { noWebhookResponse: true };
		};

		const { secret = '' } = registrationOf(this);
		if (!isAuthorized(this.getHeaderData().authorization, secret)) {
			return reply(
				401,
				"Unauthorized: the Authorization header does not carry this webhook's secret",
			);
		}
		const parsed = parseDelivery(this.getBodyData());
		if ('error' in parsed) return reply(400, parsed.error);

		const { notification } = parsed.envelope.data;
		if (!selectedEvents(this).includes(notification.notification_event)) {
			return reply(
				200,
				`Ignored: this trigger does not listen to ${notification.notification_event}`,
			);
		}

		noteDelivery(this, parsed.envelope);
		const options = this.getNodeParameter('options', {}) as { output?: string; resolve?: boolean };
		const item: IDataObject = (
			options.output === 'raw' ? parsed.envelope : simplify(parsed.envelope)
		) as IDataObject;
		if (options.resolve) {
			const itemId = notification.notification_item_id;
			Object.assign(
				item,
				await resolveItem(
					this,
					notification.notification_event,
					itemId === undefined ? undefined : String(itemId),
					undefined,
					startedAt,
				),
			);
		}
		return { workflowData: [this.helpers.returnJsonArray(item)] };
	}
}
