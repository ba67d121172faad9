//! One roster row typed against the criteria: NFC text, the role its `đối tượng` maps to,
//! whether it is excluded, and each indicator score, with every problem named by column and
//! value. Nothing here decides recognition; that is `scoring`.

use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};

use csv::{ByteRecord, StringRecord};
use foldhash::fast::FixedState;

use super::csv_source::RecordSource;
use super::header::{Field, HeaderError, HeaderMap, MAX_TITLE_ROWS, Vocabulary, find_header};
use super::{InputError, Source};
use crate::criteria::Criteria;
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

const NAMED: [&str; 9] =
    ["ma_dinh_danh", "ho_ten", "ma_don_vi", "ten_don_vi", "doi_tuong", "vung_kho_khan", "trang_thai", "ho_dem", "ten"];
const REQUIRED: [&str; 3] = ["ma_dinh_danh", "ho_ten", "doi_tuong"];

/// The roster vocabulary of a criteria set.
pub fn roster_vocabulary(criteria: &Criteria) -> Vocabulary {
    let items: Vec<(String, String)> =
        criteria.cdht.indicators.iter().map(|i| (i.column.clone(), i.code.clone())).collect();
    Vocabulary::new(&criteria.columns.roster, &NAMED, &items, &criteria.columns.indicator_templates, &REQUIRED, true)
        .with_join(NAME, &[FAMILY_AND_MIDDLE_NAME, GIVEN_NAME])
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
    pub blank_rows: u64,
    /// Rows with no person in them, held until a person row shows they are inside the table.
    pub held: HeldRows,
    released: VecDeque<(u64, StringRecord)>,
    typer: RowTyper<'c>,
}

/// Rows without a person held at most at once; a longer run is typed like any rows.
pub const MAX_HELD: usize = 50;

/// Rows with no person in them (no id, no đối tượng, no score), held while it is unknown
/// whether a person follows: after the last person they are notes or signatures ("HIỆU
/// TRƯỞNG"), before another person they are rows. Every reader of rosters holds them here.
#[derive(Debug, Default)]
pub struct HeldRows {
    rows: VecDeque<(u64, StringRecord)>,
    /// Lines after the last person that hold no person: notes and signatures, not counted.
    pub note_lines: Vec<u64>,
}

impl HeldRows {
    /// Holds the row when it has no person and there is room; `record` makes its copy.
    pub fn hold(&mut self, no_person: bool, line: u64, record: impl FnOnce() -> StringRecord) -> bool {
        if no_person && self.rows.len() < MAX_HELD {
            self.rows.push_back((line, record()));
            return true;
        }
        false
    }

    /// The rows held so far, to be typed before the person row that shows they are rows.
    pub fn release(&mut self) -> std::collections::vec_deque::Drain<'_, (u64, StringRecord)> {
        self.rows.drain(..)
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The end of the table: what is still held is notes.
    pub fn finish(&mut self) {
        self.note_lines.extend(self.rows.drain(..).map(|(l, _)| l));
    }
}

