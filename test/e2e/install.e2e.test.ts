/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// The tool cache (test/harness/install-n8n.sh) is never trusted because of a marker alone: a part
// marked complete that does not work, or one an earlier run left half-written, is reported in one
// line and installed again. Each case starts from a cache folder of its own; the n8n install of the
// shared cache stands in where a case is about Node 24 only.
import { execFileSync, spawn } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';

import { DEFAULT_N8N_VERSION, ensureN8n, REPO_ROOT } from '../harness/n8n';

const SCRIPT = join(REPO_ROOT, 'test/harness/install-n8n.sh');
let cache: string;
let sharedN8n: string;

beforeAll(() => {
	// The shared cache (installed by the global setup): its n8n is what the Node 24 case reuses.
	sharedN8n = dirname(dirname(dirname(ensureN8n().n8nBin)));
});

beforeEach(() => {
	cache = mkdtempSync(join(tmpdir(), 'prioticket-cache-'));
});

afterEach(() => rmSync(cache, { recursive: true, force: true }));

/** Runs the script on `cache` until it exits, or until `stopAt` appears in what it logs. */
async function install(
	stopAt?: RegExp,
): Promise<{ code: number | null; log: string; out: string }> {
	return await new Promise((resolve) => {
		const child = spawn('bash', [SCRIPT, DEFAULT_N8N_VERSION], {
			env: { ...process.env, PRIOTICKET_CACHE: cache, npm_config_ignore_scripts: 'true' },
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true, // its own process group: stopping it stops the npm it started too
		});
		let log = '';
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => {
			log += chunk.toString();
			if (stopAt?.test(log)) process.kill(-child.pid!, 'SIGKILL');
		});
		child.on('exit', (code) => resolve({ code, log, out }));
	});
}

test('a Node 24 marked complete that does not run is reported in one line and installed again, scripts on', async () => {
	mkdirSync(join(cache, 'node24'));
	writeFileSync(join(cache, 'node24', '.complete'), '');
	symlinkSync(sharedN8n, join(cache, `n8n-${DEFAULT_N8N_VERSION}`), 'dir');

	const { code, log, out } = await install();

	expect(code).toBe(0);
	const reports = log.split('\n').filter((line) => line.includes('is broken'));
	expect(reports).toEqual([
		`[install-n8n] the cached Node 24 in ${cache}/node24 is broken (no ${cache}/node24/node_modules/.bin/node): rebuilding it`,
	]);
	const nodeBin = /^NODE24_BIN=(.*)$/m.exec(out)?.[1];
	expect(nodeBin).toBe(join(cache, 'node24/node_modules/.bin'));
	// The install ran the node package's own script although npm_config_ignore_scripts=true came in.
	expect(execFileSync(join(nodeBin!, 'node'), ['--version'], { encoding: 'utf8' })).toMatch(
		/^v24\./,
	);
}, 300_000);

test('an n8n marked complete whose sqlite3 does not load is reported and installed again, not reused', async () => {
	execFileSync('cp', ['-r', join(dirname(sharedN8n), 'node24'), join(cache, 'node24')]);
	const n8nDir = join(cache, `n8n-${DEFAULT_N8N_VERSION}`);
	mkdirSync(join(n8nDir, 'node_modules', 'n8n'), { recursive: true });
	writeFileSync(
		join(n8nDir, 'node_modules', 'n8n', 'package.json'),
		'{"name":"n8n","version":"0.0.0"}',
	);
	writeFileSync(join(n8nDir, '.complete'), '');

	const { log, out } = await install(/installing n8n@/);

	expect(log).toMatch(
		new RegExp(
			`the cached n8n@${DEFAULT_N8N_VERSION} in ${n8nDir} is broken \\(sqlite3 does not load under Node 24`,
		),
	);
	expect(log).toContain(`installing n8n@${DEFAULT_N8N_VERSION} into ${n8nDir}`);
	expect(out).toBe('');
}, 120_000);

test('a half-written n8n (no completion mark) is reported and installed again', async () => {
	execFileSync('cp', ['-r', join(dirname(sharedN8n), 'node24'), join(cache, 'node24')]);
	mkdirSync(join(cache, `n8n-${DEFAULT_N8N_VERSION}`, 'node_modules'), { recursive: true });

	const { log, out } = await install(/installing n8n@/);

	expect(log).toContain(
		`the cached n8n@${DEFAULT_N8N_VERSION} in ${cache}/n8n-${DEFAULT_N8N_VERSION} is half-written`,
	);
	expect(out).toBe('');
}, 120_000);
