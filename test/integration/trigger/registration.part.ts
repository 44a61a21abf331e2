// The trigger's webhook lifecycle (checkExists / create / delete) through n8n's real HookContext.
import { useTestBed, triggerUrl } from '../testbed';

const bed = useTestBed();

const remote = () => [...bed.emulator.webhooks.values()];
const apiCalls = () => bed.emulator.requests.length;

describe('activation', () => {
	test('registers the node URL, the selected events and a fresh secret of 32 bytes, in 3 calls', async () => {
		const trigger = bed.trigger({
			events: ['ORDER_CREATE', 'ORDER_CANCEL'],
			customEvents: 'payment_update',
		});
		await trigger.activate();
		expect(remote()).toHaveLength(1);
		const [webhook] = remote();
		expect(webhook).toMatchObject({
			webhook_url: triggerUrl(),
			webhook_events: ['ORDER_CANCEL', 'ORDER_CREATE', 'PAYMENT_UPDATE'],
			webhook_payload: true,
		});
		expect(Buffer.from(webhook.webhook_auth!, 'base64url')).toHaveLength(32);
		// Only what the self-check needs: the registration, its URL, and since when it is known healthy.
		expect(trigger.staticData()).toEqual({
			webhookId: webhook.webhook_id,
			secret: webhook.webhook_auth,
			url: triggerUrl(),
			feed: { since: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/), seen: {} },
		});
		expect(
			bed.emulator.requests.map((r) => `${r.method} ${r.path.replace('/v3.8/distributor', '')}`),
		).toEqual(['POST /oauth2/token', 'GET /webhooks', 'POST /webhooks']);
	});

	test('asks for notifications without the changed object when that option is off', async () => {
		await bed.trigger({ events: ['ORDER_CREATE'], options: { includePayload: false } }).activate();
		expect(remote()[0].webhook_payload).toBe(false);
	});

	test('two activations give two different secrets', async () => {
		await bed.trigger({ events: ['ORDER_CREATE'] }, { webhookId: 'a' }).activate();
		await bed.trigger({ events: ['ORDER_CREATE'] }, { webhookId: 'b' }).activate();
		const [a, b] = remote();
		expect(a.webhook_auth).not.toBe(b.webhook_auth);
	});

	test('refuses a localhost URL for a real Prioticket environment, saying how to fix it', async () => {
		bed.resetCredential({ environment: 'staging' });
		const trigger = bed.trigger({ events: ['ORDER_CREATE'] });
		trigger.setWebhookBase('http://localhost:5678');
		// checkExists would call staging, which is unreachable here: go straight to create.
		await expect(trigger.create()).rejects.toThrow(
			/Prioticket cannot reach this workflow's webhook URL http:\/\/localhost:5678/,
		);
		// ...and points to polling, which needs no public address.
		await expect(trigger.create()).rejects.toMatchObject({
			description: expect.stringContaining('"Receive Events By" to Polling'),
		});
	});

	test("a create that worked but answered 500: n8n's clean-up and retry leave exactly one", async () => {
		const trigger = bed.trigger({ events: ['ORDER_CREATE'] });
		bed.emulator.faults.push({
			status: 500,
			count: 1,
			method: 'POST',
			path: '/webhooks',
			after: true,
		});
		await expect(trigger.activate()).rejects.toThrow('The service is temporarily unavailable.');
		expect(remote()).toHaveLength(1); // created, but the trigger could not know
		// What n8n does when create throws: delete, then (2.x) retry the activation.
		await trigger.delete();
		await trigger.activate();
		expect(remote()).toHaveLength(1);
		expect(trigger.staticData().webhookId).toBe(remote()[0].webhook_id);
	});

	test('fails with the field named when no event is selected', async () => {
		await expect(bed.trigger({ events: [] }).activate()).rejects.toThrow(
			'No event is selected in "Trigger On"',
		);
		expect(remote()).toHaveLength(0);
	});
});

