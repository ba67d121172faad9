//! What scoring decides about one row: its outcome, and the unit's verdict against the target.

use serde::{Deserialize, Serialize};

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

/// The outcome of a row without its explanation: what the unit report needs, computed with
/// no allocation. [`explain`] adds the reasons and sums when a per-person output asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub outcome: Outcome,
    pub total: Option<Points>,
    /// The pass mark that applied (80, or 70 in disadvantaged areas).
    pub threshold: Points,
}

/// Whether a unit (or a group, or the total) reaches the target share of recognised people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TargetVerdict {
    #[serde(rename = "Đạt")]
    Met,
    #[serde(rename = "Chưa đạt")]
    NotMet,
}

impl TargetVerdict {
    pub fn of(met: bool) -> TargetVerdict {
        if met { TargetVerdict::Met } else { TargetVerdict::NotMet }
    }

    pub fn is_met(self) -> bool {
        self == TargetVerdict::Met
    }

    pub fn label(self) -> &'static str {
        match self {
            TargetVerdict::Met => "Đạt",
            TargetVerdict::NotMet => "Chưa đạt",
        }
    }
}

impl std::fmt::Display for TargetVerdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}
