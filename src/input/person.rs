//! One roster row typed against the criteria: NFC text, the role its `đối tượng` maps to,
//! whether it is excluded, and each indicator score, with every problem named by column and
//! value. Nothing here decides recognition; that is `scoring`.

use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};

use csv::StringRecord;
use foldhash::fast::FixedState;

use super::csv_source::{RawRecord, RecordSource};
use super::header::{Field, HeaderMap, Vocabulary};
use super::legacy::{self, ByteView, LegacyScan};
use super::spreadsheet::{Stored, column_letter};
use super::table::{Evidence, RowClass, RowClassifier, TableHead, field_count_problem, read_head};
use super::{InputError, Source};
use crate::criteria::{Criteria, GroupHow, IdKind, TitleCount};
pub use crate::model::{PersonRow, Problem, Role, Status};
use crate::number::{Points, PointsError, parse_points};
use crate::text::{fold_value, nfc};

pub const ID: Field = Field::Named("ma_dinh_danh");
pub const NAME: Field = Field::Named("ho_ten");
pub const UNIT_CODE: Field = Field::Named("ma_don_vi");
pub const UNIT_NAME: Field = Field::Named("ten_don_vi");
pub const DOI_TUONG: Field = Field::Named("doi_tuong");
pub const DISADVANTAGED: Field = Field::Named("vung_kho_khan");
pub const STATUS: Field = Field::Named("trang_thai");
pub const FAMILY_AND_MIDDLE_NAME: Field = Field::Named("ho_dem");
pub const GIVEN_NAME: Field = Field::Named("ten");

/// Columns recognised and kept for the per-person output, never scored.
pub const DETAILS: [&str; 4] = ["ngay_sinh", "gioi_tinh", "lop", "khoi"];

const NAMED: [&str; 12] = [
    "ho_ten",
    "ma_don_vi",
    "ten_don_vi",
    "doi_tuong",
    "vung_kho_khan",
    "trang_thai",
    "ho_dem",
    "ten",
    "ngay_sinh",
    "gioi_tinh",
    "lop",
    "khoi",
];
const REQUIRED: [&str; 3] = ["ma_dinh_danh", "ho_ten", "doi_tuong"];

/// The roster vocabulary of a criteria set. The id is read from the column of the most
/// preferred id kind the file has; the other id columns stay mapped to their kinds.
pub fn roster_vocabulary(criteria: &Criteria) -> Vocabulary {
    let items: Vec<(String, String)> =
        criteria.cdht.indicators.iter().map(|i| (i.column.clone(), i.code.clone())).collect();
    let mut v = Vocabulary::new(
        &criteria.columns.roster,
        &NAMED,
        &items,
        &criteria.columns.indicator_templates,
        &REQUIRED,
        true,
    )
    .with_join(NAME, &[FAMILY_AND_MIDDLE_NAME, GIVEN_NAME]);
    let kinds: Vec<Field> = (0..criteria.ids.len()).map(Field::Id).collect();
    for (k, kind) in criteria.ids.iter().enumerate() {
        v = v.with_field(Field::Id(k), &kind.code, kind.aliases.clone());
    }
    let shown = criteria.ids.iter().filter_map(|k| k.aliases.get(1).cloned()).collect();
    v.names.push((ID, "ma_dinh_danh".into(), shown));
    v.with_choice(ID, &kinds)
}

/// The roster vocabulary when `--doi-tuong` gives the group of files without a group column.
pub fn roster_vocabulary_for(criteria: &Criteria, group_given: bool) -> Vocabulary {
    let v = roster_vocabulary(criteria);
    if group_given { v.optional(DOI_TUONG) } else { v }
}

/// What a row takes when its file has no column for it: the unit (`--don-vi`, else the
/// file's name) and the group (`--doi-tuong`).
#[derive(Debug, Clone, Default)]
pub struct RowDefaults {
    pub unit: String,
    pub group: Option<String>,
}

impl From<String> for RowDefaults {
    fn from(unit: String) -> RowDefaults {
        RowDefaults { unit, group: None }
    }
}

impl From<&str> for RowDefaults {
    fn from(unit: &str) -> RowDefaults {
        RowDefaults { unit: unit.to_string(), group: None }
    }
}

impl PersonRow {
    /// The key under which two rows are the same person: the id without spaces, upper case.
    /// A damaged id (Excel scientific notation) has no key: it cannot identify anyone.
    pub fn id_key(&self) -> Option<String> {
        if looks_like_excel_number(&self.id) {
            return None;
        }
        let key: String = self.id.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect();
        (!key.is_empty()).then_some(key)
    }
}

/// Reads a roster: finds its header, then yields typed rows.
pub struct RosterReader<'c> {
    records: Box<dyn RecordSource + 'c>,
    pending: VecDeque<(u64, StringRecord)>,
    pub header: HeaderMap,
    pub header_line: u64,
    /// The line of the header's last row (the same as `header_line` for a one-row header).
    pub header_end_line: u64,
    record: StringRecord,
    pub rows: RowReader<'c>,
    /// The file's name, for a legacy-font stop found at its end.
    file: String,
}

/// Classifies each record of a roster by the one row rule ([`RowClassifier`]) and types the
/// person rows: the single pass, the record batches and the byte ranges all read rows here.
pub struct RowReader<'c> {
    pub classifier: RowClassifier<'c>,
    pub typer: RowTyper<'c>,
    /// For CSV: the header's number of fields and the delimiter (a row with another number
    /// of fields is `Lỗi`).
    width: Option<(usize, u8)>,
    pub blank_rows: u64,
    /// Person rows that looked like something else, with why (line, reason).
    pub doubtful: Vec<(u64, String)>,
}

