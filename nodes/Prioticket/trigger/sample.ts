// The editor's test of the trigger in polling mode ("Fetch Test Event"): n8n runs the poll in manual
// mode. It shows the latest change of each selected family, shaped like a poll's output, so the
// workflow can be built on real data at once. It reads a single page per family, and leaves the
// activation's cursor (the node's static data) alone.

import type { IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	changesOf,
	envelopeOf,
	pollableFamilies,
	POLLABLE_EVENTS,
	SOURCES,
	type Change,
} from './feed';
import { parseApiDate } from '../shared/dates';
import { selectedEvents, triggerOptions } from './parameters';

/** How many of the most recently modified objects are looked at for one of the selected events. */
const SAMPLE_PAGE = 20;

/**
 * The latest change of each selected family, as the event it stands for (an object created and not
 * changed since is a creation, a cancelled order a cancellation, anything else an update), oldest first.
 * Nothing to show is an error that says what to do.
 */
export async function sampleChanges(context: IPollFunctions): Promise<Change[]> {
	const events = selectedEvents(context);
	const families = pollableFamilies(context, events);
	const withPayload = triggerOptions(context).includePayload;
	const samples: Change[] = [];
	for (const family of families) {
		const source = SOURCES[family];
		const objects = await source.read(context, source.newest, SAMPLE_PAGE);
		let latest: Change | undefined;
		for (const object of objects) {
			const modified = parseApiDate(object[source.modified]);
			if (Number.isNaN(modified)) continue;
			for (const change of changesOf(family, object, modified)) {
				if (!events.includes(change.event) || (latest !== undefined && latest.at >= change.at))
					continue;
				latest = {
					key: change.key,
					at: change.at,
					envelope: envelopeOf(family, object, change, withPayload),
				};
			}
		}
		if (latest !== undefined) samples.push(latest);
	}
	if (samples.length === 0) {
		const what = families.map((family) => `${family}s`).join(' or ');
		throw new NodeOperationError(
			context.getNode(),
			`No recent change of the selected events in this Prioticket account's ${what}`,
			{
				description: `The test shows the latest change among the ${SAMPLE_PAGE} most recently modified ${what} that matches "Trigger On" (${events.join(', ')}). Create or change one in Prioticket, or select more of ${POLLABLE_EVENTS.join(', ')} in "Trigger On", then test again.`,
			},
		);
	}
	return samples.sort((a, b) => a.at - b.at);
}
