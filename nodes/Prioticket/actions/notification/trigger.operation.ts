import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { collectEventNames, EVENT_OPTIONS } from '../../shared/events';
import { notifications } from '../../api';
import { operationDescription, outputItems } from '../fields';

const properties: INodeProperties[] = [
	{
		displayName:
			'Prioticket sends the sample to every webhook of the account subscribed to the event, so active workflows with a Prioticket Trigger on that event run too',
		name: 'sampleNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		options: EVENT_OPTIONS,
		required: true,
		default: 'ORDER_CREATE',
		description:
			'Event to simulate. Prioticket then sends a sample notification to every webhook of the account subscribed to this event; for an event not listed, use an expression that returns its name.',
	},
	{
		displayName: 'Item ID',
		name: 'itemId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. ORD-1001',
		description:
			'What the notification is about: the order reference for order, payment, voucher and redemption events, the product ID for product events',
	},
];

export const description = operationDescription('notification', 'trigger', properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const selection = collectEventNames([], this.getNodeParameter('event', itemIndex));
	const itemId = String(this.getNodeParameter('itemId', itemIndex, '')).trim();
	if ('invalid' in selection || selection.events.length !== 1) {
		throw new NodeOperationError(this.getNode(), 'The "Event" field does not hold one event name', {
			itemIndex,
			description:
				'Pick an event, or make the expression return a single name such as ORDER_CREATE.',
		});
	}
	if (itemId === '') {
		throw new NodeOperationError(this.getNode(), 'The "Item ID" field is empty', {
			itemIndex,
			description:
				'Enter the order reference, product ID or payment ID the sample notification is about.',
		});
	}
	const [event] = selection.events;
	await notifications.sendSample(this, event, itemId);
	return outputItems(this, itemIndex, { triggered: true, event, itemId });
}
