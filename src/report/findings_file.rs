//! Every finding of a run (`--findings FILE`, and the "Phát hiện" sheet of the Excel report),
//! declared once as columns. The screen shows the first few; this file has all, written as
//! the run settles them ([`FindingsWriter`]), so that none waits in memory for the end.

use std::path::{Path, PathBuf};

use anyhow::Result;
use rust_xlsxwriter::Workbook;

use super::format::Format;
use super::render::csv::{marked_header, marked_record, record};
use super::render::xlsx::{SHEET_ROWS, SheetWriter, Styles, new_workbook, properties, write_row};
use super::sheet::{Field, Row, Sheet, Value, cells, columns};
use crate::model::mark::OutputKind;
use crate::model::{Finding, FindingSink};
use crate::output::{AtomicFile, write_output};

const FIELDS: &[Field<Finding>] = &[
    Field::all("tep", "Tệp", |f| f.tep.as_str().into()),
    Field::all("trang_tinh", "Trang tính", |f| f.trang_tinh.as_deref().unwrap_or("").into()),
    Field::all("dong", "Dòng", |f| Value::Figure(f.dong.map_or_else(String::new, |l| l.to_string())).into()),
    Field::all("cot", "Cột", |f| f.cot.as_str().into()),
    Field::all("gia_tri", "Giá trị", |f| f.gia_tri.as_str().into()),
    Field::all("muc_do", "Mức độ", |f| f.muc_do.label().into()),
    Field::all("thong_bao", "Thông báo", |f| f.thong_bao.as_str().into()),
];

/// The findings as a sheet; at most `limit` rows (an Excel sheet's size), JSON always all.
pub fn sheet(findings: &[Finding], limit: usize) -> Sheet {
    let mut sheet = Sheet::new(OutputKind::Findings, super::xlsx::FINDINGS_SHEET, columns(FIELDS)).with_json(findings);
    for f in findings.iter().take(limit) {
        sheet.push(Row::new(cells(FIELDS, f)));
    }
    sheet
}

enum Writer {
    Csv(Box<csv::Writer<AtomicFile>>),
    /// A JSON array, a finding per line.
    Json(super::render::json::ArrayWriter),
    /// Sheets "Phát hiện", "Phát hiện (2)", … of an Excel sheet's size each.
    Xlsx {
        workbook: Box<Workbook>,
        sheets: Vec<SheetWriter>,
        row: u32,
        styles: Box<Styles>,
        path: PathBuf,
    },
}

/// `--phat-hien FILE` in a format settled by [`super::format::Output::resolve`], fed every
/// finding as the run settles it.
pub struct FindingsWriter {
    writer: Writer,
    shown: Vec<usize>,
}

impl FindingsWriter {
    pub fn create(path: &Path, format: Format, bom: bool) -> Result<FindingsWriter> {
        let header = sheet(&[], 0);
        let shown = header.shown(false);
        let writer = match format {
            Format::Json => Writer::Json(super::render::json::ArrayWriter::create(path)?),
            Format::Xlsx => {
                let workbook = Box::new(new_workbook()?);
                let styles = Box::new(Styles::new());
                let mut w = Writer::Xlsx { workbook, sheets: Vec::new(), row: SHEET_ROWS, styles, path: path.into() };
                new_findings_sheet(&mut w, &header)?;
                w
            }
            _ => {
                let mut w = super::render::csv::start(AtomicFile::create(path)?, bom)?;
                let keys = shown.iter().map(|&i| header.columns[i].key.as_str());
                w.write_record(marked_header(keys, OutputKind::Findings))?;
                Writer::Csv(Box::new(w))
            }
        };
        Ok(FindingsWriter { writer, shown })
    }

    pub fn finish(self) -> Result<()> {
        let failed = |e: std::io::Error| anyhow::anyhow!("không ghi được danh sách phát hiện: {e}");
        match self.writer {
            Writer::Csv(w) => w.into_inner().map_err(|e| failed(e.into_error()))?.commit(),
            Writer::Json(array) => array.finish(failed),
            Writer::Xlsx { mut workbook, sheets, row, path, .. } => {
                let count = sheets.len();
                for (i, s) in sheets.into_iter().enumerate() {
                    let last = if i + 1 == count { row - 1 } else { SHEET_ROWS - 1 };
                    workbook.push_worksheet(s.finish(last)?);
                }
                workbook.set_properties(&properties(OutputKind::Findings)?);
                write_output(Some(&path), &workbook.save_to_buffer()?)
            }
        }
    }
}

fn new_findings_sheet(w: &mut Writer, header: &Sheet) -> Result<(), rust_xlsxwriter::XlsxError> {
    let Writer::Xlsx { workbook, sheets, row, styles, .. } = w else { return Ok(()) };
    let name = match sheets.len() {
        0 => super::xlsx::FINDINGS_SHEET.to_string(),
        n => format!("{} ({})", super::xlsx::FINDINGS_SHEET, n + 1),
    };
    let titles: Vec<String> = header.columns.iter().map(|c| c.title.clone()).collect();
    sheets.push(SheetWriter::new(workbook.new_worksheet_with_constant_memory()?, &name, &titles, &styles.header)?);
    *row = 1;
    Ok(())
}

impl FindingsWriter {
    fn xlsx_row(&mut self, line: &Row) -> Result<(), rust_xlsxwriter::XlsxError> {
        if matches!(&self.writer, Writer::Xlsx { row, .. } if *row >= SHEET_ROWS) {
            new_findings_sheet(&mut self.writer, &sheet(&[], 0))?;
        }
        if let Writer::Xlsx { sheets, row, styles, .. } = &mut self.writer {
            write_row(sheets.last_mut().expect("a findings sheet"), *row, line, &self.shown, styles)?;
            *row += 1;
        }
        Ok(())
    }
}

impl FindingSink for FindingsWriter {
    fn finding(&mut self, f: &Finding) -> std::io::Result<()> {
        let line = Row::new(cells(FIELDS, f));
        match &mut self.writer {
            Writer::Csv(w) => w
                .write_record(marked_record(record(&line, &self.shown), OutputKind::Findings))
                .map_err(std::io::Error::other),
            Writer::Json(array) => serde_json::to_writer(array.element()?, f).map_err(std::io::Error::other),
            Writer::Xlsx { .. } => self.xlsx_row(&line).map_err(std::io::Error::other),
        }
    }
}
