//! One run of the library from settings already checked: read the unit register, run every
//! roster through the pipeline, and build the report. `assess`, `dvht` and `merge` share it, so
//! no subcommand borrows from another.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;

use crate::aggregate::close::CloseCollector;
use crate::aggregate::dvht_time::When;
use crate::criteria::Criteria;
use crate::input::Source;
use crate::input::open::ReadOptions;
use crate::input::person::roster_vocabulary;
use crate::input::source::Skipped;
use crate::input::units::{UnitFile, read_unit_file};
use crate::model::{FileSummary, Finding, FindingCounts, FindingKeeper, Severity};
use crate::pipeline::{self, PersonSink, RunOptions};
use crate::privacy;
use crate::report::failed_rows::FailedRows;
use crate::report::findings_file::FindingsWriter;
use crate::report::format::Format;
use crate::report::persons::PersonsWriter;
use crate::report::sinks::Tee;
use crate::report::xlsx::XlsxReport;
use crate::report::{self, Report, views};

/// Set by the binary, which exits as soon as the command returns.
static EXITS_AFTER_RUN: AtomicBool = AtomicBool::new(false);

/// Says that the process ends when the command returns (the binary; not the tests or the fuzz
/// targets, which run many commands in one process).
pub fn exits_after_run() {
    EXITS_AFTER_RUN.store(true, Ordering::Relaxed);
}

/// Drops `value`, or leaves it to the operating system when the process is about to exit:
/// freeing the report of a million rows one allocation at a time only delays the exit. Call it
/// after every output has been written and flushed.
pub fn release<T>(value: T) {
    if EXITS_AFTER_RUN.load(Ordering::Relaxed) {
        std::mem::forget(value);
    } else {
        drop(value);
    }
}

/// Files passed over in folders, as findings the officer sees.
pub fn skipped_findings(skipped: &[Skipped]) -> Vec<Finding> {
    skipped
        .iter()
        .map(|s| Finding {
            tep: s.path.display().to_string(),
            trang_tinh: None,
            dong: None,
            cot: String::new(),
            gia_tri: String::new(),
            muc_do: Severity::Info,
            thong_bao: format!("bỏ qua: {}", s.reason),
        })
        .collect()
}

/// Reads the unit register (if any), runs every roster and builds the report.
pub fn prepare(
    criteria: &Criteria,
    sources: &[Source],
    units_path: Option<&Path>,
    options: RunOptions,
    when: When,
    sink: Option<&mut dyn PersonSink>,
    extra_findings: Vec<Finding>,
) -> Result<Report> {
    let run = RunInputs { criteria, sources, units_path, options, when };
    run.prepare(sink, extra_findings, FindingKeeper::new())
}

/// What a run reads and when it assesses.
struct RunInputs<'r> {
    criteria: &'r Criteria,
    sources: &'r [Source],
    units_path: Option<&'r Path>,
    options: RunOptions,
    when: When,
}

impl RunInputs<'_> {
    /// [`prepare`], with the findings (after `extra_findings`, the files passed over) given to
    /// `keeper` as they are settled.
    fn prepare(
        self,
        sink: Option<&mut dyn PersonSink>,
        extra_findings: Vec<Finding>,
        mut keeper: FindingKeeper<'_>,
    ) -> Result<Report> {
        let RunInputs { criteria, sources, units_path, options, when } = self;
        let units = read_units(units_path, criteria, &options.read)?;
        let run = pipeline::run(criteria, sources, &options, units.as_ref().map(|(file, _)| file), sink)?;
        extra_findings.into_iter().try_for_each(|f| keeper.push(f)).map_err(findings_error)?;
        let (unit_file, unit_summary) = match units {
            Some((f, s)) => (Some(f), Some(s)),
            None => (None, None),
        };
        report::model::build_in(criteria, run, unit_file.as_ref(), unit_summary, when, keeper).map_err(findings_error)
    }
}

