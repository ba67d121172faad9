//! The per-person list (`--persons FILE`): every row read with its result and reason, written
//! as rows are scored. CSV (marked), JSON (an array) or an Excel workbook of people sheets, in
//! the format [`super::format::Output::resolve`] settled; the columns are
//! [`super::person_columns`]'s, the same in every format.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::format::Format;
use super::person_columns::{PersonColumn, PersonLine, person_columns};
use super::render::{
    self,
    csv::{marked_header, marked_record},
};
use super::xlsx::XlsxReport;
use crate::criteria::Criteria;
use crate::input::person::PersonRow;
use crate::model::mark::OutputKind;
use crate::output::{AtomicFile, safe_cell, write_output};
use crate::pipeline::{FileContext, PersonSink};
use crate::scoring::Assessment;

enum Writer {
    Csv(Box<csv::Writer<AtomicFile>>),
    Json(render::json::ArrayWriter),
    Xlsx { workbook: Box<XlsxReport>, path: PathBuf },
}

pub struct PersonsWriter {
    format: Writer,
    columns: Vec<PersonColumn>,
    /// The file (and sheet) being read, for the `tep` column.
    file: String,
}

/// How the findings and the people sheets name where a row came from.
pub fn file_label(file: &FileContext<'_>) -> String {
    match file.sheet {
        Some(s) => format!("{} ({s})", file.file),
        None => file.file.to_string(),
    }
}

impl PersonsWriter {
    pub fn create(path: &Path, format: Format, criteria: &Criteria, bom: bool) -> Result<PersonsWriter> {
        let columns = person_columns(criteria);
        let format = match format {
            Format::Json => Writer::Json(render::json::ArrayWriter::create(path)?),
            Format::Xlsx => Writer::Xlsx { workbook: Box::new(XlsxReport::new(criteria)?), path: path.to_path_buf() },
            _ => {
                let mut w = render::csv::start(AtomicFile::create(path)?, bom)?;
                // Competency codes come from the criteria file: the header is neutralised.
                w.write_record(marked_header(columns.iter().map(|c| c.key.as_str()), OutputKind::Persons))?;
                Writer::Csv(Box::new(w))
            }
        };
        Ok(PersonsWriter { format, columns, file: String::new() })
    }

    pub fn finish(self) -> Result<()> {
        let failed = |e: std::io::Error| anyhow::anyhow!("không ghi được danh sách người: {e}");
        match self.format {
            Writer::Csv(w) => w.into_inner().map_err(|e| failed(e.into_error()))?.commit(),
            Writer::Json(array) => array.finish(failed),
            Writer::Xlsx { workbook, path } => write_output(Some(&path), &workbook.finish_people(OutputKind::Persons)?),
        }
    }
}

impl PersonSink for PersonsWriter {
    fn begin_file(&mut self, file: &FileContext<'_>) -> std::io::Result<()> {
        self.file = file_label(file);
        match &mut self.format {
            Writer::Xlsx { workbook, .. } => workbook.begin_file(file),
            _ => Ok(()),
        }
    }

    fn person(&mut self, row: &PersonRow, a: &Assessment) -> std::io::Result<()> {
        let line = PersonLine { row, assessment: a, file: &self.file };
        match &mut self.format {
            Writer::Xlsx { workbook, .. } => workbook.person(row, a),
            Writer::Csv(w) => {
                let rec = self.columns.iter().map(|c| safe_cell(&c.value(&line).csv_text()).into_owned());
                w.write_record(marked_record(rec.collect(), OutputKind::Persons)).map_err(std::io::Error::other)
            }
            Writer::Json(array) => {
                // An object with the keys in the columns' order.
                let file = array.element()?;
                file.write_all(b"{")?;
                for (i, c) in self.columns.iter().enumerate() {
                    if i > 0 {
                        file.write_all(b",")?;
                    }
                    serde_json::to_writer(&mut *file, &c.key).map_err(std::io::Error::other)?;
                    file.write_all(b":")?;
                    serde_json::to_writer(&mut *file, &c.value(&line).json()).map_err(std::io::Error::other)?;
                }
                file.write_all(b"}")
            }
        }
    }
}
