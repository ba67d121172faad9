//! Workbooks and rosters as schools really make them (issue 9): every roster sheet read, group
//! titles, totals and signature blocks never counted as people, people never dropped, CSV rows
//! with the wrong number of fields refused, folders that hold other files, and duplicates that
//! do not depend on the order of the inputs. Every fixture is built here; each count below is
//! the one a person counting by hand gets.

use std::collections::HashMap;
use std::path::Path;

use crate::book::{self, Cell, Sheet, n, t};
use crate::support::*;

const CODES: [&str; 10] = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"];

/// STT | Mã định danh | Họ và tên | Mã đơn vị | Đối tượng | 1.1 … 3.2 (score columns 5–14).
fn head() -> Vec<Cell> {
    [vec![t("STT"), t("Mã định danh"), t("Họ và tên"), t("Mã đơn vị"), t("Đối tượng")], CODES.map(t).to_vec()].concat()
}

fn person(i: usize, id: &str, unit: &str, group: &str, score: f64) -> Vec<Cell> {
    let name = format!("Người thử {i}");
    [vec![n(i as f64), t(id), t(&name), t(unit), t(group)], vec![n(score); 10]].concat()
}

/// A row with `cells` at the given columns, blank elsewhere.
fn at(cells: &[(usize, &str)]) -> Vec<Cell> {
    let width = cells.iter().map(|(c, _)| c + 1).max().unwrap_or(0);
    let mut row = vec![Cell::Blank; width];
    for (c, text) in cells {
        row[*c] = t(text);
    }
    row
}

fn units_of(rows: &HashMap<String, HashMap<String, String>>) -> Vec<String> {
    let mut u: Vec<String> = rows.keys().filter(|k| *k != "TỔNG").cloned().collect();
    u.sort();
    u
}

fn count(rows: &HashMap<String, HashMap<String, String>>, unit: &str) -> (String, String, String) {
    let r = &rows[unit];
    (r["so_nguoi"].clone(), r["so_dat"].clone(), r["so_loi"].clone())
}

fn json(args: &[&Path], extra: &[&str]) -> (i32, serde_json::Value, String) {
    let out = hoctap().arg("assess").args(args).args(["--format", "json"]).args(extra).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap(), v, stderr)
}

