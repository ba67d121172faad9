//! The command line: the subcommands, each defined with its arguments in `commands/<name>.rs`.
//! A new subcommand is one file there and one variant here.

use clap::{Parser, Subcommand};

use crate::{ExitStatus, commands};

use crate::commands::assess::AssessArgs;
use crate::commands::compare::CompareArgs;
use crate::commands::criteria::CriteriaArgs;
use crate::commands::dvht::DvhtArgs;
use crate::commands::inspect::InspectArgs;
use crate::commands::merge::MergeArgs;
use crate::commands::template::TemplateArgs;

/// hoctap — đánh giá Công dân học tập (QĐ 324/QĐ-KHVN) và Đơn vị học tập (TT 24/2023/TT-BGDĐT)
/// từ danh sách của đơn vị, so với mục tiêu 97% của kế hoạch.
///
/// Mã thoát: 0 = mọi đơn vị đạt mục tiêu, không có dòng lỗi hay trùng; 1 = có đơn vị chưa đạt
/// hoặc có dòng lỗi/trùng; 2 = không chạy được (tệp tiêu chí sai, tệp không đọc được, sai lệnh).
#[derive(Debug, Parser)]
#[command(name = "hoctap", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Assess(AssessArgs),
    Merge(MergeArgs),
    Criteria(CriteriaArgs),
    Template(TemplateArgs),
    Compare(CompareArgs),
    Dvht(DvhtArgs),
    Inspect(InspectArgs),
    Convert(crate::commands::convert::ConvertArgs),
}

impl Command {
    pub fn run(&self) -> anyhow::Result<ExitStatus> {
        match self {
            Command::Assess(a) => commands::assess::run(a),
            Command::Merge(a) => commands::merge::run(a),
            Command::Criteria(a) => commands::criteria::run(a),
            Command::Template(a) => commands::template::run(a),
            Command::Compare(a) => commands::compare::run(a),
            Command::Dvht(a) => commands::dvht::run(a),
            Command::Inspect(a) => commands::inspect::run(a),
            Command::Convert(a) => commands::convert::run(a),
        }
    }
}
