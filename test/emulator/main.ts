/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- test tooling: runs under Node, never inside n8n */
// `npm run emulator`: the Prioticket emulator on its own, for the dev setup and manual testing.
//   PRIOTICKET_EMULATOR_PORT (4010), PRIOTICKET_CLIENT_ID (demo-client), PRIOTICKET_CLIENT_SECRET (demo-secret)

import { Emulator } from './emulator';

async function main() {
	const emulator = new Emulator({
		port: Number(process.env.PRIOTICKET_EMULATOR_PORT ?? 4010),
		clientId: process.env.PRIOTICKET_CLIENT_ID,
		clientSecret: process.env.PRIOTICKET_CLIENT_SECRET,
		verbose: process.env.PRIOTICKET_EMULATOR_QUIET !== '1',
	});
	const url = await emulator.start();
	console.log(`Prioticket emulator listening on ${url}`);
	console.log(
		`  API base URL   ${url}/v3.8/distributor   (credential: environment "Custom Host", base URL ${url})`,
	);
	console.log(`  client id      ${emulator.clientId}`);
	console.log(`  client secret  ${emulator.clientSecret}`);
	console.log(
		'  bookable       products 2001 (slots), 2002 (travel date), 2003 (2 spots, no cancel): see test/emulator/README.md',
	);
	console.log(
		`  fire an event  curl -X POST ${url}/__emulator/notify -H 'Content-Type: application/json' -d '{"event":"ORDER_CREATE","itemId":"ORD-1001"}'`,
	);
	const stop = () => void emulator.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
