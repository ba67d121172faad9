use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;

use clap::Parser;
use hoctap::{ExitStatus, cli::Cli, crash, is_broken_pipe, run};

fn main() -> ExitCode {
    crash::install_hook();
    let cli = Cli::parse();
    // A panic is caught here after the hook has explained it: unwinding has removed every
    // temporary output, and the exit status is "could not run".
    let status = match catch_unwind(AssertUnwindSafe(|| run(&cli))) {
        Ok(Ok(status)) => status,
        Ok(Err(e)) if is_broken_pipe(&e) => ExitStatus::Passed,
        Ok(Err(e)) => {
            let _ = writeln!(std::io::stderr(), "lỗi: {e:#}");
            ExitStatus::Error
        }
        Err(_) => ExitStatus::Error,
    };
    ExitCode::from(status as u8)
}
