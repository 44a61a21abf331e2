// The trigger's webhook registration at Prioticket: n8n calls these on activation (checkExists,
// then create when it answers false), on deactivation (delete), and for "Listen for test event"
// with the test URL and separate static data. The remote id and the per-registration secret live
// in the node's static data; the URL and secret also in the workflow's (state.ts, `Shared`), where
// every poll finds them as n8n saved them at activation.
//
// The secret is made once per activation, by `create` after a deactivation (or a first activation)
// left none. Replacing a registration that Prioticket disabled or lost keeps it: a disabled or lost
// webhook says nothing about the secret having leaked, and keeping it means no delivery depends on
// n8n saving what a poll wrote. A secret that did leak is replaced by deactivating and activating.

import { randomBytes } from 'crypto';
import type { IDataObject, IHookFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE, webhooks, type PrioticketContext } from '../api';
import { formatApiDate } from '../shared/dates';
import { forgetDeliveries, noteReplacement } from './delivered';
import { exclusive } from './lock';
import { receiveMode, selectedEvents, triggerOptions } from './parameters';
import { forgetRegistered, noteRegistered, registeredSecret } from './registered';
import { share, sharedOf, stateOf, type TriggerState } from './state';

/**
 * Keeps the registration's URL and secret where every poll reads them as n8n saved them (not in
 * the test run's static data, which n8n does not save).
 */
function remember(context: IHookFunctions, state: TriggerState) {
	if (context.getMode() === 'manual' || state.url === undefined || state.secret === undefined)
		return;
	const shared = sharedOf(context);
	if (shared?.url === state.url && shared.secret === state.secret) return;
	share(context, {
		url: state.url,
		secret: state.secret,
		since: state.feed?.since ?? formatApiDate(Date.now()),
	});
}

const sameEvents = (remote: unknown, wanted: string[]) =>
	Array.isArray(remote) && [...new Set(remote.map(String))].sort().join(',') === wanted.join(',');

/**
 * Whether a remote webhook is the one this node wants: enabled (a disabled one receives nothing and
 * cannot be re-enabled), for this URL, these events and this payload flag (v3.5 wrote it as a string).
 */
function isWanted(webhook: IDataObject, url: string, events: string[], payload: boolean): boolean {
	const remotePayload =
		webhook.webhook_payload === undefined ? true : String(webhook.webhook_payload) === 'true';
	return (
		webhook.webhook_status === 'ENABLED' &&
		webhook.webhook_url === url &&
		sameEvents(webhook.webhook_events, events) &&
		remotePayload === payload
	);
}

/**
 * True only when the webhook in static data exists remotely, enabled, with this node's URL, events
 * and payload flag. Everything else that points at this node's URL, or that static data remembers
 * under an old URL, is removed, so that after `create` exactly one matching webhook remains.
 * In polling mode the node has no webhook, so n8n calls none of these methods; should it, there is
 * nothing to register.
 */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
	if (receiveMode(this) === 'polling') return true;
	const url = this.getNodeWebhookUrl('default') as string;
	const events = selectedEvents(this);
	return await exclusive(this, async () => {
		const state = stateOf(this);
		// n8n starting: in a multi-main setup every main process gets here at once, while only the leader
		// polls. The stored registration is trusted here; the trigger's polls, in that one process, check
		// it against Prioticket and restore it, the first of them as n8n activates the trigger.
		const starting = ['init', 'leadershipChange'].includes(this.getActivationMode());
		if (
			starting &&
			state.webhookId !== undefined &&
			state.secret !== undefined &&
			state.url === url
		) {
			remember(this, state); // a registration made before the URL and secret were shared
			return true;
		}
		// n8n calls checkExists with the static data it saved: between an activation's `create` and
		// n8n saving it, that holds no secret yet. The registration this process just made is the one.
		const registered = registeredSecret(url);
		if (state.secret === undefined && registered !== undefined)
			Object.assign(state, { secret: registered, url });
		const healthy = await reconcile(this, state, url, events);
		if (healthy) {
			state.url = url;
			remember(this, state);
		}
		return healthy;
	});
}