impl<'c> RowReader<'c> {
    pub fn new(
        criteria: &'c Criteria,
        vocab: &'c Vocabulary,
        header: &HeaderMap,
        defaults: impl Into<RowDefaults>,
        delimiter: Option<u8>,
    ) -> RowReader<'c> {
        let evidence = Evidence::roster(header, criteria.cdht.indicators.len());
        RowReader {
            classifier: RowClassifier::new(header, vocab, &criteria.rows, evidence),
            typer: RowTyper::new(criteria, header, defaults),
            width: delimiter.map(|d| (header.width, d)),
            blank_rows: 0,
            doubtful: Vec::new(),
        }
    }

    /// Whether the record is a person row; blank rows are counted, the others listed.
    pub fn is_person(&mut self, rec: &(impl Cells + ?Sized), line: u64) -> bool {
        match self.classifier.classify(rec, line) {
            RowClass::Blank => {
                self.blank_rows += 1;
                false
            }
            RowClass::NotPerson(_) => false,
            RowClass::Person => true,
            RowClass::Doubtful(why) => {
                self.doubtful.push((line, why));
                true
            }
        }
    }

    /// Types a person row; `fields` is its number of cells as read (before joined columns).
    pub fn type_row<'r, C: Cells + ?Sized>(&mut self, rec: &'r C, line: u64, fields: usize) -> TypedRow<'r> {
        let row = self.typer.type_record(rec, line);
        if let Some((width, delimiter)) = self.width
            && let Some(p) = field_count_problem(fields, width, delimiter)
        {
            self.typer.add_problem(p);
        }
        row
    }
}

impl<'c> RosterReader<'c> {
    pub fn new(
        source: &Source,
        mut records: Box<dyn RecordSource + 'c>,
        criteria: &'c Criteria,
        vocab: &'c Vocabulary,
        defaults: impl Into<RowDefaults>,
    ) -> Result<RosterReader<'c>, InputError> {
        let head = read_head(records.as_mut(), vocab)?.map_err(|(e, _)| e.into_input_error(source, "danh sách"))?;
        Ok(RosterReader::from_head(source, records, head, criteria, vocab, defaults, None))
    }

    /// A reader of the rows after a header already found; `delimiter` for CSV.
    pub fn from_head(
        source: &Source,
        records: Box<dyn RecordSource + 'c>,
        head: TableHead,
        criteria: &'c Criteria,
        vocab: &'c Vocabulary,
        defaults: impl Into<RowDefaults>,
        delimiter: Option<u8>,
    ) -> RosterReader<'c> {
        let rows = RowReader::new(criteria, vocab, &head.header, defaults, delimiter);
        RosterReader {
            records,
            pending: head.pending,
            header: head.header,
            header_line: head.header_line,
            header_end_line: head.header_end_line,
            record: StringRecord::new(),
            rows,
            file: source.to_string(),
        }
    }

    /// The rows already read past the header while looking for it.
    pub fn pending_rows(&self) -> &VecDeque<(u64, StringRecord)> {
        &self.pending
    }

    /// The record stream after the header, and the rows already read past the header while
    /// looking for it: for callers that read the records themselves (on another thread).
    pub fn into_parts(self) -> (Box<dyn RecordSource + 'c>, VecDeque<(u64, StringRecord)>, RowReader<'c>) {
        (self.records, self.pending, self.rows)
    }

    /// The group values met so far, with their counts.
    pub fn titles(&self) -> &[TitleCount] {
        self.rows.typer.titles()
    }

    /// The next person row, typed.
    pub fn next_row(&mut self) -> Result<Option<PersonRow>, InputError> {
        Ok(self.next_typed()?.map(|(row, typer, _)| typer.to_person_row(&row)))
    }

    /// The next person row, typed without copying: the row borrows the record, its scores
    /// and problems are in the typer. Rows that are not people are listed in the classifier;
    /// an id a spreadsheet stored as a number is refused.
    /// The record comes too: its cells as read from the file, joined columns after them.
    pub fn next_typed(&mut self) -> Result<Option<(TypedRow<'_>, &RowTyper<'c>, &StringRecord)>, InputError> {
        let line = loop {
            let line = match self.pending.pop_front() {
                Some((line, rec)) => {
                    self.record = rec;
                    line
                }
                None => match self.records.read(&mut self.record)? {
                    Some(line) => line,
                    None => {
                        if let Some((line, message)) = self.rows.typer.legacy_stop() {
                            return Err(InputError::Line { file: self.file.clone(), line, message });
                        }
                        return Ok(None);
                    }
                },
            };
            if self.rows.is_person(&self.record, line) {
                break line;
            }
        };
        let fields = self.record.len();
        self.header.extend_record(&mut self.record);
        let Self { rows, record, records, .. } = self;
        let mut row = rows.type_row(&*record, line, fields);
        rows.typer.check_stored(&mut row, |c| records.stored(line, c));
        Ok(Some((row, &rows.typer, &*record)))
    }

    /// The cells of the row last returned, as read from the file (joined columns after them).
    pub fn record(&self) -> &StringRecord {
        &self.record
    }
}

/// The text cells of one record, however it was read.
pub trait Cells {
    fn cell(&self, i: usize) -> Option<&str>;
    fn len(&self) -> usize;
    /// Every cell run together, for a quick look at the whole record.
    fn text(&self) -> &str;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Cells for StringRecord {
    fn cell(&self, i: usize) -> Option<&str> {
        self.get(i)
    }
    fn len(&self) -> usize {
        StringRecord::len(self)
    }
    fn text(&self) -> &str {
        self.as_slice()
    }
}

/// A byte record checked as UTF-8 once, as a whole: cheaper than a check per cell, and as
/// strict, since every cell must also start and end on a character boundary.
pub struct Utf8Record<'r> {
    text: &'r str,
    ends: &'r [usize],
}

