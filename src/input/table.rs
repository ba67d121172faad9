//! The one table reader behind every kind of file (CSV and every spreadsheet kind), for rosters
//! and unit files alike: the first rows are searched for the header ([`find_head`]), and every
//! row after it is classified by [`RowClassifier`], so that `assess` (one pass, record batches
//! or byte ranges), `inspect`, the sheet picker and the unit-file reader decide alike.
//!
//! The row rule (also in the README): a blank row is skipped and counted. A row that repeats
//! the header is not a person. A row with an id is a person wherever it stands. Otherwise the
//! row's cells are looked at: words of the criteria (`[dong_khong_phai_nguoi]`) mark a group
//! title ("Khối 5", "Lớp: 3A", "I. CÁN BỘ…"), a total ("Tổng cộng: 85 người"), a signature
//! ("HIỆU TRƯỞNG", "(Ký, ghi rõ họ tên)", "Kim Sơn, ngày 15 tháng 01 năm 2026") or a note; a
//! marked row is not a person unless it also carries a person (a name with a unit, group or
//! score; for a signature or a note, any score too): then it is a person and a finding says
//! why it was doubtful. An unmarked row is a person when it has a score, or a name with a unit
//! or group, or a group; after a signature row and until the next row with an id or a score,
//! rows without an id or a score are the signers' names (a name written under the id column
//! too: words with spaces and no digit). What is left (a name alone, a unit
//! alone, text outside the roster's columns) is not a person. Every row that is not a person
//! is listed with its reason, and no unit is ever taken from it.

pub use crate::model::summary::{NonPerson, NonPersonRows};

/// What to do with an output of this tool given as a roster: the rows-with-errors file is the
/// one officers are tempted to feed back, and reading it beside the original counts twice.
pub const OWN_OUTPUT_REMEDY: &str =
    "nếu là tệp các dòng lỗi (--dong-loi), hãy sửa các dòng đó trong tệp danh sách gốc rồi chạy lại với tệp gốc";
use std::collections::VecDeque;

use csv::StringRecord;

use super::csv_source::RecordSource;
use super::header::{Field, HeaderError, HeaderMap, MAX_TITLE_ROWS, Vocabulary, find_header};
use super::person::{Cells, Problem, is_blank, trim_cell};
use super::{InputError, Source};
use crate::criteria::RowWords;
use crate::model::mark;
use crate::text::fold_value;

/// The header of a table and the rows read past it while it was searched for.
#[derive(Debug, Clone)]
pub struct TableHead {
    pub header: HeaderMap,
    /// The line of the header's first row, and of its last (the same for a one-row header).
    pub header_line: u64,
    pub header_end_line: u64,
    /// The rows after the header that were read while looking for it.
    pub pending: VecDeque<(u64, StringRecord)>,
}

/// Why a table has no usable header.
#[derive(Debug, Clone)]
pub enum HeadError {
    /// No row at all.
    Empty,
    /// A CSV this tool wrote (its header ends with the mark column).
    OwnOutput,
    /// The header search failed; `line` is the line of the row judged the header, if any.
    Header { error: HeaderError, line: Option<u64> },
}

impl HeadError {
    /// No roster header at all: in a folder such a file is skipped, not an error.
    pub fn is_not_a_table(&self) -> bool {
        matches!(self, HeadError::Empty | HeadError::OwnOutput | HeadError::Header { error: HeaderError::NotFound, .. })
    }

