#!/bin/sh
# healer heal's cost and accuracy: test runs and wall time at verify.jobs 1, 2 and 4 on 64 and 1,024
# commits; culprit precision and recall over 50 seeded flaky histories beside `git bisect run`.
# Usage: bench/heal.sh [sizes|flaky|all]   (HEALER_BIN=path skips the release build)
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$(pwd)
what=${1:-all}
build_healer
work=$(mktemp -d "${BENCH_DIR:-$root/.build}/heal-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# history DIR N CULPRIT SCRIPT: N commits after an initial one; commit CULPRIT writes "bug" into value.txt.
history() {
  mkdir -p "$1"; cd "$1"
  git init -q -b main; git config user.name b; git config user.email b@b
  echo ok > value.txt; printf '%s\n' "$4" > test.sh; echo .count > .gitignore; git add -A; git commit -q -m init
  {
    i=1
    while [ $i -le "$2" ]; do
      content="step $i"; file="steps/$i.txt"
      [ $i -eq "$3" ] && { content="bug"; file="value.txt"; }
      printf 'commit refs/heads/main\ncommitter b <b@b> %s +0000\ndata %s\n%s\n' "$((1700000000 + i))" "${#i}" "$i"
      [ $i -eq 1 ] && printf 'from refs/heads/main^0\n'
      printf 'M 100644 inline %s\ndata %s\n%s\n' "$file" "$(( ${#content} + 1 ))" "$content"
      i=$((i + 1))
    done
  } | git fast-import --quiet
  git reset -q --hard main
}

if [ "$what" != flaky ]; then
  echo "== test runs and wall time by verify.jobs (each test run sleeps 0.3 s; culprit at 37% of the history)"
  printf '%-8s %-5s %-9s %-8s %-8s %-8s %s\n' commits jobs culprit? confirm search revert seconds
  for n in 64 1024; do
    culprit=$(( n * 37 / 100 ))
    for jobs in 1 2 4; do
      history "$work/s$n-$jobs" "$n" "$culprit" 'sleep 0.3; grep -q ok value.txt'
      want=$(git rev-parse "HEAD~$((n - culprit))")
      start=$(date +%s.%N)
      "$healer" heal --good "$(git rev-list --max-parents=0 HEAD)" --test "sh test.sh" --jobs "$jobs" --json > report.json 2>/dev/null || true
      end=$(date +%s.%N)
      python3 - "$n" "$jobs" "$want" "$start" "$end" <<'PY'
import json, sys
n, jobs, want, start, end = sys.argv[1:]
r = json.load(open("report.json"))
print(f"{n:<8} {jobs:<5} {str(r.get('culprit') == want):<9} {r['confirmationRuns']:<8} {r['bisectionRuns']:<8} {r['revertRuns']:<8} {float(end) - float(start):.1f}")
PY
      cd "$root"; rm -rf "$work/s$n-$jobs"
    done
  done
  echo
fi

if [ "$what" != sizes ]; then
  seeds=${SEEDS:-50}
  echo "== $seeds seeded flaky histories: 60 commits, a test that fails 30% of runs on every commit, one real culprit"
  echo "   heal with no --good (look-back), default confirmation (2 reruns); git bisect run with the same script from the same ends"
  flaky='n=$(cat .count 2>/dev/null || echo 0); n=$((n + 1)); echo $n > .count
r=$(echo "SEED-$n" | cksum | cut -d" " -f1)
if [ $((r % 100)) -lt 30 ]; then echo "test_flaky: FAILED (run $n)"; exit 1; fi
grep -q ok value.txt || { echo "test_value: FAILED: value.txt says $(cat value.txt)"; exit 1; }'
  : > "$work/flaky.tsv"
  seed=1
  while [ $seed -le "$seeds" ]; do
    culprit=$(( 11 + (seed * 7) % 40 ))
    script=$(printf '%s' "$flaky" | sed "s/SEED/$seed/")
    history "$work/f$seed" 60 "$culprit" "$script"
    want=$(git rev-parse "HEAD~$((60 - culprit))")
    start=$(date +%s.%N)
    "$healer" heal --test "sh test.sh" --json > report.json 2> heal.log || true
    [ -n "${VERBOSE:-}" ] && cp heal.log "$root/.build/heal-seed-$seed.log"
    end=$(date +%s.%N)
    # git bisect run from the same ends heal used (its green end, else the root), same script.
    good=$(python3 -c 'import json; r=json.load(open("report.json")); print(r.get("good") or "")' 2>/dev/null || true)
    [ -n "$good" ] || good=$(git rev-list --max-parents=0 HEAD)
    rm -f .count
    git bisect start HEAD "$good" >/dev/null 2>&1
    bstart=$(date +%s.%N)
    git bisect run sh test.sh > bisect.log 2>&1 || true
    bend=$(date +%s.%N)
    blamed=$(sed -n 's/^\([0-9a-f]\{40\}\) is the first bad commit.*/\1/p' bisect.log | head -1)
    bruns=$(cat .count 2>/dev/null || echo 0)
    git bisect reset -q >/dev/null 2>&1 || true
    python3 - "$seed" "$want" "$start" "$end" "$blamed" "$bstart" "$bend" "$bruns" >> "$work/flaky.tsv" <<'PY'
import json, sys
seed, want, start, end, blamed, bstart, bend, bruns = sys.argv[1:]
try:
    r = json.load(open("report.json"))
except Exception:
    r = {}
named = r.get("culprit") or ""
runs = sum(r.get(k, 0) or 0 for k in ("confirmationRuns", "searchRuns", "bisectionRuns", "revertRuns"))
print("\t".join([seed, "right" if named == want else ("declined" if not named else "wrong"), str(runs), f"{float(end)-float(start):.2f}",
                 "right" if blamed == want else ("none" if not blamed else "wrong"), bruns, f"{float(bend)-float(bstart):.2f}"]))
PY
    cd "$root"; rm -rf "$work/f$seed"
    seed=$((seed + 1))
  done
  [ -n "${VERBOSE:-}" ] && { echo "seed heal runs seconds bisect runs seconds"; cat "$work/flaky.tsv"; }
  python3 - "$work/flaky.tsv" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
def summary(outcomes, runs, seconds):
    right = outcomes.count("right"); wrong = outcomes.count("wrong"); named = right + wrong
    precision = right / named if named else 1.0
    print(f"  named {named:>2}, right {right:>2}, wrong {wrong:>2}: precision {precision:.0%}, recall {right / len(outcomes):.0%};"
          f" mean test runs {sum(runs) / len(runs):.1f}, mean seconds {sum(seconds) / len(seconds):.2f}")
print("healer heal:");      summary([r[1] for r in rows], [int(r[2]) for r in rows], [float(r[3]) for r in rows])
print("git bisect run:");   summary([r[4] for r in rows], [int(r[5]) for r in rows], [float(r[6]) for r in rows])
PY
fi