impl<'r> Utf8Record<'r> {
    /// `None` when some cell is not UTF-8 text.
    pub fn new(rec: &'r RawRecord) -> Option<Utf8Record<'r>> {
        let ends = rec.ends();
        if rec.is_utf8() {
            // SAFETY: the parser checked these bytes as UTF-8 with the stream they came from,
            // cells cut between characters (see `RawRecord::is_utf8`).
            let text = unsafe { std::str::from_utf8_unchecked(rec.as_slice()) };
            debug_assert!(ends.iter().all(|&end| text.is_char_boundary(end)));
            return Some(Utf8Record { text, ends });
        }
        // simdutf8: the same check as std's, several times faster on mixed Vietnamese text.
        let text = simdutf8::basic::from_utf8(rec.as_slice()).ok()?;
        // Each cell ends where the next starts, and the last at the end of the text.
        let on_boundaries = ends.iter().all(|&end| text.is_char_boundary(end));
        on_boundaries.then_some(Utf8Record { text, ends })
    }
}

impl Cells for Utf8Record<'_> {
    fn cell(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }
    fn len(&self) -> usize {
        self.ends.len()
    }
    fn text(&self) -> &str {
        self.text
    }
}

/// Trims a cell, skipping the Unicode tables when it starts and ends with a visible ASCII
/// character, as nearly every cell does.
pub fn trim_cell(s: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii_graphic());
    if visible(s.as_bytes().first()) && visible(s.as_bytes().last()) { s } else { s.trim() }
}

/// True when a record has nothing but blanks: skipped and counted, never scored.
pub fn is_blank(rec: &(impl Cells + ?Sized)) -> bool {
    (0..rec.len()).all(|i| rec.cell(i).is_none_or(|c| trim_cell(c).is_empty()))
}

/// A row typed without copying: text borrows from the record unless NFC had to change it.
/// The id is normalised ([`normalize_id`]) and the unit code NFC; the `raw_` texts are as typed (trimmed), because the unit
/// report needs no NFC of a person's name, and a unit's name only when it changes: pass them
/// through [`nfc`] before showing them. Its scores and problems are in the [`RowTyper`]
/// that typed it, until the next row.
#[derive(Debug, Clone)]
pub struct TypedRow<'r> {
    pub line: u64,
    pub id: Cow<'r, str>,
    pub raw_name: &'r str,
    pub unit_code: Cow<'r, str>,
    pub raw_unit_name: &'r str,
    /// The group cell, or `--doi-tuong` when the file has no group column.
    pub raw_doi_tuong: Cow<'r, str>,
    pub role: Option<(usize, Role)>,
    /// `None` when the row does not say: then the unit register's value applies.
    pub disadvantaged: Option<bool>,
    pub status: Status,
}

/// Where each field sits in a file's records, resolved once from the header.
#[derive(Debug, Clone)]
struct Positions {
    /// The id columns present, most preferred kind first: (kind, column).
    ids: Vec<(usize, usize)>,
    details: Vec<(&'static str, usize)>,
    name: Option<usize>,
    unit_code: Option<usize>,
    unit_name: Option<usize>,
    doi_tuong: Option<usize>,
    area: Option<usize>,
    status: Option<usize>,
    items: Vec<Option<usize>>,
}

/// Remembers what a cell value means: a roster repeats a handful of `đối tượng`, area and
/// status values a million times, and folding each one again would allocate on every row.
/// Bounded, so a column of all-different values costs no memory.
struct ValueCache<V> {
    map: HashMap<Box<str>, V, FixedState>,
    /// The last value looked up (consecutive rows mostly repeat it), in a buffer reused
    /// from row to row.
    last_raw: String,
    last: Option<V>,
}

impl<V: Copy> ValueCache<V> {
    const LIMIT: usize = 1024;

    fn new() -> Self {
        ValueCache { map: HashMap::default(), last_raw: String::new(), last: None }
    }

    fn get_or(&mut self, raw: &str, compute: impl FnOnce() -> V) -> V {
        if let Some(v) = self.last
            && self.last_raw == raw
        {
            return v;
        }
        let v = match self.map.get(raw) {
            Some(&v) => v,
            None => {
                let v = compute();
                if self.map.len() < Self::LIMIT {
                    self.map.insert(raw.into(), v);
                }
                v
            }
        };
        self.last_raw.clear();
        self.last_raw.push_str(raw);
        self.last = Some(v);
        v
    }
}

/// What a group cell was read as, remembered per value.
#[derive(Debug, Clone, Copy)]
enum GroupCell {
    /// Group, role, and the index of the title in the file's title counts.
    Known(usize, Role, usize),
    /// A value in a legacy font encoding ("Häc sinh").
    Legacy,
    Unknown,
}

/// Types the records of one file. Holds the column positions, the value caches and the
/// buffers for one row's scores and problems, so that a row without problems allocates
/// nothing.
pub struct RowTyper<'c> {
    criteria: &'c Criteria,
    header: HeaderMap,
    at: Positions,
    defaults: RowDefaults,
    groups: ValueCache<GroupCell>,
    /// Every group value met, with its count.
    titles: Vec<TitleCount>,
    title_index: HashMap<String, usize, FixedState>,
    /// Folded area value → disadvantaged (`Some(None)` when blank), or `None` for a value
    /// that is neither yes nor no.
    areas: ValueCache<Option<Option<bool>>>,
    /// Folded status → status, or `None` for a value the criteria do not list.
    statuses: ValueCache<Option<Status>>,
    scores: Vec<Option<Points>>,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    /// The kind and column of the id of the last row typed, and its other ids.
    id_at: Option<(usize, usize)>,
    other_ids: Vec<(usize, String)>,
    /// Legacy-font text met in any record of the file.
    legacy: LegacyScan,
}

