//! Outputs that lose nothing: written whole or not at all, never over an input or over each
//! other, quiet when the reader of a pipe goes away, and never a formula in Excel.

use std::io::Read;
use std::process::{Command as StdCommand, Stdio};

use crate::support::*;

fn leftovers(d: &Dir) -> Vec<String> {
    std::fs::read_dir(d.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".hoctap-"))
        .collect()
}

#[test]
fn a_failed_run_leaves_every_report_as_it_was() {
    let d = Dir::new();
    let good = d.write("a.csv", roster("A", 5, 0));
    // The second roster breaks after the outputs are chosen and the person list has started.
    let bad = d.write("b.csv", format!("{}\"{}\n", roster("B", 3, 0), "x".repeat(2 << 20)));
    let report = d.write("bao-cao.csv", "báo cáo cũ\n");
    let persons = d.write("tung-nguoi.csv", "danh sách cũ\n");
    let out = hoctap()
        .args(["assess", "-q", "--format", "csv", "-o"])
        .arg(&report)
        .arg("--persons")
        .arg(&persons)
        .arg(&good)
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("b.csv, dòng 5"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(d.read("bao-cao.csv"), "báo cáo cũ\n");
    assert_eq!(d.read("tung-nguoi.csv"), "danh sách cũ\n");
    assert_eq!(leftovers(&d), Vec::<String>::new());
    // Fresh paths are not created at all.
    hoctap()
        .args(["assess", "-q", "-o"])
        .arg(d.path("moi.csv"))
        .arg("--persons")
        .arg(d.path("moi-nguoi.json"))
        .arg(&good)
        .arg(&bad)
        .assert()
        .code(2);
    assert!(!d.path("moi.csv").exists() && !d.path("moi-nguoi.json").exists());
    assert_eq!(leftovers(&d), Vec::<String>::new());
}

#[test]
fn an_output_that_is_an_input_by_any_name_is_refused() {
    let d = Dir::new();
    let r = d.write("ds.csv", roster("U", 3, 0));
    let units = d.write("dv.csv", "ma_don_vi\nU\n");
    std::os::unix::fs::symlink(&r, d.path("lien-ket.csv")).unwrap();
    std::fs::hard_link(&r, d.path("cung-inode.csv")).unwrap();
    let before = std::fs::read(&r).unwrap();
    let dotted = d.dir.path().join(".").join("ds.csv");
    for target in [r.clone(), d.path("lien-ket.csv"), d.path("cung-inode.csv"), dotted, units.clone()] {
        for flag in ["-o", "--persons"] {
            let out =
                hoctap().args(["assess", "-q", flag]).arg(&target).arg(&r).arg("--units").arg(&units).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{flag} {}: {stderr}", target.display());
            assert!(stderr.contains("trùng với tệp đầu vào"), "{stderr}");
        }
    }
    assert_eq!(std::fs::read(&r).unwrap(), before);
    assert_eq!(std::fs::read_link(d.path("lien-ket.csv")).unwrap(), r);
    // Two outputs that are one file: the second would replace the first.
    let out = hoctap()
        .args(["assess", "-q", "-o"])
        .arg(d.path("kq.csv"))
        .arg("--persons")
        .arg(d.dir.path().join(".").join("kq.csv"))
        .arg(&r)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("là một"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!d.path("kq.csv").exists());
}

/// `hoctap … | head`: the reader goes away; hoctap ends quietly with 0.
#[test]
fn a_closed_pipe_ends_quietly() {
    let d = Dir::new();
    // 3,000 units: the report is far larger than a pipe's buffer, so writing must meet the
    // closed pipe.
    let mut text = format!("{HEADER}\n");
    for i in 0..3000 {
        text.push_str(&row(&format!("P{i}"), &format!("DV{i:05}"), "Giáo viên", &scores_for(90)));
        text.push('\n');
    }
    let f = d.write("lon.csv", text);
    let bin = assert_cmd::cargo::cargo_bin("hoctap");
    let commands: [Vec<&std::ffi::OsStr>; 4] = [
        vec!["assess".as_ref(), f.as_os_str()],
        vec!["assess".as_ref(), "--format".as_ref(), "csv".as_ref(), f.as_os_str()],
        vec!["assess".as_ref(), "--format".as_ref(), "json".as_ref(), f.as_os_str()],
        vec!["criteria".as_ref()],
    ];
    for args in commands {
        let mut child =
            StdCommand::new(&bin).args(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        // Read one byte, like `head -c 1`, then close the pipe.
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 1];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("lỗi nội bộ") && !stderr.contains("lỗi:"), "{stderr}");
    }
}

