//! The report as an Excel workbook (`-o bao-cao.xlsx`), for officers to file: sheets "Đơn vị"
//! (the unit summary, units below target in red, the total in bold), "Người" (every person
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
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::model::{Report, UnitRow};
use crate::criteria::Criteria;
use crate::findings::Finding;
use crate::input::person::PersonRow;
use crate::number::Points;
use crate::output::safe_cell;
use crate::pipeline::{FileContext, FileSummary, PersonSink};
use crate::scoring::{Assessment, Outcome};

/// Rows in an Excel sheet, the header included.
const SHEET_ROWS: u32 = 1_048_576;
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;

pub const UNIT_SHEET: &str = "Đơn vị";
pub const PEOPLE_SHEET: &str = "Người";
pub const FINDINGS_SHEET: &str = "Phát hiện";
pub const FILES_SHEET: &str = "Tệp đã đọc";
pub const CRITERIA_SHEET: &str = "Tiêu chí";

/// A fixed creation date, so that the same input gives the same bytes.
fn properties() -> Result<DocProperties, XlsxError> {
    Ok(DocProperties::new()
        .set_title("Báo cáo Công dân học tập và Đơn vị học tập")
        .set_comment("Lập bằng hoctap")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2025, 1, 1)?))
}

/// The cell styles of a report.
struct Styles {
    header: Format,
    percent: Format,
    bad_text: Format,
    bad_number: Format,
    bad_percent: Format,
    total_text: Format,
    total_number: Format,
    total_percent: Format,
}

impl Styles {
    fn new() -> Styles {
        let bad = |f: Format| f.set_background_color(Color::RGB(0xFFC7CE)).set_font_color(Color::RGB(0x9C0006));
        let percent = || Format::new().set_num_format("0.00%");
        Styles {
            header: header_format(),
            percent: percent(),
            bad_text: bad(Format::new()),
            bad_number: bad(Format::new()),
            bad_percent: bad(percent()),
            total_text: Format::new().set_bold(),
            total_number: Format::new().set_bold(),
            total_percent: percent().set_bold(),
        }
    }
}

fn header_format() -> Format {
    Format::new().set_bold().set_background_color(Color::RGB(0xDDEBF7)).set_text_wrap()
}

/// A sheet being written: tracks the widest text of each column to size the columns at the
/// end (autofit cannot see rows already flushed in constant-memory mode).
struct Sheet {
    ws: Worksheet,
    widths: Vec<usize>,
}

impl Sheet {
    fn new(mut ws: Worksheet, name: &str, headers: &[String], header: &Format) -> Result<Sheet, XlsxError> {
        ws.set_name(name)?;
        let mut sheet = Sheet { ws, widths: vec![0; headers.len()] };
        for (c, h) in headers.iter().enumerate() {
            sheet.text(0, c, h, Some(header))?;
        }
        sheet.ws.set_freeze_panes(1, 0)?;
        Ok(sheet)
    }

    fn see(&mut self, col: usize, chars: usize) {
        if let Some(w) = self.widths.get_mut(col) {
            *w = (*w).max(chars);
        }
    }

    /// Writes text, neutralised so that a roster cannot plant a formula in the report.
    fn text(&mut self, row: u32, col: usize, value: &str, format: Option<&Format>) -> Result<(), XlsxError> {
        let value = safe_cell(value);
        self.see(col, value.chars().count());
        match format {
            Some(f) => self.ws.write_string_with_format(row, col as u16, value.as_ref(), f)?,
            None => self.ws.write_string(row, col as u16, value.as_ref())?,
        };
        Ok(())
    }

    fn number(&mut self, row: u32, col: usize, value: f64, format: Option<&Format>) -> Result<(), XlsxError> {
        self.see(col, crate::input::spreadsheet::number_text(value).chars().count() + 1);
        match format {
            Some(f) => self.ws.write_number_with_format(row, col as u16, value, f)?,
            None => self.ws.write_number(row, col as u16, value)?,
        };
        Ok(())
    }

