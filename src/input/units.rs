//! The unit file (`--units`): one row per unit with the Đơn vị học tập chỉ tiêu that the
//! rosters cannot show (plans, budgets, emulation titles), each Đạt / Không đạt / Không áp dụng.

use std::collections::{BTreeMap, HashMap};

use csv::StringRecord;

use super::header::{Field, HeaderMap, MAX_TITLE_ROWS, Vocabulary, find_header};
use super::open::{ReadOptions, TableInfo, open_table_for};
use super::person::Problem;
use super::{InputError, Source};
use crate::criteria::{ChiTieuKind, Criteria};
use crate::text::{fold_value, nfc};

const NAMED: [&str; 3] = ["ma_don_vi", "ten_don_vi", "co_so_giao_duc"];

/// A chỉ tiêu as the unit declared it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Declared {
    Met,
    NotMet,
    NotApplicable,
    /// Blank, or a value that could not be read (then there is also a finding).
    Unknown,
}

#[derive(Debug, Clone, Default)]
pub struct UnitInfo {
    pub name: String,
    pub line: u64,
    /// `None` when the column is absent or blank: then it is inferred from the rosters.
    pub educational: Option<bool>,
    /// Declared chỉ tiêu by code; absent columns are absent here.
    pub declared: HashMap<String, Declared>,
}

/// A unit-file problem, with the line it is on.
#[derive(Debug, Clone)]
pub struct UnitProblem {
    pub line: u64,
    pub problem: Problem,
}

pub struct UnitFile {
    pub units: BTreeMap<String, UnitInfo>,
    pub problems: Vec<UnitProblem>,
    pub header: HeaderMap,
    pub checksum: String,
    pub info: TableInfo,
    /// The line of the header row (its first line, for a two-row header).
    pub header_line: u64,
}

/// The codes of declared chỉ tiêu, in criteria order (a code shared by levels appears once).
pub fn declared_codes(criteria: &Criteria) -> Vec<String> {
    codes_where(criteria, |k| matches!(k, ChiTieuKind::Declared))
}

/// Every chỉ tiêu code. A unit file may carry a column for a computed one too, to say
/// "Không áp dụng" (a preschool, whose children are not assessed, has no learner share).
pub fn all_codes(criteria: &Criteria) -> Vec<String> {
    codes_where(criteria, |_| true)
}

fn codes_where(criteria: &Criteria, keep: impl Fn(&ChiTieuKind) -> bool) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for level in &criteria.dvht.levels {
        for item in &level.items {
            if keep(&item.kind) && !codes.contains(&item.code) {
                codes.push(item.code.clone());
            }
        }
    }
    codes
}

fn is_computed(criteria: &Criteria, code: &str) -> bool {
    criteria
        .dvht
        .levels
        .iter()
        .flat_map(|l| &l.items)
        .any(|i| i.code == code && !matches!(i.kind, ChiTieuKind::Declared))
}

pub fn unit_vocabulary(criteria: &Criteria) -> Vocabulary {
    let items: Vec<(String, String)> = all_codes(criteria).into_iter().map(|c| (c.clone(), c)).collect();
    Vocabulary::new(&criteria.columns.unit, &NAMED, &items, &criteria.columns.chi_tieu_templates, &["ma_don_vi"], false)
}

