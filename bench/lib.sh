# Shared set-up for the benchmarks; sourced, not run. Defines:
#   need_hyperfine        install hyperfine if missing
#   build_healer          release build; sets $healer to the binary (HEALER_BUILD_FLAGS adds flags; HEALER_BIN skips it)
#   repo_with_runs DIR N  a repository at DIR with N runs made by `healer request`
need_hyperfine() {
  command -v hyperfine >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
}

build_healer() {
  if [ -n "${HEALER_BIN:-}" ]; then healer=$HEALER_BIN; return; fi
  swift build -c release ${HEALER_BUILD_FLAGS:-} --product healer >/dev/null
  healer="$(swift build -c release ${HEALER_BUILD_FLAGS:-} --show-bin-path)/healer"
}

repo_with_runs() {
  mkdir -p "$1" && cd "$1"
  git init -q -b main && git -c user.name=b -c user.email=b@b commit -q --allow-empty -m init
  echo "creating $2 runs..." >&2
  bench_i=0
  while [ $bench_i -lt "$2" ]; do "$healer" request "benchmark change $bench_i" >/dev/null 2>&1; bench_i=$((bench_i + 1)); done
}
