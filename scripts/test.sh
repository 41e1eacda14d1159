#!/bin/sh
# Runs healer's whole test suite on a fresh machine: system packages, build, tests, CI-template lint.
set -eu
cd "$(dirname "$0")/.."
scripts/setup-system.sh
swift build --build-tests
swift test --skip-build
if [ -x scripts/lint-ci.sh ]; then scripts/lint-ci.sh; fi
