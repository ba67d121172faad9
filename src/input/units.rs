//! The unit file (`--units`): one row per unit with the Đơn vị học tập chỉ tiêu that the
//! rosters cannot show (plans, budgets, emulation titles), each Đạt / Không đạt / Không áp dụng.

use std::collections::{BTreeMap, HashMap};

use csv::StringRecord;

use super::header::{Field, HeaderError, HeaderMap, Vocabulary};
use super::open::{ReadOptions, TableInfo, open_table_for};
use super::person::Problem;
use super::table::{Evidence, HeadError, NonPersonRows, RowClass, RowClassifier, SkippedRow, read_head};
use super::{InputError, Source};
use crate::criteria::{ChiTieuKind, Criteria};
use crate::number::{Points, parse_points};
use crate::text::{fold_key, fold_value, nfc};

const NAMED: [&str; 10] = [
    "ma_don_vi",
    "ten_don_vi",
    "co_so_giao_duc",
    "cap_hoc",
    "xa_phuong",
    "cap_quan_ly",
    "vung_kho_khan",
    "muc_do_cong_nhan",
    "nam_cong_nhan",
    "nam_danh_gia",
];

/// A register value that names a category of the criteria (school level, managing level), or
/// the text as written when the criteria do not list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CategoryValue {
    Known(usize),
    Written(String),
}

/// The unit's previous Learning Unit recognition, from `muc_do_cong_nhan` and `nam_cong_nhan`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Previous {
    /// The cell is blank or says the unit was never recognised.
    Never,
    /// Recognised at `level` (its number; 0 for a band of a points scale) named `name`.
    Level { level: u8, name: String, year: Option<u16> },
}

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
    pub level: Option<CategoryValue>,
    pub commune: String,
    /// As written, else the school level's default managing level.
    pub manager: Option<CategoryValue>,
    /// `None` when blank: then Không.
    pub disadvantaged: Option<bool>,
    /// `None` when the register has no `muc_do_cong_nhan` column.
    pub previous: Option<Previous>,
    /// The year the unit's data is for (`nam_danh_gia`), when the register says.
    pub year: Option<u16>,
    /// Points of each item of a points scale (TT 22/2020), by code; `None` when blank or unreadable.
    pub points: HashMap<String, Option<Points>>,
}

impl UnitInfo {
    pub fn level_name<'a>(&'a self, criteria: &'a Criteria) -> &'a str {
        category_name(self.level.as_ref(), &criteria.register.levels)
    }
    pub fn manager_name<'a>(&'a self, criteria: &'a Criteria) -> &'a str {
        category_name(self.manager.as_ref(), &criteria.register.managers)
    }
}

fn category_name<'a>(v: Option<&'a CategoryValue>, list: &'a [crate::criteria::Category]) -> &'a str {
    match v {
        Some(CategoryValue::Known(i)) => &list[*i].name,
        Some(CategoryValue::Written(s)) => s,
        None => "",
    }
}

/// A unit-file problem, with the line it is on.
#[derive(Debug, Clone)]
pub struct UnitProblem {
    pub line: u64,
    pub problem: Problem,
    /// A warning changes no number (a value grouped as written); else the value was not used.
    pub warning: bool,
}

pub struct UnitFile {
    pub units: BTreeMap<String, UnitInfo>,
    pub problems: Vec<UnitProblem>,
    pub header: HeaderMap,
    pub checksum: String,
    pub info: TableInfo,
    /// The line of the header row (its first line, for a two-row header).
    pub header_line: u64,
    /// Rows that are not units (titles, totals, signatures, notes), by kind and one by one.
    pub non_person: NonPersonRows,
    pub skipped_rows: Vec<SkippedRow>,
}

/// The codes of declared chỉ tiêu, in criteria order (a code shared by levels appears once).
pub fn declared_codes(criteria: &Criteria) -> Vec<String> {
    codes_where(criteria, |k| matches!(k, ChiTieuKind::Declared))
}

fn push(
    problems: &mut Vec<UnitProblem>,
    line: u64,
    header: &HeaderMap,
    f: Field,
    value: &str,
    message: String,
    warning: bool,
) {
    problems.push(UnitProblem {
        line,
        problem: Problem { column: header.header_of(f).to_string(), value: value.to_string(), message },
        warning,
    });
}

fn error(problems: &mut Vec<UnitProblem>, line: u64, header: &HeaderMap, f: Field, value: &str, message: String) {
    push(problems, line, header, f, value, message, false);
}

fn warn(problems: &mut Vec<UnitProblem>, line: u64, header: &HeaderMap, f: Field, value: &str, message: String) {
    push(problems, line, header, f, value, message, true);
}

