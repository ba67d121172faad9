//! The run: every roster is read row by row, each row is scored as it is read and added to
//! its unit's tally. Only the tallies, the ids seen and the findings stay in memory.

use std::collections::{HashMap, HashSet};

use csv::StringRecord;

use crate::aggregate::UnitTallies;
use crate::criteria::Criteria;
use crate::findings::{Finding, Severity};
use crate::input::header::HeaderMap;
use crate::input::open::{ReadOptions, open_table_for};
use crate::input::person::{PersonRow, RosterReader, Status, roster_vocabulary};
use crate::input::{InputError, Source};
use crate::scoring::{Assessment, Outcome, assess};

/// Receives every scored row, in input order (for `--persons`, `--rows-with-errors` and the
/// Excel report).
pub trait PersonSink {
    fn person(&mut self, row: &PersonRow, assessment: &Assessment) -> std::io::Result<()>;

    /// Called once per file, before its rows.
    fn begin_file(&mut self, _file: &FileContext<'_>) -> std::io::Result<()> {
        Ok(())
    }

    /// Called for each row with its cells as read from the file. Only a sink that writes the
    /// original columns back overrides it; the rest see `person`.
    fn person_with_record(
        &mut self,
        row: &PersonRow,
        assessment: &Assessment,
        _record: &StringRecord,
    ) -> std::io::Result<()> {
        self.person(row, assessment)
    }
}

/// The file whose rows follow, for sinks.
pub struct FileContext<'a> {
    pub file: &'a str,
    pub sheet: Option<&'a str>,
    pub header: &'a HeaderMap,
}

#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub read: ReadOptions,
    /// Unit code for rosters without a unit column (else the file's stem).
    pub default_unit: Option<String>,
    /// Units the register puts in a disadvantaged area: their people's rows that do not say
    /// otherwise use the lower threshold.
    pub disadvantaged_units: HashSet<String>,
}

/// What was read from one input file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FileSummary {
    pub tep: String,
    pub dinh_dang: String,
    /// The sheet read, for a spreadsheet.
    pub trang_tinh: Option<String>,
    pub bang_ma: Option<String>,
    pub dong_tieu_de: u64,
    pub so_dong: u64,
    pub so_dong_trong: u64,
    pub sha256: String,
}

#[derive(Debug, Default)]
pub struct RunResult {
    pub tallies: UnitTallies,
    pub findings: Vec<Finding>,
    pub files: Vec<FileSummary>,
}

/// Where an id was first seen: file index and line.
type Seen = HashMap<String, (usize, u64)>;

#[derive(thiserror::Error, Debug)]
pub enum RunError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("không ghi được danh sách người: {0}")]
    Sink(#[from] std::io::Error),
}