impl<'c> RosterReader<'c> {
    pub fn new(
        source: &Source,
        mut records: Box<dyn RecordSource + 'c>,
        criteria: &'c Criteria,
        vocab: &Vocabulary,
        default_unit: String,
    ) -> Result<RosterReader<'c>, InputError> {
        let mut head = Vec::new();
        let mut lines = Vec::new();
        let mut rec = StringRecord::new();
        while head.len() < MAX_TITLE_ROWS + 1 {
            match records.read(&mut rec)? {
                Some(line) => {
                    lines.push(line);
                    head.push(rec.clone());
                }
                None => break,
            }
        }
        if head.is_empty() {
            return Err(InputError::file(source, "tệp rỗng: không có dòng nào"));
        }
        let (header, first_data) = find_header(&head, vocab).map_err(|e| header_error(source, e))?;
        let header_line = lines[first_data - header.rows];
        let header_end_line = lines[first_data - 1];
        let pending = lines.into_iter().zip(head).skip(first_data).collect();
        let typer = RowTyper::new(criteria, &header, default_unit);
        Ok(RosterReader {
            records,
            pending,
            header,
            header_line,
            header_end_line,
            record: StringRecord::new(),
            blank_rows: 0,
            held: HeldRows::default(),
            released: VecDeque::new(),
            typer,
        })
    }

    /// The rows already read past the header while looking for it.
    pub fn pending_rows(&self) -> &VecDeque<(u64, StringRecord)> {
        &self.pending
    }

    /// The record stream after the header, and the rows already read past the header while
    /// looking for it: for callers that read the records themselves (on another thread).
    pub fn into_parts(self) -> (Box<dyn RecordSource + 'c>, VecDeque<(u64, StringRecord)>) {
        (self.records, self.pending)
    }

    /// Lines after the last person that hold no person: notes and signatures, not counted.
    pub fn note_lines(&self) -> &[u64] {
        &self.held.note_lines
    }

    /// The next non-blank row, typed.
    pub fn next_row(&mut self) -> Result<Option<PersonRow>, InputError> {
        Ok(self.next_typed()?.map(|(row, typer, _)| typer.to_person_row(&row)))
    }

    /// The next non-blank row, typed without copying: the row borrows the record, its scores
    /// and problems are in the typer. Rows without a person are held (see [`HeldRows`]); an
    /// id a spreadsheet stored as a number is refused.
    /// The record comes too: its cells as read from the file, joined columns after them.
    pub fn next_typed(&mut self) -> Result<Option<(TypedRow<'_>, &RowTyper<'c>, &StringRecord)>, InputError> {
        let line = loop {
            if let Some((line, rec)) = self.released.pop_front() {
                self.record = rec;
                break line;
            }
            let line = match self.pending.pop_front() {
                Some((line, rec)) => {
                    self.record = rec;
                    line
                }
                None => match self.records.read(&mut self.record)? {
                    Some(line) => line,
                    None => {
                        self.held.finish();
                        return Ok(None);
                    }
                },
            };
            if is_blank(&self.record) {
                self.blank_rows += 1;
                continue;
            }
            let no_person = self.typer.holds_no_person(&self.record);
            if self.held.hold(no_person, line, || self.record.clone()) {
                continue;
            }
            if !self.held.is_empty() {
                self.released.extend(self.held.release());
                self.released.push_back((line, std::mem::take(&mut self.record)));
                continue;
            }
            break line;
        };
        self.header.extend_record(&mut self.record);
        let stored_number = self.typer.id_column().is_some_and(|c| self.records.stored_as_number(line, c));
        let Self { typer, record, .. } = self;
        let row = typer.type_record(&*record, line);
        if stored_number {
            typer.refuse_stored_number(&row);
        }
        Ok(Some((row, &*typer, &*record)))
    }

    /// The cells of the row last returned, as read from the file (joined columns after them).
    pub fn record(&self) -> &StringRecord {
        &self.record
    }
}

fn header_error(source: &Source, e: HeaderError) -> InputError {
    let message = match e {
        HeaderError::NotFound => format!(
            "không tìm thấy dòng tiêu đề trong {MAX_TITLE_ROWS} dòng đầu; cần các cột như \"Mã định danh\", \"Họ và tên\", \"Đối tượng\", \"Chỉ số 1.1\" … (xem hoctap template); chạy hoctap inspect với tệp này để xem chương trình đọc được gì"
        ),
        HeaderError::Duplicate { field, first, second } => {
            format!("hai cột \"{first}\" và \"{second}\" cùng là {field}; hãy xóa hoặc đổi tên một cột")
        }
        HeaderError::Missing(fields) => {
            let list: Vec<String> = fields
                .iter()
                .map(|(name, aliases)| {
                    let shown: Vec<String> = aliases.iter().take(4).map(|a| format!("\"{a}\"")).collect();
                    format!("{name} (tên cột chấp nhận: {})", shown.join(", "))
                })
                .collect();
            format!("thiếu cột bắt buộc: {}", list.join("; "))
        }
    };
    InputError::file(source, message)
}

/// The text cells of one record, however it was read.
pub trait Cells {
    fn cell(&self, i: usize) -> Option<&str>;
    fn len(&self) -> usize;
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
}

/// A byte record checked as UTF-8 once, as a whole: cheaper than a check per cell, and as
/// strict, since every cell must also start and end on a character boundary.
pub struct Utf8Record<'r> {
    text: &'r str,
    rec: &'r ByteRecord,
}

