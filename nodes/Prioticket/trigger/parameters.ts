// The trigger's parameters, read and validated in one place: how events arrive, which events, and
// the Options collection. Every part of the trigger (lifecycle, polls, deliveries) reads them here.

import type { IHookFunctions, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { collectEventNames } from '../shared/events';

type Reader = Pick<IHookFunctions | IPollFunctions | IWebhookFunctions, 'getNodeParameter'>;

/** How the node receives events: a webhook Prioticket calls (default) or polling the change feed. */
export function receiveMode(context: Reader): 'webhook' | 'polling' {
	return context.getNodeParameter('receiveBy', 'webhook') === 'polling' ? 'polling' : 'webhook';
}

/** The event names the node is set to, validated. */
export function selectedEvents(context: Reader & Pick<IHookFunctions, 'getNode'>): string[] {
	const selection = collectEventNames(
		context.getNodeParameter('events', []),
		context.getNodeParameter('customEvents', ''),
	);
	if ('invalid' in selection) {
		throw new NodeOperationError(
			context.getNode(),
			`"${selection.invalid}" in "Other Event Names" is not an event name`,
			{
				description:
					'Event names are upper case letters, digits and underscores, e.g. ORDER_CREATE.',
			},
		);
	}
	if (selection.events.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No event is selected in "Trigger On"', {
			description: 'Pick at least one event, or type one in "Other Event Names".',
		});
	}
	return selection.events;
}

export interface TriggerOptions {
	/** Whether notifications carry the changed object (on by default). */
	includePayload: boolean;
	/** The notification as sent, or its fields flattened (default). */
	output: 'raw' | 'simplified';
	/** Whether a delivery fetches the current state of what it is about before the workflow starts. */
	resolve: boolean;
}

/** The Options collection, with its defaults. */
export function triggerOptions(context: Reader): TriggerOptions {
	const options = context.getNodeParameter('options', {}) as Partial<Record<string, unknown>>;
	return {
		includePayload: options.includePayload !== false,
		output: options.output === 'raw' ? 'raw' : 'simplified',
		resolve: options.resolve === true,
	};
}
