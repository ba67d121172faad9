//! The columns of the per-person outputs, declared once: `--persons` in CSV, JSON and Excel,
//! and the "Người" sheet of the Excel report all follow this list, so a column added here
//! appears in every one of them.

use std::borrow::Cow;

use crate::criteria::Criteria;
use crate::model::PersonRow;
use crate::number::Points;
use crate::scoring::Assessment;

/// One scored row with where it was read.
pub struct PersonLine<'a> {
    pub row: &'a PersonRow,
    pub assessment: &'a Assessment,
    /// The file (and sheet) the row came from, as the findings name it.
    pub file: &'a str,
}

/// A cell of the per-person list: text from the user's files or this program, a score (blank
/// where the row has none), or a line number.
pub enum PersonValue<'a> {
    Text(Cow<'a, str>),
    Points(Option<Points>),
    Line(u64),
}

impl PersonValue<'_> {
    /// The text CSV writes: scores with a `.` decimal, an empty cell for no score.
    pub fn csv_text(&self) -> Cow<'_, str> {
        match self {
            PersonValue::Text(s) => Cow::Borrowed(s.as_ref()),
            PersonValue::Points(p) => Cow::Owned(p.map(|p| p.to_string()).unwrap_or_default()),
            PersonValue::Line(n) => Cow::Owned(n.to_string()),
        }
    }

    /// The JSON value: scores as strings (exact, as in CSV) or null, line numbers as numbers.
    pub fn json(&self) -> serde_json::Value {
        match self {
            PersonValue::Text(s) => serde_json::Value::from(s.as_ref()),
            PersonValue::Points(p) => p.map_or(serde_json::Value::Null, |p| p.to_string().into()),
            PersonValue::Line(n) => serde_json::Value::from(*n),
        }
    }
}

type Take = for<'a> fn(&PersonLine<'a>) -> PersonValue<'a>;

enum Source {
    Field(Take),
    /// The sum of the competency with this index (the criteria's order).
    Competency(usize),
}

pub struct PersonColumn {
    /// The CSV header and JSON key.
    pub key: String,
    /// The heading of the Excel sheets.
    pub title: String,
    source: Source,
}

impl PersonColumn {
    pub fn value<'a>(&self, line: &PersonLine<'a>) -> PersonValue<'a> {
        match self.source {
            Source::Field(take) => take(line),
            Source::Competency(i) => PersonValue::Points(line.assessment.competency_sums.get(i).copied()),
        }
    }
}

fn text(s: &str) -> PersonValue<'_> {
    PersonValue::Text(Cow::Borrowed(s))
}

/// Before the competency sums.
const HEAD: [(&str, &str, Take); 5] = [
    ("ma_dinh_danh", "Mã định danh", |l| text(&l.row.id)),
    ("ho_ten", "Họ và tên", |l| text(&l.row.name)),
    ("ma_don_vi", "Mã đơn vị", |l| text(&l.row.unit_code)),
    ("ten_don_vi", "Tên đơn vị", |l| text(&l.row.unit_name)),
    ("doi_tuong", "Đối tượng", |l| text(&l.row.doi_tuong)),
];

/// After the competency sums.
const TAIL: [(&str, &str, Take); 7] = [
    ("tong_diem", "Tổng điểm", |l| PersonValue::Points(l.assessment.total)),
    ("nguong", "Ngưỡng", |l| PersonValue::Points(Some(l.assessment.threshold))),
    ("ket_qua", "Kết quả", |l| text(l.assessment.outcome.label())),
    ("ly_do", "Lý do", |l| PersonValue::Text(Cow::Owned(l.assessment.reason_text()))),
    // The row's other id columns beside the chosen one ("so_dinh_danh_ca_nhan:037214000201"):
    // the evidence an officer needs to match a person across exports.
    ("ma_khac", "Mã khác", |l| PersonValue::Text(Cow::Owned(other_ids(l.row)))),
    ("tep", "Tệp", |l| text(l.file)),
    ("dong", "Dòng", |l| PersonValue::Line(l.row.line)),
];

fn other_ids(row: &PersonRow) -> String {
    row.other_ids.iter().map(|(kind, id)| format!("{kind}:{id}")).collect::<Vec<_>>().join("; ")
}

/// The columns for a criteria set: its competency codes ("tc1" / "TC1") sit between the fixed ones.
pub fn person_columns(criteria: &Criteria) -> Vec<PersonColumn> {
    let field = |(key, title, take): &(&str, &str, Take)| PersonColumn {
        key: key.to_string(),
        title: title.to_string(),
        source: Source::Field(*take),
    };
    let competencies = criteria.cdht.competencies.iter().enumerate().map(|(i, c)| PersonColumn {
        key: c.code.to_lowercase(),
        title: c.code.clone(),
        source: Source::Competency(i),
    });
    HEAD.iter().map(field).chain(competencies).chain(TAIL.iter().map(field)).collect()
}
