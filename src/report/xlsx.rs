//! The report as an Excel workbook (`-o bao-cao.xlsx`), for officers to file: sheets "Đơn vị"
//! (the unit summary under the heading of an administrative document, units below target in
//! red, the total in bold, the signature block below), "Người" (every person
//! read, with result and reason), "Phát hiện" (every finding), "Tệp đã đọc" and "Tiêu chí".
//! Each sheet has Vietnamese headings, a frozen header row, an autofilter and column widths
//! that fit; rates are numbers shown as percentages.
//!
//! The people sheet is written while the rows are scored, in rust_xlsxwriter's constant-memory
//! mode (each row goes to a temporary file as it is written), so a province-wide run of a
//! million people does not hold them in memory; past Excel's 1,048,576 rows a sheet
//! "Người (2)" follows. The same input gives the same bytes: the document's creation date is
//! fixed instead of "now", and the zip entries carry a fixed time.

use std::io;

use anyhow::Result;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::model::Report;
use super::paper::{self, Paper};
use super::person_columns::{PersonColumn, PersonLine, PersonValue, person_columns};
use super::render::xlsx::{
    SHEET_ROWS, SheetWriter, Styles, base, new_sheet, new_workbook, properties, table_width, write_sheet, write_table,
};
use super::sheet::Sheet;
use crate::criteria::Criteria;
use crate::input::person::PersonRow;
use crate::model::mark::OutputKind;
use crate::number::Points;
use crate::pipeline::{FileContext, FileSummary, PersonSink};
use crate::scoring::{Assessment, Outcome};

pub const UNIT_SHEET: &str = "Đơn vị";
pub const PEOPLE_SHEET: &str = "Người";
pub const FINDINGS_SHEET: &str = "Phát hiện";
pub const FILES_SHEET: &str = "Tệp đã đọc";
pub const CRITERIA_SHEET: &str = "Tiêu chí";

fn points(p: Points) -> f64 {
    f64::from(p.0) / 100.0
}

fn to_io(e: XlsxError) -> io::Error {
    io::Error::other(format!("không ghi được báo cáo Excel: {e}"))
}

/// The Excel report: created before the run, fed every person as a [`PersonSink`], and turned
/// into bytes with [`XlsxReport::finish`] once the report model is built.
pub struct XlsxReport {
    workbook: Workbook,
    styles: Styles,
    people_headers: Vec<String>,
    columns: Vec<PersonColumn>,
    people: Vec<SheetWriter>,
    /// Next row of the last people sheet.
    row: u32,
    file: String,
    paper: Paper,
}

impl XlsxReport {
    pub fn new(criteria: &Criteria) -> Result<XlsxReport> {
        let mut workbook = new_workbook()?;
        let styles = Styles::new();
        let columns = person_columns(criteria);
        let people_headers: Vec<String> = columns.iter().map(|c| c.title.clone()).collect();
        let ws = workbook.new_worksheet_with_constant_memory()?;
        let first = SheetWriter::new(ws, PEOPLE_SHEET, &people_headers, &styles.header)?;
        Ok(XlsxReport {
            workbook,
            styles,
            people_headers,
            columns,
            people: vec![first],
            row: 1,
            file: String::new(),
            paper: Paper::default(),
        })
    }

    /// Who issues and signs the report, for the heading and signature blocks.
    pub fn with_paper(mut self, paper: Paper) -> XlsxReport {
        self.paper = paper;
        self
    }

    fn next_people_sheet(&mut self) -> Result<(), XlsxError> {
        let ws = self.workbook.new_worksheet_with_constant_memory()?;
        let name = format!("{PEOPLE_SHEET} ({})", self.people.len() + 1);
        self.people.push(SheetWriter::new(ws, &name, &self.people_headers, &self.styles.header)?);
        self.row = 1;
        Ok(())
    }

    fn write_person(&mut self, row: &PersonRow, a: &Assessment) -> Result<(), XlsxError> {
        if self.row >= SHEET_ROWS {
            self.next_people_sheet()?;
        }
        let r = self.row;
        let flagged = matches!(a.outcome, Outcome::Invalid | Outcome::Duplicate);
        let bad = flagged.then_some(&self.styles.bad_text);
        let bad_number = flagged.then_some(&self.styles.bad_number);
        let sheet = self.people.last_mut().expect("one people sheet at least");
        let line = PersonLine { row, assessment: a, file: &self.file };
        for (c, column) in self.columns.iter().enumerate() {
            match column.value(&line) {
                PersonValue::Text(t) => sheet.text(r, c, &t, bad)?,
                PersonValue::Points(Some(p)) => sheet.number(r, c, points(p), bad_number)?,
                PersonValue::Points(None) => sheet.blank(r, c, bad)?,
                PersonValue::Line(n) => sheet.number(r, c, n as f64, bad_number)?,
            }
        }
        self.row += 1;
        Ok(())
    }

