//! Excel: one worksheet per sheet, with Vietnamese headings, a frozen header row, an
//! autofilter and column widths that fit; rates are numbers shown as percentages, rows below
//! target red, the total bold. Every workbook carries the mark of its kind. Every sheet is set
//! up to print as an administrative document asks (Decree 30/2020/NĐ-CP): A4 landscape, one page
//! wide, Times New Roman, the header row on every page, page numbers, the decree's margins.

use anyhow::Result;
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::Renderer;
use crate::model::mark::{OutputKind, XLSX_PROPERTY};
use crate::output::safe_cell;
use crate::report::format::RenderOptions;
use crate::report::sheet::{Row, Sheet, Tone, Value};

/// Rows in an Excel sheet, the header included.
pub const SHEET_ROWS: u32 = 1_048_576;
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 40;

pub struct Xlsx;

impl Renderer for Xlsx {
    fn render(&self, sheet: &Sheet, _options: RenderOptions) -> Result<Vec<u8>> {
        let mut workbook = new_workbook()?;
        let ws = write_sheet(&mut workbook, sheet, &Styles::new())?;
        workbook.push_worksheet(ws);
        workbook.set_properties(&properties(sheet.kind)?);
        Ok(workbook.save_to_buffer()?)
    }
}

/// The typeface of administrative documents (Decree 30/2020/NĐ-CP).
pub const FONT: &str = "Times New Roman";

/// The plain cell style every other style starts from.
pub fn base() -> Format {
    Format::new().set_font_name(FONT).set_font_size(12)
}

/// A workbook whose cells default to Times New Roman.
pub fn new_workbook() -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_default_format(&base(), 21, 64)?;
    Ok(workbook)
}

/// A worksheet built apart from its workbook, with the workbook's default style.
pub fn new_sheet() -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_default_format(&base(), 21, 64)?;
    Ok(ws)
}

/// Margins in inches, as Decree 30/2020/NĐ-CP gives them in millimetres: left 30, right 15,
/// top and bottom 20; header and footer 8 mm from the edge.
const MM: f64 = 1.0 / 25.4;
pub const MARGINS: [f64; 6] = [30.0 * MM, 15.0 * MM, 20.0 * MM, 20.0 * MM, 8.0 * MM, 8.0 * MM];

/// A4 landscape, one page wide and as many pages long as needed, row `repeat` (the header) on
/// every page, "Trang 2/5" at the foot of each page.
pub fn print_setup(ws: &mut Worksheet, repeat: Option<u32>) -> Result<(), XlsxError> {
    ws.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0).set_print_center_horizontally(true);
    let [left, right, top, bottom, header, footer] = MARGINS;
    ws.set_margins(left, right, top, bottom, header, footer);
    ws.set_footer(format!("&C&\"{FONT},Regular\"&10Trang &P/&N"));
    if let Some(r) = repeat {
        ws.set_repeat_rows(r, r)?;
    }
    Ok(())
}

/// Writes a sheet's columns for files into a new worksheet of `workbook`; the caller pushes it.
pub fn write_sheet(workbook: &mut Workbook, sheet: &Sheet, styles: &Styles) -> Result<Worksheet, XlsxError> {
    let mut ws = workbook.new_worksheet_with_constant_memory()?;
    ws.set_name(sheet_name(&sheet.title))?;
    Ok(write_table(ws, 0, sheet, styles)?.0)
}

/// Excel refuses sheet names over 31 characters or with []:*?/\.
pub fn sheet_name(title: &str) -> String {
    title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect()
}

/// The columns a sheet shows in a file.
pub fn table_width(sheet: &Sheet) -> u16 {
    sheet.shown(false).len() as u16
}

