//! The last resort. A panic is a bug in hoctap, never the officer's fault: the message says so,
//! names the file that was being read, and says what to send. Bad input must never get here;
//! the test suite runs every fixture and fuzz case through the binary to keep it that way.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

thread_local! {
    static READING_HERE: RefCell<Option<String>> = const { RefCell::new(None) };
}
static READING_LAST: Mutex<Option<String>> = Mutex::new(None);

thread_local! {
    /// Set while [`contained`] runs: the hook stays silent, the caller reports the error.
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
}

/// Runs a third-party parser on input it may choke on: a panic inside it (a bug of that crate
/// on hostile bytes, such as calamine's overflow on a 10-letter column name) becomes an error
/// for the caller to report against the file, instead of stopping the run.
pub fn contained<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let was = CONTAINING.with(|c| c.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    CONTAINING.with(|c| c.set(was));
    result.map_err(|p| payload_text(p.as_ref()))
}

/// Panics of the project's own code caught by [`caught`] so far in this process.
static CAUGHT: AtomicUsize = AtomicUsize::new(0);

/// Runs the project's own code on a thread whose panic must not stop the run (a sheet's reader):
/// the panic is a bug, so the hook still prints the crash message, and the caller gets the
/// error to report against the file. Counted, for the fuzz harness to fail on.
pub fn caught<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|p| {
        CAUGHT.fetch_add(1, Ordering::Relaxed);
        payload_text(p.as_ref())
    })
}

/// How many panics [`caught`] has caught.
pub fn caught_count() -> usize {
    CAUGHT.load(Ordering::Relaxed)
}

fn payload_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "không rõ".into())
}

/// Notes the file about to be read, for the crash message.
pub fn reading(file: &impl fmt::Display) {
    let name = file.to_string();
    #[cfg(debug_assertions)]
    panic_for_test(&name);
    READING_HERE.with(|r| *r.borrow_mut() = Some(name.clone()));
    if let Ok(mut last) = READING_LAST.lock() {
        *last = Some(name);
    }
}

/// The file being read when the panic happened: this thread's, else the last one opened.
pub fn current_file() -> Option<String> {
    READING_HERE.with(|r| r.borrow().clone()).or_else(|| READING_LAST.lock().ok().and_then(|l| l.clone()))
}

/// The message printed instead of Rust's panic text.
pub fn message(what: &str, location: Option<String>, file: Option<&str>) -> String {
    let mut out = String::from(
        "hoctap gặp lỗi nội bộ và phải dừng. Đây là lỗi của chương trình, không phải lỗi của dữ liệu hay của người dùng.\n",
    );
    match file {
        Some(f) => out.push_str(&format!("Tệp đang đọc: {f}\n")),
        None => out.push_str("Lỗi xảy ra trước khi đọc tệp nào.\n"),
    }
    out.push_str(&format!("Chi tiết: {what}"));
    if let Some(l) = location {
        out.push_str(&format!(" ({l})"));
    }
    out.push_str(&format!("\nPhiên bản: hoctap {}\n", env!("CARGO_PKG_VERSION")));
    out.push_str(
        "Không tệp kết quả nào bị ghi dở. Xin gửi cho nhóm phát triển: toàn bộ thông báo này, lệnh đã chạy, \
         và nếu được, tệp nêu trên sau khi đã xóa họ tên, ngày sinh và mã định danh \
         (giữ nguyên các dòng tiêu đề, cột điểm và dòng đang đọc khi lỗi).\n",
    );
    out
}

/// Installs the panic hook (the binary calls this once).
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        if CONTAINING.with(Cell::get) {
            return;
        }
        let what = payload_text(info.payload());
        let location = info.location().map(|l| format!("{}:{}", l.file(), l.line()));
        let text = message(&what, location, current_file().as_deref());
        // Never panic again here: stderr may be closed.
        let _ = std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes());
    }));
}

/// Debug builds only: `HOCTAP_PANIC_ON=<part of a file name>` panics when that file is opened,
/// so the tests can see the crash message end to end. Release builds have no such switch.
#[cfg(debug_assertions)]
fn panic_for_test(name: &str) {
    if let Some(part) = std::env::var_os("HOCTAP_PANIC_ON")
        && name.contains(&*part.to_string_lossy())
    {
        READING_HERE.with(|r| *r.borrow_mut() = Some(name.to_string()));
        panic!("lỗi thử nghiệm theo HOCTAP_PANIC_ON");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_the_file_and_what_to_send() {
        let m = message("boom", Some("src/x.rs:1".into()), Some("ds.csv"));
        assert!(m.contains("Tệp đang đọc: ds.csv"));
        assert!(m.contains("Chi tiết: boom (src/x.rs:1)"));
        assert!(m.contains("Xin gửi cho nhóm phát triển"));
        assert!(m.contains(env!("CARGO_PKG_VERSION")));
        assert!(message("boom", None, None).contains("trước khi đọc tệp nào"));
    }

    #[test]
    fn a_contained_panic_is_an_error() {
        assert_eq!(contained(|| 7), Ok(7));
        let v: Vec<u32> = Vec::new();
        let e = contained(|| v[3]).unwrap_err();
        assert!(e.contains("index out of bounds"), "{e}");
        assert!(!CONTAINING.with(Cell::get), "the flag is reset");
    }
}
