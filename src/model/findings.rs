//! Findings: one model for every problem the run reports about its input, whatever the stage
//! that found it.

use serde::{Deserialize, Serialize};

/// Read back from a saved report, a label other than these three is an error: a finding of an
/// unknown weight must not quietly become information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// The row is `Lỗi` or `Trùng`, or a unit file value could not be used.
    #[serde(rename = "Lỗi")]
    Error,
    #[serde(rename = "Cảnh báo")]
    Warning,
    /// Worth knowing, changes no number (e.g. columns that were not used).
    #[serde(rename = "Thông tin")]
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "Lỗi",
            Severity::Warning => "Cảnh báo",
            Severity::Info => "Thông tin",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub tep: String,
    /// The sheet of a spreadsheet; `None` for CSV.
    #[serde(default)]
    pub trang_tinh: Option<String>,
    /// Line as the user's editor or spreadsheet numbers it.
    pub dong: Option<u64>,
    /// The column header as written in the file.
    pub cot: String,
    pub gia_tri: String,
    pub muc_do: Severity,
    pub thong_bao: String,
}

impl Finding {
    pub fn location(&self) -> String {
        let mut s = self.tep.clone();
        if let Some(sheet) = &self.trang_tinh {
            s.push_str(&format!(", trang \"{sheet}\""));
        }
        if let Some(l) = self.dong {
            s.push_str(&format!(", dòng {l}"));
        }
        if !self.cot.is_empty() {
            s.push_str(&format!(", cột \"{}\"", self.cot));
        }
        s
    }
}
