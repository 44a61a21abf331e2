// n8n-workflow's `sleep` is the transport's only wait (the backoff between attempts, a Retry-After):
// a test file that imports this module first gets one that records the delay asked for and returns
// at once, so retries are proven without waiting for them. First: the mock reaches only the modules
// loaded after it.
export const waits: number[] = [];

jest.mock('n8n-workflow', () => ({
	...jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow'),
	sleep: async (ms: number) => {
		waits.push(ms);
	},
}));
