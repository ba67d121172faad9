//! Small .xlsx files for tests, written with rust_xlsxwriter the way Excel saves them: text as
//! shared strings, numbers as numbers, dates as serial numbers with a date format.

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    Num(f64),
    /// A date cell: an Excel serial number shown as dd/mm/yyyy.
    Date(u16, u8, u8),
    Blank,
}

pub fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

pub fn n(v: f64) -> Cell {
    Cell::Num(v)
}

pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    /// (first row, first column, last row, last column, text), 0-based.
    pub merges: Vec<(u32, u16, u32, u16, String)>,
    pub hidden: bool,
}

impl Sheet {
    pub fn new(name: &str, rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet { name: name.to_string(), rows, merges: Vec::new(), hidden: false }
    }

    pub fn merge(mut self, r0: u32, c0: u16, r1: u32, c1: u16, text: &str) -> Sheet {
        self.merges.push((r0, c0, r1, c1, text.to_string()));
        self
    }
}

/// Writes the sheets to `path`, in order.
pub fn write(path: &Path, sheets: Vec<Sheet>) {
    let mut book = Workbook::new();
    let plain = Format::new();
    for s in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&s.name).unwrap();
        write_rows(ws, &s.rows);
        for (r0, c0, r1, c1, text) in &s.merges {
            ws.merge_range(*r0, *c0, *r1, *c1, text, &plain).unwrap();
        }
        if s.hidden {
            ws.set_hidden(true);
        }
    }
    book.save(path).unwrap();
}

/// Writes rows of cells from A1 down, as Excel saves them.
pub fn write_rows(ws: &mut Worksheet, rows: &[Vec<Cell>]) {
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Cell::Text(v) => ws.write_string(r, c, v).map(|_| ()),
                Cell::Num(v) => ws.write_number(r, c, *v).map(|_| ()),
                Cell::Date(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    ws.write_datetime_with_format(r, c, &dt, &date).map(|_| ())
                }
                Cell::Blank => Ok(()),
            }
            .unwrap();
        }
    }
}

/// Reads every sheet of a workbook back as text rows, for checking what was written.
pub fn read(path: &Path) -> Vec<(String, Vec<Vec<calamine::Data>>)> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    wb.sheet_names()
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (name, rows)
        })
        .collect()
}

/// The text of one part of an .xlsx (a zip of XML files), e.g. "xl/worksheets/sheet1.xml".
pub fn part(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}
