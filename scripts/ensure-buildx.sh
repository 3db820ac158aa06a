#!/usr/bin/env bash
# Prints the path of a docker buildx binary, building it from source fetched through the Go module proxy
# into the cache on first use (Debian 12 does not package buildx, and no binary is downloaded from a
# website). It is NOT installed as a CLI plugin anywhere global: the classic-builder tests must keep
# running the classic path, so a test that wants buildx links this binary into its own
# DOCKER_CONFIG/cli-plugins/docker-buildx.
set -euo pipefail
version=${BUILDX_VERSION:-v0.38.2}
cache=${STACK_CACHE:-$HOME/.cache/eks-suite}/buildx/$version
bin="$cache/docker-buildx"
if [ ! -x "$bin" ]; then
  # The machine's Go may not be on PATH for a non-login shell.
  command -v go >/dev/null || PATH="$PATH:/usr/local/go/bin"
  command -v go >/dev/null || { echo "ensure-buildx: go is needed to build buildx $version" >&2; exit 1; }
  mkdir -p "$cache"
  # Build next to the final path and move into place, so an interrupted build never leaves half a binary.
  tmp=$(mktemp -d "$cache/.build.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  echo "ensure-buildx: building buildx $version (a few minutes on first use)" >&2
  # The version stamp makes `docker buildx version` report the pinned release rather than v0.0.0+unknown.
  CGO_ENABLED=0 GOBIN="$tmp" GOFLAGS='-buildvcs=false' \
    go install -trimpath \
    -ldflags "-s -w -X github.com/docker/buildx/version.Version=$version -X github.com/docker/buildx/version.Package=github.com/docker/buildx" \
    "github.com/docker/buildx/cmd/buildx@$version" >&2
  chmod 755 "$tmp/buildx"
  mv "$tmp/buildx" "$bin"
fi
"$bin" version >/dev/null
echo "$bin"
