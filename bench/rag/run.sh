#!/bin/sh
# RAG benchmark: builds the corpus (cached), builds the tests in release mode, then runs the
# HEALER_BENCH-gated suite twice: a cold index under /usr/bin/time -v (wall time, peak memory),
# then re-index, queries, retrieval quality and grep against ripgrep. Prints "BENCH" lines.
#
#   bench/rag/run.sh                      # everything
#   SCRATCH=.build-rag-release bench/rag/run.sh
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCRATCH=${SCRATCH:-$ROOT/.build-rag-release}
export SCRATCH
cd "$ROOT"
bench/rag/make-corpus.sh
# Release build with -enable-testing: the suite reads internals through @testable import.
swift build -c release -Xswiftc -enable-testing --build-tests --scratch-path "$SCRATCH" >&2
run() {
    HEALER_BENCH=$1 swift test -c release -Xswiftc -enable-testing --scratch-path "$SCRATCH" --skip-build \
        --filter RAGBenchmark 2>&1
}
echo "== cold index ==" >&2
/usr/bin/time -v sh -c "$(cat <<'SH'
HEALER_BENCH=index swift test -c release -Xswiftc -enable-testing --scratch-path "$SCRATCH" --skip-build --filter RAGBenchmark 2>&1
SH
)" 2>&1 | grep -E "^BENCH|Maximum resident|Elapsed \(wall"
echo "== queries ==" >&2
run query | grep -E "^BENCH"
