/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling: runs under Node, never inside n8n */
// The benchmark's two ways of saying where a delivery's CPU goes: a CPU profile split by each
// workflow's turns, and /proc's CPU time per thread.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { mainProfile, splitProfile } from '../bench/profile';
import {
	ALL_THREADS,
	msPerDelivery,
	processTotal,
	threadTimes,
	timesBetween,
} from '../bench/threads';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });

describe('a CPU profile split by workflow', () => {
	// (root) → handle → recurse → recurse, and (root) → (idle); samples 1 ms apart from t = 1000 µs.
	const profile = {
		nodes: [
			{ id: 1, callFrame: frame('(root)'), children: [2, 5] },
			{ id: 2, callFrame: frame('handle', 'file:///x/node_modules/n8n/dist/a.js'), children: [3] },
			{ id: 3, callFrame: frame('recurse', 'file:///x/b.js'), children: [4] },
			{ id: 4, callFrame: frame('recurse', 'file:///x/b.js') },
			{ id: 5, callFrame: frame('(idle)') },
		],
		startTime: 1000,
		samples: [2, 4, 5, 3, 4],
		timeDeltas: [1000, 1000, 1000, 1000, 1000],
	};
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'prioticket-profile-'));
		writeFileSync(join(dir, 'small.cpuprofile'), JSON.stringify({ ...profile, samples: [] }));
		writeFileSync(join(dir, 'main.cpuprofile'), JSON.stringify(profile));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('takes the largest profile, n8n main thread, and gives each side the samples of its turns', () => {
		const file = mainProfile(dir);
		expect(file).toBe(join(dir, 'main.cpuprofile'));
		// Samples fall at 2000, 3000, 4000, 5000 and 6000 µs.
		const split = splitProfile(file, {
			prioticket: [{ fromMicros: 1500, toMicros: 3500, count: 1 }],
			webhook: [{ fromMicros: 3500, toMicros: 6500, count: 2 }],
			noAuth: [{ fromMicros: 9000, toMicros: 9500, count: 1 }],
		});
		// prioticket: handle (1 ms) and recurse inside recurse (1 ms), over 1 delivery.
		expect(split.prioticket.cpuMs).toBe(2);
		expect(split.prioticket.inclusiveMs.get('handle n8n/dist/a.js:1')).toBe(2);
		// A function that recurses counts once per stack.
		expect(split.prioticket.inclusiveMs.get('recurse /x/b.js:1')).toBe(1);
		expect(split.prioticket.selfMs.get('handle n8n/dist/a.js:1')).toBe(1);
		// webhook: the idle sample left out; two samples over 2 deliveries.
		expect(split.webhook.cpuMs).toBe(1);
		expect(split.noAuth.cpuMs).toBe(0);
	});
});

describe('CPU time per thread from /proc', () => {
	const linux = process.platform === 'linux';

	(linux ? it : it.skip)(
		'counts the threads of a process group, and the process as a whole',
		() => {
			// This process's group: the fifth field of its stat line.
			const group = Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')[2]);
			const before = threadTimes(group);
			const until = Date.now() + 150;
			while (Date.now() < until); // busy, so this process's time moves
			const spent = timesBetween(before, threadTimes(group));
			expect(processTotal(spent)).toBeGreaterThan(0.05);
			expect([...spent.keys()].some((name) => name.startsWith(ALL_THREADS))).toBe(true);
			expect(threadTimes(undefined).size).toBe(0);
		},
	);

	it('reports ms per delivery per thread, process totals named as such, largest first', () => {
		const side = (entries: Array<[string, number]>) => new Map(entries);
		const rows = msPerDelivery(
			{
				prioticket: side([
					[`${ALL_THREADS}MainThread`, 2],
					['MainThread', 1.2],
					['idle', 0.00001],
				]),
				webhook: side([
					[`${ALL_THREADS}MainThread`, 2.2],
					['MainThread', 1.3],
				]),
			},
			10,
		);
		expect(rows).toEqual([
			{ label: 'process MainThread, all threads (ended ones included)', values: [200, 220] },
			{ label: 'MainThread', values: [120, 130] },
		]);
		expect(
			processTotal(
				side([
					[`${ALL_THREADS}a`, 1],
					[`${ALL_THREADS}b`, 2],
					['a', 5],
				]),
			),
		).toBe(3);
	});
});
