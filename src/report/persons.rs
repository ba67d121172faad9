//! The per-person list (`--persons FILE`): every row read with its result and reason, written
//! as rows are scored. CSV (marked), JSON (an array) or an Excel workbook of people sheets, in
//! the format [`super::format::Output::resolve`] settled.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::Serialize;

use super::format::Format;
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

pub const FIXED_COLUMNS: [&str; 4] = ["ma_dinh_danh", "ho_ten", "ma_don_vi", "doi_tuong"];
pub const TAIL_COLUMNS: [&str; 5] = ["tong_diem", "nguong", "ket_qua", "ly_do", "ma_khac"];

/// The row's other id columns, kept beside the id that was chosen ("so_dinh_danh_ca_nhan:
/// 037214000201"): the evidence an officer needs to match a person across exports.
fn other_ids(row: &PersonRow) -> String {
    row.other_ids.iter().map(|(kind, id)| format!("{kind}:{id}")).collect::<Vec<_>>().join("; ")
}

#[derive(Serialize)]
struct PersonJson<'a> {
    ma_dinh_danh: &'a str,
    ho_ten: &'a str,
    ma_don_vi: &'a str,
    doi_tuong: &'a str,
    #[serde(flatten)]
    nang_luc: std::collections::BTreeMap<String, Option<String>>,
    tong_diem: Option<String>,
    nguong: String,
    ket_qua: &'static str,
    ly_do: String,
    ma_khac: String,
}

enum Writer {
    Csv(Box<csv::Writer<AtomicFile>>),
    Json { file: AtomicFile, first: bool },
    Xlsx { workbook: Box<XlsxReport>, path: PathBuf },
}

pub struct PersonsWriter {
    format: Writer,
    competency_columns: Vec<String>,
}

impl PersonsWriter {
    /// Column names of the competency sums: "tc1", "tc2", "tc3" from the criteria codes.
    fn competency_columns(criteria: &Criteria) -> Vec<String> {
        criteria.cdht.competencies.iter().map(|c| c.code.to_lowercase()).collect()
    }

    pub fn create(path: &Path, format: Format, criteria: &Criteria, bom: bool) -> Result<PersonsWriter> {
        let competency_columns = Self::competency_columns(criteria);
        let format = match format {
            Format::Json => {
                let mut file = AtomicFile::create(path)?;
                file.write_all(b"[")?;
                Writer::Json { file, first: true }
            }
            Format::Xlsx => Writer::Xlsx { workbook: Box::new(XlsxReport::new(criteria)?), path: path.to_path_buf() },
            _ => {
                let mut w = render::csv::start(AtomicFile::create(path)?, bom)?;
                let mut header: Vec<&str> = FIXED_COLUMNS.to_vec();
                header.extend(competency_columns.iter().map(String::as_str));
                header.extend(TAIL_COLUMNS);
                // Competency codes come from the criteria file: the header is neutralised.
                w.write_record(marked_header(header, OutputKind::Persons))?;
                Writer::Csv(Box::new(w))
            }
        };
        Ok(PersonsWriter { format, competency_columns })
    }

    pub fn finish(self) -> Result<()> {
        match self.format {
            Writer::Csv(w) => {
                let file = w.into_inner().map_err(|e| e.into_error())?;
                file.commit()
            }
            Writer::Json { mut file, first } => {
                file.write_all(if first { b"]\n" } else { b"\n]\n" })?;
                file.commit()
            }
            Writer::Xlsx { workbook, path } => write_output(Some(&path), &workbook.finish_people(OutputKind::Persons)?),
        }
    }
}

impl PersonSink for PersonsWriter {
    fn begin_file(&mut self, file: &FileContext<'_>) -> std::io::Result<()> {
        match &mut self.format {
            Writer::Xlsx { workbook, .. } => workbook.begin_file(file),
            _ => Ok(()),
        }
    }

    fn person(&mut self, row: &PersonRow, a: &Assessment) -> std::io::Result<()> {
        let sums: Vec<Option<String>> =
            (0..self.competency_columns.len()).map(|i| a.competency_sums.get(i).map(ToString::to_string)).collect();
        let total = a.total.map(|t| t.to_string());
        match &mut self.format {
            Writer::Xlsx { workbook, .. } => workbook.person(row, a),
            Writer::Csv(w) => {
                let mut rec: Vec<String> = vec![
                    safe_cell(&row.id).into_owned(),
                    safe_cell(&row.name).into_owned(),
                    safe_cell(&row.unit_code).into_owned(),
                    safe_cell(&row.doi_tuong).into_owned(),
                ];
                rec.extend(sums.into_iter().map(Option::unwrap_or_default));
                rec.push(total.unwrap_or_default());
                rec.push(a.threshold.to_string());
                rec.push(a.outcome.label().to_string());
                rec.push(safe_cell(&a.reason_text()).into_owned());
                rec.push(safe_cell(&other_ids(row)).into_owned());
                w.write_record(marked_record(rec, OutputKind::Persons)).map_err(std::io::Error::other)
            }
            Writer::Json { file, first } => {
                let p = PersonJson {
                    ma_dinh_danh: &row.id,
                    ho_ten: &row.name,
                    ma_don_vi: &row.unit_code,
                    doi_tuong: &row.doi_tuong,
                    nang_luc: self.competency_columns.iter().cloned().zip(sums).collect(),
                    tong_diem: total,
                    nguong: a.threshold.to_string(),
                    ket_qua: a.outcome.label(),
                    ly_do: a.reason_text(),
                    ma_khac: other_ids(row),
                };
                file.write_all(if *first { b"\n" } else { b",\n" })?;
                *first = false;
                serde_json::to_writer(&mut *file, &p).map_err(std::io::Error::other)
            }
        }
    }
}
