//! `--an-danh`: person-level outputs without the data that identifies a person. Rosters hold
//! the names and citizen numbers of children; a list passed around for checking does not need
//! them, only a way for the officer who holds the roster to find the row again.
//!
//! The scheme: an id keeps its last characters (at most 3, and at most a third of it), the rest
//! becomes `*` (`036201001234` → `*********234`); a name becomes its initials (`Nguyễn Văn An`
//! → `N.V.A.`). Scores, results and reasons stay as they are; the line number in every finding
//! still points at the row.

use csv::StringRecord;

use crate::criteria::{Criteria, GroupHow};
use crate::input::header::{Field, HeaderMap, Vocabulary};
use crate::input::person::{ID, NAME, PersonRow};
use crate::model::Finding;
use crate::pipeline::{FileContext, PersonSink};
use crate::scoring::Assessment;

/// `036201001234` → `*********234`; short ids keep less, so that a 3-character code is hidden.
pub fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let keep = (chars.len() / 3).min(3);
    let hidden = chars.len() - keep;
    std::iter::repeat_n('*', hidden).chain(chars[hidden..].iter().copied()).collect()
}

/// `Nguyễn Văn An` → `N.V.A.`
pub fn mask_name(name: &str) -> String {
    name.split_whitespace().filter_map(|w| w.chars().next()).flat_map(|c| c.to_uppercase().chain(['.'])).collect()
}

/// Replaces the id where a message quotes it ("mã định danh 0362…", "mã định danh \"1,2E+11\"").
/// Only these spots are touched, so a short id such as "1" cannot garble "dòng 17".
pub fn mask_id_in_text(text: &str, id: &str) -> String {
    if id.is_empty() {
        return text.to_string();
    }
    let masked = mask_id(id);
    text.replace(&format!("mã định danh \"{id}\""), &format!("mã định danh \"{masked}\""))
        .replace(&format!("mã định danh {id}"), &format!("mã định danh {masked}"))
}

/// Any other cell value quoted from a row: a name, an id or a birth date can sit in the wrong
/// column (a shifted row). A short number (a score such as "11" or "7,5") says nothing about a
/// person and is kept, so the officer still sees what was wrong; anything else becomes one `*`
/// per character.
pub fn mask_value(value: &str) -> String {
    let t = value.trim();
    let short_number = t.chars().count() <= 5 && t.replace(',', ".").parse::<f64>().is_ok();
    if t.is_empty() || short_number {
        return value.to_string();
    }
    value.chars().map(|c| if c.is_whitespace() { c } else { '*' }).collect()
}

/// Masks every quoted part of a message (`điểm chỉ số 1.1 "Nguyễn Văn An" không phải là số`):
/// messages about a cell quote its value, and only its value, between double quotes.
pub fn mask_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('"').enumerate() {
        if i > 0 {
            out.push('"');
        }
        // Odd parts lie between an opening and a closing quote.
        if i % 2 == 1 { out.push_str(&mask_value(part)) } else { out.push_str(part) }
    }
    out
}

/// A cell value and the message that quotes it, masked as the column requires: an id keeps its
/// last characters, a name its initials, any other value is masked by [`mask_value`].
fn mask_cell(field: Option<Field>, value: &str, message: &str) -> (String, String) {
    match field {
        Some(f) if f == ID || matches!(f, Field::Id(_)) => {
            let masked = mask_id(value);
            let message = mask_id_in_text(message, value).replace(&format!("\"{value}\""), &format!("\"{masked}\""));
            (masked, message)
        }
        Some(f) if f == NAME => {
            let masked = mask_name(value);
            (masked.clone(), message.replace(&format!("\"{value}\""), &format!("\"{masked}\"")))
        }
        _ => (mask_value(value), mask_quoted(message)),
    }
}

/// The start of the message of a row that is not counted as a person (a title, a total, a
/// signature line): its value is the row's text.
const NOT_A_PERSON: &str = "không tính là người";