describe('checkExists', () => {
	test('is true, with one list call, when the stored webhook still matches', async () => {
		const trigger = bed.trigger({ events: ['ORDER_CREATE'] });
		await trigger.activate();
		const before = apiCalls();
		expect(await trigger.checkExists()).toBe(true);
		expect(apiCalls() - before).toBe(1);
		expect(remote()).toHaveLength(1);
	});

	test('before n8n has saved the activation (no secret in its static data) it keeps the registration this process just made', async () => {
		// n8n's own re-check (n8n pull request 21776) reads the static data n8n saved, which an
		// activation in progress has not written yet.
		const trigger = bed.trigger({ events: ['ORDER_CREATE'] });
		await trigger.activate();
		const [made] = remote();
		const unsaved = bed.trigger({ events: ['ORDER_CREATE'] }, { staticData: {} });
		const before = apiCalls();
		expect(await unsaved.checkExists()).toBe(true);
		expect(apiCalls() - before).toBe(1);
		expect(remote()).toEqual([made]);
		expect(unsaved.staticData()).toMatchObject({
			webhookId: made.webhook_id,
			secret: made.webhook_auth,
		});
	});

	test('is false when the stored webhook was deleted remotely; activation then leaves exactly one', async () => {
		const trigger = bed.trigger({ events: ['ORDER_CREATE'] });
		await trigger.activate();
		bed.emulator.webhooks.clear();
		await trigger.activate();
		expect(remote()).toHaveLength(1);
		expect(trigger.staticData().webhookId).toBe(remote()[0].webhook_id);
	});

	test('replaces the registration when the selected events changed', async () => {
		const before = bed.trigger({ events: ['ORDER_CREATE'] });
		await before.activate();
		// The same node after its "Trigger On" changed: n8n keeps its static data.
		const after = bed.trigger({ events: ['ORDER_CREATE', 'REDEMPTION'] });
		after.workflow.staticData['node:Prioticket Trigger'] = { ...before.staticData() };
		await after.activate();
		expect(remote()).toHaveLength(1);
		expect(remote()[0].webhook_events).toEqual(['ORDER_CREATE', 'REDEMPTION']);
		expect(after.staticData().webhookId).toBe(remote()[0].webhook_id);
	});

	test("replaces the registration when n8n's webhook URL changed (N8N_WEBHOOK_URL)", async () => {
		const trigger = bed.trigger({ events: ['ORDER_CREATE'] });
		await trigger.activate();
		const old = remote()[0].webhook_id;
		trigger.setWebhookBase('https://new.example.com');
		await trigger.activate();
		expect(remote()).toHaveLength(1);
		expect(remote()[0].webhook_id).not.toBe(old);
		expect(remote()[0].webhook_url).toBe(triggerUrl('hook-1', 'https://new.example.com'));
	});

	test('never adopts a registration Prioticket disabled: it is replaced, exactly one remains, enabled', async () => {
		const trigger = bed.trigger({ events: ['ORDER_CREATE'] });
		await trigger.activate();
		const old = trigger.staticData().webhookId as string;
		bed.emulator.disableWebhook(old);
		expect(await trigger.checkExists()).toBe(false);
		await trigger.create();
		expect(remote()).toHaveLength(1);
		expect(remote()[0]).toMatchObject({ webhook_status: 'ENABLED', webhook_url: triggerUrl() });
		expect(remote()[0].webhook_id).not.toBe(old);
		expect(trigger.staticData().webhookId).toBe(remote()[0].webhook_id);
	});

	test('replaces the registration when "Include Changed Object" changed', async () => {
		const before = bed.trigger({ events: ['ORDER_CREATE'] });
		await before.activate();
		const after = bed.trigger({ events: ['ORDER_CREATE'], options: { includePayload: false } });
		after.workflow.staticData['node:Prioticket Trigger'] = { ...before.staticData() };
		await after.activate();
		expect(remote()).toHaveLength(1);
		expect(remote()[0].webhook_payload).toBe(false);
		expect(after.staticData().webhookId).toBe(remote()[0].webhook_id);
	});

	test('adopts a payload flag written as the string "true" (v3.5)', async () => {
		const trigger = bed.trigger({ events: ['ORDER_CREATE'] });
		await trigger.activate();
		(remote()[0] as Record<string, unknown>).webhook_payload = 'true';
		expect(await trigger.checkExists()).toBe(true);
	});

	test('removes webhooks for this URL that n8n lost track of, instead of duplicating them', async () => {
		await bed.trigger({ events: ['ORDER_CREATE'] }).activate();
		await bed.trigger({ events: ['ORDER_CREATE'] }).activate(); // fresh static data, same URL
		expect(remote()).toHaveLength(1);
	});

	test('leaves other webhooks of the account alone', async () => {
		await bed.runAction({
			resource: 'webhook',
			operation: 'create',
			url: 'https://elsewhere.example.com/x',
			events: ['ORDER_CREATE'],
		});
		await bed.trigger({ events: ['ORDER_CREATE'] }).activate();
		await bed.trigger({ events: ['ORDER_CREATE'] }).activate();
		expect(
			remote()
				.map((w) => w.webhook_url)
				.sort(),
		).toEqual(['https://elsewhere.example.com/x', triggerUrl()]);
	});
});

