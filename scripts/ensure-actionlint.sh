#!/usr/bin/env bash
# Prints the path of an actionlint binary (lints every workflow and template), built from source
# through the Go module proxy into the cache on first use.
set -euo pipefail
version=${ACTIONLINT_VERSION:-v1.7.12}
cache=${STACK_CACHE:-$HOME/.cache/eks-suite}/actionlint/$version
bin=$(bash "$(dirname "$0")/go-build-cached.sh" "$cache" actionlint github.com/rhysd/actionlint "$version" \
  ./cmd/actionlint "-X github.com/rhysd/actionlint.version=${version#v}")
"$bin" -version >/dev/null
echo "$bin"
