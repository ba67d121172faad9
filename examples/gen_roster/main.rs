//! Writes a synthetic, deterministic province roster for benchmarks and tests.
//!
//! ```sh
//! cargo run --release --example gen_roster -- --so-nguoi 1000000 --csv tinh-1m.csv
//! cargo run --release --example gen_roster -- --so-nguoi 100000 --csv t.csv --xlsx t.xlsx
//! cargo run --release --example gen_roster -- --so-nguoi 1000000 --csv shard.csv --tep 8
//! cargo run --release --example gen_roster -- --tinh tinh-xlsx --so-tep 1600
//! ```
//!
//! The same `--so-nguoi` and `--seed` give the same bytes. A summary of what was written goes
//! to stderr.

mod province;
mod synth;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Parser;
use synth::{HEADER, Roster};

/// Sinh danh sách người giả lập (tỉnh, xã) để đo hiệu năng và kiểm thử.
#[derive(Debug, Parser)]
struct Args {
    /// Số người (số dòng dữ liệu).
    #[arg(long, default_value_t = 0)]
    so_nguoi: u64,

    /// Hạt giống ngẫu nhiên: cùng hạt giống cho cùng từng byte.
    #[arg(long, default_value_t = 2025)]
    seed: u64,

    /// Tệp CSV để ghi (`-` là stdout).
    #[arg(long, value_name = "TỆP")]
    csv: Option<PathBuf>,

    /// Chia CSV thành K tệp (mỗi đơn vị nằm trọn trong một tệp): TỆP-01.csv, TỆP-02.csv…
    #[arg(long, value_name = "K", default_value_t = 1)]
    tep: usize,

    /// Tệp .xlsx để ghi (cùng dữ liệu; tối đa 1.048.575 người).
    #[arg(long, value_name = "TỆP")]
    xlsx: Option<PathBuf>,

    /// Thư mục để ghi một tỉnh dạng .xlsx: mỗi trường một tệp 400–1.000 người, có dòng tiêu đề,
    /// khối chữ ký và nhiều trang.
    #[arg(long, value_name = "THƯ_MỤC")]
    tinh: Option<PathBuf>,

    /// Số tệp .xlsx của --tinh.
    #[arg(long, value_name = "N", default_value_t = 1600)]
    so_tep: usize,
}

#[derive(Default)]
struct Stats {
    rows: u64,
    learners: u64,
    units: usize,
    smallest: u64,
    largest: u64,
}

fn main() -> Result<()> {
    let args = Args::parse();
    if let Some(dir) = &args.tinh {
        let written = province::write_province(dir, args.so_tep, args.seed)?;
        eprintln!("{}: {} tệp .xlsx, {} người", dir.display(), written.files, written.people);
        if args.csv.is_none() && args.xlsx.is_none() {
            return Ok(());
        }
    }
    if args.csv.is_none() && args.xlsx.is_none() {
        bail!("cần --csv TỆP, --xlsx TỆP hoặc --tinh THƯ_MỤC");
    }
    if args.tep == 0 {
        bail!("--tep phải lớn hơn 0");
    }
    if let Some(path) = &args.csv {
        let stats = write_csv(&args, path)?;
        eprintln!(
            "{}: {} người, {} đơn vị (nhỏ nhất {}, lớn nhất {}), người học {:.1}%",
            path.display(),
            stats.rows,
            stats.units,
            stats.smallest,
            stats.largest,
            100.0 * stats.learners as f64 / stats.rows.max(1) as f64
        );
    }
    if let Some(path) = &args.xlsx {
        if args.so_nguoi > 1_048_575 {
            bail!("một trang tính .xlsx chứa tối đa 1.048.575 dòng dữ liệu");
        }
        write_xlsx(&args, path)?;
        eprintln!("{}: {} người", path.display(), args.so_nguoi);
    }
    Ok(())
}

fn shard_path(path: &Path, index: usize) -> PathBuf {
    let stem = path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let ext = path.extension().map_or_else(|| "csv".to_string(), |e| e.to_string_lossy().into_owned());
    path.with_file_name(format!("{stem}-{:02}.{ext}", index + 1))
}

fn write_csv(args: &Args, path: &Path) -> Result<Stats> {
    let mut roster = Roster::new(args.so_nguoi, args.seed);
    let n_units = roster.units.len();
    let mut writers: Vec<csv::Writer<Box<dyn Write>>> = Vec::new();
    for i in 0..args.tep {
        let out: Box<dyn Write> = if path.as_os_str() == "-" {
            Box::new(BufWriter::new(io::stdout()))
        } else {
            let p = if args.tep == 1 { path.to_path_buf() } else { shard_path(path, i) };
            Box::new(BufWriter::with_capacity(
                1 << 20,
                File::create(&p).with_context(|| format!("không tạo được {}", p.display()))?,
            ))
        };
        let mut w = csv::Writer::from_writer(out);
        w.write_record(HEADER)?;
        writers.push(w);
    }
    let mut stats = Stats { units: n_units, smallest: u64::MAX, ..Stats::default() };
    for u in &roster.units {
        stats.smallest = stats.smallest.min(u.size);
        stats.largest = stats.largest.max(u.size);
        stats.learners += u.size - u.staff;
    }
    let mut row = Vec::with_capacity(17);
    while roster.next_row(&mut row) {
        let shard = roster.current_unit() * args.tep / n_units.max(1);
        writers[shard].write_record(&row)?;
        stats.rows += 1;
    }
    for w in writers {
        w.into_inner().map_err(|e| e.into_error())?.flush()?;
    }
    Ok(stats)
}

fn write_xlsx(args: &Args, path: &Path) -> Result<()> {
    let mut roster = Roster::new(args.so_nguoi, args.seed);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Danh sách")?;
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    let mut row = Vec::with_capacity(17);
    let mut r = 0u32;
    while roster.next_row(&mut row) {
        r += 1;
        province::write_person(sheet, r, &row)?;
    }
    book.save(path).with_context(|| format!("không ghi được {}", path.display()))?;
    Ok(())
}
