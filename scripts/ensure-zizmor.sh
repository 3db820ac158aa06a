#!/usr/bin/env bash
# Prints the path of a zizmor binary (the workflow security linter), installed from PyPI at a pinned
# version into its own virtual environment in the cache on first use.
set -euo pipefail
version=${ZIZMOR_VERSION:-1.32.0}
venv=${STACK_CACHE:-$HOME/.cache/eks-suite}/zizmor/$version
if [ ! -x "$venv/bin/zizmor" ]; then
  python3 -m venv "$venv.tmp" >&2
  "$venv.tmp/bin/pip" install --quiet --disable-pip-version-check "zizmor==$version" >&2
  rm -rf "$venv" && mv "$venv.tmp" "$venv"
  # The venv's scripts name the temporary path in their shebang: rewrite it.
  sed -i "1s|$venv.tmp|$venv|" "$venv"/bin/* 2>/dev/null || true
fi
"$venv/bin/zizmor" --version >/dev/null
echo "$venv/bin/zizmor"
