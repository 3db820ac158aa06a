#!/usr/bin/env bash
# Prints the path of an OpenTofu binary, building it from source fetched through the Go module proxy
# into the cache on first use (no binary is downloaded from a website). The terraform-plan-apply
# integration suite runs every case against each binary it finds; .ci/run calls this so that at least
# one is always present.
set -euo pipefail
version=${TOFU_VERSION:-v1.10.10}
cache=${STACK_CACHE:-$HOME/.cache/eks-suite}/tofu/$version
bin=$(bash "$(dirname "$0")/go-build-cached.sh" "$cache" tofu github.com/opentofu/opentofu "$version" ./cmd/tofu \
  "-X github.com/opentofu/opentofu/version.dev=no")
"$bin" version >/dev/null
echo "$bin"
