//! Whole-input entry points over bytes in memory, with the run's invariants checked at the
//! end. The fuzz targets (`fuzz/`) call these, and so do the regression tests that replay the
//! fuzz corpus in `cargo test`, so a case found by fuzzing is replayed through the very same
//! code. Each function returns an error for input the tool refuses, and panics only when an
//! invariant fails, which is a bug and what the fuzzers look for.

use std::io::Write;
use std::sync::OnceLock;

use crate::commands::template::roster_headers;
use crate::criteria::{self, Criteria};
use crate::input::open::ReadOptions;
use crate::input::person::PersonRow;
use crate::input::units::read_unit_file;
use crate::input::{InputError, Source};
use crate::pipeline::{self, PersonSink, RunOptions};
use crate::report::{self, Report, UnitRow};
use crate::scoring::{Assessment, Outcome};

fn embedded() -> &'static Criteria {
    static CRITERIA: OnceLock<Criteria> = OnceLock::new();
    CRITERIA.get_or_init(criteria::embedded)
}

/// The reading options a leading byte selects, so one corpus explores the user's overrides
/// (forced delimiter, forced encoding) as well as the sniffing.
pub fn options_for(selector: u8) -> ReadOptions {
    let delimiter = match selector & 0b11 {
        0 => None,
        1 => Some(b','),
        2 => Some(b';'),
        _ => Some(b'\t'),
    };
    let encoding = match (selector >> 2) & 0b11 {
        1 => Some(encoding_rs::WINDOWS_1258),
        2 => Some(encoding_rs::UTF_16LE),
        _ => None,
    };
    ReadOptions { delimiter, encoding, sheet: None }
}

/// Counts every row the pipeline hands out, by outcome.
#[derive(Default)]
struct Counter {
    rows: u64,
    by_outcome: [u64; 5],
}

impl PersonSink for Counter {
    fn person(&mut self, _row: &PersonRow, a: &Assessment) -> std::io::Result<()> {
        self.rows += 1;
        self.by_outcome[a.outcome as usize] += 1;
        Ok(())
    }
}

/// Writes `data` to a temporary file, so the input takes the same path as a file named on the
/// command line.
fn temp_file(data: &[u8], suffix: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(suffix).tempfile().expect("temporary file");
    f.write_all(data).expect("write temporary file");
    f
}

/// What one run produced, for callers that compare runs.
pub struct RunOutput {
    pub report: Report,
    pub rows: u64,
}

/// Reads one roster: the first byte picks the reading options (see [`options_for`]), the rest
/// is the file.
pub fn roster(data: &[u8]) -> Result<RunOutput, InputError> {
    roster_with(embedded(), data)
}

pub fn roster_with(criteria: &Criteria, data: &[u8]) -> Result<RunOutput, InputError> {
    let (options, body) = match data.split_first() {
        Some((&b, rest)) => (options_for(b), rest),
        None => (ReadOptions::default(), data),
    };
    run_file(criteria, body, ".csv", options)
}

/// Runs the pipeline over `body` saved under `suffix`, checks the report and renders it.
fn run_file(criteria: &Criteria, body: &[u8], suffix: &str, read: ReadOptions) -> Result<RunOutput, InputError> {
    let file = temp_file(body, suffix);
    let sources = [Source::Path(file.path().to_path_buf())];
    let run_options = RunOptions { read, default_unit: Some("U".into()), ..RunOptions::default() };
    let mut counter = Counter::default();
    let run = match pipeline::run(criteria, &sources, &run_options, None, Some(&mut counter)) {
        Ok(run) => run,
        Err(pipeline::RunError::Input(e)) => return Err(e),
        Err(e) => panic!("writing to a counter cannot fail: {e}"),
    };
    let report = report::build(criteria, run, None, None);
    check_report(criteria, &report);
    let c = &report.tong_hop;
    let by = counter.by_outcome;
    assert_eq!(c.so_dong_doc, counter.rows, "every row read reaches the person list once");
    assert_eq!(
        (c.so_dat, c.so_nguoi - c.so_dat - c.so_loi, c.so_loi, c.so_loai_tru, c.so_trung),
        (
            by[Outcome::Recognised as usize],
            by[Outcome::NotRecognised as usize],
            by[Outcome::Invalid as usize],
            by[Outcome::Excluded as usize],
            by[Outcome::Duplicate as usize]
        ),
        "the report counts the outcomes the rows received"
    );
    render_all(&report);
    Ok(RunOutput { report, rows: counter.rows })
}

