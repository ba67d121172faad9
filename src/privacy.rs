//! `--an-danh`: person-level outputs without the data that identifies a person. Rosters hold
//! the names and citizen numbers of children; a list passed around for checking does not need
//! them, only a way for the officer who holds the roster to find the row again.
//!
//! The scheme: an id keeps its last characters (at most 3, and at most a third of it), the rest
//! becomes `*` (`036201001234` → `*********234`); a name becomes its initials (`Nguyễn Văn An`
//! → `N.V.A.`). Scores, results and reasons stay as they are; the line number in every finding
//! still points at the row.

use csv::StringRecord;

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

/// Masks the findings that quote an id or a name: those about the id or name column.
pub fn mask_findings(findings: &mut [Finding], vocab: &Vocabulary) {
    for f in findings {
        match vocab.field_of(&f.cot) {
            Some(field) if field == ID || matches!(field, Field::Id(_)) => {
                f.thong_bao = mask_id_in_text(&f.thong_bao, &f.gia_tri);
                f.gia_tri = mask_id(&f.gia_tri);
            }
            Some(field) if field == NAME => f.gia_tri = mask_name(&f.gia_tri),
            _ => {}
        }
    }
}

/// Passes each scored row on with its id and name masked. Sinks that write a row's original
/// cells (`--rows-with-errors`) get them with the id and name cells masked and every column
/// hoctap does not read (birth date, address…) left blank.
pub struct MaskingSink<'a> {
    inner: &'a mut dyn PersonSink,
    id_cols: Vec<usize>,
    name_cols: Vec<usize>,
    /// Per column of the current file: whether hoctap reads it.
    read: Vec<bool>,
}

impl<'a> MaskingSink<'a> {
    pub fn new(inner: &'a mut dyn PersonSink) -> Self {
        MaskingSink { inner, id_cols: Vec::new(), name_cols: Vec::new(), read: Vec::new() }
    }

    fn masked(&self, row: &PersonRow, assessment: &Assessment) -> (PersonRow, Assessment) {
        let mut masked = row.clone();
        masked.id = mask_id(&row.id);
        masked.name = mask_name(&row.name);
        for (_, id) in &mut masked.other_ids {
            *id = mask_id(id);
        }
        masked.details.clear();
        for p in &mut masked.problems {
            p.message = mask_id_in_text(&p.message, &row.id);
            if p.value == row.id {
                p.value = masked.id.clone();
            }
        }
        let mut a = assessment.clone();
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
                v.to_string()
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
