//! Outputs an officer can file or fix from: the Excel report, every finding, the failing rows
//! with their original columns, the Excel template; none may carry a formula from a roster.

use calamine::Data;

use crate::book::{self, Sheet, n, t};
use crate::support::*;

fn cell(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// Three units: A meets the target, B does not, C has an invalid row.
fn three_units(d: &Dir) -> std::path::PathBuf {
    let mut text = roster("A", 10, 0);
    text += &roster("B", 9, 1).lines().skip(1).map(|l| format!("{l}\n")).collect::<String>();
    let mut bad = scores_for(90);
    bad[3] = "11".into();
    text += &format!("{}\n", row("C-1", "C", "Giáo viên", &bad));
    text += &format!("{}\n", row("C-2", "C", "Học sinh", &scores_for(85)));
    d.write("r.csv", text)
}

#[test]
fn the_excel_report_has_every_sheet_with_numbers_percentages_and_highlights() {
    let d = Dir::new();
    let f = three_units(&d);
    let out = d.path("bao-cao.xlsx");
    hoctap().args(["assess", "-q", "-o"]).arg(&out).arg(&f).assert().code(1);
    let sheets = book::read(&out);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Đơn vị", "Người", "Phát hiện", "Tệp đã đọc", "Tiêu chí"]);

    // The table starts below the heading block of the printed report and ends above its notes.
    let top = sheets[0].1.iter().position(|r| cell(&r[0]) == "Mã đơn vị").expect("the table's header");
    let units: Vec<_> = sheets[0].1[top..].iter().take_while(|r| !cell(&r[0]).is_empty()).cloned().collect();
    let head: Vec<String> = units[0].iter().map(cell).collect();
    assert_eq!(head[..6], ["Mã đơn vị", "Tên đơn vị", "Số người", "Đạt CDHT", "Tỷ lệ %", "Mục tiêu 97%"]);
    let codes: Vec<String> = units.iter().skip(1).map(|r| cell(&r[0])).collect();
    assert_eq!(codes, ["A", "B", "C", "TỔNG"]);
    assert_eq!(units[1][2], Data::Float(10.0));
    assert_eq!(units[2][4], Data::Float(0.9), "9 of 10 is the number 0.9, shown as a percentage");
    assert_eq!(cell(&units[2][5]), "Chưa đạt");
    assert_eq!(units[2][6], Data::Float(1.0), "B needs one more");
    assert_eq!(units[3][12], Data::Float(1.0), "C has one invalid row");
    assert_eq!((units[4][2].clone(), units[4][3].clone()), (Data::Float(22.0), Data::Float(20.0)));

    let people = &sheets[1].1;
    assert_eq!(people.len(), 1 + 22);
    let header: Vec<String> = people[0].iter().map(cell).collect();
    assert_eq!(header[..5], ["Mã định danh", "Họ và tên", "Mã đơn vị", "Tên đơn vị", "Đối tượng"]);
    assert_eq!(header[5..], ["TC1", "TC2", "TC3", "Tổng điểm", "Ngưỡng", "Kết quả", "Lý do", "Mã khác", "Tệp", "Dòng"]);
    // Ids are shown normalised: "C-1" is "C1".
    let c1 = people.iter().find(|r| cell(&r[0]) == "C1").unwrap();
    assert_eq!(cell(&c1[10]), "Lỗi");
    assert_eq!(cell(&c1[11]), "chỉ số 1.4 = 11 ngoài khoảng 0–10");
    assert_eq!(c1[14], Data::Float(22.0), "its line in r.csv");
    let a0 = people.iter().find(|r| cell(&r[0]) == "A00000").unwrap();
    assert_eq!((a0[8].clone(), cell(&a0[10])), (Data::Float(90.0), "Đạt".to_string()));

    let findings = &sheets[2].1;
    assert!(findings.iter().any(|r| cell(&r[6]) == "chỉ số 1.4 = 11 ngoài khoảng 0–10" && r[2] == Data::Float(22.0)));
    assert_eq!(cell(&sheets[3].1[1][3]), "CSV");

    // Frozen header, autofilter, percentage format and the red fill of units below target.
    let ws = book::part(&out, "xl/worksheets/sheet1.xml");
    assert_eq!(top, 8, "the header row below the heading block");
    assert!(ws.contains(r#"<pane ySplit="9" topLeftCell="A10" activePane="bottomLeft" state="frozen"/>"#), "{ws}");
    assert!(ws.contains(r#"<autoFilter ref="A9:T12"/>"#), "the total row stays out of the filter: {ws}");
    assert!(ws.contains("<cols>"), "column widths are set");
    let styles = book::part(&out, "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="0.00%""#), "{styles}");
    assert!(styles.contains(r#"rgb="FFFFC7CE""#), "{styles}");
    for part in ["xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"] {
        let ws = book::part(&out, part);
        assert!(ws.contains("state=\"frozen\"") && ws.contains("<autoFilter"), "{part}");
    }

    // Same input, same bytes.
    let again = d.path("lan-2.xlsx");
    hoctap().args(["assess", "-q", "-o"]).arg(&again).arg(&f).assert().code(1);
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap());

    // Formats that contradict the name are refused before anything is read.
    hoctap()
        .args(["assess", "--format", "csv", "-o"])
        .arg(d.path("x.xlsx"))
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("tệp .xlsx là báo cáo Excel"));
    hoctap()
        .args(["assess", "--format", "xlsx"])
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("báo cáo Excel cần tên tệp: thêm -o bao-cao.xlsx"));
}

#[test]
fn the_screen_shows_the_first_findings_and_the_file_has_them_all() {
    let d = Dir::new();
    let mut text = format!("{HEADER},Ghi chú\n");
    for i in 0..5 {
        let mut s = scores_for(90);
        s[0] = "x".into();
        text += &format!("{},\n", row(&format!("E{i}"), "U", "Giáo viên", &s));
    }
    let f = d.write("r.csv", text);
    let out =
        hoctap().args(["assess", "--max-findings", "2", "--findings"]).arg(d.path("f.csv")).arg(&f).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("… và 4 phát hiện khác (4 lỗi); ghi tất cả bằng --phat-hien TỆP"), "{stderr}");
    let all = parse_csv(&d.read("f.csv"));
    assert_eq!(all.len(), 6);
    assert_eq!(
        all[0].keys().cloned().collect::<std::collections::BTreeSet<_>>(),
        ["cot", "dong", "gia_tri", "hoctap", "muc_do", "tep", "thong_bao", "trang_tinh"].map(String::from).into()
    );
    assert_eq!(
        (all[0]["muc_do"].as_str(), all[0]["thong_bao"].as_str()),
        ("Thông tin", "các cột không dùng đến, được bỏ qua: Ghi chú")
    );
    assert_eq!((all[5]["dong"].as_str(), all[5]["cot"].as_str(), all[5]["gia_tri"].as_str()), ("6", "chi_so_1_1", "x"));
    hoctap().args(["assess", "-q", "--findings"]).arg(d.path("f.json")).arg(&f).assert().code(1);
    let v: serde_json::Value = serde_json::from_str(&d.read("f.json")).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 6);
    assert_eq!(v[5]["thong_bao"], "điểm chỉ số 1.1 \"x\" không phải là số");
    assert_eq!(v[5]["trang_tinh"], serde_json::Value::Null);
    hoctap().args(["assess", "-q", "--findings"]).arg(d.path("f.xlsx")).arg(&f).assert().code(1);
    let sheets = book::read(&d.path("f.xlsx"));
    assert_eq!(sheets[0].0, "Phát hiện");
    assert_eq!(sheets[0].1.len(), 7);
}

#[test]
fn failing_rows_come_back_with_their_original_columns_and_the_reason() {
    let d = Dir::new();
    let text = "DANH SÁCH\n\
        STT;Mã định danh;Họ và tên;Ngày sinh;Đối tượng;CS1.1;CS1.2;CS1.3;CS1.4;CS2.1;CS2.2;CS2.3;CS2.4;CS3.1;CS3.2;Ghi chú\n\
        1;001;Lê An;01/02/1980;Giáo viên;9;9;9;9;9;9;9;9;9;9;\n\
        2;002;Mai Hoa;03/04/1981;12;9;9;9;9;9;9;9;9;9;9;chuyển từ trường khác\n\
        3;001;Lê An;01/02/1980;Giáo viên;9;9;9;9;9;9;9;9;9;9;nhập hai lần\n\
        4;004;Đào Minh;05/06/1982;Giáo viên;9;9;;9;9;9;9;9;9;9;\n";
    let f = d.write("truong.csv", text);
    let second = d.write(
        "khac.csv",
        format!(
            "Mã định danh,Họ và tên,Đối tượng,Lớp,{}\n005,X,Học sinh,6A,{}\n",
            "1.1,1.2,1.3,1.4,2.1,2.2,2.3,2.4,3.1,3.2", "9,9,9,9,9,9,9,9,9,"
        ),
    );
    hoctap().args(["assess", "-q", "--rows-with-errors"]).arg(d.path("loi.csv")).arg(&f).arg(&second).assert().code(1);
    let rows = parse_csv(&d.read("loi.csv"));
    let header = d.read("loi.csv").lines().next().unwrap().to_string();
    assert_eq!(
        header,
        "Tệp,Trang tính,Dòng,Kết quả,Lý do,STT,Mã định danh,Họ và tên,Ngày sinh,Đối tượng,CS1.1,CS1.2,CS1.3,CS1.4,CS2.1,CS2.2,CS2.3,CS2.4,CS3.1,CS3.2,Ghi chú,Lớp,hoctap"
    );
    let found: Vec<(String, String, String, String)> = rows
        .iter()
        .map(|r| (r["Dòng"].clone(), r["Kết quả"].clone(), r["Mã định danh"].clone(), r["Lý do"].clone()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "4".into(),
                "Lỗi".into(),
                "002".into(),
                "đối tượng \"12\" không có trong bộ tiêu chí (xem hoctap criteria)".into()
            ),
            ("5".into(), "Trùng".into(), "001".into(), "trùng mã định danh 001 với dòng 3; không tính lại".into()),
            ("6".into(), "Lỗi".into(), "004".into(), "thiếu điểm chỉ số 1.3".into()),
            ("2".into(), "Lỗi".into(), "005".into(), "thiếu điểm chỉ số 3.2".into()),
        ]
    );
    assert_eq!(rows[0]["Ghi chú"], "chuyển từ trường khác");
    assert_eq!(rows[0]["Ngày sinh"], "03/04/1981");
    // "Ngày sinh" and "Lớp" are known columns now (kept, never scored): still written back.
    // The second file's "1.1" is the same field as the first's "CS1.1": one column.
    assert_eq!((rows[3]["Lớp"].as_str(), rows[3]["Ghi chú"].as_str(), rows[3]["CS1.1"].as_str()), ("6A", "", "9"));
    assert!(rows[0]["Tệp"].ends_with("truong.csv"));

    // Fed back as a roster it is refused (read beside the original it would count people
    // twice), with what to do instead; the original columns make the fix in the original easy.
    let out = hoctap().arg("assess").arg(d.path("loi.csv")).args(["--don-vi", "U"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("tệp kết quả do hoctap ghi") && stderr.contains("sửa các dòng đó trong tệp danh sách gốc"),
        "{stderr}"
    );

    // As a workbook.
    hoctap().args(["assess", "-q", "--rows-with-errors"]).arg(d.path("loi.xlsx")).arg(&f).assert().code(1);
    let sheets = book::read(&d.path("loi.xlsx"));
    assert_eq!(sheets[0].0, "Dòng lỗi");
    assert_eq!(sheets[0].1.len(), 4);
    assert_eq!(cell(&sheets[0].1[1][6]), "002");
}

#[test]
fn formulas_from_a_roster_never_reach_excel_outputs() {
    let d = Dir::new();
    let mut bad = scores_for(90);
    bad[0] = "=1+1".into();
    let text = format!(
        "{HEADER}\n{}\n{}\n",
        row("=HYPERLINK(1)", "+U", "Giáo viên", &scores_for(90)).replace("Người =HYPERLINK(1)", "@SUM(A1)"),
        row("-2", "+U", "Giáo viên", &bad)
    );
    let f = d.write("r.csv", text.replace("Đơn vị +U", "=cmd|' /C calc'!A0"));
    for args in [vec!["-o", "bc.xlsx"], vec!["--findings", "f.xlsx"], vec!["--rows-with-errors", "loi.xlsx"]] {
        let paths: Vec<String> = args
            .iter()
            .map(|a| if a.contains('.') { d.path(a).display().to_string() } else { a.to_string() })
            .collect();
        hoctap().args(["assess", "-q"]).args(&paths).arg(&f).assert().code(1);
    }
    let cells: Vec<String> = ["bc.xlsx", "f.xlsx", "loi.xlsx"]
        .iter()
        .flat_map(|name| book::read(&d.path(name)))
        .flat_map(|(_, rows)| rows.into_iter().flatten().map(|c| cell(&c)))
        .collect();
    for dangerous in ["=HYPERLINK(1)", "@SUM(A1)", "+U", "=cmd|' /C calc'!A0", "-2", "=1+1"] {
        assert!(cells.iter().any(|c| *c == format!("'{dangerous}")), "{dangerous} is written neutralised");
        assert!(!cells.iter().any(|c| c == dangerous), "{dangerous} is never written as it came");
    }
    for name in ["bc.xlsx", "loi.xlsx"] {
        let ws = book::part(&d.path(name), "xl/worksheets/sheet1.xml");
        assert!(!ws.contains("<f>"), "no formula cell in {name}");
    }
}

#[test]
fn the_excel_template_explains_each_column_and_round_trips() {
    let d = Dir::new();
    let mau = d.path("mau.xlsx");
    hoctap().args(["template", "-o"]).arg(&mau).assert().code(0);
    let sheets = book::read(&mau);
    assert_eq!(sheets[0].0, "Danh sách");
    let header: Vec<String> = sheets[0].1[0].iter().map(cell).collect();
    assert_eq!(
        header,
        [
            "Mã định danh",
            "Họ và tên",
            "Mã đơn vị",
            "Tên đơn vị",
            "Đối tượng",
            "Vùng khó khăn",
            "Trạng thái",
            "Chỉ số 1.1",
            "Chỉ số 1.2",
            "Chỉ số 1.3",
            "Chỉ số 1.4",
            "Chỉ số 2.1",
            "Chỉ số 2.2",
            "Chỉ số 2.3",
            "Chỉ số 2.4",
            "Chỉ số 3.1",
            "Chỉ số 3.2"
        ]
    );
    assert_eq!(sheets[1].0, "Chỉ số");
    assert_eq!(sheets[1].1.len(), 11);
    assert_eq!(
        cell(&sheets[1].1[1][3]),
        "Đọc, cập nhật thông tin, kiến thức qua sách, báo, truyền hình, máy tính, điện thoại"
    );
    let notes = book::part(&mau, "xl/comments1.xml");
    assert!(
        notes.contains(
            "Chỉ số 1.1 — Năng lực tự học và học tập suốt đời (0–10 điểm; viết 7,5 hoặc 7.5): Đọc, cập nhật thông tin"
        ),
        "{notes}"
    );
    assert!(notes.contains("Giá trị chấp nhận: Cán bộ quản lý, CBQL"), "{notes}");
    let ws = book::part(&mau, "xl/worksheets/sheet1.xml");
    assert!(ws.contains("<dataValidation type=\"decimal\""), "scores are checked: {ws}");

    // Filled in (as an officer would, under the same headers), it scores.
    let filled = d.path("da-dien.xlsx");
    let mut row = vec![t("012345678901"), t("Lê Thị Mai"), t("U"), t("Trường U"), t("Giáo viên"), t("Không"), t("")];
    row.extend((0..10).map(|_| n(8.5)));
    book::write(&filled, vec![Sheet::new("Danh sách", vec![header.iter().map(|h| t(h)).collect(), row])]);
    let (code, rows, stderr) = assess_csv(&[&filled], &[]);
    assert_eq!((code, rows["U"]["so_dat"].as_str()), (0, "1"), "{stderr}");
    let p = persons(&d, &[&filled], &[]);
    assert_eq!(p["012345678901"]["tong_diem"], "85");

    hoctap().args(["template", "--units", "-o"]).arg(d.path("dv.xlsx")).assert().code(0);
    let sheets = book::read(&d.path("dv.xlsx"));
    let header: Vec<String> = sheets[0].1[0].iter().map(cell).collect();
    assert_eq!(header[..5], ["Mã đơn vị", "Tên đơn vị", "Cơ sở giáo dục", "Chỉ tiêu 1.1", "Chỉ tiêu 1.2"]);
    assert_eq!(sheets[1].0, "Chỉ tiêu");
}

/// Every view and every person-level output can be an Excel workbook, and every workbook says
/// what it is (issue 11: `--persons p.xlsx` used to be CSV text, `--by`/`--gan-dat`/`--xep-hang`
/// had no Excel form).
#[test]
fn every_view_and_person_output_writes_a_marked_workbook() {
    let d = Dir::new();
    let f = three_units(&d);
    let cases: [(&[&str], &str, &str, &str); 6] = [
        (&["--persons"], "nguoi.xlsx", "nguoi", "Người"),
        (&["--findings"], "ph.xlsx", "phat-hien", "Phát hiện"),
        (&["--by", "cap-hoc", "-o"], "nhom.xlsx", "bao-cao", "Cấp học"),
        (&["--xep-hang", "-o"], "hang.xlsx", "bao-cao", "Xếp hạng"),
        (&["--gan-dat=2", "-o"], "gan.xlsx", "bao-cao", "Gần đạt"),
        (&["--rows-with-errors"], "loi.xlsx", "dong-loi", "Dòng lỗi"),
    ];
    for (args, name, kind, sheet) in cases {
        let path = d.path(name);
        hoctap().args(["assess", "-q"]).args(args).arg(&path).arg(&f).assert().code(1);
        assert_eq!(xlsx_mark(&path).as_deref(), Some(kind), "{name}");
        let sheets = book::read(&path);
        // A view is a sheet of the full report, right after the unit sheet.
        let at = if kind == "bao-cao" { 1 } else { 0 };
        if at == 1 {
            assert_eq!(sheets[0].0, "Đơn vị", "{name}");
        }
        assert_eq!(sheets[at].0, sheet, "{name}");
        assert!(sheets[at].1.len() > 1, "{name} has rows");
    }
    // The people workbook has every row read, with its result.
    let people = &book::read(&d.path("nguoi.xlsx"))[0].1;
    assert_eq!(people.len(), 1 + 22);
    // The summary by level keeps its numbers as numbers.
    let groups = &book::read(&d.path("nhom.xlsx"))[1].1;
    assert!(matches!(groups.last().unwrap()[3], Data::Float(n) if n == 22.0), "{:?}", groups.last());
}

/// The Excel report takes every view asked on one command line, each a sheet ready to print
/// (A4 landscape, header row repeated), where a table or CSV takes only one.
#[test]
fn the_excel_report_has_a_sheet_for_each_view_asked() {
    let d = Dir::new();
    let f = three_units(&d);
    let out = d.path("bao-cao.xlsx");
    let views = ["--theo", "cap-hoc", "--xep-hang", "--gan-dat=2"];
    hoctap().args(["assess", "-q"]).args(views).arg("-o").arg(&out).arg(&f).assert().code(1);
    let names: Vec<String> = book::read(&out).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names[..5], ["Đơn vị", "Cấp học", "Xếp hạng", "Gần đạt", "Người"], "{names:?}");
    for i in 2..=4 {
        let xml = book::part(&out, &format!("xl/worksheets/sheet{i}.xml"));
        assert!(xml.contains("paperSize=\"9\"") && xml.contains("orientation=\"landscape\""), "sheet {i}: {xml}");
    }
    let workbook = book::part(&out, "xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles"), "header rows repeat on every page");
    // A CSV still takes one view.
    hoctap().args(["assess", "-q"]).args(views).arg("-o").arg(d.path("x.csv")).arg(&f).assert().code(2);
}

#[test]
fn compare_writes_a_workbook_and_a_page() {
    let d = Dir::new();
    let f = three_units(&d);
    hoctap().args(["assess", "-q", "--exit-zero", "-o"]).arg(d.path("a.json")).arg(&f).assert().code(0);
    for (name, kind) in [("ss.xlsx", Some("bao-cao")), ("ss.html", None)] {
        hoctap()
            .arg("compare")
            .arg(d.path("a.json"))
            .arg(d.path("a.json"))
            .arg("-o")
            .arg(d.path(name))
            .assert()
            .code(0);
        assert_eq!(xlsx_mark(&d.path(name)).as_deref(), kind, "{name}");
    }
    let sheet = &book::read(&d.path("ss.xlsx"))[0].1;
    assert_eq!(cell(&sheet[0][0]), "Mã đơn vị");
    assert_eq!(sheet.len(), 1 + 3 + 1, "three units and the total");
    let page = d.read("ss.html");
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<td>TỔNG</td>"), "{page}");
}

#[test]
fn templates_carry_the_mark_only_in_excel() {
    let d = Dir::new();
    hoctap().args(["template", "-o"]).arg(d.path("mau.xlsx")).assert().code(0);
    assert_eq!(xlsx_mark(&d.path("mau.xlsx")).as_deref(), Some("mau"));
    hoctap().args(["template", "-o"]).arg(d.path("mau.csv")).assert().code(0);
    assert!(!d.read("mau.csv").contains("hoctap"));
    // A name hoctap cannot write is refused before anything is written.
    hoctap().args(["template", "-o"]).arg(d.path("mau.xls")).assert().code(2);
    assert!(!d.path("mau.xls").exists());
}

/// The per-person list has one set of columns in every format (CSV keys, JSON keys in the same
/// order, Excel headings one for one) and the same values: scores, result, file and line.
#[test]
fn persons_have_the_same_columns_and_values_in_csv_json_and_excel() {
    let d = Dir::new();
    let f = three_units(&d);
    for name in ["p.csv", "p.json", "p.xlsx"] {
        hoctap().args(["assess", "-q", "--persons"]).arg(d.path(name)).arg(&f).assert().code(1);
    }
    let csv = d.read("p.csv");
    let mut keys: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert_eq!(keys.pop(), Some("hoctap"), "the CSV mark is last");
    let json: serde_json::Value = serde_json::from_str(&d.read("p.json")).unwrap();
    let first = json[0].as_object().unwrap();
    let text = d.read("p.json");
    let positions: Vec<usize> = keys.iter().map(|k| text.find(&format!("\"{k}\":")).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "JSON keys follow the CSV order");
    assert_eq!(first.len(), keys.len());
    let people = &book::read(&d.path("p.xlsx"))[0].1;
    let titles: Vec<String> = people[0].iter().map(cell).collect();
    assert_eq!(titles.len(), keys.len(), "{titles:?} vs {keys:?}");
    for (k, t) in [("ten_don_vi", "Tên đơn vị"), ("ma_khac", "Mã khác"), ("tep", "Tệp"), ("dong", "Dòng")] {
        let i = keys.iter().position(|x| *x == k).unwrap_or_else(|| panic!("{k} in the CSV"));
        assert_eq!(titles[i], t, "{k} has the same place in Excel");
    }
    // The same row, three ways.
    let rows = parse_csv(&csv);
    let c1 = rows.iter().find(|r| r["ma_dinh_danh"] == "C1").unwrap();
    let j1 = json.as_array().unwrap().iter().find(|r| r["ma_dinh_danh"] == "C1").unwrap();
    let x1 = people.iter().find(|r| cell(&r[0]) == "C1").unwrap();
    let at = |k: &str| keys.iter().position(|x| *x == k).unwrap();
    assert_eq!((c1["dong"].as_str(), j1["dong"].as_u64()), ("22", Some(22)));
    assert_eq!(x1[at("dong")], Data::Float(22.0));
    assert!(c1["tep"].ends_with("r.csv") && j1["tep"].as_str().unwrap().ends_with("r.csv"));
    assert_eq!(
        (c1["ket_qua"].as_str(), j1["ket_qua"].as_str(), cell(&x1[at("ket_qua")])),
        ("Lỗi", Some("Lỗi"), "Lỗi".into())
    );
    let a0 = rows.iter().find(|r| r["ma_dinh_danh"] == "A00000").unwrap();
    assert_eq!((a0["tong_diem"].as_str(), a0["tc1"].is_empty()), ("90", false));
}
