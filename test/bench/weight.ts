/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// What installing and loading the package costs: the packed tarball, its runtime dependencies, and
// the time a fresh Node process takes to require every entry point n8n loads.

import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';

import { REPO_ROOT } from '../harness/n8n';

export interface Weight {
	tarballBytes: number;
	unpackedBytes: number;
	files: number;
	runtimeDependencies: number;
	entryPoints: string[];
	/** Median ms to require n8n-workflow alone, which n8n has loaded before any community node. */
	n8nWorkflowMs: number;
	/** Median ms to require every entry point once n8n-workflow is loaded. */
	entryPointsMs: number;
}

export function measureWeight(runs: number): Weight {
	const [pack] = JSON.parse(
		execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: REPO_ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}),
	) as Array<{ size: number; unpackedSize: number; entryCount: number }>;
	const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
		dependencies?: Record<string, string>;
		n8n: { nodes: string[]; credentials: string[] };
	};
	const entryPoints = [...manifest.n8n.credentials, ...manifest.n8n.nodes];
	const script = `
		const time = (paths) => { const t = process.hrtime.bigint(); for (const p of paths) require(p); return Number(process.hrtime.bigint() - t) / 1e6; };
		const base = time(['n8n-workflow']);
		const entries = time(${JSON.stringify(entryPoints.map((p) => join(REPO_ROOT, p)))});
		console.log(JSON.stringify({ base, entries }));`;
	const samples = Array.from(
		{ length: runs },
		() =>
			JSON.parse(
				execFileSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8' }),
			) as { base: number; entries: number },
	);
	return {
		tarballBytes: pack.size,
		unpackedBytes: pack.unpackedSize,
		files: pack.entryCount,
		runtimeDependencies: Object.keys(manifest.dependencies ?? {}).length,
		entryPoints,
		n8nWorkflowMs: median(samples.map((s) => s.base)),
		entryPointsMs: median(samples.map((s) => s.entries)),
	};
}

export function median(values: number[]) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}
