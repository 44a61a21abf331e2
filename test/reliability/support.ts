/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling: runs under Node, never inside n8n */
// Shared by the reliability suites: a real n8n with the package, the emulator, and ways to wait for
// the trigger's registration to settle and to report figures in CI's output.
import { Emulator, type EmulatorOptions, type WebhookRecord } from '../emulator/emulator';
import { emulatorCredential } from '../e2e/fixtures';
import { N8n, sleep } from '../harness/n8n';

export const report = (line: string) => process.stdout.write(`[reliability] ${line}\n`);

export function webhooksAt(emulator: Emulator, url: string): WebhookRecord[] {
	return [...emulator.webhooks.values()].filter((w) => w.webhook_url === url);
}

/**
 * Waits until n8n is done talking to the API (no call for `quietMs`) and then returns the webhooks
 * registered for `url`. After a failed activation n8n retries in 1, 2, 4 and 8 s: a fault that can
 * fail twice needs a quiet time over 2 s.
 */
export async function settle(
	emulator: Emulator,
	url: string,
	{ quietMs = 1500, timeoutMs = 60_000 } = {},
) {
	const deadline = Date.now() + timeoutMs;
	let seen = -1;
	let quietSince = Date.now();
	while (Date.now() < deadline) {
		const count = emulator.requests.length;
		if (count !== seen) {
			seen = count;
			quietSince = Date.now();
		} else if (Date.now() - quietSince >= quietMs) {
			return webhooksAt(emulator, url);
		}
		await sleep(100);
	}
	throw new Error(`n8n kept calling the API for ${timeoutMs / 1000}s`);
}

/**
 * The number of webhooks for `url` once n8n is done: waits for `expected` (n8n retries a failed
 * activation after 1, 2, 4 and 8 s), then for quiet, and counts again.
 */
export async function settledCount(
	emulator: Emulator,
	url: string,
	expected: number,
	quietMs = 1000,
) {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline && webhooksAt(emulator, url).length !== expected) await sleep(100);
	return (await settle(emulator, url, { quietMs })).length;
}

/** Quiet time that outlasts n8n's activation retries after `failures` failed attempts. */
export const QUIET_AFTER_FAULTS = 3000;

/**
 * A real n8n with the package, the emulator and a credential for it, for one test file: started
 * before its tests and stopped after them. `credential` is set once the file's tests run.
 */
export function useStack({
	env = {},
	emulator = {},
}: { env?: Record<string, string>; emulator?: EmulatorOptions } = {}) {
	const stack = {
		emulator: new Emulator({ deliveryRetryMs: 200, ...emulator }),
		n8n: new N8n({ env, log: report }),
		credential: { id: '', name: '' },
	};
	beforeAll(async () => {
		await stack.emulator.start();
		await stack.n8n.start();
		stack.credential = await emulatorCredential(stack.n8n, stack.emulator);
	}, 900_000);
	afterAll(async () => {
		await stack.n8n.stop();
		await stack.emulator.stop();
	});
	return stack;
}

/** A deterministic pseudo-random generator, so a failing cycle can be replayed. */
export function seededRandom(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}
