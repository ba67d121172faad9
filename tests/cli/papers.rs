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
