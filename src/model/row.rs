//! One roster row as the input layer types it: what every later stage sees, never a file.

use serde::Deserialize;

use crate::number::Points;

/// Which Learning Unit share a person counts towards (TT 24/2023, Tiêu chí 3).
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    ThanhVien,
    NguoiHoc,
}

/// A problem with one cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub column: String,
    pub value: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Counted,
    /// Index into the criteria's exclusion reasons.
    Excluded(usize),
}

#[derive(Debug, Clone)]
pub struct PersonRow {
    /// Line as the user's editor or spreadsheet numbers it.
    pub line: u64,
    pub id: String,
    pub name: String,
    pub unit_code: String,
    pub unit_name: String,
    pub doi_tuong: String,
    /// Group index and role, when the `đối tượng` is known.
    pub role: Option<(usize, Role)>,
    /// `None` when the row does not say: then the unit register's value applies.
    pub disadvantaged: Option<bool>,
    pub status: Status,
    /// One per indicator, `None` where the cell has a problem.
    pub scores: Vec<Option<Points>>,
    pub problems: Vec<Problem>,
    /// The ids of the row's other id columns (kind code, normalised id), for the per-person
    /// output and as evidence beside a duplicate.
    pub other_ids: Vec<(String, String)>,
    /// Recognised columns kept as read (field, value): date of birth, gender, class, grade.
    pub details: Vec<(String, String)>,
}
