#!/bin/bash
# The real-project trial of `healer heal` (issue #10): real histories with one injected regression,
# each in the environment its own CI sets up; heal with no arguments beside `git bisect run`.
#
# Usage: bench/heal-real/run.sh [PROJECT...]
#   (default: jinja more-itertools logrus swift-log; also logrus-gopath, logrus in GOPATH mode)
#
# Environment:
#   HEALER_BIN     the healer binary to try (default: `swift build` of this checkout, debug)
#   HEAL_REAL_DIR  where copies, virtual environments and logs go (default: .build/heal-real of
#                  this checkout; it must be outside /tmp, which the sandbox hides)
#   CORPORA        the folder with the *.bundle histories (default: /work/shared/corpora)
#   COMMITS        commits in each trial history (default 60)
#   CULPRIT_AT     the position (1-based, oldest first) of the commit that carries the regression
#                  (default 37)
#   HEAL_LIMIT     seconds after which a heal is stopped (default 1500; exit 124 in the table)
#   HISTORY_ONLY   when set, only make the trial histories
#   GO_ROOT_BIN    a Go >= 1.21 bin folder (default: /usr/lib/go-1.23/bin, Debian bookworm-backports
#                  golang-1.23-go; logrus uses log/slog, maps and slices)
#
# Needs: python3 with venv and PyPI (markupsafe, pytest, pytest-timeout, trio, flit_core), Debian's
# golang-1.23-go, golang-github-stretchr-testify-dev and golang-golang-x-sys-dev, Swift 6.
# Not run in CI: a full run takes 30 to 60 minutes on 2 cores.
#
# Each project's trial history is its newest COMMITS first-parent commits, one commit each (a merge
# becomes the commit of its merged tree), with the regression edit applied from commit CULPRIT_AT
# on: the culprit is a real commit (real message, real change) that also carries the regression,
# followed by ordinary real commits. The oldest commit is green, the newest red.
#
# Output: one line per project and tool in $HEAL_REAL_DIR/results.tsv and a Markdown table on
# stdout; logs in $HEAL_REAL_DIR/logs.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir=${HEAL_REAL_DIR:-$root/.build/heal-real}
corpora=${CORPORA:-/work/shared/corpora}
commits=${COMMITS:-60}
culprit_at=${CULPRIT_AT:-37}
go_bin=${GO_ROOT_BIN:-/usr/lib/go-1.23/bin}
heal_limit=${HEAL_LIMIT:-1500}
projects=${*:-jinja more-itertools logrus swift-log}
case "$dir" in /tmp/*) echo "HEAL_REAL_DIR must be outside /tmp (bubblewrap gives sandboxed commands a private /tmp)" >&2; exit 2 ;; esac
mkdir -p "$dir/logs" "$dir/history" "$dir/venv"

if [ -z "${HEALER_BIN:-}" ]; then
  (cd "$root" && swift build --product healer >/dev/null)
  HEALER_BIN="$(cd "$root" && swift build --show-bin-path)/healer"
fi
echo "healer: $HEALER_BIN ($(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?'))" >&2

# make_history NAME BUNDLE FOLDER FROM TO [PREPARE]: $dir/history/NAME.git, linear, from
# BUNDLE's history, with every FROM under FOLDER replaced by TO from commit $culprit_at on (the
# edit must apply on each of those commits); PREPARE, when given, runs in each commit's tree
# before it is committed (vendoring, say).
make_history() {
  local name=$1 bundle=$2 under=$3 from=$4 to=$5 prepare=${6:-}
  local bare="$dir/history/$name.git" scratch="$dir/history/$name.scratch"
  if [ -d "$bare" ]; then return 0; fi
  rm -rf "$scratch"
  git clone -q "$corpora/$bundle.bundle" "$scratch"
  local shas i=0 sha
  shas=$(git -C "$scratch" rev-list --first-parent -n "$commits" HEAD | tac)
  git -C "$scratch" checkout -q --orphan trial
  for sha in $shas; do
    i=$((i + 1))
    git -C "$scratch" read-tree -u --reset "$sha"
    if [ "$i" -ge "$culprit_at" ]; then
      (cd "$scratch" && python3 - "$under" "$from" "$to" <<'PY') || { echo "$name: the regression edit does not apply at commit $i ($sha)" >&2; exit 1; }
import pathlib, sys
under, old, new = sys.argv[1:]
hits = 0
for path in sorted(pathlib.Path(under).rglob("*")):
    if path.is_file() and ".git" not in path.parts:
        try:
            text = path.read_text()
        except (UnicodeDecodeError, OSError):
            continue
        if old in text:
            path.write_text(text.replace(old, new))
            hits += 1
sys.exit(0 if hits else 1)
PY
    fi
    if [ -n "$prepare" ]; then (cd "$scratch" && eval "$prepare") >/dev/null; fi
    git -C "$scratch" add -A
    GIT_COMMITTER_DATE=$(git -C "$scratch" log -1 --format=%cI "$sha") \
      GIT_COMMITTER_NAME=$(git -C "$scratch" log -1 --format=%cn "$sha") \
      GIT_COMMITTER_EMAIL=$(git -C "$scratch" log -1 --format=%ce "$sha") \
      git -C "$scratch" commit -q --allow-empty --no-verify -C "$sha"
  done
  git clone -q --bare --single-branch -b trial "$scratch" "$bare"
  rm -rf "$scratch"
}

# The injected regressions: a real behavioural change that a real existing test catches.
define_regression() {
  local warn=$'case WarnLevel:\n\t\treturn "warning"' warn_bug=$'case WarnLevel:\n\t\treturn "warn"'
  case $1 in
    jinja) make_history jinja jinja src/jinja2 'soft_str(value).center(width)' 'soft_str(value).ljust(width)' ;;
    more-itertools) make_history more-itertools more-itertools more_itertools 'return sum(compress(repeat(1), zip(iterable)))' \
      'return sum(compress(repeat(1), zip(iterable))) - 1' ;;
    logrus) make_history logrus logrus . "$warn" "$warn_bug" \
      "PATH=$go_bin:\$PATH python3 $here/vendor-from-debian.py github.com/stretchr/testify/assert github.com/stretchr/testify/require golang.org/x/sys/unix && git add -f vendor" ;;
    logrus-gopath) make_history logrus-gopath logrus . "$warn" "$warn_bug" ;;
    swift-log) make_history swift-log swift-log Sources 'lhs.naturalIntegralValue < rhs.naturalIntegralValue' \
      'lhs.naturalIntegralValue <= rhs.naturalIntegralValue' ;;
    *) echo "unknown project $1 (known: jinja more-itertools logrus logrus-gopath swift-log)" >&2; exit 2 ;;
  esac
}

# checkout NAME PATH: a fresh clone of the trial history at PATH, on branch main.
checkout() {
  rm -rf "$2"; mkdir -p "$(dirname "$2")"
  git clone -q -b trial "$dir/history/$1.git" "$2"
  git -C "$2" branch -q -m trial main
  git -C "$2" config user.name "Trial User"; git -C "$2" config user.email trial@example.invalid
}

# python_env NAME PROJECT PACKAGES...: a venv outside the project, `pip install -e .` of the
# checkout plus the test packages, activated.
python_env() {
  local venv="$dir/venv/$1" project=$2; shift 2
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  # shellcheck disable=SC1091
  . "$venv/bin/activate"
  [ $# -eq 0 ] || pip install -q "$@" >>"$dir/logs/pip.log" 2>&1
  (cd "$project" && pip install -q -e . >>"$dir/logs/pip.log" 2>&1)
}

# run_trial NAME PROJECT TEST_COMMAND: heal with no arguments, then git bisect run, from PROJECT.
run_trial() {
  local name=$1 project=$2 test=$3
  local culprit good log="$dir/logs/$name"
  culprit=$(git -C "$project" rev-list --reverse HEAD | sed -n "${culprit_at}p")
  good=$(git -C "$project" rev-list --max-parents=0 HEAD)

  local start end status=0
  start=$(date +%s.%N)
  (cd "$project" && timeout "$heal_limit" "$HEALER_BIN" heal >"$log.heal.out" 2>"$log.heal.err") || status=$?
  [ "$status" != 124 ] || echo "healer: error: stopped by the trial after $heal_limit s" >>"$log.heal.err"
  end=$(date +%s.%N)
  local named runs reported branch note
  named=$(sed -n 's/^ *culprit: *\([0-9a-f]\{7,40\}\).*/\1/p' "$log.heal.out" | head -1 || true)
  branch=$(git -C "$project" for-each-ref --format='%(refname:short)' 'refs/heads/healer/regression/*' | head -1 || true)
  # Test runs as heal's progress lines show them (one `test SHA: red|green (...)` line per run),
  # and as its summary counts them.
  runs=$(grep -cE '^healer: test [0-9a-f]{7,}: [a-z]+ \(' "$log.heal.err" || true)
  reported=$(sed -n 's/^ *test runs: *//p' "$log.heal.out" | grep -o '[0-9]\+' | paste -sd+ | bc 2>/dev/null || true)
  note=$( (grep -h 'error:' "$log.heal.err"; grep -hv '^ ' "$log.heal.out") | head -1 | cut -c1-220 || true)
  local right=no suspect
  suspect=$(sed -n 's/^ *suspect: *\([0-9a-f]\{7,40\}\).*/\1/p' "$log.heal.out" | head -1 || true)
  if [ -n "$named" ] && [ "${culprit#"$named"}" != "$culprit" ]; then right=yes
  elif [ -n "$suspect" ] && [ "${culprit#"$suspect"}" != "$culprit" ]; then right="suspect only"; fi
  printf '%s\theal\t%s\t%s\t%.0f\texit %s%s%s; %s\n' "$name" "$right" "$runs" "$(echo "$end - $start" | bc)" "$status" \
    "${reported:+, summary counts $reported}" "${branch:+, $branch}" "$note" | tee -a "$dir/results.tsv"

  # git bisect run with the same test command, on the same history, from its known ends.
  local counter="$dir/logs/$name.bisect-runs"
  : > "$counter"
  status=0
  start=$(date +%s.%N)
  (
    cd "$project"
    git bisect start "$(git rev-parse HEAD)" "$good" >"$log.bisect.out" 2>&1
    git bisect run sh -c "echo run >> '$counter'; $test" >>"$log.bisect.out" 2>&1
  ) || status=$?
  end=$(date +%s.%N)
  named=$(sed -n 's/^\([0-9a-f]\{40\}\) is the first bad commit.*/\1/p' "$log.bisect.out" | head -1 || true)
  right=no; [ "$named" = "$culprit" ] && right=yes
  printf '%s\tgit bisect run\t%s\t%s\t%.0f\texit %s; %s\n' "$name" "$right" "$(wc -l < "$counter")" "$(echo "$end - $start" | bc)" \
    "$status" "$(grep -m1 'first bad commit\|cannot\|error' "$log.bisect.out" | cut -c1-120 || true)" | tee -a "$dir/results.tsv"
  git -C "$project" bisect reset -q >/dev/null 2>&1 || true
}