    /// The message, for a file of the kind `what` ("danh sách", "tệp đơn vị").
    pub fn message(&self, what: &str) -> String {
        match self {
            HeadError::Empty => "tệp rỗng: không có dòng nào".into(),
            HeadError::OwnOutput => {
                format!("tệp kết quả do hoctap ghi (cột cuối \"hoctap\"), không phải danh sách; {OWN_OUTPUT_REMEDY}")
            }
            HeadError::Header { error: HeaderError::NotFound, .. } => format!(
                "không tìm thấy dòng tiêu đề trong {MAX_TITLE_ROWS} dòng đầu (không phải {what}?); cần các cột như \"Mã định danh\", \"Họ và tên\", \"Đối tượng\", \"Chỉ số 1.1\" … (xem hoctap template); chạy hoctap inspect với tệp này để xem chương trình đọc được gì"
            ),
            HeadError::Header { error: HeaderError::Duplicate { field, first, second }, .. } => {
                format!("hai cột \"{first}\" và \"{second}\" cùng là {field}; hãy xóa hoặc đổi tên một cột")
            }
            HeadError::Header { error: HeaderError::Missing { rows, matched, missing, .. }, line } => {
                let at = match (line, rows) {
                    (Some(l), 2) => format!("dòng {l}–{} (tiêu đề hai dòng)", l + 1),
                    (Some(l), _) => format!("dòng {l}"),
                    (None, _) => "?".into(),
                };
                let found: Vec<String> = matched
                    .iter()
                    .map(|m| format!("{} \"{}\" → {}", super::spreadsheet::column_letter(m.column), m.header, m.field))
                    .collect();
                let list: Vec<String> = missing
                    .iter()
                    .map(|(name, aliases)| {
                        let shown: Vec<String> = aliases.iter().map(|a| format!("\"{a}\"")).collect();
                        format!("{name} (tên cột chấp nhận: {})", shown.join(", "))
                    })
                    .collect();
                format!(
                    "thiếu cột bắt buộc: {}. Dòng được coi là tiêu đề: {at}; các cột đã nhận ra: {}",
                    list.join("; "),
                    if found.is_empty() { "không có".to_string() } else { found.join(", ") }
                )
            }
        }
    }

    pub fn into_input_error(self, source: &Source, what: &str) -> InputError {
        InputError::file(source, self.message(what))
    }
}

/// The first rows of a table (at most the title rows, the header and one more).
pub fn first_rows(records: &mut dyn RecordSource) -> Result<Vec<(u64, StringRecord)>, InputError> {
    let mut rows = Vec::new();
    let mut rec = StringRecord::new();
    while rows.len() <= MAX_TITLE_ROWS {
        match records.read(&mut rec)? {
            Some(line) => rows.push((line, rec.clone())),
            None => break,
        }
    }
    Ok(rows)
}

/// Whether the first non-blank row is the header of a CSV this tool wrote.
pub fn is_own_output(rows: &[(u64, StringRecord)]) -> bool {
    rows.iter()
        .map(|(_, r)| r)
        .find(|r| !is_blank(*r))
        .and_then(|r| r.iter().rev().map(str::trim).find(|c| !c.is_empty()))
        .is_some_and(|last| last == mark::CSV_COLUMN)
}

/// A header found, or why not with the rows that were searched.
pub type HeadResult = Result<TableHead, (HeadError, Vec<(u64, StringRecord)>)>;

/// Finds the header among the first rows of a table.
pub fn find_head(rows: Vec<(u64, StringRecord)>, vocab: &Vocabulary) -> HeadResult {
    if rows.is_empty() {
        return Err((HeadError::Empty, rows));
    }
    if is_own_output(&rows) {
        return Err((HeadError::OwnOutput, rows));
    }
    let records: Vec<StringRecord> = rows.iter().map(|(_, r)| r.clone()).collect();
    match find_header(&records, vocab) {
        Ok((header, first_data)) => {
            let header_line = rows[first_data - header.rows].0;
            let header_end_line = rows[first_data - 1].0;
            let pending = rows.into_iter().skip(first_data).collect();
            Ok(TableHead { header, header_line, header_end_line, pending })
        }
        Err(error) => {
            let line = match &error {
                HeaderError::Missing { at, .. } => rows.get(*at).map(|(l, _)| *l),
                _ => None,
            };
            Err((HeadError::Header { error, line }, rows))
        }
    }
}

/// Reads the first rows of `records` and finds the header there.
pub fn read_head(records: &mut dyn RecordSource, vocab: &Vocabulary) -> Result<HeadResult, InputError> {
    Ok(find_head(first_rows(records)?, vocab))
}

/// A row that is not a person, as listed among the findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRow {
    pub line: u64,
    pub kind: NonPerson,
    /// The row's non-blank cells, joined.
    pub text: String,
    pub why: String,
}

/// What one row is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowClass {
    Blank,
    Person,
    /// A person, with the reason it looked like something else.
    Doubtful(String),
    NotPerson(NonPerson),
}

/// The columns a classifier looks at.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// A non-blank cell here makes a person (the id; in a unit file, the unit code).
    pub key: Option<usize>,
    /// Score columns.
    pub scores: Vec<usize>,
    /// The name (or the columns it is joined from).
    pub name: Vec<usize>,
    /// The unit's code and name.
    pub unit: Vec<usize>,
    /// The group (`đối tượng`): its values are job titles, so no marker is looked for there.
    pub group: Option<usize>,
}

