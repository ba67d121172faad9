//! Spreadsheets as officers have them: title rows, merged two-row headers, split name columns,
//! numbers stored as numbers or text, dates, damaged ids, several sheets. Each file kind must
//! give the same report as the same people in a clean CSV, or stop with a message that names
//! the file, the sheet, the line, the column and the remedy.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::book::{self, Cell, Sheet, n, t};
use crate::support::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

const CODES: [&str; 10] = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"];

/// The people of tests/fixtures/title_rows_merged_header.{xls,ods} as a clean CSV.
fn fixture_twin_csv() -> String {
    let people: [(&str, &str, &str, [&str; 10]); 7] = [
        ("3711091495", "Nguyễn Văn An", "Giáo viên", ["9"; 10]),
        ("3711091496", "Trần Thị Bình", "Giáo viên", ["8", "7.5", "8", "8", "8", "8", "8", "8", "8", "8"]),
        ("3711091497", "Lê Hoàng Cường", "Nhân viên", ["8"; 10]),
        ("3711091498", "Phạm Thu Dung", "Học sinh", ["10", "10", "10", "10", "10", "10", "10", "10", "10", "4.5"]),
        ("3711091499", "Đỗ Minh Đức", "Học sinh", ["9.5"; 10]),
        ("3711091500", "Vũ Thị Hà", "Giáo viên", ["8.5"; 10]),
        ("3711091501", "Hoàng Văn Khải", "Hiệu trưởng", ["10"; 10]),
    ];
    let mut out = format!("Mã định danh,Họ và tên,Mã trường,Đối tượng,{}\n", CODES.join(","));
    for (id, name, role, scores) in people {
        out += &format!("{id},{name},37-THCS-NH,{role},{}\n", scores.join(","));
    }
    out
}

fn unit_rows(args: &[&Path]) -> HashMap<String, HashMap<String, String>> {
    let (_, rows, stderr) = assess_csv(args, &[]);
    assert!(!rows.is_empty(), "{stderr}");
    rows
}

#[test]
fn xls_and_ods_with_title_rows_and_merged_headers_score_like_the_same_csv() {
    let d = Dir::new();
    let csv = d.write("37-THCS-NH.csv", fixture_twin_csv());
    let expected = unit_rows(&[&csv]);
    let u = &expected["37-THCS-NH"];
    assert_eq!(
        [&u["so_nguoi"], &u["so_dat"], &u["ty_le"], &u["can_them"], &u["thanh_vien_so_dat"], &u["nguoi_hoc_so_dat"]],
        ["7", "5", "71.42", "2", "4", "1"]
    );
    // Where each row was read differs between the twins (file, sheet, line); nothing else.
    let without_location = |mut people: HashMap<String, HashMap<String, String>>| {
        for p in people.values_mut() {
            assert!(p.remove("tep").is_some() && p.remove("dong").is_some(), "every row says where it was read");
        }
        people
    };
    let expected_people = without_location(persons(&d, &[&csv], &[]));
    assert_eq!(expected_people["3711091496"]["tong_diem"], "79.5");
    assert_eq!(expected_people["3711091500"]["tong_diem"], "85");
    for name in ["title_rows_merged_header.xls", "title_rows_merged_header.ods"] {
        let f = fixture(name);
        assert_eq!(unit_rows(&[&f]), expected, "{name}");
        assert_eq!(without_location(persons(&d, &[&f], &[])), expected_people, "{name}");
    }
    // Date cells read as the sheet shows them: read both files, so the second one's rows are
    // duplicates and come back in --rows-with-errors with their original cells.
    for (first, second) in [("xls", "ods"), ("ods", "xls")] {
        let out = d.path(&format!("loi-{second}.csv"));
        hoctap()
            .args(["assess", "-q", "--rows-with-errors"])
            .arg(&out)
            .arg(fixture(&format!("title_rows_merged_header.{first}")))
            .arg(fixture(&format!("title_rows_merged_header.{second}")))
            .assert()
            .code(1);
        let rows = parse_csv(&std::fs::read_to_string(&out).unwrap());
        assert_eq!(rows.len(), 7, "{second}");
        let born: Vec<&str> = rows.iter().map(|r| r["Ngày sinh"].as_str()).collect();
        assert_eq!(born[..3], ["15/03/1985", "02/11/1990", "20/07/1979"], "{second}");
        assert_eq!((rows[1]["1.2"].as_str(), rows[5]["1.1"].as_str()), ("7.5", "8,5"), "{second}");
        assert_eq!(rows[0]["Kết quả"], "Trùng");
    }
    // "Họ đệm" + "Tên" are joined; the .xls roster is on its second sheet.
    let out = hoctap().arg("inspect").arg(fixture("title_rows_merged_header.xls")).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("Trang tính: \"DS CDHT\" (trang 2 trong 2: \"Bia\", \"DS CDHT\")"), "{text}");
    assert!(text.contains("ghép  \"Họ đệm + Tên\" → ho_ten"), "{text}");
    assert!(text.contains("Số dòng dữ liệu: 7 (bỏ qua 1 dòng trống)"), "{text}");
}

