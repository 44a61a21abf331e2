// The trigger's webhook registration at Prioticket: n8n calls these on activation (checkExists,
// then create when it answers false), on deactivation (delete), and for "Listen for test event"
// with the test URL and separate static data. The remote id and the per-registration secret live
// in the node's static data.

import { randomBytes } from 'crypto';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE, prioticketApiRequest, prioticketApiRequestAllItems, unwrap } from '../transport';
import { collectEventNames } from '../shared/events';

/** What the node remembers of its registration; URL and events are compared with the remote one. */
export interface Registration {
	webhookId?: string;
	secret?: string;
}

export function registrationOf(context: Pick<IHookFunctions, 'getWorkflowStaticData'>): Registration {
	return context.getWorkflowStaticData('node') as Registration;
}

function forget(registration: Registration) {
	delete registration.webhookId;
	delete registration.secret;
}

/** The event names the node is set to, validated. Shared by registration and delivery. */
export function selectedEvents(context: Pick<IHookFunctions, 'getNodeParameter' | 'getNode'>): string[] {
	const selection = collectEventNames(context.getNodeParameter('events', []), context.getNodeParameter('customEvents', ''));
	if ('invalid' in selection) {
		throw new NodeOperationError(context.getNode(), `"${selection.invalid}" in "Other Event Names" is not an event name`, {
			description: 'Event names are upper case letters, digits and underscores, e.g. ORDER_CREATE.',
		});
	}
	if (selection.events.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No event is selected in "Trigger On"', {
			description: 'Pick at least one event, or type one in "Other Event Names".',
		});
	}
	return selection.events;
}

const sameEvents = (remote: unknown, wanted: string[]) =>
	Array.isArray(remote) && [...new Set(remote.map(String))].sort().join(',') === wanted.join(',');

/** Whether notifications carry the changed object: the node's option, on by default. */
export function includePayload(context: Pick<IHookFunctions, 'getNodeParameter'>): boolean {
	return (context.getNodeParameter('options', {}) as { includePayload?: boolean }).includePayload ?? true;
}

/**
 * Whether a remote webhook is the one this node wants: enabled (a disabled one receives nothing and
 * cannot be re-enabled), for this URL, these events and this payload flag (v3.5 wrote it as a string).
 */
export function isWanted(webhook: IDataObject, url: string, events: string[], payload: boolean): boolean {
	const remotePayload = webhook.webhook_payload === undefined ? true : String(webhook.webhook_payload) === 'true';
	return (
		webhook.webhook_status === 'ENABLED' &&
		webhook.webhook_url === url &&
		sameEvents(webhook.webhook_events, events) &&
		remotePayload === payload
	);
}

/**
 * True only when the webhook in static data exists remotely with this node's URL and events.
 * Everything else that points at this node's URL, or that static data remembers under an old URL,
 * is removed, so that after `create` exactly one matching webhook remains.
 */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const registration = registrationOf(this);
	const url = this.getNodeWebhookUrl('default') as string;
	const events = selectedEvents(this);

	const { items } = await prioticketApiRequestAllItems.call(this, '/webhooks');
	const payload = includePayload(this);
	const current = items.find(
		(webhook) =>
			webhook.webhook_id === registration.webhookId && registration.secret && isWanted(webhook, url, events, payload),
	);
	const stale = items.filter(
		(webhook) =>
			webhook !== current && (webhook.webhook_url === url || webhook.webhook_id === registration.webhookId),
	);
	for (const webhook of stale) await removeWebhook(this, String(webhook.webhook_id));

	if (current === undefined) forget(registration);
	return current !== undefined;
}

/** Registers this node's URL and events with a fresh secret that every delivery must present. */
export async function create(this: IHookFunctions): Promise<boolean> {
	const url = this.getNodeWebhookUrl('default') as string;
	const events = selectedEvents(this);
	warnIfUnreachable(this, url, (await this.getCredentials(CREDENTIAL_TYPE)).environment);
	const secret = randomBytes(32).toString('base64url');

	const response = await prioticketApiRequest.call(this, 'POST', '/webhooks', {
		body: {
			data: {
				webhook: {
					webhook_url: url,
					webhook_events: events,
					webhook_auth: secret,
					webhook_payload: includePayload(this),
				},
			},
		},
	});
	const webhook = unwrap<IDataObject>(response, 'webhook');
	if (typeof webhook.webhook_id !== 'string' || webhook.webhook_id === '') {
		throw new NodeOperationError(this.getNode(), 'Prioticket created the webhook but returned no webhook_id', {
			description: `Remove the webhook for ${url} with the Prioticket node (Webhook → Get Many, then Delete), then activate again.`,
		});
	}
	Object.assign(registrationOf(this), { webhookId: webhook.webhook_id, secret });
	return true;
}

/**
 * Removes the remote webhook, and anything else registered for this node's URL (left by a create
 * whose answer was lost, or by lost static data). One that is already gone counts as removed.
 */
export async function deleteWebhook(this: IHookFunctions): Promise<boolean> {
	const registration = registrationOf(this);
	const url = this.getNodeWebhookUrl('default') as string;
	const { items } = await prioticketApiRequestAllItems.call(this, '/webhooks');
	const ids = new Set(items.filter((webhook) => webhook.webhook_url === url).map((webhook) => String(webhook.webhook_id)));
	if (registration.webhookId !== undefined) ids.add(registration.webhookId);
	for (const id of ids) await removeWebhook(this, id);
	forget(registration);
	return true;
}

async function removeWebhook(context: IHookFunctions, webhookId: string) {
	try {
		await prioticketApiRequest.call(context, 'DELETE', `/webhooks/${encodeURIComponent(webhookId)}`);
	} catch (error) {
		if (error instanceof NodeApiError && String(error.httpCode) === '404') return;
		const failure = error as NodeApiError;
		throw new NodeApiError(context.getNode(), { webhookId }, {
			message: `Could not remove Prioticket webhook ${webhookId}: ${failure.message}`,
			description: `Remove it with the Prioticket node (Webhook → Delete, ID ${webhookId}) if it is still listed. ${failure.description ?? ''}`.trim(),
			httpCode: failure.httpCode ?? undefined,
		});
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
		throw new NodeOperationError(context.getNode(), `Prioticket cannot reach this workflow's webhook URL ${url}`, {
			description:
				'n8n builds the URL from its own address, which is localhost here. Start n8n with N8N_WEBHOOK_URL (or WEBHOOK_URL) set to the public https address that forwards to it, e.g. a reverse proxy or tunnel, then activate again.',
		});
	}
}
