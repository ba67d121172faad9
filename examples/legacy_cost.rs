//! What the legacy-font check costs a run, measured in-process on a roster: the sample of the
//! first records scanned word by word (`legacy::detect_records`, as `LegacyGuard` does) and the
//! quick look at every record (`legacy::glance`). `scripts/bench.sh` sets the median beside
//! the whole run's time on the same file.
//!
//! ```sh
//! cargo run --release --example legacy_cost -- roster.csv
//! ```

use std::time::Instant;

use csv::StringRecord;
use hoctap::input::legacy::{ByteView, SAMPLE_RECORDS, detect_records, glance};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args_os().nth(1).ok_or("usage: legacy_cost ROSTER.csv")?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(path)?;
    let records: Vec<StringRecord> = reader.records().collect::<Result<_, _>>()?;
    let texts: Vec<String> = records.iter().map(|r| r.iter().collect()).collect();
    let mut times = Vec::new();
    let mut seen = 0usize;
    for _ in 0..51 {
        let started = Instant::now();
        let sample = records.iter().take(SAMPLE_RECORDS).enumerate().map(|(i, r)| (i as u64 + 1, r));
        seen += usize::from(detect_records(sample, ByteView::Unicode).is_some());
        seen += texts.iter().filter(|t| glance(t).legacy).count();
        times.push(started.elapsed().as_secs_f64());
    }
    // The first pass is the one a run makes (nothing remembered yet, caches cold); the median
    // of the rest shows the warm cost. `seen` keeps the work from being optimised away.
    let first = times[0];
    times.sort_by(f64::total_cmp);
    println!("{first:.6} {:.6} {seen}", times[times.len() / 2]);
    Ok(())
}
