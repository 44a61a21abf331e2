/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// The repository's files as a clone has them: what git lists (tracked, plus new files it does not
// ignore) in a git checkout; in a copy without .git (a downloaded release or source archive) the
// same list by walking the tree and honouring the .gitignore files, as git would.
import { execFileSync } from 'child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'fs';
import { join } from 'path';

/** Paths relative to `root`, with forward slashes, sorted; only those under `under` when given. */
export function repositoryFiles(root: string, under: string[] = []): string[] {
	const all = isGitRoot(root) ? gitFiles(root) : walkFiles(root);
	return all
		.filter((file) => under.length === 0 || under.some((dir) => file.startsWith(`${dir}/`)))
		.sort();
}

/** Whether `root` is the top of a git work tree (not a copy inside some other repository). */
export function isGitRoot(root: string): boolean {
	try {
		const top = execFileSync('git', ['rev-parse', '--show-toplevel'], {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}).trim();
		return realpathSync(top) === realpathSync(root);
	} catch {
		return false; // no git, or not a repository
	}
}

export function gitFiles(root: string): string[] {
	return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
		cwd: root,
		encoding: 'utf8',
	})
		.split('\0')
		.filter((file) => file !== '' && existsSync(join(root, file))); // not deleted in the work tree
}

interface Rule {
	/** The directory of the .gitignore, relative to the root ('' at the root). */
	base: string;
	regex: RegExp;
	negate: boolean;
	directoryOnly: boolean;
}

/** Every file under `root` that the .gitignore files (at the root and below) do not exclude. */
export function walkFiles(root: string): string[] {
	const files: string[] = [];
	const visit = (dir: string, inherited: Rule[]) => {
		const rules = [...inherited, ...readRules(root, dir)];
		for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
			const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
			if (entry.name === '.git') continue;
			// A link to a directory counts as one (node_modules linked from elsewhere, say).
			const isDirectory = entry.isDirectory() || (entry.isSymbolicLink() && isDir(root, path));
			if (ignored(rules, path, isDirectory)) continue;
			if (isDirectory) visit(path, rules);
			else files.push(path);
		}
	};
	visit('', []);
	return files;
}

function isDir(root: string, path: string) {
	try {
		return statSync(join(root, path)).isDirectory();
	} catch {
		return false;
	}
}

/** Git's rule: the last pattern that matches decides; a `!pattern` includes again. */
function ignored(rules: Rule[], path: string, isDirectory: boolean): boolean {
	let result = false;
	for (const rule of rules) {
		if (rule.directoryOnly && !isDirectory) continue;
		const relative = rule.base === '' ? path : path.slice(rule.base.length + 1);
		if (rule.regex.test(relative)) result = !rule.negate;
	}
	return result;
}

function readRules(root: string, dir: string): Rule[] {
	const file = join(root, dir, '.gitignore');
	if (!existsSync(file)) return [];
	return readFileSync(file, 'utf8')
		.split(/\r?\n/)
		.map((line) => line.replace(/(?<!\\)\s+$/, ''))
		.filter((line) => line !== '' && !line.startsWith('#'))
		.map((line) => {
			const negate = line.startsWith('!');
			let pattern = negate ? line.slice(1) : line;
			if (pattern.startsWith('\\')) pattern = pattern.slice(1); // \# and \! stand for themselves
			const directoryOnly = pattern.endsWith('/');
			if (directoryOnly) pattern = pattern.slice(0, -1);
			// A slash at the start or in the middle anchors the pattern to the .gitignore's directory;
			// otherwise it matches a name at any depth.
			const anchored = pattern.includes('/');
			if (pattern.startsWith('/')) pattern = pattern.slice(1);
			const body = globToRegex(pattern);
			return {
				base: dir,
				negate,
				directoryOnly,
				regex: new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`),
			};
		});
}

/** A gitignore glob as a regular expression: `*`, `?`, `[...]` within a name; `**` across directories. */
function globToRegex(glob: string): string {
	let out = '';
	for (let i = 0; i < glob.length; i++) {
		const char = glob[i];
		if (glob.startsWith('**/', i)) {
			out += '(?:.*/)?';
			i += 2;
		} else if (glob.startsWith('/**', i) && i + 3 === glob.length) {
			out += '/.*';
			i += 2;
		} else if (glob.startsWith('**', i)) {
			out += '.*';
			i += 1;
		} else if (char === '*') out += '[^/]*';
		else if (char === '?') out += '[^/]';
		else if (char === '[') {
			const end = glob.indexOf(']', i + 2);
			if (end === -1) out += '\\[';
			else {
				const inner = glob
					.slice(i + 1, end)
					.replace(/^!/, '^')
					.replace(/\\/g, '\\\\');
				out += `[${inner}]`;
				i = end;
			}
		} else if (char === '\\' && i + 1 < glob.length) {
			out += escape(glob[i + 1]);
			i += 1;
		} else out += escape(char);
	}
	return out;
}

const escape = (char: string) => char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
