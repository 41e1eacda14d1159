#!/bin/sh
# Lints the Swift sources with `swift format` (.swift-format). Fails on force unwraps and force
# tries outside tests; reports the count of layout findings (`swift format format -i -r Sources`
# fixes them). Usage: scripts/lint-swift.sh
set -eu
cd "$(dirname "$0")/.."
findings=$(swift format lint --recursive Sources 2>&1 || true)
forced=$(printf '%s\n' "$findings" | grep -E 'NeverForceUnwrap|NeverUseForceTry' || true)
if [ -n "$forced" ]; then
  printf '%s\n' "$forced" >&2
  echo "lint-swift: force unwraps or force tries in Sources" >&2
  exit 1
fi
echo "lint-swift: no force unwraps or force tries; $(printf '%s\n' "$findings" | grep -c 'warning' || true) layout findings" >&2