    fn blank(&mut self, row: u32, col: usize, format: Option<&Format>) -> Result<(), XlsxError> {
        if let Some(f) = format {
            self.ws.write_blank(row, col as u16, f)?;
        }
        Ok(())
    }

    /// Filters on the header and the data rows; sizes the columns.
    fn finish(mut self, last_row: u32) -> Result<Worksheet, XlsxError> {
        let last_col = self.widths.len().saturating_sub(1) as u16;
        self.ws.autofilter(0, 0, last_row.max(1), last_col)?;
        for (c, w) in self.widths.iter().enumerate() {
            // Room for the filter arrow; long texts wrap at the cap instead of widening forever.
            let width = (w + 3).clamp(MIN_WIDTH, MAX_WIDTH);
            self.ws.set_column_width(c as u16, width as f64)?;
        }
        Ok(self.ws)
    }
}

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
    competencies: usize,
    people: Vec<Sheet>,
    /// Next row of the last people sheet.
    row: u32,
    file: String,
}

impl XlsxReport {
    pub fn new(criteria: &Criteria) -> Result<XlsxReport> {
        let mut workbook = Workbook::new();
        let styles = Styles::new();
        let mut people_headers: Vec<String> =
            ["Mã định danh", "Họ và tên", "Mã đơn vị", "Tên đơn vị", "Đối tượng"].map(String::from).to_vec();
        people_headers.extend(criteria.cdht.competencies.iter().map(|c| c.code.clone()));
        people_headers.extend(["Tổng điểm", "Ngưỡng", "Kết quả", "Lý do", "Tệp", "Dòng"].map(String::from));
        let ws = workbook.new_worksheet_with_constant_memory()?;
        let first = Sheet::new(ws, PEOPLE_SHEET, &people_headers, &styles.header)?;
        Ok(XlsxReport {
            workbook,
            styles,
            people_headers,
            competencies: criteria.cdht.competencies.len(),
            people: vec![first],
            row: 1,
            file: String::new(),
        })
    }

    fn next_people_sheet(&mut self) -> Result<(), XlsxError> {
        let ws = self.workbook.new_worksheet_with_constant_memory()?;
        let name = format!("{PEOPLE_SHEET} ({})", self.people.len() + 1);
        self.people.push(Sheet::new(ws, &name, &self.people_headers, &self.styles.header)?);
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
        let mut c = 0;
        for v in [&row.id, &row.name, &row.unit_code, &row.unit_name, &row.doi_tuong] {
            sheet.text(r, c, v, bad)?;
            c += 1;
        }
        for i in 0..self.competencies {
            match a.competency_sums.get(i) {
                Some(p) => sheet.number(r, c, points(*p), bad_number)?,
                None => sheet.blank(r, c, bad)?,
            }
            c += 1;
        }
        match a.total {
            Some(t) => sheet.number(r, c, points(t), bad_number)?,
            None => sheet.blank(r, c, bad)?,
        }
        sheet.number(r, c + 1, points(a.threshold), bad_number)?;
        sheet.text(r, c + 2, a.outcome.label(), bad)?;
        sheet.text(r, c + 3, &a.reason_text(), bad)?;
        sheet.text(r, c + 4, &self.file, bad)?;
        sheet.number(r, c + 5, row.line as f64, bad_number)?;
        self.row += 1;
        Ok(())
    }

    /// Writes the other sheets from the report model and returns the workbook's bytes.
    pub fn finish(mut self, report: &Report) -> Result<Vec<u8>> {
        let units = unit_sheet(&mut self.workbook, report, &self.styles)?;
        let last_people = self.row - 1;
        let count = self.people.len();
        let mut sheets = vec![units];
        for (i, s) in self.people.into_iter().enumerate() {
            let last = if i + 1 == count { last_people } else { SHEET_ROWS - 1 };
            sheets.push(s.finish(last)?);
        }
        sheets.push(findings_sheet(&mut self.workbook, &report.phat_hien, &self.styles.header)?);
        sheets.push(files_sheet(report, &self.styles.header)?);
        sheets.push(criteria_sheet(report, &self.styles.header)?);
        for s in sheets {
            self.workbook.push_worksheet(s);
        }
        self.workbook.set_properties(&properties()?);
        Ok(self.workbook.save_to_buffer()?)
    }
}

