//! `hoctap assess`: rosters in, unit report out.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result};

use super::{load_criteria, use_color};
use crate::ExitStatus;
use crate::cli::{AssessArgs, Format};
use crate::findings::Finding;
use crate::input::decode::encoding_for_label;
use crate::input::open::ReadOptions;
use crate::input::person::roster_vocabulary;
use crate::input::units::read_unit_file;
use crate::input::{Source, expand_sources};
use crate::output::{check_outputs, write_output};
use crate::pipeline::{self, FileSummary, PersonSink, RunOptions};
use crate::privacy;
use crate::report::{self, Report};

pub fn run(args: &AssessArgs) -> Result<ExitStatus> {
    let criteria = load_criteria(&args.criteria)?;
    let sources = expand_sources(&args.files)?;
    let encoding =
        match &args.encoding {
            Some(label) => Some(encoding_for_label(label).with_context(|| {
                format!("không biết bảng mã \"{label}\"; ví dụ hợp lệ: utf-8, windows-1258, utf-16le")
            })?),
            None => None,
        };
    let options =
        RunOptions { read: ReadOptions { delimiter: args.delimiter, encoding }, default_unit: args.don_vi.clone() };

    let mut inputs: Vec<&Path> = sources.iter().filter_map(Source::path).collect();
    if let Some(u) = &args.units {
        inputs.push(u);
    }
    let outputs: Vec<&Path> = [&args.output, &args.persons].into_iter().flatten().map(|p| p.as_path()).collect();
    check_outputs(&outputs, &inputs)?;

    let units = match &args.units {
        Some(path) => {
            let source = Source::from_arg(path);
            let file = read_unit_file(&source, &criteria, &options.read)?;
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

    let mut persons = match &args.persons {
        Some(p) => Some(report::persons::PersonsWriter::create(p, &criteria, args.bom)?),
        None => None,
    };
    let mut masking;
    let sink: Option<&mut dyn PersonSink> = match persons.as_mut() {
        Some(p) if args.an_danh => {
            masking = privacy::MaskingSink { inner: p };
            Some(&mut masking)
        }
        Some(p) => Some(p),
        None => None,
    };
    let mut run = pipeline::run(&criteria, &sources, &options, sink)?;
    if args.an_danh {
        privacy::mask_findings(&mut run.findings, &roster_vocabulary(&criteria));
    }
    if let Some(p) = persons {
        p.finish()?;
    }

    let (unit_file, unit_summary) = match units {
        Some((f, s)) => (Some(f), Some(s)),
        None => (None, None),
    };
    let report = report::build(&criteria, run, unit_file.as_ref(), unit_summary);

    let bytes = match args.format {
        Format::Table => {
            let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
            report::table::render(&report, use_color(to_terminal))
        }
        Format::Csv => report::csv::render(&report, args.bom),
        Format::Json => report::json::render(&report),
    };
    write_output(args.output.as_deref(), &bytes)?;

    if !args.quiet {
        // A closed stderr must not turn a finished run into a failure.
        let _ = std::io::stderr().write_all(summary_text(&report, args.max_findings).as_bytes());
    }
    Ok(if args.exit_zero || report.all_passed() { ExitStatus::Passed } else { ExitStatus::Failed })
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
    out
}
