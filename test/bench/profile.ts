/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// A V8 CPU profile of n8n during the throughput rounds, split by workflow: each sample falls in one
// side's turn (the turns are on the monotonic clock the profile's samples use), so the CPU a
// delivery costs can be compared side by side, in all and per function.

import { readFileSync, readdirSync, statSync } from 'fs';
import { join } from 'path';

import type { SideName, ThroughputResult } from './throughput';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

export interface SideProfile {
	/** CPU per delivery in ms, idle time left out. */
	cpuMs: number;
	/** Per function (name, file within its package, line): ms per delivery it or its callees ran. */
	inclusiveMs: Map<string, number>;
	/** Per function: ms per delivery it ran itself. */
	selfMs: Map<string, number>;
}

/** The largest profile in `dir`: n8n's main process (a task runner, if any, writes a smaller one). */
export function mainProfile(dir: string): string {
	const files = readdirSync(dir)
		.filter((f) => f.endsWith('.cpuprofile'))
		.map((f) => join(dir, f))
		.sort((a, b) => statSync(b).size - statSync(a).size);
	if (!files.length) throw new Error(`no .cpuprofile in ${dir}`);
	return files[0];
}

export function splitProfile(
	file: string,
	turns: ThroughputResult['turns'],
): Record<SideName, SideProfile> {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

	const windows = Object.entries(turns).flatMap(([side, list]) =>
		list.map((t) => ({ side: side as SideName, from: t.fromMicros, to: t.toMicros })),
	);
	const deliveries = Object.fromEntries(
		Object.entries(turns).map(([side, list]) => [side, list.reduce((n, t) => n + t.count, 0)]),
	) as Record<SideName, number>;
	// Sample time per node, per side.
	const perSide = new Map<SideName, Map<number, number>>();
	let at = profile.startTime;
	profile.samples.forEach((id, i) => {
		const delta = profile.timeDeltas[i] ?? 0;
		at += delta;
		const window = windows.find((w) => at >= w.from && at <= w.to);
		if (!window) return;
		const times = perSide.get(window.side) ?? new Map<number, number>();
		times.set(id, (times.get(id) ?? 0) + delta);
		perSide.set(window.side, times);
	});

	const result = {} as Record<SideName, SideProfile>;
	for (const side of Object.keys(turns) as SideName[]) {
		const per = 1000 * deliveries[side];
		const inclusiveMs = new Map<string, number>();
		const selfMs = new Map<string, number>();
		let cpu = 0;
		for (const [id, micros] of perSide.get(side) ?? []) {
			const node = byId.get(id)!;
			if (node.callFrame.functionName === '(idle)') continue;
			cpu += micros;
			const own = frameKey(node);
			selfMs.set(own, (selfMs.get(own) ?? 0) + micros / per);
			// Each function once per stack, however often it recurs in it.
			const seen = new Set<string>();
			for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
				const key = frameKey(byId.get(cur)!);
				if (seen.has(key)) continue;
				seen.add(key);
				inclusiveMs.set(key, (inclusiveMs.get(key) ?? 0) + micros / per);
			}
		}
		result[side] = { cpuMs: cpu / per, inclusiveMs, selfMs };
	}
	return result;
}

/** `name package/path:line`, the path from its package (n8n-nodes-prioticket/dist/… for ours). */
function frameKey(node: ProfileNode): string {
	const { functionName, url, lineNumber } = node.callFrame;
	const path = url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, '');
	return `${functionName || '(anonymous)'} ${path}${path ? `:${lineNumber + 1}` : ''}`;
}

/**
 * The report: CPU per delivery per side, then the functions whose inclusive time per delivery
 * differs most between the trigger and the Webhook node with Header Auth.
 */
export function describeSplit(split: Record<SideName, SideProfile>, top = 30): string[] {
	const lines = [
		`CPU per delivery: ${(Object.keys(split) as SideName[])
			.map((side) => `${side} ${split[side].cpuMs.toFixed(2)} ms`)
			.join(', ')}`,
	];
	const { prioticket, webhook } = split;
	for (const [title, pick] of [
		['inclusive', (s: SideProfile) => s.inclusiveMs],
		['self', (s: SideProfile) => s.selfMs],
	] as const) {
		const keys = new Set([...pick(prioticket).keys(), ...pick(webhook).keys()]);
		const rows = [...keys]
			.map((key) => {
				const p = pick(prioticket).get(key) ?? 0;
				const w = pick(webhook).get(key) ?? 0;
				return { key, p, w, d: p - w };
			})
			.sort((a, b) => Math.abs(b.d) - Math.abs(a.d))
			.slice(0, top);
		lines.push(
			`${title} ms per delivery, Prioticket vs Webhook (Header Auth), largest differences:`,
		);
		for (const r of rows)
			lines.push(
				`  ${r.d >= 0 ? '+' : ''}${r.d.toFixed(3).padStart(7)}  ${r.p.toFixed(3).padStart(7)} ${r.w.toFixed(3).padStart(7)}  ${r.key}`,
			);
	}
	return lines;
}