/// A school's export as Excel saves it: two title rows (one merged across), a blank row, a
/// two-row header with "Chỉ số" merged over the indicator codes, ids as text, scores as
/// numbers (7.5 a float, 8 an integer) or text ("8,5"), birth dates as date cells.
fn school_sheet(people: &[(Cell, &str, Cell, Vec<Cell>)]) -> Sheet {
    let width = 5 + CODES.len() as u16;
    let mut rows = vec![
        vec![t("TRƯỜNG THCS NINH HẢI")],
        vec![t("DANH SÁCH ĐÁNH GIÁ CÔNG DÂN HỌC TẬP NĂM 2025")],
        vec![],
        vec![t("STT"), t("Mã định danh"), t("Họ và tên"), t("Ngày sinh"), t("Đối tượng")],
        [vec![Cell::Blank; 5], CODES.iter().map(|c| t(c)).collect()].concat(),
    ];
    for (i, (id, name, born, scores)) in people.iter().enumerate() {
        let mut row = vec![n(i as f64 + 1.0), id.clone(), t(name), born.clone(), t("Giáo viên")];
        row.extend(scores.iter().cloned());
        rows.push(row);
    }
    Sheet::new("DS", rows).merge(1, 0, 1, width - 1, "DANH SÁCH ĐÁNH GIÁ CÔNG DÂN HỌC TẬP NĂM 2025").merge(
        3,
        5,
        3,
        width - 1,
        "Chỉ số",
    )
}

fn nums(v: &[f64]) -> Vec<Cell> {
    v.iter().map(|x| n(*x)).collect()
}

#[test]
fn xlsx_numbers_as_numbers_or_text_and_dates_read_like_csv() {
    let d = Dir::new();
    let f = d.path("truong-nh.xlsx");
    book::write(
        &f,
        vec![school_sheet(&[
            (t("001"), "Lê Văn An", Cell::Date(1985, 3, 15), nums(&[8.5, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0])),
            (
                t("002"),
                "Trần Thị Bình",
                Cell::Date(1990, 11, 2),
                nums(&[7.5, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 7.5]),
            ),
            (t("003"), "Ngô An", Cell::Date(2001, 1, 9), vec![t("8,5"); 10]),
        ])],
    );
    let csv = d.write(
        "truong-nh.csv",
        "STT;Mã định danh;Họ và tên;Ngày sinh;Đối tượng;Chỉ số 1.1;1.2;1.3;1.4;2.1;2.2;2.3;2.4;3.1;3.2\n\
         1;001;Lê Văn An;15/03/1985;Giáo viên;8,5;8;8;8;8;8;8;8;8;8\n\
         2;002;Trần Thị Bình;02/11/1990;Giáo viên;7,5;8;8;8;8;8;8;8;8;7,5\n\
         3;003;Ngô An;09/01/2001;Giáo viên;8,5;8,5;8,5;8,5;8,5;8,5;8,5;8,5;8,5;8,5\n",
    );
    let from_csv = unit_rows(&[&csv]);
    assert_eq!(from_csv["truong-nh"]["so_dat"], "2");
    assert_eq!(unit_rows(&[&f]), from_csv);
    let p = persons(&d, &[&f], &[]);
    assert_eq!((p["001"]["tong_diem"].as_str(), p["002"]["tong_diem"].as_str()), ("80.5", "79"));
    assert_eq!(p["003"]["tong_diem"], "85");
}

