#!/bin/sh
# The pre-push hook's fast path: a push of a branch with no run, in a repository with 1,000 runs,
# against `true` (both through sh, as git runs hooks). Usage: bench/hook.sh [RUNS]
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-1000}
command -v hyperfine >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
swift build -c release ${HEALER_BUILD_FLAGS:-} --product healer >/dev/null
healer="$(swift build -c release ${HEALER_BUILD_FLAGS:-} --show-bin-path)/healer"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q -b main && git -c user.name=b -c user.email=b@b commit -q --allow-empty -m init
echo "creating $runs runs..." >&2
i=0
while [ $i -lt "$runs" ]; do "$healer" request "benchmark change $i" >/dev/null; i=$((i + 1)); done
git branch feature
sha=$(git rev-parse HEAD)
printf 'refs/heads/feature %s refs/heads/feature 0000000000000000000000000000000000000000\n' "$sha" > push-input
export HEALER_BIN="$healer"
hyperfine -N --warmup 5 --runs 50 \
  "sh -c 'true < push-input'" \
  "sh -c '$root/hooks/pre-push origin /dev/null < push-input'" \
  "sh -c '$healer hook pre-push origin /dev/null < push-input'"
