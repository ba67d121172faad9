//! One run of the library from settings already checked: read the unit register, run every
//! roster through the pipeline, and build the report. `assess`, `dvht` and `merge` share it, so
//! no subcommand borrows from another.

use std::path::Path;

use anyhow::Result;

use crate::criteria::Criteria;
use crate::input::Source;
use crate::input::open::ReadOptions;
use crate::input::source::Skipped;
use crate::input::units::{UnitFile, read_unit_file};
use crate::model::{FileSummary, Finding, Severity};
use crate::pipeline::{self, PersonSink, RunOptions};
use crate::report::{self, Report, views};

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
    mut options: RunOptions,
    year: Option<u16>,
    sink: Option<&mut dyn PersonSink>,
    extra_findings: Vec<Finding>,
) -> Result<Report> {
    let units = read_units(units_path, criteria, &options.read)?;
    if let Some((file, _)) = &units {
        options.disadvantaged_units =
            file.units.iter().filter(|(_, u)| u.disadvantaged == Some(true)).map(|(c, _)| c.clone()).collect();
    }
    let mut run = pipeline::run(criteria, sources, &options, sink)?;
    run.findings.splice(0..0, extra_findings);
    let (unit_file, unit_summary) = match units {
        Some((f, s)) => (Some(f), Some(s)),
        None => (None, None),
    };
    Ok(report::model::build_in(criteria, run, unit_file.as_ref(), unit_summary, year))
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
    };
    Ok(Some((file, summary)))
}

/// The stderr summary: the first findings, then one line that accounts for every row read.
pub fn summary_text(report: &Report, max_findings: usize) -> String {
    let mut out = String::new();
    let findings: &[Finding] = &report.phat_hien;
    for f in findings.iter().take(max_findings) {
        out.push_str(&format!("{}: {}: {}", f.muc_do.label(), f.location(), f.thong_bao));
        out.push('\n');
    }
    if findings.len() > max_findings {
        out.push_str(&more_findings(&findings[max_findings..]));
    }
    let c = &report.tong_hop;
    out.push_str(&format!(
        "Tóm tắt: {} tệp, {} dòng đọc = {} được tính ({} đạt, {} lỗi) + {} loại trừ + {} trùng",
        c.so_tep, c.so_dong_doc, c.so_nguoi, c.so_dat, c.so_loi, c.so_loai_tru, c.so_trung
    ));
    if c.so_dong_trong > 0 {
        out.push_str(&format!("; bỏ qua {} dòng trống", c.so_dong_trong));
    }
    out.push_str(&format!(
        "; {}/{} đơn vị đạt mục tiêu {}%.\n",
        c.so_don_vi_dat_muc_tieu, c.so_don_vi, report.tieu_chi.muc_tieu_phan_tram
    ));
    out.push_str(&views::register_check_text(report));
    out
}

/// "… và 37 phát hiện khác (35 lỗi, 2 cảnh báo); ghi tất cả bằng --findings TỆP".
fn more_findings(rest: &[Finding]) -> String {
    let count = |s: Severity| rest.iter().filter(|f| f.muc_do == s).count();
    let parts: Vec<String> = [(Severity::Error, "lỗi"), (Severity::Warning, "cảnh báo"), (Severity::Info, "thông tin")]
        .into_iter()
        .map(|(s, name)| (count(s), name))
        .filter(|(n, _)| *n > 0)
        .map(|(n, name)| format!("{n} {name}"))
        .collect();
    format!("… và {} phát hiện khác ({}); ghi tất cả bằng --findings TỆP\n", rest.len(), parts.join(", "))
}