#[test]
fn lines_are_sheet_rows_and_messages_name_the_sheet() {
    let d = Dir::new();
    let f = d.path("r.xlsx");
    let mut bad = nums(&[8.0; 10]);
    bad[1] = t("tám");
    book::write(
        &f,
        vec![school_sheet(&[
            (t("001"), "An", Cell::Blank, nums(&[8.0; 10])),
            (t("002"), "Bình", Cell::Blank, bad),
            (t("003"), "Cúc", Cell::Blank, nums(&[8.0; 10])),
        ])],
    );
    let (code, _, stderr) = assess_csv(&[&f], &[]);
    assert_eq!(code, 1);
    // Title rows 1–2, blank row 3, header rows 4–5: "Bình" is on row 7.
    assert!(
        stderr.contains("r.xlsx, trang \"DS\", dòng 7, cột \"1.2\": điểm chỉ số 1.2 \"tám\" không phải là số"),
        "{stderr}"
    );
    assert!(
        // "Ngày sinh" is a known column (kept for the per-person output), not an ignored one.
        stderr.contains("r.xlsx, trang \"DS\", dòng 4: các cột không dùng đến, được bỏ qua: STT\n"),
        "{stderr}"
    );
}

#[test]
fn ids_stored_as_numbers_or_without_their_leading_zero_are_refused() {
    let d = Dir::new();
    let f = d.path("ids.xlsx");
    let head = [vec![t("Số CCCD"), t("Họ và tên"), t("Đối tượng")], CODES.iter().map(|c| t(c)).collect()].concat();
    let person = |id: Cell, name: &str| [vec![id, t(name), t("Giáo viên")], nums(&[9.0; 10])].concat();
    book::write(
        &f,
        vec![Sheet::new(
            "CB",
            vec![
                head,
                person(t("037201001234"), "Đúng"),
                person(n(37201001235.0), "Số"),
                person(t("37201001236"), "Mất số 0"),
                person(t("3,72010E+11"), "Khoa học"),
                person(n(3711091495.0), "Mã số"),
            ],
        )],
    );
    let (code, rows, stderr) = assess_csv(&[&f], &[]);
    assert_eq!(code, 1);
    assert_eq!((rows["ids"]["so_nguoi"].as_str(), rows["ids"]["so_loi"].as_str()), ("5", "4"), "{stderr}");
    let at = |line: u32| format!("ids.xlsx, trang \"CB\", dòng {line}, cột \"Số CCCD\": ");
    for (line, message) in [
        (
            3,
            "Số định danh cá nhân (số CCCD) \"37201001235\" có 11 chữ số, đúng ra có 12 (12 chữ số, bắt đầu bằng 0): số 0 đầu đã bị Excel bỏ khi cột lưu dạng số. Sửa cả cột một lần: chọn cột, Format Cells (Ctrl+1) → Custom, gõ 000000000000",
        ),
        (4, "Số định danh cá nhân (số CCCD) \"37201001236\" có 11 chữ số, đúng ra có 12"),
        (5, "mã định danh \"3,72010E+11\" đã bị Excel đổi thành số dạng lũy thừa"),
        (
            6,
            "Số định danh cá nhân (số CCCD) \"3711091495\" được lưu dạng số và không đúng dạng 12 chữ số, bắt đầu bằng 0",
        ),
    ] {
        assert!(stderr.contains(&format!("{}{message}", at(line))), "line {line}: {stderr}");
    }
    // One message per id cell: the number rule replaces the 11-digit one.
    assert_eq!(stderr.matches("37201001235").count(), 1, "{stderr}");
    // The same lost zero in a CSV (Excel saved the number as it showed it).
    let csv = d.write(
        "ids.csv",
        format!("CCCD,Họ và tên,Đối tượng,{}\n37201001236,A,GV,{}\n", CODES.join(","), ["9"; 10].join(",")),
    );
    let (_, _, stderr) = assess_csv(&[&csv], &[]);
    assert!(
        stderr.contains("ids.csv, dòng 2, cột \"CCCD\": Số định danh cá nhân (số CCCD) \"37201001236\" có 11 chữ số"),
        "{stderr}"
    );
}

