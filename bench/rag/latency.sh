#!/bin/sh
# Whole-process latency of `healer rag query` and `healer rag grep` on the bench/rag corpus, side
# by side with ripgrep over the same work tree and with the binary's own start-up, in one
# hyperfine run. The index is built first (cold, once) and is warm for the runs.
#
#   bench/rag/latency.sh                         # release build at .build/release/healer
#   HEALER=/path/to/healer bench/rag/latency.sh
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HEALER=${HEALER:-$ROOT/.build/release/healer}
CORPUS=${CORPUS:-$ROOT/bench/out/rag-corpus}
"$ROOT/bench/rag/make-corpus.sh"
cd "$CORPUS"
"$HEALER" rag index >&2
hyperfine -N -i --warmup 3 --runs ${RUNS:-30} --export-markdown "${OUT:-/dev/stdout}" ${JSON:+--export-json "$JSON"} \
    -n "healer --version (start-up)" "$HEALER --version" \
    -n "healer rag query (sentence)" "$HEALER rag query 'retry a failed request with exponential backoff'" \
    -n "healer rag query --files (sentence)" "$HEALER rag query --files 'retry a failed request with exponential backoff'" \
    -n "healer rag query (symbol)" "$HEALER rag query NIOAsyncChannelOutboundWriter" \
    -n "healer rag grep -F (selective literal, 44 lines)" "$HEALER rag grep -F NIOAsyncChannelOutboundWriter" \
    -n "rg --no-ignore -F (same literal)" "rg --no-ignore -F NIOAsyncChannelOutboundWriter ." \
    -n "healer rag grep (no match)" "$HEALER rag grep -F ZZqxNoSuchTextAnywhere" \
    -n "rg --no-ignore -F (no match)" "rg --no-ignore -F ZZqxNoSuchTextAnywhere ."
