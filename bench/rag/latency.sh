#!/bin/sh
# Whole-process latency of `healer rag query` and `healer rag grep` on the bench/rag corpus, side
# by side with ripgrep over the same work tree and with the binary's own start-up, in one
# hyperfine run. The index is built first (cold, once) and is warm for the runs. With BEFORE set,
# a previous binary runs the same commands in the same run (the machine may be shared: compare
# within one run only).
#
#   bench/rag/latency.sh                         # release build at .build/release/healer
#   HEALER=/path/to/healer bench/rag/latency.sh
#   HEALER=new/healer BEFORE=old/healer RUNS=20 bench/rag/latency.sh
#
# The packaged binary (scripts/package.sh) links the Swift runtime and Foundation statically,
# which starts ~6 ms of CPU faster; build it the same way to measure it:
#   swift build -c release --static-swift-stdlib --product healer
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HEALER=${HEALER:-$ROOT/.build/release/healer}
CORPUS=${CORPUS:-$ROOT/bench/out/rag-corpus}
"$ROOT/bench/rag/make-corpus.sh"
cd "$CORPUS"
"$HEALER" rag index >&2
SENTENCE='retry a failed request with exponential backoff'
LITERAL=NIOAsyncChannelOutboundWriter
NONE=ZZqxNoSuchTextAnywhere
set --
# The healer commands for one binary, named with a suffix.
commands() {
    set -- "$@" -n "healer --version (start-up)$2" "$1 --version" \
        -n "healer rag query (sentence)$2" "$1 rag query '$SENTENCE'" \
        -n "healer rag query --files (sentence)$2" "$1 rag query --files '$SENTENCE'" \
        -n "healer rag query (symbol)$2" "$1 rag query $LITERAL" \
        -n "healer rag grep -F (selective literal, 44 lines)$2" "$1 rag grep -F $LITERAL" \
        -n "healer rag grep (no match)$2" "$1 rag grep -F $NONE"
    shift 2
    for argument in "$@"; do printf '%s\n' "$argument"; done
}
{
    commands "$HEALER" ""
    if [ -n "${BEFORE:-}" ]; then commands "$BEFORE" " [before]"; fi
    printf '%s\n' -n "rg --no-ignore -F (same literal)" "rg --no-ignore -F $LITERAL ." \
        -n "rg --no-ignore -F (no match)" "rg --no-ignore -F $NONE ."
} > "${TMPDIR:-/tmp}/latency-commands.$$"
# One argument a line (none holds a newline).
while IFS= read -r line; do set -- "$@" "$line"; done < "${TMPDIR:-/tmp}/latency-commands.$$"
rm -f "${TMPDIR:-/tmp}/latency-commands.$$"
hyperfine -N -i --warmup 3 --runs "${RUNS:-30}" --export-markdown "${OUT:-/dev/stdout}" ${JSON:+--export-json "$JSON"} "$@"
