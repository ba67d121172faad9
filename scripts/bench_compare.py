#!/usr/bin/env python3
"""Checks that two unit reports agree: hoctap's `--format csv` and another tool's.

    python3 scripts/bench_compare.py HOCTAP.csv OTHER.csv

Compares, unit by unit and on the TỔNG row, every column both files have among the unit
report's counting columns. Exits 1 and names the first differences when they disagree.
"""

import csv
import sys

COLUMNS = [
    "ten_don_vi",
    "so_nguoi",
    "so_dat",
    "ty_le",
    "dat_muc_tieu",
    "can_them",
    "thanh_vien_so_nguoi",
    "thanh_vien_so_dat",
    "nguoi_hoc_so_nguoi",
    "nguoi_hoc_so_dat",
    "so_loai_tru",
    "so_loi",
    "so_trung",
]


def load(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return {r["ma_don_vi"]: r for r in rows}, [r["ma_don_vi"] for r in rows]


def main() -> int:
    a, a_order = load(sys.argv[1])
    b, b_order = load(sys.argv[2])
    problems = []
    if a_order != b_order:
        only_a = sorted(set(a) - set(b))[:5]
        only_b = sorted(set(b) - set(a))[:5]
        problems.append(f"units differ or are in another order (only in first: {only_a}, only in second: {only_b})")
    checked = [c for c in COLUMNS if c in next(iter(a.values()), {}) and c in next(iter(b.values()), {})]
    for code in a_order:
        if code not in b:
            continue
        for col in checked:
            if a[code][col] != b[code][col]:
                problems.append(f"{code}.{col}: {a[code][col]!r} != {b[code][col]!r}")
    if problems:
        print("KHÁC NHAU:\n  " + "\n  ".join(problems[:20]), file=sys.stderr)
        return 1
    print(f"equal: {len(a_order)} rows x {len(checked)} columns ({', '.join(checked)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