describe('deactivation', () => {
	test('removes the remote webhook and forgets it', async () => {
		const trigger = bed.trigger({ events: ['ORDER_CREATE'] });
		await trigger.activate();
		expect(await trigger.delete()).toBe(true);
		expect(remote()).toHaveLength(0);
		expect(trigger.staticData()).toEqual({});
	});

	test('a webhook already gone (404) counts as removed', async () => {
		const trigger = bed.trigger({ events: ['ORDER_CREATE'] });
		await trigger.activate();
		bed.emulator.webhooks.clear();
		expect(await trigger.delete()).toBe(true);
		expect(trigger.staticData()).toEqual({});
	});

	test("also removes other webhooks for this node's URL, e.g. from a create whose answer was lost", async () => {
		const trigger = bed.trigger({ events: ['ORDER_CREATE'] });
		await trigger.activate();
		await bed.runAction({
			resource: 'webhook',
			operation: 'create',
			url: triggerUrl(),
			events: ['ORDER_CREATE'],
		});
		await bed.runAction({
			resource: 'webhook',
			operation: 'create',
			url: 'https://elsewhere.example.com/x',
			events: ['ORDER_CREATE'],
		});
		await trigger.delete();
		expect(remote().map((w) => w.webhook_url)).toEqual(['https://elsewhere.example.com/x']);
	});

	test("without static data, removes whatever points at this node's URL", async () => {
		await bed.trigger({ events: ['ORDER_CREATE'] }).activate();
		expect(await bed.trigger({ events: ['ORDER_CREATE'] }).delete()).toBe(true);
		expect(remote()).toHaveLength(0);
	});

	test('another failure is reported, naming the webhook to remove by hand', async () => {
		const trigger = bed.trigger({ events: ['ORDER_CREATE'] });
		await trigger.activate();
		const id = trigger.staticData().webhookId as string;
		bed.emulator.faults.push({ status: 403, count: 1, method: 'DELETE' });
		await expect(trigger.delete()).rejects.toThrow(`Could not remove Prioticket webhook ${id}`);
		expect(remote()).toHaveLength(1);
	});
});

describe('test mode ("Listen for test event")', () => {
	test('registers the test URL separately and removes it without touching the production registration', async () => {
		const production = bed.trigger({ events: ['ORDER_CREATE'] });
		await production.activate();
		const test = bed.trigger({ events: ['ORDER_CREATE'] }, { mode: 'manual' });
		await test.activate();
		expect(
			remote()
				.map((w) => w.webhook_url)
				.sort(),
		).toEqual([triggerUrl(), triggerUrl('hook-1', undefined, true)].sort());
		await test.delete();
		expect(remote().map((w) => w.webhook_url)).toEqual([triggerUrl()]);
		expect(await production.checkExists()).toBe(true);
	});
});