impl<'r> Utf8Record<'r> {
    /// `None` when some cell is not UTF-8 text.
    pub fn new(rec: &'r ByteRecord) -> Option<Utf8Record<'r>> {
        // simdutf8: the same check as std's, several times faster on mixed Vietnamese text.
        let text = simdutf8::basic::from_utf8(rec.as_slice()).ok()?;
        // Each cell ends where the next starts, and the last at the end of the text.
        let on_boundaries = (1..rec.len()).all(|i| rec.range(i).is_some_and(|r| text.is_char_boundary(r.start)));
        on_boundaries.then_some(Utf8Record { text, rec })
    }
}

impl Cells for Utf8Record<'_> {
    fn cell(&self, i: usize) -> Option<&str> {
        self.rec.range(i).and_then(|r| self.text.get(r))
    }
    fn len(&self) -> usize {
        self.rec.len()
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
/// The id and unit code are NFC; the `raw_` texts are as typed (trimmed), because the unit
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
    pub raw_doi_tuong: &'r str,
    pub role: Option<(usize, Role)>,
    /// `None` when the row does not say: then the unit register's value applies.
    pub disadvantaged: Option<bool>,
    pub status: Status,
}

/// Where each field sits in a file's records, resolved once from the header.
#[derive(Debug, Clone)]
struct Positions {
    id: Option<usize>,
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

/// Types the records of one file. Holds the column positions, the value caches and the
/// buffers for one row's scores and problems, so that a row without problems allocates
/// nothing.
pub struct RowTyper<'c> {
    criteria: &'c Criteria,
    header: HeaderMap,
    at: Positions,
    default_unit: String,
    roles: ValueCache<Option<(usize, Role)>>,
    /// Folded area value → disadvantaged (`Some(None)` when blank), or `None` for a value
    /// that is neither yes nor no.
    areas: ValueCache<Option<Option<bool>>>,
    /// Folded status → status, or `None` for a value the criteria do not list.
    statuses: ValueCache<Option<Status>>,
    scores: Vec<Option<Points>>,
    problems: Vec<Problem>,
    /// The id column names the citizen number, where 11 digits mean a lost leading zero.
    citizen_number: bool,
}

impl<'c> RowTyper<'c> {
    pub fn new(criteria: &'c Criteria, header: &HeaderMap, default_unit: String) -> RowTyper<'c> {
        let at = Positions {
            id: header.col(ID),
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
            default_unit,
            roles: ValueCache::new(),
            areas: ValueCache::new(),
            statuses: ValueCache::new(),
            scores: Vec::with_capacity(criteria.cdht.indicators.len()),
            problems: Vec::new(),
            citizen_number: names_citizen_number(header.header_of(ID)),
        }
    }

    /// No id, no đối tượng and no score: nothing of a person to score (a group title such as
    /// "II. GIÁO VIÊN", a note, a signature).
    pub fn holds_no_person(&self, rec: &(impl Cells + ?Sized)) -> bool {
        let blank = |at: Option<usize>| at.and_then(|c| rec.cell(c)).is_none_or(|v| trim_cell(v).is_empty());
        blank(self.at.id) && blank(self.at.doi_tuong) && self.at.items.iter().all(|&at| blank(at))
    }

    /// What only a spreadsheet shows: an id stored as a number has lost any leading zero and
    /// any digit past Excel's fifteenth, so it is refused whatever it looks like.
    pub fn refuse_stored_number(&mut self, row: &TypedRow<'_>) {
        if row.id.is_empty() {
            return;
        }
        let column = self.header.header_of(ID).to_string();
        self.problems.retain(|p| p.column != column);
        self.problems.insert(
            0,
            Problem {
                column,
                value: row.id.to_string(),
                message: format!(
                    "mã định danh \"{}\" được lưu dạng số trong bảng tính nên có thể đã mất số 0 đầu; định dạng cột là Văn bản (Text) rồi nhập lại mã, hoặc gõ dấu ' trước mã",
                    row.id
                ),
            },
        );
    }

    /// The column of the id, for a reader that looks at ids ahead of typing.
    pub fn id_column(&self) -> Option<usize> {
        self.at.id
    }

    /// One score per indicator of the last row typed, `None` where the cell has a problem.
    pub fn scores(&self) -> &[Option<Points>] {
        &self.scores
    }

    /// The problems of the last row typed.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    fn problem(&mut self, f: Field, value: &str, message: String) {
        self.problems.push(Problem { column: self.header.header_of(f).to_string(), value: value.to_string(), message });
    }

    /// Types one record; the same record always gives the same row.
    pub fn type_record<'r, C: Cells + ?Sized>(&mut self, rec: &'r C, line: u64) -> TypedRow<'r> {
        let cell = |at: Option<usize>| -> &'r str { at.and_then(|c| rec.cell(c)).map_or("", trim_cell) };
        self.problems.clear();
        let criteria = self.criteria;

