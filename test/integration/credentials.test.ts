// The credential's token handling, through n8n's real httpRequestWithAuthentication.
import { CREDENTIAL_ID, useTestBed } from './testbed';

const bed = useTestBed();

const listWebhooks = async () =>
	await bed.runAction({ resource: 'webhook', operation: 'getAll', returnAll: true });

test('fetches one token with Basic auth and a JSON client_credentials body, then reuses it across executions', async () => {
	await listWebhooks();
	await listWebhooks();
	await listWebhooks();
	expect(bed.emulator.countRequests('POST', '/oauth2/token')).toBe(1);
	const token = bed.credentials.stored.get(CREDENTIAL_ID)?.accessToken as string;
	expect(token).toMatch(/^emu\./);
	const calls = bed.emulator.requests.filter((r) => r.path.endsWith('/webhooks'));
	expect(calls).toHaveLength(3);
	for (const call of calls) expect(call.authorization).toBe(`Bearer ${token}`);
	expect(bed.emulator.requests[0].authorization).toBe(
		`Basic ${Buffer.from('demo-client:demo-secret').toString('base64')}`,
	);
});

test('refreshes the token once when the API rejects it, and the call succeeds', async () => {
	await listWebhooks();
	const before = bed.credentials.stored.get(CREDENTIAL_ID)?.accessToken;
	bed.emulator.tokens.clear(); // the API no longer knows the stored token, e.g. it expired
	bed.emulator.requests.length = 0;
	bed.credentials.preAuthentications.length = 0;
	const output = await listWebhooks();
	expect(output).toEqual([]);
	expect(bed.credentials.preAuthentications).toEqual([{ expired: true }]);
	expect(bed.emulator.countRequests('POST', '/oauth2/token')).toBe(1);
	expect(bed.emulator.requests.map((r) => r.status)).toEqual([401, 200, 200]);
	expect(bed.credentials.stored.get(CREDENTIAL_ID)?.accessToken).not.toBe(before);
});

test("a wrong secret fails with Prioticket's invalid_client message", async () => {
	bed.resetCredential({ clientSecret: 'wrong' });
	await expect(listWebhooks()).rejects.toThrow(/invalid_client – Client authentication failed/);
});

test('sends the API key as the "key" query parameter only when one is set', async () => {
	bed.resetCredential({ apiKey: 'k-123' });
	await listWebhooks();
	bed.resetCredential();
	await listWebhooks();
	const lists = bed.emulator.requests.filter((r) => r.path.endsWith('/webhooks'));
	expect(lists[0].query.key).toBe('k-123');
	expect('key' in lists[1].query).toBe(false);
});

test('sends the scope in the token request when set', async () => {
	const bodies: string[] = [];
	const original = bed.emulator['token'].bind(bed.emulator);
	bed.emulator['token'] = (req: never, raw: string) => {
		bodies.push(raw);
		return original(req, raw);
	};
	try {
		bed.resetCredential({ scope: 'https://www.prioticketapis.com/auth/distributor.bookings' });
		await listWebhooks();
	} finally {
		bed.emulator['token'] = original;
	}
	expect(JSON.parse(bodies[0])).toEqual({
		grant_type: 'client_credentials',
		scope: 'https://www.prioticketapis.com/auth/distributor.bookings',
	});
});