impl Evidence {
    /// The evidence columns of a roster header.
    pub fn roster(header: &HeaderMap, items: usize) -> Evidence {
        use super::person::{DOI_TUONG, FAMILY_AND_MIDDLE_NAME, GIVEN_NAME, ID, NAME, UNIT_CODE, UNIT_NAME};
        let in_file = |f: Field| header.col(f).filter(|&c| c < header.width);
        let name = match in_file(NAME) {
            Some(c) => vec![c],
            None => [FAMILY_AND_MIDDLE_NAME, GIVEN_NAME].iter().filter_map(|&f| in_file(f)).collect::<Vec<_>>(),
        };
        let name = if name.is_empty() {
            header.joins.iter().flat_map(|(_, parts)| parts.iter().copied()).collect()
        } else {
            name
        };
        Evidence {
            key: in_file(ID),
            scores: (0..items).filter_map(|i| in_file(Field::Item(i))).collect(),
            name,
            unit: [UNIT_CODE, UNIT_NAME].iter().filter_map(|&f| in_file(f)).collect(),
            group: in_file(DOI_TUONG),
        }
    }
}

/// Classifies the rows of one table, one after another, by the row rule of this module. The
/// only state carried from row to row is whether a signature block is open.
pub struct RowClassifier<'a> {
    vocab: &'a Vocabulary,
    words: &'a RowWords,
    at: Evidence,
    /// The field of each header column, to spot a repeated header.
    fields: Vec<Option<Field>>,
    /// The header's cells, for the cheap first test of a repeated header.
    header_cells: Vec<String>,
    pub signature_block: bool,
    /// The non-person rows seen, in order.
    pub skipped: Vec<SkippedRow>,
}

