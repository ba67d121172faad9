//! The floor of the benchmark: the csv crate splitting a file into records and counting them,
//! nothing else (no UTF-8 check, no field typed). `scripts/bench.sh` times it beside `hoctap`.
//!
//! ```sh
//! cargo run --release --example csv_count -- roster.csv
//! ```

use std::fs::File;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut total = 0u64;
    for path in std::env::args_os().skip(1) {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .buffer_capacity(256 * 1024)
            .from_reader(File::open(&path)?);
        let mut record = csv::ByteRecord::new();
        while reader.read_byte_record(&mut record)? {
            total += 1;
        }
    }
    println!("{total}");
    Ok(())
}
