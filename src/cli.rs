//! The command line: the subcommands, each defined with its arguments in `commands/<name>.rs`,
//! and the one tree every use of it shares (parsing, completions, the man page): in Vietnamese
//! (`cli_vi`), with the criteria version in `--version`. A new subcommand is one file there
//! and one variant here.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::{ExitStatus, cli_vi, commands, desktop};

use crate::commands::assess::AssessArgs;
use crate::commands::compare::CompareArgs;
use crate::commands::completions::{CompletionsArgs, ManArgs};
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
#[command(
    name = "hoctap",
    version,
    max_term_width = 100,
    after_help = "Ví dụ:
  hoctap template -o mau-danh-sach.xlsx
  hoctap inspect danh-sach.xlsx
  hoctap assess danh-sach.xlsx --tep-don-vi don-vi.xlsx -o bao-cao.xlsx
  hoctap assess --help

Trên Windows: kéo tệp danh sách thả lên hoctap.exe để có bao-cao.xlsx và bao-cao.html."
)]
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
    Completions(CompletionsArgs),
    Man(ManArgs),
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
            Command::Completions(a) => commands::completions::run(a, command()),
            Command::Man(a) => commands::completions::man(a, command()),
        }
    }
}

/// The version line: the program's and the embedded criteria set's, since a report depends on
/// both ("hoctap 0.2.0 (bộ tiêu chí ninh-binh-2025, phiên bản 2025.1)").
pub fn version() -> String {
    let meta = crate::criteria::embedded().meta;
    format!("{} (bộ tiêu chí {}, phiên bản {})", env!("CARGO_PKG_VERSION"), meta.code, meta.version)
}

/// The whole command tree as an officer meets it: Vietnamese help and the full version line.
pub fn command() -> clap::Command {
    cli_vi::localize(Cli::command().version(version()))
}

/// Parses the command line the way an officer meets it: in Vietnamese, and with files dropped
/// on the program (no subcommand) read as `assess` writing its reports beside them. An `Err`
/// is what to print and the exit status.
pub fn parse(args: Vec<std::ffi::OsString>, owns_console: bool) -> Result<Cli, (String, u8)> {
    use clap::error::ErrorKind;
    let cmd = command();
    let subcommands: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    let names: Vec<&str> = subcommands.iter().map(String::as_str).collect();
    let args = match desktop::start(&args, &names) {
        desktop::Start::Explain if owns_console => return Err((desktop::EXPLAIN.to_string(), 0)),
        desktop::Start::Dropped(paths) => desktop::dropped_command(&args[0], &paths),
        _ => args,
    };
    let matches = cmd.try_get_matches_from(args).map_err(|e| match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => (e.render().to_string(), 0),
        _ => (cli_vi::error_message(&e), 2),
    })?;
    Cli::from_arg_matches(&matches).map_err(|e| (cli_vi::error_message(&e), 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A shell line's words; a quoted word may hold spaces.
    fn args(line: &str) -> Vec<std::ffi::OsString> {
        line.split('"')
            .enumerate()
            .flat_map(|(i, part)| {
                if i % 2 == 1 { vec![part.to_string()] } else { part.split_whitespace().map(String::from).collect() }
            })
            .map(Into::into)
            .collect()
    }

    /// Every example a help text shows is a command line that parses, so no example teaches a
    /// wrong or renamed option.
    #[test]
    fn every_example_in_the_help_parses() {
        let root = command();
        let mut texts = vec![root.get_after_help().map(|h| h.to_string()).unwrap_or_default()];
        for sub in root.get_subcommands() {
            let text = sub.get_after_help().map(|h| h.to_string()).unwrap_or_default();
            assert!(text.contains(&format!("hoctap {}", sub.get_name())), "no example in {}", sub.get_name());
            texts.push(text);
        }
        let mut checked = 0;
        for line in texts.iter().flat_map(|t| t.lines()).map(str::trim).filter(|l| l.starts_with("hoctap ")) {
            // Drop a shell redirection or pipe: it is not an argument.
            let line = line.split(['>', '|']).next().unwrap_or(line);
            let parsed = parse(args(line), false);
            assert!(parsed.is_ok() || parsed.as_ref().is_err_and(|(_, s)| *s == 0), "{line}: {:?}", parsed.err());
            checked += 1;
        }
        assert!(checked >= 12, "only {checked} examples");
    }

    #[test]
    fn the_version_names_the_criteria_set() {
        let v = version();
        let meta = crate::criteria::embedded().meta;
        assert!(v.starts_with(env!("CARGO_PKG_VERSION")), "{v}");
        assert!(v.contains(&format!("bộ tiêu chí {}, phiên bản {}", meta.code, meta.version)), "{v}");
    }
}
