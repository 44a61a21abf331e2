// The newest change the trigger's webhook delivered, kept in this n8n process's memory, so that a
// catch-up in the same process never emits a delivered change again. Not in static data: n8n
// 2.41.1 does not save what a webhook handler writes there when the workflow answers on receipt
// (the execution it then starts resets the change flag first), and a poll holds its own copy anyway.
//
// Kept per workflow and registration, the registration named by its secret: a delivery is verified
// with it, and the poll that catches up for that registration holds the same one (the restore keeps
// it). The delivery path thus needs no copy of the node to find its record.

import type { IHookFunctions } from 'n8n-workflow';

import type { Envelope } from './delivery';
import { changeOfDelivery } from './feed';

/** The newest delivered change: its time in ms (whole seconds), and the keys of the changes of that second. */
export interface DeliveredMark {
	at: number;
	keys: string[];
}

const marks = new Map<string, DeliveredMark>();

type Context = Pick<IHookFunctions, 'getWorkflow' | 'getMode'>;

const keyOf = (context: Context, secret: string) => `${context.getWorkflow().id ?? ''}/${secret}`;

/** Keys kept for one second: beyond it, a change of a busy second may come again rather than the record grow. */
const KEYS_PER_SECOND = 100;

/**
 * Records a production delivery, verified with the registration's `secret`, that the workflow runs
 * on; the editor's test deliveries are not recorded.
 */
export function noteDelivery(context: Context, envelope: Envelope, secret: string) {
	if (context.getMode() === 'manual') return;
	const change = changeOfDelivery(envelope);
	if (change === undefined) return;
	const key = keyOf(context, secret);
	const mark = marks.get(key);
	if (mark === undefined || change.at > mark.at) {
		marks.set(key, { at: change.at, keys: [change.key] });
	} else if (change.at === mark.at && !mark.keys.includes(change.key)) {
		mark.keys = [...mark.keys, change.key].slice(-KEYS_PER_SECOND);
	}
}

/** The newest change delivered to this workflow in this process through the registration with this secret. */
export function deliveredMark(
	context: Context,
	secret: string | undefined,
): DeliveredMark | undefined {
	return secret === undefined ? undefined : marks.get(keyOf(context, secret));
}

/** Deactivated: what was delivered before is no concern of the next activation. */
export function forgetDeliveries(context: Context, secret: string | undefined) {
	if (secret !== undefined) marks.delete(keyOf(context, secret));
}
