//! Scoring one person: pure, from the criteria and a typed row to a result with its reasons.

pub mod scale;

use crate::criteria::Criteria;
pub use crate::model::{Assessment, Outcome, Verdict};
use crate::model::{PersonRow, Status};
use crate::number::Points;

/// Decides one row from its typed parts. A duplicate is decided by the caller, who knows the
/// run; everything else is decided here.
pub fn verdict(
    criteria: &Criteria,
    status: Status,
    disadvantaged: bool,
    has_problems: bool,
    scores: &[Option<Points>],
) -> Verdict {
    let cdht = &criteria.cdht;
    let threshold = if disadvantaged { cdht.pass_disadvantaged.points } else { cdht.pass.points };
    if let Status::Excluded(_) = status {
        return Verdict { outcome: Outcome::Excluded, total: None, threshold };
    }
    if has_problems {
        return Verdict { outcome: Outcome::Invalid, total: None, threshold };
    }
    // The one scale rule (see [`scale`]), without naming the items below the floor.
    let points = scores.iter().map(|s| s.unwrap_or_default());
    let (total, band) = scale::total_and_band(points, Some(cdht.min_indicator.points), &[threshold]);
    let outcome = if band.is_some() { Outcome::Recognised } else { Outcome::NotRecognised };
    Verdict { outcome, total: Some(total), threshold }
}

/// Scores one row, with its reasons. A duplicate is decided by the caller, who knows the run.
pub fn assess(criteria: &Criteria, row: &PersonRow) -> Assessment {
    let v = verdict(criteria, row.status, row.disadvantaged == Some(true), !row.problems.is_empty(), &row.scores);
    explain(criteria, row, v)
}

/// The reasons and competency sums behind a verdict, as the per-person list prints them.
pub fn explain(criteria: &Criteria, row: &PersonRow, v: Verdict) -> Assessment {
    let cdht = &criteria.cdht;
    let mut result = Assessment {
        outcome: v.outcome,
        competency_sums: Vec::new(),
        total: v.total,
        threshold: v.threshold,
        reasons: Vec::new(),
    };
    match v.outcome {
        Outcome::Excluded => {
            if let Status::Excluded(i) = row.status {
                result.reasons.push(criteria.status.reasons[i].clone());
            }
            return result;
        }
        Outcome::Invalid => {
            result.reasons = row.problems.iter().map(|p| p.message.clone()).collect();
            return result;
        }
        Outcome::Duplicate => return result,
        Outcome::Recognised | Outcome::NotRecognised => {}
    }
    let scores: Vec<Points> = row.scores.iter().map(|s| s.unwrap_or_default()).collect();
    result.competency_sums = cdht.competencies.iter().map(|c| c.indicators.iter().map(|&i| scores[i]).sum()).collect();
    let (min, threshold) = (cdht.min_indicator.points, v.threshold);
    let scored = scale::score(&scores, Some(min), &[threshold]);
    let total = scored.total;
    for &i in &scored.below_floor {
        result.reasons.push(format!("Chỉ số {} = {} < {min}", cdht.indicators[i].code, scores[i]));
    }
    if total < threshold {
        result.reasons.push(format!("Tổng {total} < {threshold}"));
    }
    if v.outcome == Outcome::Recognised {
        result.reasons.push(format!("Tổng {total} ≥ {threshold}, không chỉ số nào dưới {min}"));
    }
    result
}
