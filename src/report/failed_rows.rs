//! The rows that failed (`--rows-with-errors FILE`): every `Lỗi` and `Trùng` row with its
//! original cells under its original headers, after columns saying where it came from and
//! why it failed, so an officer can correct the rows and run again. CSV, or Excel.
//!
//! Files of one run may have different columns: the output has the union of their columns, in
//! order of first appearance. Columns that hold the same field share one output column under
//! the first file's header ("CS1.1" in one file, "Chỉ số 1.1" in the next), so the output
//! reads back without two columns for one field; other columns are matched by header. Rows are spooled to a temporary file as they come (only the
//! failing ones, and only when this output is asked for) and laid out under the final header
//! at the end, so memory does not grow with them.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Seek};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use csv::StringRecord;

use crate::input::header::Field;
use crate::input::person::PersonRow;
use crate::input::spreadsheet::column_letter;
use rust_xlsxwriter::Workbook;

use super::format::Format;
use super::render::{
    self,
    csv::{marked_header, marked_record},
    xlsx::{SheetWriter, header_format, properties},
};
use crate::model::mark::OutputKind;
use crate::output::{AtomicFile, safe_cell};
use crate::pipeline::{FileContext, PersonSink};
use crate::scoring::{Assessment, Outcome};

/// The columns before the original ones.
pub const LEAD_COLUMNS: [&str; 5] = ["Tệp", "Trang tính", "Dòng", "Kết quả", "Lý do"];

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ColumnKey {
    Field(Field),
    Header(String),
}

pub struct FailedRows {
    path: PathBuf,
    format: Format,
    bom: bool,
    /// Output columns after the lead ones: the union of the files' columns.
    columns: Vec<String>,
    /// Output column of each field, or of each unmapped header.
    by_key: HashMap<ColumnKey, usize>,
    /// For the current file: the output column of each of its columns.
    mapping: Vec<usize>,
    file: String,
    sheet: String,
    spool: csv::Writer<File>,
    rows: u64,
}

impl FailedRows {
    /// `format` is CSV or Excel, as [`crate::report::format::Output::resolve`] settled it.
    pub fn create(path: &Path, format: Format, bom: bool) -> Result<FailedRows> {
        let spool = tempfile::tempfile().context("không tạo được tệp tạm cho --dong-loi")?;
        Ok(FailedRows {
            path: path.to_path_buf(),
            format,
            bom,
            columns: Vec::new(),
            by_key: HashMap::new(),
            mapping: Vec::new(),
            file: String::new(),
            sheet: String::new(),
            spool: csv::WriterBuilder::new().flexible(true).from_writer(spool),
            rows: 0,
        })
    }

    /// Writes the output file from the spool.
    pub fn finish(self) -> Result<u64> {
        let is_xlsx = self.format == Format::Xlsx;
        let mut spool = self.spool.into_inner().map_err(|e| e.into_error())?;
        spool.seek(io::SeekFrom::Start(0))?;
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(spool);
        let width = LEAD_COLUMNS.len() + self.columns.len();
        let mut header: Vec<String> = LEAD_COLUMNS.map(String::from).to_vec();
        header.extend(self.columns.iter().cloned());
        let records = reader.records().map(|r| {
            r.map(|rec| {
                let mut cells: Vec<String> = rec.iter().map(String::from).collect();
                cells.resize(width, String::new());
                cells
            })
        });
        let path = self.path.clone();
        if is_xlsx {
            let bytes = xlsx(&header, records)?;
            crate::output::write_output(Some(&path), &bytes)?;
        } else {
            let kind = OutputKind::RowsWithErrors;
            let mut w = render::csv::start(AtomicFile::create(&path)?, self.bom)?;
            let failed = |e: csv::Error| anyhow::anyhow!("không ghi được danh sách dòng lỗi: {e}");
            w.write_record(marked_header(header.iter().map(String::as_str), kind)).map_err(failed)?;
            for cells in records {
                let cells = cells.context("không đọc lại được tệp tạm của --dong-loi")?;
                w.write_record(marked_record(cells.iter().map(|c| safe_cell(c).into_owned()).collect(), kind))
                    .map_err(failed)?;
            }
            w.into_inner().map_err(|e| failed(e.into_error().into()))?.commit()?;
        }
        Ok(self.rows)
    }
}

fn xlsx(header: &[String], records: impl Iterator<Item = csv::Result<Vec<String>>>) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let ws = workbook.new_worksheet_with_constant_memory()?;
    let mut sheet = SheetWriter::new(ws, "Dòng lỗi", header, &header_format())?;
    let mut r = 0u32;
    for cells in records {
        r += 1;
        for (c, v) in cells?.iter().enumerate() {
            if !v.is_empty() {
                sheet.text(r, c, v, None)?;
            }
        }
    }
    workbook.push_worksheet(sheet.finish(r)?);
    workbook.set_properties(&properties(OutputKind::RowsWithErrors)?);
    Ok(workbook.save_to_buffer()?)
}

impl PersonSink for FailedRows {
    fn person(&mut self, _row: &PersonRow, _a: &Assessment) -> io::Result<()> {
        Ok(())
    }

    fn begin_file(&mut self, file: &FileContext<'_>) -> io::Result<()> {
        self.file = file.file.to_string();
        self.sheet = file.sheet.unwrap_or("").to_string();
        let header = file.header;
        let mut seen: HashMap<&str, usize> = HashMap::new();
        self.mapping = (0..header.width)
            .map(|i| {
                let h = header.headers[i].trim();
                let base = if h.is_empty() { format!("(cột {})", column_letter(i)) } else { h.to_string() };
                let n = seen.entry(h).and_modify(|n| *n += 1).or_insert(1);
                let name = if *n > 1 { format!("{base} ({n})") } else { base };
                let key = match header.columns.iter().find(|(_, c)| **c == i) {
                    Some((f, _)) => ColumnKey::Field(*f),
                    None => ColumnKey::Header(name.clone()),
                };
                *self.by_key.entry(key).or_insert_with(|| {
                    self.columns.push(name);
                    self.columns.len() - 1
                })
            })
            .collect();
        Ok(())
    }

    fn person_with_record(&mut self, row: &PersonRow, a: &Assessment, record: &StringRecord) -> io::Result<()> {
        if !matches!(a.outcome, Outcome::Invalid | Outcome::Duplicate) {
            return Ok(());
        }
        let mut cells: Vec<&str> = vec![""; LEAD_COLUMNS.len() + self.columns.len()];
        let line = row.line.to_string();
        let reason = a.reason_text();
        cells[0] = &self.file;
        cells[1] = &self.sheet;
        cells[2] = &line;
        cells[3] = a.outcome.label();
        cells[4] = &reason;
        for (i, v) in record.iter().take(self.mapping.len()).enumerate() {
            cells[LEAD_COLUMNS.len() + self.mapping[i]] = v;
        }
        // Trailing blanks need not be spooled; `finish` pads every row to the final width.
        let used = cells.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
        self.spool.write_record(&cells[..used]).map_err(io::Error::other)?;
        self.rows += 1;
        Ok(())
    }
}
