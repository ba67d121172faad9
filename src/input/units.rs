//! The unit file (`--units`): one row per unit with the Đơn vị học tập chỉ tiêu that the
//! rosters cannot show (plans, budgets, emulation titles), each Đạt / Không đạt / Không áp dụng.

use std::collections::{BTreeMap, HashMap};

use csv::StringRecord;

use super::header::{Field, HeaderMap, MAX_TITLE_ROWS, Vocabulary, find_header};
use super::open::{ReadOptions, TableInfo, open_table_for};
use super::person::Problem;
use super::{InputError, Source};
use crate::criteria::{ChiTieuKind, Criteria};
use crate::number::{Points, parse_points};
use crate::text::{fold_key, fold_value, nfc};

const NAMED: [&str; 12] = [
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
    "so_quyet_dinh",
    "ngay_quyet_dinh",
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
    /// Recognised at `level` (its number; 0 for a band of a points scale) named `name`, by the
    /// decision numbered `decision` (blank when not given) of `date` or of `year`.
    Level { level: u8, name: String, year: Option<u16>, date: Option<jiff::civil::Date>, decision: String },
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
    let mut rows: Vec<(u64, StringRecord)> = Vec::new();
    let mut rec = StringRecord::new();
    // Only the first rows are held to find the header; the rest streams.
    while rows.len() <= MAX_TITLE_ROWS {
        match table.records.read(&mut rec).map_err(|e| e.in_sheet(sheet.as_deref()))? {
            Some(line) => rows.push((line, rec.clone())),
            None => break,
        }
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
    // Recognised units whose decision date is taken as 31/12 of the year given.
    let mut assumed_dates: Vec<u64> = Vec::new();
    let mut pending = rows.into_iter().skip(first);
    loop {
        let (line, rec) = match pending.next() {
            Some(row) => row,
            None => match table.records.read(&mut rec).map_err(|e| e.in_sheet(sheet.as_deref()))? {
                Some(line) => (line, rec.clone()),
                None => break,
            },
        };
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if units.len() >= MAX_UNITS {
            return Err(InputError::Line {
                file: source.to_string(),
                line,
                message: format!("tệp đơn vị có hơn {MAX_UNITS} đơn vị; hãy tách thành nhiều lần chạy"),
            }
            .in_sheet(sheet.as_deref()));
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
            let raw_date = get(Field::Named("ngay_quyet_dinh"));
            let date = crate::aggregate::dvht_time::parse_date(&raw_date);
            if !raw_date.is_empty() && date.is_none() {
                error(
                    &mut problems,
                    line,
                    &header,
                    Field::Named("ngay_quyet_dinh"),
                    &raw_date,
                    format!("ngày quyết định \"{raw_date}\" không phải là ngày dd/mm/yyyy"),
                );
            }
            match previous_level(criteria, &raw) {
                Some(Some((level, name))) => {
                    if recognised_year.is_none() && date.is_none() {
                        error(
                            &mut problems,
                            line,
                            &header,
                            Field::Named("nam_cong_nhan"),
                            "",
                            format!(
                                "đơn vị {code} đã được công nhận {name} nhưng thiếu ngày quyết định và năm công nhận"
                            ),
                        );
                    } else if date.is_none() && raw_date.is_empty() {
                        assumed_dates.push(line);
                    }
                    let decision = get(Field::Named("so_quyet_dinh"));
                    Some(Previous::Level { level, name, year: recognised_year, date, decision })
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
                    Some(Previous::Level {
                        level: 0,
                        name: raw.clone(),
                        year: None,
                        date: None,
                        decision: String::new(),
                    })
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
    if !assumed_dates.is_empty() {
        problems.push(assumed_date_warning(&header, header_line, &assumed_dates));
    }
    Ok(UnitFile { units, problems, header, checksum: table.checksum.hex(), info: table.info, header_line })
}

/// One warning for every recognised unit whose decision date is assumed from its year.
fn assumed_date_warning(header: &HeaderMap, header_line: u64, lines: &[u64]) -> UnitProblem {
    let what = if header.col(Field::Named("ngay_quyet_dinh")).is_some() {
        "để trống ngày quyết định"
    } else {
        "không có cột ngay_quyet_dinh"
    };
    let shown: Vec<String> = lines.iter().take(10).map(u64::to_string).collect();
    let more = if lines.len() > 10 { ", …" } else { "" };
    UnitProblem {
        line: header_line,
        problem: Problem {
            column: header.header_of(Field::Named("nam_cong_nhan")).to_string(),
            value: String::new(),
            message: format!(
                "tệp đơn vị {what} với {} đơn vị đã được công nhận (dòng {}{more}): coi năm công nhận là năm ra quyết định và ngày quyết định là 31/12 của năm đó (ngày muộn nhất, không cho lên mức độ sớm hơn ngày thật)",
                lines.len(),
                shown.join(", ")
            ),
        },
        warning: true,
    }
}
