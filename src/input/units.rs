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

/// The named columns of a unit file, each with the one function that reads its cell into the
/// unit. Adding a column is one entry here (its names go under `[cot_don_vi]` in the
/// criteria). The unit code is read first (it keys the row); a parser may look at columns
/// listed before it.
const COLUMNS: [(&str, Parse); 12] = [
    ("ma_don_vi", |_, _, _| {}),
    ("ten_don_vi", |_, raw, u| u.name = raw.to_string()),
    ("co_so_giao_duc", parse_educational),
    ("cap_hoc", parse_level),
    ("xa_phuong", |_, raw, u| u.commune = raw.to_string()),
    ("cap_quan_ly", parse_manager),
    ("vung_kho_khan", parse_area),
    ("nam_danh_gia", |row, raw, u| u.year = row.year("nam_danh_gia", raw)),
    ("nam_cong_nhan", |_, _, _| {}),
    ("so_quyet_dinh", |_, _, _| {}),
    ("ngay_quyet_dinh", |_, _, _| {}),
    ("muc_do_cong_nhan", parse_previous),
];

/// Reads one cell (trimmed, NFC) of a unit row into the unit.
type Parse = fn(&mut UnitRow<'_>, &str, &mut UnitInfo);

/// One row of the unit file being read: what its parsers need and the problems they find.
struct UnitRow<'a> {
    criteria: &'a Criteria,
    header: &'a HeaderMap,
    line: u64,
    code: &'a str,
    rec: &'a StringRecord,
    problems: &'a mut Vec<UnitProblem>,
    /// Lines of recognised units whose decision date is taken as 31/12 of the year given.
    assumed_dates: &'a mut Vec<u64>,
}

impl UnitRow<'_> {
    fn has(&self, f: &'static str) -> bool {
        self.header.col(Field::Named(f)).is_some()
    }

    fn get(&self, f: Field) -> String {
        self.header.col(f).and_then(|c| self.rec.get(c)).map_or(String::new(), |v| nfc(v.trim()).into_owned())
    }

    fn problem(&mut self, f: &'static str, value: &str, message: String, warning: bool) {
        push(self.problems, self.line, self.header, Field::Named(f), value, message, warning);
    }

    /// A four-digit year, or `None` (with a problem when the cell is not blank).
    fn year(&mut self, f: &'static str, raw: &str) -> Option<u16> {
        if raw.is_empty() {
            return None;
        }
        match raw.parse::<u16>() {
            Ok(y) if (1900..=2999).contains(&y) => Some(y),
            _ => {
                self.problem(f, raw, format!("năm \"{raw}\" phải là số năm có bốn chữ số, ví dụ 2024"), false);
                None
            }
        }
    }

    /// Có / Không, `None` when blank or unreadable (then with the problem `message`).
    fn yes_no(&mut self, f: &'static str, raw: &str, message: String) -> Option<bool> {
        let v = fold_value(raw);
        let values = &self.criteria.values;
        if v.is_empty() {
            None
        } else if values.yes.contains(&v) {
            Some(true)
        } else if values.no.contains(&v) {
            Some(false)
        } else {
            self.problem(f, raw, message, false);
            None
        }
    }
}

fn parse_educational(row: &mut UnitRow<'_>, raw: &str, u: &mut UnitInfo) {
    u.educational = row.yes_no("co_so_giao_duc", raw, format!("\"{raw}\" phải là Có hoặc Không"));
}

fn parse_area(row: &mut UnitRow<'_>, raw: &str, u: &mut UnitInfo) {
    u.disadvantaged = row.yes_no("vung_kho_khan", raw, format!("vùng khó khăn \"{raw}\" phải là Có hoặc Không"));
}

/// A register value that names a category (school level, managing level), else kept as written
/// with a warning.
fn category(
    row: &mut UnitRow<'_>,
    f: &'static str,
    what: &str,
    raw: &str,
    list: &[crate::criteria::Category],
    known: Option<usize>,
) -> Option<CategoryValue> {
    if raw.is_empty() {
        return None;
    }
    if let Some(i) = known {
        return Some(CategoryValue::Known(i));
    }
    if !list.is_empty() {
        let names: Vec<&str> = list.iter().map(|l| l.name.as_str()).collect();
        let message =
            format!("{what} \"{raw}\" không có trong bộ tiêu chí ({}); nhóm theo đúng chữ đã ghi", names.join(", "));
        row.problem(f, raw, message, true);
    }
    Some(CategoryValue::Written(raw.to_string()))
}

fn parse_level(row: &mut UnitRow<'_>, raw: &str, u: &mut UnitInfo) {
    let reg = &row.criteria.register;
    u.level = category(row, "cap_hoc", "cấp học", raw, &reg.levels, reg.level_of(&fold_value(raw)));
}

/// As written, else the school level's default managing level.
fn parse_manager(row: &mut UnitRow<'_>, raw: &str, u: &mut UnitInfo) {
    let reg = &row.criteria.register;
    let written = category(row, "cap_quan_ly", "cấp quản lý", raw, &reg.managers, reg.manager_of(&fold_value(raw)));
    u.manager = written.or_else(|| match u.level {
        Some(CategoryValue::Known(i)) => reg.levels[i].manager.map(CategoryValue::Known),
        _ => None,
    });
}