impl<'c> RowTyper<'c> {
    pub fn new(criteria: &'c Criteria, header: &HeaderMap, defaults: impl Into<RowDefaults>) -> RowTyper<'c> {
        // The id's own column first (of the kind it was chosen from), then the other kinds'.
        let mut ids: Vec<(usize, usize)> = Vec::new();
        if let Some(c) = header.col(ID) {
            let kind = header.chosen.iter().find_map(|(t, f)| match (t, f) {
                (t, Field::Id(k)) if *t == ID => Some(*k),
                _ => None,
            });
            ids.push((kind.unwrap_or(0), c));
        }
        ids.extend((0..criteria.ids.len()).filter_map(|k| header.col(Field::Id(k)).map(|c| (k, c))));
        let at = Positions {
            ids,
            details: DETAILS.iter().filter_map(|&d| header.col(Field::Named(d)).map(|c| (d, c))).collect(),
            name: header.col(NAME),
            unit_code: header.col(UNIT_CODE),
            unit_name: header.col(UNIT_NAME),
            doi_tuong: header.col(DOI_TUONG),
            area: header.col(DISADVANTAGED),
            status: header.col(STATUS),
            items: (0..criteria.cdht.indicators.len()).map(|i| header.col(Field::Item(i))).collect(),
        };
        RowTyper {
            criteria,
            header: header.clone(),
            at,
            defaults: defaults.into(),
            groups: ValueCache::new(),
            titles: Vec::new(),
            title_index: HashMap::default(),
            areas: ValueCache::new(),
            statuses: ValueCache::new(),
            scores: Vec::with_capacity(criteria.cdht.indicators.len()),
            problems: Vec::new(),
            warnings: Vec::new(),
            id_at: None,
            other_ids: Vec::new(),
            legacy: LegacyScan::default(),
        }
    }

    /// No id, no đối tượng and no score: nothing of a person to score (a group title such as
    /// "II. GIÁO VIÊN", a note, a signature).
    pub fn holds_no_person(&self, rec: &(impl Cells + ?Sized)) -> bool {
        let blank = |at: Option<usize>| at.and_then(|c| rec.cell(c)).is_none_or(|v| trim_cell(v).is_empty());
        self.at.ids.iter().all(|&(_, c)| blank(Some(c)))
            && blank(self.at.doi_tuong)
            && self.at.items.iter().all(|&at| blank(at))
    }

    /// What only a spreadsheet shows: how the id and score cells were stored. An id stored as
    /// a number is that id when its digits have the shape of its kind (vnEdu stores 10-digit
    /// codes as numbers); one digit short of a shape that begins with 0, it lost that 0; a
    /// decimal, a boolean or a date is no id. A formula whose value was never saved is named.
    pub fn check_stored(&mut self, row: &mut TypedRow<'_>, stored: impl Fn(usize) -> Stored) {
        if let Some((kind, col)) = self.id_at {
            let message = match stored(col) {
                Stored::Number(n) => number_id_problem(&self.criteria.ids, kind, n, &row.id),
                Stored::Bool => Some(format!("mã định danh \"{}\" là ô đúng/sai (TRUE/FALSE), không phải mã", row.id)),
                Stored::Date => Some(format!(
                    "mã định danh \"{}\" là ô ngày tháng: Excel đã đổi mã thành ngày; định dạng cột là Văn bản (Text) rồi nhập lại mã",
                    row.id
                )),
                Stored::Formula(f) => Some(formula_message(col, row.line, &f)),
                Stored::Text => None,
            };
            if let Some(message) = message {
                let column = self.header.headers.get(col).cloned().unwrap_or_default();
                self.problems.retain(|p| p.column != column);
                self.problems.insert(0, Problem { column, value: row.id.to_string(), message });
            }
        }
        for i in 0..self.at.items.len() {
            let Some(col) = self.at.items[i] else { continue };
            if let Stored::Formula(f) = stored(col) {
                let column = self.header.headers.get(col).cloned().unwrap_or_default();
                let message =
                    format!("chỉ số {}: {}", self.criteria.cdht.indicators[i].code, formula_message(col, row.line, &f));
                self.problems.retain(|p| p.column != column);
                self.problems.push(Problem { column, value: f, message });
                self.scores[i] = None;
            }
        }
    }

    /// Adds a problem of the whole row (its number of fields) to the last row typed.
    pub fn add_problem(&mut self, p: Problem) {
        self.problems.push(p);
    }

    /// The column of the id, for a reader that looks at ids ahead of typing.
    pub fn id_column(&self) -> Option<usize> {
        self.at.ids.first().map(|&(_, c)| c)
    }

    /// One score per indicator of the last row typed, `None` where the cell has a problem.
    pub fn scores(&self) -> &[Option<Points>] {
        &self.scores
    }

    /// The problems of the last row typed.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The warnings of the last row typed: they do not make the row an error.
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }

    /// Every group value met so far, with its count.
    pub fn titles(&self) -> &[TitleCount] {
        &self.titles
    }

    /// The line and message that stop the file, when its records hold legacy-font text.
    pub fn legacy_stop(&self) -> Option<(u64, String)> {
        self.legacy.verdict().map(|d| (d.line, d.message()))
    }

    /// Whether any record read as legacy-font text (a part of a file read apart then goes
    /// back to the whole file, which decides).
    pub fn legacy_seen(&self) -> bool {
        self.legacy.any()
    }

