#!/usr/bin/env bash
# Installs what the Windows build needs, when it is missing: rustup's x86_64-pc-windows-gnu
# standard library and Debian's MinGW-w64 linker. With --wine, also Wine and the stand-in DLL
# that lets Debian's Wine 8 run Rust programs (scripts/wine/).
#
#   scripts/windows-toolchain.sh          # cross-compiler only
#   scripts/windows-toolchain.sh --wine   # and Wine, to run hoctap.exe on Linux
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
    # Only root can install; anyone else is told what to install.
    if [ "$(id -u)" != 0 ]; then
        echo "cần cài các gói Debian: $*" >&2
        exit 2
    fi
    if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -print -quit 2>/dev/null)" ]; then
        apt-get update -qq
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
    rustup target add x86_64-pc-windows-gnu
fi
if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
    apt_install gcc-mingw-w64-x86-64
fi

if [ "${1:-}" = "--wine" ]; then
    if ! command -v wine >/dev/null; then
        apt_install wine wine64
    fi
    scripts/wine/build-stub.sh
fi
