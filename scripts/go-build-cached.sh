#!/usr/bin/env bash
# go-build-cached.sh DIR NAME MODULE VERSION PACKAGE [LDFLAGS]
# Prints DIR/NAME, first building PACKAGE of MODULE@VERSION into it when it is missing. The source
# comes through the Go module proxy (no binary is downloaded from a website). Shared by the
# ensure-*.sh scripts.
set -euo pipefail
[ $# -ge 5 ] || { echo "usage: go-build-cached.sh DIR NAME MODULE VERSION PACKAGE [LDFLAGS]" >&2; exit 2; }
dir=$1 name=$2 module=$3 version=$4 package=$5 ldflags=${6:-}
bin="$dir/$name"
if [ ! -x "$bin" ]; then
  # The machine's Go may not be on PATH for a non-login shell.
  command -v go >/dev/null || PATH="$PATH:/usr/local/go/bin"
  command -v go >/dev/null || { echo "go-build-cached: go is needed to build $module $version" >&2; exit 1; }
  mkdir -p "$dir"
  # `go install module@version` refuses modules whose go.mod has replace or exclude directives
  # (OpenTofu's and BuildKit's do), so fetch the module and build it as the main module.
  src=$(go mod download -json "$module@$version" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [ -d "$src" ] || { echo "go-build-cached: could not fetch $module@$version" >&2; exit 1; }
  # Build next to the final path and move into place, so an interrupted build never leaves half a binary.
  tmp=$(mktemp "$dir/.$name.XXXXXX")
  trap 'rm -f "$tmp"' EXIT
  echo "go-build-cached: building $module $version (a few minutes on first use)" >&2
  (cd "$src" && CGO_ENABLED=0 GOFLAGS='-buildvcs=false -mod=readonly' \
    go build -trimpath -ldflags "-s -w $ldflags" -o "$tmp" "$package") >&2
  chmod 755 "$tmp"
  mv "$tmp" "$bin"
fi
echo "$bin"
