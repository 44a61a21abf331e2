// One registration change at a time per trigger node in this n8n process: n8n's activation hooks
// (checkExists, create, delete) and the trigger's own self-check may run at the same moment, and
// each lists, then deletes or creates. Serialised, they never leave two registrations.

import type { IHookFunctions } from 'n8n-workflow';

const queues = new Map<string, Promise<unknown>>();

type Keyed = Pick<IHookFunctions, 'getWorkflow' | 'getNode' | 'getMode'>;

/** One trigger node of one workflow, live or in the editor's test: the key of its in-process records. */
export function nodeKey(context: Keyed) {
	const test = context.getMode() === 'manual' ? 'test' : 'live';
	const node = context.getNode(); // a copy each call: taken once
	return `${context.getWorkflow().id ?? ''}/${node.id ?? node.name}/${test}`;
}

/** Runs `work` after every earlier `exclusive` call for the same node has finished. */
export async function exclusive<T>(context: Keyed, work: () => Promise<T>): Promise<T> {
	const key = nodeKey(context);
	const previous = queues.get(key) ?? Promise.resolve();
	const run = previous.then(work, work);
	const tail = run.catch(() => undefined);
	queues.set(key, tail);
	try {
		return await run;
	} finally {
		if (queues.get(key) === tail) queues.delete(key);
	}
}