/// Writes a sheet's table with its header at row `top` of `ws`; returns the worksheet and the
/// first row below the table.
pub fn write_table(ws: Worksheet, top: u32, sheet: &Sheet, styles: &Styles) -> Result<(Worksheet, u32), XlsxError> {
    let columns = sheet.shown(false);
    let titles: Vec<String> = columns.iter().map(|&i| sheet.columns[i].title.clone()).collect();
    let mut out = SheetWriter::below(ws, top, &titles, &styles.header)?;
    let shown = sheet.rows.len().min((SHEET_ROWS - top) as usize - 1);
    for (r, row) in sheet.rows[..shown].iter().enumerate() {
        write_row(&mut out, r as u32 + 1, row, &columns, styles)?;
    }
    // The total sits below the filtered rows, so sorting never moves it among the others.
    let totals = sheet.rows[..shown].iter().rev().take_while(|r| r.total).count();
    Ok((out.finish((shown - totals) as u32)?, top + shown as u32 + 1))
}

pub fn write_row(
    out: &mut SheetWriter,
    r: u32,
    row: &Row,
    columns: &[usize],
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (c, &i) in columns.iter().enumerate() {
        // A row below target is red; so is a cell below it in a row that is not (a role).
        let (text, number, percent) = if row.total {
            (Some(&styles.total_text), Some(&styles.total_number), &styles.total_percent)
        } else if row.tone == Tone::Bad || row.cells[i].tone == Tone::Bad {
            (Some(&styles.bad_text), Some(&styles.bad_number), &styles.bad_percent)
        } else {
            (None, None, &styles.percent)
        };
        match &row.cells[i].value {
            Value::Text(s) => out.text(r, c, s, text)?,
            Value::Count(n) => out.number(r, c, *n as f64, number)?,
            // The rate is kept in hundredths of a percent, truncated: 9696 is 96.96% exactly.
            Value::Rate(Some(rate)) => out.number(r, c, rate.0 as f64 / 10_000.0, Some(percent))?,
            Value::Rate(None) => out.blank(r, c, text)?,
            Value::Figure(s) => match s.parse::<f64>() {
                Ok(v) => out.number(r, c, v, number)?,
                Err(_) => out.text(r, c, s, text)?,
            },
        }
    }
    Ok(())
}

/// The document properties of every workbook hoctap writes: the mark (a custom property
/// naming the kind of output, see [`crate::model::mark`]) and a fixed creation date, so that
/// the same input gives the same bytes.
pub fn properties(kind: OutputKind) -> Result<DocProperties, XlsxError> {
    Ok(DocProperties::new()
        .set_title("Báo cáo Công dân học tập và Đơn vị học tập")
        .set_comment("Lập bằng hoctap")
        .set_custom_property(XLSX_PROPERTY, kind.as_str())
        .set_creation_datetime(&ExcelDateTime::from_ymd(2025, 1, 1)?))
}

/// The cell styles of a report.
pub struct Styles {
    pub header: Format,
    percent: Format,
    pub bad_text: Format,
    pub bad_number: Format,
    bad_percent: Format,
    total_text: Format,
    total_number: Format,
    total_percent: Format,
}

impl Default for Styles {
    fn default() -> Styles {
        Styles::new()
    }
}

impl Styles {
    pub fn new() -> Styles {
        let bad = |f: Format| f.set_background_color(Color::RGB(0xFFC7CE)).set_font_color(Color::RGB(0x9C0006));
        let percent = || base().set_num_format("0.00%");
        Styles {
            header: header_format(),
            percent: percent(),
            bad_text: bad(base()),
            bad_number: bad(base()),
            bad_percent: bad(percent()),
            total_text: base().set_bold(),
            total_number: base().set_bold(),
            total_percent: percent().set_bold(),
        }
    }
}

pub fn header_format() -> Format {
    base()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::VerticalCenter)
}

/// The width a heading asks of its column: its longest word, and at least a short heading's
/// whole length, plus room for the filter arrow.
fn heading_width(h: &str) -> usize {
    let word = h.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
    word.max(h.chars().count().min(12)).max(MIN_WIDTH - 3)
}

/// A sheet being written: tracks the widest text of each column to size the columns at the
/// end (autofit cannot see rows already flushed in constant-memory mode). Rows are counted from
/// the header row, which sits at `top` (below a heading block, if the sheet has one).
pub struct SheetWriter {
    ws: Worksheet,
    widths: Vec<usize>,
    top: u32,
}