    fn problem(&mut self, f: Field, value: &str, message: String) {
        self.problems.push(Problem { column: self.header.header_of(f).to_string(), value: value.to_string(), message });
    }

    fn column_name(&self, col: usize) -> String {
        match self.header.headers.get(col).filter(|h| !h.is_empty()) {
            Some(h) => h.clone(),
            None => format!("cột {}", column_letter(col)),
        }
    }

    /// A quick look at the whole record: a byte that was not UTF-8 makes its cell an error;
    /// legacy-font text is gathered for the file's verdict.
    fn glance(&mut self, rec: &(impl Cells + ?Sized), line: u64) {
        let g = legacy::glance(rec.text());
        if g.legacy {
            self.legacy.record(line, (0..rec.len()).map(|i| rec.cell(i).unwrap_or("")), ByteView::Unicode);
        }
        if g.replacement {
            for i in 0..rec.len() {
                let cell = rec.cell(i).unwrap_or("");
                if let Some(at) = cell.chars().position(|c| c == '\u{FFFD}') {
                    self.problems.push(Problem {
                        column: self.column_name(i),
                        value: cell.to_string(),
                        message: format!(
                            "ô {}{line} có byte không phải UTF-8 ở ký tự thứ {} (hiện là �); sửa lại chữ trong ô rồi lưu tệp dạng CSV UTF-8",
                            column_letter(i),
                            at + 1
                        ),
                    });
                }
            }
        }
    }

    /// Types one record; the same record always gives the same row.
    pub fn type_record<'r, C: Cells + ?Sized>(&mut self, rec: &'r C, line: u64) -> TypedRow<'r> {
        let cell = |at: Option<usize>| -> &'r str { at.and_then(|c| rec.cell(c)).map_or("", trim_cell) };
        self.problems.clear();
        self.warnings.clear();
        self.glance(rec, line);
        let criteria = self.criteria;

        // The id: the most preferred kind with a value; the others are kept.
        self.other_ids.clear();
        self.id_at = None;
        let mut id: Cow<'r, str> = Cow::Borrowed("");
        let mut digits = false;
        for &(kind, col) in &self.at.ids {
            let v = cell(Some(col));
            if v.is_empty() {
                continue;
            }
            if self.id_at.is_none() {
                self.id_at = Some((kind, col));
                digits = v.bytes().all(|b| b.is_ascii_digit());
                id = if digits { Cow::Borrowed(v) } else { normalize_id(v) };
            } else {
                self.other_ids.push((kind, normalize_id(v).into_owned()));
            }
        }
        match self.id_at {
            None => self.problem(ID, "", "thiếu mã định danh".into()),
            // Only a lost leading zero can be wrong with an id of digits (nearly every id).
            Some((kind, _)) if digits && !criteria.ids[kind].begins_with_zero() => {}
            Some((kind, col)) => {
                if let Some(message) = text_id_problem(&criteria.ids[kind], &id) {
                    let column = self.column_name(col);
                    self.problems.push(Problem { column, value: id.to_string(), message });
                }
            }
        }

        let unit_code = match self.at.unit_code {
            Some(_) => nfc(cell(self.at.unit_code)),
            None => Cow::Owned(self.defaults.unit.clone()),
        };
        if unit_code.is_empty() {
            self.problem(UNIT_CODE, "", "thiếu mã đơn vị".into());
        }

        let raw_doi_tuong: Cow<'r, str> = match (self.at.doi_tuong, &self.defaults.group) {
            (None, Some(g)) => Cow::Owned(g.clone()),
            (at, _) => Cow::Borrowed(cell(at)),
        };
        let Self { groups, titles, title_index, .. } = self;
        let group = groups.get_or(&raw_doi_tuong, || classify_group(criteria, &raw_doi_tuong, titles, title_index));
        let role = match group {
            GroupCell::Known(g, r, t) => {
                self.titles[t].so_dong += 1;
                Some((g, r))
            }
            GroupCell::Legacy => {
                let shown = nfc(&raw_doi_tuong).into_owned();
                let message = legacy_cell_message("đối tượng", &shown);
                self.problem(DOI_TUONG, &shown, message);
                None
            }
            GroupCell::Unknown => {
                let doi_tuong = nfc(&raw_doi_tuong);
                let message = if doi_tuong.is_empty() {
                    "thiếu đối tượng".to_string()
                } else {
                    format!("đối tượng \"{doi_tuong}\" không có trong bộ tiêu chí (xem hoctap criteria)")
                };
                self.problem(DOI_TUONG, &doi_tuong, message);
                None
            }
        };

        let raw_area = cell(self.at.area);
        let area = self.areas.get_or(raw_area, || {
            let v = fold_value(raw_area);
            if v.is_empty() {
                Some(None)
            } else if criteria.values.no.contains(&v) {
                Some(Some(false))
            } else if criteria.values.yes.contains(&v) {
                Some(Some(true))
            } else {
                None
            }
        });
        let disadvantaged = area.unwrap_or_else(|| {
            let shown = nfc(raw_area).into_owned();
            self.problem(DISADVANTAGED, &shown, format!("vùng khó khăn \"{shown}\" phải là Có hoặc Không"));
            Some(false)
        });

        let raw_status = cell(self.at.status);
        let status = self.statuses.get_or(raw_status, || {
            let st = fold_value(raw_status);
            if st.is_empty() || criteria.status.active.contains(&st) {
                Some(Status::Counted)
            } else {
                criteria.status.excluded.get(&st).map(|&i| Status::Excluded(i))
            }
        });
        let status = status.unwrap_or_else(|| {
            let shown = nfc(raw_status).into_owned();
            if legacy::legacy_reading(&shown).is_some() {
                let message = legacy_cell_message("trạng thái", &shown);
                self.problem(STATUS, &shown, message);
            } else {
                let message = format!(
                    "trạng thái \"{shown}\" không có trong bộ tiêu chí: người này vẫn được tính; nếu trạng thái này không tính vào mẫu số, thêm vào [trang_thai] của bộ tiêu chí (xem hoctap criteria)"
                );
                self.warnings.push(Problem { column: self.header.header_of(STATUS).to_string(), value: shown, message });
            }
            Status::Counted
        });

        self.scores.clear();
        for (i, ind) in criteria.cdht.indicators.iter().enumerate() {
            let raw = cell(self.at.items[i]);
            let message = match parse_points(raw) {
                Ok(p) if p <= ind.max => {
                    self.scores.push(Some(p));
                    continue;
                }
                Ok(p) => format!("chỉ số {} = {p} ngoài khoảng 0–{}", ind.code, ind.max),
                Err(PointsError::Blank) => format!("thiếu điểm chỉ số {}", ind.code),
                Err(PointsError::NotANumber) if looks_like_date(raw) => format!(
                    "điểm chỉ số {} \"{raw}\" là ngày tháng: Excel đã đổi điểm gõ có dấu chấm (như 7.5) thành ngày; định dạng cột là Số hoặc Văn bản rồi nhập lại điểm",
                    ind.code
                ),
                Err(PointsError::NotANumber) => format!("điểm chỉ số {} \"{raw}\" không phải là số", ind.code),
                Err(PointsError::TooManyDecimals) => {
                    format!("điểm chỉ số {} \"{raw}\" có quá hai chữ số thập phân", ind.code)
                }
            };
            self.problem(Field::Item(i), raw, message);
            self.scores.push(None);
        }

        if !self.problems.is_empty() && self.holds_no_person(rec) {
            // One clear message instead of one per empty cell.
            self.problems.clear();
            self.problems.push(Problem {
                column: self.header.header_of(ID).to_string(),
                value: String::new(),
                message: "dòng không có mã định danh, đối tượng hay điểm nào; nếu là dòng tiêu đề nhóm hoặc ghi chú, hãy xóa khỏi danh sách; nếu là một người, hãy điền đủ".into(),
            });
        }

        TypedRow {
            line,
            id,
            raw_name: cell(self.at.name),
            unit_code,
            raw_unit_name: cell(self.at.unit_name),
            raw_doi_tuong,
            role,
            disadvantaged,
            status,
        }
    }

    /// The owned row, for outputs that keep or print every field (`--persons`). The record is
    /// the one the row was typed from, for the columns kept as read.
    pub fn to_person_row(&self, row: &TypedRow<'_>) -> PersonRow {
        PersonRow {
            line: row.line,
            id: row.id.clone().into_owned(),
            name: nfc(row.raw_name).into_owned(),
            unit_code: row.unit_code.clone().into_owned(),
            unit_name: nfc(row.raw_unit_name).into_owned(),
            doi_tuong: nfc(&row.raw_doi_tuong).into_owned(),
            role: row.role,
            disadvantaged: row.disadvantaged,
            status: row.status,
            scores: self.scores.clone(),
            problems: self.problems.clone(),
            other_ids: self.other_ids.iter().map(|(k, id)| (self.criteria.ids[*k].code.clone(), id.clone())).collect(),
            details: Vec::new(),
        }
    }

    /// [`Self::to_person_row`] with the recognised columns kept as read (date of birth,
    /// gender, class, grade) from the row's record.
    pub fn to_person_row_with(&self, row: &TypedRow<'_>, rec: &(impl Cells + ?Sized)) -> PersonRow {
        let mut person = self.to_person_row(row);
        person.details = self
            .at
            .details
            .iter()
            .filter_map(|&(d, c)| {
                rec.cell(c).map(trim_cell).filter(|v| !v.is_empty()).map(|v| (d.to_string(), nfc(v).into_owned()))
            })
            .collect();
        person
    }
}

