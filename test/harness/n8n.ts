/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// A real n8n process with this package installed the way n8n's community-node installer does it
// (the packed tarball unpacked under <user folder>/.n8n/nodes/node_modules), an owner account and a
// public-API key. Used by the end-to-end tests, `npm run dev` and the benchmarks.

import axios, { type AxiosInstance } from 'axios';
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const DEFAULT_N8N_VERSION = process.env.N8N_TEST_VERSION ?? '2.41.1';

export const OWNER = {
	email: 'owner@example.com',
	password: 'Prioticket-Demo-1',
	firstName: 'Demo',
	lastName: 'Owner',
};

export interface Installation {
	nodeBin: string;
	n8nBin: string;
}

/** Node 24 and n8n from the cache outside the repository, installed on first use. */
export function ensureN8n(
	version = DEFAULT_N8N_VERSION,
	log: (line: string) => void = () => {},
): Installation {
	log(`checking for n8n ${version} (installs once into the cache, about 8 minutes the first time)`);
	const output = execFileSync('bash', [join(REPO_ROOT, 'test/harness/install-n8n.sh'), version], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const value = (key: string) => {
		const line = output.split('\n').find((l) => l.startsWith(`${key}=`));
		if (!line) throw new Error(`install-n8n.sh printed no ${key}`);
		return line.slice(key.length + 1);
	};
	return { nodeBin: value('NODE24_BIN'), n8nBin: value('N8N_BIN') };
}

/**
 * `npm pack`s the built package and unpacks it where n8n looks for community packages. The build is
 * the caller's (`npm test` builds first): --ignore-scripts keeps prepack from cleaning and rebuilding
 * dist/ under suites that run in parallel. test/pack/pack.test.ts packs the way a newcomer does.
 */
export function installPackage(userFolder: string) {
	const target = join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-prioticket');
	const packDir = mkdtempSync(join(tmpdir(), 'prioticket-pack-'));
	try {
		const [{ filename }] = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], {
				cwd: REPO_ROOT,
				encoding: 'utf8',
			}),
		) as Array<{ filename: string }>;
		rmSync(target, { recursive: true, force: true });
		mkdirSync(target, { recursive: true });
		execFileSync('tar', ['-xzf', join(packDir, filename), '-C', target, '--strip-components=1']);
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}
	return target;
}

export async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolvePort(port));
		});
	});
}

/** An execution as n8n's public API returns it; `data` only when asked for. */
export interface Execution {
	id: string;
	status: string;
	workflowId: string;
	mode?: string;
	startedAt?: string;
	stoppedAt?: string | null;
	data?: {
		resultData: {
			runData: Record<
				string,
				Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>
			>;
		};
	};
}

/** Which n8n process: the main instance, a webhook process or a worker (the last two: queue mode only). */
export type N8nCommand = 'start' | 'webhook' | 'worker';

export interface N8nOptions {
	version?: string;
	/** `n8n <command>`; 'start' by default. Only 'start' gets an owner account and an API key. */
	command?: N8nCommand;
	/** Where n8n keeps its database and settings; a fresh temporary folder by default. */
	userFolder?: string;
	/** The HTTP port: N8N_PORT, or for a worker its health-check server (QUEUE_HEALTH_CHECK_PORT). */
	port?: number;
	/** Extra environment, e.g. N8N_WEBHOOK_URL. */
	env?: Record<string, string>;
	/** Where n8n's own output goes; a file in the user folder by default. */
	logFile?: string;
	log?: (line: string) => void;
}

export class N8n {
	readonly userFolder: string;
	readonly logFile: string;
	port = 0;
	apiKey = '';
	private process?: ChildProcess;
	private installation?: Installation;
	private cookie = '';

