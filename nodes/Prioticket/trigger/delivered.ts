// The newest change the trigger's webhook delivered, kept in this n8n process's memory, so that a
// catch-up in the same process never emits a delivered change again. Not in static data: n8n
// 2.41.1 does not save what a webhook handler writes there when the workflow answers on receipt
// (the execution it then starts resets the change flag first), and a poll holds its own copy anyway.
//
// Kept per workflow and registration, the registration named by its secret: a delivery is verified
// with it, and the poll that catches up for that registration holds the same one (the restore keeps
// it). The delivery path thus needs no copy of the node to find its record.
//
// Also kept here: a replacement of a lost registration, by whichever copy of the node made it. n8n
// runs the activation hooks on a copy of the workflow fresh from its database, while polls run on
// the copy the activation left in memory; when the hooks replace the registration (n8n calling
// checkExists and create again, as n8n pull request 21776 proposes), the poll's copy never hears of
// it from static data, and its next check finds a healthy registration. The record tells it to
// announce the restore and catch up, with the newest change delivered before the loss.

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

/** A lost registration replaced: deaf after `since` (its last healthy check) until `until` (RFC 3339). */
export interface Replacement {
	since: string;
	until: string;
	/** The newest change delivered before the replacement: later ones came through the new registration. */
	delivered?: DeliveredMark;
}

const replacements = new Map<string, Replacement>();

/** Records a replacement for the next poll of this workflow's trigger with this secret, in this process. */
export function noteReplacement(
	context: Context,
	secret: string,
	deaf: { since: string; until: string },
) {
	const key = keyOf(context, secret);
	const earlier = replacements.get(key);
	replacements.set(key, {
		// Two losses before a poll: one catch-up over both.
		since:
			earlier === undefined || Date.parse(earlier.since) > Date.parse(deaf.since)
				? deaf.since
				: earlier.since,
		until: deaf.until,
		delivered: earlier?.delivered ?? marks.get(key),
	});
}

/** The replacement recorded for this registration since the last call, if any, and forgets it. */
export function takeReplacement(
	context: Context,
	secret: string | undefined,
): Replacement | undefined {
	if (secret === undefined) return undefined;
	const key = keyOf(context, secret);
	const replacement = replacements.get(key);
	replacements.delete(key);
	return replacement;
}

/** Deactivated: what was delivered or replaced before is no concern of the next activation. */
export function forgetDeliveries(context: Context, secret: string | undefined) {
	if (secret === undefined) return;
	marks.delete(keyOf(context, secret));
	replacements.delete(keyOf(context, secret));
}