#[test]
fn every_roster_sheet_of_a_workbook_is_read_and_every_other_is_named() {
    let d = Dir::new();
    let f = d.path("truong.xlsx");
    let sheet = |name: &str, prefix: &str, group: &str, people: usize| {
        let mut rows = vec![head()];
        for i in 0..people {
            rows.push(person(i + 1, &format!("{prefix}{i:03}"), "TH-A", group, 9.0));
        }
        Sheet::new(name, rows)
    };
    let mut k6 = sheet("Khối 6", "K6", "Học sinh", 10);
    k6.rows[3] = person(3, "K6002", "TH-A", "Học sinh", 5.0); // 50 points: Chưa đạt
    let mut k7 = sheet("Khối 7", "K7", "Học sinh", 10);
    k7.rows[2][7] = Cell::Blank; // a missing score: Lỗi
    let mut k8 = sheet("Khối 8", "K8", "Học sinh", 5);
    k8.hidden = true;
    book::write(
        &f,
        vec![
            Sheet::new("Hướng dẫn", vec![vec![t("Điền mỗi khối vào một trang")], vec![t("Điểm từ 0 đến 10")]]),
            sheet("Cán bộ", "CB", "Giáo viên", 10),
            k6,
            k7,
            k8,
        ],
    );
    // By hand: 10 + 10 + 10 + 5 = 35 people, one Chưa đạt, one Lỗi.
    let (code, v, stderr) = json(&[&f], &[]);
    assert_eq!(code, 1, "{stderr}");
    let unit = &v["don_vi"][0];
    assert_eq!(
        (unit["ma_don_vi"].as_str(), unit["so_nguoi"].as_u64(), unit["so_dat"].as_u64(), unit["so_loi"].as_u64()),
        (Some("TH-A"), Some(35), Some(33), Some(1)),
        "{stderr}"
    );
    assert_eq!(v["don_vi"].as_array().unwrap().len(), 1, "no phantom unit");
    assert_eq!(v["tong"]["so_nguoi"].as_u64(), Some(35));
    // The files list: one entry per sheet, the instructions sheet with its reason, the hidden
    // one marked as hidden.
    let files = v["tep"].as_array().unwrap();
    let entry = |sheet: &str| files.iter().find(|f| f["trang_tinh"] == sheet).unwrap_or_else(|| panic!("{sheet}"));
    assert!(entry("Hướng dẫn")["bo_qua"].as_str().unwrap().contains("không tìm thấy dòng tiêu đề"));
    assert_eq!(entry("Khối 8")["an"], true);
    assert!(entry("Khối 8")["bo_qua"].is_null());
    assert_eq!(entry("Khối 7")["so_dong"].as_u64(), Some(10));
    // Each finding names its sheet.
    let findings = v["phat_hien"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["trang_tinh"] == "Khối 7" && f["dong"] == 3 && f["muc_do"] == "Lỗi"),
        "{findings:?}"
    );
    assert!(stderr.contains("truong.xlsx, trang \"Hướng dẫn\": bỏ qua:"), "{stderr}");
    assert!(stderr.contains("truong.xlsx, trang \"Khối 8\": trang tính bị ẩn"), "{stderr}");
    assert!(stderr.contains("Tóm tắt: 1 tệp, 35 dòng đọc"), "{stderr}");
    // The Excel report lists every sheet in "Tệp đã đọc", with the reason or the hidden mark.
    let x = d.path("bao-cao.xlsx");
    hoctap().arg("assess").arg(&f).args(["-q", "--exit-zero", "-o"]).arg(&x).assert().code(0);
    let files_sheet = book::read(&x).into_iter().find(|(name, _)| name == "Tệp đã đọc").unwrap().1;
    let text = |c: &calamine::Data| c.to_string();
    let row_of = |sheet: &str| files_sheet.iter().find(|r| r.get(2).map(text).as_deref() == Some(sheet)).unwrap();
    assert!(text(&row_of("Hướng dẫn")[11]).contains("không tìm thấy dòng tiêu đề"));
    assert_eq!(text(&row_of("Khối 8")[9]), "Có");
    assert_eq!(text(&row_of("Cán bộ")[6]), "10");
    // `--sheet` still reads one sheet.
    let (_, rows, _) = assess_csv(&[&f], &["--sheet", "Khối 7"]);
    assert_eq!(count(&rows, "TH-A"), ("10".into(), "9".into(), "1".into()));
}

#[test]
fn signature_blocks_are_not_people_wherever_their_texts_fall() {
    let d = Dir::new();
    // Under the name and unit columns; under the score columns; a place-and-date line beside
    // "HIỆU TRƯỞNG" under the unit column (which once made a unit of that name).
    let layouts: [Vec<Vec<Cell>>; 3] = [
        vec![
            at(&[(2, "Người lập biểu"), (3, "HIỆU TRƯỞNG")]),
            at(&[(2, "(Ký, ghi rõ họ tên)"), (3, "(Ký, ghi rõ họ tên, đóng dấu)")]),
            vec![],
            at(&[(2, "Trần Thị Lan"), (3, "Nguyễn Văn Bình")]),
        ],
        vec![
            at(&[(11, "Kim Sơn, ngày 15 tháng 01 năm 2026")]),
            at(&[(2, "Người lập biểu"), (12, "HIỆU TRƯỞNG")]),
            at(&[(2, "(Ký, ghi rõ họ tên)"), (12, "(Ký, ghi rõ họ tên, đóng dấu)")]),
            at(&[(2, "Trần Thị Lan"), (12, "Nguyễn Văn Bình")]),
        ],
        vec![
            at(&[(2, "Người lập biểu"), (3, "HIỆU TRƯỞNG"), (9, "Kim Sơn, ngày 15 tháng 01 năm 2026")]),
            at(&[(3, "THỦ TRƯỞNG ĐƠN VỊ"), (9, "(Ký tên, đóng dấu)")]),
            vec![],
            at(&[(2, "Trần Thị Lan"), (3, "Nguyễn Văn Bình"), (9, "Lê Văn Cường")]),
        ],
    ];
    for ((k, signature), lines) in layouts.into_iter().enumerate().zip([3, 4, 3]) {
        let f = d.path(&format!("ky-{k}.xlsx"));
        let mut rows = vec![vec![t("DANH SÁCH ĐÁNH GIÁ CÔNG DÂN HỌC TẬP NĂM 2025")], head()];
        rows.extend((0..30).map(|i| person(i + 1, &format!("P{i:03}"), "U", "Giáo viên", 9.0)));
        rows.push(vec![]);
        rows.extend(signature);
        book::write(&f, vec![Sheet::new("DS", rows)]);
        let (code, rows, stderr) = assess_csv(&[&f], &[]);
        // By hand: 30 people, all Đạt; the signature block is nobody.
        assert_eq!(code, 0, "layout {k}: {stderr}");
        assert_eq!(units_of(&rows), ["U"], "layout {k}: no phantom unit: {stderr}");
        assert_eq!(count(&rows, "U"), ("30".into(), "30".into(), "0".into()), "layout {k}: {stderr}");
        assert_eq!(rows["TỔNG"]["so_nguoi"], "30");
        assert_eq!(rows["U"]["ty_le"], "100.00");
        let others = format!("bỏ qua {lines} dòng không phải người: {lines} chữ ký");
        assert!(stderr.contains(&others), "layout {k}: {stderr}");
    }
}

