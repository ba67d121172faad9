//! Hostile and huge input: each must end with a clear Vietnamese message and status 2, within
//! bounded memory and time, never a panic. Huge inputs are generated lazily and streamed
//! through stdin, so no test writes them to disk; the bound is shown by how little of the
//! stream hoctap reads before it stops.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

/// Runs `hoctap assess -` fed by `chunks` (an endless generator is fine): returns the status,
/// stderr and how many bytes hoctap accepted before it stopped reading.
fn assess_stream(mut chunks: impl FnMut(u64) -> Option<Vec<u8>> + Send + 'static) -> (i32, String, u64, Duration) {
    let start = Instant::now();
    let bin = assert_cmd::cargo::cargo_bin("hoctap");
    let mut child = StdCommand::new(bin)
        .args(["assess", "-", "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let mut sent = 0u64;
        while let Some(chunk) = chunks(sent) {
            if stdin.write_all(&chunk).is_err() {
                break; // hoctap stopped reading: the point of the test
            }
            sent += chunk.len() as u64;
        }
        sent
    });
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    let sent = writer.join().unwrap();
    (status.code().unwrap(), stderr, sent, start.elapsed())
}

fn assert_clean_refusal(code: i32, stderr: &str, expect: &str) {
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(expect), "expected {expect:?} in {stderr}");
    assert!(stderr.starts_with("lỗi: "), "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("lỗi nội bộ"), "{stderr}");
}

const GIB: u64 = 1 << 30;

#[test]
fn a_one_gigabyte_field_is_refused_after_reading_a_few_megabytes() {
    let (code, stderr, sent, took) = assess_stream(|sent| {
        if sent == 0 {
            Some(format!("{HEADER}\n1,").into_bytes())
        } else if sent < GIB {
            Some(vec![b'x'; 1 << 16])
        } else {
            None
        }
    });
    assert_clean_refusal(code, &stderr, "<stdin>, dòng 2: một dòng dài hơn 1 MiB");
    // hoctap stopped after the 1 MiB limit plus its buffers: it cannot hold more than it read.
    assert!(sent < 8 << 20, "hoctap read {sent} bytes of a 1 GiB field");
    assert!(took < Duration::from_secs(20), "{took:?}");
}

#[test]
fn a_quoted_field_that_never_closes_is_refused_the_same_way() {
    let (code, stderr, sent, _) = assess_stream(|sent| {
        if sent == 0 {
            Some(format!("{HEADER}\n\"1").into_bytes())
        } else if sent < GIB {
            Some(b"abc,def;\n".repeat(4096))
        } else {
            None
        }
    });
    assert_clean_refusal(code, &stderr, "dòng 2: một dòng dài hơn 1 MiB");
    assert!(sent < 8 << 20, "{sent}");
}

#[test]
fn a_million_columns_are_refused_at_the_width_of_a_sheet() {
    // A row of a billion empty columns (1 GiB of commas) offered; hoctap stops at 16,384.
    let (code, stderr, sent, _) = assess_stream(|sent| match sent {
        0 => Some(format!("{HEADER}\n").into_bytes()),
        s if s < GIB => Some(vec![b','; 1 << 16]),
        _ => None,
    });
    assert_clean_refusal(code, &stderr, "dòng 2: một dòng có hơn 16384 cột");
    assert!(sent < 8 << 20, "hoctap read {sent} bytes");
}

#[test]
fn a_file_that_is_not_a_roster() {
    let d = Dir::new();
    let f = d.write("ghi-chu.csv", "Biên bản họp tổ chuyên môn\nNgày 12/9/2025\n\nNội dung: kế hoạch năm học\n");
    let out = hoctap().args(["assess", "-q"]).arg(&f).output().unwrap();
    assert_clean_refusal(
        out.status.code().unwrap(),
        &String::from_utf8_lossy(&out.stderr),
        "không tìm thấy dòng tiêu đề",
    );
    let empty = d.write("rong.csv", "");
    let out = hoctap().args(["assess", "-q"]).arg(&empty).output().unwrap();
    assert_clean_refusal(out.status.code().unwrap(), &String::from_utf8_lossy(&out.stderr), "tệp rỗng");
}