/// Reads a previous recognition: `Some(None)` for never recognised, `Some(Some((level, name)))`
/// for a level ("2", "Mức độ 2", "mức 2") or a band of a points scale ("Tốt"), `None` when
/// unreadable.
fn previous_level(criteria: &Criteria, raw: &str) -> Option<Option<(u8, String)>> {
    let v = fold_value(raw);
    if v.is_empty() || criteria.values.never.contains(&v) {
        return Some(None);
    }
    let k = fold_key(raw);
    for l in &criteria.dvht.levels {
        let n = l.level.to_string();
        if k == fold_key(&l.name) || k == n || k == format!("muc{n}") || k == format!("mucdo{n}") {
            return Some(Some((l.level, l.name.clone())));
        }
    }
    if let Some(scale) = &criteria.dvht.scale
        && let Some(b) = scale.bands.iter().find(|b| fold_key(&b.name) == k)
    {
        return Some(Some((0, b.name.clone())));
    }
    None
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

/// Codes of the points-scale items (TT 22/2020), after the chỉ tiêu codes in the vocabulary.
pub fn scale_codes(criteria: &Criteria) -> Vec<String> {
    criteria.dvht.scale.as_ref().map_or_else(Vec::new, |s| s.items.iter().map(|i| i.code.clone()).collect())
}

pub fn unit_vocabulary(criteria: &Criteria) -> Vocabulary {
    let items: Vec<(String, String)> =
        all_codes(criteria).into_iter().chain(scale_codes(criteria)).map(|c| (c.clone(), c)).collect();
    Vocabulary::new(&criteria.columns.unit, &NAMED, &items, &criteria.columns.chi_tieu_templates, &["ma_don_vi"], false)
}

/// The most units a unit file may list: well above every school and centre in the country
/// (about 53,000), and a bound on the memory a hostile file can take.
pub const MAX_UNITS: usize = 200_000;

pub fn read_unit_file(source: &Source, criteria: &Criteria, options: &ReadOptions) -> Result<UnitFile, InputError> {
    let codes = all_codes(criteria);
    let vocab = unit_vocabulary(criteria);
    // `--sheet` names the roster's sheet; the unit file's is found by its own header.
    let options = ReadOptions { sheet: None, ..options.clone() };
    let mut table = open_table_for(source, &options, Some(&vocab))?;
    let sheet = table.info.sheet_name().map(str::to_string);
    let in_sheet = |e: InputError| e.in_sheet(sheet.as_deref());
    let head = read_head(table.records.as_mut(), &vocab).map_err(in_sheet)?.map_err(|(e, _)| {
        let message = match e {
            HeadError::Empty => "tệp đơn vị rỗng".to_string(),
            HeadError::Header { error: HeaderError::NotFound, .. } => {
                "tệp đơn vị: không tìm thấy dòng tiêu đề (cần cột \"Mã đơn vị\" và các cột mã chỉ tiêu)".to_string()
            }
            other => format!("tệp đơn vị: {}", other.message("tệp đơn vị")),
        };
        in_sheet(InputError::file(source, message))
    })?;
    let header = head.header.clone();
    let header_line = head.header_line;
    let evidence = Evidence {
        key: header.col(Field::Named("ma_don_vi")),
        name: header.col(Field::Named("ten_don_vi")).into_iter().collect(),
        ..Evidence::default()
    };
    let mut classifier = RowClassifier::new(&header, &vocab, &criteria.rows, evidence);
    let mut units = BTreeMap::new();
    let mut problems = Vec::new();
    let mut pending = head.pending.into_iter();
    let mut rec = StringRecord::new();
    loop {
        let (line, rec) = match pending.next() {
            Some(row) => row,
            None => match table.records.read(&mut rec).map_err(in_sheet)? {
                Some(line) => (line, rec.clone()),
                None => break,
            },
        };
        // Blank rows, a repeated header, totals, signatures and notes are not units.
        if !matches!(classifier.classify(&rec, line), RowClass::Person | RowClass::Doubtful(_)) {
            continue;
        }
        if units.len() >= MAX_UNITS {
            return Err(in_sheet(InputError::Line {
                file: source.to_string(),
                line,
                message: format!("tệp đơn vị có hơn {MAX_UNITS} đơn vị; hãy tách thành nhiều lần chạy"),
            }));
        }
        let get =
            |f: Field| header.col(f).and_then(|c| rec.get(c)).map_or(String::new(), |v| nfc(v.trim()).into_owned());
        let mut problem = |f: Field, value: String, message: String| {
            problems.push(UnitProblem {
                line,
                problem: Problem { column: header.header_of(f).to_string(), value, message },
                warning: false,
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
        let mut points = HashMap::new();
        if let Some(scale) = &criteria.dvht.scale {
            for (k, item) in scale.items.iter().enumerate() {
                let f = Field::Item(codes.len() + k);
                if header.col(f).is_none() {
                    continue;
                }
                let raw = get(f);
                let value = match parse_points(&raw) {
                    Ok(p) if p <= item.max => Some(p),
                    Ok(p) => {
                        problem(f, raw.clone(), format!("tiêu chí {} = {p} ngoài khoảng 0–{}", item.code, item.max));
                        None
                    }
                    Err(crate::number::PointsError::Blank) => None,
                    Err(_) => {
                        problem(f, raw.clone(), format!("điểm tiêu chí {} \"{raw}\" không phải là số", item.code));
                        None
                    }
                };
                points.insert(item.code.clone(), value);
            }
        }

        let reg = &criteria.register;
        // A value the criteria do not list is kept as written (grouped by its text, with a warning).
        let category = |raw: &str, known: Option<usize>| -> Option<CategoryValue> {
            match known {
                _ if raw.is_empty() => None,
                Some(i) => Some(CategoryValue::Known(i)),
                None => Some(CategoryValue::Written(raw.to_string())),
            }
        };
        let raw_level = get(Field::Named("cap_hoc"));
        let level_index = reg.level_of(&fold_value(&raw_level));
        if !raw_level.is_empty() && level_index.is_none() && !reg.levels.is_empty() {
            let known: Vec<&str> = reg.levels.iter().map(|l| l.name.as_str()).collect();
            warn(
                &mut problems,
                line,
                &header,
                Field::Named("cap_hoc"),
                &raw_level,
                format!(
                    "cấp học \"{raw_level}\" không có trong bộ tiêu chí ({}); nhóm theo đúng chữ đã ghi",
                    known.join(", ")
                ),
            );
        }
        let level = category(&raw_level, level_index);
        let raw_manager = get(Field::Named("cap_quan_ly"));
        let manager_index = reg.manager_of(&fold_value(&raw_manager));
        if !raw_manager.is_empty() && manager_index.is_none() && !reg.managers.is_empty() {
            let known: Vec<&str> = reg.managers.iter().map(|l| l.name.as_str()).collect();
            warn(
                &mut problems,
                line,
                &header,
                Field::Named("cap_quan_ly"),
                &raw_manager,
                format!(
                    "cấp quản lý \"{raw_manager}\" không có trong bộ tiêu chí ({}); nhóm theo đúng chữ đã ghi",
                    known.join(", ")
                ),
            );
        }
        let manager = category(&raw_manager, manager_index)
            .or_else(|| level_index.and_then(|i| reg.levels[i].manager).map(CategoryValue::Known));

        let raw_vkk = get(Field::Named("vung_kho_khan"));
        let vkk = fold_value(&raw_vkk);
        let disadvantaged = if vkk.is_empty() {
            None
        } else if criteria.values.yes.contains(&vkk) {
            Some(true)
        } else if criteria.values.no.contains(&vkk) {
            Some(false)
        } else {
            error(
                &mut problems,
                line,
                &header,
                Field::Named("vung_kho_khan"),
                &raw_vkk,
                format!("vùng khó khăn \"{raw_vkk}\" phải là Có hoặc Không"),
            );
            None
        };

        let year_of = |f: &'static str, problems: &mut Vec<UnitProblem>| -> Option<u16> {
            let raw = get(Field::Named(f));
            if raw.is_empty() {
                return None;
            }
            match raw.parse::<u16>() {
                Ok(y) if (1900..=2999).contains(&y) => Some(y),
                _ => {
                    error(
                        problems,
                        line,
                        &header,
                        Field::Named(f),
                        &raw,
                        format!("năm \"{raw}\" phải là số năm có bốn chữ số, ví dụ 2024"),
                    );
                    None
                }
            }
        };
        let year = year_of("nam_danh_gia", &mut problems);
        let previous = if header.col(Field::Named("muc_do_cong_nhan")).is_some() {
            let raw = get(Field::Named("muc_do_cong_nhan"));
            let recognised_year = year_of("nam_cong_nhan", &mut problems);
            match previous_level(criteria, &raw) {
                Some(Some((level, name))) => {
                    if recognised_year.is_none() {
                        error(
                            &mut problems,
                            line,
                            &header,
                            Field::Named("nam_cong_nhan"),
                            "",
                            format!("đơn vị {code} đã được công nhận {name} nhưng thiếu năm công nhận"),
                        );
                    }
                    Some(Previous::Level { level, name, year: recognised_year })
                }
                Some(None) => Some(Previous::Never),
                None => {
                    error(
                        &mut problems,
                        line,
                        &header,
                        Field::Named("muc_do_cong_nhan"),
                        &raw,
                        format!("mức độ đã công nhận \"{raw}\" không có trong bộ tiêu chí (ví dụ: 1, Mức độ 1, Chưa)"),
                    );
                    Some(Previous::Level { level: 0, name: raw.clone(), year: None })
                }
            }
        } else {
            None
        };

        let name = get(Field::Named("ten_don_vi"));
        units.insert(
            code,
            UnitInfo {
                name,
                line,
                educational,
                declared,
                level,
                commune: get(Field::Named("xa_phuong")),
                manager,
                disadvantaged,
                previous,
                year,
                points,
            },
        );
    }
    let non_person = classifier.counts();
    let skipped_rows = classifier.skipped;
    Ok(UnitFile {
        units,
        problems,
        header,
        checksum: table.checksum.hex(),
        info: table.info,
        header_line,
        non_person,
        skipped_rows,
    })
}