#[test]
fn group_titles_and_total_rows_are_not_people() {
    let d = Dir::new();
    let line = |cells: &[&str]| cells.join(";") + "\n";
    let mut text = line(&["STT", "Mã định danh", "Họ và tên", "Mã đơn vị", "Đối tượng"]).trim_end().to_string();
    text += &format!(";{}\n", CODES.join(";"));
    text += &line(&["I. CÁN BỘ, GIÁO VIÊN, NHÂN VIÊN"]);
    let score_cells = |s: &str| [s; 10].join(";");
    for i in 0..5 {
        text += &format!("{};GV{i};Người {i};U;Giáo viên;{}\n", i + 1, score_cells("9"));
    }
    text += &line(&["II. HỌC SINH"]);
    text += &line(&["Khối 5"]);
    for i in 0..10 {
        text += &format!("{};HS{i};Học sinh {i};U;Học sinh;{}\n", i + 6, score_cells("8,5"));
    }
    // A total with sums under the score columns, and a closing count.
    text += &format!("Cộng;;;;;{}\n", score_cells("130"));
    text += &line(&["Tổng cộng: 15 người"]);
    let f = d.write("nhom.csv", text);
    let (code, rows, stderr) = assess_csv(&[&f], &[]);
    // By hand: 5 staff and 10 pupils, all Đạt.
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(units_of(&rows), ["U"]);
    assert_eq!(count(&rows, "U"), ("15".into(), "15".into(), "0".into()), "{stderr}");
    assert!(stderr.contains("bỏ qua 5 dòng không phải người: 3 tiêu đề nhóm, 2 dòng tổng"), "{stderr}");
    assert!(stderr.contains("nhom.csv, dòng 2: không tính là người (tiêu đề nhóm)"), "{stderr}");
    assert!(stderr.contains("nhom.csv, dòng 20: không tính là người (dòng tổng)"), "{stderr}");
}

