// One registration change at a time per trigger node in this n8n process: n8n's activation hooks
// (checkExists, create, delete) and the trigger's own self-check may run at the same moment, and
// each lists, then deletes or creates. Serialised, they never leave two registrations.

import { nodeKey, type Keyed } from './nodeKey';

const queues = new Map<string, Promise<unknown>>();

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
