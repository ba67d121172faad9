//! Where an output goes (issue 15): a regular file is replaced whole and keeps its permissions
//! and owner; a FIFO or the process's own stdout is written into, never replaced; a symbolic
//! link is followed; a read-only report is not written over; a run stopped by a signal leaves
//! no temporary file with personal data behind.

use std::io::{Read, Write};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn temp_files(d: &Dir) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(d.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".hoctap-"))
        .map(|e| e.path())
        .collect()
}

fn mkfifo(p: &Path) {
    let ok = StdCommand::new("mkfifo").arg(p).status().unwrap().success();
    assert!(ok, "mkfifo {}", p.display());
}

#[test]
fn a_fifo_is_written_into_not_replaced() {
    let d = Dir::new();
    let roster = d.write("ds.csv", roster("A", 3, 0));
    let fifo = d.path("ong.csv");
    mkfifo(&fifo);
    let reader_path = fifo.clone();
    let (sent, received) = std::sync::mpsc::channel();
    // Opening a FIFO waits for its writer: a run that replaces the FIFO instead never comes,
    // so the reader is given up on after a while (its thread stays blocked; the test fails).
    std::thread::spawn(move || {
        let mut s = String::new();
        std::fs::File::open(reader_path).unwrap().read_to_string(&mut s).unwrap();
        let _ = sent.send(s);
    });
    hoctap().arg("assess").arg(&roster).args(["--format", "csv", "-q", "-o"]).arg(&fifo).assert().success();
    let got = received.recv_timeout(Duration::from_secs(20)).expect("nothing was written into the FIFO");
    assert!(got.starts_with("ma_don_vi,"), "{got}");
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO was replaced");
    assert!(temp_files(&d).is_empty());
}

/// The process's own standard output by name. The test names it through /proc, where a
/// regression could not replace anything (a temporary file cannot be made there); the
/// `/dev/std*` names take the same path (unit test in output.rs).
#[test]
fn the_standard_output_by_name_is_written_into() {
    let d = Dir::new();
    let roster = d.write("ds.csv", roster("A", 3, 0));
    let out =
        hoctap().arg("assess").arg(&roster).args(["--format", "csv", "-q", "-o", "/proc/self/fd/1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("ma_don_vi,") && text.contains("\nA,"), "{text}");
}

#[test]
fn a_symlink_is_followed_and_kept() {
    let d = Dir::new();
    let roster = d.write("ds.csv", roster("A", 3, 0));
    let real = d.write("that.csv", "cũ\n");
    let link = d.path("lien-ket.csv");
    std::os::unix::fs::symlink("that.csv", &link).unwrap();
    hoctap().arg("assess").arg(&roster).args(["--format", "csv", "-q", "-o"]).arg(&link).assert().success();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link was replaced by a file");
    assert!(std::fs::read_to_string(&real).unwrap().starts_with("ma_don_vi,"));
    // A link to a file not yet written creates its target.
    let dangling = d.path("moi.csv");
    std::os::unix::fs::symlink("dich/bao-cao.csv", &dangling).unwrap();
    std::fs::create_dir(d.path("dich")).unwrap();
    hoctap().arg("assess").arg(&roster).args(["--format", "csv", "-q", "-o"]).arg(&dangling).assert().success();
    assert!(std::fs::symlink_metadata(&dangling).unwrap().file_type().is_symlink());
    assert!(d.read("dich/bao-cao.csv").starts_with("ma_don_vi,"));
}

#[test]
fn a_rewritten_report_keeps_its_permissions() {
    let d = Dir::new();
    let roster = d.write("ds.csv", roster("A", 3, 0));
    let private = d.write("rieng.csv", "cũ\n");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    hoctap().arg("assess").arg(&roster).args(["--persons"]).arg(&private).args(["-q"]).assert().success();
    assert!(d.read("rieng.csv").contains("ma_dinh_danh"));
    assert_eq!(mode(&private), 0o600);
    // A new file gets what the umask allows, as any program's new file does.
    let cmd = format!(
        "umask 027 && exec \"$0\" assess '{}' --format csv -q -o '{}'",
        roster.display(),
        d.path("moi.csv").display()
    );
    let status = StdCommand::new("sh").arg("-c").arg(cmd).arg(assert_cmd::cargo::cargo_bin("hoctap")).status().unwrap();
    assert!(status.success());
    assert_eq!(mode(&d.path("moi.csv")), 0o640);
}

#[test]
fn a_read_only_report_is_not_written_over() {
    let d = Dir::new();
    let roster = d.write("ds.csv", roster("A", 3, 0));
    let locked = d.write("khoa.csv", "bản đã nộp\n");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = hoctap().arg("assess").arg(&roster).args(["--format", "csv", "-q", "-o"]).arg(&locked).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("chỉ đọc"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(d.read("khoa.csv"), "bản đã nộp\n");
}

/// Starts a run whose roster comes from a pipe kept open, waits until its persons file is
/// being written, then sends `signal`: the run must end without leaving the temporary file.
fn stopped_by(signal: &str) {
    let d = Dir::new();
    let persons = d.path("nguoi.csv");
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("hoctap"))
        .args(["assess", "-", "--format", "csv", "-q", "--persons"])
        .arg(&persons)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(roster("A", 200, 0).as_bytes()).unwrap();
    stdin.flush().unwrap();
    let start = Instant::now();
    let tmp = loop {
        if let Some(t) = temp_files(&d).pop() {
            break t;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(20));
    };
    // Until it is complete, only its owner may read it (a SIGKILL would leave it behind).
    assert_eq!(mode(&tmp), 0o600);
    let pid = child.id().to_string();
    assert!(StdCommand::new("kill").args([signal, &pid]).status().unwrap().success());
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    assert_eq!(out.status.code(), Some(2), "{signal}: {}", String::from_utf8_lossy(&out.stderr));
    assert!(temp_files(&d).is_empty(), "{signal} left {:?}", temp_files(&d));
    assert!(!persons.exists());
}

#[test]
fn a_stopped_run_leaves_no_temporary_file() {
    for signal in ["-INT", "-TERM", "-HUP"] {
        stopped_by(signal);
    }
}

/// A full disk met while writing (here `/dev/full`, a device written into): one Vietnamese line
/// naming the file and the cause, status 2, for the report and for each list written during the
/// run. The lists' errors used to arrive as the system's English text, or twice.
#[test]
fn a_full_disk_names_the_file_being_written() {
    let d = Dir::new();
    let roster = d.write("ds.csv", roster("A", 3, 1));
    let cases: [(&[&str], &str); 5] = [
        (&["-o", "/dev/full", "--format", "csv"], "lỗi: không ghi được /dev/full: đĩa đã đầy\n"),
        (&["--phat-hien", "/dev/full"], "lỗi: không ghi được danh sách phát hiện: /dev/full: đĩa đã đầy\n"),
        (&["--tung-nguoi", "/dev/full"], "lỗi: không ghi được danh sách người: /dev/full: đĩa đã đầy\n"),
        (
            &["--tung-nguoi", "/dev/full", "--format", "json"],
            "lỗi: không ghi được danh sách người: /dev/full: đĩa đã đầy\n",
        ),
        (&["--dong-loi", "/dev/full"], "lỗi: không ghi được danh sách dòng lỗi: /dev/full: đĩa đã đầy\n"),
    ];
    for (args, said) in cases {
        let out = hoctap().arg("assess").arg(&roster).args(args).arg("-q").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), said, "{args:?}");
    }
}
