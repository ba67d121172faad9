//! `hoctap compare OLD NEW`: what changed between two saved reports.

use anyhow::Result;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::args::OutputArgs;
use crate::ExitStatus;
use crate::output::{check_not_input, write_output};
use crate::report::format::{Accepts, Format, Output};
use crate::report::{compare, render, saved};

/// So sánh hai lần đánh giá (sơ kết, tổng kết): từng đơn vị và tổng, tỷ lệ, số đạt, mục tiêu,
/// mức độ Đơn vị học tập; đơn vị mới có và đơn vị không còn.
///
/// Mỗi lần là tệp JSON của `hoctap assess --format json -o TỆP`.
#[derive(Debug, Args)]
#[command(after_help = "Ví dụ:
  hoctap compare so-ket.json tong-ket.json
  hoctap compare so-ket.json tong-ket.json -o so-sanh.xlsx")]
pub struct CompareArgs {
    /// Báo cáo JSON của lần trước.
    #[arg(value_name = "CŨ")]
    pub old: PathBuf,

    /// Báo cáo JSON của lần này.
    #[arg(value_name = "MỚI")]
    pub new: PathBuf,

    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(args: &CompareArgs) -> Result<ExitStatus> {
    let formats = &[Format::Table, Format::Csv, Format::Json, Format::Html, Format::Xlsx];
    let out =
        Output::resolve(args.out.format, args.out.output.as_deref(), Accepts { option: "-o", formats, stdout: true })?;
    if let Some(path) = out.to.path() {
        check_not_input(path, &[args.old.as_path(), args.new.as_path()])?;
    }
    let old = saved::read(&args.old)?;
    let new = saved::read(&args.new)?;
    if old.tieu_chi.ma != new.tieu_chi.ma || old.tieu_chi.muc_tieu_phan_tram != new.tieu_chi.muc_tieu_phan_tram {
        eprintln!(
            "Cảnh báo: hai lần dùng bộ tiêu chí khác nhau ({} mục tiêu {}% và {} mục tiêu {}%); so sánh vẫn theo số liệu từng lần.",
            old.tieu_chi.ma, old.tieu_chi.muc_tieu_phan_tram, new.tieu_chi.ma, new.tieu_chi.muc_tieu_phan_tram
        );
    }
    let sheet = compare::sheet(&compare::compare(&old, &new));
    let options = out.render_options(args.out.bom, args.out.color, std::io::stdout().is_terminal());
    write_output(out.to.path(), &render::render(out.format, &sheet, options)?)?;
    Ok(ExitStatus::Passed)
}