/// Reads a group value: a listed value or leading words, else any other title when the
/// criteria make it a member, unless it is legacy-font text. Each value met becomes a title
/// with a count.
fn classify_group(
    criteria: &Criteria,
    raw: &str,
    titles: &mut Vec<TitleCount>,
    index: &mut HashMap<String, usize, FixedState>,
) -> GroupCell {
    let Some((g, r, how)) = criteria.roles.classify(raw) else {
        return if legacy::legacy_reading(raw).is_some() { GroupCell::Legacy } else { GroupCell::Unknown };
    };
    if how == GroupHow::Other && legacy::legacy_reading(raw).is_some() {
        return GroupCell::Legacy;
    }
    let key = fold_value(raw);
    let t = *index.entry(key).or_insert_with(|| {
        titles.push(TitleCount {
            chuc_danh: nfc(raw.trim()).into_owned(),
            so_dong: 0,
            nhom: criteria.cdht.groups[g].code.clone(),
            chuc_danh_khac: how == GroupHow::Other,
        });
        titles.len() - 1
    });
    GroupCell::Known(g, r, t)
}

fn legacy_cell_message(what: &str, shown: &str) -> String {
    match legacy::legacy_reading(shown) {
        Some((l, converted)) => format!(
            "{what} \"{shown}\" được gõ bằng bảng mã cũ {} (đọc đúng là \"{converted}\"); chạy hoctap convert với tệp này để chuyển các ô bảng mã cũ sang Unicode",
            l.name()
        ),
        None => format!("{what} \"{shown}\" không đọc được"),
    }
}

fn formula_message(col: usize, line: u64, formula: &str) -> String {
    format!(
        "ô {}{line} có công thức {formula} nhưng chưa có giá trị đã lưu (tệp do một chương trình ghi ra); mở tệp bằng Excel hoặc LibreOffice, lưu lại một lần rồi chạy lại",
        column_letter(col)
    )
}