/// Masks every value a finding quotes from a row: the findings about a cell (any column), and
/// the rows not counted as people. Findings about the file, its header or the run are kept.
pub fn mask_findings(findings: &mut [Finding], vocab: &Vocabulary) {
    findings.iter_mut().for_each(|f| mask_finding(f, vocab));
}

/// [`mask_findings`] for one finding, as the run settles it.
pub fn mask_finding(f: &mut Finding, vocab: &Vocabulary) {
    if f.dong.is_none() {
        return;
    }
    if !f.cot.is_empty() {
        (f.gia_tri, f.thong_bao) = mask_cell(vocab.field_of(&f.cot), &f.gia_tri, &f.thong_bao);
    } else if f.thong_bao.starts_with(NOT_A_PERSON) {
        f.gia_tri = mask_value(&f.gia_tri);
    }
}

/// Masks the titles of the group column that no rule lists (taken as members by
/// `[doi_tuong_khac]`): free text, where a shifted row puts a name. Known titles are kept.
pub fn mask_titles(files: &mut [crate::model::summary::FileSummary]) {
    for t in files.iter_mut().flat_map(|f| f.doi_tuong.iter_mut()).filter(|t| t.chuc_danh_khac) {
        t.chuc_danh = mask_value(&t.chuc_danh);
    }
}

/// Passes each scored row on with its id and name masked. Sinks that write a row's original
/// cells (`--rows-with-errors`) get them with the id and name cells masked and every column
/// hoctap does not read (birth date, address…) left blank.
pub struct MaskingSink<'a> {
    inner: &'a mut dyn PersonSink,
    criteria: &'a Criteria,
    id_cols: Vec<usize>,
    name_cols: Vec<usize>,
    /// Per column of the current file: whether hoctap reads it.
    read: Vec<bool>,
    /// The column headers of the current file, to find the cells a problem is about.
    headers: Vec<String>,
}

