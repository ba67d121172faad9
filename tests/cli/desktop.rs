//! hoctap as an officer on Windows meets it (issue 13): files dropped on the program with no
//! subcommand, help and errors in Vietnamese.

use crate::support::*;

/// Words clap prints on its own in English; none may reach an officer.
const ENGLISH: [&str; 10] = [
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Print help",
    "error:",
    "tip:",
    "default:",
    "possible values",
    "For more",
];

fn assert_vietnamese(text: &str) {
    for w in ENGLISH {
        assert!(!text.contains(w), "English \"{w}\" in:\n{text}");
    }
}

#[test]
fn help_and_a_wrong_option_speak_vietnamese() {
    for args in [&["--help"][..], &["-h"], &["assess", "--help"], &["assess", "-h"], &["template", "--help"]] {
        let out = hoctap().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Cách dùng: hoctap") && text.contains("Ví dụ:"), "{args:?}: {text}");
        assert_vietnamese(&text);
    }
    let out = hoctap().args(["assess", "x.csv", "--khong-co"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(text.contains("không có tùy chọn \"--khong-co\"") && text.contains("Cách dùng: hoctap assess"), "{text}");
    assert_vietnamese(&text);
}

#[test]
fn every_subcommand_has_vietnamese_help_with_an_example_and_vietnamese_errors() {
    let names: Vec<String> = hoctap::cli::command().get_subcommands().map(|s| s.get_name().to_string()).collect();
    assert!(names.len() >= 10, "{names:?}");
    for name in &names {
        for flag in ["--help", "-h"] {
            let out = hoctap().args([name.as_str(), flag]).output().unwrap();
            assert_eq!(out.status.code(), Some(0), "{name} {flag}");
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(text.contains(&format!("Cách dùng: hoctap {name}")), "{name} {flag}: {text}");
            assert!(
                text.contains("Ví dụ:") && text.contains(&format!("\n  hoctap {name} ")),
                "{name} {flag}: no example"
            );
            assert_vietnamese(&text);
        }
        let out = hoctap().args([name.as_str(), "--khong-co"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let text = String::from_utf8(out.stderr).unwrap();
        assert!(text.contains("không có tùy chọn \"--khong-co\""), "{name}: {text}");
        assert_vietnamese(&text);
    }
}

#[test]
fn files_dropped_on_the_program_get_both_reports_beside_them_never_over_old_ones() {
    let d = Dir::new();
    let ex = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/xa-gia-tran/danh-sach.csv");
    let roster = d.write("danh-sach.csv", std::fs::read(ex).unwrap());
    let out = hoctap().arg(&roster).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "THCS-GT is below target: {}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Tóm tắt: 1 tệp, 161 dòng đọc"));
    let xlsx = std::fs::read(d.path("bao-cao.xlsx")).unwrap();
    assert!(xlsx.starts_with(b"PK"), "a workbook");
    assert!(d.read("bao-cao.html").contains("<html"));
    // A second drop keeps the first reports and writes numbered ones.
    hoctap().arg(&roster).assert().code(1);
    assert_eq!(std::fs::read(d.path("bao-cao.xlsx")).unwrap(), xlsx);
    assert!(d.path("bao-cao (2).xlsx").exists() && d.path("bao-cao (2).html").exists());
}
