// What the trigger does on each of n8n's polls (the node's "Poll Times"). Webhook mode: the
// self-check of the registration, and after the trigger was deaf a catch-up from the change feed.
// Polling mode: the change feed is the source of events. Both emit items shaped like deliveries.

import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { deliveredMark, takeReplacement, type DeliveredMark } from './delivered';
import { toItems } from './delivery';
import { pollableFamilies, readChanges, type Change, type Family } from './feed';
import { nodeKey } from './nodeKey';
import { receiveMode, selectedEvents, triggerOptions } from './parameters';
import { selfCheck } from './registration';
import { formatApiDate } from '../shared/dates';
import { sampleChanges } from './sample';
import { stateOf, type FeedCursor, type TriggerState } from './state';

/** The event of the item that announces a restored registration. */
const RESTORED_EVENT = 'TRIGGER_RESTORED';

/**
 * The API's dates are whole seconds and its filters mean "modified after": the catch-up reads from a
 * second earlier, so a change in the same second as its start is not lost.
 */
const SAME_SECOND_MS = 1000;

/** How far back polling re-reads, so a change the API lists a little late is still seen (once). */
const POLL_OVERLAP_MS = 2 * 60_000;

/** Which list each polling node reads next, in this process: polls take the lists in turn. */
const turns = new Map<string, number>();

export async function pollTrigger(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	// The editor's test in polling mode: a sample of the latest changes, the cursor untouched.
	if (this.getMode() === 'manual' && receiveMode(this) === 'polling')
		return output(this, await sampleChanges(this), {});
	const events = selectedEvents(this);
	const state = stateOf(this);
	const withPayload = triggerOptions(this).includePayload;

	if (receiveMode(this) === 'polling') {
		const families = pollableFamilies(this, events);
		const lists = state.lists ?? {};
		if (families.some((family) => lists[family] === undefined)) {
			// First poll of an activation: changes from now on.
			startLists(state, families);
			return null;
		}
		// One list a poll, so that an idle poll costs one call; with orders and products, each is read every second poll.
		const key = nodeKey(this);
		const turn = turns.get(key) ?? 0;
		turns.set(key, turn + 1);
		const family = families[turn % families.length];
		const read = await readChanges(this, [family], events, lists[family]!, {
			overlapMs: POLL_OVERLAP_MS,
			withPayload,
		});
		// Only a poll that emits moves the cursor: n8n 1.x keeps static data only from such a poll.
		if (read.changes.length === 0) return null;
		state.lists = { ...lists, [family]: read.cursor };
		return output(this, read.changes, {});
	}

	if (this.getMode() === 'manual') return null;
	await selfCheck.call(this);
	// A replacement made in this process (by this poll, or by n8n's hooks on their own copy of the
	// static data), else one this copy of the static data remembers (made before a restart).
	const replaced = takeReplacement(this, state.secret);
	const deaf =
		replaced ??
		(state.deaf && state.deafUntil !== undefined && state.feed !== undefined
			? { since: state.feed.since, until: state.deafUntil }
			: undefined);
	if (deaf === undefined) return null;
	delete state.deaf;
	delete state.deafUntil;
	// Catch-up: what changed from the last healthy check, or from the newest change delivered before
	// the loss if later, until the replacement was registered.
	const families = pollableFamilies(this, events, false);
	const { until } = deaf;
	const since = catchUpStart(
		deaf.since,
		replaced === undefined ? deliveredMark(this, state.secret) : replaced.delivered,
		until,
	);
	state.feed = { since: until, seen: {} };
	const read =
		families.length === 0
			? { changes: [] }
			: await readChanges(this, families, events, since, {
					overlapMs: SAME_SECOND_MS,
					withPayload,
				});
	const missed = read.changes.filter((change) => change.at <= Date.parse(until));
	// Always an execution: a workflow that was deaf should show it. (Deliveries do not depend on it:
	// the restore kept the secret n8n saved at activation.)
	return output(this, [restoredNotice(since.since, until, missed.length), ...missed], {
		recovered: true,
	});
}

/** Polling mode: each list of these families is read from now on; nothing from before the activation is emitted. */
function startLists(state: TriggerState, families: Family[]) {
	const now = formatApiDate(Date.now());
	const started = Object.fromEntries(
		families.map((family) => [family, { since: now, seen: {}, floor: now }]),
	);
	state.lists = { ...started, ...state.lists };
}

/**
 * Where the catch-up reads from: the last healthy check, or the newest delivered change when that is
 * later (deafness does not come and go: a registration Prioticket disabled or lost stays so). The
 * second itself is read again; the delivered changes of that second are not emitted again.
 */
function catchUpStart(
	healthy: string,
	delivered: DeliveredMark | undefined,
	until: string,
): FeedCursor {
	// A change delivered after the replacement came through the new registration: it says nothing
	// of when the old one was lost.
	if (
		delivered === undefined ||
		delivered.at < Date.parse(healthy) ||
		delivered.at > Date.parse(until)
	)
		return { since: healthy, seen: {} };
	return {
		since: formatApiDate(delivered.at),
		seen: Object.fromEntries(delivered.keys.map((key) => [key, delivered.at])),
	};
}

/** The first item of every catch-up: the registration was replaced, and since when it was deaf. */
function restoredNotice(from: string, to: string, recovered: number): Change {
	// Dates as the API writes them (whole seconds, an offset), whatever form the state kept them in.
	const since = formatApiDate(Date.parse(from));
	const until = formatApiDate(Date.parse(to));
	return {
		key: `${RESTORED_EVENT}:${until}`,
		at: Date.parse(to),
		envelope: {
			data: {
				kind: 'notification',
				notification: {
					notification_id: `${RESTORED_EVENT}:${until}`,
					notification_event: RESTORED_EVENT,
					notification_created: until,
					notification_note:
						`This trigger's webhook at Prioticket was missing, disabled or changed after ${since}; ` +
						`it was registered again at ${until}. ${recovered} change(s) read back from orders and products follow.`,
				},
			},
		},
	};
}

function output(
	context: IPollFunctions,
	changes: Change[],
	extra: IDataObject,
): INodeExecutionData[][] {
	const items = toItems(
		changes.map((change) => change.envelope),
		triggerOptions(context).output,
		extra,
	);
	return [context.helpers.returnJsonArray(items)];
}
