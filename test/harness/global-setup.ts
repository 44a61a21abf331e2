/* eslint-disable no-console -- test tooling: runs under Node, never inside n8n */
// Jest's global setup for the suites that start a real n8n: installs (or checks) Node 24 and the
// n8n version under test into the tool cache once, before any test file starts, so that a first
// install (minutes, on a new machine) runs outside every test's and hook's timeout.
import { DEFAULT_N8N_VERSION, ensureN8n } from './n8n';

export default function globalSetup() {
	ensureN8n(DEFAULT_N8N_VERSION, (line) => console.log(`[global setup] ${line}`));
}
