#!/bin/sh
# Builds healer and runs its main job on the embedded default (no model, no API key, no server):
# a demo repository whose trunk went red is healed by `healer heal`.
# Usage: scripts/demo.sh [DEMO-DIRECTORY]
set -eu
cd "$(dirname "$0")/.."
scripts/setup-system.sh
echo "building healer (first build takes a few minutes)..." >&2
swift build --product healer
bin="$(swift build --show-bin-path)/healer"
demo=${1:-$(mktemp -d)/retry-demo}
examples/make-regression-history.sh "$demo"
cd "$demo"
"$bin" heal --good "$(git rev-list --max-parents=0 HEAD)"
echo
echo "demo repository: $demo  (try: cd $demo && $bin status && git log --oneline --all --graph | head)"