        let id = nfc(cell(self.at.id));
        if id.is_empty() {
            self.problem(ID, "", "thiếu mã định danh".into());
        } else if !id.bytes().all(|b| b.is_ascii_digit()) && looks_like_excel_number(&id) {
            let message =
                format!("mã định danh \"{id}\" đã bị Excel đổi thành số; định dạng cột là Văn bản (Text) rồi nhập lại");
            self.problem(ID, &id, message);
        } else if self.citizen_number && eleven_digits(&id) {
            let message = format!(
                "số CCCD \"{id}\" có 11 chữ số, số CCCD có 12 (bắt đầu bằng 0): số 0 đầu đã bị Excel bỏ; định dạng cột là Văn bản (Text) rồi nhập lại đủ 12 chữ số"
            );
            self.problem(ID, &id, message);
        }

        let unit_code = match self.at.unit_code {
            Some(_) => nfc(cell(self.at.unit_code)),
            None => Cow::Owned(self.default_unit.clone()),
        };
        if unit_code.is_empty() {
            self.problem(UNIT_CODE, "", "thiếu mã đơn vị".into());
        }

        let raw_doi_tuong = cell(self.at.doi_tuong);
        let role =
            self.roles.get_or(raw_doi_tuong, || criteria.roles.by_value.get(&fold_value(raw_doi_tuong)).copied());
        if role.is_none() {
            let doi_tuong = nfc(raw_doi_tuong);
            let message = if doi_tuong.is_empty() {
                "thiếu đối tượng".to_string()
            } else {
                format!("đối tượng \"{doi_tuong}\" không có trong bộ tiêu chí (xem hoctap criteria)")
            };
            self.problem(DOI_TUONG, &doi_tuong, message);
        }

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
            self.problem(STATUS, &shown, format!("trạng thái \"{shown}\" không có trong bộ tiêu chí"));
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

    /// The owned row, for outputs that keep or print every field (`--persons`).
    pub fn to_person_row(&self, row: &TypedRow<'_>) -> PersonRow {
        PersonRow {
            line: row.line,
            id: row.id.clone().into_owned(),
            name: nfc(row.raw_name).into_owned(),
            unit_code: row.unit_code.clone().into_owned(),
            unit_name: nfc(row.raw_unit_name).into_owned(),
            doi_tuong: nfc(row.raw_doi_tuong).into_owned(),
            role: row.role,
            disadvantaged: row.disadvantaged,
            status: row.status,
            scores: self.scores.clone(),
            problems: self.problems.clone(),
        }
    }
}

/// A citizen number (số CCCD, số định danh cá nhân) has 12 digits and begins with 0, the first
/// digit of the province code (001–096); Excel drops that 0 when the column holds numbers.
/// Checked only under a header that names the citizen number, where 11 digits cannot be right.
fn names_citizen_number(header: &str) -> bool {
    let h = crate::text::fold_key(header);
    h.contains("cccd") || h.contains("cancuoc") || h.contains("dinhdanhcanhan")
}

fn eleven_digits(id: &str) -> bool {
    id.len() == 11 && id.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
fn lost_leading_zero(header: &str, id: &str) -> bool {
    names_citizen_number(header) && eleven_digits(id)
}

/// "07/05/2025": what a spreadsheet shows for a date cell (see `spreadsheet::render`).
fn looks_like_date(raw: &str) -> bool {
    let date = raw.split(' ').next().unwrap_or("");
    let parts: Vec<&str> = date.split('/').collect();
    matches!(parts[..], [d, m, y] if d.len() <= 2 && m.len() <= 2 && y.len() == 4
        && [d, m, y].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
}

/// "1,23457E+11", "1.23457e+11": what Excel shows after turning a 12-digit id into a number.
pub fn looks_like_excel_number(id: &str) -> bool {
    let b = id.as_bytes();
    // Ids rarely hold a '+': look for that first, with memchr.
    if memchr::memchr(b'+', b).is_none() {
        return false;
    }
    let Some(at) = b.windows(2).position(|w| matches!(w[0], b'E' | b'e') && w[1] == b'+') else { return false };
    let (mantissa, exp) = (&b[..at], &b[at + 2..]);
    !mantissa.is_empty()
        && mantissa.iter().all(|c| c.is_ascii_digit() || *c == b',' || *c == b'.')
        && !exp.is_empty()
        && exp.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spots_citizen_numbers_without_their_leading_zero() {
        assert!(lost_leading_zero("Số CCCD", "37201001234"));
        assert!(lost_leading_zero("Số định danh cá nhân", "37201001234"));
        assert!(!lost_leading_zero("Số CCCD", "037201001234"));
        assert!(!lost_leading_zero("Mã định danh Bộ GD&ĐT", "37201001234"));
        assert!(!lost_leading_zero("CCCD", "3720100123a"));
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
