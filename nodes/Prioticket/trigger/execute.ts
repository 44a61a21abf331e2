// What the trigger does as a node inside an execution. n8n runs a node's execute() before any other
// method, in every mode, so the trigger's items reach the nodes after it: a delivery's item (live,
// or the editor's test event), a poll's items, or in the editor's test in polling mode the sample.
// Without it, n8n would run the poll again for a manual execution and drop the test event.

import type { IExecuteFunctions, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { pollTrigger } from './poll';

/**
 * The items the execution was started with, unchanged. A manual execution n8n started without any
 * (the editor's test in polling mode: one empty item) gets the poll's answer instead, as before.
 */
export async function executeTrigger(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][] | null> {
	const items = this.getInputData();
	if (this.getMode() !== 'manual' || !isStartItem(items)) return [items];
	return await pollTrigger.call(asPollContext(this));
}

/** The one empty item n8n puts before a start node that nothing called. */
const isStartItem = (items: INodeExecutionData[]) =>
	items.length === 1 && Object.keys(items[0].json).length === 0 && items[0].binary === undefined;

/** The execute context, read as a poll reads its node: parameters without an item index. */
function asPollContext(context: IExecuteFunctions): IPollFunctions {
	const getNodeParameter = (name: string, fallback?: unknown, options?: object) =>
		context.getNodeParameter(name, 0, fallback, options);
	return Object.create(context, {
		getNodeParameter: { value: getNodeParameter },
	}) as IPollFunctions;
}
