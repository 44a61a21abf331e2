// What the trigger's process remembers of the changes its webhook delivered (for the catch-up): only
// production deliveries, and for a busy second only so many keys.
import type { IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

import {
	deliveredMark,
	forgetDeliveries,
	noteDelivery,
} from '../../../nodes/Prioticket/trigger/delivered';
import type { Envelope } from '../../../nodes/Prioticket/trigger/delivery';

/** The parts of n8n's contexts these functions read: the workflow and the mode. */
const context = (mode: 'manual' | 'trigger' | 'webhook', workflowId = 'wf-delivered') =>
	({
		getMode: () => mode,
		getWorkflow: () => ({ id: workflowId }),
	}) as unknown as IWebhookFunctions & IPollFunctions;

/** The registration's secret, which names its record. */
const SECRET = 'secret-of-the-registration';

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

afterEach(() => forgetDeliveries(context('trigger'), SECRET));

test("the editor's test deliveries (manual mode) are not recorded", () => {
	noteDelivery(context('manual'), update('ORD-1'), SECRET);
	expect(deliveredMark(context('trigger'), SECRET)).toBeUndefined();
	// A production delivery of the same change is, for its workflow and registration only.
	noteDelivery(context('webhook'), update('ORD-1'), SECRET);
	expect(deliveredMark(context('trigger'), 'secret-of-another-registration')).toBeUndefined();
	expect(deliveredMark(context('trigger'), undefined)).toBeUndefined();
	expect(deliveredMark(context('trigger', 'wf-other'), SECRET)).toBeUndefined();
	expect(deliveredMark(context('trigger'), SECRET)).toEqual({
		at: Date.parse(SECOND),
		keys: [`ORDER_UPDATE:ORD-1@${Date.parse(SECOND)}`],
	});
});

test('a busy second keeps the keys of its latest 100 changes, not more', () => {
	const references = Array.from({ length: 150 }, (_, n) => `ORD-${n}`);
	for (const reference of references) noteDelivery(context('webhook'), update(reference), SECRET);
	const mark = deliveredMark(context('trigger'), SECRET)!;
	expect(mark.at).toBe(Date.parse(SECOND));
	expect(mark.keys).toEqual(
		references.slice(-100).map((reference) => `ORDER_UPDATE:${reference}@${Date.parse(SECOND)}`),
	);
	// A later second starts afresh.
	noteDelivery(context('webhook'), update('ORD-X', '2026-11-28T10:00:02+01:00'), SECRET);
	expect(deliveredMark(context('trigger'), SECRET)!.keys).toHaveLength(1);
});
