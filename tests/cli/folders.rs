//! A folder of rosters: the Department runs once on all its schools' files.

use crate::book::{self, Sheet, n, t};
use crate::support::*;

fn xlsx_roster(path: &std::path::Path, unit: &str, ids: &[&str]) {
    let mut rows = vec![vec![
        t("Mã định danh"),
        t("Họ và tên"),
        t("Mã trường"),
        t("Đối tượng"),
        t("1.1"),
        t("1.2"),
        t("1.3"),
        t("1.4"),
        t("2.1"),
        t("2.2"),
        t("2.3"),
        t("2.4"),
        t("3.1"),
        t("3.2"),
    ]];
    for id in ids {
        let mut r = vec![t(id), t("Người"), t(unit), t("Giáo viên")];
        r.extend((0..10).map(|_| n(9.0)));
        rows.push(r);
    }
    book::write(path, vec![Sheet::new("DS", rows)]);
}

#[test]
fn a_folder_is_read_whole_in_sorted_order_and_skipped_files_are_named() {
    let d = Dir::new();
    let root = d.path("so-gddt");
    std::fs::create_dir_all(root.join("xa-a")).unwrap();
    std::fs::create_dir_all(root.join("xa-b/.cache")).unwrap();
    std::fs::write(root.join("xa-a/th-a.csv"), roster("TH-A", 4, 0)).unwrap();
    xlsx_roster(&root.join("xa-a/thcs-a.xlsx"), "THCS-A", &["A1", "A2", "A3"]);
    // A person who appears in two schools' files is counted once.
    xlsx_roster(&root.join("xa-b/mn-b.xlsx"), "MN-B", &["B1", "A1"]);
    std::fs::write(root.join("xa-b/~$mn-b.xlsx"), "lock").unwrap();
    std::fs::write(root.join("xa-b/ghi-chu.txt"), "ghi chú").unwrap();
    std::fs::write(root.join("xa-b/.cache/old.csv"), roster("OLD", 1, 0)).unwrap();
    std::fs::write(root.join("huong-dan.docx"), "doc").unwrap();

    let (code, rows, stderr) = assess_csv(&[&root], &[]);
    assert_eq!(code, 1, "one duplicate: {stderr}");
    let units: Vec<&String> = rows.keys().filter(|k| *k != "TỔNG").collect();
    let mut sorted = units.clone();
    sorted.sort();
    assert_eq!(sorted, ["MN-B", "TH-A", "THCS-A"]);
    assert_eq!(rows["TH-A"]["so_dat"], "4");
    // A1 is in two schools' files with different units: counted once, as Lỗi, in the unit
    // whose code comes first (MN-B); the other copy is Trùng.
    assert_eq!((rows["THCS-A"]["so_dat"].as_str(), rows["THCS-A"]["so_trung"].as_str()), ("2", "1"));
    assert_eq!((rows["MN-B"]["so_dat"].as_str(), rows["MN-B"]["so_loi"].as_str()), ("1", "1"));
    assert_eq!(rows["TỔNG"]["so_nguoi"], "8");
    let sep = std::path::MAIN_SEPARATOR;
    for (file, reason) in [
        (
            "huong-dan.docx".to_string(),
            "bỏ qua: không phải tệp danh sách (chỉ đọc .csv, .tsv, .xlsx, .xlsm, .xlsb, .xls, .ods)",
        ),
        (format!("xa-b{sep}.cache"), "bỏ qua: thư mục ẩn"),
        (format!("xa-b{sep}ghi-chu.txt"), "bỏ qua: tệp .txt không được đọc khi quét thư mục"),
        (format!("xa-b{sep}~$mn-b.xlsx"), "bỏ qua: tệp tạm của Excel (có khi tệp gốc đang mở), không phải danh sách"),
    ] {
        assert!(stderr.contains(&format!("Thông tin: {}: {reason}", root.join(&file).display())), "{file}: {stderr}");
    }
    assert!(stderr.contains("Tóm tắt: 3 tệp, 9 dòng đọc"), "{stderr}");
    assert!(
        stderr
            .contains(&format!("dòng 2 tệp {}, trang \"DS\" (đơn vị THCS-A)", root.join("xa-a/thcs-a.xlsx").display())),
        "{stderr}"
    );

    // Files are read in sorted order, whatever order the folder lists them in.
    let out = hoctap().args(["assess", "-q", "--format", "json"]).arg(&root).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<String> =
        v["tep"].as_array().unwrap().iter().map(|f| f["tep"].as_str().unwrap().to_string()).collect();
    let expected: Vec<String> = ["xa-a/th-a.csv", "xa-a/thcs-a.xlsx", "xa-b/mn-b.xlsx"]
        .iter()
        .map(|f| root.join(f).display().to_string())
        .collect();
    assert_eq!(files, expected);
    assert_eq!(v["tep"][1]["trang_tinh"], "DS");
    assert_eq!(v["tep"][0]["trang_tinh"], serde_json::Value::Null);
}

#[test]
fn reports_written_into_the_folder_are_not_read_back() {
    let d = Dir::new();
    let root = d.path("dv");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("a.csv"), roster("A", 2, 1)).unwrap();
    let report = root.join("bao-cao.xlsx");
    let errors = root.join("dong-loi.csv");
    let run = || {
        let out = hoctap()
            .args(["assess", "--exit-zero", "-o"])
            .arg(&report)
            .arg("--rows-with-errors")
            .arg(&errors)
            .arg(&root)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stderr).unwrap()
    };
    run();
    assert!(report.exists() && errors.exists());
    let stderr = run();
    assert!(stderr.contains("bao-cao.xlsx: bỏ qua: tệp kết quả của chính lần chạy này"), "{stderr}");
    assert!(stderr.contains("dong-loi.csv: bỏ qua: tệp kết quả của chính lần chạy này"), "{stderr}");
    assert!(stderr.contains("Tóm tắt: 1 tệp, 3 dòng đọc"), "{stderr}");
}

#[test]
fn a_folder_with_no_roster_is_an_error() {
    let d = Dir::new();
    let root = d.path("trong");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("anh.png"), "x").unwrap();
    hoctap().arg("assess").arg(&root).assert().code(2).stderr(predicates::str::contains(
        "trong: thư mục không có tệp danh sách nào (.csv, .tsv, .xlsx, .xlsm, .xlsb, .xls, .ods); đã bỏ qua 1 tệp khác",
    ));
}

#[test]
fn the_unit_file_beside_the_rosters_is_not_read_as_a_roster() {
    let d = Dir::new();
    let root = d.path("xa");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("th-a.csv"), roster("TH-A", 4, 0)).unwrap();
    let units = root.join("don-vi.csv");
    std::fs::write(&units, "Mã đơn vị,Tên đơn vị\nTH-A,Trường A\n").unwrap();
    let (code, rows, stderr) = assess_csv(&[&root], &["--units", units.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(rows["TH-A"]["ten_don_vi"], "Đơn vị TH-A");
    assert!(stderr.contains("don-vi.csv: bỏ qua: tệp đơn vị (--tep-don-vi), không phải danh sách người"), "{stderr}");
}
