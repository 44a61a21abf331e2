/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- test tooling: runs under Node, never inside n8n */
// `npm run bench:handler`: only the in-process webhook() cost of `npm run bench` (no n8n; the build
// in dist/, as n8n loads it): a quick check while working on the delivery path. `-- --calls N` sets
// the calls; `-- --json` prints the result as JSON only (how `npm run bench` runs it, once per fresh
// process).

import '../setup-env';
import './built';

import { loadavg } from 'os';

import { measureHandler } from './in-process';
import { TestBed } from '../integration/testbed';

async function main() {
	const at = process.argv.indexOf('--calls');
	const calls = at > 0 ? Number(process.argv[at + 1]) : 20_000;
	const load = () =>
		loadavg()
			.map((l) => l.toFixed(2))
			.join(' ');
	const bed = await new TestBed().start();
	try {
		const before = load();
		const cost = await measureHandler(bed, { resolve: false, calls, bodyBytes: 4096 });
		if (process.argv.includes('--json')) {
			console.log(JSON.stringify(cost));
			return;
		}
		console.log(
			`[bench] webhook(): ${calls} calls, median ${cost.medianMicros.toFixed(1)} µs, p99 ${cost.p99Micros.toFixed(1)} µs (load average ${before} before, ${load()} after)`,
		);
	} finally {
		await bed.stop();
	}
}

main().catch((error: Error) => {
	console.error(`[bench] ${error.stack ?? error.message}`);
	process.exit(1);
});
