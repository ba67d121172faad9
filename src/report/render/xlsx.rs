//! Excel: one worksheet per sheet, with Vietnamese headings, a frozen header row, an
//! autofilter and column widths that fit; rates are numbers shown as percentages, rows below
//! target red, the total bold. Every workbook carries the mark of its kind.

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
const MAX_WIDTH: usize = 60;

pub struct Xlsx;

impl Renderer for Xlsx {
    fn render(&self, sheet: &Sheet, _options: RenderOptions) -> Result<Vec<u8>> {
        let mut workbook = Workbook::new();
        let ws = write_sheet(&mut workbook, sheet, &Styles::new())?;
        workbook.push_worksheet(ws);
        workbook.set_properties(&properties(sheet.kind)?);
        Ok(workbook.save_to_buffer()?)
    }
}

/// Writes a sheet's columns for files into a new worksheet of `workbook`; the caller pushes it.
pub fn write_sheet(workbook: &mut Workbook, sheet: &Sheet, styles: &Styles) -> Result<Worksheet, XlsxError> {
    let columns = sheet.shown(false);
    let titles: Vec<String> = columns.iter().map(|&i| sheet.columns[i].title.clone()).collect();
    let ws = workbook.new_worksheet_with_constant_memory()?;
    // Excel refuses sheet names over 31 characters or with []:*?/\.
    let name: String = sheet.title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    let mut out = SheetWriter::new(ws, &name, &titles, &styles.header)?;
    let shown = sheet.rows.len().min(SHEET_ROWS as usize - 1);
    for (r, row) in sheet.rows[..shown].iter().enumerate() {
        write_row(&mut out, r as u32 + 1, row, &columns, styles)?;
    }
    // The total sits below the filtered rows, so sorting never moves it among the others.
    let totals = sheet.rows[..shown].iter().rev().take_while(|r| r.total).count();
    out.finish((shown - totals) as u32)
}

fn write_row(out: &mut SheetWriter, r: u32, row: &Row, columns: &[usize], styles: &Styles) -> Result<(), XlsxError> {
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

pub fn header_format() -> Format {
    Format::new().set_bold().set_background_color(Color::RGB(0xDDEBF7)).set_text_wrap()
}

/// A sheet being written: tracks the widest text of each column to size the columns at the
/// end (autofit cannot see rows already flushed in constant-memory mode).
pub struct SheetWriter {
    ws: Worksheet,
    widths: Vec<usize>,
}

impl SheetWriter {
    pub fn new(mut ws: Worksheet, name: &str, headers: &[String], header: &Format) -> Result<SheetWriter, XlsxError> {
        ws.set_name(name)?;
        let mut sheet = SheetWriter { ws, widths: vec![0; headers.len()] };
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
    pub fn text(&mut self, row: u32, col: usize, value: &str, format: Option<&Format>) -> Result<(), XlsxError> {
        let value = safe_cell(value);
        self.see(col, value.chars().count());
        match format {
            Some(f) => self.ws.write_string_with_format(row, col as u16, value.as_ref(), f)?,
            None => self.ws.write_string(row, col as u16, value.as_ref())?,
        };
        Ok(())
    }

    pub fn number(&mut self, row: u32, col: usize, value: f64, format: Option<&Format>) -> Result<(), XlsxError> {
        self.see(col, crate::input::spreadsheet::number_text(value).chars().count() + 1);
        match format {
            Some(f) => self.ws.write_number_with_format(row, col as u16, value, f)?,
            None => self.ws.write_number(row, col as u16, value)?,
        };
        Ok(())
    }

    pub fn blank(&mut self, row: u32, col: usize, format: Option<&Format>) -> Result<(), XlsxError> {
        if let Some(f) = format {
            self.ws.write_blank(row, col as u16, f)?;
        }
        Ok(())
    }

    /// Filters on the header and the data rows; sizes the columns.
    pub fn finish(mut self, last_row: u32) -> Result<Worksheet, XlsxError> {
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
