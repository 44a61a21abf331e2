// What the trigger does on each of n8n's polls (the node's "Poll Times"). Webhook mode: the
// self-check of the registration, and after the trigger was deaf a catch-up from the change feed.
// Polling mode: the change feed is the source of events. Both emit items shaped like deliveries.

import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { simplify } from './delivery';
import { pollableFamilies, readChanges, type Change } from './feed';
import { apiTime, includePayload, receiveMode, selectedEvents, selfCheck } from './registration';
import { stateOf } from './state';

/** How far back polling re-reads, so a change the API lists a little late is still seen (once). */
const POLL_OVERLAP_MS = 2 * 60_000;

export async function pollTrigger(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const events = selectedEvents(this);
	const state = stateOf(this);
	const withPayload = includePayload(this);

	if (receiveMode(this) === 'polling') {
		const families = pollableFamilies(this, events);
		if (state.feed === undefined) {
			// First poll of an activation: changes from now on.
			const now = apiTime();
			state.feed = { since: now, seen: {}, floor: now };
			return null;
		}
		const read = await readChanges(this, families, events, state.feed, { overlapMs: POLL_OVERLAP_MS, withPayload });
		// Only a poll that emits moves the cursor: n8n 1.x keeps static data only from such a poll.
		if (read.changes.length === 0) return null;
		state.feed = read.cursor;
		return output(this, read.changes, {});
	}

	if (this.getMode() === 'manual') return null;
	await selfCheck.call(this);
	if (!state.deaf || state.deafUntil === undefined) return null;
	// Catch-up: what changed from the last healthy check until the replacement was registered.
	const families = pollableFamilies(this, events, false);
	const since = state.feed;
	const until = state.deafUntil;
	delete state.deaf;
	delete state.deafUntil;
	state.feed = { since: until, seen: {} };
	if (since === undefined || families.length === 0) return null;
	const read = await readChanges(this, families, events, since, { overlapMs: 0, withPayload });
	const missed = read.changes.filter((change) => change.at <= Date.parse(until));
	return missed.length === 0 ? null : output(this, missed, { recovered: true });
}

function output(context: IPollFunctions, changes: Change[], extra: IDataObject): INodeExecutionData[][] {
	const raw = (context.getNodeParameter('options', {}) as { output?: string }).output === 'raw';
	const items = changes.map((change) => ({
		...((raw ? change.envelope : simplify(change.envelope)) as IDataObject),
		...extra,
	}));
	return [context.helpers.returnJsonArray(items)];
}
