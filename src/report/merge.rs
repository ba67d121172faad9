//! Earlier runs' JSON reports (`hoctap assess --format json`), added up for `hoctap merge`:
//! the per-unit counts, the files each run read and the findings about their rows. Only
//! counts are taken; every rate, target and level is recomputed by the merge.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::saved::{self, SavedUnit};
use crate::aggregate::tally::{UnitEntry, UnitTallies};
use crate::criteria::Criteria;
use crate::input::InputError;
use crate::model::{FileSummary, Finding, FindingCounts, Severity};
use crate::pipeline::{RunFindings, RunResult};

/// Adds up the reports into one run, as if their files had been read in one go, in the
/// order the reports are given. Refuses reports made with other criteria (their counts
/// mean something else) and a roster file that two reports both read (counted twice).
pub fn merge_reports(criteria: &Criteria, paths: &[&Path]) -> anyhow::Result<RunResult> {
    let mut tallies = UnitTallies::default();
    let mut findings = Vec::new();
    let mut unlisted = FindingCounts::default();
    let mut files: Vec<FileSummary> = Vec::new();
    // Roster content (SHA-256) → the file and the report that read it: the same roster under
    // another name holds the same people.
    let mut read_by: HashMap<String, (String, String)> = HashMap::new();
    for path in paths {
        let shown = path.display().to_string();
        let report = saved::read(path)?;
        let c = &report.tieu_chi;
        if c.sha256 != criteria.meta.sha256 {
            return Err(anyhow::Error::from(InputError::file(
                &shown,
                format!(
                    "báo cáo được lập với bộ tiêu chí khác ({} phiên bản {}, SHA-256 {}…), không phải bộ đang dùng ({} phiên bản {}); hãy chỉ đúng tệp đó bằng --tieu-chi",
                    c.ma,
                    c.phien_ban,
                    c.sha256.get(..12).unwrap_or(&c.sha256),
                    criteria.meta.code,
                    criteria.meta.version
                ),
            )));
        }
        for f in report.tep.iter().filter(|f| !f.sha256.is_empty()) {
            if let Some((file, other)) = read_by.insert(f.sha256.clone(), (f.tep.clone(), shown.clone())) {
                let same = if file == f.tep {
                    format!("tệp {file}")
                } else {
                    format!("tệp {} (cùng nội dung với {file})", f.tep)
                };
                return Err(anyhow::Error::from(InputError::file(
                    &shown,
                    format!(
                        "{same} đã có trong báo cáo {other} (SHA-256 {}…): gộp sẽ đếm những người này hai lần",
                        f.sha256.get(..12).unwrap_or(&f.sha256)
                    ),
                )));
            }
        }
        let rosters: Vec<&str> = report.tep.iter().map(|f| f.tep.as_str()).collect();
        // Findings about the rosters' rows; those about units are made again by the report.
        findings.extend(report.phat_hien.iter().filter(|f| rosters.contains(&f.tep.as_str())).cloned());
        // A report lists its first findings and counts them all: those it does not list still count.
        unlisted = unlisted.plus(&report.finding_counts().minus(&FindingCounts::of(&report.phat_hien)));
        merge_units(&mut tallies, &report.don_vi, &shown, &mut findings)?;
        files.extend(report.tep);
    }
    Ok(RunResult { tallies, findings: RunFindings::from_list(findings, unlisted), files })
}

fn merge_units(
    tallies: &mut UnitTallies,
    units: &[SavedUnit],
    shown: &str,
    findings: &mut Vec<Finding>,
) -> Result<(), InputError> {
    let mut warned: BTreeMap<String, ()> = BTreeMap::new();
    for u in units {
        let tally = u.tally().ok_or_else(|| {
            InputError::file(
                &shown,
                "báo cáo thiếu trường nguoi_hoc_so_dong (lập bằng phiên bản cũ); hãy chạy lại hoctap assess --format json",
            )
        })?;
        // A unit no row belongs to came from a unit file, not from the rosters: a merge
        // given --units lists it again, as one run would.
        if tally.rows() == 0 {
            continue;
        }
        let entry: &mut UnitEntry = tallies.units.entry(u.ma_don_vi.clone()).or_default();
        entry.tally = entry.tally.checked_sum(&tally).ok_or_else(|| {
            InputError::file(
                &shown,
                format!(
                    "đơn vị {}: tổng số người vượt quá sức chứa của phép cộng; báo cáo bị sửa hoặc hỏng",
                    u.ma_don_vi
                ),
            )
        })?;
        if entry.name.is_empty() {
            entry.name = u.ten_don_vi.clone();
        } else if !u.ten_don_vi.is_empty()
            && entry.name != u.ten_don_vi
            && warned.insert(u.ma_don_vi.clone(), ()).is_none()
        {
            findings.push(Finding {
                tep: shown.to_string(),
                trang_tinh: None,
                dong: None,
                cot: "ten_don_vi".into(),
                gia_tri: u.ten_don_vi.clone(),
                muc_do: Severity::Warning,
                thong_bao: format!(
                    "đơn vị {} đã có tên \"{}\" trong báo cáo trước; báo cáo dùng tên đó",
                    u.ma_don_vi, entry.name
                ),
            });
        }
    }
    Ok(())
}