impl PersonSink for XlsxReport {
    fn begin_file(&mut self, file: &FileContext<'_>) -> io::Result<()> {
        self.file = match file.sheet {
            Some(s) => format!("{} ({s})", file.file),
            None => file.file.to_string(),
        };
        Ok(())
    }

    fn person(&mut self, row: &PersonRow, a: &Assessment) -> io::Result<()> {
        self.write_person(row, a).map_err(to_io)
    }
}

pub fn unit_headers(report: &Report) -> Vec<String> {
    [
        "Mã đơn vị".to_string(),
        "Tên đơn vị".into(),
        "Số người".into(),
        "Đạt CDHT".into(),
        "Tỷ lệ".into(),
        format!("Mục tiêu {}%", report.tieu_chi.muc_tieu_phan_tram),
        "Cần thêm".into(),
        "Thành viên".into(),
        "Thành viên đạt".into(),
        "Người học".into(),
        "Người học đạt".into(),
        "Loại trừ".into(),
        "Lỗi".into(),
        "Trùng".into(),
        "Mức độ ĐVHT".into(),
        "Chỉ tiêu ĐVHT chưa đạt hoặc chưa có dữ liệu".into(),
        "Tỷ lệ thành viên".into(),
        format!("Thành viên: mục tiêu {}%", report.tieu_chi.muc_tieu_phan_tram),
        "Tỷ lệ người học".into(),
        format!("Người học: mục tiêu {}%", report.tieu_chi.muc_tieu_phan_tram),
    ]
    .to_vec()
}

fn unit_row(sheet: &mut Sheet, r: u32, u: &UnitRow, styles: &Styles, total: bool) -> Result<(), XlsxError> {
    let below = !u.meets_target();
    let (text, number, percent) = if total {
        (Some(&styles.total_text), Some(&styles.total_number), &styles.total_percent)
    } else if below {
        (Some(&styles.bad_text), Some(&styles.bad_number), &styles.bad_percent)
    } else {
        (None, None, &styles.percent)
    };
    sheet.text(r, 0, &u.ma_don_vi, text)?;
    sheet.text(r, 1, &u.ten_don_vi, text)?;
    sheet.number(r, 2, u.so_nguoi as f64, number)?;
    sheet.number(r, 3, u.so_dat as f64, number)?;
    match u.ty_le {
        // The rate is kept in hundredths of a percent, truncated: 9696 is 96.96% exactly.
        Some(rate) => sheet.number(r, 4, rate.0 as f64 / 10_000.0, Some(percent))?,
        None => sheet.blank(r, 4, text)?,
    }
    sheet.text(r, 5, u.dat_muc_tieu, text)?;
    let counts = [u.can_them, u.thanh_vien_so_nguoi, u.thanh_vien_so_dat, u.nguoi_hoc_so_nguoi, u.nguoi_hoc_so_dat];
    for (i, v) in counts.into_iter().enumerate() {
        sheet.number(r, 6 + i, v as f64, number)?;
    }
    for (i, v) in [u.so_loai_tru, u.so_loi, u.so_trung].into_iter().enumerate() {
        sheet.number(r, 11 + i, v as f64, number)?;
    }
    sheet.text(r, 14, &u.muc_do_dvht, text)?;
    sheet.text(r, 15, &u.dvht_thieu.join("; "), text)?;
    // Each role against the target, marked when below it even if the unit as a whole meets it.
    let roles = [(u.ty_le_thanh_vien, u.dat_muc_tieu_thanh_vien), (u.ty_le_nguoi_hoc, u.dat_muc_tieu_nguoi_hoc)];
    for (i, (rate, verdict)) in roles.into_iter().enumerate() {
        let c = 16 + 2 * i;
        let role_below = verdict == super::model::NOT_MET;
        let (text, percent) =
            if role_below && !total { (Some(&styles.bad_text), &styles.bad_percent) } else { (text, percent) };
        match rate {
            Some(rate) => sheet.number(r, c, rate.0 as f64 / 10_000.0, Some(percent))?,
            None => sheet.blank(r, c, text)?,
        }
        sheet.text(r, c + 1, verdict, text)?;
    }
    Ok(())
}

