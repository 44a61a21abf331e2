/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling: runs under Node, never inside n8n */
// Outbound notifications, as Prioticket sends them: POST to the webhook URL with the webhook's
// Authorization value, JSON for webhook versions ≥ 3.4 and a `data=<json>` form field before that;
// anything but HTTP 200 is retried with exponential backoff (at-least-once delivery).

export interface DeliveryTarget {
	webhookId: string;
	url: string;
	auth?: string;
	version: string;
}

export interface DeliveryAttempt {
	notificationId: string;
	event: string;
	webhookId: string;
	url: string;
	attempt: number;
	status: number | 'error';
	error?: string;
	at: string;
}

export interface DelivererOptions {
	attempts: number;
	retryBaseMs: number;
	timeoutMs: number;
	/** At most this many requests open at once (a retry waits its backoff outside); unlimited by default. */
	concurrency?: number;
	/** Whether the webhook still takes deliveries; checked before every attempt. */
	isLive?: (webhookId: string) => boolean;
}

export class Deliverer {
	readonly log: DeliveryAttempt[] = [];
	private inFlight = new Set<Promise<void>>();
	private open = 0;
	private queued: Array<() => void> = [];

	constructor(private readonly options: DelivererOptions) {}

	/** Sends in the background; `settled()` waits for every delivery, retries included. */
	send(target: DeliveryTarget, body: Record<string, unknown>, delayMs = 0) {
		const run = this.deliver(target, body, delayMs).finally(() => this.inFlight.delete(run));
		this.inFlight.add(run);
	}

	async settled() {
		while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
	}

	private async deliver(target: DeliveryTarget, body: Record<string, unknown>, delayMs: number) {
		if (delayMs > 0) await pause(delayMs);
		const notification = (
			body.data as { notification: { notification_id: string; notification_event: string } }
		).notification;
		const legacy = versionBefore(target.version, 3, 4);
		const headers: Record<string, string> = {
			'Content-Type': legacy ? 'application/x-www-form-urlencoded' : 'application/json',
			'User-Agent': 'Prioticket-Emulator/1.0',
		};
		if (target.auth) headers.Authorization = `Basic ${target.auth}`;
		const payload = legacy
			? new URLSearchParams({ data: JSON.stringify(body) }).toString()
			: JSON.stringify(body);

		for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
			if (this.options.isLive && !this.options.isLive(target.webhookId)) return;
			const entry: DeliveryAttempt = {
				notificationId: notification.notification_id,
				event: notification.notification_event,
				webhookId: target.webhookId,
				url: target.url,
				attempt,
				status: 'error',
				at: new Date().toISOString(),
			};
			await this.acquire();
			entry.at = new Date().toISOString();
			try {
				const response = await fetch(target.url, {
					method: 'POST',
					headers,
					body: payload,
					signal: AbortSignal.timeout(this.options.timeoutMs),
				});
				await response.arrayBuffer();
				entry.status = response.status;
			} catch (error) {
				entry.error = (error as Error).message;
			} finally {
				this.release();
			}
			this.log.push(entry);
			if (entry.status === 200) return;
			if (attempt < this.options.attempts)
				await pause(this.options.retryBaseMs * 2 ** (attempt - 1));
		}
	}

	private async acquire() {
		const limit = this.options.concurrency ?? Infinity;
		if (this.open < limit) {
			this.open++;
			return;
		}
		// release() hands its slot straight to the next waiter, so `open` stays counted.
		await new Promise<void>((resolve) => this.queued.push(resolve));
	}

	private release() {
		const next = this.queued.shift();
		if (next) next();
		else this.open--;
	}
}

function versionBefore(version: string, major: number, minor: number) {
	const [a = 0, b = 0] = version.replace(/^v/, '').split('.').map(Number);
	return a < major || (a === major && b < minor);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
