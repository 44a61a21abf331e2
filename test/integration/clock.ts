// The date a test file runs at, moved by hand instead of waited for. jest's fake timers replace
// `Date` alone: timers, ticks and the HTTP stack keep real time. The emulator, n8n-core and the
// nodes all run in the test's process, so they read this one clock: a test lets "a second pass"
// (the API writes whole seconds) or two minutes pass at once, and nothing really sleeps.

/** Everything jest's fake timers could replace except `Date`. */
const REAL = [
	'hrtime',
	'nextTick',
	'performance',
	'queueMicrotask',
	'requestAnimationFrame',
	'cancelAnimationFrame',
	'requestIdleCallback',
	'cancelIdleCallback',
	'setImmediate',
	'clearImmediate',
	'setInterval',
	'clearInterval',
	'setTimeout',
	'clearTimeout',
] as const;

export interface TestClock {
	/** Moves the date on by `ms`; without an argument, into the next whole second. */
	advance: (ms?: number) => void;
}

/**
 * From each test's start until its end, `Date` stands still at the time the test started (or the
 * time the previous test left it at, if later), except when `advance` moves it. Call it at the top of a test file, after `useTestBed` (so the emulator's
 * seed is written at the real time, before the clock stops).
 */
export function useTestClock(): TestClock {
	// Never back in time across the tests of a file, as the real clock: a process's memory (the
	// delivered changes, say) may outlive a test.
	let last = 0;
	beforeEach(() => {
		jest.useFakeTimers({ doNotFake: [...REAL], now: Math.max(Date.now(), last) });
	});
	afterEach(() => {
		last = Date.now();
		jest.useRealTimers();
	});
	return {
		advance: (ms?: number) => {
			const now = Date.now();
			jest.setSystemTime(ms === undefined ? Math.floor(now / 1000) * 1000 + 1000 : now + ms);
		},
	};
}