fn findings_error(e: std::io::Error) -> anyhow::Error {
    anyhow::anyhow!("không ghi được danh sách phát hiện: {e}")
}

/// The outputs fed person by person during a run, as the command settled them.
pub struct PersonOutputs<'p> {
    /// `--persons`: format and file.
    pub persons: Option<(Format, &'p Path)>,
    /// `--rows-with-errors`: format and file.
    pub rows_with_errors: Option<(Format, &'p Path)>,
    /// `--phat-hien`: format and file, written as the findings are settled.
    pub findings: Option<(Format, &'p Path)>,
    /// The full Excel report, whose people sheet is filled during the run.
    pub workbook: bool,
    /// `--gan-dat N`: the N nearest people of each unit.
    pub close: Option<usize>,
    pub bom: bool,
    /// `--an-danh`: every person-level output and every finding sees masked ids and names.
    pub masked: bool,
    /// One more sink fed every person (the recognition lists).
    pub also: Option<&'p mut dyn PersonSink>,
}

impl PersonOutputs<'_> {
    /// Runs [`prepare`] with these outputs as its sinks, writes the per-person files, and
    /// returns the report (with the close list) and the workbook still to be finished.
    pub fn run(
        mut self,
        criteria: &Criteria,
        sources: &[Source],
        units_path: Option<&Path>,
        options: RunOptions,
        when: When,
        extra_findings: Vec<Finding>,
    ) -> Result<(Report, Option<XlsxReport>)> {
        let mut persons = match self.persons {
            Some((format, path)) => Some(PersonsWriter::create(path, format, criteria, self.bom)?),
            None => None,
        };
        let mut failed = match self.rows_with_errors {
            Some((format, path)) => Some(FailedRows::create(path, format, self.bom)?),
            None => None,
        };
        let mut workbook = if self.workbook { Some(XlsxReport::new(criteria)?) } else { None };
        let mut close = self.close.map(|n| CloseCollector::new(criteria, n));
        let mut sinks: Vec<&mut dyn PersonSink> = Vec::new();
        if let Some(p) = persons.as_mut() {
            sinks.push(p);
        }
        if let Some(f) = failed.as_mut() {
            sinks.push(f);
        }
        if let Some(w) = workbook.as_mut() {
            sinks.push(w);
        }
        if let Some(c) = close.as_mut() {
            sinks.push(c);
        }
        if let Some(a) = self.also.as_deref_mut() {
            sinks.push(a);
        }
        let mut tee = Tee(sinks);
        let mut masking;
        let sink: Option<&mut dyn PersonSink> = match (tee.0.is_empty(), self.masked) {
            (true, _) => None,
            (false, true) => {
                masking = privacy::MaskingSink::new(&mut tee, criteria);
                Some(&mut masking)
            }
            (false, false) => Some(&mut tee),
        };
        let mut findings_file = match self.findings {
            Some((format, path)) => Some(FindingsWriter::create(path, format, self.bom)?),
            None => None,
        };
        // Built only to mask: matching headers is set up per file by the readers.
        let vocabulary = self.masked.then(|| roster_vocabulary(criteria));
        let mask = |f: &mut Finding| {
            if let Some(v) = &vocabulary {
                privacy::mask_finding(f, v)
            }
        };
        let mut keeper = FindingKeeper::new();
        if self.masked {
            keeper = keeper.masked(&mask);
        }
        if let Some(w) = findings_file.as_mut() {
            keeper = keeper.streaming_to(w);
        }
        let inputs = RunInputs { criteria, sources, units_path, options, when };
        let mut report = inputs.prepare(sink, extra_findings, keeper)?;
        if self.masked {
            privacy::mask_titles(&mut report.tep);
        }
        drop(tee);
        if let Some(f) = findings_file {
            f.finish()?;
        }
        if let Some(p) = persons {
            p.finish()?;
        }
        if let Some(f) = failed {
            f.finish()?;
        }
        report.gan_dat = close.map(CloseCollector::finish);
        Ok((report, workbook))
    }
}

/// Reads the unit file (`--units`), if any, with the summary the report lists it under.
pub fn read_units(
    path: Option<&Path>,
    criteria: &Criteria,
    read: &ReadOptions,
) -> Result<Option<(UnitFile, FileSummary)>> {
    let Some(path) = path else { return Ok(None) };
    let source = Source::from_arg(path);
    let file = read_unit_file(&source, criteria, read)?;
    let summary = FileSummary {
        tep: source.to_string(),
        dinh_dang: file.info.format.clone(),
        trang_tinh: file.info.sheet_name().map(str::to_string),
        bang_ma: file.info.encoding.clone(),
        dong_tieu_de: 0,
        so_dong: file.units.len() as u64,
        so_dong_trong: 0,
        sha256: file.checksum.clone(),
        doi_tuong: Vec::new(),
        an: file.info.sheet.as_ref().is_some_and(|s| s.hidden),
        bo_qua: None,
        dong_khong_phai_nguoi: file.non_person,
    };
    Ok(Some((file, summary)))
}

/// The stderr summary: the first findings, then one line that accounts for every row read.
pub fn summary_text(report: &Report, max_findings: usize) -> String {
    let mut out = String::new();
    let shown = &report.phat_hien[..report.phat_hien.len().min(max_findings)];
    for f in shown {
        out.push_str(&format!("{}: {}: {}", f.muc_do.label(), f.location(), f.thong_bao));
        out.push('\n');
    }
    // Counted over every finding, the ones the report no longer lists included.
    let rest = report.so_phat_hien.minus(&FindingCounts::of(shown));
    if rest.total() > 0 {
        out.push_str(&more_findings(&rest));
    }
    let c = &report.tong_hop;
    out.push_str(&format!(
        "Tóm tắt: {} tệp, {} dòng đọc = {} được tính ({} đạt, {} lỗi) + {} loại trừ + {} trùng",
        c.so_tep, c.so_dong_doc, c.so_nguoi, c.so_dat, c.so_loi, c.so_loai_tru, c.so_trung
    ));
    if c.so_dong_trong > 0 {
        out.push_str(&format!("; bỏ qua {} dòng trống", c.so_dong_trong));
    }
    if let Some(others) = pipeline::non_person_summary(&report.tep) {
        out.push_str("; ");
        out.push_str(&others);
    }
    out.push_str(&format!(
        "; {}/{} đơn vị đạt mục tiêu {}%.\n",
        c.so_don_vi_dat_muc_tieu, c.so_don_vi, report.tieu_chi.muc_tieu_phan_tram
    ));
    out.push_str(&crate::criteria::titles_of_files(&report.tep));
    out.push_str(&views::register_check_text(report));
    crate::text::visible_controls(&out).into_owned()
}

/// "… và 37 phát hiện khác (35 lỗi, 2 cảnh báo); ghi tất cả bằng --phat-hien TỆP".
fn more_findings(rest: &FindingCounts) -> String {
    let parts: Vec<String> = [(Severity::Error, "lỗi"), (Severity::Warning, "cảnh báo"), (Severity::Info, "thông tin")]
        .into_iter()
        .map(|(s, name)| (rest.get(s), name))
        .filter(|(n, _)| *n > 0)
        .map(|(n, name)| format!("{n} {name}"))
        .collect();
    format!("… và {} phát hiện khác ({}); ghi tất cả bằng --phat-hien TỆP\n", rest.total(), parts.join(", "))
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;

    #[test]
    fn release_keeps_the_value_only_when_the_process_exits_next() {
        let value = Rc::new(7);
        release(Rc::clone(&value));
        assert_eq!(Rc::strong_count(&value), 1, "a library caller gets its memory back");
        EXITS_AFTER_RUN.store(true, Ordering::Relaxed);
        release(Rc::clone(&value));
        EXITS_AFTER_RUN.store(false, Ordering::Relaxed);
        assert_eq!(Rc::strong_count(&value), 2, "left to the operating system, never dropped");
    }
}
