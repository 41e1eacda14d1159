#!/bin/sh
# Installs the Debian packages healer needs to build and test; does nothing when they are present.
# With --runtime, only what a release archive (scripts/package.sh) needs to run; with --package,
# also what linking one needs (libcurl's headers and link name, for FoundationNetworking).
set -eu
packages="libgit2-dev libsqlite3-dev pkg-config git bubblewrap universal-ctags ripgrep"
[ "${1:-}" = --runtime ] && packages="git bubblewrap universal-ctags libsqlite3-0 libcurl4 libxml2"
[ "${1:-}" = --package ] && packages="$packages libcurl4-openssl-dev"
need=""
for pkg in $packages; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need="$need $pkg"
done
[ -z "$need" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "healer setup: missing Debian packages:$need; install them as root (apt-get install -y$need)" >&2
    exit 2
  fi
else SUDO=""; fi
echo "healer setup: installing$need" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
