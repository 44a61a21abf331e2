// The key of one trigger node's records in this n8n process's memory (its lock, its delivered
// changes, its polling turn): one workflow's node, live or in the editor's test.

import type { IHookFunctions } from 'n8n-workflow';

export type Keyed = Pick<IHookFunctions, 'getWorkflow' | 'getNode' | 'getMode'>;

export function nodeKey(context: Keyed) {
	const test = context.getMode() === 'manual' ? 'test' : 'live';
	const node = context.getNode(); // a copy each call: taken once
	return `${context.getWorkflow().id ?? ''}/${node.id ?? node.name}/${test}`;
}
