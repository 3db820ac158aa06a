#!/usr/bin/env bash
# Prints the path of a docker buildx binary (or, with the argument `buildkitd`, of a BuildKit daemon),
# building it from source fetched through the Go module proxy into the cache on first use: Debian 12
# packages neither, and no binary is downloaded from a website.
#
# buildx is NOT installed as a CLI plugin anywhere global: the classic-builder tests must keep running the
# classic path, so a test that wants buildx links this binary into its own DOCKER_CONFIG/cli-plugins.
# buildkitd is what those tests run as a `remote` buildx builder: the stack's dockerd (the `docker`
# driver) cannot export a build cache, and no image can be pulled for a `docker-container` builder.
set -euo pipefail
what=${1:-buildx}
case "$what" in
  buildx)
    version=${BUILDX_VERSION:-v0.38.2}
    module=github.com/docker/buildx
    package=./cmd/buildx
    name=docker-buildx
    check=version
    # The version stamp makes `docker buildx version` report the pinned release, not v0.0.0+unknown.
    ldflags="-X $module/version.Version=$version -X $module/version.Package=$module"
    ;;
  buildkitd)
    # The BuildKit that buildx v0.38.2 itself is built against.
    version=${BUILDKIT_VERSION:-v0.34.2}
    module=github.com/moby/buildkit
    package=./cmd/buildkitd
    name=buildkitd
    check=--version
    ldflags="-X $module/version.Version=$version -X $module/version.Package=$module"
    ;;
  *)
    echo "usage: ensure-buildx.sh [buildx|buildkitd]" >&2
    exit 2
    ;;
esac
cache=${STACK_CACHE:-$HOME/.cache/eks-suite}/$what/$version
bin=$(bash "$(dirname "$0")/go-build-cached.sh" "$cache" "$name" "$module" "$version" "$package" "$ldflags")
"$bin" "$check" >/dev/null
echo "$bin"
