//! hoctap: assess Công dân học tập (QĐ 324/QĐ-KHVN) and Đơn vị học tập (TT 24/2023/TT-BGDĐT)
//! from the rosters officers keep.
//!
//! The data's path is the layout: `input` (open, decode, find the header, type each row) →
//! `scoring` (one person) → `aggregate` (per-unit tallies, Learning Unit level) → `report`
//! (one model, one renderer per format). `pipeline` runs that path; `commands` hold the
//! subcommands; `criteria` loads the rules from TOML.

pub mod aggregate;
pub mod cli;
pub mod cli_vi;
pub mod commands;
pub mod crash;
pub mod criteria;
pub mod date;
pub mod desktop;
#[cfg(feature = "harness")]
pub mod harness;
pub mod input;
pub mod io_message;
pub mod model;
pub mod number;
pub mod output;
pub mod pipeline;
pub mod privacy;
pub mod progress;
pub mod report;
pub mod scoring;
pub mod session;
pub mod text;
#[cfg(any(test, feature = "harness"))]
pub mod trickle;

use cli::Cli;

/// How a run ended; the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Every unit meets the target and no row is `Lỗi` or `Trùng`.
    Passed = 0,
    /// A unit falls short, or some row is `Lỗi` or `Trùng`.
    Failed = 1,
    /// The tool could not run.
    Error = 2,
}

pub fn run(cli: &Cli) -> anyhow::Result<ExitStatus> {
    cli.command.run()
}

/// True when the error is a closed pipe (`hoctap … | head`): not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}