fn unit_sheet(workbook: &mut Workbook, report: &Report, styles: &Styles) -> Result<Worksheet, XlsxError> {
    let ws = workbook.new_worksheet_with_constant_memory()?;
    let mut sheet = Sheet::new(ws, UNIT_SHEET, &unit_headers(report), &styles.header)?;
    let mut r = 1;
    for u in &report.don_vi {
        unit_row(&mut sheet, r, u, styles, false)?;
        r += 1;
    }
    // The total sits below the filtered rows, so sorting never moves it among the units.
    unit_row(&mut sheet, r, &report.tong, styles, true)?;
    sheet.finish(r - 1)
}

pub fn finding_headers() -> Vec<String> {
    ["Tệp", "Trang tính", "Dòng", "Cột", "Giá trị", "Mức độ", "Thông báo"].map(String::from).to_vec()
}

fn findings_sheet(workbook: &mut Workbook, findings: &[Finding], header: &Format) -> Result<Worksheet, XlsxError> {
    let ws = workbook.new_worksheet_with_constant_memory()?;
    let mut sheet = Sheet::new(ws, FINDINGS_SHEET, &finding_headers(), header)?;
    // A run with more findings than a sheet holds keeps the first ones; `--findings` has all.
    let shown = findings.len().min(SHEET_ROWS as usize - 1);
    for (i, f) in findings[..shown].iter().enumerate() {
        let r = i as u32 + 1;
        sheet.text(r, 0, &f.tep, None)?;
        sheet.text(r, 1, f.trang_tinh.as_deref().unwrap_or(""), None)?;
        if let Some(l) = f.dong {
            sheet.number(r, 2, l as f64, None)?;
        }
        sheet.text(r, 3, &f.cot, None)?;
        sheet.text(r, 4, &f.gia_tri, None)?;
        sheet.text(r, 5, f.muc_do.label(), None)?;
        sheet.text(r, 6, &f.thong_bao, None)?;
    }
    sheet.finish(shown as u32)
}

/// A workbook of findings alone (`--findings FILE.xlsx`).
pub fn findings_workbook(findings: &[Finding]) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let ws = findings_sheet(&mut workbook, findings, &header_format())?;
    workbook.push_worksheet(ws);
    workbook.set_properties(&properties()?);
    Ok(workbook.save_to_buffer()?)
}

fn files_sheet(report: &Report, header: &Format) -> Result<Worksheet, XlsxError> {
    let headers: Vec<String> = [
        "Tệp",
        "Vai trò",
        "Trang tính",
        "Định dạng",
        "Bảng mã",
        "Dòng tiêu đề",
        "Số dòng",
        "Dòng trống",
        "SHA-256",
        "Trang ẩn",
        "Dòng không phải người",
        "Bỏ qua (lý do)",
    ]
    .map(String::from)
    .to_vec();
    let mut sheet = Sheet::new(Worksheet::new(), FILES_SHEET, &headers, header)?;
    let files =
        report.tep.iter().map(|f| (f, "Danh sách người")).chain(report.tep_don_vi.iter().map(|f| (f, "Tệp đơn vị")));
    let mut r = 0;
    for (f, role) in files {
        r += 1;
        file_row(&mut sheet, r, f, role)?;
    }
    sheet.finish(r)
}

fn file_row(sheet: &mut Sheet, r: u32, f: &FileSummary, role: &str) -> Result<(), XlsxError> {
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

fn criteria_sheet(report: &Report, header: &Format) -> Result<Worksheet, XlsxError> {
    let t = &report.tieu_chi;
    let c = &report.tong_hop;
    let mut sheet = Sheet::new(Worksheet::new(), CRITERIA_SHEET, &["Mục".into(), "Giá trị".into()], header)?;
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
