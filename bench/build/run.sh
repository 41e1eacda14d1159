#!/bin/sh
# Cold release build of `healer` per git revision, and the binaries' start-up side by side.
#
#   bench/build/run.sh build REV [FLAGS...]  export REV's tree (git archive), resolve its packages
#                                            (not timed), then time a cold `swift build -c release
#                                            --product healer FLAGS` in a fresh scratch path under
#                                            /usr/bin/time -v; records the load average before/after
#   bench/build/run.sh startup REV...        hyperfine, each built REV side by side: `healer --version`
#                                            and one transition (`healer comment ID -m bench`, as
#                                            bench/run-state.sh measures it)
#
# Results stay in bench/out/build/REV/ (time.txt, load.txt, the binary); `build` of a REV that is
# already there is skipped unless FORCE=1. Needs git, swift, /usr/bin/time, hyperfine.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/bench/out/build
cd "$ROOT"
. bench/lib.sh

build() {
  rev=$1; shift
  sha=$(git rev-parse --short=10 "$rev")
  dir=$OUT/$sha
  if [ -x "$dir/healer" ] && [ "${FORCE:-0}" != 1 ]; then echo "$rev ($sha): already built, FORCE=1 to redo" >&2; return; fi
  rm -rf "$dir" && mkdir -p "$dir/src"
  git archive "$sha" | tar -x -C "$dir/src"
  # Package.resolved is not committed: build every revision against this checkout's pins.
  [ -f Package.resolved ] && cp Package.resolved "$dir/src/"
  (cd "$dir/src" && swift package --scratch-path "$dir/scratch" resolve >/dev/null)
  { echo "rev $rev $sha"; echo "flags $*"; echo "before $(cat /proc/loadavg)"; } >"$dir/load.txt"
  echo "building $rev ($sha) cold, release..." >&2
  (cd "$dir/src" && /usr/bin/time -v -o "$dir/time.txt" \
    swift build -c release --product healer --scratch-path "$dir/scratch" "$@" >"$dir/build.log" 2>&1)
  echo "after $(cat /proc/loadavg)" >>"$dir/load.txt"
  cp "$dir/scratch/release/healer" "$dir/healer"
  ls "$dir/scratch/release/" >"$dir/products.txt"
  rm -rf "$dir/scratch"
  summary "$rev"
}

summary() {
  sha=$(git rev-parse --short=10 "$1")
  dir=$OUT/$sha
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time.txt")
  user=$(sed -n 's/.*User time (seconds): //p' "$dir/time.txt")
  sys=$(sed -n 's/.*System time (seconds): //p' "$dir/time.txt")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time.txt")
  size=$(stat -c %s "$dir/healer")
  echo "BENCH build rev=$1 sha=$sha wall=$wall user_s=$user sys_s=$sys peak_rss_kb=$rss binary_bytes=$size"
  sed 's/^/BENCH load /' "$dir/load.txt"
}

startup() {
  need_hyperfine
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  bins=""
  for rev in "$@"; do
    sha=$(git rev-parse --short=10 "$rev")
    [ -x "$OUT/$sha/healer" ] || { echo "bench/build/run.sh: $rev is not built; run: bench/build/run.sh build $rev" >&2; exit 2; }
    summary "$rev"
    bins="$bins $OUT/$sha/healer"
  done
  healer=$(echo "$bins" | cut -d' ' -f2)
  (repo_with_runs "$work/repo" 1)
  cd "$work/repo"
  id=$("$healer" status --json | sed -n 's/.*"id" : "\(.*\)".*/\1/p' | head -n 1)
  echo "BENCH load $(cat /proc/loadavg)"
  versions="" comments=""
  for bin in $bins; do
    versions="$versions|$bin --version"
    comments="$comments|$bin comment $id -m bench"
  done
  IFS='|'
  # shellcheck disable=SC2086
  hyperfine -N --warmup 3 --runs 50 ${versions#|}
  # shellcheck disable=SC2086
  # Each comment appends an event: reset the run's notes ref before every run, so that every
  # binary (and every run) works on the same document, not one that grew under the previous one.
  ref=$(git for-each-ref --format='%(refname)' refs/healer/runs/ | head -n 1)
  tip=$(git rev-parse "$ref")
  hyperfine -N --warmup 3 --runs 50 --prepare "git update-ref $ref $tip" ${comments#|}
  unset IFS
  echo "BENCH load $(cat /proc/loadavg)"
}

case ${1:-} in
  build) shift; [ $# -ge 1 ] || { echo "usage: bench/build/run.sh build REV [FLAGS...]" >&2; exit 2; }; build "$@" ;;
  startup) shift; [ $# -ge 1 ] || { echo "usage: bench/build/run.sh startup REV..." >&2; exit 2; }; startup "$@" ;;
  *) echo "usage: bench/build/run.sh build REV [FLAGS...] | startup REV..." >&2; exit 2 ;;
esac
