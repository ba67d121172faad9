#!/usr/bin/env python3
"""Runs the benchmark that scripts/bench.sh sets up; see there. Prints a Markdown table and
writes it to DIR/results.md. Every time is the median wall-clock time of the runs; memory is
the largest peak resident set size (ru_maxrss) seen."""

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASE = ROOT / "target" / "release"
HOCTAP = RELEASE / "hoctap"
GEN = RELEASE / "examples" / "gen_roster"
COUNT = RELEASE / "examples" / "csv_count"
XLSX_READ = RELEASE / "examples" / "xlsx_read"
CRITERIA = ROOT / "criteria" / "ninh-binh-2025.toml"


def warm(path):
    """Reads a file once, untimed, so that every tool finds it in the page cache: the first
    reader after a memory-hungry run would otherwise pay the disk for the others."""
    if path is None:
        return
    with open(path, "rb") as f:
        while f.read(1 << 22):
            pass


def measure(cmd, runs, data=None):
    """Median wall time (s) and peak RSS (MB) of `cmd` over `runs` runs. Peak memory comes
    from GNU time when it is installed; otherwise from a Python parent's rusage, which counts
    the parent's own pages of a fork before exec (about 10 MB) for small programs."""
    gnu_time = shutil.which("time", path="/usr/bin")
    walls, peak = [], 0
    for _ in range(runs):
        warm(data)
        if gnu_time:
            report = ROOT / "target" / ".bench-time"
            argv = [gnu_time, "-f", "%M", "-o", report, *cmd]
        else:
            probe = (
                "import resource, subprocess, sys\n"
                "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
                "sys.stderr.buffer.write(r.stderr)\n"
                "sys.exit(r.returncode)\n"
            )
            argv = [sys.executable, "-c", probe, *cmd]
        started = time.perf_counter()
        # The command's output is thrown away (GNU time writes to its own file); only the
        # Python probe's one line is read back.
        stdout = subprocess.DEVNULL if gnu_time else subprocess.PIPE
        p = subprocess.run(list(map(str, argv)), stdout=stdout, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - started
        if p.returncode != 0:
            raise SystemExit(f"failed ({p.returncode}): {' '.join(map(str, cmd))}\n{p.stderr}")
        kb = report.read_text().split()[-1] if gnu_time else p.stdout.strip().splitlines()[-1]
        walls.append(wall)
        peak = max(peak, int(kb))
    return statistics.median(walls), peak / 1024


def python_startup(runs):
    """The wall time of starting the Python interpreter, included in the DuckDB time."""
    return measure([sys.executable, "-c", "pass"], runs)[0]


def machine():
    model = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?"
    )
    mem = next((line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal")), "0")
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} cores ({model}), {int(mem) // 1024 // 1024} GiB, Linux {platform.release()}, load average {load:.2f} at start"


def generate(size, path, xlsx=False):
    if path.exists():
        return
    flag = "--xlsx" if xlsx else "--csv"
    tmp = path.with_name("." + path.name)
    subprocess.run([GEN, "--so-nguoi", str(size), flag, tmp], check=True, stderr=subprocess.DEVNULL)
    tmp.rename(path)


def compare(a, b):
    r = subprocess.run([sys.executable, ROOT / "scripts" / "bench_compare.py", a, b], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"unit reports differ: {a} vs {b}\n{r.stderr}")
    return r.stdout.strip()


def fmt_ratio(x, base):
    return f"{x / base:.2f}" if base else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--10m", dest="ten_m", action="store_true")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--xlsx-hoctap", help="a hoctap binary that reads .xlsx, when this one does not")
    args = ap.parse_args()
    out = Path(args.dir).resolve()
    sizes = [100_000, 1_000_000]
    if args.ten_m:
        free = shutil.disk_usage(out).free
        if free < 6 * 1024**3:
            raise SystemExit(f"--10m needs about 6 GB free in {out} (1.3 GB of CSV, DuckDB's table); {free / 1024**3:.1f} GB free")
        sizes.append(10_000_000)
    import duckdb  # installed by bench.sh

    lines = [
        f"Machine: {machine()}.",
        f"{subprocess.run([HOCTAP, '--version'], capture_output=True, text=True).stdout.strip()}, DuckDB {duckdb.__version__} (Python {platform.python_version()}).",
        "",
        "| số người | công cụ | thời gian (s) | bộ nhớ đỉnh (MB) | × cat | × đếm csv | × DuckDB |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    notes = []
    startup = python_startup(args.runs)
    for size in sizes:
        runs = args.runs if size <= 1_000_000 else 1
        csv = out / f"roster-{size}.csv"
        generate(size, csv)
        mb = csv.stat().st_size / 1024**2
        rep_h = out / f"hoctap-{size}.csv"
        rep_d = out / f"duckdb-{size}.csv"
        results = {}
        results["cat"] = measure(["cat", csv], runs, csv)
        results["đếm bản ghi (csv crate)"] = measure([COUNT, csv], runs, csv)
        results["hoctap assess"] = measure(
            [HOCTAP, "assess", csv, "--format", "csv", "-q", "--exit-zero", "-o", rep_h], runs, csv
        )
        results["hoctap assess --threads 1"] = measure(
            [HOCTAP, "assess", csv, "--format", "csv", "-q", "--exit-zero", "--threads", "1", "-o", rep_h], runs, csv
        )
        results["DuckDB (SQL, same report)"] = measure(
            [sys.executable, ROOT / "scripts" / "bench_duckdb.py", csv, CRITERIA, rep_d], runs, csv
        )
        notes.append(f"{size:,} people ({mb:.0f} MB of CSV): hoctap and DuckDB {compare(rep_h, rep_d)}.")
        base_cat = results["cat"][0]
        base_count = results["đếm bản ghi (csv crate)"][0]
        base_duck = results["DuckDB (SQL, same report)"][0]
        for tool, (wall, peak) in results.items():
            lines.append(
                f"| {size:,} | {tool} | {wall:.2f} | {peak:.0f} | {fmt_ratio(wall, base_cat)} | "
                f"{fmt_ratio(wall, base_count)} | {fmt_ratio(wall, base_duck)} |"
            )
        h = results["hoctap assess"][0]
        notes.append(f"{size:,} people: hoctap {size / h:,.0f} people/s; {base_duck / h:.1f}× faster than DuckDB.")

    # The same 100,000 people as a workbook.
    xlsx = out / "roster-100000.xlsx"
    generate(100_000, xlsx, xlsx=True)
    rep_x = out / "hoctap-100000-xlsx.csv"
    binary = Path(args.xlsx_hoctap) if args.xlsx_hoctap else HOCTAP
    probe = subprocess.run(
        [binary, "assess", xlsx, "--format", "csv", "-q", "--exit-zero", "-o", rep_x], capture_output=True, text=True
    )
    rep_c = out / "hoctap-100000-same-binary.csv"
    csv_cmd = [binary, "assess", out / "roster-100000.csv", "--format", "csv", "-q", "--exit-zero", "-o", rep_c]
    csv_time = measure(csv_cmd, args.runs, out / "roster-100000.csv")
    if probe.returncode == 0:
        wall, peak = measure([binary, "assess", xlsx, "--format", "csv", "-q", "--exit-zero", "-o", rep_x], args.runs, xlsx)
        same = compare(rep_c, rep_x)
        label = "hoctap assess (.xlsx)" if binary == HOCTAP else f"hoctap assess (.xlsx), {binary}"
        lines.append(f"| 100,000 | {label} | {wall:.2f} | {peak:.0f} | | | |")
        lines.append(f"| 100,000 | same binary, the CSV | {csv_time[0]:.2f} | {csv_time[1]:.0f} | | | |")
        notes.append(f".xlsx of the same 100,000 people: {wall:.2f} s against {csv_time[0]:.2f} s for the CSV with the same binary ({wall / csv_time[0]:.1f}×); reports {same}.")
    else:
        wall, peak = measure([XLSX_READ, xlsx], args.runs, xlsx)
        lines.append(f"| 100,000 | calamine reads the .xlsx (no scoring) | {wall:.2f} | {peak:.0f} | | | |")
        notes.append(
            f"This build of hoctap does not read .xlsx ({probe.stderr.strip().splitlines()[-1] if probe.stderr.strip() else 'exit ' + str(probe.returncode)}); "
            f"calamine alone takes {wall:.2f} s to read the workbook of the same 100,000 people, against {csv_time[0]:.2f} s for hoctap's whole job on the CSV ({wall / csv_time[0]:.1f}×)."
        )
    notes.append(f"DuckDB times include starting Python and importing duckdb (Python alone: {startup:.2f} s).")
    text = "\n".join(lines + [""] + [f"- {n}" for n in notes]) + "\n"
    (out / "results.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