    /// The workbook of the people sheets alone (`--persons FILE.xlsx`).
    pub fn finish_people(mut self, kind: OutputKind) -> Result<Vec<u8>> {
        let last_people = self.row - 1;
        let count = self.people.len();
        for (i, s) in self.people.into_iter().enumerate() {
            let last = if i + 1 == count { last_people } else { SHEET_ROWS - 1 };
            self.workbook.push_worksheet(s.finish(last)?);
        }
        self.workbook.set_properties(&properties(kind)?);
        Ok(self.workbook.save_to_buffer()?)
    }

    /// Writes the other sheets from the report model and returns the workbook's bytes.
    pub fn finish(self, report: &Report) -> Result<Vec<u8>> {
        self.finish_with_views(report, &[])
    }

    /// As [`XlsxReport::finish`], with a sheet for each view asked for on the command line
    /// (`--theo`, `--xep-hang`, `--gan-dat`) after the unit sheet, each ready to print.
    pub fn finish_with_views(mut self, report: &Report, views: &[Sheet]) -> Result<Vec<u8>> {
        let units = unit_sheet(&mut self.workbook, report, &self.styles, &self.paper)?;
        let last_people = self.row - 1;
        let count = self.people.len();
        let mut sheets = vec![units];
        for view in views {
            sheets.push(write_sheet(&mut self.workbook, view, &self.styles)?);
        }
        for (i, s) in self.people.into_iter().enumerate() {
            let last = if i + 1 == count { last_people } else { SHEET_ROWS - 1 };
            sheets.push(s.finish(last)?);
        }
        sheets.push(findings_sheet(&mut self.workbook, report, &self.styles)?);
        sheets.push(files_sheet(new_sheet()?, report, &self.styles.header)?);
        sheets.push(criteria_sheet(new_sheet()?, report, &self.styles.header)?);
        for s in sheets {
            self.workbook.push_worksheet(s);
        }
        self.workbook.set_properties(&properties(OutputKind::Report)?);
        Ok(self.workbook.save_to_buffer()?)
    }
}

impl PersonSink for XlsxReport {
    fn begin_file(&mut self, file: &FileContext<'_>) -> io::Result<()> {
        self.file = super::persons::file_label(file);
        Ok(())
    }

    fn person(&mut self, row: &PersonRow, a: &Assessment) -> io::Result<()> {
        self.write_person(row, a).map_err(to_io)
    }
}

/// The title of the printed unit report.
pub const UNIT_TITLE: &str = "BÁO CÁO KẾT QUẢ ĐÁNH GIÁ CÔNG DÂN HỌC TẬP THEO ĐƠN VỊ";

/// The unit sheet as a paper to sign: heading block, the table (its header repeated on every
/// printed page), the summary line, the signature block.
fn unit_sheet(
    workbook: &mut Workbook,
    report: &Report,
    styles: &Styles,
    paper: &Paper,
) -> Result<Worksheet, XlsxError> {
    let sheet = super::views::units_sheet(report);
    let columns = table_width(&sheet);
    let mut ws = workbook.new_worksheet_with_constant_memory()?;
    ws.set_name(UNIT_SHEET)?;
    let t = &report.tieu_chi;
    let lines = [format!("Bộ tiêu chí: {} (phiên bản {})", t.ten, t.phien_ban), paper.year_line()];
    let top = paper::heading_xlsx(&mut ws, paper, UNIT_TITLE, &lines, columns)?;
    let (mut ws, mut row) = write_table(ws, top, &sheet, styles)?;
    let note = base().set_italic().set_align(FormatAlign::Left);
    for line in sheet.footer.lines().filter(|l| !l.trim().is_empty()) {
        row += 1;
        ws.write_string_with_format(row, 0, crate::output::safe_cell(line).as_ref(), &note)?;
    }
    paper::signatures_xlsx(&mut ws, row + 1, paper, columns)?;
    Ok(ws)
}

