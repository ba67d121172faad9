//! hoctap started the way an officer on Windows starts it: by double-clicking `hoctap.exe`, or
//! by dropping roster files on it. Explorer then passes the files' paths and nothing else,
//! and closes the console window as soon as the program ends, so the program explains itself
//! and waits for Enter before closing.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// What to do with the arguments the program was started with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// An ordinary command line: parse it as given.
    Command,
    /// No arguments at all: explain what to do.
    Explain,
    /// Paths and nothing else (files dropped on the program): assess them and write the
    /// reports beside the first one.
    Dropped(Vec<PathBuf>),
}

/// Tells a drop from a command line: every argument after the program is an existing file or
/// folder, and the first is not a subcommand's name.
pub fn start(args: &[OsString], subcommands: &[&str]) -> Start {
    let rest = args.get(1..).unwrap_or_default();
    if rest.is_empty() {
        return Start::Explain;
    }
    let first = rest[0].to_string_lossy();
    if first.starts_with('-') || subcommands.contains(&first.as_ref()) {
        return Start::Command;
    }
    let paths: Vec<PathBuf> = rest.iter().map(PathBuf::from).collect();
    if paths.iter().all(|p| p.exists()) { Start::Dropped(paths) } else { Start::Command }
}

/// The report files for a drop: `bao-cao.xlsx` and `bao-cao.html` in the folder of the first
/// path (a dropped folder: inside it), numbered `bao-cao (2)…` when either name is taken, so
/// that an earlier report is never written over.
pub fn report_paths(first: &Path) -> (PathBuf, PathBuf) {
    let folder = if first.is_dir() {
        first.to_path_buf()
    } else {
        first.parent().filter(|p| !p.as_os_str().is_empty()).map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    for n in 1u32.. {
        let stem = if n == 1 { "bao-cao".to_string() } else { format!("bao-cao ({n})") };
        let xlsx = folder.join(format!("{stem}.xlsx"));
        let html = folder.join(format!("{stem}.html"));
        if !xlsx.exists() && !html.exists() {
            return (xlsx, html);
        }
    }
    unreachable!("some numbered name is free")
}

/// The arguments of the `assess` run that a drop stands for.
pub fn dropped_command(program: &OsString, paths: &[PathBuf]) -> Vec<OsString> {
    let (xlsx, html) = report_paths(&paths[0]);
    let mut args = vec![program.clone(), "assess".into()];
    args.extend(paths.iter().map(|p| p.clone().into_os_string()));
    args.extend(["-o".into(), xlsx.into_os_string(), "--html".into(), html.into_os_string()]);
    args
}

/// What a double-click with no file shows.
pub const EXPLAIN: &str = "\
hoctap — đánh giá Công dân học tập và Đơn vị học tập từ danh sách của đơn vị.

Cách dùng nhanh trên Windows:
  • Kéo tệp danh sách (Excel .xlsx/.xls hoặc CSV) — hoặc cả thư mục — thả lên biểu tượng
    hoctap.exe. Chương trình chấm điểm, in tóm tắt, rồi ghi bao-cao.xlsx và bao-cao.html
    cạnh tệp đầu tiên (không ghi đè báo cáo cũ: tệp mới sẽ là bao-cao (2).xlsx …).
  • Hoặc mở cửa sổ dòng lệnh (cmd) tại thư mục này và gõ, ví dụ:
        hoctap assess danh-sach.xlsx -o bao-cao.xlsx
        hoctap template -o mau-danh-sach.xlsx
        hoctap --help
Xem thêm HUONG-DAN.txt đi kèm chương trình.
";

/// True when this process owns its console window: Windows made the console for it (started
/// from Explorer), so the window closes when the program ends. Never on other systems.
pub fn owns_console() -> bool {
    #[cfg(windows)]
    {
        let mut ids = [0u32; 2];
        // SAFETY: the buffer holds `ids.len()` process ids, as the call is told.
        let n = unsafe { windows_sys::Win32::System::Console::GetConsoleProcessList(ids.as_mut_ptr(), 2) };
        n == 1
    }
    #[cfg(not(windows))]
    {
        false
    }
}

/// Keeps the window open until the officer has read it.
pub fn wait_for_enter() {
    use std::io::{BufRead, Write};
    let mut err = std::io::stderr();
    let _ = write!(err, "\nNhấn Enter để đóng cửa sổ…");
    let _ = err.flush();
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUBCOMMANDS: [&str; 2] = ["assess", "template"];

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn tells_a_drop_from_a_command_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("danh-sach.csv");
        std::fs::write(&file, "x").unwrap();
        let f = file.to_str().unwrap();
        assert_eq!(start(&os(&["hoctap"]), &SUBCOMMANDS), Start::Explain);
        assert_eq!(start(&os(&["hoctap", f]), &SUBCOMMANDS), Start::Dropped(vec![file.clone()]));
        let d = dir.path().to_str().unwrap();
        assert_eq!(start(&os(&["hoctap", f, d]), &SUBCOMMANDS), Start::Dropped(vec![file.clone(), dir.path().into()]));
        assert_eq!(start(&os(&["hoctap", "assess", f]), &SUBCOMMANDS), Start::Command);
        assert_eq!(start(&os(&["hoctap", "--help"]), &SUBCOMMANDS), Start::Command);
        // A typo is a command line (clap says what is wrong), not a drop.
        assert_eq!(start(&os(&["hoctap", f, "khong-co.csv"]), &SUBCOMMANDS), Start::Command);
    }

    #[test]
    fn never_names_an_existing_report() {
        let dir = tempfile::tempdir().unwrap();
        let roster = dir.path().join("ds.csv");
        std::fs::write(&roster, "x").unwrap();
        assert_eq!(report_paths(&roster), (dir.path().join("bao-cao.xlsx"), dir.path().join("bao-cao.html")));
        std::fs::write(dir.path().join("bao-cao.html"), "cũ").unwrap();
        assert_eq!(report_paths(&roster), (dir.path().join("bao-cao (2).xlsx"), dir.path().join("bao-cao (2).html")));
        // A dropped folder gets its reports inside it.
        assert_eq!(report_paths(dir.path()).0, dir.path().join("bao-cao (2).xlsx"));
        assert_eq!(report_paths(Path::new("ds.csv")).0, PathBuf::from("./bao-cao.xlsx"));
    }
}