/**
 * Lists the account's webhooks once; keeps the stored registration when it is still the wanted
 * one, removes every other webhook for `url` (and the stored one, if it no longer fits). A
 * registration found missing, disabled or changed marks the trigger deaf since its last healthy check.
 * When the stored id is not listed (a restore whose new id n8n did not save, or a poll's copy of
 * static data from before), a wanted webhook for this node's URL is adopted: every registration
 * made for it since the activation carries the same secret.
 */
async function reconcile(
	context: IHookFunctions | IPollFunctions,
	state: TriggerState,
	url: string,
	events: string[],
): Promise<boolean> {
	const checkedAt = formatApiDate(Date.now());
	const items = await webhooks.list(context);
	const payload = triggerOptions(context).includePayload;
	const wanted = state.secret
		? items.filter((webhook) => isWanted(webhook, url, events, payload))
		: [];
	const current = wanted.find((webhook) => webhook.webhook_id === state.webhookId) ?? wanted[0];
	const stale = items.filter(
		(webhook) =>
			webhook !== current &&
			(webhook.webhook_url === url || webhook.webhook_id === state.webhookId),
	);
	for (const webhook of stale) await removeWebhook(context, String(webhook.webhook_id));
	if (current !== undefined) {
		if (state.webhookId !== current.webhook_id) state.webhookId = String(current.webhook_id);
		if (!state.deaf) state.feed = { since: checkedAt, seen: {} };
		return true;
	}
	// Healthy since feed.since, gone now. The secret and URL stay: the replacement reuses them.
	if (state.feed !== undefined) state.deaf = true;
	delete state.webhookId;
	return false;
}

/**
 * Registers this node's URL and events with the secret every delivery must present: a fresh one
 * on activation, the stored one when a registration it made is replaced.
 */
export async function create(this: IHookFunctions): Promise<boolean> {
	const url = this.getNodeWebhookUrl('default') as string;
	const events = selectedEvents(this);
	warnIfUnreachable(this, url, (await this.getCredentials(CREDENTIAL_TYPE)).environment);
	await exclusive(this, async () => {
		const state = stateOf(this);
		await register(this, state, url, events);
		remember(this, state);
	});
	return true;
}

async function register(
	context: IHookFunctions | IPollFunctions,
	state: TriggerState,
	url: string,
	events: string[],
) {
	const secret = state.secret ?? randomBytes(32).toString('base64url');
	if (state.deaf) {
		state.deafUntil = formatApiDate(Date.now());
		// For the poll, which may hold another copy of the static data (delivered.ts).
		if (state.feed !== undefined)
			noteReplacement(context, secret, { since: state.feed.since, until: state.deafUntil });
	}
	const webhook = await webhooks.create(context, {
		webhook_url: url,
		webhook_events: events,
		webhook_auth: secret,
		webhook_payload: triggerOptions(context).includePayload,
	});
	if (typeof webhook.webhook_id !== 'string' || webhook.webhook_id === '') {
		throw new NodeOperationError(
			context.getNode(),
			'Prioticket created the webhook but returned no webhook_id',
			{
				description: `Remove the webhook for ${url} with the Prioticket node (Webhook → Get Many, then Delete), then activate again.`,
			},
		);
	}
	Object.assign(state, { webhookId: webhook.webhook_id, secret, url });
	noteRegistered(url, secret);
	state.feed ??= { since: formatApiDate(Date.now()), seen: {} };
}

/**
 * The self-check, run by every poll in webhook mode: one list call when the registration is
 * healthy; when it is missing, disabled or changed, strays for the URL are removed and a new one is
 * registered with the same secret. Before n8n's activation has registered anything it does nothing.
 */
