#!/bin/sh
# Runs a release archive where no Swift is installed: inside a bubblewrap root that shows this
# machine read-only, with the Swift toolchain's directory and the system's libgit2 hidden (empty),
# checks that `swift` is not found and that the binaries load no Swift library, then runs
# `healer --version` and `healer heal` on the demo repository (examples/make-regression-history.sh)
# and expects the culprit named and a tested revert branch.
#
#   scripts/check-package.sh [ARCHIVE]     (default: a fresh one from scripts/package.sh)
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
archive=${1:-$(scripts/package.sh)}
swift=$(command -v swift || true)
[ -n "$swift" ] || { echo "check-package: no swift on PATH here; nothing to hide" >&2; exit 2; }
# /opt/swift/usr/bin/swift -> /opt/swift
toolchain=$(dirname "$(dirname "$(dirname "$(readlink -f "$swift")")")")
work=$root/.build-package/check
rm -rf "$work" && mkdir -p "$work/home"
tar -xzf "$archive" -C "$work"
bin=$(ls -d "$work"/healer-*/bin)
examples/make-regression-history.sh "$work/demo" 2>/dev/null
good=$(git -C "$work/demo" rev-list --max-parents=0 HEAD)
hide_git2=""
for lib in /usr/lib/*/libgit2.so.*; do [ -e "$lib" ] && hide_git2="$hide_git2 --ro-bind /dev/null $lib"; done
echo "check-package: $archive in a root without $toolchain (tmpfs) nor the system libgit2" >&2
# shellcheck disable=SC2086
bwrap --ro-bind / / --dev /dev --proc /proc --tmpfs /tmp --tmpfs "$toolchain" $hide_git2 \
  --bind "$work" "$work" --setenv HOME "$work/home" --setenv PATH "$bin:/usr/local/bin:/usr/bin:/bin" \
  --chdir "$work/demo" -- sh -eu -c '
    if command -v swift >/dev/null 2>&1; then echo "check-package: swift is still visible" >&2; exit 1; fi
    if ldd "$1/healer" "$1/healer-swift-symbols" 2>/dev/null | grep -E "libswift|libFoundation|not found"; then
      echo "check-package: a binary needs a library this root lacks" >&2; exit 1
    fi
    healer --version
    healer heal --good "$2" >"$3/heal.out" 2>&1 || { cat "$3/heal.out" >&2; exit 1; }
    cat "$3/heal.out"
    git branch --list "healer/regression/*" | grep -q . || { echo "check-package: heal opened no revert branch" >&2; exit 1; }
  ' check "$bin" "$good" "$work"
grep -q "simplify the cap" "$work/heal.out" || { echo "check-package: heal did not name the culprit 'retry: simplify the cap'" >&2; exit 1; }
echo "check-package: the archive heals the demo without Swift" >&2
