#!/usr/bin/env bash
# Builds the stand-in bcryptprimitives.dll (processprng.c) into target/wine/, once.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/wine/bcryptprimitives.dll
if [ ! -f "$out" ] || [ scripts/wine/processprng.c -nt "$out" ]; then
    mkdir -p target/wine
    x86_64-w64-mingw32-gcc -shared -O2 -o "$out" scripts/wine/processprng.c -ladvapi32
fi
echo "$out"
