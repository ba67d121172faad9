use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;

use hoctap::{ExitStatus, cli, crash, desktop, is_broken_pipe, run};

fn main() -> ExitCode {
    crash::install_hook();
    // The process ends when the command returns: big structures are not freed one by one.
    hoctap::session::exits_after_run();
    // Started from Explorer (a double-click, files dropped on the program): the window closes
    // when the program ends, so it waits for Enter first.
    let explorer = desktop::owns_console();
    let status = match cli::parse(std::env::args_os().collect(), explorer) {
        Ok(cli) => {
            // A panic is caught here after the hook has explained it: unwinding has removed
            // every temporary output, and the exit status is "could not run".
            match catch_unwind(AssertUnwindSafe(|| run(&cli))) {
                Ok(Ok(status)) => status as u8,
                Ok(Err(e)) if is_broken_pipe(&e) => ExitStatus::Passed as u8,
                Ok(Err(e)) => {
                    // A message may quote a cell: its control characters are shown, never obeyed.
                    let _ = writeln!(std::io::stderr(), "lỗi: {}", hoctap::text::visible_controls(&format!("{e:#}")));
                    ExitStatus::Error as u8
                }
                Err(_) => ExitStatus::Error as u8,
            }
        }
        Err((text, 0)) => {
            let _ = write!(std::io::stdout(), "{text}");
            0
        }
        Err((text, status)) => {
            let _ = write!(std::io::stderr(), "{text}");
            status
        }
    };
    if explorer {
        desktop::wait_for_enter();
    }
    ExitCode::from(status)
}
