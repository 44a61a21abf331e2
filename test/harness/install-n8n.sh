#!/usr/bin/env bash
# Installs Node 24 and a given n8n version into a cache outside the repository, once; later runs
# reuse it. Prints the two paths the harness needs: NODE24_BIN and N8N_BIN.
#   usage: install-n8n.sh [n8n-version]      (default 2.41.1)
#   cache: $PRIOTICKET_CACHE (default ~/.cache/n8n-nodes-prioticket)
set -euo pipefail

version="${1:-2.41.1}"
cache="${PRIOTICKET_CACHE:-$HOME/.cache/n8n-nodes-prioticket}"
node_dir="$cache/node24"
n8n_dir="$cache/n8n-$version"
mkdir -p "$cache"

log() { printf '[install-n8n] %s\n' "$*" >&2; }

if [ ! -f "$node_dir/.complete" ]; then
	log "installing Node 24 into $node_dir (npm package node@24)"
	rm -rf "$node_dir" && mkdir -p "$node_dir"
	(cd "$node_dir" && echo '{"name":"node24","private":true}' > package.json &&
		npm install --no-audit --no-fund --loglevel=error node@24 >&2)
	touch "$node_dir/.complete"
fi

if [ ! -f "$n8n_dir/.complete" ]; then
	log "installing n8n@$version into $n8n_dir (first run only: about 8 minutes, 3 GB)"
	rm -rf "$n8n_dir" && mkdir -p "$n8n_dir"
	# n8n 1.x pins an xlsx tarball outside the npm registry; the registry's 0.18.5 is the same API.
	overrides='{}'
	case "$version" in 1.*) overrides='{"xlsx":"0.18.5"}' ;; esac
	printf '{"name":"n8n-host","private":true,"overrides":%s}\n' "$overrides" > "$n8n_dir/package.json"
	# Install scripts are skipped (a Kafka addon fails to build offline); sqlite3 is the one native
	# module n8n needs, so it is rebuilt on its own. A heartbeat shows progress on the long install.
	(
		cd "$n8n_dir"
		( while sleep 30; do log "still installing n8n@$version ($(du -sh node_modules 2>/dev/null | cut -f1) so far)"; done ) &
		beat=$!
		trap 'kill $beat 2>/dev/null || true' EXIT
		npm install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$version" >&2
		log "building sqlite3 for n8n (about 2 minutes)"
		PATH="$node_dir/node_modules/.bin:$PATH" npm rebuild sqlite3 >&2
	)
	touch "$n8n_dir/.complete"
fi

echo "NODE24_BIN=$node_dir/node_modules/.bin"
echo "N8N_BIN=$n8n_dir/node_modules/.bin/n8n"
