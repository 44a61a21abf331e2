// The key of one trigger node's records in this n8n process's memory (its lock, its delivered
// changes, its polling turn): one workflow's node, live or in the editor's test.

import type { IHookFunctions, INode } from 'n8n-workflow';

export type Keyed = Pick<IHookFunctions, 'getWorkflow' | 'getNode' | 'getMode'>;

/** `node`: the context's node when the caller already holds a copy (each getNode() makes one). */
export function nodeKey(context: Keyed, node: Pick<INode, 'id' | 'name'> = context.getNode()) {
	const test = context.getMode() === 'manual' ? 'test' : 'live';
	return `${context.getWorkflow().id ?? ''}/${node.id ?? node.name}/${test}`;
}
