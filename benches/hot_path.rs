//! The functions every row goes through, timed one call at a time:
//!
//! ```sh
//! cargo bench --bench hot_path
//! ```
//!
//! `scripts/bench.sh` times the whole command against the floor and DuckDB.

use csv::StringRecord;
use divan::{Bencher, black_box};
use hoctap::aggregate::ids::{IdKey, IdMap};
use hoctap::criteria::{Criteria, embedded};
use hoctap::input::csv_source::sniff_delimiter;
use hoctap::input::header::find_header;
use hoctap::input::person::{RowTyper, roster_vocabulary};
use hoctap::scoring::{Outcome, verdict};
use hoctap::text::nfc;

fn main() {
    divan::main();
}

const HEADER: &str = "Mã định danh,Họ và tên,Mã đơn vị,Tên đơn vị,Đối tượng,Vùng khó khăn,Trạng thái,Chỉ số 1.1,Chỉ số 1.2,Chỉ số 1.3,Chỉ số 1.4,Chỉ số 2.1,Chỉ số 2.2,Chỉ số 2.3,Chỉ số 2.4,Chỉ số 3.1,Chỉ số 3.2";
const ROW: &str =
    "037201001234,Nguyễn Thị Thu Hương,37THCS00412,Trường THCS Ninh Hải,Học sinh,,,8,\"9,5\",9.5,7,8.5,8,9,7.5,10,7.5";

fn record(line: &str) -> StringRecord {
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes());
    r.records().next().and_then(Result::ok).unwrap_or_default()
}

fn typer(criteria: &Criteria) -> RowTyper<'_> {
    let vocab = roster_vocabulary(criteria);
    let (header, _) = find_header(&[record(HEADER)], &vocab).unwrap_or_else(|e| panic!("{e:?}"));
    RowTyper::new(criteria, &header, "x")
}

/// Typing one row: cells to text (NFC), role, area, status, ten scores.
#[divan::bench]
fn type_one_row(b: Bencher) {
    let criteria = embedded();
    let mut t = typer(&criteria);
    let rec = record(ROW);
    b.bench_local(|| {
        let row = t.type_record(black_box(&rec), 2);
        black_box(row.role);
    });
}

/// Scoring one typed row: the verdict the unit report needs.
#[divan::bench]
fn score_one_row(b: Bencher) {
    let criteria = embedded();
    let mut t = typer(&criteria);
    let rec = record(ROW);
    let row = t.type_record(&rec, 2);
    let (status, area) = (row.status, row.disadvantaged == Some(true));
    let scores = t.scores().to_vec();
    b.bench_local(|| {
        let v = verdict(&criteria, status, area, false, black_box(&scores));
        assert_eq!(v.outcome, Outcome::Recognised);
        v
    });
}

/// The id key of a 12-digit citizen id and its look-up in a set of 100,000.
#[divan::bench]
fn id_key_and_lookup(b: Bencher) {
    let mut seen = IdMap::default();
    for i in 0..100_000u64 {
        let id = format!("0372{:08}", i * 7919 % 100_000_000);
        if let Some(k) = IdKey::of(&id) {
            seen.insert_new(&k, [i, 0]);
        }
    }
    b.bench_local(|| IdKey::of(black_box("037200553011")).and_then(|k| seen.get(&k)));
}

/// The NFC check of a Vietnamese name that is already NFC (nearly every name).
#[divan::bench]
fn nfc_of_a_name() -> usize {
    nfc(black_box("Nguyễn Thị Thu Hương")).len()
}

/// Delimiter sniffing on the first 64 KiB of a semicolon roster with decimal commas.
#[divan::bench]
fn sniff_delimiter_64k(b: Bencher) {
    let mut head = HEADER.replace(',', ";");
    head.push('\n');
    let row = ROW.replace(',', ";").replace("\"9;5\"", "9,5");
    while head.len() < 64 * 1024 {
        head.push_str(&row);
        head.push('\n');
    }
    b.bench_local(|| sniff_delimiter(black_box(head.as_bytes())));
}
