#!/usr/bin/env python3
"""Runs the benchmark that scripts/bench.sh sets up; see there. Prints one Markdown table and
writes it to DIR/results.md. Every time is the median wall-clock time of the runs; memory is
the largest peak resident set size (ru_maxrss) seen; every ratio is between two figures of the
same run. Where two tools do the same job on the same people their outputs are checked equal,
and the run stops if they are not."""

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
LEGACY = RELEASE / "examples" / "legacy_cost"
LIGHT = ROOT / "scripts" / "bench_light.py"
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
    return f"{os.cpu_count()} cores ({model}), {int(mem) // 1024 // 1024} GiB, Linux {platform.release()}"


def load():
    """The 1, 5 and 15 minute load averages, as /proc/loadavg gives them."""
    return " ".join(open("/proc/loadavg").read().split()[:3])


def generate(size, path, xlsx=None):
    """The CSV of `size` people (and the .xlsx of the same people), written once."""
    if path.exists() and (xlsx is None or xlsx.exists()):
        return
    tmp = path.with_name("." + path.name)
    cmd = [GEN, "--so-nguoi", str(size), "--csv", tmp]
    if xlsx is not None:
        cmd += ["--xlsx", xlsx.with_name("." + xlsx.name)]
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    if xlsx is not None:
        xlsx.with_name("." + xlsx.name).rename(xlsx)
    tmp.rename(path)


def province(folder, files):
    """A province of `files` .xlsx (400-1,000 people each) and the CSV of the same people."""
    csv = folder.with_suffix(".csv")
    if not folder.exists():
        tmp = folder.with_name("." + folder.name)
        shutil.rmtree(tmp, ignore_errors=True)
        p = subprocess.run([GEN, "--tinh", tmp, "--so-tep", str(files)], check=True, capture_output=True, text=True)
        tmp.rename(folder)
        (folder.parent / (folder.name + ".people")).write_text(p.stderr.split(",")[-1].split()[0])
    people = int((folder.parent / (folder.name + ".people")).read_text())
    generate(people, csv)
    return csv, people


def compare(a, b):
    r = subprocess.run([sys.executable, ROOT / "scripts" / "bench_compare.py", a, b], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"unit reports differ: {a} vs {b}\n{r.stderr}")
    return r.stdout.strip().split(" (")[0]


def compare_light(a, b):
    """Two lighter-job outputs (ma_don_vi, so_nguoi, so_dat) must hold the same units and counts."""
    import csv

    def rows(path):
        with open(path, newline="", encoding="utf-8") as f:
            return {r["ma_don_vi"]: (int(r["so_nguoi"]), int(r["so_dat"])) for r in csv.DictReader(f)}

    x, y = rows(a), rows(b)
    if x != y:
        diff = sorted(k for k in set(x) | set(y) if x.get(k) != y.get(k))[:5]
        raise SystemExit(f"lighter-job outputs differ: {a} vs {b}: {diff}")
    return f"equal: {len(x)} units"


def hoctap(source, out, *extra):
    return [HOCTAP, "assess", source, "--format", "csv", "-q", "--exit-zero", "-o", out, *extra]


