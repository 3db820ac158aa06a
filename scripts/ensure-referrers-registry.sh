#!/usr/bin/env bash
# Prints the path of test/support/referrers-registry built (go-containerregistry's registry with the
# OCI 1.1 referrers API on), building it into the cache on first use and whenever its source changes.
# Its module comes through the Go module proxy. Used by test/integration/evidence.test.ts.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
src=$root/test/support/referrers-registry
cache=${STACK_CACHE:-$HOME/.cache/eks-suite}/referrers-registry
key=$(cat "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -c1-16)
bin=$cache/referrers-registry-$key
if [ ! -x "$bin" ]; then
  command -v go >/dev/null || PATH="$PATH:/usr/local/go/bin"
  command -v go >/dev/null || { echo "ensure-referrers-registry: go is needed" >&2; exit 1; }
  mkdir -p "$cache"
  tmp=$(mktemp "$cache/.build.XXXXXX")
  trap 'rm -f "$tmp"' EXIT
  (cd "$src" && CGO_ENABLED=0 GOFLAGS='-buildvcs=false -mod=readonly' go build -trimpath -o "$tmp" .) >&2
  chmod 755 "$tmp"
  mv "$tmp" "$bin"
fi
echo "$bin"
