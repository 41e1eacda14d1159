#!/bin/sh
# Test runs `healer heal` spends on histories of 16, 64, 256 and 1,024 commits (culprit at a
# random position), and the sandbox's overhead on the example's tests.
# Usage: bench/heal.sh [SIZES...]
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$(pwd)
sizes=${*:-16 64 256 1024}
build_healer
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-8s %-8s %-10s %-10s %-8s %s\n' commits culprit confirm bisect revert seconds
for n in $sizes; do
  repo="$work/h$n"; mkdir -p "$repo"; cd "$repo"
  git init -q -b main; git config user.name b; git config user.email b@b
  echo ok > value.txt; echo 'grep -q ok value.txt' > test.sh; git add -A; git commit -q -m init
  culprit=$(( ($(od -An -N2 -tu2 /dev/urandom) % n) + 1 ))
  # fast-import writes the whole history in one process.
  {
    i=1
    while [ $i -le "$n" ]; do
      content="step $i"; [ $i -eq "$culprit" ] && content="bug"
      file="steps/$i.txt"; [ $i -eq "$culprit" ] && file="value.txt"
      printf 'commit refs/heads/main\ncommitter b <b@b> %s +0000\ndata %s\n%s\n' "$((1700000000 + i))" "${#i}" "$i"
      [ $i -eq 1 ] && printf 'from refs/heads/main^0\n'
      printf 'M 100644 inline %s\ndata %s\n%s\n' "$file" "$(( ${#content} + 1 ))" "$content"
      i=$((i + 1))
    done
  } | git fast-import --quiet
  git reset -q --hard main
  start=$(date +%s.%N)
  "$healer" heal --good "$(git rev-list --max-parents=0 HEAD)" --test "sh test.sh" --json > report.json 2>/dev/null || true
  end=$(date +%s.%N)
  python3 - "$n" "$culprit" "$start" "$end" <<'PY'
import json, sys
n, culprit, start, end = sys.argv[1:]
r = json.load(open("report.json"))
print(f"{n:<8} {culprit:<8} {r['confirmationRuns']:<10} {r['bisectionRuns']:<10} {r['revertRuns']:<8} {float(end) - float(start):.2f}")
PY
  cd "$root"
done
echo
echo "sandbox overhead on the example's tests (python3 -m unittest):"
need_hyperfine
demo="$work/demo"; examples/make-regression-history.sh "$demo" 2>/dev/null; cd "$demo"; git checkout -q HEAD~20
hyperfine -N --warmup 3 --runs 30 \
  "python3 -m unittest -q" \
  "bwrap --ro-bind / / --dev /dev --proc /proc --tmpfs /tmp --bind $demo $demo --unshare-net --unshare-pid --die-with-parent --new-session --chdir $demo python3 -m unittest -q"
