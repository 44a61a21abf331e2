// The secret of each registration this n8n process made, by the URL it was made for. n8n 2.41.1
// makes a trigger's URL live before it runs the activation hooks, and saves the static data the
// hooks wrote only after all of them have run. A delivery Prioticket sends as soon as the
// registration exists can reach the trigger in between. It then finds no secret, or the previous
// activation's, in the static data n8n loads for it. Without this record it would be refused.

const secrets = new Map<string, string>();

/** `secret` is the one registered for `url` from now on (create, or the self-check's restore). */
export function noteRegistered(url: string, secret: string) {
	secrets.set(url, secret);
}

/** Deactivated: nothing is registered for `url` any more. */
export function forgetRegistered(url: string) {
	secrets.delete(url);
}

/** The secret this process last registered for `url`, if any. */
export function registeredSecret(url: string): string | undefined {
	return secrets.get(url);
}
