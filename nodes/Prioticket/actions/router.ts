// The one dispatcher of the action node: resource + operation → operation module, item by item,
// honouring "Continue On Fail".

import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as availability from './availability';
import * as notification from './notification';
import * as order from './order';
import * as payment from './payment';
import * as product from './product';
import * as reservation from './reservation';
import * as webhook from './webhook';

type Operation = (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;

/** Typed so that an operation offered in a description but not implemented is a compile error. */
const resources: {
	[resource: string]: { [operation: string]: { execute: Operation } };
	availability: Record<keyof typeof availability.operations, { execute: Operation }>;
	order: Record<keyof typeof order.operations, { execute: Operation }>;
	reservation: Record<keyof typeof reservation.operations, { execute: Operation }>;
	product: Record<keyof typeof product.operations, { execute: Operation }>;
	payment: Record<keyof typeof payment.operations, { execute: Operation }>;
	webhook: Record<keyof typeof webhook.operations, { execute: Operation }>;
	notification: Record<keyof typeof notification.operations, { execute: Operation }>;
} = {
	availability: availability.operations,
	order: order.operations,
	reservation: reservation.operations,
	product: product.operations,
	payment: payment.operations,
	webhook: webhook.operations,
	notification: notification.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operation = this.getNodeParameter('operation', itemIndex) as string;
		const run = resources[resource]?.[operation]?.execute;
		try {
			if (run === undefined) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${operation}" of "${resource}" is not supported`,
					{
						itemIndex,
					},
				);
			}
			output.push(...(await run.call(this, itemIndex)));
		} catch (error) {
			if (!this.continueOnFail()) {
				// Both constructors hand back an error that already is of their kind, unchanged.
				if (error instanceof NodeApiError)
					throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
			output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}
