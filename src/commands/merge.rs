//! `hoctap merge`: several runs' JSON reports in, one report out, as if one run had read
//! every file. For provinces and nations sharded over days or machines.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Result;

use clap::Args;

use super::args::{CriteriaChoice, OutputArgs};
use super::load_criteria;
use crate::ExitStatus;
use crate::output::{check_not_input, write_output};
use crate::report::format::{ALL, Accepts, Format, Output};
use crate::report::merge::merge_reports;
use crate::report::views::{View, ViewChoice};
use crate::report::{self, views};
use crate::session;

/// Gộp báo cáo JSON của nhiều lần chạy thành một báo cáo, như một lần chạy trên mọi tệp.
///
/// Mỗi lần chạy (`hoctap assess --format json`) đọc một phần dữ liệu, ở đâu cũng được. Số
/// đếm của từng đơn vị được cộng lại; tỷ lệ, mục tiêu, số cần thêm và mức độ Đơn vị học tập
/// được tính lại từ số đã cộng theo bộ tiêu chí. Hai giới hạn: một người có mặt trong hai
/// phần khác nhau không bị phát hiện trùng (trừ khi dữ liệu được chia theo mã định danh), và
/// các chỉ tiêu ĐVHT khai trong tệp đơn vị cần --tep-don-vi ở lệnh gộp.
#[derive(Debug, Args)]
#[command(after_help = "Ví dụ:
  hoctap assess xa-a --format json -o xa-a.json
  hoctap assess xa-b --format json -o xa-b.json
  hoctap merge xa-a.json xa-b.json --tep-don-vi don-vi.xlsx -o toan-tinh.xlsx")]
pub struct MergeArgs {
    /// Các báo cáo JSON của `hoctap assess --format json`, theo thứ tự các tệp được đọc.
    #[arg(required = true, value_name = "TỆP")]
    pub reports: Vec<PathBuf>,

    #[command(flatten)]
    pub criteria: CriteriaChoice,

    /// Tệp đơn vị, như ở `hoctap assess --tep-don-vi`.
    #[arg(long = "tep-don-vi", alias = "units", value_name = "TỆP")]
    pub units: Option<PathBuf>,

    #[command(flatten)]
    pub out: OutputArgs,

    /// Số phát hiện (lỗi, cảnh báo) tối đa in ra màn hình.
    #[arg(long = "so-phat-hien", alias = "max-findings", value_name = "N", default_value_t = 20)]
    pub max_findings: usize,

    /// Luôn trả mã thoát 0 khi chạy được.
    #[arg(long)]
    pub exit_zero: bool,

    /// Không in tóm tắt và phát hiện ra stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: &MergeArgs) -> Result<ExitStatus> {
    let criteria = load_criteria(&args.criteria)?;
    let out = Output::resolve(
        args.out.format,
        args.out.output.as_deref(),
        Accepts { option: "-o", formats: ALL, stdout: true },
    )?;
    let view = View::choose(&ViewChoice::default(), out.format, false)?;
    let mut inputs: Vec<&Path> = args.reports.iter().map(|p| p.as_path()).collect();
    if let Some(u) = &args.units {
        inputs.push(u);
    }
    if let Some(path) = out.to.path() {
        check_not_input(path, &inputs)?;
    }
    let reports: Vec<&Path> = args.reports.iter().map(|p| p.as_path()).collect();
    let run = merge_reports(&criteria, &reports)?;

    let units = session::read_units(args.units.as_deref(), &criteria, &Default::default())?;
    let (unit_file, unit_summary) = match units {
        Some((f, s)) => (Some(f), Some(s)),
        None => (None, None),
    };
    let report = report::build(&criteria, run, unit_file.as_ref(), unit_summary);
    // The same views as `assess`; the Excel report has no people sheet rows, since a merge
    // reads no roster.
    let bytes = match out.format {
        Format::Xlsx => report::xlsx::XlsxReport::new(&criteria)?.finish(&report)?,
        format => {
            let options = out.render_options(args.out.bom, args.out.color, std::io::stdout().is_terminal());
            views::render(view, format, None, &criteria, &report, options)?
        }
    };
    write_output(out.to.path(), &bytes)?;
    if !args.quiet {
        eprint!("{}", session::summary_text(&report, args.max_findings));
    }
    Ok(if args.exit_zero || report.all_passed() { ExitStatus::Passed } else { ExitStatus::Failed })
}
