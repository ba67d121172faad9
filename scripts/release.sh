#!/usr/bin/env bash
# Builds the release: a zip per platform with the program, the Excel templates, the examples,
# a short Vietnamese guide and the licences.
#
#   scripts/release.sh              # Linux and Windows, into target/release-zip/
#   scripts/release.sh --linux      # Linux only (no MinGW needed)
#
# The Windows build cross-compiles with the MinGW-w64 toolchain: scripts/windows-toolchain.sh
# installs it (rustup target + Debian's gcc-mingw-w64-x86-64) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

platforms=(linux windows)
if [ "${1:-}" = "--linux" ]; then
    platforms=(linux)
fi

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
out=target/release-zip
rm -rf "$out"
mkdir -p "$out"

for platform in "${platforms[@]}"; do
    case "$platform" in
        linux)
            target=x86_64-unknown-linux-gnu
            exe=hoctap
            ;;
        windows)
            scripts/windows-toolchain.sh
            target=x86_64-pc-windows-gnu
            exe=hoctap.exe
            ;;
    esac
    cargo build --release --locked --target "$target" --bin hoctap
    binary="target/$target/release/$exe"

    name="hoctap-$version-$platform"
    stage="$out/$name"
    mkdir -p "$stage/vi-du"
    cp "$binary" "$stage/"
    # The templates are written by the Linux build of the same source: the same bytes on
    # every platform (hoctap's outputs are reproducible).
    host="target/x86_64-unknown-linux-gnu/release/hoctap"
    if [ ! -x "$host" ]; then
        cargo build --release --locked --target x86_64-unknown-linux-gnu --bin hoctap
    fi
    "$host" template -o "$stage/mau-danh-sach.xlsx"
    "$host" template --mau-tep-don-vi -o "$stage/mau-don-vi.xlsx"
    cp -r examples/xa-gia-tran examples/thcs-ninh-hai.csv "$stage/vi-du/"
    cp LICENSE-MIT LICENSE-APACHE CHANGELOG.md "$stage/"
    if [ "$platform" = windows ]; then
        # Notepad on older Windows wants CRLF line ends.
        sed 's/$/\r/' packaging/HUONG-DAN.txt > "$stage/HUONG-DAN.txt"
    else
        cp packaging/HUONG-DAN.txt "$stage/HUONG-DAN.txt"
    fi
    # Fixed timestamps and sorted names: the same source gives the same zip.
    python3 scripts/zip_dir.py "$stage" "$out/$name.zip"
    echo "$out/$name.zip"
done
