//! .xlsx sheets read as a stream (issue 16): what the in-memory grid gave must hold deep into a
//! sheet, beyond the rows read ahead: merged blocks filled down, formulas without a saved value,
//! how the first cells were stored, and the cap on the cells a sheet spans.

use std::collections::HashMap;
use std::path::Path;

use crate::book::{self, Cell, Sheet, n, t};
use crate::support::*;

const CODES: [&str; 10] = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"];

/// Mã định danh | Họ và tên | Mã đơn vị | Đối tượng | 1.1 … 3.2 (score columns 4–13).
fn head() -> Vec<Cell> {
    [vec![t("Mã định danh"), t("Họ và tên"), t("Mã đơn vị"), t("Đối tượng")], CODES.map(t).to_vec()].concat()
}

fn person(i: usize, unit: Option<&str>) -> Vec<Cell> {
    let unit = unit.map_or(Cell::Blank, t);
    [vec![t(&format!("P{i:05}")), t(&format!("Người thử {i}")), unit, t("Giáo viên")], vec![n(9.0); 10]].concat()
}

fn units(path: &Path) -> (i32, HashMap<String, HashMap<String, String>>, String) {
    assess_csv(&[path], &["--exit-zero"])
}

/// A unit code merged down over 300 rows, 2,500 rows into the sheet (far past the rows read
/// ahead and the batches handed over): the merge list comes after the cells in the XML, and
/// every row of the block still gets the code.
#[test]
fn a_merged_block_deep_in_a_sheet_fills_its_rows() {
    let d = Dir::new();
    let f = d.path("sau.xlsx");
    let mut rows = vec![head()];
    for i in 1..=3000 {
        let inside = (2500..2800).contains(&i);
        rows.push(person(i, if inside { None } else { Some("U1") }));
    }
    // Sheet rows 2,501–2,800 (0-based 2,500–2,799): the code written once, at the top.
    let sheet = Sheet::new("DS", rows).merge(2500, 2, 2799, 2, "U2");
    book::write(&f, vec![sheet]);
    let (code, units, stderr) = units(&f);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(units["U2"]["so_nguoi"], "300", "{stderr}");
    assert_eq!(units["U1"]["so_nguoi"], "2700", "{stderr}");
    assert_eq!(units["TỔNG"]["so_dat"], "3000", "{stderr}");
}

/// A formula without a saved value 3,000 rows down is named with its cell, as on row 2.
#[test]
fn a_formula_without_a_value_deep_in_a_sheet_is_named() {
    let d = Dir::new();
    let f = d.path("cong-thuc.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("DS").unwrap();
    ws.set_formula_result_default("");
    for (c, h) in head().iter().enumerate() {
        if let Cell::Text(h) = h {
            ws.write_string(0, c as u16, h).unwrap();
        }
    }
    for r in 1..=3000u32 {
        ws.write_string(r, 0, format!("P{r:05}")).unwrap();
        ws.write_string(r, 1, "Người Thử").unwrap();
        ws.write_string(r, 2, "U").unwrap();
        ws.write_string(r, 3, "Giáo viên").unwrap();
        for c in 4..14u16 {
            if r == 3000 && c == 4 {
                ws.write_formula(r, c, rust_xlsxwriter::Formula::new("=F3001")).unwrap();
            } else {
                ws.write_number(r, c, 9.0).unwrap();
            }
        }
    }
    wb.save(&f).unwrap();
    let (code, units, stderr) = units(&f);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!((units["U"]["so_nguoi"].as_str(), units["U"]["so_loi"].as_str()), ("3000", "1"), "{stderr}");
    assert!(stderr.contains("dòng 3001, cột \"1.1\": chỉ số 1.1: ô E3001 có công thức =F3001"), "{stderr}");
}

/// An id Excel turned into a date on the first person's row: the legacy-font check reads 1,000
/// records ahead before the first is typed, and how that cell was stored is still known.
#[test]
fn how_an_early_cell_was_stored_is_known_after_reading_ahead() {
    let d = Dir::new();
    let f = d.path("ngay.xlsx");
    let mut rows = vec![head()];
    for i in 1..=1500 {
        let mut p = person(i, Some("U"));
        if i == 1 {
            p[0] = Cell::Date(2024, 3, 7);
        }
        rows.push(p);
    }
    book::write(&f, vec![Sheet::new("DS", rows)]);
    let (code, units, stderr) = units(&f);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(units["U"]["so_loi"], "1", "{stderr}");
    assert!(stderr.contains("dòng 2") && stderr.contains("là ô ngày tháng"), "{stderr}");
}

/// A stray cell far below 2,000 people: the sheet is refused with the cell named when the
/// stream reaches it, before any report is written.
#[test]
fn a_far_cell_after_many_rows_stops_the_sheet() {
    let d = Dir::new();
    let f = d.path("xa.xlsx");
    let mut rows = vec![head()];
    rows.extend((1..=2000).map(|i| person(i, Some("U"))));
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("DS").unwrap();
    book::write_rows(ws, &rows);
    ws.write_string(1_048_575, 40, "x").unwrap();
    book.save(&f).unwrap();
    let out = d.path("bao-cao.csv");
    let run = hoctap().args(["assess", "-q"]).arg(&f).arg("-o").arg(&out).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("trải từ ô A1 đến ô AO1048576") && stderr.contains("giới hạn 10 triệu ô"), "{stderr}");
    assert!(!out.exists());
}

/// The rows of a streamed sheet read as the same people in CSV: same units, same counts, over
/// several batches, with title rows above the header and blank rows among the people.
#[test]
fn a_large_sheet_reads_as_its_csv() {
    let d = Dir::new();
    let f = d.path("lon.xlsx");
    let mut rows = vec![vec![t("DANH SÁCH CÔNG DÂN HỌC TẬP")], vec![], head()];
    let mut csv = String::from("Mã định danh,Họ và tên,Mã đơn vị,Đối tượng,");
    csv.push_str(&CODES.join(","));
    csv.push('\n');
    for i in 1..=2000 {
        let unit = format!("U{}", i % 7);
        let score = 5.0 + (i % 5) as f64;
        if i % 400 == 0 {
            rows.push(vec![]);
        }
        rows.push(
            [vec![t(&format!("P{i:05}")), t(&format!("Người thử {i}")), t(&unit), t("Giáo viên")], vec![n(score); 10]]
                .concat(),
        );
        csv.push_str(&format!("P{i:05},Người thử {i},{unit},Giáo viên,{}\n", vec![score.to_string(); 10].join(",")));
    }
    book::write(&f, vec![Sheet::new("DS", rows)]);
    let c = d.write("lon.csv", csv);
    let (_, from_sheet, e1) = units(&f);
    let (_, from_csv, e2) = units(&c);
    assert_eq!(from_sheet, from_csv, "{e1}\n{e2}");
    assert_eq!(from_sheet["TỔNG"]["so_nguoi"], "2000");
}