#[test]
fn split_name_columns_are_joined_and_one_alone_is_not_enough() {
    let d = Dir::new();
    let text = format!(
        "Mã định danh;Họ đệm;Tên;Đối tượng;{}\n001;Nguyễn Thị Thu;Hương;Giáo viên;{}\n002;;Lan;Giáo viên;{}\n",
        CODES.join(";"),
        ["9"; 10].join(";"),
        ["9"; 10].join(";")
    );
    let f = d.write("r.csv", &text);
    let p = persons(&d, &[&f], &[]);
    assert_eq!(p["001"]["ho_ten"], "Nguyễn Thị Thu Hương");
    assert_eq!(p["002"]["ho_ten"], "Lan");
    // The same in a sheet.
    let x = d.path("r.xlsx");
    let rows: Vec<Vec<Cell>> = text.lines().map(|l| l.split(';').map(t).collect()).collect();
    book::write(&x, vec![Sheet::new("Sheet1", rows)]);
    assert_eq!(persons(&d, &[&x], &[])["001"]["ho_ten"], "Nguyễn Thị Thu Hương");
    // "Tên" without "Họ đệm" or "Họ và tên": the missing field names both ways to give it.
    let g =
        d.write("g.csv", format!("Mã định danh,Tên,Đối tượng,{}\n1,An,GV,{}\n", CODES.join(","), ["9"; 10].join(",")));
    hoctap()
        .arg("assess")
        .arg(&g)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "thiếu cột bắt buộc: ho_ten (tên cột chấp nhận: \"ho_ten\", \"hai cột Họ đệm + Tên\", \"Họ và tên\", \"Họ tên\", \"Họ và tên học sinh\"",
        ))
        .stderr(predicates::str::contains(
            "Dòng được coi là tiêu đề: dòng 1; các cột đã nhận ra: A \"Mã định danh\" → ma_dinh_danh, C \"Đối tượng\" → doi_tuong",
        ));
    // With "Họ và tên" present, the split columns are not used and are listed as ignored.
    let h = d.write(
        "h.csv",
        format!(
            "Mã định danh,Họ và tên,Họ đệm,Tên,Đối tượng,{}\n1,Lê An,X,Y,GV,{}\n",
            CODES.join(","),
            ["9"; 10].join(",")
        ),
    );
    let (_, _, stderr) = assess_csv(&[&h], &[]);
    assert!(stderr.contains("các cột không dùng đến, được bỏ qua: Họ đệm, Tên"), "{stderr}");
    assert_eq!(persons(&d, &[&h], &[])["1"]["ho_ten"], "Lê An");
}

#[test]
fn header_errors_in_sheets_name_the_sheet_and_the_columns() {
    let d = Dir::new();
    let codes: Vec<Cell> = CODES.iter().map(|c| t(c)).collect();
    let twice = d.path("twice.xlsx");
    book::write(
        &twice,
        vec![Sheet::new(
            "DS",
            vec![[vec![t("Mã HS"), t("MSHS"), t("Họ và tên"), t("Đối tượng")], codes.clone()].concat()],
        )],
    );
    hoctap().arg("assess").arg(&twice).assert().code(2).stderr(predicates::str::contains(
        "twice.xlsx, trang \"DS\": hai cột \"Mã HS\" và \"MSHS\" cùng là ma_truong; hãy xóa hoặc đổi tên một cột",
    ));
    let missing = d.path("missing.xlsx");
    book::write(&missing, vec![Sheet::new("DS", vec![[vec![t("Mã định danh"), t("Họ và tên")], codes].concat()])]);
    hoctap().arg("assess").arg(&missing).assert().code(2).stderr(predicates::str::contains(
        "missing.xlsx, trang \"DS\": thiếu cột bắt buộc: doi_tuong (tên cột chấp nhận: \"doi_tuong\", \"Đối tượng\"",
    ));
    let nothing = d.path("nothing.xlsx");
    book::write(&nothing, vec![Sheet::new("Bìa", vec![vec![t("Báo cáo")]]), Sheet::new("Ghi chú", vec![])]);
    hoctap().arg("assess").arg(&nothing).assert().code(2).stderr(predicates::str::contains(
        "nothing.xlsx, trang \"Bìa\": không tìm thấy dòng tiêu đề trong 30 dòng đầu",
    ));
}

