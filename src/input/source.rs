//! Where rosters come from: paths given on the command line (files, or `-` for stdin).

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use super::InputError;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    Stdin,
    Path(PathBuf),
}

impl Source {
    pub fn from_arg(arg: &Path) -> Source {
        if arg.as_os_str() == "-" { Source::Stdin } else { Source::Path(arg.to_path_buf()) }
    }

    /// The unit code used when a roster has no unit column: the file's stem.
    pub fn stem(&self) -> String {
        match self {
            Source::Stdin => "stdin".into(),
            Source::Path(p) => {
                p.file_stem().map_or_else(|| p.display().to_string(), |s| s.to_string_lossy().into_owned())
            }
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::Stdin => None,
            Source::Path(p) => Some(p),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Stdin => write!(f, "<stdin>"),
            Source::Path(p) => write!(f, "{}", p.display()),
        }
    }
}

/// Extensions read when a folder is given: CSV and every spreadsheet kind calamine opens.
pub const ROSTER_EXTENSIONS: [&str; 7] = ["csv", "tsv", "xlsx", "xlsm", "xlsb", "xls", "ods"];

/// A file found in a folder and not read, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// The rosters to read, and the files of the folders given that were passed over.
#[derive(Debug, Default)]
pub struct Expansion {
    pub sources: Vec<Source>,
    pub skipped: Vec<Skipped>,
}

/// Resolves the inputs: files as given, and every roster file below each folder, in sorted
/// order (so the same folder always gives the same report). `outputs` are never read: a
/// report written into the folder by an earlier run is not a roster; nor is the unit file
/// (`--units`) when it sits in the folder beside the rosters.
pub fn expand(args: &[PathBuf], outputs: &[&Path], units: Option<&Path>) -> Result<Expansion, InputError> {
    let mut out = Expansion::default();
    // The sources taken so far: a set, so that a folder of 100,000 files is not searched once
    // per file.
    let mut seen: HashSet<Source> = HashSet::new();
    let outputs: Vec<PathBuf> = outputs.iter().map(|p| canonical(p)).collect();
    let units = units.map(canonical);
    for arg in args {
        let source = Source::from_arg(arg);
        if let Source::Path(p) = &source {
            let meta = std::fs::metadata(p).map_err(|e| InputError::file(&source, super::io_message(&e)))?;
            if meta.is_dir() {
                let before = out.sources.len();
                walk(p, &outputs, units.as_deref(), &mut out, &mut seen)?;
                if out.sources.len() == before {
                    return Err(InputError::file(
                        &source,
                        format!(
                            "thư mục không có tệp danh sách nào (.{}){}",
                            ROSTER_EXTENSIONS.join(", ."),
                            skipped_note(&out.skipped, p)
                        ),
                    ));
                }
                continue;
            }
        }
        if !seen.insert(source.clone()) {
            return Err(InputError::file(&source, "tệp được nêu hai lần; mỗi tệp chỉ đọc một lần"));
        }
        out.sources.push(source);
    }
    if out.sources.iter().filter(|s| **s == Source::Stdin).count() > 1 {
        return Err(InputError::file(&"-", "chỉ đọc được stdin một lần"));
    }
    Ok(out)
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn skipped_note(skipped: &[Skipped], dir: &Path) -> String {
    let n = skipped.iter().filter(|s| s.path.starts_with(dir)).count();
    if n == 0 { String::new() } else { format!("; đã bỏ qua {n} tệp khác") }
}

/// Why a file found in a folder is not a roster, or `None` when it is one.
fn skip_reason(path: &Path) -> Option<String> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if name.starts_with("~$") {
        return Some("tệp tạm của Excel (có khi tệp gốc đang mở), không phải danh sách".into());
    }
    if name.starts_with('.') {
        return Some("tệp ẩn".into());
    }
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if ROSTER_EXTENSIONS.contains(&ext.as_str()) {
        return None;
    }
    Some(if ext == "txt" {
        "tệp .txt không được đọc khi quét thư mục (thường là ghi chú); nếu là danh sách \"Unicode Text\" của Excel, hãy nêu tên tệp trực tiếp".into()
    } else {
        format!("không phải tệp danh sách (chỉ đọc .{})", ROSTER_EXTENSIONS.join(", ."))
    })
}