#[test]
fn formulas_are_neutralised_in_every_csv_output() {
    let d = Dir::new();
    // Tab and CR at the start of a cell are trimmed on input; the rest reach the outputs.
    let evil = ["=HYPERLINK(\"http://x\")", "+84912", "-1+2", "@SUM(A1)", "\tTAB", "\rCR"];
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER.split(',')).unwrap();
    for (i, e) in evil.iter().enumerate() {
        let mut rec = vec![format!("{e}{i}"), e.to_string(), format!("{e}U{i}"), format!("{e}Tên"), "Giáo viên".into()];
        rec.extend(["".to_string(), "".to_string()]);
        rec.extend(scores_for(90));
        w.write_record(&rec).unwrap();
    }
    let text = w.into_inner().unwrap();
    let f = d.write("ds.csv", text);
    // Unit report: unit code and name.
    hoctap()
        .args(["assess", "-q", "--exit-zero", "--format", "csv", "-o"])
        .arg(d.path("dv.csv"))
        .arg(&f)
        .assert()
        .code(0);
    // Person list: id, name, unit, reason; findings; rows to fix (one row is broken).
    let broken =
        d.write("hong.csv", format!("{HEADER}\n\"=1+1\",\"@x\",\"-U\",\"+T\",Giáo viên,,,11,9,9,9,9,9,9,9,9,9\n"));
    hoctap()
        .args(["assess", "-q", "--exit-zero", "--persons"])
        .arg(d.path("ng.csv"))
        .arg("--findings")
        .arg(d.path("ph.csv"))
        .arg("--rows-with-errors")
        .arg(d.path("sua.csv"))
        .arg(&f)
        .arg(&broken)
        .assert()
        .code(0);
    // The other views of the unit report.
    for (name, view) in [("xh.csv", "--xep-hang"), ("gd.csv", "--gan-dat=3")] {
        hoctap()
            .args(["assess", "-q", "--exit-zero", "--format", "csv", view, "-o"])
            .arg(d.path(name))
            .arg(&f)
            .arg(&broken)
            .assert()
            .code(0);
    }
    let mut cells = 0;
    for out in ["dv.csv", "ng.csv", "ph.csv", "sua.csv", "xh.csv", "gd.csv"] {
        for rec in parse_csv(&d.read(out)) {
            for (col, v) in rec {
                cells += 1;
                assert!(
                    !v.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{out}, column {col}: {v:?} would be a formula"
                );
            }
        }
    }
    assert!(cells > 6 * 10);
    assert!(parse_csv(&d.read("sua.csv")).iter().any(|r| r["ma_dinh_danh"] == "'=1+1"));
    let units = parse_csv(&d.read("dv.csv"));
    assert!(units.iter().any(|u| u["ma_don_vi"] == "'=HYPERLINK(\"http://x\")U0"), "{units:?}");
    assert!(units.iter().any(|u| u["ten_don_vi"] == "'@SUM(A1)Tên"));
    let persons = parse_csv(&d.read("ng.csv"));
    assert!(persons.iter().any(|p| p["ho_ten"] == "'+84912"));
    // The id "-1+22" is normalised (hyphens dropped) before it is shown.
    assert!(persons.iter().any(|p| p["ma_dinh_danh"] == "1+22"));

    // Text that comes from a criteria file: chỉ tiêu codes, competency codes.
    let toml = hoctap::criteria::EMBEDDED_TOML
        .replace("ma = \"TC1\"", "ma = \"=TC1\"")
        .replace("ma = \"1.1\"\nnoi_dung = \"Có kế hoạch", "ma = \"@1.1\"\nnoi_dung = \"Có kế hoạch");
    assert_ne!(toml, hoctap::criteria::EMBEDDED_TOML);
    let c = d.write("bo.toml", toml);
    hoctap().args(["criteria", "--check"]).arg(&c).assert().code(0);
    let g = d.write("tot.csv", roster("U", 40, 0));
    hoctap()
        .args(["assess", "-q", "--exit-zero", "--format", "csv", "--criteria"])
        .arg(&c)
        .arg("-o")
        .arg(d.path("dv2.csv"))
        .arg("--persons")
        .arg(d.path("ng2.csv"))
        .arg(&g)
        .assert()
        .code(0);
    hoctap().args(["template", "--units", "--criteria"]).arg(&c).arg("-o").arg(d.path("mau.csv")).assert().code(0);
    for out in ["dv2.csv", "ng2.csv", "mau.csv"] {
        let text = d.read(out);
        for rec in csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes()).records() {
            for v in rec.unwrap().iter() {
                assert!(!v.starts_with(['=', '+', '-', '@', '\t', '\r']), "{out}: {v:?}");
            }
        }
        assert!(text.contains('\''), "{out} had something to neutralise:\n{text}");
    }
}

#[test]
fn a_closed_stderr_does_not_fail_a_finished_run() {
    let d = Dir::new();
    let f = d.write("ds.csv", roster("U", 3, 0));
    let bin = assert_cmd::cargo::cargo_bin("hoctap");
    let mut child = StdCommand::new(bin)
        .args(["assess", "--format", "csv"])
        .arg(&f)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let mut out = String::new();
    child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert!(out.contains("TỔNG"));
}
