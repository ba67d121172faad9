//! Scoring one person: pure, from the criteria and a typed row to a result with its reasons.

pub mod scale;

use serde::Serialize;

use crate::criteria::Criteria;
use crate::input::person::{PersonRow, Status};
use crate::number::Points;

/// The result of a row. Every row read ends in exactly one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Outcome {
    #[serde(rename = "Đạt")]
    Recognised,
    #[serde(rename = "Chưa đạt")]
    NotRecognised,
    /// A row that cannot be scored; counted as not recognised so it never raises a rate.
    #[serde(rename = "Lỗi")]
    Invalid,
    #[serde(rename = "Loại trừ")]
    Excluded,
    #[serde(rename = "Trùng")]
    Duplicate,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Recognised => "Đạt",
            Outcome::NotRecognised => "Chưa đạt",
            Outcome::Invalid => "Lỗi",
            Outcome::Excluded => "Loại trừ",
            Outcome::Duplicate => "Trùng",
        }
    }

    /// Whether the row is in its unit's denominator.
    pub fn is_counted(self) -> bool {
        matches!(self, Outcome::Recognised | Outcome::NotRecognised | Outcome::Invalid)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub outcome: Outcome,
    /// Sum of each competency, when every score could be read.
    pub competency_sums: Vec<Points>,
    pub total: Option<Points>,
    /// The pass mark that applied (80, or 70 in disadvantaged areas).
    pub threshold: Points,
    pub reasons: Vec<String>,
}

impl Assessment {
    pub fn reason_text(&self) -> String {
        self.reasons.join("; ")
    }
}

/// Scores one row. A duplicate is decided by the caller, who knows the run; everything else
/// is decided here.
pub fn assess(criteria: &Criteria, row: &PersonRow) -> Assessment {
    let cdht = &criteria.cdht;
    let threshold = if row.disadvantaged == Some(true) { cdht.pass_disadvantaged.points } else { cdht.pass.points };
    let mut result = Assessment {
        outcome: Outcome::Invalid,
        competency_sums: Vec::new(),
        total: None,
        threshold,
        reasons: Vec::new(),
    };
    if let Status::Excluded(i) = row.status {
        result.outcome = Outcome::Excluded;
        result.reasons.push(criteria.status.reasons[i].clone());
        return result;
    }
    if !row.problems.is_empty() {
        result.reasons = row.problems.iter().map(|p| p.message.clone()).collect();
        return result;
    }
    let scores: Vec<Points> = row.scores.iter().map(|s| s.unwrap_or_default()).collect();
    result.competency_sums = cdht.competencies.iter().map(|c| c.indicators.iter().map(|&i| scores[i]).sum()).collect();
    let min = cdht.min_indicator.points;
    let scored = scale::score(&scores, Some(min), &[threshold]);
    let total = scored.total;
    result.total = Some(total);
    for &i in &scored.below_floor {
        result.reasons.push(format!("Chỉ số {} = {} < {min}", cdht.indicators[i].code, scores[i]));
    }
    if total < threshold {
        result.reasons.push(format!("Tổng {total} < {threshold}"));
    }
    if scored.band.is_some() {
        result.outcome = Outcome::Recognised;
        result.reasons.push(format!("Tổng {total} ≥ {threshold}, không chỉ số nào dưới {min}"));
    } else {
        result.outcome = Outcome::NotRecognised;
    }
    result
}
