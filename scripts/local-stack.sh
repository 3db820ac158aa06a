#!/usr/bin/env bash
# The local stack of real services the tests and the demo run against.
#   scripts/local-stack.sh up|down|env|status [part ...]
# Parts: aws (moto server), registry (distribution v2), docker (dockerd), kube (control plane + kwok).
# With no part named, every part. Each part lives in scripts/stack/<part>.sh and defines
# <part>_up, <part>_down, <part>_env and <part>_status; `up` is idempotent and `down` stops only
# what `up` started (pid files under $STACK_STATE).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export STACK_STATE=${STACK_STATE:-/tmp/eks-suite-stack}
export STACK_CACHE=${STACK_CACHE:-$HOME/.cache/eks-suite}
mkdir -p "$STACK_STATE" "$STACK_CACHE"

all_parts=(aws registry docker kube)
# shellcheck source=scripts/stack/common.sh
. "$here/stack/common.sh"

usage() {
  echo "usage: $0 up|down|env|status [${all_parts[*]}]" >&2
  exit 2
}

[ $# -ge 1 ] || usage
cmd=$1
shift
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=("${all_parts[@]}")
for part in "${parts[@]}"; do
  [ -f "$here/stack/$part.sh" ] || { echo "unknown part: $part (known: ${all_parts[*]})" >&2; exit 2; }
  # shellcheck disable=SC1090
  . "$here/stack/$part.sh"
done

case "$cmd" in
  up) for part in "${parts[@]}"; do "${part}_up"; done ;;
  # Stop in reverse order: kube before the engine it may share nothing with, but keep it symmetric.
  down) for ((i = ${#parts[@]} - 1; i >= 0; i--)); do "${parts[$i]}_down"; done ;;
  env) for part in "${parts[@]}"; do "${part}_env"; done ;;
  status) for part in "${parts[@]}"; do "${part}_status"; done ;;
  *) usage ;;
esac
