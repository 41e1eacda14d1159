#!/bin/sh
# Builds the benchmark corpus: HEAD of every bare repository in the Swift package mirror,
# archived into one directory and committed to one git repository (cached under bench/out/).
# A second commit on branch `one-change` edits one Swift file, for the re-index figure.
set -eu
MIRROR=${MIRROR:-/opt/swift-packages}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${CORPUS:-$ROOT/bench/out/rag-corpus}
if [ -d "$OUT/.git" ] && git -C "$OUT" rev-parse -q --verify one-change >/dev/null; then
    echo "corpus: $OUT (cached)" >&2
    exit 0
fi
rm -rf "$OUT"
mkdir -p "$OUT"
for repo in "$MIRROR"/*/*.git; do
    owner=$(basename "$(dirname "$repo")")
    name=$(basename "$repo" .git)
    # The mirror holds some packages twice under different letter cases; keep one.
    lower=$(echo "$owner/$name" | tr 'A-Z' 'a-z')
    if [ -e "$OUT/.seen/$lower" ]; then continue; fi
    mkdir -p "$OUT/.seen/$(dirname "$lower")" && touch "$OUT/.seen/$lower"
    mkdir -p "$OUT/$owner/$name"
    git -C "$repo" archive HEAD | tar -x -C "$OUT/$owner/$name"
done
rm -rf "$OUT/.seen"
cd "$OUT"
git init -q -b main
git config user.name bench && git config user.email bench@localhost && git config commit.gpgsign false
git add -A -f . >/dev/null
git commit -q -m "corpus" --no-verify
git checkout -q -b one-change
file=$(git ls-files '*.swift' | head -n 200 | tail -n 1)
printf '\n// benchmark edit\n' >> "$file"
git commit -q -am "edit $file" --no-verify
git checkout -q main
echo "corpus: $OUT ($(git ls-files | wc -l) files, $(git ls-files '*.swift' | wc -l) Swift files; one-change edits $file)" >&2