#[test]
fn binary_files_are_named_for_what_they_are() {
    let d = Dir::new();
    // A deterministic stream of arbitrary bytes, NUL included.
    let mut x = 0x2545F4914F6CDD1Du64;
    let noise: Vec<u8> = (0..200_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("nhieu.csv", noise, "tệp nhị phân"),
        // A ZIP or OLE container is read as a workbook whatever its name, and refused as one.
        ("bang-tinh.csv", b"PK\x03\x04\x14\x00\x00\x00".to_vec(), "không mở được bảng tính Excel (.xlsx)"),
        ("cu.csv", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00".to_vec(), "không mở được bảng tính Excel 97-2003"),
        ("van-ban.csv", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec(), "tệp PDF"),
    ];
    for (name, bytes, expect) in cases {
        let f = d.write(name, bytes);
        let out = hoctap().args(["assess", "-q"]).arg(&f).output().unwrap();
        assert_clean_refusal(out.status.code().unwrap(), &String::from_utf8_lossy(&out.stderr), expect);
    }
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile").join(name)
}

#[test]
fn a_zip_bomb_posing_as_xlsx_is_refused_before_it_is_inflated() {
    let bomb = fixture("zip-bomb.xlsx");
    let bytes = std::fs::read(&bomb).unwrap();
    assert!(bytes.len() < 64 << 10);
    // The archive check a spreadsheet reader must pass first: refused from the directory alone.
    let source = hoctap::input::Source::Path(bomb.clone());
    let err = hoctap::input::zip_guard::check_archive(std::io::Cursor::new(&bytes), &source).unwrap_err();
    assert!(err.to_string().contains("2400 MiB") && err.to_string().contains("bom nén"), "{err}");
    let err = hoctap::harness::spreadsheet(&bytes).unwrap_err();
    assert!(err.contains("bom nén"), "{err}");
    // The command line: the spreadsheet reader checks the archive first.
    let started = Instant::now();
    let out = hoctap().args(["assess", "-q"]).arg(&bomb).output().unwrap();
    assert_clean_refusal(out.status.code().unwrap(), &String::from_utf8_lossy(&out.stderr), "2400 MiB");
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// Two cells, A1 and XFD1048576, in a 1.5 KB workbook: calamine would lay out 17 billion cells
/// (512 GiB) and the process would abort. The sheet is refused by the span of its cells.
#[test]
fn a_stray_cell_at_the_far_corner_of_a_sheet() {
    let far = fixture("far-cells.xlsx");
    let out = hoctap().args(["assess", "-q"]).arg(&far).output().unwrap();
    assert_clean_refusal(
        out.status.code().unwrap(),
        &String::from_utf8_lossy(&out.stderr),
        "trải từ ô A1 đến ô XFD1048576 (17179869184 ô), quá giới hạn 10 triệu ô",
    );
    let err = hoctap::harness::spreadsheet(&std::fs::read(&far).unwrap()).unwrap_err();
    assert!(err.contains("XFD1048576"), "{err}");
}

#[test]
fn a_real_deflate_bomb_is_measured_by_what_it_declares() {
    // 4 MiB of zeros deflate to a few kilobytes; with a 1 MiB bound the archive is refused,
    // with a 8 MiB bound it passes. The `zip` crate stops each entry at its declared size,
    // so the declared total bounds what reading can inflate.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    w.write_all(&vec![0u8; 4 << 20]).unwrap();
    let bytes = w.finish().unwrap().into_inner();
    assert!(bytes.len() < 64 << 10, "{}", bytes.len());
    let source = hoctap::input::Source::Stdin;
    let check = |limit| hoctap::input::zip_guard::check_archive_within(std::io::Cursor::new(&bytes), &source, limit);
    assert!(check(1 << 20).unwrap_err().to_string().contains("bom nén"));
    assert!(check(8 << 20).is_ok());
}

#[test]
fn deeply_nested_and_huge_criteria_files() {
    let d = Dir::new();
    let n = 400_000; // 800 KB: within the 1 MiB cap, so the parser itself must cope
    let cases = [
        ("mang.toml", format!("x = {}{}\n", "[".repeat(n), "]".repeat(n)), "lồng nhau quá nhiều tầng"),
        ("bang.toml", format!("x = {}1{}\n", "{a=".repeat(n / 4), "}".repeat(n / 4)), "lồng nhau quá nhiều tầng"),
        ("khoa.toml", format!("a{} = 1\n", ".a".repeat(n)), "lồng nhau quá nhiều tầng"),
        ("tieu-de.toml", format!("[{}a]\n", "a.".repeat(n)), "lồng nhau quá nhiều tầng"),
        ("lon.toml", format!("# {}\n", "x".repeat(2 << 20)), "tệp quá lớn"),
        ("nhi-phan.toml", "\u{0}\u{1}\u{2}".repeat(1000), "dòng 1"),
    ];
    for (name, text, expect) in cases {
        let f = d.write(name, &text);
        let started = Instant::now();
        let out = hoctap().args(["criteria", "--check"]).arg(&f).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_clean_refusal(out.status.code().unwrap(), &stderr, expect);
        assert!(stderr.contains(name), "{stderr}");
        assert!(started.elapsed() < Duration::from_secs(10), "{name}");
        let r = d.write("r.csv", roster("U", 1, 0));
        let out = hoctap().args(["assess", "-q", "--criteria"]).arg(&f).arg(&r).output().unwrap();
        assert_clean_refusal(out.status.code().unwrap(), &String::from_utf8_lossy(&out.stderr), expect);
    }
    let not_utf8 = d.write("latin.toml", b"[bo]\nma = \"\xE9\"\n");
    let out = hoctap().args(["criteria", "--check"]).arg(&not_utf8).output().unwrap();
    assert_clean_refusal(out.status.code().unwrap(), &String::from_utf8_lossy(&out.stderr), "UTF-8");
}

/// Runs the command as an unprivileged user when the tests run as root (root reads any file).
fn as_unprivileged(args: &[&std::ffi::OsStr]) -> Option<std::process::Output> {
    let bin = assert_cmd::cargo::cargo_bin("hoctap");
    let probe = std::fs::read("/proc/self/status").map(|s| String::from_utf8_lossy(&s).contains("\nUid:\t0\t")).ok()?;
    let mut cmd = if probe {
        let mut c = StdCommand::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]).arg(bin);
        c
    } else {
        StdCommand::new(bin)
    };
    cmd.args(args).output().ok().filter(|o| !String::from_utf8_lossy(&o.stderr).contains("setpriv:"))
}