impl SheetWriter {
    pub fn new(ws: Worksheet, name: &str, headers: &[String], header: &Format) -> Result<SheetWriter, XlsxError> {
        let mut ws = ws;
        ws.set_name(name)?;
        SheetWriter::below(ws, 0, headers, header)
    }

    /// A table whose header row is row `top` of `ws` (rows above it already written).
    pub fn below(ws: Worksheet, top: u32, headers: &[String], header: &Format) -> Result<SheetWriter, XlsxError> {
        // A heading wraps onto several lines, so it widens its column only to its longest word
        // (or a short heading's length); the row is made tall enough for the longest heading,
        // since LibreOffice does not grow a row for wrapped text by itself.
        let widths: Vec<usize> = headers.iter().map(|h| heading_width(h)).collect();
        let lines = headers.iter().zip(&widths).map(|(h, w)| h.chars().count().div_ceil(*w)).max().unwrap_or(1);
        let mut ws = ws;
        ws.set_row_height(top, 16.0 * lines as f64 + 4.0)?;
        let mut sheet = SheetWriter { ws, widths, top };
        for (c, h) in headers.iter().enumerate() {
            let value = safe_cell(h);
            sheet.ws.write_string_with_format(top, c as u16, value.as_ref(), header)?;
        }
        sheet.ws.set_freeze_panes(top + 1, 0)?;
        print_setup(&mut sheet.ws, Some(top))?;
        Ok(sheet)
    }

    fn see(&mut self, col: usize, chars: usize) {
        if let Some(w) = self.widths.get_mut(col) {
            *w = (*w).max(chars);
        }
    }

    /// Writes text, neutralised so that a roster cannot plant a formula in the report.
    pub fn text(&mut self, row: u32, col: usize, value: &str, format: Option<&Format>) -> Result<(), XlsxError> {
        let value = safe_cell(value);
        self.see(col, value.chars().count());
        let row = row + self.top;
        match format {
            Some(f) => self.ws.write_string_with_format(row, col as u16, value.as_ref(), f)?,
            None => self.ws.write_string(row, col as u16, value.as_ref())?,
        };
        Ok(())
    }

    pub fn number(&mut self, row: u32, col: usize, value: f64, format: Option<&Format>) -> Result<(), XlsxError> {
        self.see(col, crate::input::spreadsheet::number_text(value).chars().count() + 1);
        let row = row + self.top;
        match format {
            Some(f) => self.ws.write_number_with_format(row, col as u16, value, f)?,
            None => self.ws.write_number(row, col as u16, value)?,
        };
        Ok(())
    }

    pub fn blank(&mut self, row: u32, col: usize, format: Option<&Format>) -> Result<(), XlsxError> {
        if let Some(f) = format {
            self.ws.write_blank(row + self.top, col as u16, f)?;
        }
        Ok(())
    }

    /// The columns of the table.
    pub fn columns(&self) -> u16 {
        self.widths.len() as u16
    }

    /// Filters on the header and the data rows (`last_row` counted from the header); sizes the
    /// columns.
    pub fn finish(mut self, last_row: u32) -> Result<Worksheet, XlsxError> {
        let last_col = self.widths.len().saturating_sub(1) as u16;
        self.ws.autofilter(self.top, 0, self.top + last_row.max(1), last_col)?;
        for (c, w) in self.widths.iter().enumerate() {
            // Room for the filter arrow; long texts wrap at the cap instead of widening forever.
            let width = (w + 3).clamp(MIN_WIDTH, MAX_WIDTH);
            self.ws.set_column_width(c as u16, width as f64)?;
        }
        Ok(self.ws)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::render::tests::sample;

    fn entry(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    }

    #[test]
    fn a_marked_workbook_with_the_data_columns() {
        let bytes = Xlsx.render(&sample(), RenderOptions::default()).unwrap();
        let custom = entry(&bytes, "docProps/custom.xml");
        assert!(custom.contains(r#"name="hoctap""#) && custom.contains("bao-cao"), "{custom}");
        let strings = entry(&bytes, "xl/worksheets/sheet1.xml");
        assert!(strings.contains("Ghi chú") && !strings.contains("Mục tiêu"), "{strings}");
        assert!(strings.contains("'=A1"), "formula neutralised: {strings}");
    }
}