export async function selfCheck(this: IPollFunctions): Promise<void> {
	const events = selectedEvents(this);
	await exclusive(this, async () => {
		const state = stateOf(this);
		adoptShared(this, state);
		const url = state.url;
		if (url === undefined || state.secret === undefined) return;
		if (!(await reconcile(this, state, url, events))) await register(this, state, url, events);
	});
}

/**
 * A poll's static data is n8n's durable cursor under its durable scheduler: a copy that may be from
 * before this activation (it is seeded once and outlives deactivations) or from before `create`
 * ran. The registration the activation saved decides; a copy of another one starts afresh from it,
 * healthy since the activation. Elsewhere the poll's static data is the hooks' and always agrees.
 */
function adoptShared(context: IPollFunctions, state: TriggerState) {
	const shared = sharedOf(context);
	if (shared === undefined || (state.secret === shared.secret && state.url === shared.url)) return;
	delete state.webhookId;
	delete state.deaf;
	delete state.deafUntil;
	Object.assign(state, {
		url: shared.url,
		secret: shared.secret,
		feed: { since: shared.since || formatApiDate(Date.now()), seen: {} },
	});
}

/**
 * Removes the remote webhook, and anything else registered for this node's URL (left by a create
 * whose answer was lost, or by lost static data). One that is already gone counts as removed.
 */
export async function deleteWebhook(this: IHookFunctions): Promise<boolean> {
	const url = this.getNodeWebhookUrl('default') as string;
	await exclusive(this, async () => {
		const state = stateOf(this);
		await removeAllFor(this, url, state.webhookId);
		forgetDeliveries(this, state.secret);
		forgetRegistered(url);
		// Deactivated: what happens until the next activation is not the trigger's to catch up.
		for (const key of Object.keys(state)) delete (state as IDataObject)[key];
		if (this.getMode() !== 'manual') share(this, undefined);
	});
	return true;
}

async function removeAllFor(
	context: PrioticketContext,
	url: string,
	webhookId: string | undefined,
) {
	const items = await webhooks.list(context);
	const ids = new Set(
		items
			.filter((webhook) => webhook.webhook_url === url)
			.map((webhook) => String(webhook.webhook_id)),
	);
	if (webhookId !== undefined) ids.add(webhookId);
	for (const id of ids) await removeWebhook(context, id);
}

async function removeWebhook(context: PrioticketContext, webhookId: string) {
	try {
		await webhooks.remove(context, webhookId, { missingOk: true });
	} catch (error) {
		const failure = error as NodeApiError;
		throw new NodeApiError(
			context.getNode(),
			{ webhookId },
			{
				message: `Could not remove Prioticket webhook ${webhookId}: ${failure.message}`,
				description:
					`Remove it with the Prioticket node (Webhook → Delete, ID ${webhookId}) if it is still listed. ${failure.description ?? ''}`.trim(),
				httpCode: failure.httpCode ?? undefined,
			},
		);
	}
}

const LOCAL_HOST = /^(localhost|127(?:\.\d+){3}|\[::1\]|0\.0\.0\.0)$/i;

/** Prioticket's servers cannot call a localhost URL; say so instead of registering a dead webhook. */
function warnIfUnreachable(context: IHookFunctions, url: string, environment: unknown) {
	if (environment === 'custom') return;
	let host = '';
	try {
		host = new URL(url).hostname;
	} catch {
		host = '';
	}
	if (LOCAL_HOST.test(host)) {
		throw new NodeOperationError(
			context.getNode(),
			`Prioticket cannot reach this workflow's webhook URL ${url}`,
			{
				description:
					'n8n builds the URL from its own address, which is localhost here. Start n8n with N8N_WEBHOOK_URL (or WEBHOOK_URL) set to the public https address that forwards to it, e.g. a reverse proxy or tunnel, then activate again. Or set "Receive Events By" to Polling: the trigger then reads changed orders and products from the API and needs no public address.',
			},
		);
	}
}