impl<'a> RowClassifier<'a> {
    pub fn new(header: &HeaderMap, vocab: &'a Vocabulary, words: &'a RowWords, at: Evidence) -> RowClassifier<'a> {
        let fields =
            (0..header.width).map(|c| header.columns.iter().find(|&(_, &col)| col == c).map(|(f, _)| *f)).collect();
        RowClassifier {
            vocab,
            words,
            at,
            fields,
            header_cells: header.headers.iter().take(header.width).cloned().collect(),
            signature_block: false,
            skipped: Vec::new(),
        }
    }

    /// Counts of the non-person rows seen so far.
    pub fn counts(&self) -> NonPersonRows {
        let mut n = NonPersonRows::default();
        for s in &self.skipped {
            n.add(s.kind, 1);
        }
        n
    }

    /// Classifies one row; a non-person row is added to [`Self::skipped`].
    pub fn classify(&mut self, rec: &(impl Cells + ?Sized), line: u64) -> RowClass {
        if is_blank(rec) {
            return RowClass::Blank;
        }
        let cell = |c: usize| rec.cell(c).map_or("", trim_cell);
        if let Some(k) = self.at.key {
            let v = cell(k);
            // The common case: an id with digits and without spaces (no marker has both).
            if v.bytes().any(|b| b.is_ascii_digit()) && !v.contains(char::is_whitespace) && !self.is_header_cell(k, v) {
                self.signature_block = false;
                return RowClass::Person;
            }
        }
        if self.repeats_header(rec) {
            self.signature_block = false;
            return self.skip(rec, line, NonPerson::RepeatedHeader, "dòng tiêu đề lặp lại".into());
        }
        // In a signature block, words with spaces and no digit under the id are a signer's
        // name, not an id.
        let words = |v: &str| v.contains(char::is_whitespace) && !v.bytes().any(|b| b.is_ascii_digit());
        if let Some(k) = self.at.key
            && !cell(k).is_empty()
            && self.marker(cell(k)).is_none()
            && !(self.signature_block && words(cell(k)))
        {
            self.signature_block = false;
            return RowClass::Person;
        }
        // The markers of the row, by column (the group column holds job titles, not markers).
        let marks: Vec<(usize, NonPerson)> = (0..rec.len())
            .filter(|&c| Some(c) != self.at.group)
            .filter_map(|c| self.marker(cell(c)).map(|k| (c, k)))
            .collect();
        let plain = |c: &usize| !cell(*c).is_empty() && !marks.iter().any(|(m, _)| m == c);
        let scored = self.at.scores.iter().filter(|c| plain(c)).any(|&c| looks_numeric(cell(c)));
        let named = self.at.name.iter().any(plain);
        let unit = self.at.unit.iter().any(plain);
        let group = self.at.group.is_some_and(|c| !cell(c).is_empty());
        let with_name = named && (unit || group);
        match marks.first() {
            Some(&(c, kind)) => {
                // A name cell that starts like a title ("Tổ Văn Hùng") still names someone.
                let any_name = self.at.name.iter().any(|&c| !cell(c).is_empty());
                let person = match kind {
                    // Numbers on a title or total row are counts and sums, not scores.
                    NonPerson::GroupTitle => (named && scored) || (any_name && (unit || group)),
                    NonPerson::Total => named && (unit || group || scored),
                    _ => scored || with_name,
                };
                if person {
                    self.signature_block = false;
                    return RowClass::Doubtful(format!(
                        "ô \"{}\" giống {} nhưng dòng có {}: tính là người",
                        cell(c),
                        kind.label(),
                        if scored { "điểm" } else { "họ tên và đơn vị hoặc đối tượng" }
                    ));
                }
                match kind {
                    NonPerson::Signature => self.signature_block = true,
                    NonPerson::GroupTitle => self.signature_block = false,
                    _ => {}
                }
                let why = format!("ô \"{}\" là {}", cell(c), kind.label());
                self.skip(rec, line, kind, why)
            }
            None if scored => {
                self.signature_block = false;
                RowClass::Person
            }
            None if self.signature_block => self.skip(
                rec,
                line,
                NonPerson::Signature,
                "dưới dòng chữ ký, không có mã định danh hay điểm: coi là tên người ký; nếu là người, hãy điền mã định danh".into(),
            ),
            None if with_name => RowClass::Person,
            None if group => {
                let v = self.at.group.map_or("", cell);
                if self.marker(v) == Some(NonPerson::Signature) && !named && !unit {
                    self.signature_block = true;
                    self.skip(rec, line, NonPerson::Signature, format!("ô \"{v}\" là chữ ký"))
                } else {
                    RowClass::Person
                }
            }
            None if unit => self.skip(
                rec,
                line,
                NonPerson::GroupTitle,
                "chỉ có tên hoặc mã đơn vị, không có họ tên, mã định danh hay điểm".into(),
            ),
            None if named => self.skip(
                rec,
                line,
                NonPerson::Note,
                "chỉ có họ tên, không có mã định danh, đơn vị, đối tượng hay điểm; nếu là người, hãy điền mã định danh và đối tượng".into(),
            ),
            None => self.skip(rec, line, NonPerson::Note, "không có ô nào của một người (mã, họ tên, đơn vị, đối tượng, điểm)".into()),
        }
    }

    /// Lists a row that is not a person. Its text in the listing is its marked cells (or, for a
    /// repeated header or a unit's name alone, all its cells): the names of signers and of
    /// whoever wrote a note are not copied into the reports.
    fn skip(&mut self, rec: &(impl Cells + ?Sized), line: u64, kind: NonPerson, why: String) -> RowClass {
        let cells = (0..rec.len()).map(|c| rec.cell(c).map_or("", trim_cell)).filter(|c| !c.is_empty());
        let marked: Vec<&str> = cells.clone().filter(|c| self.marker(c).is_some()).collect();
        let text = match kind {
            NonPerson::RepeatedHeader | NonPerson::GroupTitle if marked.is_empty() => cells.collect::<Vec<_>>(),
            _ => marked,
        };
        self.skipped.push(SkippedRow { line, kind, text: text.join(" | "), why });
        RowClass::NotPerson(kind)
    }

    fn is_header_cell(&self, c: usize, v: &str) -> bool {
        self.header_cells.get(c).is_some_and(|h| h == v)
    }

    /// At least two cells (or every mapped one, in a table of one field) name the field of
    /// their column again. A number never does (a score of 11 under "1.1" is a score).
    fn repeats_header(&self, rec: &(impl Cells + ?Sized)) -> bool {
        let mapped = self.fields.iter().flatten().count();
        let names_field = |c: usize, f: &Option<Field>| {
            rec.cell(c)
                .map(trim_cell)
                .is_some_and(|v| !v.is_empty() && !looks_numeric(v) && self.vocab.field_of(v) == *f)
        };
        let repeated = self.fields.iter().enumerate().filter(|(c, f)| f.is_some() && names_field(*c, f)).count();
        repeated >= 2.min(mapped).max(1)
    }

    /// The kind of row a cell marks, if any.
    pub fn marker(&self, cell: &str) -> Option<NonPerson> {
        marker_of(self.words, cell)
    }
}