fn roster_sheet(name: &str, unit: &str, people: usize) -> Sheet {
    let mut rows = vec![
        [vec![t("Mã định danh"), t("Họ và tên"), t("Mã đơn vị"), t("Đối tượng")], CODES.iter().map(|c| t(c)).collect()]
            .concat(),
    ];
    for i in 0..people {
        rows.push([vec![t(&format!("{unit}{i}")), t("X"), t(unit), t("Giáo viên")], nums(&[9.0; 10])].concat());
    }
    Sheet::new(name, rows)
}

#[test]
fn the_sheet_is_the_first_with_a_roster_or_the_one_named() {
    let d = Dir::new();
    let f = d.path("book.xlsx");
    let mut hidden = roster_sheet("Ẩn", "HID", 1);
    hidden.hidden = true;
    book::write(
        &f,
        vec![
            Sheet::new("Bìa", vec![vec![t("SỞ GDĐT NINH BÌNH")], vec![t("Báo cáo CDHT")]]),
            hidden,
            roster_sheet("Khối 6", "K6", 2),
            roster_sheet("Khối 7", "K7", 3),
        ],
    );
    // Every roster sheet is read, the hidden one too (and named as hidden); the cover is
    // named as skipped.
    let (_, rows, stderr) = assess_csv(&[&f], &[]);
    let mut units = rows.keys().filter(|k| *k != "TỔNG").cloned().collect::<Vec<_>>();
    units.sort();
    assert_eq!(units, ["HID", "K6", "K7"]);
    assert!(stderr.contains("book.xlsx, trang \"Ẩn\": trang tính bị ẩn trong Excel; vẫn được đọc"), "{stderr}");
    assert!(stderr.contains("book.xlsx, trang \"Bìa\": bỏ qua: không tìm thấy dòng tiêu đề"), "{stderr}");
    for pick in ["Khối 7", "khoi 7", "4"] {
        let (_, rows, stderr) = assess_csv(&[&f], &["--sheet", pick]);
        assert_eq!(rows.get("K7").map(|r| r["so_dat"].as_str()), Some("3"), "--sheet {pick}: {stderr}");
    }
    let (_, rows, _) = assess_csv(&[&f], &["--sheet", "2"]);
    assert!(rows.contains_key("HID"), "a hidden sheet can still be named");
    hoctap().args(["assess", "--sheet", "Khối 9"]).arg(&f).assert().code(2).stderr(predicates::str::contains(
        "book.xlsx: không có trang \"Khối 9\"; các trang của tệp: \"Bìa\", \"Ẩn\", \"Khối 6\", \"Khối 7\" (--trang nhận tên hoặc số thứ tự từ 1)",
    ));
    hoctap()
        .args(["assess", "--sheet", "9"])
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("book.xlsx: không có trang thứ 9;"));
}

