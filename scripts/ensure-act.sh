#!/usr/bin/env bash
# Prints the path of an `act` binary (runs the workflows locally for the demo and the e2e tests),
# built from source through the Go module proxy into the cache on first use.
set -euo pipefail
version=${ACT_VERSION:-v0.2.87}
cache=${STACK_CACHE:-$HOME/.cache/eks-suite}/act/$version
bin=$(bash "$(dirname "$0")/go-build-cached.sh" "$cache" act github.com/nektos/act "$version" . \
  "-X main.version=${version#v}")
"$bin" --version >/dev/null
echo "$bin"