/// The previous recognition, with its decision (`so_quyet_dinh`, `ngay_quyet_dinh`) or only its
/// year (`nam_cong_nhan`); only when the column exists.
fn parse_previous(row: &mut UnitRow<'_>, raw: &str, u: &mut UnitInfo) {
    if !row.has("muc_do_cong_nhan") {
        return;
    }
    let raw_year = row.get(Field::Named("nam_cong_nhan"));
    let recognised_year = row.year("nam_cong_nhan", &raw_year);
    let raw_date = row.get(Field::Named("ngay_quyet_dinh"));
    let date = crate::date::parse_date(&raw_date);
    if !raw_date.is_empty() && date.is_none() {
        let message = format!("ngày quyết định \"{raw_date}\" không phải là ngày dd/mm/yyyy");
        row.problem("ngay_quyet_dinh", &raw_date, message, false);
    }
    u.previous = Some(match previous_level(row.criteria, raw) {
        Some(Some((level, name))) => {
            if recognised_year.is_none() && date.is_none() {
                let message = format!(
                    "đơn vị {} đã được công nhận {name} nhưng thiếu ngày quyết định và năm công nhận",
                    row.code
                );
                row.problem("nam_cong_nhan", "", message, false);
            } else if date.is_none() && raw_date.is_empty() {
                row.assumed_dates.push(row.line);
            }
            let decision = row.get(Field::Named("so_quyet_dinh"));
            Previous::Level { level, name, year: recognised_year, date, decision }
        }
        Some(None) => Previous::Never,
        None => {
            let message =
                format!("mức độ đã công nhận \"{raw}\" không có trong bộ tiêu chí (ví dụ: 1, Mức độ 1, Chưa)");
            row.problem("muc_do_cong_nhan", raw, message, false);
            Previous::Level { level: 0, name: raw.to_string(), year: None, date: None, decision: String::new() }
        }
    });
}

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

/// The chỉ tiêu columns (Đạt / Không đạt / Không áp dụng) and the points of a points scale.
fn read_items(row: &mut UnitRow<'_>, codes: &[String], info: &mut UnitInfo) {
    let criteria = row.criteria;
    let item_problem = |row: &mut UnitRow<'_>, f: Field, raw: &str, message: String| {
        push(row.problems, row.line, row.header, f, raw, message, false);
    };
    for (i, c) in codes.iter().enumerate() {
        let f = Field::Item(i);
        if row.header.col(f).is_none() {
            continue;
        }
        let raw = row.get(f);
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
            let message = format!("chỉ tiêu {c}: \"{raw}\" phải là Đạt, Không đạt hoặc Không áp dụng");
            item_problem(row, f, &raw, message);
            Declared::Unknown
        };
        if is_computed(criteria, c) && matches!(d, Declared::Met | Declared::NotMet) {
            let message = format!(
                "chỉ tiêu {c} được tính từ danh sách người; tệp đơn vị chỉ có thể ghi Không áp dụng, giá trị này bị bỏ qua"
            );
            item_problem(row, f, &raw, message);
            continue;
        }
        info.declared.insert(c.clone(), d);
    }
    let Some(scale) = &criteria.dvht.scale else { return };
    for (k, item) in scale.items.iter().enumerate() {
        let f = Field::Item(codes.len() + k);
        if row.header.col(f).is_none() {
            continue;
        }
        let raw = row.get(f);
        let value = match parse_points(&raw) {
            Ok(p) if p <= item.max => Some(p),
            Ok(p) => {
                item_problem(row, f, &raw, format!("tiêu chí {} = {p} ngoài khoảng 0–{}", item.code, item.max));
                None
            }
            Err(crate::number::PointsError::Blank) => None,
            Err(_) => {
                item_problem(row, f, &raw, format!("điểm tiêu chí {} \"{raw}\" không phải là số", item.code));
                None
            }
        };
        info.points.insert(item.code.clone(), value);
    }
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
    Vocabulary::new(
        &criteria.columns.unit,
        &COLUMNS.map(|(f, _)| f),
        &items,
        &criteria.columns.chi_tieu_templates,
        &["ma_don_vi"],
        false,
    )
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
    // A unit's name alone makes a unit row (then "thiếu mã đơn vị"), unless it is marked.
    let name: Vec<usize> = header.col(Field::Named("ten_don_vi")).into_iter().collect();
    let evidence =
        Evidence { key: header.col(Field::Named("ma_don_vi")), name: name.clone(), unit: name, ..Evidence::default() };
    let mut classifier = RowClassifier::new(&header, &vocab, &criteria.rows, evidence);
    let mut units = BTreeMap::new();
    let mut problems = Vec::new();
    let mut assumed_dates: Vec<u64> = Vec::new();
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
        let mut info = UnitInfo { line, ..UnitInfo::default() };
        let mut row = UnitRow {
            criteria,
            header: &header,
            line,
            code: "",
            rec: &rec,
            problems: &mut problems,
            assumed_dates: &mut assumed_dates,
        };
        let code = row.get(Field::Named("ma_don_vi"));
        if code.is_empty() {
            row.problem("ma_don_vi", "", "thiếu mã đơn vị; dòng này bị bỏ qua".into(), false);
            continue;
        }
        if units.contains_key(&code) {
            row.problem("ma_don_vi", &code, format!("đơn vị {code} có hai dòng; dùng dòng đầu"), false);
            continue;
        }
        row.code = &code;
        for (f, parse) in COLUMNS {
            let raw = row.get(Field::Named(f));
            parse(&mut row, &raw, &mut info);
        }
        read_items(&mut row, &codes, &mut info);
        units.insert(code, info);
    }
    let non_person = classifier.counts();
    let skipped_rows = classifier.skipped;
    // Every row that is not a unit is named, as a warning (no unit is taken from it).
    for r in &skipped_rows {
        problems.push(UnitProblem {
            line: r.line,
            problem: Problem {
                column: String::new(),
                value: r.text.clone(),
                message: format!("không phải dòng đơn vị ({}): {}", r.kind.label(), r.why),
            },
            warning: true,
        });
    }
    if !assumed_dates.is_empty() {
        problems.push(assumed_date_warning(&header, header_line, &assumed_dates));
    }
    problems.sort_by_key(|p| p.line);
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