/// The kind of non-person row a cell's text marks: the words of the criteria at its start (as
/// whole words), a Roman numeral heading ("II.", "IV -"), or a "…, ngày … tháng … năm …" line.
pub fn marker_of(words: &RowWords, cell: &str) -> Option<NonPerson> {
    if cell.is_empty() || cell.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let v = fold_value(cell);
    let starts = |list: &[String]| list.iter().any(|w| starts_with_word(&v, w));
    if starts(&words.totals) {
        return Some(NonPerson::Total);
    }
    if starts(&words.signatures) || is_place_and_date(&v) {
        return Some(NonPerson::Signature);
    }
    if starts(&words.titles) || is_roman_heading(&v) {
        return Some(NonPerson::GroupTitle);
    }
    if starts(&words.notes) {
        return Some(NonPerson::Note);
    }
    None
}

/// `text` starts with `word`, and the word ends there (or ends in punctuation itself).
fn starts_with_word(text: &str, word: &str) -> bool {
    let Some(rest) = text.strip_prefix(word) else { return false };
    !word.ends_with(char::is_alphanumeric) || !rest.starts_with(char::is_alphanumeric)
}

/// "ii. cán bộ", "iv - học sinh": a Roman numeral, then a dot, a dash or a closing bracket.
fn is_roman_heading(v: &str) -> bool {
    let numeral: String = v.chars().take_while(|c| matches!(c, 'i' | 'v' | 'x')).collect();
    if numeral.is_empty() || numeral.len() > 4 {
        return false;
    }
    let rest = v[numeral.len()..].trim_start();
    rest.starts_with(['.', '-', '–', ')', ':']) && rest[1..].trim_start().starts_with(char::is_alphabetic)
}

/// "kim sơn, ngày 15 tháng 01 năm 2026", "ngày … tháng … năm 20…": the place and date above a
/// signature.
fn is_place_and_date(v: &str) -> bool {
    let Some(d) = v.find("ngày") else { return false };
    let Some(m) = v[d..].find("tháng") else { return false };
    v[d + m..].contains("năm")
}

/// A cell that looks like a number (a score, even a damaged one): digits with separators.
pub fn looks_numeric(v: &str) -> bool {
    v.bytes().any(|b| b.is_ascii_digit())
        && v.bytes().all(|b| b.is_ascii_digit() || matches!(b, b',' | b'.' | b'/' | b'-' | b'+' | b' ' | b'e' | b'E'))
}

