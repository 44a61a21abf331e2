// What the trigger does on each of n8n's polls (the node's "Poll Times"). Webhook mode: the
// self-check of the registration, and after the trigger was deaf a catch-up from the change feed.
// Polling mode: the change feed is the source of events. Both emit items shaped like deliveries.

import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { simplify } from './delivery';
import { pollableFamilies, readChanges, type Change } from './feed';
import { apiTime, includePayload, receiveMode, selectedEvents, selfCheck } from './registration';
import { sampleChanges } from './sample';
import { stateOf } from './state';

/** The event of the item that announces a restored registration. */
export const RESTORED_EVENT = 'TRIGGER_RESTORED';

/**
 * The API's dates are whole seconds: the catch-up also reads the second of the last healthy check,
 * so a change right after it is not lost (one right before it, already delivered, may come again).
 */
const SAME_SECOND_MS = 1000;

/** How far back polling re-reads, so a change the API lists a little late is still seen (once). */
const POLL_OVERLAP_MS = 2 * 60_000;

export async function pollTrigger(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	// The editor's test in polling mode: a sample of the latest changes, the cursor untouched.
	if (this.getMode() === 'manual' && receiveMode(this) === 'polling') return output(this, await sampleChanges(this), {});
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
	const read =
		since === undefined || families.length === 0
			? { changes: [] }
			: await readChanges(this, families, events, since, { overlapMs: SAME_SECOND_MS, withPayload });
	const missed = read.changes.filter((change) => change.at <= Date.parse(until));
	// Always an execution: n8n saves a poll's static data (the new secret deliveries are checked
	// against) only when the poll emits, and a restore should be visible anyway.
	return output(this, [restoredNotice(since?.since, until, missed.length), ...missed], { recovered: true });
}

/** The first item of every catch-up: the registration was replaced, and since when it was deaf. */
function restoredNotice(since: string | undefined, until: string, recovered: number): Change {
	return {
		key: `${RESTORED_EVENT}:${until}`,
		at: Date.parse(until),
		envelope: {
			data: {
				kind: 'notification',
				notification: {
					notification_id: `${RESTORED_EVENT}:${until}`,
					notification_event: RESTORED_EVENT,
					notification_created: until,
					notification_note:
						`This trigger's webhook at Prioticket was missing, disabled or changed${since ? ` after ${since}` : ''}; ` +
						`it was registered again at ${until}. ${recovered} change(s) read back from orders and products follow.`,
				},
			},
		},
	};
}

function output(context: IPollFunctions, changes: Change[], extra: IDataObject): INodeExecutionData[][] {
	const raw = (context.getNodeParameter('options', {}) as { output?: string }).output === 'raw';
	const items = changes.map((change) => ({
		...((raw ? change.envelope : simplify(change.envelope)) as IDataObject),
		...extra,
	}));
	return [context.helpers.returnJsonArray(items)];
}