fn walk(
    dir: &Path,
    outputs: &[PathBuf],
    units: Option<&Path>,
    out: &mut Expansion,
    seen: &mut HashSet<Source>,
) -> Result<(), InputError> {
    let source = Source::Path(dir.to_path_buf());
    let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)
        .map_err(|e| InputError::file(&source, super::io_message(&e)))?
        .collect::<Result<_, _>>()
        .map_err(|e| InputError::file(&source, super::io_message(&e)))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| InputError::file(&source, super::io_message(&e)))?;
        let is_dir = if kind.is_symlink() { path.is_dir() } else { kind.is_dir() };
        if is_dir {
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if kind.is_symlink() {
                out.skipped.push(Skipped { path, reason: "liên kết tới thư mục khác, không đọc".into() });
            } else if hidden {
                out.skipped.push(Skipped { path, reason: "thư mục ẩn".into() });
            } else {
                walk(&path, outputs, units, out, seen)?;
            }
            continue;
        }
        // A FIFO, socket or device is never opened: reading one could block the run.
        let regular =
            if kind.is_symlink() { std::fs::metadata(&path).is_ok_and(|m| m.is_file()) } else { kind.is_file() };
        if !regular {
            let reason = if kind.is_symlink() {
                "liên kết hỏng hoặc không trỏ tới tệp thường, không đọc"
            } else {
                "không phải tệp thường (FIFO, socket hoặc thiết bị), không mở"
            };
            out.skipped.push(Skipped { path, reason: reason.into() });
        } else if let Some(reason) = skip_reason(&path) {
            out.skipped.push(Skipped { path, reason });
        } else if outputs.contains(&canonical(&path)) {
            out.skipped.push(Skipped { path, reason: "tệp kết quả của chính lần chạy này".into() });
        } else if units == Some(canonical(&path).as_path()) {
            out.skipped.push(Skipped {
                path, reason: "tệp đơn vị (--tep-don-vi), không phải danh sách người".into()
            });
        } else {
            let s = Source::Path(path.clone());
            if seen.insert(s.clone()) {
                out.sources.push(s);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_read_in_sorted_order_and_skips_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("b-xa")).unwrap();
        std::fs::create_dir(d.join(".git")).unwrap();
        for f in ["b-xa/t2.xlsx", "b-xa/t1.csv", "a.ods", "~$a.xlsx", "ghi-chu.txt", "anh.png", ".an.csv", "z.XLS"] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let e = expand(&[d.to_path_buf()], &[&d.join("z.XLS")], None).unwrap();
        let names: Vec<String> =
            e.sources.iter().map(|s| s.path().unwrap().strip_prefix(d).unwrap().display().to_string()).collect();
        assert_eq!(names, ["a.ods", "b-xa/t1.csv", "b-xa/t2.xlsx"]);
        let skipped: Vec<(String, &str)> = e
            .skipped
            .iter()
            .map(|s| (s.path.strip_prefix(d).unwrap().display().to_string(), s.reason.as_str()))
            .collect();
        assert_eq!(skipped.len(), 6, "{skipped:?}");
        assert_eq!(skipped[0], (".an.csv".into(), "tệp ẩn"));
        assert_eq!(skipped[1], (".git".into(), "thư mục ẩn"));
        assert!(skipped[2].0 == "anh.png" && skipped[2].1.starts_with("không phải tệp danh sách"));
        assert!(skipped[3].0 == "ghi-chu.txt" && skipped[3].1.starts_with("tệp .txt"));
        assert_eq!(skipped[4], ("z.XLS".into(), "tệp kết quả của chính lần chạy này"));
        assert!(skipped[5].0 == "~$a.xlsx" && skipped[5].1.starts_with("tệp tạm của Excel"));
    }

    #[cfg(unix)]
    #[test]
    fn sockets_in_folders_are_skipped_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        // A socket named like a roster: opening it would fail or block.
        let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("ong.csv")).unwrap();
        std::fs::write(dir.path().join("a.csv"), "x").unwrap();
        let e = expand(&[dir.path().to_path_buf()], &[], None).unwrap();
        assert_eq!(e.sources, [Source::Path(dir.path().join("a.csv"))]);
        assert_eq!(e.skipped.len(), 1);
        assert!(e.skipped[0].reason.starts_with("không phải tệp thường"), "{:?}", e.skipped);
    }

    #[test]
    fn a_folder_without_rosters_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.docx"), "x").unwrap();
        let e = expand(&[dir.path().to_path_buf()], &[], None).unwrap_err().to_string();
        assert!(e.contains("thư mục không có tệp danh sách nào") && e.contains("đã bỏ qua 1 tệp khác"), "{e}");
    }
}