#[test]
fn unreadable_file_and_folder() {
    use std::os::unix::fs::PermissionsExt;
    let d = Dir::new();
    std::fs::set_permissions(d.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let f = d.write("khoa.csv", roster("U", 1, 0));
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).unwrap();
    let folder = d.path("kin");
    std::fs::create_dir(&folder).unwrap();
    let inside = folder.join("ds.csv");
    std::fs::write(&inside, roster("U", 1, 0)).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o000)).unwrap();

    for (path, expect) in [(&f, "không có quyền đọc tệp"), (&inside, "không có quyền đọc tệp")] {
        match as_unprivileged(&["assess".as_ref(), "-q".as_ref(), path.as_os_str()]) {
            Some(out) => {
                assert_clean_refusal(out.status.code().unwrap(), &String::from_utf8_lossy(&out.stderr), expect)
            }
            None => eprintln!("skipped: cannot run as an unprivileged user here"),
        }
    }
    // A folder where a file is expected (a roster folder is read file by file).
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    let r = d.write("r.csv", roster("U", 1, 0));
    let out = hoctap().args(["criteria", "--check"]).arg(&folder).output().unwrap();
    assert_clean_refusal(out.status.code().unwrap(), &String::from_utf8_lossy(&out.stderr), "không phải là tệp");
    let out = hoctap().args(["assess", "-q"]).arg(&r).arg("--units").arg(&folder).output().unwrap();
    assert_clean_refusal(out.status.code().unwrap(), &String::from_utf8_lossy(&out.stderr), "thư mục");
}

/// A file that changes while it is read is refused: its figures would be of a file that never
/// existed. Deterministic: the change is made between two reads through the library's reader.
#[test]
fn a_file_that_changes_while_being_read() {
    use hoctap::input::Source;
    use hoctap::input::decode::open_raw;
    let d = Dir::new();
    let text = roster("U", 50, 0);
    type Change = fn(&Path);
    let changes: [(&str, Change); 3] = [
        ("grows", |p| {
            std::fs::OpenOptions::new().append(true).open(p).unwrap().write_all(b"more\n").unwrap();
        }),
        ("shrinks", |p| {
            std::fs::OpenOptions::new().write(true).open(p).unwrap().set_len(100).unwrap();
        }),
        ("rewritten in place", |p| {
            let f = std::fs::OpenOptions::new().write(true).open(p).unwrap();
            (&f).write_all(b"X").unwrap();
            f.set_modified(std::time::SystemTime::now() + Duration::from_secs(5)).unwrap();
        }),
    ];
    for (what, change) in changes {
        let f = d.write("ds.csv", &text);
        let (mut r, _) = open_raw(&Source::Path(f.clone())).unwrap();
        let mut first = vec![0u8; 10];
        r.read_exact(&mut first).unwrap();
        change(&f);
        let mut rest = Vec::new();
        let err = r.read_to_end(&mut rest).unwrap_err();
        assert!(err.to_string().contains("tệp đã thay đổi trong khi đang đọc"), "{what}: {err}");
    }
    // Unchanged, the same reader reads to the end.
    let f = d.write("ds.csv", &text);
    let (mut r, sum) = open_raw(&Source::Path(f)).unwrap();
    let mut all = Vec::new();
    r.read_to_end(&mut all).unwrap();
    assert_eq!(all, text.as_bytes());
    assert_eq!(sum.hex().len(), 64);
}

#[test]
fn a_huge_unit_file_streams_and_reports_its_line() {
    // One bad line deep in a unit file is named by its line; the rows before it were streamed.
    let d = Dir::new();
    let mut text = String::from("ma_don_vi,ten_don_vi\n");
    for i in 0..20_000 {
        text.push_str(&format!("U{i},Đơn vị {i}\n"));
    }
    text.push_str(&format!("X,\"{}\n", "y".repeat(2 << 20)));
    let u = d.write("dv.csv", text);
    let r = d.write("r.csv", roster("U1", 1, 0));
    let out = hoctap().args(["assess", "-q"]).arg(&r).arg("--units").arg(&u).output().unwrap();
    assert_clean_refusal(
        out.status.code().unwrap(),
        &String::from_utf8_lossy(&out.stderr),
        "dòng 20002: một dòng dài hơn 1 MiB",
    );
}
