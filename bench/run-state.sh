#!/bin/sh
# Benchmarks the run store through the built binary: `healer status` over 1,000 runs and one
# transition written locally. Usage: bench/run-state.sh [RUNS]   (prints hyperfine's figures)
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
runs=${1:-1000}
need_hyperfine
build_healer
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo_with_runs "$work/repo" "$runs"
id=$("$healer" status --json | sed -n 's/.*"id" : "\(.*\)".*/\1/p' | head -n 1)
echo "runs: $("$healer" status --json | grep -c '"id"')" >&2
hyperfine -N --warmup 3 --runs 20 "$healer status" "$healer status --json"
hyperfine -N --warmup 3 --runs 50 "$healer comment $id -m bench" "$healer --version"
