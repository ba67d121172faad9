#!/usr/bin/env bash
# Benchmark of `hoctap assess --format csv` on synthetic provinces of 100,000 and 1,000,000
# people (and 10,000,000 with --10m), against reading the file (`cat`), a csv-crate pass
# that only counts records, and DuckDB running the same scoring and aggregation in SQL,
# whose unit report is checked equal to hoctap's. Also times a 100,000-row .xlsx.
#
#   scripts/bench.sh            # 100k and 1M, three runs each (median)
#   scripts/bench.sh --10m      # and 10M, one run (about 1.3 GB of CSV; needs 6 GB free)
#
# Needs cargo and python3 (with venv); installs DuckDB from PyPI into target/bench/venv.
# Data and results go to target/bench (BENCH_DIR to change); results.md holds the table.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${BENCH_DIR:-target/bench}"
mkdir -p "$dir"
cargo build --release --quiet --bin hoctap --example gen_roster --example csv_count --example xlsx_read
if [ ! -x "$dir/venv/bin/python" ]; then
    python3 -m venv "$dir/venv"
fi
"$dir/venv/bin/pip" install --quiet --disable-pip-version-check duckdb
exec "$dir/venv/bin/python" scripts/bench_run.py --dir "$dir" "$@"