pub fn read_unit_file(source: &Source, criteria: &Criteria, options: &ReadOptions) -> Result<UnitFile, InputError> {
    let codes = all_codes(criteria);
    let vocab = unit_vocabulary(criteria);
    // `--sheet` names the roster's sheet; the unit file's is found by its own header.
    let options = ReadOptions { sheet: None, ..options.clone() };
    let mut table = open_table_for(source, &options, Some(&vocab))?;
    let sheet = table.info.sheet_name().map(str::to_string);
    let mut rows: Vec<(u64, StringRecord)> = Vec::new();
    let mut rec = StringRecord::new();
    while let Some(line) = table.records.read(&mut rec).map_err(|e| e.in_sheet(sheet.as_deref()))? {
        rows.push((line, rec.clone()));
    }
    let head: Vec<StringRecord> = rows.iter().take(MAX_TITLE_ROWS + 1).map(|(_, r)| r.clone()).collect();
    if head.is_empty() {
        return Err(InputError::file(source, "tệp đơn vị rỗng"));
    }
    let (header, first) = find_header(&head, &vocab).map_err(|e| {
        let sheet = sheet.as_deref();
        InputError::file(
            source,
            format!(
                "tệp đơn vị: {}",
                match e {
                    super::header::HeaderError::NotFound =>
                        "không tìm thấy dòng tiêu đề (cần cột \"Mã đơn vị\" và các cột mã chỉ tiêu)".to_string(),
                    super::header::HeaderError::Duplicate { field, first, second } =>
                        format!("hai cột \"{first}\" và \"{second}\" cùng là {field}"),
                    super::header::HeaderError::Missing(_) => "thiếu cột \"Mã đơn vị\"".to_string(),
                }
            ),
        )
        .in_sheet(sheet)
    })?;

    let header_line = rows[first - header.rows].0;
    let mut units = BTreeMap::new();
    let mut problems = Vec::new();
    for (line, rec) in rows.into_iter().skip(first) {
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get =
            |f: Field| header.col(f).and_then(|c| rec.get(c)).map_or(String::new(), |v| nfc(v.trim()).into_owned());
        let mut problem = |f: Field, value: String, message: String| {
            problems.push(UnitProblem {
                line,
                problem: Problem { column: header.header_of(f).to_string(), value, message },
            });
        };
        let code = get(Field::Named("ma_don_vi"));
        if code.is_empty() {
            problem(Field::Named("ma_don_vi"), String::new(), "thiếu mã đơn vị; dòng này bị bỏ qua".into());
            continue;
        }
        if units.contains_key(&code) {
            problem(Field::Named("ma_don_vi"), code.clone(), format!("đơn vị {code} có hai dòng; dùng dòng đầu"));
            continue;
        }
        let raw_edu = get(Field::Named("co_so_giao_duc"));
        let edu = fold_value(&raw_edu);
        let educational = if edu.is_empty() {
            None
        } else if criteria.values.yes.contains(&edu) {
            Some(true)
        } else if criteria.values.no.contains(&edu) {
            Some(false)
        } else {
            problem(Field::Named("co_so_giao_duc"), raw_edu.clone(), format!("\"{raw_edu}\" phải là Có hoặc Không"));
            None
        };
        let mut declared = HashMap::new();
        for (i, c) in codes.iter().enumerate() {
            if header.col(Field::Item(i)).is_none() {
                continue;
            }
            let raw = get(Field::Item(i));
            let v = fold_value(&raw);
            let d = if v.is_empty() {
                Declared::Unknown
            } else if criteria.values.met.contains(&v) {
                Declared::Met
            } else if criteria.values.not_met.contains(&v) {
                Declared::NotMet
            } else if criteria.values.not_applicable.contains(&v) {
                Declared::NotApplicable
            } else {
                problem(
                    Field::Item(i),
                    raw.clone(),
                    format!("chỉ tiêu {c}: \"{raw}\" phải là Đạt, Không đạt hoặc Không áp dụng"),
                );
                Declared::Unknown
            };
            if is_computed(criteria, c) && matches!(d, Declared::Met | Declared::NotMet) {
                problem(
                    Field::Item(i),
                    raw.clone(),
                    format!(
                        "chỉ tiêu {c} được tính từ danh sách người; tệp đơn vị chỉ có thể ghi Không áp dụng, giá trị này bị bỏ qua"
                    ),
                );
                continue;
            }
            declared.insert(c.clone(), d);
        }
        let name = get(Field::Named("ten_don_vi"));
        units.insert(code, UnitInfo { name, line, educational, declared });
    }
    Ok(UnitFile { units, problems, header, checksum: table.checksum.hex(), info: table.info, header_line })
}