	constructor(private readonly options: N8nOptions = {}) {
		this.userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'prioticket-n8n-'));
		this.logFile = options.logFile ?? join(this.userFolder, 'n8n.log');
	}

	get url() {
		return `http://127.0.0.1:${this.port}`;
	}

	get command(): N8nCommand {
		return this.options.command ?? 'start';
	}

	/** The n8n process's id, which is also its process group's (it starts detached). */
	get pid(): number | undefined {
		return this.process?.pid;
	}

	/** Installs (once), unpacks the package, starts n8n and waits until its REST API answers. */
	async start() {
		const log = this.options.log ?? (() => {});
		this.installation ??= ensureN8n(this.options.version, log);
		installPackage(this.userFolder);
		this.port = this.options.port ?? (this.port || (await freePort()));
		const brokerPort = await freePort();
		log(`starting n8n on ${this.url} (user folder ${this.userFolder})`);
		const out = createWriteStream(this.logFile, { flags: 'a' });
		const worker = this.command === 'worker';
		this.process = spawn(this.installation.n8nBin, [this.command], {
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: {
				...process.env,
				PATH: `${this.installation.nodeBin}:${process.env.PATH}`,
				N8N_USER_FOLDER: this.userFolder,
				N8N_PORT: String(this.port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: '127.0.0.1',
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				N8N_ENCRYPTION_KEY: 'prioticket-e2e-encryption-key',
				N8N_DIAGNOSTICS_ENABLED: 'false',
				N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
				N8N_PERSONALIZATION_ENABLED: 'false',
				N8N_TEMPLATES_ENABLED: 'false',
				N8N_SECURE_COOKIE: 'false',
				N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
				// Not inherited: jest silences n8n-core's logger in-process, but this n8n's log is checked.
				N8N_LOG_LEVEL: 'info',
				N8N_HIDE_USAGE_PAGE: 'true',
				// What an instance owner sets for a community package n8n has not verified: n8n 3.0
				// turns the default off (README, Install).
				N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
				DB_SQLITE_POOL_SIZE: '2',
				EXECUTIONS_DATA_PRUNE: 'false',
				NODE_ENV: 'production',
				...(worker
					? {
							QUEUE_HEALTH_CHECK_ACTIVE: 'true',
							QUEUE_HEALTH_CHECK_PORT: String(this.port),
							N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
						}
					: {}),
				...this.options.env,
			},
		});
		this.process.stdout?.pipe(out);
		this.process.stderr?.pipe(out);
		await this.waitUntilReady();
		if (this.command === 'start') await this.setUpOwner();
		log(`n8n ${this.options.version ?? DEFAULT_N8N_VERSION} is ready on ${this.url}`);
		return this;
	}

	private async waitUntilReady(timeoutMs = 180_000) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.process?.exitCode !== null && this.process?.exitCode !== undefined) {
				throw new Error(`n8n exited with code ${this.process.exitCode}; see ${this.logFile}`);
			}
			// The main process: its REST API; a webhook process or worker: n8n's readiness endpoint
			// (database connected and migrated, and for a worker Redis too).
			const ready =
				this.command === 'start'
					? await axios
							.get(`${this.url}/rest/settings`, { validateStatus: () => true, timeout: 2000 })
							.then(
								(r) =>
									r.status === 200 &&
									typeof r.data === 'object' &&
									r.data !== null &&
									'data' in r.data,
							)
							.catch(() => false)
					: await axios
							.get(`${this.url}/healthz/readiness`, { validateStatus: () => true, timeout: 2000 })
							.then((r) => r.status === 200)
							.catch(() => false);
			if (ready) return;
			await sleep(500);
		}
		throw new Error(`n8n did not become ready within ${timeoutMs / 1000}s; see ${this.logFile}`);
	}

	/** The owner account (created on first start) and an API key for the public API. */
	private async setUpOwner() {
		const rest = axios.create({ baseURL: `${this.url}/rest`, validateStatus: () => true });
		let response = await rest.post('/owner/setup', OWNER);
		if (response.status !== 200) {
			response = await rest.post('/login', {
				emailOrLdapLoginId: OWNER.email,
				email: OWNER.email,
				password: OWNER.password,
			});
		}
		if (response.status !== 200)
			throw new Error(
				`could not sign in to n8n: ${response.status} ${JSON.stringify(response.data)}`,
			);
		this.cookie = (response.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
		const scopes = await this.rest().get('/api-keys/scopes');
		const created = await this.rest().post('/api-keys', {
			label: `harness-${Date.now()}`,
			scopes: scopes.data?.data ?? [],
			expiresAt: null,
		});
		this.apiKey = created.data?.data?.rawApiKey ?? created.data?.data?.apiKey;
		if (!this.apiKey)
			throw new Error(
				`could not create an n8n API key: ${created.status} ${JSON.stringify(created.data)}`,
			);
	}

	/** n8n's internal REST API, signed in as the owner. */
	rest(): AxiosInstance {
		return axios.create({
			baseURL: `${this.url}/rest`,
			headers: { Cookie: this.cookie },
			validateStatus: () => true,
		});
	}

	/** n8n's public API (/api/v1) with the harness's key. */
	api(): AxiosInstance {
		return axios.create({
			baseURL: `${this.url}/api/v1`,
			headers: { 'X-N8N-API-KEY': this.apiKey },
			validateStatus: () => true,
		});
	}

	/** Through the editor's REST API: n8n 1.x's public API asks credential data for extra fields. */
	async createCredential(
		name: string,
		type: string,
		data: Record<string, unknown>,
	): Promise<string> {
		const response = await this.rest().post('/credentials', { name, type, data });
		const id = response.data?.data?.id as string | undefined;
		if (response.status !== 200 || !id)
			throw new Error(
				`creating credential failed: ${response.status} ${JSON.stringify(response.data)}`,
			);
		return id;
	}

	async createWorkflow(workflow: Record<string, unknown>): Promise<string> {
		const response = await this.api().post('/workflows', { settings: {}, ...workflow });
		if (response.status !== 200)
			throw new Error(
				`creating workflow failed: ${response.status} ${JSON.stringify(response.data)}`,
			);
		return response.data.id as string;
	}

	async activate(id: string) {
		const response = await this.api().post(`/workflows/${id}/activate`, {});
		if (response.status !== 200)
			throw new Error(
				`activating workflow ${id} failed: ${response.status} ${JSON.stringify(response.data)}`,
			);
		return response.data;
	}

	async deactivate(id: string) {
		const response = await this.api().post(`/workflows/${id}/deactivate`, {});
		if (response.status !== 200)
			throw new Error(
				`deactivating workflow ${id} failed: ${response.status} ${JSON.stringify(response.data)}`,
			);
		return response.data;
	}

	async executions(workflowId: string, includeData = false): Promise<Execution[]> {
		const all: Execution[] = [];
		let cursor: string | undefined;
		do {
			const response = await this.api().get('/executions', {
				params: { workflowId, includeData, limit: 250, ...(cursor ? { cursor } : {}) },
			});
			if (response.status !== 200)
				throw new Error(
					`listing executions failed: ${response.status} ${JSON.stringify(response.data)}`,
				);
			all.push(...response.data.data);
			cursor = response.data.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	/** Lines of n8n's own log, for checks such as "no secret is logged". */
	logText(): string {
		return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
	}

	/** Stops and starts n8n on the same port and data, with `env` added, e.g. a new N8N_WEBHOOK_URL. */
	async restart(env: Record<string, string> = {}) {
		await this.stop();
		this.options.env = { ...this.options.env, ...env };
		await this.start();
	}

	async stop() {
		const child = this.process;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
		try {
			process.kill(-child.pid!, 'SIGTERM');
		} catch {
			return;
		}
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {
				// already gone
			}
		}, 20_000);
		await exited;
		clearTimeout(timer);
	}
}

export const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/** Polls until `check` returns a value that is not undefined/false, or fails after the timeout. */
export async function waitFor<T>(
	what: string,
	check: () => Promise<T | undefined | false> | T | undefined | false,
	timeoutMs = 30_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	while (Date.now() < deadline) {
		try {
			const value = await check();
			if (value !== undefined && value !== false) return value as T;
		} catch (error) {
			last = error;
		}
		await sleep(250);
	}
	throw new Error(
		`timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? `: ${String(last)}` : ''}`,
	);
}
