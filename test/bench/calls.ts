/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- test tooling: runs under Node, never inside n8n */
// Only the API-call counts of the trigger's polls and of the booking paths (seconds, no n8n
// process): prints the rows of BENCHMARKS.md's "API calls per lifecycle step" and "API calls per
// booking path" tables and fails when a count differs from the documented one. `npm run bench`
// counts the same steps as part of the whole run.
import '../setup-env';
import './prefer-ts';

import { TestBed } from '../integration/testbed';
import { countPollCalls } from './in-process';
import { countSellingCalls } from './selling';

async function main() {
	const bed = await new TestBed().start();
	try {
		const polls = await countPollCalls(bed);
		for (const s of polls) console.log(`| ${s.step} | ${s.calls} | ${s.detail} |`);
		const selling = await countSellingCalls(bed);
		console.log('');
		for (const s of selling) console.log(`| ${s.step} | ${s.calls} | ${s.detail} |`);
		const steps = [...polls, ...selling];
		const missed = steps.filter((s) => s.calls !== s.expected);
		if (missed.length > 0) {
			console.error(
				`not the documented count: ${missed.map((s) => `${s.step} (${s.calls}, expected ${s.expected})`).join('; ')}`,
			);
			process.exitCode = 1;
		}
	} finally {
		await bed.stop();
	}
}

void main();