def light(kind, source, out, *extra):
    return [sys.executable, LIGHT, kind, source, CRITERIA, out, *extra]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--10m", dest="ten_m", action="store_true", help="add 10,000,000 rows (1.3 GB of CSV)")
    ap.add_argument("--no-province", action="store_true", help="skip the folder of 1,600 .xlsx")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--small-runs", type=int, default=11, help="runs of the 2,000-row files")
    args = ap.parse_args()
    out = Path(args.dir).resolve()
    runs = args.runs
    import duckdb  # installed by bench.sh
    import polars

    version = subprocess.run([HOCTAP, "--version"], capture_output=True, text=True).stdout.strip()
    started_load = load()
    rows = []  # (job, people, (wall, peak), ratio text, check text)

    def add(job, people, result, ratio="", check=""):
        rows.append((job, people, result, ratio, check))
        peak = "" if result[1] is None else f", {result[1]:.0f} MiB"
        print(f"  {job}: {result[0]:.4f} s{peak} {ratio} {check}", file=sys.stderr, flush=True)

    # 1M rows of CSV: the floor (a csv-crate pass that counts records), hoctap, DuckDB and Polars.
    csv1m = out / "roster-1000000.csv"
    generate(1_000_000, csv1m)
    count = measure([COUNT, csv1m], runs, csv1m)
    add("csv-crate count", 1_000_000, count, "1.00 × count")
    rep2, rep1, repd = out / "hoctap-1m.csv", out / "hoctap-1m-t1.csv", out / "duckdb-1m.csv"
    h2 = measure(hoctap(csv1m, rep2), runs, csv1m)
    add("hoctap assess, 2 threads", 1_000_000, h2, f"{h2[0] / count[0]:.2f} × count")
    h1 = measure(hoctap(csv1m, rep1, "--threads", "1"), runs, csv1m)
    add("hoctap assess, 1 thread", 1_000_000, h1, f"{h1[0] / count[0]:.2f} × count", compare(rep2, rep1) + " to 2 threads")
    duck = measure([sys.executable, ROOT / "scripts" / "bench_duckdb.py", csv1m, CRITERIA, repd], runs, csv1m)
    add("DuckDB, same full rules (scripts/bench_duckdb.py)", 1_000_000, duck,
        f"{duck[0] / h2[0]:.2f} × hoctap 2 threads", compare(rep2, repd) + " to hoctap")
    lp, ld = out / "polars-light-1m.csv", out / "duckdb-light-1m.csv"
    pol = measure(light("polars-csv", csv1m, lp), runs, csv1m)
    add("Polars, lighter job (no exclusions, duplicates, checks or 70-point rule)", 1_000_000, pol,
        f"{pol[0] / count[0]:.2f} × count, {pol[0] / h2[0]:.2f} × hoctap 2 threads")
    dl = measure(light("duckdb-csv", csv1m, ld), runs, csv1m)
    add("DuckDB, lighter job", 1_000_000, dl,
        f"{dl[0] / count[0]:.2f} × count, {dl[0] / h2[0]:.2f} × hoctap 2 threads", compare_light(lp, ld) + " to Polars")

    # Workbooks: 100,000 rows in one .xlsx, against the CSV of the same people.
    csv100k, xlsx100k = out / "roster-100000.csv", out / "roster-100000.xlsx"
    generate(100_000, csv100k, xlsx100k)
    rx, rc = out / "hoctap-100k-xlsx.csv", out / "hoctap-100k-csv.csv"
    hx = measure(hoctap(xlsx100k, rx), runs, xlsx100k)
    hc = measure(hoctap(csv100k, rc), runs, csv100k)
    add("hoctap, 100,000-row .xlsx (2 threads)", 100_000, hx, f"{hx[0] / hc[0]:.1f} × the same people as CSV", compare(rc, rx) + " to the CSV")
    add("hoctap, the same 100,000 people as CSV", 100_000, hc)

    # Officer-sized runs: 2,000 rows, the whole process.
    csv2k, xlsx2k = out / "roster-2000.csv", out / "roster-2000.xlsx"
    generate(2_000, csv2k, xlsx2k)
    sc, sx = out / "hoctap-2k-csv.csv", out / "hoctap-2k-xlsx.csv"
    small_c = measure(hoctap(csv2k, sc), args.small_runs, csv2k)
    small_x = measure(hoctap(xlsx2k, sx), args.small_runs, xlsx2k)
    # What launching any program costs through this harness (Python, then GNU time, then the
    # program): part of every whole-process time above, a fifth of a 10 ms run.
    launch = measure(["/bin/true"], args.small_runs)
    beyond = lambda r: f"{(r[0] - launch[0]) * 1000:.1f} ms beyond the launch"
    add("hoctap, 2,000-row CSV (whole process)", 2_000, small_c, beyond(small_c))
    add("hoctap, 2,000-row .xlsx (whole process)", 2_000, small_x, f"{small_x[0] / small_c[0]:.1f} × the CSV; {beyond(small_x)}",
        compare(sc, sx) + " to the CSV")
    add("launching /bin/true the same way", 0, launch)
    # The legacy-font check's share of that run: its first pass over the same file, timed
    # in-process (examples/legacy_cost.rs), median over as many processes.
    firsts = [float(subprocess.run([LEGACY, csv2k], check=True, capture_output=True, text=True).stdout.split()[0])
              for _ in range(args.small_runs)]
    check = statistics.median(firsts)
    add("legacy-font check inside the 2,000-row CSV run (examples/legacy_cost.rs)", 2_000, (check, None),
        f"{check / small_c[0] * 100:.1f}% of the run")

    # A province of 1,600 .xlsx files, against Polars read_excel (fastexcel) on the same files.
    if not args.no_province:
        folder = out / "tinh-1600"
        pcsv, people = province(folder, 1600)
        rf, rpc = out / "hoctap-tinh.csv", out / "hoctap-tinh-csv.csv"
        warm_folder = lambda: [warm(f) for f in sorted(folder.glob("*.xlsx"))]
        warm_folder()
        hf = measure(hoctap(folder, rf, "--threads", "2"), runs)
        hpc = measure(hoctap(pcsv, rpc), runs, pcsv)
        lf, lpc = out / "polars-light-tinh.csv", out / "polars-light-tinh-csv.csv"
        warm_folder()
        pf = measure(light("polars-xlsx", folder, lf, "Danh sách", "6"), runs)
        subprocess.run(light("polars-csv", pcsv, lpc), check=True)
        add(f"hoctap, province folder: 1,600 .xlsx, 2 threads", people, hf,
            f"{pf[0] / hf[0]:.2f}× faster than Polars read_excel", compare(rpc, rf) + " to the CSV of the same people")
        add("Polars read_excel (calamine/fastexcel), lighter job, same files", people, pf,
            f"{pf[0] / hf[0]:.2f} × hoctap", compare_light(lpc, lf) + " to Polars on the CSV")
        add("hoctap, the same people as one CSV", people, hpc, f"{hf[0] / hpc[0]:.1f} × (folder / CSV)")

    if args.ten_m:
        free = shutil.disk_usage(out).free
        if free < 3 * 1024**3:
            raise SystemExit(f"--10m needs about 3 GB free in {out}; {free / 1024**3:.1f} GB free")
        csv10m = out / "roster-10000000.csv"
        generate(10_000_000, csv10m)
        c10 = measure([COUNT, csv10m], 1, csv10m)
        add("csv-crate count", 10_000_000, c10, "1.00 × count")
        r10, r10b = out / "hoctap-10m.csv", out / "hoctap-10m-t1.csv"
        t2 = measure(hoctap(csv10m, r10), 1, csv10m)
        add("hoctap assess, 2 threads", 10_000_000, t2, f"{t2[0] / c10[0]:.2f} × count")
        t1 = measure(hoctap(csv10m, r10b, "--threads", "1"), 1, csv10m)
        add("hoctap assess, 1 thread", 10_000_000, t1, f"{t1[0] / c10[0]:.2f} × count", compare(r10, r10b) + " to 2 threads")

    lines = [
        f"Machine: {machine()}; load average {started_load} at start, {load()} at the end.",
        f"{version}; DuckDB {duckdb.__version__}, Polars {polars.__version__} (Python {platform.python_version()}). "
        f"Median of {runs} runs ({args.small_runs} for 2,000 rows; 1 at 10M), files in the page cache.",
        "",
        "| job | rows | time (s) | peak (MiB) | ratio (same run) | outputs |",
        "|---|---:|---:|---:|---|---|",
    ]
    for job, people, (wall, peak), ratio, check in rows:
        t = f"{wall:.4f}" if wall < 0.01 else f"{wall:.3f}" if wall < 0.1 else f"{wall:.2f}"
        shown = "" if peak is None else f"{peak:.0f}"
        lines.append(f"| {job} | {people:,} | {t} | {shown} | {ratio} | {check} |")
    lines.append("")
    lines.append(f"Python alone starts in {python_startup(runs):.2f} s (inside the DuckDB and Polars times).")
    text = "\n".join(lines) + "\n"
    (out / "results.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