/// Reads one unit file (`--units`) with the embedded criteria.
pub fn units(data: &[u8]) -> Result<usize, InputError> {
    let (options, body) = match data.split_first() {
        Some((&b, rest)) => (options_for(b), rest),
        None => (ReadOptions::default(), data),
    };
    let file = temp_file(body, ".csv");
    let source = Source::Path(file.path().to_path_buf());
    let criteria = embedded();
    let units = read_unit_file(&source, criteria, &options)?;
    let run = pipeline::RunResult::default();
    let report = report::build(criteria, run, Some(&units), None);
    check_report(criteria, &report);
    assert_eq!(report.don_vi.len(), units.units.len(), "every unit listed in the file is reported");
    render_all(&report);
    // Each unit's three Learning Unit papers, with the names the register gives.
    let names = report::dossier::Names::default();
    for row in &report.don_vi {
        if let Some(d) = &row.dvht {
            let _ = report::dossier::html(criteria, &report, row, d, &names);
            let _ = report::dossier::xlsx(criteria, &report, row, d, &names);
        }
    }
    Ok(units.units.len())
}

/// Loads a criteria file; when it loads, prints it and scores a small roster written for it.
pub fn criteria(data: &[u8]) -> Result<(), criteria::CriteriaError> {
    let c = criteria::load_bytes(data, "fuzz.toml")?;
    let _ = crate::commands::criteria::describe(&c);
    let _ = crate::input::units::unit_vocabulary(&c);
    let roster = roster_for(&c);
    // A valid set may still name columns that clash; refusing the roster is then right.
    let _ = roster_with(&c, &roster);
    Ok(())
}

/// A roster in the template's columns with a row per listed `đối tượng` and status, scores at
/// the edges of each indicator's range.
fn roster_for(c: &Criteria) -> Vec<u8> {
    // The leading 0 is the options byte of `roster_with`: sniff everything.
    let mut w = csv::Writer::from_writer(vec![0u8]);
    let headers = roster_headers(c);
    let _ = w.write_record(&headers);
    let statuses: Vec<&str> = std::iter::once("")
        .chain(c.status.listed_excluded.iter().map(|(v, _)| v.as_str()))
        .chain(c.status.listed_active.iter().map(String::as_str))
        .take(4)
        .collect();
    let mut n = 0;
    for (value, _, _) in c.roles.listed.iter().take(4) {
        for status in &statuses {
            for score in 0..3 {
                n += 1;
                let mut rec = vec![format!("ID{n}"), format!("Người {n}"), "U".into(), "Đơn vị".into()];
                rec.push(value.clone());
                rec.push(if n % 2 == 0 { "Có".into() } else { String::new() });
                rec.push(status.to_string());
                for ind in &c.cdht.indicators {
                    rec.push(match score {
                        0 => "0".into(),
                        1 => ind.max.to_string(),
                        _ => crate::number::Points(ind.max.0 / 2).to_string(),
                    });
                }
                let _ = w.write_record(&rec);
            }
        }
    }
    w.into_inner().unwrap_or_default()
}

/// A workbook (.xlsx, .xls, .ods: the content decides) through the project's spreadsheet
/// reader and the whole run: the archive's ZIP-bomb check, the .xlsx reader (any panic of it
/// stops the harness) or calamine with its panics contained,
/// the sheet choice, then the same path as a CSV roster.
pub fn spreadsheet(data: &[u8]) -> Result<u64, String> {
    let panics = crate::crash::caught_count();
    let result = run_file(embedded(), data, ".xlsx", ReadOptions::default()).map(|r| r.rows).map_err(|e| e.to_string());
    // A panic of the project's own .xlsx reader is caught on its thread and reported as a broken
    // workbook; here it is a bug to stop on.
    assert_eq!(crate::crash::caught_count(), panics, "the .xlsx reader panicked: {result:?}");
    result
}

