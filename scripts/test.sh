#!/bin/sh
# Runs healer's whole test suite on a fresh machine: system packages, declared target dependencies,
# build, tests, CI-template lint.
set -eu
cd "$(dirname "$0")/.."
scripts/setup-system.sh
# Package.swift's target dependencies must equal the sources' imports (fails fast, before building).
scripts/check-target-imports.py
# No function in Sources longer than 80 lines.
scripts/check-function-length.py
swift build --build-tests
# Serial: several suites run in-process HTTP servers whose handlers need the (2-thread) cooperative
# pool, and many tests block a thread waiting on real processes; in parallel they starve each other.
swift test --skip-build --no-parallel
scripts/lint-swift.sh
if [ -x scripts/lint-ci.sh ]; then scripts/lint-ci.sh; fi
