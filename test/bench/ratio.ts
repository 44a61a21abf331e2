/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- test tooling: runs under Node, never inside n8n */
// `npm run bench:ratio`: only the throughput part of `npm run bench`, under n8n's defaults (build
// first). `-- --rounds N --deliveries N` set the sizes (default 7 rounds of 100); `-- --cpu-prof DIR`
// has n8n write a CPU profile of the run into DIR (NODE_OPTIONS=--cpu-prof) and prints it split by
// workflow: CPU per delivery, and the functions where the trigger's deliveries and the Webhook
// node's differ most.

import '../setup-env';
import './prefer-ts';

import { writeFileSync } from 'fs';
import { loadavg } from 'os';
import { join } from 'path';

import { describeSplit, mainProfile, splitProfile } from './profile';
import { msPerDelivery } from './threads';
import { measureThroughput, type Ratio } from './throughput';

const arg = (name: string) => {
	const at = process.argv.indexOf(`--${name}`);
	return at > 0 ? process.argv[at + 1] : undefined;
};
const load = () =>
	loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');
const say = (line: string) => console.log(`[bench] ${line} (load average ${load()})`);

async function main() {
	const rounds = Number(arg('rounds') ?? 7);
	const deliveries = Number(arg('deliveries') ?? rounds * 100);
	const profile = arg('cpu-prof');
	const env: Record<string, string> = profile
		? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profile}` }
		: {};
	const result = await measureThroughput({
		deliveries,
		rounds,
		concurrency: 8,
		bodyBytes: 2048,
		env,
		log: say,
	});
	const text = (r: Ratio) =>
		`median ${r.median.toFixed(3)} (${r.min.toFixed(2)}–${r.max.toFixed(2)}), rounds ${r.perRound.map((x) => x.toFixed(2)).join(' ')}`;
	for (const [measure, ratio] of [
		['deliveries/s', result.ratio],
		['answers/s', result.answerRatio],
	] as const) {
		say(`ratio Prioticket / Webhook (Header Auth), ${measure}: ${text(ratio.webhook)}`);
		say(`ratio Prioticket / Webhook (no auth), ${measure}: ${text(ratio.noAuth)}`);
	}
	for (const [side, s] of Object.entries(result.sides))
		say(
			`${side}: ${s.completedPerSecond.toFixed(1)} deliveries/s, ${s.answersPerSecond.toFixed(1)} answers/s, p50 ${s.p50Ms.toFixed(1)} ms`,
		);
	say(`CPU per delivery of n8n's threads during each side's turns, ms (from /proc):`);
	for (const { label, values } of msPerDelivery(result.threads, deliveries))
		console.log(
			`  ${Object.keys(result.threads)
				.map((side, i) => `${side} ${values[i].toFixed(1).padStart(6)}`)
				.join('  ')}  ${label}`,
		);
	if (profile) {
		const file = mainProfile(profile);
		// Kept beside the profile, for another look at it (splitProfile).
		writeFileSync(join(profile, 'turns.json'), JSON.stringify(result.turns));
		say(`profile ${file}, split by workflow:`);
		for (const line of describeSplit(splitProfile(file, result.turns))) console.log(line);
	}
}

main().catch((error: Error) => {
	console.error(`[bench] ${error.stack ?? error.message}`);
	process.exit(1);
});
