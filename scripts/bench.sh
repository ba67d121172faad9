#!/usr/bin/env bash
# Benchmark of `hoctap assess --format csv` on synthetic provinces (1,000,000 rows of CSV, a
# 100,000-row .xlsx, 2,000-row CSV and .xlsx, a folder of 1,600 .xlsx; 10,000,000 rows with
# --10m) against a csv-crate pass that only counts records, DuckDB running the same rules in
# SQL (report checked equal), and Polars / DuckDB / Polars read_excel doing a lighter job.
#
#   scripts/bench.sh                  # everything but 10M, three runs each (median)
#   scripts/bench.sh --no-province    # without the 1,600-file folder (about a minute)
#   scripts/bench.sh --10m            # and 10M rows, one run (1.3 GB of CSV)
#
# Needs cargo and python3 (with venv); installs DuckDB, Polars and fastexcel from PyPI into target/bench/venv.
# Data and results go to target/bench (BENCH_DIR to change); results.md holds the table.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${BENCH_DIR:-target/bench}"
mkdir -p "$dir"
cargo build --release --quiet --bin hoctap --example gen_roster --example csv_count --example legacy_cost
if [ ! -x "$dir/venv/bin/python" ]; then
    python3 -m venv "$dir/venv"
fi
"$dir/venv/bin/pip" install --quiet --disable-pip-version-check duckdb polars fastexcel
exec "$dir/venv/bin/python" scripts/bench_run.py --dir "$dir" "$@"
