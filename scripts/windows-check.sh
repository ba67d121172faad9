#!/usr/bin/env bash
# Builds hoctap.exe and, where Wine is present (or --install-wine is given), runs it on the
# bundled example and compares its reports with the Linux build's, byte for byte. A change
# that breaks the Windows build, or makes Windows give other numbers, fails here.
#
#   scripts/windows-check.sh                  # build; compare under Wine when it is installed
#   scripts/windows-check.sh --install-wine   # install Wine first (Debian), then compare
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--install-wine" ]; then
    scripts/windows-toolchain.sh --wine
else
    scripts/windows-toolchain.sh
fi

cargo build --release --locked --target x86_64-pc-windows-gnu --bin hoctap
exe=target/x86_64-pc-windows-gnu/release/hoctap.exe
echo "hoctap.exe: $(stat -c %s "$exe") byte"

if ! command -v wine >/dev/null; then
    echo "Wine không có trên máy này: chỉ dựng hoctap.exe, không chạy thử." >&2
    exit 0
fi
cargo build --release --locked --bin hoctap
linux=target/release/hoctap

dll=$(scripts/wine/build-stub.sh)
work=$(mktemp -d)
trap 'touch "$work/stop" 2>/dev/null; wineserver -k >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
# The program and the stand-in DLL side by side: Windows looks beside the program first.
cp "$exe" "$dll" "$work/"
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="bcryptprimitives=n,b"

example=(examples/xa-gia-tran/danh-sach.csv --units examples/xa-gia-tran/don-vi.csv)
failed=0
for format in csv json; do
    status_linux=0
    status_windows=0
    "$linux" assess "${example[@]}" --format "$format" > "$work/linux.$format" 2>/dev/null || status_linux=$?
    wine "$work/hoctap.exe" assess "${example[@]}" --format "$format" > "$work/windows.$format" 2>/dev/null \
        || status_windows=$?
    if [ "$status_linux" != "$status_windows" ]; then
        echo "mã thoát khác nhau ($format): Linux $status_linux, Windows $status_windows" >&2
        failed=1
    elif ! cmp -s "$work/linux.$format" "$work/windows.$format"; then
        echo "báo cáo $format khác nhau giữa Linux và Windows:" >&2
        diff "$work/linux.$format" "$work/windows.$format" | head -20 >&2 || true
        failed=1
    else
        echo "báo cáo $format: Windows giống Linux ($(stat -c %s "$work/linux.$format") byte, mã thoát $status_linux)"
    fi
done
# The Excel report too. The zip container records the system that wrote it (one byte per
# entry), so the workbooks are compared entry by entry: every name and every byte inside.
"$linux" assess "${example[@]}" -o "$work/linux.xlsx" >/dev/null 2>&1 || true
wine "$work/hoctap.exe" assess "${example[@]}" -o "$work/windows.xlsx" >/dev/null 2>&1 || true
if python3 - "$work/linux.xlsx" "$work/windows.xlsx" <<'PY'
import sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:3])
names = [i.filename for i in a.infolist()]
same = names == [i.filename for i in b.infolist()] and all(a.read(n) == b.read(n) for n in names)
sys.exit(0 if same else 1)
PY
then
    echo "báo cáo xlsx: Windows giống Linux (mọi phần của tệp, $(stat -c %s "$work/linux.xlsx") byte)"
else
    echo "báo cáo xlsx khác nhau giữa Linux và Windows" >&2
    failed=1
fi
# A report open in Excel: Excel holds the workbook with no sharing, so it cannot be replaced.
# The run must stop with status 2, say so once in Vietnamese, and leave the open file as it was.
x86_64-w64-mingw32-gcc -O2 -o "$work/hold.exe" scripts/wine/hold.c
( cd "$work" && wine hold.exe windows.xlsx ready stop >/dev/null 2>&1 & )
for _ in $(seq 150); do [ -f "$work/ready" ] && break; sleep 0.2; done
before=$(sha256sum < "$work/windows.xlsx")
status_open=0
wine "$work/hoctap.exe" assess "${example[@]}" -q -o "$work/windows.xlsx" >/dev/null 2>"$work/open.err" \
    || status_open=$?
touch "$work/stop"
said=$(grep -c "tệp đang mở trong chương trình khác (thường là Excel)" "$work/open.err" || true)
if [ ! -f "$work/ready" ]; then
    echo "không giữ được tệp mở để thử (hold.exe)" >&2
    failed=1
elif [ "$status_open" = 2 ] && [ "$said" = 1 ] && [ "$before" = "$(sha256sum < "$work/windows.xlsx")" ]; then
    echo "báo cáo đang mở trong Excel: mã thoát 2, một lời nhắn tiếng Việt, tệp đang mở giữ nguyên"
else
    echo "báo cáo đang mở trong Excel: mã thoát $status_open, lời nhắn ${said} lần:" >&2
    cat "$work/open.err" >&2
    failed=1
fi
exit "$failed"
