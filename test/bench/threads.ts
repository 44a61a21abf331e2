/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// CPU time of every thread of a process group (n8n and any child it started), read from Linux's
// /proc, grouped by thread name: a V8 CPU profile sees only the main JavaScript thread, while a
// delivery also costs the expression isolates' threads, V8's helpers (garbage collection,
// compilation) and SQLite's work in libuv's pool. Elsewhere than Linux it reads nothing.

import { readFileSync, readdirSync } from 'fs';

/** Seconds of CPU (user and system) per thread name, summed over the group's processes and threads. */
export type ThreadTimes = Map<string, number>;

const TICKS_PER_SECOND = 100;
export const ALL_THREADS = 'all threads of ';

/** The seconds of every process of the group, all threads, ended ones included. */
export const processTotal = (times: ThreadTimes) =>
	[...times].reduce(
		(sum, [name, seconds]) => (name.startsWith(ALL_THREADS) ? sum + seconds : sum),
		0,
	);

export function threadTimes(group: number | undefined): ThreadTimes {
	const times: ThreadTimes = new Map();
	if (group === undefined) return times;
	for (const pid of listing('/proc').filter((name) => /^\d+$/.test(name))) {
		const process = stat(`/proc/${pid}/stat`);
		if (process === undefined || Number(process.fields[2]) !== group) continue;
		// The process's own count also holds its threads that have ended.
		const all = `${ALL_THREADS}${process.name}`;
		times.set(all, (times.get(all) ?? 0) + cpuSeconds(process.fields));
		for (const tid of listing(`/proc/${pid}/task`)) {
			const thread = stat(`/proc/${pid}/task/${tid}/stat`);
			if (thread === undefined) continue;
			const name = thread.name.replace(/\d+$/, '#');
			times.set(name, (times.get(name) ?? 0) + cpuSeconds(thread.fields));
		}
	}
	return times;
}

/** `later` minus `earlier`, per thread name (threads that ended in between count from zero). */
export function timesBetween(earlier: ThreadTimes, later: ThreadTimes): ThreadTimes {
	const spent: ThreadTimes = new Map();
	for (const [name, seconds] of later) spent.set(name, seconds - (earlier.get(name) ?? 0));
	return spent;
}

export function addTimes(into: ThreadTimes, more: ThreadTimes) {
	for (const [name, seconds] of more) into.set(name, (into.get(name) ?? 0) + seconds);
}

/** utime and stime, the 14th and 15th fields of a stat line (the 12th and 13th after the name). */
const cpuSeconds = (fields: string[]) =>
	(Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;

/**
 * ms per delivery for each thread name (the process totals named as such), one value per side in
 * the order of `threads`, largest first; names under 0.05 ms on every side are left out.
 */
export function msPerDelivery(
	threads: Record<string, ThreadTimes>,
	deliveries: number,
): Array<{ label: string; values: number[] }> {
	const sides = Object.keys(threads);
	const names = [...new Set(sides.flatMap((side) => [...threads[side].keys()]))];
	const ms = (side: string, name: string) => (1000 * (threads[side].get(name) ?? 0)) / deliveries;
	return names
		.map((name) => ({
			label: name.startsWith(ALL_THREADS)
				? `process ${name.slice(ALL_THREADS.length)}, all threads (ended ones included)`
				: name,
			values: sides.map((side) => ms(side, name)),
		}))
		.filter(({ values }) => values.some((v) => v >= 0.05))
		.sort((a, b) => Math.max(...b.values) - Math.max(...a.values));
}

function listing(dir: string): string[] {
	try {
		return readdirSync(dir);
	} catch {
		return [];
	}
}

/** The name between the parentheses, and the fields after it (state first). */
function stat(path: string): { name: string; fields: string[] } | undefined {
	try {
		const text = readFileSync(path, 'utf8');
		const open = text.indexOf('(');
		const close = text.lastIndexOf(')');
		return { name: text.slice(open + 1, close), fields: text.slice(close + 2).split(' ') };
	} catch {
		return undefined;
	}
}