trial() {
  local name=$1 project
  define_regression "$name"
  [ -z "${HISTORY_ONLY:-}" ] || return 0
  case $name in
    jinja)
      project="$dir/src/jinja"; checkout jinja "$project"
      ( python_env jinja "$project" markupsafe pytest pytest-timeout trio; run_trial jinja "$project" "python3 -m pytest -q -x -p no:cacheprovider" )
      ;;
    more-itertools)
      # Its CI (tox, Makefile): pip install -e . and python -m unittest; no pytest.
      project="$dir/src/more-itertools"; checkout more-itertools "$project"
      ( python_env more-itertools "$project"; run_trial more-itertools "$project" "python3 -m unittest discover -t . -s ." )
      ;;
    logrus)
      # Module mode, as its CI runs it, with the dependencies vendored from Debian's Go sources
      # (committed in each trial commit, with go.mod naming the modules Debian's testify needs):
      # the module proxy is not reachable here.
      project="$dir/src/logrus"; checkout logrus "$project"
      (
        export PATH="$go_bin:$PATH" GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=vendor
        unset GO111MODULE GOPATH
        run_trial logrus "$project" "go test ./..."
      )
      ;;
    logrus-gopath)
      # GOPATH mode with Debian's testify and x/sys, the checkout in GOPATH/src.
      project="$dir/gopath/src/github.com/sirupsen/logrus"; checkout logrus-gopath "$project"
      (
        export PATH="$go_bin:$PATH" GO111MODULE=off GOPATH="$dir/gopath:/usr/share/gocode" GOFLAGS=
        run_trial logrus-gopath "$project" "go test ./..."
      )
      ;;
    swift-log)
      project="$dir/src/swift-log"; checkout swift-log "$project"
      # heal builds, then tests; an unbuildable commit is a skip (exit 125), as in heal.
      run_trial swift-log "$project" "swift build --build-tests >/dev/null 2>&1 || exit 125; swift test"
      ;;
  esac
}

for name in $projects; do trial "$name"; done

echo
echo "| project | tool | culprit right | test runs | wall s | note |"
echo "|---|---|---|---|---|---|"
tail -n "$(( $(echo "$projects" | wc -w) * 2 ))" "$dir/results.tsv" | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }'
