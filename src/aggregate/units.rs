//! Each unit's result: the rosters' tallies reconciled with the unit register (a registered
//! school with no roster still shows; a roster of an unregistered unit is named), then the
//! target verdict and the Learning Unit level of every unit. The report only names and lays
//! out what is decided here.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Tally;
use super::dvht::{self, DvhtResult};
use super::dvht_time::When;
use crate::criteria::Criteria;
use crate::input::units::{UnitFile, UnitInfo};
use crate::model::{FileSummary, Finding, Severity, TargetVerdict};

/// Units the register and the rosters disagree on: a school that did not report, or a roster
/// of a unit nobody registered.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RegisterCheck {
    pub khong_co_danh_sach: Vec<String>,
    pub khong_co_trong_tep_don_vi: Vec<String>,
}

/// One unit as decided: its counts, whether it meets the target, its Learning Unit level and
/// what the register says of it.
#[derive(Debug, Clone)]
pub struct UnitResult<'u> {
    pub code: String,
    pub name: String,
    pub tally: Tally,
    pub target: TargetVerdict,
    pub dvht: DvhtResult,
    pub register: Option<&'u UnitInfo>,
}

/// Every unit of a run, in code order, with the findings the reconciliation adds.
#[derive(Debug)]
pub struct Units<'u> {
    pub units: Vec<UnitResult<'u>>,
    pub findings: Vec<Finding>,
    /// `None` without a unit register.
    pub check: Option<RegisterCheck>,
}

/// Whether `t` meets the target: a unit with nobody counted has shown nothing, so it does not.
pub fn target_verdict(criteria: &Criteria, t: &Tally) -> TargetVerdict {
    TargetVerdict::of(t.counted > 0 && criteria.target.share.is_met(t.recognised, t.counted))
}

/// Reconciles the tallies with the register (`units`, read from the file `summary` names) and
/// decides every unit as of `when` (`--nam`, `--ngay-danh-gia`, else the register's year).
pub fn decide<'u>(
    criteria: &Criteria,
    tallies: BTreeMap<String, (String, Tally)>,
    units: Option<&'u UnitFile>,
    summary: Option<&FileSummary>,
    when: When,
) -> Units<'u> {
    let mut findings = Vec::new();
    let mut check = units.map(|_| RegisterCheck::default());
    let mut entries = tallies;
    if let Some(uf) = units {
        let file = summary.map_or_else(String::new, |s| s.tep.clone());
        let sheet = summary.and_then(|s| s.trang_tinh.clone());
        let finding = |line: Option<u64>, column: &str, value: &str, severity, message: String| Finding {
            tep: file.clone(),
            trang_tinh: sheet.clone(),
            dong: line,
            cot: column.to_string(),
            gia_tri: value.to_string(),
            muc_do: severity,
            thong_bao: message,
        };
        for p in &uf.problems {
            let severity = if p.warning { Severity::Warning } else { Severity::Error };
            findings.push(finding(
                Some(p.line),
                &p.problem.column,
                &p.problem.value,
                severity,
                p.problem.message.clone(),
            ));
        }
        for (code, info) in &uf.units {
            let entry = entries.entry(code.clone()).or_insert_with(|| {
                if let Some(c) = check.as_mut() {
                    c.khong_co_danh_sach.push(code.clone());
                }
                findings.push(finding(
                    Some(info.line),
                    "",
                    code,
                    Severity::Warning,
                    format!("đơn vị {code} có trong tệp đơn vị nhưng không có trong danh sách người nào"),
                ));
                (String::new(), Tally::default())
            });
            if entry.0.is_empty() {
                entry.0 = info.name.clone();
            }
        }
        for code in entries.keys().filter(|c| !uf.units.contains_key(*c)) {
            if let Some(c) = check.as_mut() {
                c.khong_co_trong_tep_don_vi.push(code.clone());
            }
            findings.push(finding(
                None,
                "",
                code,
                Severity::Warning,
                format!("đơn vị {code} có trong danh sách người nhưng không có trong tệp đơn vị"),
            ));
        }
    }
    let mut decided = Vec::with_capacity(entries.len());
    for (code, (name, tally)) in entries {
        let register = units.and_then(|u| u.units.get(&code));
        if tally.counted == 0 {
            findings.push(Finding {
                tep: String::new(),
                trang_tinh: None,
                dong: None,
                cot: String::new(),
                gia_tri: code.clone(),
                muc_do: Severity::Warning,
                thong_bao: format!("đơn vị {code} không có người nào được tính: không thể đạt mục tiêu"),
            });
        }
        decided.push(UnitResult {
            target: target_verdict(criteria, &tally),
            dvht: dvht::evaluate_in(criteria, &tally, register, when),
            code,
            name,
            tally,
            register,
        });
    }
    Units { units: decided, findings, check }
}
