#!/bin/sh
# Measures what the bubblewrap sandbox costs per command: the same command run plain (with the
# memory limit healer applies) and inside bwrap with the exact options of
# Sources/HealerExecution/BubblewrapSandbox.swift (BubblewrapSandbox.options), median of N runs.
#
# Usage: bench/sandbox/run.sh [RUNS]   (default 30; needs bwrap, prlimit, python3 with pytest)
set -eu
runs="${1:-30}"

if ! command -v hyperfine >/dev/null 2>&1; then
  echo "bench: installing hyperfine" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends hyperfine >/dev/null
fi
for tool in bwrap prlimit python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing (scripts/setup-system.sh installs bwrap)" >&2; exit 2; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/healer-bench-XXXXXX")"
trap 'rm -rf "$work"' EXIT
tree="$work/tree"
private_tmp="$work/private-tmp"
mkdir -p "$tree/tests" "$private_tmp"
cat > "$tree/calc.py" <<'PY'
def add(a, b):
    return a + b
PY
cat > "$tree/tests/test_calc.py" <<'PY'
from calc import add

def test_add():
    assert add(2, 3) == 5

def test_zero():
    assert add(0, 0) == 0
PY
printf '[pytest]\npythonpath = .\n' > "$tree/pytest.ini"

bwrap_bin="$(command -v bwrap)"
prlimit_bin="$(command -v prlimit)"
memory=$((2 * 1024 * 1024 * 1024))
# The runner puts the memory limit in front of whatever it spawns, so bwrap runs under it too.
limit="$prlimit_bin --as=$memory --"
sandbox="$bwrap_bin --ro-bind / / --dev /dev --proc /proc --bind $private_tmp /tmp --bind $tree $tree --chdir $tree --unshare-net --unshare-pid --die-with-parent --new-session --setenv TMPDIR /tmp --"

# The real interpreter, not a pyenv shim, so the figures measure the sandbox rather than the shim.
py="$(python3 -c 'import sys; print(sys.executable)')"
export TMPDIR="$private_tmp"
cd "$tree"
"$py" -m pytest -q -p no:cacheprovider >/dev/null || { echo "bench: the sample pytest project does not pass" >&2; exit 1; }

json="$work/results.json"
hyperfine --style basic --warmup 3 --runs "$runs" -N --export-json "$json" \
  -n "true, plain" "$limit true" \
  -n "true, bubblewrap" "$limit $sandbox true" \
  -n "pytest (2 tests), plain" "$limit $py -m pytest -q -p no:cacheprovider" \
  -n "pytest (2 tests), bubblewrap" "$limit $sandbox $py -m pytest -q -p no:cacheprovider" \
  >/dev/null 2>"$work/hyperfine.err" || { cat "$work/hyperfine.err" >&2; exit 1; }
grep -q "outliers" "$work/hyperfine.err" && echo "(hyperfine saw statistical outliers: the machine was busy)"

python3 - "$json" "$runs" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print(f"median wall-clock time, {sys.argv[2]} runs each (hyperfine -N, 3 warm-up runs)")
median = {r["command"]: r["median"] * 1000 for r in results}
for r in results:
    print(f"  {r['command']:<32} {r['median'] * 1000:8.2f} ms  (min {r['min'] * 1000:.2f}, max {r['max'] * 1000:.2f})")
for base in ("true", "pytest (2 tests)"):
    plain, boxed = median[f"{base}, plain"], median[f"{base}, bubblewrap"]
    print(f"  bubblewrap overhead for {base}: {boxed - plain:+.2f} ms")
PY