fn findings_sheet(workbook: &mut Workbook, report: &Report, styles: &Styles) -> Result<Worksheet, XlsxError> {
    // The report lists the first findings; `--phat-hien` has all, and the sheet says so.
    let listed = &report.phat_hien;
    let mut ws = workbook.new_worksheet_with_constant_memory()?;
    ws.set_name(FINDINGS_SHEET)?;
    let (mut ws, below) = write_table(ws, 0, &super::findings_file::sheet(listed, SHEET_ROWS as usize - 1), styles)?;
    let all = report.so_phat_hien.total();
    if all > listed.len() as u64 {
        let note = format!(
            "Trang này có {} phát hiện đầu tiên trong tổng số {}; ghi tất cả bằng --phat-hien TỆP.",
            super::render::vi::number(&listed.len().to_string()),
            super::render::vi::number(&all.to_string())
        );
        ws.write_string_with_format(below + 1, 0, &note, &base().set_italic())?;
    }
    Ok(ws)
}

fn files_sheet(ws: Worksheet, report: &Report, header: &Format) -> Result<Worksheet, XlsxError> {
    let headers: Vec<String> =
        ["Tệp", "Vai trò", "Trang tính", "Định dạng", "Bảng mã", "Dòng tiêu đề", "Số dòng", "Dòng trống", "SHA-256"]
            .map(String::from)
            .to_vec();
    let mut sheet = SheetWriter::new(ws, FILES_SHEET, &headers, header)?;
    let files =
        report.tep.iter().map(|f| (f, "Danh sách người")).chain(report.tep_don_vi.iter().map(|f| (f, "Tệp đơn vị")));
    let mut r = 0;
    for (f, role) in files {
        r += 1;
        file_row(&mut sheet, r, f, role)?;
    }
    sheet.finish(r)
}

fn file_row(sheet: &mut SheetWriter, r: u32, f: &FileSummary, role: &str) -> Result<(), XlsxError> {
    sheet.text(r, 0, &f.tep, None)?;
    sheet.text(r, 1, role, None)?;
    sheet.text(r, 2, f.trang_tinh.as_deref().unwrap_or(""), None)?;
    sheet.text(r, 3, &f.dinh_dang, None)?;
    sheet.text(r, 4, f.bang_ma.as_deref().unwrap_or(""), None)?;
    if f.dong_tieu_de > 0 {
        sheet.number(r, 5, f.dong_tieu_de as f64, None)?;
    }
    sheet.number(r, 6, f.so_dong as f64, None)?;
    sheet.number(r, 7, f.so_dong_trong as f64, None)?;
    sheet.text(r, 8, &f.sha256, None)?;
    if f.an {
        sheet.text(r, 9, "Có", None)?;
    }
    if let Some(others) = f.dong_khong_phai_nguoi.summary() {
        sheet.text(r, 10, &others, None)?;
    }
    sheet.text(r, 11, f.bo_qua.as_deref().unwrap_or(""), None)
}

fn criteria_sheet(ws: Worksheet, report: &Report, header: &Format) -> Result<Worksheet, XlsxError> {
    let t = &report.tieu_chi;
    let c = &report.tong_hop;
    let mut sheet = SheetWriter::new(ws, CRITERIA_SHEET, &["Mục".into(), "Giá trị".into()], header)?;
    let text = |k: &'static str, v: &str| (k, Err(v.to_string()));
    let count = |k: &'static str, n: u64| (k, Ok(n));
    let rows: Vec<(&str, Result<u64, String>)> = vec![
        text("Bộ tiêu chí", &t.ten),
        text("Mã bộ tiêu chí", &t.ma),
        text("Phiên bản", &t.phien_ban),
        text("Tệp tiêu chí", &t.nguon_tep),
        text("SHA-256 tệp tiêu chí", &t.sha256),
        text("Mục tiêu (%)", &t.muc_tieu_phan_tram),
        text("Nguồn mục tiêu", &t.nguon_muc_tieu),
        count("Số tệp đã đọc", c.so_tep as u64),
        count("Số dòng đọc", c.so_dong_doc),
        count("Số người được tính", c.so_nguoi),
        count("Số người đạt", c.so_dat),
        count("Số dòng lỗi", c.so_loi),
        count("Số dòng loại trừ", c.so_loai_tru),
        count("Số dòng trùng", c.so_trung),
        count("Số dòng trống bỏ qua", c.so_dong_trong),
        count("Số đơn vị", c.so_don_vi as u64),
        count("Số đơn vị đạt mục tiêu", c.so_don_vi_dat_muc_tieu as u64),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.text(r, 0, k, None)?;
        match v {
            Ok(n) => sheet.number(r, 1, *n as f64, None)?,
            Err(t) => sheet.text(r, 1, t, None)?,
        }
    }
    sheet.finish(rows.len() as u32)
}
