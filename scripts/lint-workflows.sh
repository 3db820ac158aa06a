#!/usr/bin/env bash
# Lints every workflow this repository ships: the reusable workflows and this repository's CI,
# the caller templates, and the sample service's caller. actionlint and zizmor must be clean, and
# act must read every file (it runs them locally). The tools are built or installed on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
files=(.github/workflows/*.yml workflows-templates/*.yml examples/*/.github/workflows/*.yml)
actionlint=$(bash scripts/ensure-actionlint.sh)
zizmor=$(bash scripts/ensure-zizmor.sh)
act=$(bash scripts/ensure-act.sh)
echo "actionlint ${#files[@]} files"
"$actionlint" -no-color "${files[@]}"
echo "zizmor ${#files[@]} files"
"$zizmor" --offline --no-progress --config .github/zizmor.yml --format plain "${files[@]}"
for dir in .github/workflows workflows-templates examples/*/.github/workflows; do
  echo "act --validate $dir"
  "$act" --validate -W "$dir" >/dev/null 2>&1 || { "$act" --validate -W "$dir"; exit 1; }
done
echo "workflows: clean"
