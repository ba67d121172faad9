//! The per-person list (`--persons FILE`): every row read with its result and reason, written
//! as rows are scored. CSV or JSON (an array), chosen by the file's extension.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::criteria::Criteria;
use crate::input::person::PersonRow;
use crate::output::{AtomicFile, safe_cell};
use crate::pipeline::PersonSink;
use crate::scoring::Assessment;

pub const FIXED_COLUMNS: [&str; 4] = ["ma_dinh_danh", "ho_ten", "ma_don_vi", "doi_tuong"];
pub const TAIL_COLUMNS: [&str; 4] = ["tong_diem", "nguong", "ket_qua", "ly_do"];

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
}

enum Format {
    Csv(Box<csv::Writer<AtomicFile>>),
    Json { file: AtomicFile, first: bool },
}

pub struct PersonsWriter {
    format: Format,
    competency_columns: Vec<String>,
}

impl PersonsWriter {
    /// Column names of the competency sums: "tc1", "tc2", "tc3" from the criteria codes.
    fn competency_columns(criteria: &Criteria) -> Vec<String> {
        criteria.cdht.competencies.iter().map(|c| c.code.to_lowercase()).collect()
    }

    pub fn create(path: &Path, criteria: &Criteria, bom: bool) -> Result<PersonsWriter> {
        let competency_columns = Self::competency_columns(criteria);
        let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let mut file = AtomicFile::create(path)?;
        let format = if is_json {
            file.write_all(b"[")?;
            Format::Json { file, first: true }
        } else {
            if bom {
                file.write_all("\u{feff}".as_bytes())?;
            }
            let mut w = csv::Writer::from_writer(file);
            let mut header: Vec<&str> = FIXED_COLUMNS.to_vec();
            header.extend(competency_columns.iter().map(String::as_str));
            header.extend(TAIL_COLUMNS);
            // Competency codes come from the criteria file.
            w.write_record(header.iter().map(|h| safe_cell(h).into_owned()))?;
            Format::Csv(Box::new(w))
        };
        Ok(PersonsWriter { format, competency_columns })
    }

    pub fn finish(self) -> Result<()> {
        match self.format {
            Format::Csv(w) => {
                let file = w.into_inner().map_err(|e| e.into_error())?;
                file.commit()
            }
            Format::Json { mut file, first } => {
                file.write_all(if first { b"]\n" } else { b"\n]\n" })?;
                file.commit()
            }
        }
    }
}

impl PersonSink for PersonsWriter {
    fn person(&mut self, row: &PersonRow, a: &Assessment) -> std::io::Result<()> {
        let sums: Vec<Option<String>> =
            (0..self.competency_columns.len()).map(|i| a.competency_sums.get(i).map(ToString::to_string)).collect();
        let total = a.total.map(|t| t.to_string());
        match &mut self.format {
            Format::Csv(w) => {
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
                w.write_record(&rec).map_err(std::io::Error::other)
            }
            Format::Json { file, first } => {
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
                };
                file.write_all(if *first { b"\n" } else { b",\n" })?;
                *first = false;
                serde_json::to_writer(&mut *file, &p).map_err(std::io::Error::other)
            }
        }
    }
}