#[test]
fn class_blocks_with_repeated_headers_count_each_pupil_once() {
    let d = Dir::new();
    let f = d.path("vnedu.xlsx");
    let mut rows = vec![
        at(&[(0, "SỞ GIÁO DỤC VÀ ĐÀO TẠO NINH BÌNH"), (6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]),
        at(&[(0, "TRƯỜNG TIỂU HỌC KIM SƠN"), (6, "Độc lập - Tự do - Hạnh phúc")]),
        vec![t("BÁO CÁO ĐÁNH GIÁ CÔNG DÂN HỌC TẬP THEO LỚP")],
    ];
    let mut id = 0;
    for (class, pupils) in [("3A", 3), ("3B", 4)] {
        rows.push(at(&[(0, "Từ ngày: 01/09/2025"), (3, "Đến ngày: 31/12/2025"), (6, "Khối: 3")]));
        rows.push(vec![t(&format!("Lớp: {class}"))]);
        rows.push(head());
        for i in 0..pupils {
            id += 1;
            rows.push(person(i + 1, &format!("37{id:08}"), "TH-KS", "Học sinh", 9.0));
        }
        rows.push(vec![t(&format!("Tổng số: {pupils} học sinh"))]);
    }
    book::write(&f, vec![Sheet::new("Tất cả các lớp", rows)]);
    let (code, rows, stderr) = assess_csv(&[&f], &[]);
    // By hand: 3 + 4 = 7 pupils.
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(units_of(&rows), ["TH-KS"]);
    assert_eq!(count(&rows, "TH-KS"), ("7".into(), "7".into(), "0".into()), "{stderr}");
    // The first block's info rows are above the header; the second block's, its header and
    // both totals are listed.
    assert!(
        stderr.contains("bỏ qua 5 dòng không phải người: 1 tiêu đề lặp lại, 2 tiêu đề nhóm, 2 dòng tổng"),
        "{stderr}"
    );
}

#[test]
fn named_people_without_id_or_scores_are_counted_at_the_end_and_in_the_middle() {
    let d = Dir::new();
    let mut text = format!("{HEADER}\n");
    // A name and a unit, the other 13 cells blank.
    let unscored = |name: &str| format!(",{name},U,Đơn vị U{}\n", ",".repeat(13));
    for i in 0..24 {
        if i == 12 {
            text += &unscored("Nguyễn Văn Giữa");
        }
        text += &row(&format!("P{i:02}"), "U", "Giáo viên", &scores_for(90));
        text += "\n";
    }
    text += &unscored("Trần Thị Cuối");
    let f = d.write("ds.csv", text);
    let (code, rows, stderr) = assess_csv(&[&f], &[]);
    // By hand: 24 scored people and two named people of unit U without id or scores: 26
    // people, 24 Đạt, 2 Lỗi: 92.30%, short of 97%.
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(units_of(&rows), ["U"]);
    assert_eq!(count(&rows, "U"), ("26".into(), "24".into(), "2".into()), "{stderr}");
    assert_eq!(rows["U"]["ty_le"], "92.30");
    assert!(stderr.contains("ds.csv, dòng 14, cột \"ma_dinh_danh\""), "{stderr}");
    assert!(stderr.contains("ds.csv, dòng 27, cột \"ma_dinh_danh\""), "{stderr}");
}

#[test]
fn a_csv_row_with_an_unquoted_decimal_comma_is_an_error_not_cut() {
    let d = Dir::new();
    let header = format!("Mã định danh,Họ và tên,Mã đơn vị,Đối tượng,{}", CODES.join(","));
    let good = |id: &str| format!("{id},An,U,Giáo viên,{}", ["9"; 10].join(","));
    // "9,5" unquoted: 15 fields, not 14. Cut to 14 the row would read 9, 5, 9 … 9 = 86
    // points, Đạt, and the failing last score (4) would be lost.
    let bad = format!("X3,Bình,U,Giáo viên,9,5,{},4", ["9"; 8].join(","));
    let f = d.write("phay.csv", format!("{header}\n{}\n{}\n{bad}\n", good("X1"), good("X2")));
    let (code, rows, stderr) = assess_csv(&[&f], &[]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(count(&rows, "U"), ("3".into(), "2".into(), "1".into()), "{stderr}");
    assert!(
        stderr.contains("phay.csv, dòng 4: dòng có 15 ô nhưng dòng tiêu đề có 14 ô")
            && stderr.contains("dấu phẩy thập phân (như 9,5)"),
        "{stderr}"
    );
    // A row with fewer fields is an error too, never padded.
    let short = d.write("ngan.csv", format!("{header}\n{}\nX4,Cúc,U,Giáo viên,9,9\n", good("X1")));
    let (_, rows, stderr) = assess_csv(&[&short], &[]);
    assert_eq!(count(&rows, "U"), ("2".into(), "1".into(), "1".into()), "{stderr}");
    assert!(stderr.contains("dòng có 6 ô nhưng dòng tiêu đề có 14 ô"), "{stderr}");
}

/// An .xlsx with the document property this tool puts in its outputs.
fn marked_xlsx(path: &Path, kind: &str, rows: &[Vec<Cell>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    book::write_rows(ws, rows);
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_custom_property("hoctap", kind));
    book.save(path).unwrap();
}

#[test]
fn folders_skip_timetables_and_earlier_outputs_but_read_templates() {
    let d = Dir::new();
    let root = d.path("truong");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("ds.csv"), roster("A", 5, 0)).unwrap();
    book::write(
        &root.join("tkb.xlsx"),
        vec![Sheet::new(
            "TKB",
            vec![
                vec![t("THỜI KHÓA BIỂU HỌC KỲ I")],
                vec![t("Thứ"), t("Tiết"), t("6A"), t("6B")],
                vec![t("2"), n(1.0), t("Toán"), t("Văn")],
            ],
        )],
    );
    // An earlier persons output (its header ends with the mark column) repeating A's people.
    let mut out = format!("{HEADER},hoctap\n");
    for i in 0..5 {
        out += &format!("{},nguoi\n", row(&format!("A-{i:05}"), "A", "Giáo viên", &scores_for(90)));
    }
    std::fs::write(root.join("ket-qua-nguoi.csv"), out).unwrap();
    // An earlier Excel output holding a roster-like sheet, and a filled template (read).
    let roster_rows = |unit: &str, ids: &[&str]| {
        let mut rows = vec![head()];
        rows.extend(ids.iter().enumerate().map(|(i, id)| person(i + 1, id, unit, "Giáo viên", 9.0)));
        rows
    };
    marked_xlsx(&root.join("bao-cao.xlsx"), "bao-cao", &roster_rows("A", &["A-00000", "A-00001"]));
    marked_xlsx(&root.join("mau-da-dien.xlsx"), "mau", &roster_rows("M", &["M1", "M2", "M3"]));

    let (code, v, stderr) = json(&[&root], &[]);
    // By hand: 5 people of A and 3 of M; nothing counted twice.
    assert_eq!(code, 0, "{stderr}");
    let units: Vec<(&str, u64)> = v["don_vi"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["ma_don_vi"].as_str().unwrap(), u["so_nguoi"].as_u64().unwrap()))
        .collect();
    assert_eq!(units, [("A", 5), ("M", 3)], "{stderr}");
    assert_eq!(v["tong"]["so_trung"].as_u64(), Some(0));
    let skipped: Vec<(String, String)> = v["tep"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["bo_qua"].is_null())
        .map(|f| {
            let name = Path::new(f["tep"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned();
            (name, f["bo_qua"].as_str().unwrap().to_string())
        })
        .collect();
    let says = |file: &str, why: &str| skipped.iter().any(|(f, r)| f == file && r.contains(why));
    assert!(says("bao-cao.xlsx", "tệp kết quả do hoctap ghi"), "{skipped:?}");
    assert!(says("ket-qua-nguoi.csv", "tệp kết quả do hoctap ghi"), "{skipped:?}");
    assert!(says("tkb.xlsx", "không trang nào có dòng tiêu đề"), "{skipped:?}");
    assert!(!skipped.iter().any(|(f, _)| f == "mau-da-dien.xlsx"), "a template is read: {skipped:?}");
    assert!(stderr.contains("Cảnh báo: ") && stderr.contains("tkb.xlsx: bỏ qua:"), "{stderr}");
    assert!(stderr.contains("Tóm tắt: 2 tệp, 8 dòng đọc"), "{stderr}");

    // Only the timetable: no roster at all, the run stops.
    let lone = d.path("chi-tkb");
    std::fs::create_dir_all(&lone).unwrap();
    std::fs::copy(root.join("tkb.xlsx"), lone.join("tkb.xlsx")).unwrap();
    hoctap()
        .arg("assess")
        .arg(&lone)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("tkb.xlsx"))
        .stderr(predicates::str::contains("không tìm thấy dòng tiêu đề"));
}

#[test]
fn conflicting_duplicates_give_the_same_report_in_either_order() {
    let d = Dir::new();
    // X1 in A (Đạt) and in B (Chưa đạt): a conflict. Y1 twice alike: a plain duplicate.
    let a = d.write(
        "a.csv",
        format!(
            "{HEADER}\n{}\n{}\n{}\n",
            row("X1", "A", "Giáo viên", &scores_for(90)),
            row("Y1", "A", "Giáo viên", &scores_for(90)),
            row("A2", "A", "Giáo viên", &scores_for(90)),
        ),
    );
    let b = d.write(
        "b.csv",
        format!(
            "{HEADER}\n{}\n{}\n{}\n",
            row("B1", "B", "Giáo viên", &scores_for(90)),
            row("X1", "B", "Giáo viên", &scores_for(60)),
            row("Y1", "A", "Giáo viên", &scores_for(90)),
        ),
    );
    let run = |files: [&Path; 2]| hoctap().arg("assess").args(files).args(["--format", "csv"]).output().unwrap();
    let (ab, ba) = (run([&a, &b]), run([&b, &a]));
    assert_eq!(String::from_utf8_lossy(&ab.stdout), String::from_utf8_lossy(&ba.stdout));
    let rows: HashMap<String, HashMap<String, String>> =
        parse_csv(&String::from_utf8(ab.stdout).unwrap()).into_iter().map(|r| (r["ma_don_vi"].clone(), r)).collect();
    // By hand: A counts X1 (once, as Lỗi), Y1 (once) and A2; B counts B1; X1's copy in B and
    // Y1's second copy are Trùng.
    assert_eq!(count(&rows, "A"), ("3".into(), "2".into(), "1".into()));
    assert_eq!(count(&rows, "B"), ("1".into(), "1".into(), "0".into()));
    assert_eq!((rows["A"]["so_trung"].as_str(), rows["B"]["so_trung"].as_str()), ("1", "1"));
    assert_eq!(rows["TỔNG"]["so_nguoi"], "4");
    let stderr = String::from_utf8(ab.stderr).unwrap();
    assert!(stderr.contains("mã định danh X1 có 2 bản ghi khác nhau"), "{stderr}");
    assert!(stderr.contains(&format!("dòng 2 tệp {} (đơn vị A)", a.display())), "{stderr}");
    assert!(stderr.contains("b.csv, dòng 4, cột \"ma_dinh_danh\": trùng mã định danh Y1 với dòng 3 tệp"), "{stderr}");
    // `inspect` settles a conflict within one file the same way.
    let c = d.write(
        "c.csv",
        format!(
            "{HEADER}\n{}\n{}\n",
            row("Z1", "A", "Giáo viên", &scores_for(90)),
            row("Z1", "A", "Giáo viên", &scores_for(60))
        ),
    );
    let inspect = String::from_utf8(hoctap().arg("inspect").arg(&c).output().unwrap().stdout).unwrap();
    assert!(inspect.contains("Kết quả nếu chấm: 0 đạt, 0 chưa đạt, 1 lỗi, 0 loại trừ, 1 trùng"), "{inspect}");
    assert!(inspect.contains("dòng 3, cột \"ma_dinh_danh\": mã định danh Z1 khác bản ghi ở dòng 2"), "{inspect}");
    // The person list agrees with the report, in either order.
    for files in [[&a, &b], [&b, &a]] {
        let p = d.path("p.csv");
        hoctap().arg("assess").args(files).args(["-q", "--exit-zero", "--persons"]).arg(&p).assert().code(0);
        let people = parse_csv(&d.read("p.csv"));
        let x1: Vec<(&str, &str)> = people
            .iter()
            .filter(|r| r["ma_dinh_danh"] == "X1")
            .map(|r| (r["ma_don_vi"].as_str(), r["ket_qua"].as_str()))
            .collect();
        let mut x1 = x1;
        x1.sort();
        assert_eq!(x1, [("A", "Lỗi"), ("B", "Trùng")]);
    }
}

#[test]
fn missing_columns_name_the_header_row_the_matches_and_every_accepted_name() {
    let d = Dir::new();
    let f = d.write(
        "thieu.csv",
        format!(
            "DANH SÁCH NĂM 2025\nMã định danh;Họ và tên;Ghi chú;{}\n1;An;GV;{}\n",
            CODES.join(";"),
            ["9"; 10].join(";")
        ),
    );
    let expected = [
        "thiếu cột bắt buộc: doi_tuong (tên cột chấp nhận: \"doi_tuong\", \"Đối tượng\"",
        // Every accepted name, to the last: the job-title columns that serve as the group.
        "\"Chức vụ\"",
        "\"Vị trí việc làm\"",
        "\"Chức danh\"",
        "Dòng được coi là tiêu đề: dòng 2",
        "A \"Mã định danh\" → ma_dinh_danh, B \"Họ và tên\" → ho_ten, D \"1.1\" → chi_so_1_1",
    ];
    let out = hoctap().arg("assess").arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let inspect = String::from_utf8(hoctap().arg("inspect").arg(&f).output().unwrap().stdout).unwrap();
    for e in expected {
        assert!(stderr.contains(e), "assess: {e}\n{stderr}");
        assert!(inspect.contains(e), "inspect: {e}\n{inspect}");
    }
}

#[test]
fn a_unit_file_takes_no_unit_from_totals_or_signatures() {
    let d = Dir::new();
    let units = d.write(
        "don-vi.csv",
        "DANH SÁCH ĐƠN VỊ\nMã đơn vị,Tên đơn vị,Cơ sở giáo dục\nA,Trường A,Có\nB,Trường B,Có\nTổng cộng: 2 đơn vị,,\n,,\nHIỆU TRƯỞNG,,\nNguyễn Văn Bình,,\n",
    );
    let (code, out) = {
        let o = hoctap().args(["inspect", "--units"]).arg(&units).output().unwrap();
        (o.status.code().unwrap(), String::from_utf8(o.stdout).unwrap())
    };
    assert_eq!(code, 1, "rows that are not units are named: {out}");
    assert!(out.contains("  Số đơn vị: 2"), "{out}");
    assert!(out.contains("dòng 5: không phải dòng đơn vị (dòng tổng)"), "{out}");
    let roster = d.write("ds.csv", roster("A", 2, 0));
    let (_, v, stderr) = json(&[&roster], &["--units", units.to_str().unwrap()]);
    let codes: Vec<&str> = v["don_vi"].as_array().unwrap().iter().map(|u| u["ma_don_vi"].as_str().unwrap()).collect();
    assert_eq!(codes, ["A", "B"], "{stderr}");
    assert_eq!(v["tep_don_vi"]["dong_khong_phai_nguoi"]["dong_tong"].as_u64(), Some(1), "{v}");
    assert_eq!(v["tep_don_vi"]["dong_khong_phai_nguoi"]["chu_ky"].as_u64(), Some(2), "{v}");
}

#[test]
fn byte_ranges_classify_rows_as_the_single_pass_with_signature_blocks_inside() {
    let d = Dir::new();
    // Class blocks, each closed by a total and a signature block, so that range boundaries fall
    // inside signature blocks and between them.
    let mut text = format!("{HEADER}\n");
    let blank = ",".repeat(16);
    for block in 0..40 {
        text += &format!("Lớp: {block}A{blank}\n");
        for i in 0..30 {
            text += &row(&format!("{block:02}{i:03}"), "U", "Học sinh", &scores_for(if i == 7 { 60 } else { 90 }));
            text += "\n";
        }
        text += &format!("Tổng số: 30{blank}\n");
        text += &format!(",Người lập biểu,HIỆU TRƯỞNG{}\n", ",".repeat(14));
        text += &format!(",Trần Thị Lan,Nguyễn Văn Bình{}\n", ",".repeat(14));
    }
    let f = d.write("khoi.csv", text);
    let run = |extra: &[&str]| {
        hoctap()
            .arg("assess")
            .arg(&f)
            .args(["--format", "json", "--exit-zero", "-q"])
            .args(extra)
            .output()
            .unwrap()
            .stdout
    };
    let one = run(&["--threads", "1"]);
    for part in ["2048", "4096", "9000"] {
        assert_eq!(
            String::from_utf8_lossy(&one),
            String::from_utf8_lossy(&run(&["--threads", "3", "--part-size", part])),
            "parts of {part}"
        );
    }
    let v: serde_json::Value = serde_json::from_slice(&one).unwrap();
    // By hand: 40 × 30 pupils, 40 Chưa đạt; 40 class titles, 40 totals, 80 signature rows.
    assert_eq!((v["tong"]["so_nguoi"].as_u64(), v["tong"]["so_dat"].as_u64()), (Some(1200), Some(1160)));
    let others = &v["tep"][0]["dong_khong_phai_nguoi"];
    assert_eq!(
        (others["tieu_de_nhom"].as_u64(), others["dong_tong"].as_u64(), others["chu_ky"].as_u64()),
        (Some(40), Some(40), Some(80))
    );
}
