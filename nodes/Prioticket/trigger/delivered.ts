// The newest change the trigger's webhook delivered, kept in this n8n process's memory, so that a
// catch-up in the same process never emits a delivered change again. Not in static data: n8n
// 2.41.1 does not save what a webhook handler writes there when the workflow answers on receipt
// (the execution it then starts resets the change flag first), and a poll holds its own copy anyway.

import type { INode, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { Envelope } from './delivery';
import { changeOfDelivery } from './feed';
import { nodeKey } from './nodeKey';

/** The newest delivered change: its time in ms (whole seconds), and the keys of the changes of that second. */
export interface DeliveredMark {
	at: number;
	keys: string[];
}

const marks = new Map<string, DeliveredMark>();

/** Keys kept for one second: beyond it, a change of a busy second may come again rather than the record grow. */
const KEYS_PER_SECOND = 100;

/**
 * Records a production delivery the workflow runs on; the editor's test deliveries are not recorded.
 * `node`: the context's node, when the caller already holds a copy.
 */
export function noteDelivery(context: IWebhookFunctions, envelope: Envelope, node?: INode) {
	if (context.getMode() === 'manual') return;
	const change = changeOfDelivery(envelope);
	if (change === undefined) return;
	const key = nodeKey(context, node);
	const mark = marks.get(key);
	if (mark === undefined || change.at > mark.at) {
		marks.set(key, { at: change.at, keys: [change.key] });
	} else if (change.at === mark.at && !mark.keys.includes(change.key)) {
		mark.keys = [...mark.keys, change.key].slice(-KEYS_PER_SECOND);
	}
}

/** The newest change delivered to this node in this process, if any. */
export function deliveredMark(context: IPollFunctions): DeliveredMark | undefined {
	return marks.get(nodeKey(context));
}

/** Deactivated: what was delivered before is no concern of the next activation. */
export function forgetDeliveries(context: Parameters<typeof nodeKey>[0]) {
	marks.delete(nodeKey(context));
}
