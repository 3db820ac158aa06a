#!/usr/bin/env bash
# Builds the local Kubernetes control plane into the stack cache, once per pinned version:
#   kube-apiserver, kube-controller-manager, kube-scheduler  from k8s.io/kubernetes (go.mod here)
#   etcd                                  the go.etcd.io/etcd/server/v3 that go.mod's graph pins
#   kwok                                                     from sigs.k8s.io/kwok (KWOK_VERSION)
# into "$STACK_CACHE/kube/<kubernetes version>/bin". Everything comes from the Go module proxy.
#   scripts/kube/build.sh             build what is missing, print the bin directory
#   scripts/kube/build.sh --bin-dir   only print the bin directory
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STACK_CACHE=${STACK_CACHE:-$HOME/.cache/eks-suite}
KWOK_VERSION=v0.8.0

# The version is the one go.mod requires (go mod tidy keeps it in the require block).
kube_version=$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v1\./ { print $2; exit }' "$here/go.mod")
[ -n "$kube_version" ] || { echo "no k8s.io/kubernetes requirement in $here/go.mod" >&2; exit 1; }
bin="$STACK_CACHE/kube/$kube_version/bin"
if [ "${1:-}" = --bin-dir ]; then
  echo "$bin"
  exit 0
fi

log() { echo "[kube-build] $*" >&2; }

components=(kube-apiserver kube-controller-manager kube-scheduler etcd)
missing=()
kwok_current=
check_cache() {
  missing=()
  for c in "${components[@]}"; do [ -x "$bin/$c" ] || missing+=("$c"); done
  kwok_current=$(cat "$bin/.kwok-version" 2>/dev/null || true)
  [ ${#missing[@]} -eq 0 ] && [ -x "$bin/kwok" ] && [ "$kwok_current" = "$KWOK_VERSION" ]
}
if check_cache; then
  echo "$bin"
  exit 0
fi

# One build at a time: several suites may ask for the cluster at once on a fresh machine.
mkdir -p "$bin"
exec 9>"$bin/.build.lock"
if ! flock -n 9; then
  log "another build of $kube_version is running; waiting for it"
  flock 9
fi
if check_cache; then
  echo "$bin"
  exit 0
fi

# The machine's Go may not be on PATH for a non-login shell.
command -v go >/dev/null 2>&1 || PATH="$PATH:/usr/local/go/bin"
command -v go >/dev/null 2>&1 || { echo "go is not installed (the build needs go >= 1.26)" >&2; exit 1; }
# Never fetch another Go toolchain; never let a build use more than the machine's two cores.
export GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:--p=2}"

if [ ${#missing[@]} -gt 0 ]; then
  log "building ${missing[*]} $kube_version (first time only; takes many minutes on 2 cores)"
  start=$SECONDS
  minor=${kube_version#v1.}
  minor=${minor%%.*}
  ldflags="-s -w"
  # The same version stamps as Kubernetes' own hack/lib/version.sh, so /version tells the truth.
  for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    ldflags+=" -X $pkg.gitVersion=$kube_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  tmp=$(mktemp -d "$bin/.build.XXXXXX")
  # Write to a temporary directory and move into place, so an interrupted build leaves no half binary.
  for c in "${missing[@]}"; do
    case $c in
      etcd) pkg=go.etcd.io/etcd/server/v3 flags="-s -w" ;;
      *) pkg=k8s.io/kubernetes/cmd/$c flags=$ldflags ;;
    esac
    (cd "$here" && CGO_ENABLED=0 go build -trimpath -ldflags "$flags" -o "$tmp/$c" "$pkg")
    mv "$tmp/$c" "$bin/$c"
  done
  rmdir "$tmp"
  log "built ${missing[*]} in $((SECONDS - start))s"
fi

if [ ! -x "$bin/kwok" ] || [ "$kwok_current" != "$KWOK_VERSION" ]; then
  log "installing kwok $KWOK_VERSION"
  start=$SECONDS
  GOBIN="$bin" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  echo "$KWOK_VERSION" >"$bin/.kwok-version"
  log "installed kwok in $((SECONDS - start))s"
fi
echo "$bin"