/// Renders every format, as a run's output would; none may fail or panic.
fn render_all(report: &Report) {
    let sheet = report::views::units_sheet(report).with_json(report);
    for format in report::format::ALL {
        let _ = report::render::render(*format, &sheet, report::format::RenderOptions { bom: true, color: false });
    }
    let _ = crate::session::summary_text(report, 20);
}

/// The invariants every report keeps, whatever the input:
/// - every row read is counted, excluded or a duplicate, and the run's counts add up;
/// - the total row is the sum of the unit rows;
/// - every rate is within [0, 100] and truncated from the exact fraction;
/// - `can_them` is the least number of further recognised people that meets the target.
pub fn check_report(criteria: &Criteria, report: &Report) {
    let c = &report.tong_hop;
    assert_eq!(c.so_dong_doc, c.so_nguoi + c.so_loai_tru + c.so_trung, "rows read = counted + excluded + duplicates");
    assert!(c.so_dat + c.so_loi <= c.so_nguoi, "recognised and invalid rows are within the counted ones");
    let mut sum = [0u64; 9];
    for u in &report.don_vi {
        check_unit(criteria, u);
        for (s, v) in sum.iter_mut().zip(unit_numbers(u)) {
            *s += v;
        }
    }
    check_unit(criteria, &report.tong);
    assert_eq!(sum, unit_numbers(&report.tong), "the total row is the sum of the units");
    assert_eq!(
        [c.so_nguoi, c.so_dat, c.so_loi, c.so_loai_tru, c.so_trung],
        [report.tong.so_nguoi, report.tong.so_dat, report.tong.so_loi, report.tong.so_loai_tru, report.tong.so_trung],
        "the run's counts are the total row's"
    );
    assert_eq!(c.so_don_vi, report.don_vi.len());
    assert_eq!(c.so_don_vi_dat_muc_tieu, report.don_vi.iter().filter(|u| u.meets_target()).count());
}

fn unit_numbers(u: &UnitRow) -> [u64; 9] {
    [
        u.so_nguoi,
        u.so_dat,
        u.thanh_vien_so_nguoi,
        u.thanh_vien_so_dat,
        u.nguoi_hoc_so_nguoi,
        u.nguoi_hoc_so_dat,
        u.so_loai_tru,
        u.so_loi,
        u.so_trung,
    ]
}

fn check_unit(criteria: &Criteria, u: &UnitRow) {
    let (n, r) = (u.so_nguoi, u.so_dat);
    assert!(r + u.so_loi <= n, "unit {}: recognised + invalid ≤ counted", u.ma_don_vi);
    assert!(u.thanh_vien_so_dat <= u.thanh_vien_so_nguoi && u.nguoi_hoc_so_dat <= u.nguoi_hoc_so_nguoi);
    assert!(u.thanh_vien_so_nguoi + u.nguoi_hoc_so_nguoi <= n, "roles are within the counted rows");
    match u.ty_le {
        None => assert_eq!(n, 0, "a rate is missing only when nobody is counted"),
        Some(rate) => {
            assert!(rate.0 <= 10_000, "unit {}: rate {rate} within [0, 100]", u.ma_don_vi);
            // Truncated: rate ≤ exact value < rate + 0.01 %.
            let (r, n, t) = (u128::from(r), u128::from(n), u128::from(rate.0));
            assert!(
                t * n <= r * 10_000 && r * 10_000 < (t + 1) * n,
                "unit {}: rate {rate} is r/n truncated",
                u.ma_don_vi
            );
        }
    }
    let share = &criteria.target.share;
    let k = u.can_them;
    let meets = |part: u64| share.is_met(part, n);
    assert!(meets(r + k), "unit {}: {r} + can_them {k} meets the target among {n}", u.ma_don_vi);
    assert!(k == 0 || !meets(r + k - 1), "unit {}: can_them {k} is the least that meets the target", u.ma_don_vi);
    assert!(r + k <= n, "unit {}: never more people than the unit has", u.ma_don_vi);
    assert_eq!(u.meets_target(), n > 0 && meets(r), "unit {}: verdict matches the numbers", u.ma_don_vi);
}
