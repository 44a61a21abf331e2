/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- test tooling: runs under Node, never inside n8n */
// `npm run screenshots`: the README's screenshots, taken from a real n8n with this package and the
// emulator, in headless Chromium (Debian's `chromium`, driven by playwright-core). Writes
// docs/screenshots/*.png at 1280x800.
// `npm run screenshots -- --check` takes the same pictures into a temporary folder and only fails
// if a step did not find what it should show (the UI moved, a node did not load), keeping
// the committed PNGs untouched.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { chromium, selectors, type Page } from 'playwright-core';

import { Emulator } from '../emulator/emulator';
import { actionWorkflow, emulatorCredentialData } from '../e2e/fixtures';
import { N8n, OWNER, REPO_ROOT, waitFor } from '../harness/n8n';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
/** The credential name the examples refer to, so the demo workflow imports as users would import it. */
const CREDENTIAL_NAME = 'Prioticket account';

const check = process.argv.includes('--check');
const say = (line: string) => console.log(`[screenshots] ${line}`);

async function main() {
	if (!existsSync(CHROMIUM))
		throw new Error(
			`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
		);
	const out = check
		? mkdtempSync(join(tmpdir(), 'prioticket-screenshots-'))
		: join(REPO_ROOT, 'docs', 'screenshots');
	mkdirSync(out, { recursive: true });

	const emulator = new Emulator();
	const n8n = new N8n({ log: say });
	selectors.setTestIdAttribute('data-test-id'); // n8n's editor marks its elements this way
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
	try {
		await emulator.start();
		await n8n.start();
		const credentialId = await n8n.createCredential(
			CREDENTIAL_NAME,
			'prioticketApi',
			emulatorCredentialData(emulator),
		);
		const credential = { id: credentialId, name: CREDENTIAL_NAME };

		// The demo workflow is the "new order → notify" example, active against the emulator.
		const example = JSON.parse(
			readFileSync(join(REPO_ROOT, 'examples', 'new-order-notify.json'), 'utf8'),
		);
		const demoId = await n8n.createWorkflow({
			name: example.name,
			nodes: example.nodes,
			connections: example.connections,
			settings: example.settings,
		});
		await n8n.activate(demoId);
		await waitFor('the demo webhook at the emulator', () => emulator.webhooks.size === 1);
		// The selling example, as imported: a paid shop order becomes a booking.
		const shop = JSON.parse(
			readFileSync(join(REPO_ROOT, 'examples', 'shop-order-to-booking.json'), 'utf8'),
		);
		const shopId = await n8n.createWorkflow({
			name: shop.name,
			nodes: shop.nodes,
			connections: shop.connections,
			settings: shop.settings,
		});
		const actionId = await n8n.createWorkflow({
			...actionWorkflow(credential, 'screenshots', {
				resource: 'order',
				operation: 'getVoucher',
				order: { __rl: true, mode: 'id', value: 'ORD-1001' },
				download: true,
				binaryPropertyName: 'voucher',
			}),
			name: 'Prioticket: get a voucher',
		});

		const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		await signIn(page, n8n.url);
		const shot = async (name: string) => {
			await page.waitForTimeout(600); // let animations settle
			const path = join(out, `${name}.png`);
			await page.screenshot({ path });
			say(`${check ? 'took' : 'wrote'} ${path} (${Math.round(statSync(path).size / 1024)} KB)`);
		};

		say('the canvas with the Prioticket Trigger');
		await openWorkflow(page, n8n.url, demoId);
		await page.getByTestId('zoom-to-fit').click();
		await shot('canvas');

		say("the trigger's parameters");
		await openNode(page, 'Prioticket Trigger');
		await page.getByTestId('parameter-input-events').waitFor();
		await page.getByText('N8N_WEBHOOK_URL').waitFor();
		await page.getByText('Receive Events By').first().waitFor();
		await shot('trigger-parameters');

		say("the Prioticket node's operations");
		await openWorkflow(page, n8n.url, actionId);
		await openNode(page, 'Prioticket');
		await page.getByTestId('parameter-input-operation').click();
		// An option's name is its label followed by its description, which may name other operations.
		await page.getByRole('option', { name: /^Get Voucher/ }).waitFor();
		await page.getByRole('option', { name: /^Get Many/ }).waitFor();
		await page.getByRole('option', { name: /^Create/ }).waitFor();
		await shot('node-operations');

		say('the selling example and Order → Create');
		await openWorkflow(page, n8n.url, shopId);
		await page.getByTestId('zoom-to-fit').click();
		await page.locator('[data-test-id="canvas-node"][data-node-name="Book Order"]').waitFor();
		await shot('selling-canvas');
		await openNode(page, 'Book Order');
		await page.getByTestId('parameter-input-bookingMode').waitFor();
		await page.getByText('Reservation Reference').first().waitFor();
		await page.getByText('External Reference').first().waitFor();
		await page.getByText('Expected Total').first().waitFor();
		await shot('order-create');

		say('the credential form');
		await page.goto(`${n8n.url}/home/credentials/${credentialId}`);
		await page.getByText('Custom Base URL').first().waitFor();
		await page.getByText('Client Secret').first().waitFor();
		await shot('credential');
	} finally {
		await browser.close();
		await n8n.stop();
		await emulator.stop();
		if (check) rmSync(out, { recursive: true, force: true });
	}
	say(
		check ? "check passed: every screen showed what the README's screenshots show" : `done: ${out}`,
	);
}

async function signIn(page: Page, url: string) {
	await page.goto(`${url}/signin`);
	await page.fill('#emailOrLdapLoginId', OWNER.email);
	await page.fill('#password', OWNER.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((address) => !address.pathname.includes('signin'));
}

/** Opens a workflow on the canvas and dismisses what n8n pops up over it (production checklist). */
async function openWorkflow(page: Page, url: string, id: string) {
	await page.goto(`${url}/workflow/${id}`);
	await page.getByTestId('canvas-node').first().waitFor();
	await page.waitForTimeout(1500);
	await page.keyboard.press('Escape');
}

async function openNode(page: Page, name: string) {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).first().dblclick();
	await page.getByTestId('ndv').waitFor();
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		console.error(`[screenshots] ${error.message}`);
		process.exit(1);
	},
);
