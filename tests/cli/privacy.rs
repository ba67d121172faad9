//! Personal data: the unit report carries no names; `--an-danh` masks ids and names in every
//! person-level output (person list, findings, the stderr summary) and changes no result.

use std::collections::HashMap;

use crate::support::*;

/// A roster whose ids and names are long enough to be searched for in the outputs, with a
/// duplicate, an id Excel damaged, and a row with an error.
fn sensitive_roster() -> (String, Vec<String>, Vec<String>) {
    let mut text = format!("{HEADER}\n");
    let mut ids = Vec::new();
    let mut names = Vec::new();
    for i in 0..12 {
        let id = format!("03720100{i:04}");
        let name = format!("Phạm Thị Hồng Nhung {}", ["An", "Bích", "Cúc"][i % 3]);
        let scores = scores_for(if i % 4 == 0 { 60 } else { 90 });
        text.push_str(&format!("{id},{name},U,Đơn vị U,Giáo viên,,,{}\n", scores.join(",")));
        ids.push(id);
        names.push(name);
    }
    // Duplicate of the first id, a damaged id, a blank score.
    // (The same unit, group and scores as the first: a plain repeat, not a conflict.)
    text.push_str(&format!("{},Phạm Văn Trùng Lặp,U,,Giáo viên,,,{}\n", ids[0], scores_for(60).join(",")));
    names.push("Phạm Văn Trùng Lặp".into());
    text.push_str(&format!("\"3,72010E+11\",Lê Thị Số Hóa,U,,Giáo viên,,,{}\n", scores_for(90).join(",")));
    names.push("Lê Thị Số Hóa".into());
    ids.push("3,72010E+11".into());
    let mut blank = scores_for(90);
    blank[3] = String::new();
    text.push_str(&format!("037201009999,Đỗ Minh Khuyết,U,,Giáo viên,,,{}\n", blank.join(",")));
    ids.push("037201009999".into());
    names.push("Đỗ Minh Khuyết".into());
    (text, ids, names)
}

#[test]
fn an_danh_masks_every_person_level_output_and_keeps_results() {
    let d = Dir::new();
    let (text, ids, names) = sensitive_roster();
    let f = d.write("ds.csv", text);
    let run = |persons: &str, extra: &[&str]| {
        let out = hoctap()
            .args(["assess", "--format", "json", "--persons"])
            .arg(d.path(persons))
            .arg(&f)
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    };
    let (plain_json, plain_err) = run("ro.csv", &[]);
    let (masked_json, masked_err) = run("an.csv", &["--an-danh"]);
    run("an.json", &["--an-danh"]);

    // Unmasked, the ids are there (the search below can find them).
    assert!(d.read("ro.csv").contains(&ids[0]) && plain_err.contains(&ids[0]) && plain_json.contains(&ids[0]));
    for out in [d.read("an.csv"), d.read("an.json"), masked_json.clone(), masked_err.clone()] {
        for secret in ids.iter().chain(&names) {
            assert!(!out.contains(secret.as_str()), "{secret} leaked into:\n{out}");
        }
    }

    // Results are those of the plain run, row by row and unit by unit.
    let plain = parse_csv(&d.read("ro.csv"));
    let masked = parse_csv(&d.read("an.csv"));
    assert_eq!(plain.len(), masked.len());
    for (p, m) in plain.iter().zip(&masked) {
        for col in ["ma_don_vi", "doi_tuong", "tc1", "tc2", "tc3", "tong_diem", "nguong", "ket_qua"] {
            assert_eq!(p[col], m[col], "{col}");
        }
    }
    let units = |json: &str| {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        (v["don_vi"].clone(), v["tong"].clone(), v["phat_hien"].as_array().unwrap().len())
    };
    assert_eq!(units(&plain_json), units(&masked_json));

    // The masking scheme: last 3 characters of the id, initials of the name.
    let first: HashMap<&str, &str> = masked[0].iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(first["ma_dinh_danh"], "*********000");
    assert_eq!(first["ho_ten"], "P.T.H.N.A.");
    let dup = masked.iter().find(|p| p["ket_qua"] == "Trùng").unwrap();
    assert_eq!(dup["ly_do"], "trùng mã định danh *********000 với dòng 2; không tính lại");
    assert!(
        masked_err.contains("dòng 14, cột \"ma_dinh_danh\": trùng mã định danh *********000 với dòng 2"),
        "{masked_err}"
    );
    assert!(masked_err.contains("mã định danh \"********+11\" đã bị Excel đổi thành số"), "{masked_err}");
    let json: serde_json::Value = serde_json::from_str(&d.read("an.json")).unwrap();
    assert_eq!(json[1]["ma_dinh_danh"], "*********001");
    assert_eq!(json[1]["ho_ten"], "P.T.H.N.B.");
}

