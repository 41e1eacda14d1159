#!/bin/sh
# RAG benchmark: builds the corpus (cached), builds the tests in release mode, then runs the
# HEALER_BENCH-gated suites: a cold index under /usr/bin/time -v (wall time, peak memory), then
# re-index, queries, retrieval quality and grep against ripgrep, then the history-prior set (each
# commit subject of HEALER_BENCH_HISTORY_REPO, this repository by default, against the files that
# commit changed). Prints "BENCH" lines.
#
#   bench/rag/run.sh                      # everything
#   SCRATCH=.build-rag-release bench/rag/run.sh
#   HEALER_BENCH_HISTORY_REPO=/path/to/clone bench/rag/run.sh
#   HEALER_SWIFT_SYMBOLS=scanner bench/rag/run.sh     # Swift symbols from the scanner, not swift-syntax
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCRATCH=${SCRATCH:-$ROOT/.build-rag-release}
export SCRATCH
# Only what the suites need (see Package.swift), with the swift-syntax helper that the index finds
# next to the test bundle; HEALER_SWIFT_SYMBOLS=scanner measures the index without it.
export HEALER_ONLY_TARGETS=${HEALER_ONLY_TARGETS:-CLibGit2,CSQLite,HealerGit,HealerHTTP,HealerRAG,HealerTestSupport,HealerRAGTests,HealerSwiftSymbols}
cd "$ROOT"
bench/rag/make-corpus.sh
# Release build with -enable-testing: the suites read internals through @testable import.
swift build -c release -Xswiftc -enable-testing --build-tests --scratch-path "$SCRATCH" >&2
run() {
    HEALER_BENCH=$1 swift test -c release -Xswiftc -enable-testing --scratch-path "$SCRATCH" --skip-build \
        --filter "$2" 2>&1
}
echo "== cold index ==" >&2
/usr/bin/time -v sh -c "$(cat <<'SH'
HEALER_BENCH=index swift test -c release -Xswiftc -enable-testing --scratch-path "$SCRATCH" --skip-build --filter RAGBenchmark 2>&1
SH
)" 2>&1 | grep -E "^BENCH|Maximum resident|Elapsed \(wall"
echo "== queries ==" >&2
run query RAGBenchmark | grep -E "^BENCH"
echo "== history priors ==" >&2
run history RAGHistoryBenchmark | grep -E "^BENCH"