impl<'a> MaskingSink<'a> {
    pub fn new(inner: &'a mut dyn PersonSink, criteria: &'a Criteria) -> Self {
        MaskingSink {
            inner,
            criteria,
            id_cols: Vec::new(),
            name_cols: Vec::new(),
            read: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// A group title no rule lists is free text, where a shifted row puts a name.
    fn free_title(&self, title: &str) -> bool {
        !title.trim().is_empty()
            && !matches!(self.criteria.roles.classify(title), Some((_, _, how)) if how != GroupHow::Other)
    }

    fn masked(&self, row: &PersonRow, assessment: &Assessment) -> (PersonRow, Assessment) {
        let mut masked = row.clone();
        if self.free_title(&row.doi_tuong) {
            masked.doi_tuong = mask_value(&row.doi_tuong);
        }
        masked.id = mask_id(&row.id);
        masked.name = mask_name(&row.name);
        for (_, id) in &mut masked.other_ids {
            *id = mask_id(id);
        }
        masked.details.clear();
        let mut a = assessment.clone();
        for p in &mut masked.problems {
            let field = (p.value == row.id).then_some(ID);
            let (value, message) = mask_cell(field, &p.value, &p.message);
            // The reasons of a row in error are its problems' messages.
            for r in a.reasons.iter_mut().filter(|r| **r == p.message) {
                *r = message.clone();
            }
            (p.value, p.message) = (value, message);
        }
        for r in &mut a.reasons {
            *r = mask_id_in_text(r, &row.id);
        }
        (masked, a)
    }
}

/// The file columns a field is read from: its own, and those joined into it ("Họ đệm", "Tên").
fn columns_of(header: &HeaderMap, field: Field) -> Vec<usize> {
    let Some(c) = header.col(field) else { return Vec::new() };
    let mut cols = vec![c];
    for (at, parts) in &header.joins {
        if *at == c {
            cols.extend(parts);
        }
    }
    cols
}

impl PersonSink for MaskingSink<'_> {
    fn begin_file(&mut self, file: &FileContext<'_>) -> std::io::Result<()> {
        let h = file.header;
        self.id_cols = columns_of(h, ID);
        // The other id columns (a citizen number beside the Ministry code) are ids too.
        self.id_cols.extend(h.columns.iter().filter(|(f, _)| matches!(f, Field::Id(_))).map(|(_, c)| *c));
        self.name_cols = columns_of(h, NAME);
        let width = h.headers.len().max(h.width);
        self.read = vec![false; width];
        self.headers = h.headers.clone();
        // Columns kept only for the per-person output (birth date, gender …) are left blank.
        let kept_only = |f: &Field| matches!(f, Field::Named(n) if crate::input::person::DETAILS.contains(n));
        for &field in h.columns.keys().filter(|f| !kept_only(f)) {
            for c in columns_of(h, field) {
                if let Some(r) = self.read.get_mut(c) {
                    *r = true;
                }
            }
        }
        self.inner.begin_file(file)
    }

    fn person(&mut self, row: &PersonRow, assessment: &Assessment) -> std::io::Result<()> {
        let (row, a) = self.masked(row, assessment);
        self.inner.person(&row, &a)
    }

    fn person_with_record(
        &mut self,
        row: &PersonRow,
        assessment: &Assessment,
        record: &StringRecord,
    ) -> std::io::Result<()> {
        let (masked_row, a) = self.masked(row, assessment);
        let cells = record.iter().enumerate().map(|(i, v)| {
            if self.id_cols.contains(&i) {
                mask_id(v)
            } else if self.name_cols.contains(&i) {
                mask_name(v)
            } else if self.read.get(i).copied().unwrap_or(false) {
                // A value the row could not use may be personal data in the wrong column.
                let header = self.headers.get(i).map(String::as_str).unwrap_or_default();
                let wrong = row.problems.iter().any(|p| p.column == header)
                    || v == row.id
                    || v == row.name
                    || (v == row.doi_tuong && self.free_title(v));
                if wrong { mask_value(v) } else { v.to_string() }
            } else {
                String::new()
            }
        });
        let masked_record: StringRecord = cells.collect();
        self.inner.person_with_record(&masked_row, &a, &masked_record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_at_most_three_trailing_characters() {
        assert_eq!(mask_id("036201001234"), "*********234");
        assert_eq!(mask_id("3711091495"), "*******495");
        assert_eq!(mask_id("GV0012"), "****12");
        assert_eq!(mask_id("A12"), "**2");
        assert_eq!(mask_id("12"), "**");
        assert_eq!(mask_id(""), "");
    }

    #[test]
    fn names_become_initials() {
        assert_eq!(mask_name("Nguyễn Văn An"), "N.V.A.");
        assert_eq!(mask_name("  đỗ   thị  "), "Đ.T.");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn other_values_are_masked_unless_short_numbers() {
        assert_eq!(mask_value("13/12/2015"), "**********");
        assert_eq!(mask_value("Lê An"), "** **");
        assert_eq!(mask_value("11"), "11");
        assert_eq!(mask_value("7,5"), "7,5");
        assert_eq!(
            mask_quoted("điểm chỉ số 1.1 \"Lê An\" không phải là số"),
            "điểm chỉ số 1.1 \"** **\" không phải là số"
        );
        assert_eq!(mask_quoted("điểm chỉ số 1.1 \"12\" quá 10"), "điểm chỉ số 1.1 \"12\" quá 10");
    }

    #[test]
    fn only_quoted_ids_are_replaced() {
        assert_eq!(
            mask_id_in_text("trùng mã định danh 1 với dòng 17; không tính lại", "1"),
            "trùng mã định danh * với dòng 17; không tính lại"
        );
        assert_eq!(
            mask_id_in_text("mã định danh \"1,23457E+11\" đã bị Excel đổi thành số", "1,23457E+11"),
            "mã định danh \"********+11\" đã bị Excel đổi thành số"
        );
    }
}