#[test]
fn a_unit_file_may_be_a_spreadsheet() {
    let d = Dir::new();
    let roster = d.write("r.csv", roster("A", 5, 0));
    let units = d.path("don-vi.xlsx");
    book::write(
        &units,
        vec![Sheet::new(
            "Đơn vị",
            vec![
                vec![t("DANH SÁCH ĐƠN VỊ")],
                vec![t("Mã đơn vị"), t("Tên đơn vị"), t("Cơ sở giáo dục"), t("Chỉ tiêu 3.4")],
                vec![t("A"), t("Trường A"), t("Có"), t("Không đạt")],
                vec![t("B"), t("Trường B"), t("Có"), t("Đạt")],
            ],
        )],
    );
    let (_, rows, stderr) = assess_csv(&[&roster], &["--units", units.to_str().unwrap()]);
    assert_eq!(rows["B"]["ten_don_vi"], "Trường B", "{stderr}");
    assert_eq!(rows["A"]["muc_do_dvht"], "Chưa đạt");
    assert!(rows["A"]["dvht_thieu"].split("; ").any(|c| c == "3.4"));
    let out =
        hoctap().args(["assess", "-q", "--format", "json"]).arg(&roster).arg("--units").arg(&units).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["tep_don_vi"]["dinh_dang"], "Excel (.xlsx)");
    assert_eq!(v["tep_don_vi"]["trang_tinh"], "Đơn vị");
}

#[test]
fn files_that_only_pretend_to_be_spreadsheets() {
    let d = Dir::new();
    let html = d.write("xuat-tu-web.xls", "<html><body><table><tr><td>Mã định danh</td></tr></table></body></html>");
    hoctap().arg("assess").arg(&html).assert().code(2).stderr(predicates::str::contains(
        "xuat-tu-web.xls: tệp mang đuôi .xls nhưng thực chất là trang HTML/XML (thường gặp ở tệp xuất từ phần mềm quản lý trên web), không phải Excel 97-2003 (.xls); mở tệp bằng Excel, chọn Lưu thành (Save As) → Excel Workbook (*.xlsx), rồi chạy lại với tệp .xlsx",
    ));
    // A tab-separated export under an .xls name is read as the text it is.
    let tsv = d.write("tsv.xls", roster("T", 2, 0).replace(',', "\t"));
    assert_eq!(assess_csv(&[&tsv], &[]).1["T"]["so_dat"], "2");
    // A real workbook under a .csv name is read as a workbook.
    let x = d.path("thuc-ra-la-excel.csv");
    book::write(&x, vec![roster_sheet("DS", "X", 2)]);
    assert_eq!(assess_csv(&[&x], &[]).1["X"]["so_dat"], "2");
    // A macro-enabled workbook is read like any .xlsx.
    let m = d.path("co-macro.xlsm");
    std::fs::copy(&x, &m).unwrap();
    assert_eq!(assess_csv(&[&m], &[]).1["X"]["so_dat"], "2");
    // A damaged workbook.
    let broken = d.write("hong.xlsx", b"PK\x03\x04 not really a zip");
    hoctap()
        .arg("assess")
        .arg(&broken)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("hong.xlsx: không mở được bảng tính Excel (.xlsx)"))
        .stderr(predicates::str::contains("tệp có thể hỏng hoặc có mật khẩu"));
}

