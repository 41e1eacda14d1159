#!/bin/sh
# Makes healer's self-contained release archive: `healer` (and, unless --without-swift-symbols,
# the optional `healer-swift-symbols` helper) built in release mode with the Swift standard library
# and Foundation linked statically, so the target machine needs no Swift toolchain.
#
#   scripts/package.sh [--without-swift-symbols] [OUTDIR]      (OUTDIR defaults to .build-package/dist)
#
# Writes OUTDIR/healer-VERSION-linux-ARCH.tar.gz (VERSION from `git describe --tags --always`)
# holding healer-VERSION-linux-ARCH/{bin/healer, bin/healer-swift-symbols, lib/ (libgit2 and the
# libraries only it needs), setup-system.sh (installs the run-time Debian packages), README.md,
# RUNTIME.txt}
# and prints the archive's path. RUNTIME.txt lists the shared libraries the binaries still load
# and the Debian packages that provide them. A cold build takes several minutes (swift-syntax most).
set -eu
cd "$(dirname "$0")/.."
symbols=1
if [ "${1:-}" = --without-swift-symbols ]; then symbols=0; shift; fi
out=${1:-.build-package/dist}
scratch=${HEALER_PACKAGE_SCRATCH:-.build-package}
scripts/setup-system.sh --package
version=$(git describe --tags --always 2>/dev/null || echo unknown)
arch=$(uname -m)
name=healer-$version-linux-$arch
# The binaries look for bundled libraries in ../lib first (DT_RPATH, which also serves libgit2's own
# dependencies; DT_RUNPATH would serve only the executable's direct ones).
flags="-c release --static-swift-stdlib --scratch-path $scratch -Xlinker --disable-new-dtags -Xlinker -rpath -Xlinker \$ORIGIN/../lib"
echo "package: building healer ($version, release, static Swift standard library)..." >&2
# shellcheck disable=SC2086
swift build $flags --product healer >&2
products=healer
if [ "$symbols" = 1 ]; then
  echo "package: building healer-swift-symbols (swift-syntax)..." >&2
  # shellcheck disable=SC2086
  swift build $flags --product healer-swift-symbols >&2
  products="healer healer-swift-symbols"
fi
# shellcheck disable=SC2086
bin=$(swift build $flags --show-bin-path)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/bin" "$stage/$name/lib" "$out"
for product in $products; do
  cp "$bin/$product" "$stage/$name/bin/"
  strip "$stage/$name/bin/$product" 2>/dev/null || true
done
# Bundled: libgit2 and the libraries only it brings (its soname changes between Debian and Ubuntu
# releases: 1.5 in bookworm, 1.7 in Ubuntu 24.04). Left to the system: glibc, zlib, OpenSSL 3,
# libcurl 4 (FoundationNetworking), SQLite 3, whose sonames are stable.
system='^(linux-vdso|ld-linux|libc\.|libm\.|libdl\.|libresolv\.|libpthread\.|librt\.|libgcc_s\.|libstdc\+\+\.|libz\.|libcrypto\.|libssl\.|libcurl\.|libsqlite3\.)'
git2=$(ldd "$stage/$name/bin/healer" | awk '$1 ~ /^libgit2\./ {print $3}')
if [ -n "$git2" ]; then
  for lib in "$git2" $(ldd "$git2" | awk '$3 ~ /^\// {print $3}'); do
    base=$(basename "$lib")
    printf '%s\n' "$base" | grep -Eq "$system" || cp -L "$lib" "$stage/$name/lib/$base"
  done
fi
cp README.md "$stage/$name/"
# The archive's own set-up: the Debian packages it needs at run time (`sh setup-system.sh`).
sed 's|^set -eu$|set -eu; set -- --runtime|' scripts/setup-system.sh >"$stage/$name/setup-system.sh"
{
  echo "healer $version for Linux $arch: Swift standard library and Foundation linked statically."
  echo "Bundled in lib/ (found first through the binaries' RPATH \$ORIGIN/../lib): $(ls "$stage/$name/lib" | tr '\n' ' ')"
  echo "Shared libraries the binaries load (ldd on the build machine):"
  for product in $products; do
    ldd "$stage/$name/bin/$product" | awk -v p="$product" '$1 !~ /^linux-vdso/ {print "  " p ": " $1}'
  done
  echo "Debian packages a machine without Swift needs:"
  for lib in $(for product in $products; do ldd "$stage/$name/bin/$product"; done | awk '$3 ~ /^\// {print $3}' | sort -u); do
    dpkg -S "$(readlink -f "$lib")" 2>/dev/null | cut -d: -f1 || true
  done | sort -u | sed 's/^/  /'
  echo "  and at run time: git, bubblewrap (the test sandbox), universal-ctags (symbols of non-Swift files)"
} >"$stage/$name/RUNTIME.txt"
if ldd "$stage/$name/bin/healer" | grep -q 'libswift\|libFoundation'; then
  echo "package: bin/healer still loads the Swift runtime dynamically; see $stage/$name/RUNTIME.txt" >&2
  exit 1
fi
tar -C "$stage" -czf "$out/$name.tar.gz" "$name"
echo "package: $(du -h "$out/$name.tar.gz" | cut -f1) $out/$name.tar.gz" >&2
cat "$stage/$name/RUNTIME.txt" >&2
echo "$out/$name.tar.gz"