/// The problem of a CSV row whose number of fields differs from the header's: never cut or
/// padded, the row is `Lỗi`.
pub fn field_count_problem(got: usize, expected: usize, delimiter: u8) -> Option<Problem> {
    if got == expected {
        return None;
    }
    let cause = if got > expected && delimiter == b',' {
        "; có thể một điểm viết với dấu phẩy thập phân (như 9,5) không đặt trong ngoặc kép nên bị tách làm hai ô: đặt điểm trong ngoặc kép, dùng dấu chấm, hoặc lưu tệp bằng dấu chấm phẩy"
    } else if got > expected {
        "; có thể một ô chứa dấu phân cách mà không đặt trong ngoặc kép"
    } else {
        "; dòng bị thiếu ô (có thể bị cắt ngắn)"
    };
    Some(Problem {
        column: String::new(),
        value: got.to_string(),
        message: format!(
            "dòng có {got} ô nhưng dòng tiêu đề có {expected} ô{cause}; các ô không được dùng cho đến khi sửa"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> RowWords {
        crate::criteria::embedded().rows
    }

    #[test]
    fn markers_are_whole_words_at_the_start() {
        let w = words();
        assert_eq!(marker_of(&w, "Tổng cộng: 85 người"), Some(NonPerson::Total));
        assert_eq!(marker_of(&w, "Cộng"), Some(NonPerson::Total));
        assert_eq!(marker_of(&w, "Công nhân"), None);
        assert_eq!(marker_of(&w, "HIỆU TRƯỞNG"), Some(NonPerson::Signature));
        assert_eq!(marker_of(&w, "(Ký, ghi rõ họ tên, đóng dấu)"), Some(NonPerson::Signature));
        assert_eq!(marker_of(&w, "Kim Sơn, ngày 15 tháng 01 năm 2026"), Some(NonPerson::Signature));
        assert_eq!(marker_of(&w, "I. CÁN BỘ, GIÁO VIÊN, NHÂN VIÊN"), Some(NonPerson::GroupTitle));
        assert_eq!(marker_of(&w, "II - HỌC SINH"), Some(NonPerson::GroupTitle));
        assert_eq!(marker_of(&w, "Khối 5"), Some(NonPerson::GroupTitle));
        assert_eq!(marker_of(&w, "Lớp: 3A"), Some(NonPerson::GroupTitle));
        assert_eq!(marker_of(&w, "Từ ngày: 01/09/2025"), Some(NonPerson::GroupTitle));
        assert_eq!(marker_of(&w, "Khổng Minh"), None);
        assert_eq!(marker_of(&w, "Vi Văn Tư"), None);
        assert_eq!(marker_of(&w, "Ghi chú: số liệu đến 31/12"), Some(NonPerson::Note));
    }

    fn roster_classifier<'a>(vocab: &'a Vocabulary, words: &'a RowWords) -> RowClassifier<'a> {
        let mut header = HeaderMap { width: 15, headers: vec![String::new(); 15], ..HeaderMap::default() };
        for (c, f) in [(1, "ma_dinh_danh"), (2, "ho_ten"), (3, "ma_don_vi"), (4, "doi_tuong")] {
            header.columns.insert(Field::Named(f), c);
        }
        for i in 0..10 {
            header.columns.insert(Field::Item(i), 5 + i);
        }
        RowClassifier::new(&header, vocab, words, Evidence::roster(&header, 10))
    }

    fn rec(cells: &[(usize, &str)]) -> StringRecord {
        let mut r = vec![""; 15];
        for (c, v) in cells {
            r[*c] = v;
        }
        StringRecord::from(r)
    }

    #[test]
    fn the_row_rule() {
        let criteria = crate::criteria::embedded();
        let vocab = crate::input::person::roster_vocabulary(&criteria);
        let mut c = roster_classifier(&vocab, &criteria.rows);
        let mut class = |cells: &[(usize, &str)]| c.classify(&rec(cells), 1);
        assert_eq!(class(&[(0, "Khối 5")]), RowClass::NotPerson(NonPerson::GroupTitle));
        // A surname that starts like a title, with a unit: a person.
        assert!(matches!(class(&[(2, "Tổ Văn Hùng"), (3, "U")]), RowClass::Doubtful(_)));
        // Scores that read like the header's "1.1" and "1.4" are scores, not a repeated header.
        assert_eq!(class(&[(1, "0372 1"), (5, "11"), (8, "14")]), RowClass::Person);
        // Sums on a total row are not scores.
        assert_eq!(class(&[(0, "Cộng"), (5, "130"), (6, "128")]), RowClass::NotPerson(NonPerson::Total));
        // A name and a group, no id or score: a person (Lỗi later).
        assert_eq!(class(&[(2, "Phạm Văn Chung"), (4, "Nhân viên")]), RowClass::Person);
        // A name alone is not evidence of a person.
        assert_eq!(class(&[(2, "Phạm Văn Chung")]), RowClass::NotPerson(NonPerson::Note));
        // "HIỆU TRƯỞNG" opens a signature block: the names under it are signers ...
        assert_eq!(class(&[(2, "Người lập biểu"), (3, "HIỆU TRƯỞNG")]), RowClass::NotPerson(NonPerson::Signature));
        assert_eq!(class(&[(2, "Trần Thị Lan"), (3, "Nguyễn Văn Bình")]), RowClass::NotPerson(NonPerson::Signature));
        // ... until a row with an id.
        assert_eq!(class(&[(1, "0371"), (2, "An")]), RowClass::Person);
        assert_eq!(class(&[(2, "Trần Thị Lan"), (3, "U")]), RowClass::Person);
        // A job title under the group column is a group, not a signature.
        assert_eq!(class(&[(2, "Đinh Bảo Huyền"), (4, "Hiệu trưởng")]), RowClass::Person);
        assert_eq!(c.counts().total(), 5);
        // A signer's name is not copied into the listing.
        assert_eq!((c.skipped[2].text.as_str(), c.skipped[4].text.as_str()), ("", ""));
        assert_eq!(c.skipped[3].text, "Người lập biểu | HIỆU TRƯỞNG");
    }

    #[test]
    fn numbers_and_field_counts() {
        assert!(looks_numeric("9,5") && looks_numeric("07/05/2025") && looks_numeric("10"));
        assert!(!looks_numeric("Nguyễn Văn Bình") && !looks_numeric("") && !looks_numeric("x"));
        assert!(field_count_problem(17, 17, b',').is_none());
        let p = field_count_problem(18, 17, b',').unwrap();
        assert!(p.message.contains("18 ô") && p.message.contains("17 ô") && p.message.contains("9,5"), "{}", p.message);
    }
}