pub fn run(
    criteria: &Criteria,
    sources: &[Source],
    options: &RunOptions,
    mut sink: Option<&mut dyn PersonSink>,
) -> Result<RunResult, RunError> {
    let vocab = roster_vocabulary(criteria);
    let mut result = RunResult::default();
    let mut seen = Seen::new();
    let mut name_clashes = HashSet::new();
    for (file_index, source) in sources.iter().enumerate() {
        let table = open_table_for(source, &options.read, Some(&vocab))?;
        let info = table.info.clone();
        let sheet = info.sheet_name().map(str::to_string);
        let checksum = table.checksum.clone();
        let default_unit = options.default_unit.clone().unwrap_or_else(|| source.stem());
        let mut reader = RosterReader::new(source, table.records, criteria, &vocab, default_unit)
            .map_err(|e| e.in_sheet(sheet.as_deref()))?;
        let file = source.to_string();
        let mut rows = 0;
        let first_finding = result.findings.len();
        if let Some(s) = sink.as_deref_mut() {
            s.begin_file(&FileContext { file: &file, sheet: sheet.as_deref(), header: &reader.header })?;
        }
        if !reader.header.ignored.is_empty() {
            result.findings.push(Finding {
                tep: file.clone(),
                trang_tinh: None,
                dong: Some(reader.header_line),
                cot: String::new(),
                gia_tri: reader.header.ignored.join(", "),
                muc_do: Severity::Info,
                thong_bao: format!("các cột không dùng đến, được bỏ qua: {}", reader.header.ignored.join(", ")),
            });
        }
        while let Some(mut row) = reader.next_row().map_err(|e| e.in_sheet(sheet.as_deref()))? {
            rows += 1;
            if row.disadvantaged.is_none() && options.disadvantaged_units.contains(&row.unit_code) {
                row.disadvantaged = Some(true);
            }
            let assessment = score_row(criteria, &row, file_index, sources, &mut seen);
            for p in &row.problems {
                if assessment.outcome == Outcome::Invalid {
                    result.findings.push(Finding {
                        tep: file.clone(),
                        trang_tinh: None,
                        dong: Some(row.line),
                        cot: p.column.clone(),
                        gia_tri: p.value.clone(),
                        muc_do: Severity::Error,
                        thong_bao: p.message.clone(),
                    });
                }
            }
            if assessment.outcome == Outcome::Duplicate {
                result.findings.push(Finding {
                    tep: file.clone(),
                    trang_tinh: None,
                    dong: Some(row.line),
                    cot: reader.header.header_of(crate::input::person::ID).to_string(),
                    gia_tri: row.id.clone(),
                    muc_do: Severity::Error,
                    thong_bao: assessment.reason_text(),
                });
            }
            let role = row.role.map(|(_, r)| r);
            if let Some(first_name) = result.tallies.record(&row.unit_code, &row.unit_name, role, assessment.outcome)
                && name_clashes.insert((row.unit_code.clone(), row.unit_name.clone()))
            {
                result.findings.push(Finding {
                    tep: file.clone(),
                    trang_tinh: None,
                    dong: Some(row.line),
                    cot: reader.header.header_of(crate::input::person::UNIT_NAME).to_string(),
                    gia_tri: row.unit_name.clone(),
                    muc_do: Severity::Warning,
                    thong_bao: format!("đơn vị {} đã có tên \"{first_name}\"; báo cáo dùng tên đó", row.unit_code),
                });
            }
            if let Some(s) = sink.as_deref_mut() {
                s.person_with_record(&row, &assessment, reader.record())?;
            }
        }
        if let (Some(&first), n) = (reader.note_lines.first(), reader.note_lines.len()) {
            let lines: Vec<String> = reader.note_lines.iter().map(u64::to_string).collect();
            result.findings.push(Finding {
                tep: file.clone(),
                trang_tinh: None,
                dong: Some(first),
                cot: String::new(),
                gia_tri: lines.join(", "),
                muc_do: Severity::Warning,
                thong_bao: format!(
                    "{n} dòng cuối bảng (dòng {}) không có mã định danh, đối tượng hay điểm nào: coi là ghi chú hoặc chữ ký, không tính là người; nếu là người, hãy điền đủ rồi chạy lại",
                    lines.join(", ")
                ),
            });
        }
        for f in &mut result.findings[first_finding..] {
            f.trang_tinh.clone_from(&sheet);
        }
        result.files.push(FileSummary {
            tep: file,
            dinh_dang: info.format,
            trang_tinh: sheet,
            bang_ma: info.encoding,
            dong_tieu_de: reader.header_line,
            so_dong: rows,
            so_dong_trong: reader.blank_rows,
            sha256: checksum.hex(),
        });
    }
    Ok(result)
}

/// Scores a row within the run: a second row with an id already counted is `Trùng`. Excluded
/// rows do not claim their id, so a person who moved from one school to another is excluded at
/// the first and counted at the second.
fn score_row(
    criteria: &Criteria,
    row: &PersonRow,
    file_index: usize,
    sources: &[Source],
    seen: &mut Seen,
) -> Assessment {
    let key = row.id_key();
    if let (Some(key), Status::Counted) = (&key, &row.status) {
        if let Some(&(f, line)) = seen.get(key) {
            let where_ =
                if f == file_index { format!("dòng {line}") } else { format!("dòng {line} tệp {}", sources[f]) };
            return Assessment {
                outcome: Outcome::Duplicate,
                competency_sums: Vec::new(),
                total: None,
                threshold: criteria.cdht.pass.points,
                reasons: vec![format!("trùng mã định danh {} với {where_}; không tính lại", row.id)],
            };
        }
        seen.insert(key.clone(), (file_index, row.line));
    }
    assess(criteria, row)
}
