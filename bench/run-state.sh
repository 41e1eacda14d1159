#!/bin/sh
# Benchmarks the run store through the built binary: `healer status` over 1,000 runs and one
# transition written locally. Usage: bench/run-state.sh [RUNS]   (prints hyperfine's figures)
set -eu
cd "$(dirname "$0")/.."
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
id=$("$healer" status --json | sed -n 's/.*"id" : "\(.*\)".*/\1/p' | head -n 1)
echo "runs: $("$healer" status --json | grep -c '"id"')" >&2
hyperfine -N --warmup 3 --runs 20 "$healer status" "$healer status --json"
hyperfine -N --warmup 3 --runs 50 "$healer comment $id -m bench" "$healer --version"
