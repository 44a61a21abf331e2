/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// n8n in queue mode on one machine, the way it is deployed at scale: PostgreSQL and Redis (Debian's
// packages, started here on free loopback ports in temporary folders), a main process that serves
// the editor and the API and activates workflows but takes no production webhooks
// (N8N_DISABLE_PRODUCTION_MAIN_PROCESS), a webhook process that takes them and queues executions,
// and a worker that runs them. Each n8n process has its own user folder with the package installed
// the community-node way (see N8n).

import { execFileSync, spawn, type ChildProcess } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { connect } from 'net';
import { tmpdir, userInfo } from 'os';
import { join } from 'path';

import { freePort, N8n, sleep, type N8nOptions } from './n8n';

/** The newest PostgreSQL server from Debian's packages, or PG_BIN. */
function postgresBin(): string {
	if (process.env.PG_BIN) return process.env.PG_BIN;
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root)
		? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
		: [];
	if (versions.length === 0)
		throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (or set PG_BIN)');
	return join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/** A throwaway PostgreSQL cluster: trust auth on 127.0.0.1, no fsync, database `n8n`. */
export class Postgres {
	port = 0;
	readonly database = 'n8n';
	readonly user = 'postgres';
	private readonly folder = mkdtempSync(join(tmpdir(), 'prioticket-pg-'));
	private readonly bin = postgresBin();

	/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user. */
	private run(tool: string, args: string[]) {
		const asRoot = userInfo().uid === 0;
		const [command, argv] = asRoot
			? ['runuser', ['-u', 'postgres', '--', join(this.bin, tool), ...args]]
			: [join(this.bin, tool), args];
		return execFileSync(command, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	}

	async start() {
		if (userInfo().uid === 0) execFileSync('chown', ['postgres:postgres', this.folder]);
		this.port = await freePort();
		const data = join(this.folder, 'data');
		this.run('initdb', ['-D', data, '-U', this.user, '-A', 'trust', '-E', 'UTF8', '--no-sync']);
		const settings = `-p ${this.port} -k ${this.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
		this.run('pg_ctl', [
			'-D',
			data,
			'-l',
			join(this.folder, 'postgres.log'),
			'-o',
			settings,
			'-w',
			'-t',
			'60',
			'start',
		]);
		this.run('createdb', [
			'-h',
			'127.0.0.1',
			'-p',
			String(this.port),
			'-U',
			this.user,
			this.database,
		]);
		return this;
	}

	/** n8n's settings for this database. */
	get env(): Record<string, string> {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.port),
			DB_POSTGRESDB_DATABASE: this.database,
			DB_POSTGRESDB_USER: this.user,
			DB_POSTGRESDB_PASSWORD: '',
		};
	}

	async stop() {
		try {
			this.run('pg_ctl', ['-D', join(this.folder, 'data'), '-m', 'fast', '-w', 'stop']);
		} catch {
			// never started, or already stopped
		}
		rmSync(this.folder, { recursive: true, force: true });
	}
}

/** A throwaway Redis on 127.0.0.1 without persistence. */
export class Redis {
	port = 0;
	private process?: ChildProcess;
	private readonly folder = mkdtempSync(join(tmpdir(), 'prioticket-redis-'));

	async start() {
		this.port = await freePort();
		this.process = spawn(
			'redis-server',
			[
				'--port',
				String(this.port),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--dir',
				this.folder,
			],
			{ stdio: 'ignore' },
		);
		this.process.once('error', () => {}); // reported below as "did not answer"
		const deadline = Date.now() + 30_000;
		while (!(await this.ping())) {
			if (Date.now() > deadline || this.process.exitCode !== null) {
				throw new Error(
					'redis-server did not answer PING (is it installed? apt-get install -y redis-server)',
				);
			}
			await sleep(200);
		}
		return this;
	}

	private async ping(): Promise<boolean> {
		return await new Promise((resolve) => {
			const socket = connect(this.port, '127.0.0.1');
			let reply = '';
			socket.setTimeout(1000, () => socket.destroy());
			socket.on('connect', () => socket.write('PING\r\n'));
			socket.on('data', (chunk) => {
				reply += chunk.toString();
				if (reply.includes('\r\n')) socket.end();
			});
			socket.on('close', () => resolve(reply.startsWith('+PONG')));
			socket.on('error', () => resolve(false));
		});
	}

	get env(): Record<string, string> {
		return { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(this.port) };
	}

	async stop() {
		const child = this.process;
		if (child && child.exitCode === null) {
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			child.kill('SIGTERM');
			await exited;
		}
		rmSync(this.folder, { recursive: true, force: true });
	}
}

export interface QueueClusterOptions {
	log?: (line: string) => void;
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
	/** Extra environment for the main process only, e.g. its log level. */
	mainEnv?: Record<string, string>;
}

/** PostgreSQL, Redis, and n8n's main, webhook and worker processes in queue mode. */
export class QueueCluster {
	readonly postgres = new Postgres();
	readonly redis = new Redis();
	main!: N8n;
	webhook!: N8n;
	worker!: N8n;

	constructor(private readonly options: QueueClusterOptions = {}) {}

	async start() {
		const log = this.options.log ?? (() => {});
		await this.postgres.start();
		log(`PostgreSQL on 127.0.0.1:${this.postgres.port}`);
		await this.redis.start();
		log(`Redis on 127.0.0.1:${this.redis.port}`);

		const shared = {
			...this.postgres.env,
			...this.redis.env,
			EXECUTIONS_MODE: 'queue',
			// n8n removes a finished job from Redis at once by default, and the main process waits for
			// its job only after it ran the execution's first hook. On a loaded machine the worker can
			// finish in between: main then waits for an event that has passed, keeps the execution as
			// running until it stops, and its API leaves it out of the list (seen with 2.41.1 at load
			// 5, a poll's execution). Keeping the last completed and failed jobs lets main find them.
			N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
			N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: '1000',
			...this.options.env,
		};
		const n8nProcess = (
			command: N8nOptions['command'],
			port: number,
			env: Record<string, string> = {},
		) =>
			new N8n({
				command,
				port,
				log: (line) => log(`[${command}] ${line}`),
				env: { ...shared, ...env },
			});

		const webhookPort = await freePort();
		this.main = n8nProcess('start', await freePort(), {
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			N8N_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/`,
			...this.options.mainEnv,
		});
		this.webhook = n8nProcess('webhook', webhookPort);
		this.worker = n8nProcess('worker', await freePort());
		// The main process migrates the database; the others start on the migrated one.
		await this.main.start();
		await Promise.all([this.webhook.start(), this.worker.start()]);
		return this;
	}

	async stop() {
		await Promise.allSettled([this.webhook?.stop(), this.worker?.stop()]);
		await this.main?.stop();
		await this.redis.stop();
		await this.postgres.stop();
	}
}
