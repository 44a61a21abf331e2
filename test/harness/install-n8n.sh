#!/usr/bin/env bash
# Installs Node 24 and a given n8n version into a cache outside the repository, once; later runs
# reuse it. Prints the two paths the harness needs: NODE24_BIN and N8N_BIN.
#   usage: install-n8n.sh [n8n-version]      (default 2.41.1)
#   cache: $PRIOTICKET_CACHE (default ~/.cache/n8n-nodes-prioticket)
#
# A part of the cache is marked complete only after it has been shown to work (Node 24 runs; n8n
# starts under it and its sqlite3 loads), and is checked again every time it is reused: a broken or
# half-written cache is reported in one line and rebuilt, never reused.
set -euo pipefail

version="${1:-2.41.1}"
cache="${PRIOTICKET_CACHE:-$HOME/.cache/n8n-nodes-prioticket}"
node_dir="$cache/node24"
node_bin="$node_dir/node_modules/.bin"
n8n_dir="$cache/n8n-$version"
mkdir -p "$cache"

log() { printf '[install-n8n] %s\n' "$*" >&2; }

# Test suites run in parallel and each may call this script: one installs, the others wait. Node 24
# has a lock of its own and each n8n version another, so two versions can install at once (.ci/run
# installs the compatibility run's n8n while npm test installs 2.41.1).
exec 9>"$cache/.lock"
flock 9

# `npm run …` exports the repository's npm settings to its children as npm_config_* variables, and
# a user's own ~/.npmrc may say the same: say explicitly which installs run their scripts.
with_scripts() { env -u npm_config_ignore_scripts -u NPM_CONFIG_IGNORE_SCRIPTS "$@" --ignore-scripts=false; }

node_works() {
	[ -x "$node_bin/node" ] || { echo "no $node_bin/node"; return 1; }
	local major
	major="$("$node_bin/node" -p 'process.versions.node.split(".")[0]' 2>&1)" || { echo "its node does not run: $major"; return 1; }
	[ "$major" = 24 ] || { echo "its node is version $major, not 24"; return 1; }
}

sqlite_works() {
	local out
	out="$(cd "$n8n_dir" && "$node_bin/node" -e \
		"require(require.resolve('sqlite3', { paths: [require.resolve('n8n/package.json')] }))" 2>&1)" ||
		{ echo "sqlite3 does not load under Node 24: $(printf '%s' "$out" | grep -m1 -i error || true)"; return 1; }
}

n8n_starts() {
	local out
	out="$(cd "$n8n_dir" && PATH="$node_bin:$PATH" N8N_USER_FOLDER="$(mktemp -d)" node_modules/.bin/n8n --version 2>&1)" ||
		{ echo "n8n --version failed: $(printf '%s' "$out" | tail -n1)"; return 1; }
	[ "$(printf '%s' "$out" | tail -n1)" = "$version" ] || { echo "n8n --version printed: $(printf '%s' "$out" | tail -n1)"; return 1; }
}

# A cache part that is marked complete but fails its check, or that an earlier run left unfinished,
# is reported and rebuilt.
check_reuse() {
	local dir="$1" what="$2" reason
	shift 2
	if [ ! -f "$dir/.complete" ]; then
		[ -e "$dir" ] && log "the cached $what in $dir is half-written (an earlier install did not finish): rebuilding it"
		return 1
	fi
	if reason="$("$@")"; then return 0; fi
	log "the cached $what in $dir is broken ($reason): rebuilding it"
	rm -f "$dir/.complete"
	return 1
}

if ! check_reuse "$node_dir" "Node 24" node_works; then
	log "installing Node 24 into $node_dir (npm package node@24)"
	rm -rf "$node_dir" && mkdir -p "$node_dir"
	# The node package's install script fetches the binary (a registry package) and links it.
	(cd "$node_dir" && echo '{"name":"node24","private":true}' > package.json &&
		with_scripts npm install --no-audit --no-fund --loglevel=error node@24 >&2)
	reason="$(node_works)" || { log "Node 24 did not install: $reason"; exit 1; }
	touch "$node_dir/.complete"
fi

n8n_works() { sqlite_works && n8n_starts; }

exec 8>"$cache/.lock-n8n-$version"
flock 8
flock -u 9

if ! check_reuse "$n8n_dir" "n8n@$version" sqlite_works; then
	log "installing n8n@$version into $n8n_dir (first run only: about 8 minutes, 3 GB)"
	rm -rf "$n8n_dir" && mkdir -p "$n8n_dir"
	# n8n 1.x pins an xlsx tarball outside the npm registry; the registry's 0.18.5 is the same API.
	overrides='{}'
	case "$version" in 1.*) overrides='{"xlsx":"0.18.5"}' ;; esac
	printf '{"name":"n8n-host","private":true,"overrides":%s}\n' "$overrides" > "$n8n_dir/package.json"
	# Install scripts are skipped (a Kafka addon fails to build offline); sqlite3 is the one native
	# module n8n needs, so it is rebuilt on its own, under Node 24. A heartbeat shows progress.
	(
		cd "$n8n_dir"
		( while sleep 30; do log "still installing n8n@$version ($(du -sh node_modules 2>/dev/null | cut -f1 | grep . || echo 'downloading; nothing') unpacked so far)"; done ) &
		beat=$!
		trap 'kill $beat 2>/dev/null || true' EXIT
		npm install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$version" >&2
		log "building sqlite3 for n8n under Node 24 (about 2 minutes)"
		PATH="$node_bin:$PATH" with_scripts npm rebuild sqlite3 >&2
	)
	reason="$(n8n_works)" || { log "n8n@$version did not install: $reason"; exit 1; }
	touch "$n8n_dir/.complete"
	log "n8n@$version is ready"
fi

echo "NODE24_BIN=$node_bin"
echo "N8N_BIN=$n8n_dir/node_modules/.bin/n8n"