/// Characters that show nothing: zero-width spaces and joiners, the word joiner, a BOM, a
/// soft hyphen.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}')
}

/// An id as the same person's id is written everywhere: full-width digits made ASCII (NFKC),
/// invisible characters, a leading apostrophe (Excel's "text" mark), an `="…"` wrapper (a CSV
/// trick to keep leading zeros), spaces and hyphens inside removed. Borrowed when nothing
/// changes (the common case).
pub fn normalize_id(raw: &str) -> Cow<'_, str> {
    if raw.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Cow::Borrowed(raw);
    }
    use unicode_normalization::UnicodeNormalization;
    let mut s: String = raw.nfkc().filter(|c| !invisible(*c)).collect();
    let t = s.trim();
    let t = t.strip_prefix("=\"").and_then(|t| t.strip_suffix('"')).unwrap_or(t);
    let t = t.strip_prefix('\'').unwrap_or(t);
    s = t.chars().filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')).collect();
    Cow::Owned(s)
}

/// What is wrong with an id as text, whatever its column: damage a spreadsheet did (a decimal,
/// an exponent, a boolean, a date) or a lost leading zero.
fn text_id_problem(kind: &IdKind, id: &str) -> Option<String> {
    if id.bytes().all(|b| b.is_ascii_digit()) {
        // The common case: only a lost leading zero can be wrong.
        return (kind.begins_with_zero() && kind.digits == Some(id.len() + 1)).then(|| lost_zero_message(kind, id));
    }
    if looks_like_excel_number(id) {
        return Some(format!(
            "mã định danh \"{id}\" đã bị Excel đổi thành số dạng lũy thừa, các chữ số cuối đã mất; định dạng cột là Văn bản (Text) rồi nhập lại mã"
        ));
    }
    if let Some((int, frac)) = id.split_once(['.', ','])
        && !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Some(format!(
            "mã định danh \"{id}\" có phần thập phân: mã đã bị lưu thành số; định dạng cột là Văn bản (Text) rồi nhập lại mã"
        ));
    }
    if id.eq_ignore_ascii_case("TRUE") || id.eq_ignore_ascii_case("FALSE") {
        return Some(format!("mã định danh \"{id}\" là giá trị đúng/sai, không phải mã"));
    }
    if looks_like_date(id) {
        return Some(format!(
            "mã định danh \"{id}\" là ngày tháng: Excel đã đổi mã thành ngày; định dạng cột là Văn bản (Text) rồi nhập lại mã"
        ));
    }
    if let Some(n) = kind.digits
        && kind.begins_with_zero()
        && id.len() + 1 == n
        && id.bytes().all(|b| b.is_ascii_digit())
    {
        return Some(lost_zero_message(kind, id));
    }
    None
}

fn lost_zero_message(kind: &IdKind, id: &str) -> String {
    let n = kind.digits.unwrap_or(0);
    format!(
        "{} \"{id}\" có {} chữ số, đúng ra có {n} ({}): số 0 đầu đã bị Excel bỏ khi cột lưu dạng số. Sửa cả cột một lần: chọn cột, Format Cells (Ctrl+1) → Custom, gõ {} → OK, lưu lại (hoặc định dạng cột là Văn bản rồi nhập lại)",
        kind.name,
        id.len(),
        kind.shape_text().unwrap_or_default(),
        "0".repeat(n)
    )
}

/// What is wrong with an id stored as a number cell of a column of kind `k`. A kind without
/// a shape takes a number whose digits have the length of a shape that a number can hold
/// (vnEdu's 10-digit codes); one digit short of a shape that begins with 0 lost that 0.
fn number_id_problem(kinds: &[IdKind], k: usize, n: f64, shown: &str) -> Option<String> {
    let kind = &kinds[k];
    if n.fract() != 0.0 || !(0.0..1e17).contains(&n) {
        return Some(format!(
            "mã định danh \"{shown}\" được lưu dạng số có phần thập phân hoặc quá lớn, không phải mã; định dạng cột là Văn bản (Text) rồi nhập lại mã"
        ));
    }
    let digits = format!("{}", n as u64);
    if kind.fits(&digits)
        || (kind.digits.is_none() && kinds.iter().any(|o| !o.begins_with_zero() && o.digits == Some(digits.len())))
    {
        return None;
    }
    let lost_zero = if kind.digits.is_some() {
        Some(kind)
    } else {
        kinds.iter().find(|o| o.begins_with_zero() && o.digits == Some(digits.len() + 1))
    };
    if let Some(z) = lost_zero.filter(|z| z.begins_with_zero() && z.digits == Some(digits.len() + 1)) {
        return Some(lost_zero_message(z, &digits));
    }
    let shape = kind.shape_text().map_or_else(String::new, |s| format!(" và không đúng dạng {s}"));
    Some(format!(
        "{} \"{digits}\" được lưu dạng số{shape}: có thể đã mất số 0 đầu; định dạng cột là Văn bản (Text) rồi nhập lại mã",
        kind.name
    ))
}

