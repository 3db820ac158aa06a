#!/usr/bin/env bash
# Prints the path of an OpenTofu binary, building it from source fetched through the Go module proxy
# into the cache on first use (no binary is downloaded from a website). The terraform-plan-apply
# integration suite runs every case against each binary it finds; .ci/run calls this so that at least
# one is always present.
set -euo pipefail
version=${TOFU_VERSION:-v1.10.10}
cache=${STACK_CACHE:-$HOME/.cache/eks-suite}/tofu/$version
bin="$cache/tofu"
if [ ! -x "$bin" ]; then
  # The machine's Go may not be on PATH for a non-login shell.
  command -v go >/dev/null || PATH="$PATH:/usr/local/go/bin"
  command -v go >/dev/null || { echo "ensure-tofu: go is needed to build OpenTofu $version" >&2; exit 1; }
  mkdir -p "$cache"
  # `go install module@version` refuses modules whose go.mod has replace directives (OpenTofu's does),
  # so fetch the module and build it as the main module, where its replace directives apply.
  src=$(go mod download -json "github.com/opentofu/opentofu@$version" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [ -d "$src" ] || { echo "ensure-tofu: could not fetch github.com/opentofu/opentofu@$version" >&2; exit 1; }
  # Build next to the final path and move into place, so an interrupted build never leaves half a binary.
  tmp=$(mktemp "$cache/.tofu.XXXXXX")
  trap 'rm -f "$tmp"' EXIT
  echo "ensure-tofu: building OpenTofu $version (a few minutes on first use)" >&2
  (cd "$src" && CGO_ENABLED=0 GOFLAGS='-buildvcs=false -mod=readonly' \
    go build -trimpath -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$tmp" ./cmd/tofu) >&2
  chmod 755 "$tmp"
  mv "$tmp" "$bin"
fi
"$bin" version >/dev/null
echo "$bin"