/// Every other person-level output of a run: the rows to fix (CSV and Excel, with their
/// original columns), the findings file, the Excel report's sheets, the close list.
#[test]
fn an_danh_covers_every_other_person_level_output() {
    let d = Dir::new();
    let (text, ids, names) = sensitive_roster();
    // An extra column hoctap does not read, such as a birth date, is personal too.
    let text: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i == 0 { format!("{l},ngay_sinh\n") } else { format!("{l},13/12/2015\n") })
        .collect();
    let f = d.write("ds.csv", text);
    let out = hoctap()
        .args(["assess", "--an-danh", "--gan-dat=5", "--format", "json", "--rows-with-errors"])
        .arg(d.path("sua.csv"))
        .arg("--findings")
        .arg(d.path("ph.csv"))
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let json = String::from_utf8(out.stdout).unwrap();
    hoctap()
        .args(["assess", "-q", "--an-danh", "--exit-zero", "-o"])
        .arg(d.path("bc.xlsx"))
        .arg("--rows-with-errors")
        .arg(d.path("sua.xlsx"))
        .arg(&f)
        .assert()
        .code(0);
    let mut texts = vec![json, d.read("sua.csv"), d.read("ph.csv"), String::from_utf8_lossy(&out.stderr).into_owned()];
    for book in ["bc.xlsx", "sua.xlsx"] {
        let mut all = String::new();
        for (_, rows) in crate::book::read(&d.path(book)) {
            for cell in rows.iter().flatten() {
                all.push_str(&cell.to_string());
                all.push('\n');
            }
        }
        texts.push(all);
    }
    for out in &texts {
        for secret in ids.iter().chain(&names).map(String::as_str).chain(["13/12/2015"]) {
            assert!(!out.contains(secret), "{secret} leaked into:\n{out}");
        }
    }
    // The rows to fix still say which row and why, with the masked id.
    let fix = parse_csv(&d.read("sua.csv"));
    assert!(fix.iter().any(|r| r["Kết quả"] == "Trùng" && r["ma_dinh_danh"] == "*********000"), "{fix:?}");
    assert!(fix.iter().all(|r| r["ngay_sinh"].is_empty()));
    // `--gan-dat` prints the people closest to the target: masked, still recognisable.
    assert!(texts[0].contains("\"ho_ten\": \"P.T.H.N.A.\"") && texts[0].contains("*********004"), "{}", texts[0]);
}

#[test]
fn the_unit_report_holds_no_names_and_only_the_ids_of_rows_in_error() {
    let d = Dir::new();
    let (text, ids, names) = sensitive_roster();
    let f = d.write("ds.csv", text);
    for format in ["table", "csv", "json"] {
        let out = hoctap().args(["assess", "-q", "--format", format]).arg(&f).output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        for name in &names {
            assert!(!stdout.contains(name.as_str()), "{format}: {name}");
        }
        for (i, id) in ids.iter().enumerate() {
            // Only the JSON findings quote ids, and only those of rows in error.
            let in_error = i == 0 || id.contains('E') || id.ends_with("9999");
            if format != "json" || !in_error {
                assert!(!stdout.contains(id.as_str()), "{format}: {id}");
            }
        }
    }
}
