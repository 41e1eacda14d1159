#!/bin/sh
# The pre-push hook's fast path: a push of a branch with no run, in a repository with 1,000 runs,
# against `true` (both through sh, as git runs hooks). Usage: bench/hook.sh [RUNS]
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$(pwd)
runs=${1:-1000}
need_hyperfine
build_healer
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo_with_runs "$work/repo" "$runs"
git branch feature
sha=$(git rev-parse HEAD)
printf 'refs/heads/feature %s refs/heads/feature 0000000000000000000000000000000000000000\n' "$sha" > push-input
export HEALER_BIN="$healer"
hyperfine -N --warmup 5 --runs 50 \
  "sh -c 'true < push-input'" \
  "sh -c '$root/hooks/pre-push origin /dev/null < push-input'" \
  "sh -c '$healer hook pre-push origin /dev/null < push-input'"