/// "07/05/2025": what a spreadsheet shows for a date cell (see `spreadsheet::render`).
fn looks_like_date(raw: &str) -> bool {
    let date = raw.split(' ').next().unwrap_or("");
    let parts: Vec<&str> = date.split('/').collect();
    matches!(parts[..], [d, m, y] if d.len() <= 2 && m.len() <= 2 && y.len() == 4
        && [d, m, y].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
}

/// "1,23457E+11", "3.7201E11", "1.23457e+11": what Excel shows after turning a long id into a
/// number.
pub fn looks_like_excel_number(id: &str) -> bool {
    let b = id.as_bytes();
    // Ids rarely hold an E: look for that first, with memchr.
    let Some(at) = memchr::memchr2(b'E', b'e', b) else { return false };
    let (mantissa, exp) = (&b[..at], &b[at + 1..]);
    let exp = exp.strip_prefix(b"+").or_else(|| exp.strip_prefix(b"-")).unwrap_or(exp);
    mantissa.first().is_some_and(u8::is_ascii_digit)
        && mantissa.iter().all(|c| c.is_ascii_digit() || *c == b',' || *c == b'.')
        && mantissa.iter().filter(|c| !c.is_ascii_digit()).count() <= 1
        && !exp.is_empty()
        && exp.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::header::find_header;

    fn kind(code: &str) -> IdKind {
        crate::criteria::embedded().ids.into_iter().find(|k| k.code == code).unwrap()
    }

    #[test]
    fn spots_citizen_numbers_without_their_leading_zero() {
        let cccd = kind("so_dinh_danh_ca_nhan");
        assert!(text_id_problem(&cccd, "37201001234").is_some_and(|m| m.contains("000000000000")));
        assert_eq!(text_id_problem(&cccd, "037201001234"), None);
        assert_eq!(text_id_problem(&kind("ma_bo_gddt"), "37201001234"), None);
        assert_eq!(text_id_problem(&cccd, "3720100123a"), None);
    }

    #[test]
    fn damaged_ids_are_errors_and_written_ids_are_normalised() {
        let any = kind("ma_dinh_danh");
        for bad in ["37201001234.0", "3.7201E11", "1,23457E+11", "TRUE", "15/03/2010"] {
            assert!(text_id_problem(&any, bad).is_some(), "{bad}");
        }
        for (typed, id) in [
            ("０３７２０１００１２３４", "037201001234"),
            ("037\u{200B}201001234", "037201001234"),
            ("'037201001234", "037201001234"),
            ("=\"037201001234\"", "037201001234"),
            ("037 201-001 234", "037201001234"),
            ("HS001", "HS001"),
        ] {
            assert_eq!(normalize_id(typed), id, "{typed}");
        }
    }

    #[test]
    fn number_cells_are_ids_of_their_shape() {
        let kinds = crate::criteria::embedded().ids;
        let at = |code: &str| kinds.iter().position(|k| k.code == code).unwrap();
        let (bo, cccd, school) = (at("ma_bo_gddt"), at("so_dinh_danh_ca_nhan"), at("ma_truong"));
        assert_eq!(number_id_problem(&kinds, bo, 3720100123.0, "3720100123"), None);
        assert!(number_id_problem(&kinds, bo, 3720100123.5, "x").is_some());
        assert!(number_id_problem(&kinds, cccd, 37201001234.0, "x").is_some_and(|m| m.contains("Custom")));
        assert!(number_id_problem(&kinds, cccd, 372010012.0, "x").is_some());
        // A school code stored as a number: 10 digits (vnEdu) is a code; 11 lost a 0; 3 may have.
        assert_eq!(number_id_problem(&kinds, school, 3720100101.0, "x"), None);
        assert!(number_id_problem(&kinds, school, 37201001234.0, "x").is_some_and(|m| m.contains("000000000000")));
        assert!(number_id_problem(&kinds, school, 123.0, "x").is_some_and(|m| m.contains("mất số 0")));
    }

    #[test]
    fn the_preferred_id_is_the_id_and_the_others_are_kept() {
        let c = crate::criteria::embedded();
        let vocab = roster_vocabulary(&c);
        let mut head: Vec<String> =
            ["Số định danh cá nhân", "Họ tên", "Mã định danh Bộ GD&ĐT", "Ngày sinh"].map(String::from).to_vec();
        head.extend(c.cdht.indicators.iter().map(|i| i.code.clone()));
        let header_row = StringRecord::from(head);
        let (header, _) = find_header(&[header_row], &vocab.optional(DOI_TUONG)).unwrap();
        let mut t = RowTyper::new(&c, &header, RowDefaults { unit: "U".into(), group: Some("Học sinh".into()) });
        let mut cells = vec!["037 214 000 201", "An", "3720100201", "03/02/2014"];
        cells.extend(["9"; 10]);
        let rec = StringRecord::from(cells);
        let row = t.type_record(&rec, 5);
        assert_eq!(row.id, "3720100201", "the Ministry code comes first");
        let p = t.to_person_row_with(&row, &rec);
        assert_eq!(p.other_ids, [("so_dinh_danh_ca_nhan".to_string(), "037214000201".to_string())]);
        assert_eq!(p.details, [("ngay_sinh".to_string(), "03/02/2014".to_string())]);
        assert_eq!((p.doi_tuong.as_str(), p.problems.len()), ("Học sinh", 0));
        // Without the preferred id on a row, the next kind's id stands in.
        let mut cells = vec!["037214000202", "Bình", "", ""];
        cells.extend(["9"; 10]);
        let rec = StringRecord::from(cells);
        assert_eq!(t.type_record(&rec, 6).id, "037214000202");
    }

    #[test]
    fn spots_scientific_ids() {
        assert!(looks_like_excel_number("1,23457E+11"));
        assert!(looks_like_excel_number("1.23457e+11"));
        assert!(!looks_like_excel_number("036201001234"));
        assert!(!looks_like_excel_number("E+11"));
        assert!(!looks_like_excel_number("1E+"));
        assert!(!looks_like_excel_number("1.2E+11x"));
        assert!(looks_like_excel_number("3,701234e+11"));
        assert!(!looks_like_excel_number("MAE+1"));
    }
}
