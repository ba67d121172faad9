//! The binary never panics on any file the project keeps: every fixture, fuzz case and example
//! goes through the command line as a roster, as a unit file and as a criteria file, and must end
//! with 0, 1 or 2 and without the crash message. The crash message itself is checked through a
//! switch that exists in debug builds only.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::*;

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn assert_no_panic(what: &str, out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    assert!(matches!(code, Some(0..=2)), "{what}: exit {code:?}\n{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("lỗi nội bộ"), "{what}:\n{stderr}");
    if code == Some(2) {
        assert!(stderr.contains("lỗi: "), "{what}: status 2 says why\n{stderr}");
    }
}

/// The file as the command line sees it: fuzz cases start with a byte that picks the reading
/// options (`hoctap::harness::options_for`), which become the matching flags here.
fn as_cli_input(d: &Dir, path: &Path, n: usize) -> (PathBuf, Vec<String>) {
    let bytes = std::fs::read(path).unwrap();
    let fuzz_case = path.components().any(|c| c.as_os_str() == "fuzz")
        && !path.components().any(|c| c.as_os_str() == "criteria" || c.as_os_str() == "spreadsheet");
    if !fuzz_case || bytes.is_empty() {
        return (path.to_path_buf(), Vec::new());
    }
    let options = hoctap::harness::options_for(bytes[0]);
    let mut flags = Vec::new();
    if let Some(delim) = options.delimiter {
        flags.push("--delimiter".to_string());
        flags.push(if delim == b'\t' { "tab".into() } else { (delim as char).to_string() });
    }
    if let Some(enc) = options.encoding {
        flags.push("--encoding".into());
        flags.push(enc.name().to_lowercase());
    }
    (d.write(&format!("case-{n}.csv"), &bytes[1..]), flags)
}

#[test]
fn no_fixture_fuzz_case_or_example_makes_the_binary_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    files_under(&root.join("tests/fixtures"), &mut files);
    files_under(&root.join("examples"), &mut files);
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    let d = Dir::new();
    let roster = root.join("examples/thcs-ninh-hai.csv");
    let checked: usize = std::thread::scope(|s| {
        let chunks: Vec<&[PathBuf]> = files.chunks(files.len().div_ceil(2)).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .enumerate()
            .map(|(t, chunk)| {
                let (d, roster) = (&d, &roster);
                s.spawn(move || {
                    for (i, f) in chunk.iter().enumerate() {
                        let (input, flags) = as_cli_input(d, f, t * 100_000 + i);
                        let name = f.strip_prefix(root).unwrap().display().to_string();
                        let out = hoctap().args(["assess", "-q"]).arg(&input).args(&flags).output().unwrap();
                        assert_no_panic(&format!("assess {name}"), &out);
                        let out = hoctap()
                            .args(["assess", "-q"])
                            .arg(roster)
                            .arg("--units")
                            .arg(&input)
                            .args(&flags)
                            .output()
                            .unwrap();
                        assert_no_panic(&format!("--units {name}"), &out);
                        let out = hoctap().args(["criteria", "--check"]).arg(f).output().unwrap();
                        assert_no_panic(&format!("criteria --check {name}"), &out);
                    }
                    chunk.len()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    assert_eq!(checked, files.len());
}

/// The switch that makes the crash exists only in debug builds (`cargo test --release` has none).
#[cfg(debug_assertions)]
#[test]
fn a_crash_says_what_happened_which_file_and_what_to_send() {
    let d = Dir::new();
    let f = d.write("truong-a.csv", roster("U", 3, 0));
    let old = d.write("kq.csv", "cũ\n");
    let out = hoctap()
        .env("HOCTAP_PANIC_ON", "truong-a")
        .args(["assess", "-q", "--persons"])
        .arg(&old)
        .arg(&f)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("hoctap gặp lỗi nội bộ và phải dừng."), "{stderr}");
    assert!(stderr.contains(&format!("Tệp đang đọc: {}", f.display())), "{stderr}");
    assert!(stderr.contains("Xin gửi cho nhóm phát triển: toàn bộ thông báo này, lệnh đã chạy"), "{stderr}");
    assert!(stderr.contains(env!("CARGO_PKG_VERSION")));
    assert!(!stderr.contains("panicked at"), "Rust's own panic text is replaced: {stderr}");
    // Unwinding removed the half-written person list; the old one is intact.
    assert_eq!(d.read("kq.csv"), "cũ\n");
    let temp: Vec<_> = std::fs::read_dir(d.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".hoctap-"))
        .collect();
    assert!(temp.is_empty());
}
