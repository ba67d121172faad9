//! The papers an officer prints and signs: page setup, heading and signature blocks, the
//! recognition lists and the templates, checked through the files themselves (the sheet XML
//! inside the .xlsx, and calamine reading the cells back).

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use crate::support::{Dir, hoctap, roster};

/// One entry of an .xlsx archive as text.
pub fn entry(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// Every non-empty cell of a sheet as (row, column, text).
pub fn cells(path: &Path, sheet: &str) -> Vec<(u32, u32, String)> {
    let mut book = open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .cells()
        .filter(|(_, _, v)| !matches!(v, Data::Empty))
        .map(|(r, c, v)| (r as u32 + r0, c as u32 + c0, v.to_string()))
        .collect()
}

fn row_of(cells: &[(u32, u32, String)], text: &str) -> Option<u32> {
    cells.iter().find(|(_, _, v)| v == text).map(|(r, _, _)| *r)
}

fn sheet_names(path: &Path) -> Vec<String> {
    open_workbook_auto(path).unwrap().sheet_names()
}

#[test]
fn every_sheet_of_the_excel_report_prints_on_a4_landscape_one_page_wide() {
    let dir = Dir::new();
    let input = dir.write("a.csv", roster("MN-01", 5, 2));
    let out = dir.path("bao-cao.xlsx");
    hoctap().arg("assess").arg(&input).arg("-o").arg(&out).args(["-q", "--exit-zero"]).assert().success();
    let names = sheet_names(&out);
    assert_eq!(names.len(), 5, "{names:?}");
    let workbook = entry(&out, "xl/workbook.xml");
    for (i, name) in names.iter().enumerate() {
        let xml = entry(&out, &format!("xl/worksheets/sheet{}.xml", i + 1));
        assert!(xml.contains(r#"paperSize="9""#) && xml.contains(r#"orientation="landscape""#), "{name}: {xml}");
        assert!(xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#) && xml.contains(r#"fitToHeight="0""#), "{name}");
        // Decree 30/2020: left 30 mm, right 15 mm, top and bottom 20 mm.
        assert!(
            xml.contains(r#"left="1.1811023622047243" right="0.5905511811023622" top="0.7874015748031495" bottom="0.7874015748031495""#),
            "{name}: {xml}"
        );
        assert!(xml.contains("Trang &amp;P/&amp;N"), "{name}: page numbers");
        assert!(
            workbook.contains(&format!(r#"<definedName name="_xlnm.Print_Titles" localSheetId="{i}">"#)),
            "{name}: print titles in {workbook}"
        );
    }
    assert!(entry(&out, "xl/styles.xml").contains(r#"<name val="Times New Roman"/>"#));
}

#[test]
fn the_unit_sheet_carries_the_heading_and_signature_blocks_with_the_names_given() {
    let dir = Dir::new();
    let input = dir.write("a.csv", roster("MN-01", 5, 2));
    let out = dir.path("bao-cao.xlsx");
    hoctap()
        .arg("assess")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["-q", "--exit-zero", "--nam", "2025", "--co-quan", "UBND xã Gia Trấn", "--don-vi-lap"])
        .args(["Trường Mầm non Gia Trấn", "--dia-danh", "Gia Trấn", "--thu-truong", "Nguyễn Thị Hoa"])
        .assert()
        .success();
    let c = cells(&out, "Đơn vị");
    let at = |text: &str| row_of(&c, text).unwrap_or_else(|| panic!("no cell {text:?} in {c:?}"));
    assert_eq!(at("UBND XÃ GIA TRẤN"), 0);
    assert_eq!(at("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 0);
    assert_eq!(at("TRƯỜNG MẦM NON GIA TRẤN"), 1);
    assert_eq!(at("Độc lập - Tự do - Hạnh phúc"), 1);
    assert_eq!(at("Gia Trấn, ngày …… tháng …… năm ……"), 2);
    assert!(at("Năm đánh giá: 2025") > at("BÁO CÁO KẾT QUẢ ĐÁNH GIÁ CÔNG DÂN HỌC TẬP THEO ĐƠN VỊ"));
    let header = at("Mã đơn vị");
    let unit = at("MN-01");
    assert_eq!(unit, header + 1);
    let signer = at("THỦ TRƯỞNG ĐƠN VỊ");
    assert!(signer > unit && at("NGƯỜI LẬP BIỂU") == signer);
    assert!(at("Nguyễn Thị Hoa") > signer);
    // The header row is the one repeated on every printed page, and the filter starts there.
    let workbook = entry(&out, "xl/workbook.xml");
    let n = header + 1;
    assert!(workbook.contains(&format!("'Đơn vị'!${n}:${n}</definedName>")), "{workbook}");
    // The governing body is merged across the left part, the Quốc hiệu across the right.
    let xml = entry(&out, "xl/worksheets/sheet1.xml");
    assert!(xml.contains(r#"<mergeCell ref="A1:"#), "{xml}");
}

#[test]
fn unknown_names_are_left_as_lines_to_fill_by_hand() {
    let dir = Dir::new();
    let input = dir.write("a.csv", roster("MN-01", 1, 0));
    let out = dir.path("bao-cao.xlsx");
    hoctap().arg("assess").arg(&input).arg("-o").arg(&out).args(["-q", "--exit-zero"]).assert().success();
    let c = cells(&out, "Đơn vị");
    assert_eq!(row_of(&c, "……………………"), Some(0), "{c:?}");
    assert!(row_of(&c, "……………………, ngày …… tháng …… năm ……").is_some());
    assert!(row_of(&c, "Năm đánh giá: ……").is_some());
}

/// A school's roster with the columns a recognition list needs: two pupils and a teacher
/// recognised, one pupil short of the threshold.
fn school_roster(dir: &Dir) -> std::path::PathBuf {
    let scores = |total: u32| crate::support::scores_for(total).join(",");
    let header = "Mã định danh,Họ và tên,Ngày sinh,Giới tính,Lớp,Mã đơn vị,Tên đơn vị,Đối tượng,Chỉ số 1.1,Chỉ số 1.2,Chỉ số 1.3,Chỉ số 1.4,Chỉ số 2.1,Chỉ số 2.2,Chỉ số 2.3,Chỉ số 2.4,Chỉ số 3.1,Chỉ số 3.2";
    let rows = [
        format!("037194000001,Đinh Bảo Huyền,13/12/1972,Nữ,,THCS-NH,Trường THCS Ninh Hải,Hiệu trưởng,{}", scores(90)),
        format!("3743063415,Trần Văn Nam,05/03/2012,Nam,7A,THCS-NH,Trường THCS Ninh Hải,Học sinh,{}", scores(85)),
        format!("3743063416,Lê Thị Mai,22/04/2012,Nữ,7B,THCS-NH,Trường THCS Ninh Hải,Học sinh,{}", scores(88)),
        format!("3743063417,Phạm Minh Đức,01/09/2012,Nam,7B,THCS-NH,Trường THCS Ninh Hải,Học sinh,{}", scores(75)),
    ];
    dir.write("thcs.csv", format!("{header}\n{}\n", rows.join("\n")))
}

#[test]
fn the_recognition_list_carries_birth_date_sex_and_class_from_the_roster() {
    let dir = Dir::new();
    let input = school_roster(&dir);
    let out = dir.path("de-nghi.xlsx");
    hoctap()
        .arg("assess")
        .arg(&input)
        .arg("--danh-sach-cong-nhan")
        .arg(&out)
        .args(["-q", "--exit-zero", "--don-vi-lap", "Trường THCS Ninh Hải", "--nguoi-lap", "Vũ Thị Hằng"])
        .assert()
        .success();
    assert_eq!(sheet_names(&out), ["Toàn bộ", "THCS-NH", "Chưa đạt"]);
    let c = cells(&out, "THCS-NH");
    let at = |text: &str| row_of(&c, text).unwrap_or_else(|| panic!("no cell {text:?} in {c:?}"));
    assert_eq!(at("TRƯỜNG THCS NINH HẢI"), 1);
    assert!(at("DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN \"CÔNG DÂN HỌC TẬP\"") < at("STT"));
    assert!(row_of(&c, "Đơn vị: Trường THCS Ninh Hải (THCS-NH)").is_some());
    let header: Vec<&str> = c.iter().filter(|(r, _, _)| *r == at("STT")).map(|(_, _, v)| v.as_str()).collect();
    assert_eq!(
        header[..7],
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Mã định danh", "Đối tượng", "Chức vụ / Lớp"]
    );
    assert_eq!(header[header.len() - 4..], ["Tổng điểm", "Ngưỡng", "Kết quả", "Ghi chú"]);
    let row = |name: &str| -> Vec<String> {
        let r = at(name);
        c.iter().filter(|(rr, _, _)| *rr == r).map(|(_, _, v)| v.clone()).collect()
    };
    let nam = row("Trần Văn Nam");
    assert_eq!(
        nam[..7],
        ["2", "Trần Văn Nam", "05/03/2012", "Nam", "3743063415", "Học sinh, sinh viên, học viên", "7A"]
    );
    assert_eq!(nam[nam.len() - 3..], ["85", "80", "Đạt"]);
    let head = row("Đinh Bảo Huyền");
    assert_eq!((head[2].as_str(), head[3].as_str(), head[6].as_str()), ("13/12/1972", "Nữ", "Hiệu trưởng"));
    assert!(row_of(&c, "Phạm Minh Đức").is_none(), "not recognised, not proposed");
    assert!(row_of(&c, "Số người đề nghị công nhận: 3").is_some());
    assert!(at("Vũ Thị Hằng") > at("Lê Thị Mai"), "signature below the list");
    // Who is not yet recognised, with what they lack.
    let not_yet = cells(&out, "Chưa đạt");
    let duc = row_of(&not_yet, "Phạm Minh Đức").expect("the pupil short of the threshold");
    let lacks: Vec<&str> = not_yet.iter().filter(|(r, _, _)| *r == duc).map(|(_, _, v)| v.as_str()).collect();
    assert!(lacks.contains(&"5"), "5 points short: {lacks:?}");
    // The run's list names the unit of each person.
    let run = cells(&out, "Toàn bộ");
    assert_eq!(run.iter().filter(|(_, _, v)| v == "THCS-NH").count(), 3);
    let xml = entry(&out, "xl/worksheets/sheet2.xml");
    assert!(xml.contains(r#"orientation="landscape""#));

    let html = dir.path("de-nghi.html");
    hoctap()
        .arg("assess")
        .arg(&input)
        .arg("--danh-sach-cong-nhan")
        .arg(&html)
        .args(["-q", "--exit-zero"])
        .assert()
        .success();
    let page = std::fs::read_to_string(&html).unwrap();
    for needle in
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "NGƯỜI LẬP BIỂU", "05/03/2012", "size: A4 landscape", "Phạm Minh Đức"]
    {
        assert!(page.contains(needle), "{needle}: {page}");
    }
}

#[test]
fn a_recognition_list_in_another_format_is_refused_before_reading() {
    let dir = Dir::new();
    let input = school_roster(&dir);
    let out = hoctap().arg("assess").arg(&input).args(["--danh-sach-cong-nhan", "x.csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--danh-sach-cong-nhan"));
}

/// The first row of the first sheet of a workbook, as text.
fn xlsx_header(path: &Path) -> Vec<String> {
    crate::book::read(path)[0].1[0].iter().map(|c| c.to_string()).collect()
}

/// A unit-file value for the canonical column `field`: unit U1 recognised at level 1 by a
/// decision of 14/02/2025 (under a year before the end of 2025), U2 in its first year.
fn unit_value(field: &str, unit: usize) -> String {
    let v = match (field, unit) {
        ("ma_don_vi", _) => ["U1", "U2"][unit],
        ("ten_don_vi", _) => ["Trường Mầm non Một", "Trường Tiểu học Hai"][unit],
        ("co_so_giao_duc", _) => "Có",
        ("cap_hoc", _) => ["Mầm non", "Tiểu học"][unit],
        ("xa_phuong", _) => "Gia Trấn",
        ("cap_quan_ly" | "nam_cong_nhan", _) => "",
        ("vung_kho_khan", _) => "Không",
        ("muc_do_cong_nhan", 0) => "Mức độ 1",
        ("so_quyet_dinh", 0) => "15/QĐ-UBND",
        ("ngay_quyet_dinh", 0) => "14/02/2025",
        ("muc_do_cong_nhan" | "so_quyet_dinh" | "ngay_quyet_dinh", _) => "",
        ("nam_danh_gia", _) => "2025",
        _ => "Đạt",
    };
    v.to_string()
}

#[test]
fn filled_excel_templates_give_the_results_of_the_csv_templates_time_rules_included() {
    use crate::book::{Sheet, n, t};
    let d = Dir::new();
    for (args, name) in [(&[][..], "mau"), (&["--units"][..], "dv")] {
        for ext in ["csv", "xlsx"] {
            hoctap().arg("template").args(args).arg("-o").arg(d.path(&format!("{name}.{ext}"))).assert().success();
        }
    }
    let csv_units: Vec<String> = d.read("dv.csv").trim_end().split(',').map(String::from).collect();
    let xlsx_units = xlsx_header(&d.path("dv.xlsx"));
    assert_eq!(xlsx_units.len(), csv_units.len(), "every column of the CSV template: {xlsx_units:?}");
    let csv_roster: Vec<String> = d.read("mau.csv").trim_end().split(',').map(String::from).collect();
    let xlsx_roster = xlsx_header(&d.path("mau.xlsx"));
    assert_eq!(xlsx_roster.len(), csv_roster.len());

    // The same people and units, written under each template's headers.
    let people: Vec<Vec<String>> = (0..40)
        .map(|i| {
            let unit = ["U1", "U2"][i % 2];
            let mut row =
                vec![format!("0{i:011}"), format!("Người {i}"), unit.into(), String::new(), "Giáo viên".into()];
            row.extend(["Không".to_string(), String::new()]);
            row.extend(crate::support::scores_for(if i == 3 { 70 } else { 90 }));
            row
        })
        .collect();
    let units: Vec<Vec<String>> = (0..2).map(|u| csv_units.iter().map(|f| unit_value(f, u)).collect()).collect();
    let csv_text = |header: &[String], rows: &[Vec<String>]| {
        let mut text = header.join(",") + "\n";
        for r in rows {
            text += &(r.join(",") + "\n");
        }
        text
    };
    let roster_csv = d.write("ds.csv", csv_text(&csv_roster, &people));
    let units_csv = d.write("dvdien.csv", csv_text(&csv_units, &units));
    let cell = |v: &String| v.parse::<f64>().map_or_else(|_| t(v), n);
    let sheet = |name: &str, header: &[String], rows: &[Vec<String>], numbers: bool| {
        let mut all = vec![header.iter().map(|h| t(h)).collect::<Vec<_>>()];
        all.extend(
            rows.iter()
                .map(|r| r.iter().enumerate().map(|(i, v)| if numbers && i >= 7 { cell(v) } else { t(v) }).collect()),
        );
        Sheet::new(name, all)
    };
    let roster_xlsx = d.path("ds.xlsx");
    crate::book::write(&roster_xlsx, vec![sheet("Danh sách", &xlsx_roster, &people, true)]);
    let units_xlsx = d.path("dvdien.xlsx");
    crate::book::write(&units_xlsx, vec![sheet("Đơn vị", &xlsx_units, &units, false)]);

    let run = |roster: &Path, units: &Path| {
        let out =
            hoctap().arg("assess").arg(roster).arg("--units").arg(units).args(["--format", "csv"]).output().unwrap();
        assert!(out.stderr.starts_with("Tóm tắt".as_bytes()), "no finding: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let from_csv = run(&roster_csv, &units_csv);
    let from_xlsx = run(&roster_xlsx, &units_xlsx);
    assert_eq!(from_csv, from_xlsx);
    let rows = crate::support::parse_csv(&from_xlsx);
    let u1 = rows.iter().find(|r| r["ma_don_vi"] == "U1").unwrap();
    let u2 = rows.iter().find(|r| r["ma_don_vi"] == "U2").unwrap();
    assert_eq!((u1["so_dat"].as_str(), u2["so_dat"].as_str()), ("20", "19"));
    // Level 2 needs a year from the level-1 decision; a first-year unit is never level 2.
    assert_eq!(u1["muc_do_dvht"], "Mức độ 1", "every chỉ tiêu met, but under a year from the decision: {u1:?}");
    assert_ne!(u2["muc_do_dvht"], "Mức độ 2", "{u2:?}");

    // The blank templates pass their own inspect and assess with nothing to report.
    for (args, file) in [(&[][..], "mau.xlsx"), (&["--units"][..], "dv.xlsx")] {
        let out = hoctap().arg("inspect").args(args).arg(d.path(file)).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{text}");
        assert!(text.contains("Vấn đề: không có") && !text.contains("bỏ qua"), "{text}");
    }
    let out = hoctap().arg("assess").arg(d.path("mau.xlsx")).arg("--units").arg(d.path("dv.xlsx")).output().unwrap();
    assert!(out.stderr.starts_with("Tóm tắt".as_bytes()), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_templates_have_dropdowns_a_guide_and_scores_limited_to_the_scale() {
    let d = Dir::new();
    let (mau, dv) = (d.path("mau.xlsx"), d.path("dv.xlsx"));
    hoctap().args(["template", "-o"]).arg(&mau).assert().success();
    hoctap().args(["template", "--units", "-o"]).arg(&dv).assert().success();
    assert_eq!(sheet_names(&mau), ["Danh sách", "Chỉ số", "Hướng dẫn", "Danh mục"]);
    assert_eq!(sheet_names(&dv), ["Đơn vị", "Chỉ tiêu", "Hướng dẫn", "Danh mục"]);
    let ws = entry(&mau, "xl/worksheets/sheet1.xml");
    // Đối tượng (E), Vùng khó khăn (F), Trạng thái (G): lists kept on the hidden sheet.
    for (col, list) in [("E", "A"), ("F", "B"), ("G", "C")] {
        let rule = format!(r#"sqref="{col}2:{col}1048576"><formula1>'Danh mục'!${list}$2:${list}$"#);
        assert!(ws.contains(&rule), "{col}: {ws}");
    }
    assert!(ws.contains(r#"type="decimal""#) && ws.contains(r#"promptTitle="Chỉ số 1.1""#), "{ws}");
    assert!(ws.contains("Nhập điểm từ 0 đến 10 (viết 7,5 hoặc 7.5)."), "{ws}");
    assert!(ws.contains("<formula1>0</formula1><formula2>10</formula2>"), "{ws}");
    let lists = cells(&mau, "Danh mục");
    for v in ["Giáo viên", "Có", "Không", "Chuyển đi"] {
        assert!(lists.iter().any(|(_, _, x)| x == v), "{v} in {lists:?}");
    }
    assert!(entry(&mau, "xl/workbook.xml").contains(r#"name="Danh mục" sheetId="4" state="hidden""#));
    let guide = cells(&mau, "Hướng dẫn");
    assert!(guide.iter().any(|(_, _, v)| v.starts_with("Đạt Công dân học tập: tổng điểm từ 80")), "{guide:?}");
    assert!(guide.iter().any(|(_, _, v)| v == "Mã định danh"), "{guide:?}");

    let ws = entry(&dv, "xl/worksheets/sheet1.xml");
    let lists = cells(&dv, "Danh mục");
    for v in ["Không áp dụng", "Mầm non", "Mức độ 1", "Chưa"] {
        assert!(lists.iter().any(|(_, _, x)| x == v), "{v} in {lists:?}");
    }
    assert!(ws.contains(r#"sqref="D2:D1048576"><formula1>'Danh mục'!$B$2:$B$4</formula1>"#), "{ws}");
    assert!(ws.contains(r#"type="whole""#), "years are whole numbers: {ws}");
    let guide = cells(&dv, "Hướng dẫn");
    assert!(guide.iter().any(|(_, _, v)| v.contains("15/01") && v.contains("15/02")), "{guide:?}");
}

#[test]
fn people_read_vietnamese_numbers_and_a_chart_that_shows_the_distance_to_the_target() {
    let d = Dir::new();
    // 33 of 34 is 97.05%; 32 of 33 is 96.96%: both near the 97% line.
    let mut text = roster("MN-GT-10", 33, 1);
    text += &roster("MN-GT-2", 32, 1).lines().skip(1).map(|l| format!("{l}\n")).collect::<String>();
    let f = d.write("r.csv", text);
    let out = hoctap().arg("assess").arg(&f).args(["-q", "--exit-zero"]).output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("96,96") && table.contains("97,05") && !table.contains("96.96"), "{table}");
    let csv = hoctap().arg("assess").arg(&f).args(["-q", "--exit-zero", "--format", "csv"]).output().unwrap();
    assert!(String::from_utf8(csv.stdout).unwrap().contains("96.96"), "CSV keeps the script contract");
    let html = d.path("b.html");
    hoctap().arg("assess").arg(&f).arg("--html").arg(&html).args(["-q", "--exit-zero"]).assert().success();
    let page = std::fs::read_to_string(&html).unwrap();
    let svg = &page[page.find("<svg").unwrap()..page.find("</svg>").unwrap()];
    assert!(svg.contains("trục từ 80% đến 100%") && svg.contains("Mục tiêu 97%"), "{svg}");
    assert!(svg.find(">MN-GT-2<").unwrap() < svg.find(">MN-GT-10<").unwrap(), "natural order: {svg}");
    // 96.96% and 97.05% sit on either side of the target line, visibly apart: 460 px for 20%.
    assert!(svg.contains(r#"x1="561" y1="0" x2="561""#), "the target at 170 px + 17/20 of 460 px: {svg}");

    // Past 60 units without a grouping, the chart shows only the units below target.
    let mut many = roster("U-1", 10, 0);
    for i in 2..=70 {
        let below = if i % 10 == 0 { 2 } else { 0 };
        many +=
            &roster(&format!("U-{i}"), 40 - below, below).lines().skip(1).map(|l| format!("{l}\n")).collect::<String>();
    }
    let f = d.write("many.csv", many);
    hoctap().arg("assess").arg(&f).arg("--html").arg(&html).args(["-q", "--exit-zero"]).assert().success();
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Các đơn vị chưa đạt (7 trong 70 đơn vị)"), "{page}");
    let svg = &page[page.find("<svg").unwrap()..page.find("</svg>").unwrap()];
    assert_eq!(svg.matches("<rect").count(), 7, "{svg}");
}

#[test]
fn the_dossier_prints_without_overlap_with_its_deadlines() {
    let d = Dir::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/xa-gia-tran");
    let dir = d.path("ho-so");
    hoctap()
        .arg("dvht")
        .arg(root.join("danh-sach.csv"))
        .arg("--units")
        .arg(root.join("don-vi.csv"))
        .args(["--nam", "2025", "-q", "-o"])
        .arg(&dir)
        .assert()
        .code(0);
    let book = dir.join("TH-GT.xlsx");
    let xml = entry(&book, "xl/worksheets/sheet1.xml");
    // Administrative papers print A4 portrait.
    assert!(xml.contains(r#"paperSize="9""#) && xml.contains(r#"orientation="portrait""#), "{xml}");
    // Every chỉ tiêu row has a height set for its wrapped lines.
    let rows = xml.matches(r#"customHeight="1""#).count();
    assert!(rows >= 10, "{rows} rows with a height: {xml}");
    assert!(entry(&book, "xl/workbook.xml").contains("_xlnm.Print_Titles"));
    let c = cells(&book, "Tong hop");
    assert!(c.iter().any(|(_, _, v)| v.contains("trước ngày 15/01/2026") && v.contains("15/02/2026")), "{c:?}");
    let html = std::fs::read_to_string(dir.join("TH-GT.html")).unwrap();
    assert!(html.contains("nộp trước ngày 15/01/2026"), "{html}");
}
