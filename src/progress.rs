//! The progress line on stderr for long runs: files and rows done, and the rate. Only on a
//! terminal, never with `--quiet` or on a `TERM=dumb` terminal, without colour under
//! `NO_COLOR`; and only once a run has lasted a second, so a small file never flashes a bar.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

const SHOW_AFTER: Duration = Duration::from_secs(1);

/// Whether a run should draw progress at all.
pub fn wanted(stderr_is_terminal: bool, quiet: bool, term: Option<&str>) -> bool {
    stderr_is_terminal && !quiet && term != Some("dumb")
}

/// A handle shared by every thread of a run; cloning shares the same line.
#[derive(Debug, Clone)]
pub struct Progress {
    inner: Option<Arc<Inner>>,
}

#[derive(Debug)]
struct Inner {
    bar: ProgressBar,
    started: Instant,
    shown: AtomicBool,
    files: usize,
    files_done: AtomicUsize,
}

impl Default for Progress {
    fn default() -> Self {
        Progress::hidden()
    }
}

impl Progress {
    /// Reports nothing.
    pub fn hidden() -> Progress {
        Progress { inner: None }
    }

    /// A line on stderr for a run over `files` files, drawn from the first second on.
    pub fn stderr(files: usize, color: bool) -> Progress {
        let template = if color {
            "{spinner:.cyan} {msg}: {human_pos:.bold} dòng ({per_sec:0}), {elapsed}"
        } else {
            "{spinner} {msg}: {human_pos} dòng ({per_sec:0}), {elapsed}"
        };
        let style = ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner());
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()).with_style(style);
        bar.set_message(format!("0/{files} tệp"));
        Progress {
            inner: Some(Arc::new(Inner {
                bar,
                started: Instant::now(),
                shown: AtomicBool::new(false),
                files,
                files_done: AtomicUsize::new(0),
            })),
        }
    }

    pub fn rows(&self, n: u64) {
        let Some(p) = &self.inner else { return };
        if !p.shown.load(Ordering::Relaxed)
            && p.started.elapsed() >= SHOW_AFTER
            && !p.shown.swap(true, Ordering::Relaxed)
        {
            p.bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(8));
        }
        p.bar.inc(n);
    }

    pub fn file_done(&self) {
        let Some(p) = &self.inner else { return };
        let done = p.files_done.fetch_add(1, Ordering::Relaxed) + 1;
        p.bar.set_message(format!("{done}/{} tệp", p.files));
    }

    /// Clears the line, so the summary that follows starts on a clean line.
    pub fn finish(&self) {
        if let Some(p) = &self.inner {
            p.bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_on_a_real_terminal_and_not_quiet() {
        assert!(wanted(true, false, Some("xterm-256color")));
        assert!(wanted(true, false, None));
        assert!(!wanted(false, false, Some("xterm")));
        assert!(!wanted(true, true, Some("xterm")));
        assert!(!wanted(true, false, Some("dumb")));
    }

    #[test]
    fn hidden_progress_accepts_calls() {
        let p = Progress::hidden();
        p.rows(10);
        p.file_done();
        p.finish();
    }
}
