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
	return eventsOf(
		context,
		context.getNodeParameter('events', []),
		context.getNodeParameter('customEvents', ''),
	);
}

function eventsOf(
	context: Pick<IHookFunctions, 'getNode'>,
	events: unknown,
	customEvents: unknown,
): string[] {
	const selection = collectEventNames(events, customEvents);
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
	return optionsOf(context.getNodeParameter('options', {}));
}

function optionsOf(value: unknown): TriggerOptions {
	const options = (value ?? {}) as Partial<Record<string, unknown>>;
	return {
		includePayload: options.includePayload !== false,
		output: options.output === 'raw' ? 'raw' : 'simplified',
		resolve: options.resolve === true,
	};
}

/**
 * What a delivery reads, without copying: getNode() and a plain getNodeParameter() deep-copy, and a
 * delivery would pay for several. A value as stored (`rawExpressions`) is what getNodeParameter()
 * returns for a plain value; one that holds an expression is read again the usual way, which
 * resolves it. Nothing returned is the node's own: the events and options are built from it.
 */
export function deliveryParameters(context: Reader & Pick<IWebhookFunctions, 'getNode'>): {
	events: string[];
	options: TriggerOptions;
} {
	const read = (name: string, fallback: unknown): unknown => {
		const value = context.getNodeParameter(name, fallback, { rawExpressions: true });
		return hasExpression(value) ? context.getNodeParameter(name, fallback) : value;
	};
	return {
		events: eventsOf(context, read('events', []), read('customEvents', '')),
		options: optionsOf(read('options', {})),
	};
}

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}
