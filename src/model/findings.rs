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

/// How many findings of each weight a run made: exact, however many are kept in memory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingCounts {
    pub loi: u64,
    pub canh_bao: u64,
    pub thong_tin: u64,
}

impl FindingCounts {
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.loi += 1,
            Severity::Warning => self.canh_bao += 1,
            Severity::Info => self.thong_tin += 1,
        }
    }

    pub fn of(findings: &[Finding]) -> FindingCounts {
        let mut c = FindingCounts::default();
        findings.iter().for_each(|f| c.add(f.muc_do));
        c
    }

    pub fn total(&self) -> u64 {
        self.loi + self.canh_bao + self.thong_tin
    }

    pub fn get(&self, severity: Severity) -> u64 {
        match severity {
            Severity::Error => self.loi,
            Severity::Warning => self.canh_bao,
            Severity::Info => self.thong_tin,
        }
    }

    /// What is left after `shown`: the counts of the findings not in a list.
    pub fn minus(&self, shown: &FindingCounts) -> FindingCounts {
        FindingCounts {
            loi: self.loi.saturating_sub(shown.loi),
            canh_bao: self.canh_bao.saturating_sub(shown.canh_bao),
            thong_tin: self.thong_tin.saturating_sub(shown.thong_tin),
        }
    }

    pub fn plus(&self, other: &FindingCounts) -> FindingCounts {
        FindingCounts {
            loi: self.loi.saturating_add(other.loi),
            canh_bao: self.canh_bao.saturating_add(other.canh_bao),
            thong_tin: self.thong_tin.saturating_add(other.thong_tin),
        }
    }
}

/// Where every finding of a run goes as it is settled, in report order (`--phat-hien FILE`).
pub trait FindingSink {
    fn finding(&mut self, finding: &Finding) -> std::io::Result<()>;
}

/// How many findings a report keeps in memory (and so in the screen, the HTML page, the Excel
/// report and the saved JSON report); the rest are counted, and `--phat-hien FILE` has them all.
/// A million broken rows must not become a million findings held until the end.
pub const KEPT_FINDINGS: usize = 10_000;

/// The findings of a run as they come, in report order: the first [`KEPT_FINDINGS`] kept, all
/// counted, each masked first where the run asks (`--an-danh`) and passed on to the sink.
pub struct FindingKeeper<'a> {
    kept: Vec<Finding>,
    counts: FindingCounts,
    limit: usize,
    mask: Option<&'a dyn Fn(&mut Finding)>,
    sink: Option<&'a mut dyn FindingSink>,
}

impl<'a> FindingKeeper<'a> {
    pub fn new() -> FindingKeeper<'a> {
        FindingKeeper::with_limit(KEPT_FINDINGS)
    }

    pub fn with_limit(limit: usize) -> FindingKeeper<'a> {
        FindingKeeper { kept: Vec::new(), counts: FindingCounts::default(), limit, mask: None, sink: None }
    }

    pub fn masked(mut self, mask: &'a dyn Fn(&mut Finding)) -> FindingKeeper<'a> {
        self.mask = Some(mask);
        self
    }

    pub fn streaming_to(mut self, sink: &'a mut dyn FindingSink) -> FindingKeeper<'a> {
        self.sink = Some(sink);
        self
    }

    pub fn push(&mut self, mut finding: Finding) -> std::io::Result<()> {
        if let Some(mask) = self.mask {
            mask(&mut finding);
        }
        self.counts.add(finding.muc_do);
        if let Some(sink) = self.sink.as_deref_mut() {
            sink.finding(&finding)?;
        }
        if self.kept.len() < self.limit {
            self.kept.push(finding);
        }
        Ok(())
    }

    /// Findings counted elsewhere and no longer listed (a saved report's beyond its list).
    pub fn count_unlisted(&mut self, counts: FindingCounts) {
        self.counts = self.counts.plus(&counts);
    }

    /// The findings kept and the exact counts of all.
    pub fn finish(self) -> (Vec<Finding>, FindingCounts) {
        (self.kept, self.counts)
    }
}

impl Default for FindingKeeper<'_> {
    fn default() -> Self {
        FindingKeeper::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(n: u64, muc_do: Severity) -> Finding {
        Finding {
            tep: "a.csv".into(),
            trang_tinh: None,
            dong: Some(n),
            cot: "Mã định danh".into(),
            gia_tri: format!("ID{n}"),
            muc_do,
            thong_bao: "x".into(),
        }
    }

    struct All(Vec<Finding>);
    impl FindingSink for All {
        fn finding(&mut self, f: &Finding) -> std::io::Result<()> {
            self.0.push(f.clone());
            Ok(())
        }
    }

    #[test]
    fn keeps_the_first_counts_all_and_streams_all_masked() {
        let mut all = All(Vec::new());
        let mask = |f: &mut Finding| f.gia_tri = "***".into();
        let mut k = FindingKeeper::with_limit(3).masked(&mask).streaming_to(&mut all);
        for n in 0..10 {
            k.push(finding(n, if n % 2 == 0 { Severity::Error } else { Severity::Warning })).unwrap();
        }
        let (kept, counts) = k.finish();
        assert_eq!(kept.iter().map(|f| f.dong).collect::<Vec<_>>(), [Some(0), Some(1), Some(2)]);
        assert_eq!(counts, FindingCounts { loi: 5, canh_bao: 5, thong_tin: 0 });
        assert_eq!(all.0.len(), 10);
        assert!(all.0.iter().chain(&kept).all(|f| f.gia_tri == "***"));
        assert_eq!(counts.minus(&FindingCounts::of(&kept)), FindingCounts { loi: 3, canh_bao: 4, thong_tin: 0 });
    }
}
