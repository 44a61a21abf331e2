// What the trigger's process remembers of the changes its webhook delivered (for the catch-up): only
// production deliveries, and for a busy second only so many keys.
import type { IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

import {
	deliveredMark,
	forgetDeliveries,
	noteDelivery,
} from '../../../nodes/Prioticket/trigger/delivered';
import type { Envelope } from '../../../nodes/Prioticket/trigger/delivery';

/** The parts of n8n's contexts these functions read: the workflow, the node and the mode. */
const context = (mode: 'manual' | 'trigger' | 'webhook', workflowId = 'wf-delivered') =>
	({
		getMode: () => mode,
		getNode: () => ({ id: 'node-1', name: 'Prioticket Trigger' }),
		getWorkflow: () => ({ id: workflowId }),
	}) as unknown as IWebhookFunctions & IPollFunctions;

const SECOND = '2026-11-28T10:00:01+01:00';
const update = (reference: string, modified = SECOND): Envelope => ({
	data: {
		notification: {
			notification_event: 'ORDER_UPDATE',
			notification_item_id: reference,
			notification_created: modified,
		},
		order: { order_reference: reference, order_modified: modified },
	},
});

afterEach(() => {
	for (const mode of ['manual', 'trigger', 'webhook'] as const) forgetDeliveries(context(mode));
});

test("the editor's test deliveries (manual mode) are not recorded, for the test run or the live one", () => {
	noteDelivery(context('manual'), update('ORD-1'));
	expect(deliveredMark(context('manual'))).toBeUndefined();
	expect(deliveredMark(context('trigger'))).toBeUndefined();
	// A production delivery of the same change is.
	noteDelivery(context('webhook'), update('ORD-1'));
	expect(deliveredMark(context('trigger'))).toEqual({
		at: Date.parse(SECOND),
		keys: [`ORDER_UPDATE:ORD-1@${Date.parse(SECOND)}`],
	});
});

test('a busy second keeps the keys of its latest 100 changes, not more', () => {
	const references = Array.from({ length: 150 }, (_, n) => `ORD-${n}`);
	for (const reference of references) noteDelivery(context('webhook'), update(reference));
	const mark = deliveredMark(context('trigger'))!;
	expect(mark.at).toBe(Date.parse(SECOND));
	expect(mark.keys).toEqual(
		references.slice(-100).map((reference) => `ORDER_UPDATE:${reference}@${Date.parse(SECOND)}`),
	);
	// A later second starts afresh.
	noteDelivery(context('webhook'), update('ORD-X', '2026-11-28T10:00:02+01:00'));
	expect(deliveredMark(context('trigger'))!.keys).toHaveLength(1);
});
