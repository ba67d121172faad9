//! `hoctap assess`: rosters in, unit report out.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Result;

use super::{load_criteria, read_options, use_color};
use crate::ExitStatus;
use crate::aggregate::close::CloseCollector;
use crate::aggregate::dvht_time::When;
use crate::cli::{AssessArgs, ReadArgs};
use crate::criteria::Criteria;
use crate::findings::{Finding, Severity};
use crate::input::Source;
use crate::input::open::ReadOptions;
use crate::input::person::roster_vocabulary;
use crate::input::source::{Skipped, expand};
use crate::input::units::{UnitFile, read_unit_file};
use crate::output::{check_outputs, write_output};
use crate::pipeline::{self, FileSummary, PersonSink, RunOptions};
use crate::privacy;
use crate::progress::Progress;
use crate::report::{self, Report, views};

/// Files passed over in folders, as findings the officer sees.
fn skipped_findings(skipped: &[Skipped]) -> Vec<Finding> {
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

pub fn run(args: &AssessArgs) -> Result<ExitStatus> {
    let criteria = load_criteria(&args.input.criteria)?;
    let view = views::View::choose(&args.reports, args.format, args.output.as_deref())?;
    views::check_division(&criteria, args.reports.phong.as_deref())?;
    let outputs: Vec<&Path> = [&args.output, &args.persons, &args.findings, &args.rows_with_errors, &args.reports.html]
        .into_iter()
        .flatten()
        .map(|p| p.as_path())
        .collect();
    let expansion = expand(&args.input.files, &outputs, args.input.units.as_deref())?;
    let sources = expansion.sources;
    let mut options = run_options(&args.input.read, args.input.don_vi.clone())?;
    options.default_group = args.input.doi_tuong.clone();
    options.threads = args.threads;
    options.part_bytes = args.part_size;
    let wanted =
        crate::progress::wanted(std::io::stderr().is_terminal(), args.quiet, std::env::var("TERM").ok().as_deref());
    options.progress = if wanted { Progress::stderr(sources.len(), use_color(true)) } else { Progress::hidden() };

    let mut inputs: Vec<&Path> = sources.iter().filter_map(Source::path).collect();
    if let Some(u) = &args.input.units {
        inputs.push(u);
    }
    check_outputs(&outputs, &inputs)?;

    let mut persons = match &args.persons {
        Some(p) => Some(report::persons::PersonsWriter::create(p, &criteria, args.bom)?),
        None => None,
    };
    let mut failed = match &args.rows_with_errors {
        Some(p) => Some(report::failed_rows::FailedRows::create(p, args.bom)?),
        None => None,
    };
    // The workbook's people sheet is filled as rows are scored, so it is a sink of the run.
    let mut workbook = if view == views::View::Xlsx { Some(report::xlsx::XlsxReport::new(&criteria)?) } else { None };
    let mut close = args.reports.gan_dat.map(|n| CloseCollector::new(&criteria, n));
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
    let mut tee = report::sinks::Tee(sinks);
    // `--an-danh`: every person-level output sees masked ids and names.
    let mut masking;
    let sink: Option<&mut dyn PersonSink> = match (tee.0.is_empty(), args.an_danh) {
        (true, _) => None,
        (false, true) => {
            masking = privacy::MaskingSink::new(&mut tee);
            Some(&mut masking)
        }
        (false, false) => Some(&mut tee),
    };
    let skipped = skipped_findings(&expansion.skipped);
    let mut report = prepare(
        &criteria,
        &sources,
        args.input.units.as_deref(),
        options,
        When { year: args.reports.nam, date: args.reports.ngay_danh_gia },
        sink,
        skipped,
    )?;
    if args.an_danh {
        privacy::mask_findings(&mut report.phat_hien, &roster_vocabulary(&criteria));
    }
    drop(tee);
    if let Some(p) = persons {
        p.finish()?;
    }
    if let Some(f) = failed {
        f.finish()?;
    }
    report.gan_dat = close.map(CloseCollector::finish);
    if let Some(code) = &args.reports.phong {
        report = views::restrict_to_division(&criteria, report, code);
    }

    let bytes = match workbook {
        Some(w) => w.finish(&report)?,
        None => {
            let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
            views::render(view, &args.reports, &criteria, &report, use_color(to_terminal), args.bom)
        }
    };
    write_output(args.output.as_deref(), &bytes)?;
    if let Some(path) = &args.reports.html {
        let html = views::render(views::View::Html, &args.reports, &criteria, &report, false, false);
        write_output(Some(path), &html)?;
    }
    if let Some(path) = &args.findings {
        write_output(Some(path), &report::findings_file::render(&report.phat_hien, path, args.bom)?)?;
    }

    if !args.quiet {
        // A closed stderr must not turn a finished run into a failure.
        let _ = std::io::stderr().write_all(summary_text(&report, args.max_findings).as_bytes());
    }
    Ok(if args.exit_zero || report.all_passed() { ExitStatus::Passed } else { ExitStatus::Failed })
}

/// Reading settings from the command line, validated once.
pub fn run_options(read: &ReadArgs, don_vi: Option<String>) -> Result<RunOptions> {
    Ok(RunOptions { read: read_options(read)?, default_unit: don_vi, ..RunOptions::default() })
}

/// Reads the unit register (if any), runs every roster and builds the report.
pub fn prepare(
    criteria: &Criteria,
    sources: &[Source],
    units_path: Option<&Path>,
    mut options: RunOptions,
    when: When,
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
    Ok(report::model::build_in(criteria, run, unit_file.as_ref(), unit_summary, when))
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