#[test]
fn signatures_below_the_table_are_not_people_and_group_titles_get_one_message() {
    let d = Dir::new();
    let f = d.path("ky.xlsx");
    let head =
        [vec![t("STT"), t("Mã định danh"), t("Họ và tên"), t("Đối tượng")], CODES.iter().map(|c| t(c)).collect()]
            .concat();
    let person = |id: &str| [vec![n(1.0), t(id), t("An"), t("Giáo viên")], nums(&[9.0; 10])].concat();
    book::write(
        &f,
        vec![Sheet::new(
            "DS",
            vec![
                head,
                vec![t("I. CÁN BỘ QUẢN LÝ")],
                person("001"),
                vec![t("II. GIÁO VIÊN")],
                person("002"),
                vec![],
                vec![Cell::Blank, Cell::Blank, t("Ninh Hải, ngày 20 tháng 5 năm 2025")],
                vec![Cell::Blank, Cell::Blank, t("HIỆU TRƯỞNG")],
                vec![],
                vec![Cell::Blank, Cell::Blank, t("Nguyễn Văn Hiệu")],
            ],
        )],
    );
    let (code, rows, stderr) = assess_csv(&[&f], &[]);
    assert_eq!(code, 0, "{stderr}");
    let u = &rows["ky"];
    // The two group titles and the lines under the table are not people: each is listed,
    // and the summary line counts them by kind.
    assert_eq!((u["so_nguoi"].as_str(), u["so_dat"].as_str(), u["so_loi"].as_str()), ("2", "2", "0"), "{stderr}");
    assert!(stderr.contains("ky.xlsx, trang \"DS\", dòng 2: không tính là người (tiêu đề nhóm)"), "{stderr}");
    assert!(stderr.contains("ky.xlsx, trang \"DS\", dòng 4: không tính là người (tiêu đề nhóm)"), "{stderr}");
    for line in [7, 8, 10] {
        assert!(
            stderr.contains(&format!("ky.xlsx, trang \"DS\", dòng {line}: không tính là người (chữ ký)")),
            "{stderr}"
        );
    }
    assert_eq!(stderr.matches("thiếu điểm").count(), 0, "{stderr}");
    assert!(stderr.contains("Tóm tắt: 1 tệp, 2 dòng đọc"), "{stderr}");
    assert!(stderr.contains("bỏ qua 5 dòng không phải người: 2 tiêu đề nhóm, 3 chữ ký"), "{stderr}");
}

#[test]
fn a_score_excel_turned_into_a_date_is_named_as_such() {
    let d = Dir::new();
    let f = d.path("ngay.xlsx");
    let head = [vec![t("Mã định danh"), t("Họ và tên"), t("Đối tượng")], CODES.iter().map(|c| t(c)).collect()].concat();
    let mut scores = nums(&[9.0; 10]);
    scores[0] = Cell::Date(2025, 5, 7);
    let row = [vec![t("001"), t("An"), t("Giáo viên")], scores].concat();
    book::write(&f, vec![Sheet::new("DS", vec![head, row])]);
    let (_, _, stderr) = assess_csv(&[&f], &[]);
    assert!(
        stderr.contains("dòng 2, cột \"1.1\": điểm chỉ số 1.1 \"07/05/2025\" là ngày tháng: Excel đã đổi điểm gõ có dấu chấm (như 7.5) thành ngày; định dạng cột là Số hoặc Văn bản rồi nhập lại điểm"),
        "{stderr}"
    );
}

#[test]
fn a_workbook_can_come_on_stdin() {
    let d = Dir::new();
    let f = d.path("x.xlsx");
    book::write(&f, vec![roster_sheet("DS", "S", 3)]);
    let out = hoctap()
        .args(["assess", "-", "--format", "csv", "-q", "--don-vi", "S"])
        .write_stdin(std::fs::read(&f).unwrap())
        .output()
        .unwrap();
    let rows = parse_csv(&String::from_utf8(out.stdout).unwrap());
    assert_eq!((rows[0]["ma_don_vi"].as_str(), rows[0]["so_dat"].as_str()), ("S", "3"));
}

#[test]
fn a_unit_merged_down_beside_its_people_counts_for_each_of_them() {
    let d = Dir::new();
    let f = d.path("gop.xlsx");
    let head =
        [vec![t("Mã trường"), t("Mã định danh"), t("Họ và tên"), t("Đối tượng")], CODES.iter().map(|c| t(c)).collect()]
            .concat();
    let person = |unit: Cell, id: &str| [vec![unit, t(id), t("X"), t("Giáo viên")], nums(&[9.0; 10])].concat();
    book::write(
        &f,
        vec![
            Sheet::new(
                "DS",
                vec![
                    head,
                    person(t("A"), "1"),
                    person(Cell::Blank, "2"),
                    person(Cell::Blank, "3"),
                    person(t("B"), "4"),
                    person(Cell::Blank, "5"),
                ],
            )
            .merge(1, 0, 3, 0, "A")
            .merge(4, 0, 5, 0, "B"),
        ],
    );
    let (code, rows, stderr) = assess_csv(&[&f], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!((rows["A"]["so_dat"].as_str(), rows["B"]["so_dat"].as_str()), ("3", "2"));
}
