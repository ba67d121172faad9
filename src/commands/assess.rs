//! `hoctap assess`: rosters in, unit report out.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Context, Result};

use super::{load_criteria, use_color};
use crate::ExitStatus;
use crate::aggregate::close::{CloseCollector, Tee};
use crate::cli::AssessArgs;
use crate::criteria::Criteria;
use crate::findings::Finding;
use crate::input::decode::encoding_for_label;
use crate::input::open::ReadOptions;
use crate::input::units::read_unit_file;
use crate::input::{Source, expand_sources};
use crate::output::{check_not_input, write_output};
use crate::pipeline::{self, FileSummary, PersonSink, RunOptions};
use crate::report::{self, Report, views};

pub fn run(args: &AssessArgs) -> Result<ExitStatus> {
    let criteria = load_criteria(&args.criteria)?;
    let view = views::View::choose(&args.reports, args.format, args.output.as_deref())?;
    views::check_division(&criteria, args.reports.phong.as_deref())?;
    let sources = expand_sources(&args.files)?;
    let options = run_options(args.delimiter, args.encoding.as_deref(), args.don_vi.clone())?;

    let mut inputs: Vec<&Path> = sources.iter().filter_map(Source::path).collect();
    if let Some(u) = &args.units {
        inputs.push(u);
    }
    for out in [&args.output, &args.persons].into_iter().flatten() {
        check_not_input(out, &inputs)?;
    }

    let mut persons = match &args.persons {
        Some(p) => Some(report::persons::PersonsWriter::create(p, &criteria, args.bom)?),
        None => None,
    };
    let mut close = args.reports.gan_dat.map(|n| CloseCollector::new(&criteria, n));
    let mut sinks: Vec<&mut dyn PersonSink> = Vec::new();
    if let Some(p) = persons.as_mut() {
        sinks.push(p);
    }
    if let Some(c) = close.as_mut() {
        sinks.push(c);
    }
    let mut tee = Tee(sinks);
    let sink = if tee.0.is_empty() { None } else { Some(&mut tee as &mut dyn PersonSink) };
    let mut report = prepare(&criteria, &sources, args.units.as_deref(), options, args.reports.nam, sink)?;
    drop(tee);
    if let Some(p) = persons {
        p.finish()?;
    }
    report.gan_dat = close.map(CloseCollector::finish);
    if let Some(code) = &args.reports.phong {
        report = views::restrict_to_division(&criteria, report, code);
    }

    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let bytes = views::render(view, &args.reports, &criteria, &report, use_color(to_terminal), args.bom);
    write_output(args.output.as_deref(), &bytes)?;

    if !args.quiet {
        eprint!("{}", summary_text(&report, args.max_findings));
    }
    Ok(if args.exit_zero || report.all_passed() { ExitStatus::Passed } else { ExitStatus::Failed })
}

/// Reading settings from the command line, validated once.
pub fn run_options(delimiter: Option<u8>, encoding: Option<&str>, don_vi: Option<String>) -> Result<RunOptions> {
    let encoding =
        match encoding {
            Some(label) => Some(encoding_for_label(label).with_context(|| {
                format!("không biết bảng mã \"{label}\"; ví dụ hợp lệ: utf-8, windows-1258, utf-16le")
            })?),
            None => None,
        };
    Ok(RunOptions { read: ReadOptions { delimiter, encoding }, default_unit: don_vi, ..RunOptions::default() })
}

/// Reads the unit register (if any), runs every roster and builds the report.
pub fn prepare(
    criteria: &Criteria,
    sources: &[Source],
    units_path: Option<&Path>,
    mut options: RunOptions,
    year: Option<u16>,
    sink: Option<&mut dyn PersonSink>,
) -> Result<Report> {
    let units = match units_path {
        Some(path) => {
            let source = Source::from_arg(path);
            let file = read_unit_file(&source, criteria, &options.read)?;
            let summary = FileSummary {
                tep: source.to_string(),
                dinh_dang: "CSV".into(),
                bang_ma: None,
                dong_tieu_de: 0,
                so_dong: file.units.len() as u64,
                so_dong_trong: 0,
                sha256: file.checksum.clone(),
            };
            Some((file, summary))
        }
        None => None,
    };
    if let Some((file, _)) = &units {
        options.disadvantaged_units =
            file.units.iter().filter(|(_, u)| u.disadvantaged == Some(true)).map(|(c, _)| c.clone()).collect();
    }
    let run = pipeline::run(criteria, sources, &options, sink)?;
    let (unit_file, unit_summary) = match units {
        Some((f, s)) => (Some(f), Some(s)),
        None => (None, None),
    };
    Ok(report::model::build_in(criteria, run, unit_file.as_ref(), unit_summary, year))
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
        out.push_str(&format!("… và {} phát hiện khác\n", findings.len() - max_findings));
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
