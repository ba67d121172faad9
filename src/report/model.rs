//! The report model: one set of structs that every format renders, so the table, CSV, JSON
//! and Excel views never disagree. Field names are the CSV/JSON contract for scripts.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::aggregate::Tally;
use crate::aggregate::close::CloseUnit;
use crate::aggregate::dvht::DvhtResult;
use crate::aggregate::dvht_time::When;
pub use crate::aggregate::units::RegisterCheck;
use crate::aggregate::units::{self, target_verdict};
use crate::criteria::{Criteria, Role};
use crate::input::units::{CategoryValue, UnitFile, UnitInfo};
use crate::model::{Finding, FindingCounts, FindingKeeper, TargetVerdict};
use crate::number::Rate;
use crate::pipeline::{FileSummary, RunResult};

pub const TOTAL_CODE: &str = "TỔNG";

/// One row of the unit report; also the `TỔNG` row.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    pub ma_don_vi: String,
    pub ten_don_vi: String,
    pub so_nguoi: u64,
    pub so_dat: u64,
    /// Percentage with two decimals, truncated; `None` when nobody is counted.
    #[serde(serialize_with = "rate_as_number")]
    pub ty_le: Option<Rate>,
    pub dat_muc_tieu: TargetVerdict,
    pub can_them: u64,
    pub thanh_vien_so_nguoi: u64,
    pub thanh_vien_so_dat: u64,
    pub nguoi_hoc_so_nguoi: u64,
    pub nguoi_hoc_so_dat: u64,
    /// The members' rate and verdict against the same target ("" when no member is counted):
    /// the combined rate stays the target of record, these show a role it hides.
    #[serde(serialize_with = "rate_as_number")]
    pub ty_le_thanh_vien: Option<Rate>,
    pub dat_muc_tieu_thanh_vien: &'static str,
    #[serde(serialize_with = "rate_as_number")]
    pub ty_le_nguoi_hoc: Option<Rate>,
    pub dat_muc_tieu_nguoi_hoc: &'static str,
    pub so_loai_tru: u64,
    pub so_loi: u64,
    pub so_trung: u64,
    /// Rows of learners read, excluded ones too, duplicates not (JSON only): what makes a
    /// unit without a unit file count as a school, kept so that `hoctap merge` is exact.
    pub nguoi_hoc_so_dong: u64,
    pub muc_do_dvht: String,
    pub dvht_thieu: Vec<String>,
    /// The chỉ tiêu behind `muc_do_dvht` (JSON only; absent on the total row).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dvht: Option<DvhtResult>,
    /// What the unit register says of the unit (JSON only; absent when it is not registered).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dang_ky: Option<RegisterRow>,
}

/// A unit as the register describes it; names as shown, codes from the criteria (empty when
/// the value is not one the criteria list).
#[derive(Debug, Clone, Default, Serialize)]
pub struct RegisterRow {
    pub cap_hoc_ma: String,
    pub cap_hoc: String,
    pub xa_phuong: String,
    pub cap_quan_ly_ma: String,
    pub cap_quan_ly: String,
    pub vung_kho_khan: bool,
}

pub(crate) fn rate_as_number<S: serde::Serializer>(rate: &Option<Rate>, s: S) -> Result<S::Ok, S::Error> {
    match rate {
        // Two decimals exactly as in CSV: 97.5 prints as 97.5, 96.96 as 96.96.
        Some(r) => s.serialize_f64(r.0 as f64 / 100.0),
        None => s.serialize_none(),
    }
}

impl UnitRow {
    pub fn meets_target(&self) -> bool {
        self.dat_muc_tieu.is_met()
    }

    pub fn rate_text(&self) -> String {
        self.ty_le.map_or_else(String::new, |r| r.to_string())
    }

    /// Members below the target although the unit as a whole meets it.
    pub fn members_hidden_below(&self) -> bool {
        self.meets_target() && self.dat_muc_tieu_thanh_vien == TargetVerdict::NotMet.label()
    }
}

/// "Đạt", "Chưa đạt", or "" when nobody of the role is counted.
fn verdict(met: Option<bool>) -> &'static str {
    met.map_or("", |m| TargetVerdict::of(m).label())
}

#[derive(Debug, Clone, Serialize)]
pub struct CriteriaInfo {
    pub ma: String,
    pub ten: String,
    pub phien_ban: String,
    pub nguon_tep: String,
    pub sha256: String,
    pub muc_tieu_phan_tram: String,
    pub nguon_muc_tieu: String,
}

/// Counts over the whole run. `so_dong_doc = so_nguoi + so_loai_tru + so_trung`.
#[derive(Debug, Clone, Serialize)]
pub struct RunCounts {
    pub so_tep: usize,
    pub so_dong_doc: u64,
    pub so_nguoi: u64,
    pub so_dat: u64,
    pub so_loi: u64,
    pub so_loai_tru: u64,
    pub so_trung: u64,
    pub so_dong_trong: u64,
    pub so_don_vi: usize,
    pub so_don_vi_dat_muc_tieu: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The version of this JSON contract ([`super::saved::REPORT_VERSION`]).
    pub phien_ban_bao_cao: u32,
    pub tieu_chi: CriteriaInfo,
    pub tep: Vec<FileSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tep_don_vi: Option<FileSummary>,
    pub tong_hop: RunCounts,
    pub don_vi: Vec<UnitRow>,
    pub tong: UnitRow,
    /// The first findings ([`crate::model::findings::KEPT_FINDINGS`] at most); the counts
    /// below are of all of them, and `--phat-hien FILE` has them all.
    pub phat_hien: Vec<Finding>,
    pub so_phat_hien: FindingCounts,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doi_chieu: Option<RegisterCheck>,
    /// The nearest not-yet-recognised people of each unit (`--gan-dat`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gan_dat: Option<BTreeMap<String, CloseUnit>>,
    /// The division the report is restricted to (`--phong`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phong: Option<String>,
}

impl Report {
    /// Exit status 1 is earned by a unit below target or a row that is `Lỗi` or `Trùng`.
    pub fn all_passed(&self) -> bool {
        self.don_vi.iter().all(UnitRow::meets_target) && self.tong.so_loi == 0 && self.tong.so_trung == 0
    }
}

pub(crate) fn unit_row(criteria: &Criteria, code: &str, name: &str, t: &Tally, dvht: Option<DvhtResult>) -> UnitRow {
    let target = &criteria.target.share;
    let members = t.role_share(Role::ThanhVien, target);
    let learners = t.role_share(Role::NguoiHoc, target);
    UnitRow {
        ma_don_vi: code.to_string(),
        ten_don_vi: name.to_string(),
        so_nguoi: t.counted,
        so_dat: t.recognised,
        ty_le: Rate::of(t.recognised, t.counted),
        dat_muc_tieu: target_verdict(criteria, t),
        can_them: criteria.target.share.shortfall(t.recognised, t.counted),
        thanh_vien_so_nguoi: t.members_counted,
        thanh_vien_so_dat: t.members_recognised,
        nguoi_hoc_so_nguoi: t.learners_counted,
        nguoi_hoc_so_dat: t.learners_recognised,
        ty_le_thanh_vien: members.rate,
        dat_muc_tieu_thanh_vien: verdict(members.met),
        ty_le_nguoi_hoc: learners.rate,
        dat_muc_tieu_nguoi_hoc: verdict(learners.met),
        so_loai_tru: t.excluded,
        so_loi: t.invalid,
        so_trung: t.duplicates,
        nguoi_hoc_so_dong: t.learners_seen,
        muc_do_dvht: dvht.as_ref().map_or_else(String::new, |d| d.muc_do.clone()),
        dvht_thieu: dvht.as_ref().map_or_else(Vec::new, |d| d.thieu.clone()),
        dvht,
        dang_ky: None,
    }
}

fn register_row(criteria: &Criteria, info: &UnitInfo) -> RegisterRow {
    let code = |v: Option<&CategoryValue>, list: &[crate::criteria::Category]| match v {
        Some(CategoryValue::Known(i)) => list[*i].code.clone(),
        _ => String::new(),
    };
    let reg = &criteria.register;
    RegisterRow {
        cap_hoc_ma: code(info.level.as_ref(), &reg.levels),
        cap_hoc: info.level_name(criteria).to_string(),
        xa_phuong: info.commune.clone(),
        cap_quan_ly_ma: code(info.manager.as_ref(), &reg.managers),
        cap_quan_ly: info.manager_name(criteria).to_string(),
        vung_kho_khan: info.disadvantaged == Some(true),
    }
}

/// Builds the report from a run, adding the units that the unit file lists but no roster has
/// (a school that did not report must show, not vanish from the totals).
pub fn build(
    criteria: &Criteria,
    run: RunResult,
    units: Option<&UnitFile>,
    units_summary: Option<FileSummary>,
) -> Report {
    build_in(criteria, run, units, units_summary, When::default(), FindingKeeper::new())
        .expect("findings kept in memory only")
}

/// [`build`] assessed at `when` (`--nam`, `--ngay-danh-gia`), which the Learning Unit time
/// rules need.
pub fn build_in(
    criteria: &Criteria,
    run: RunResult,
    units: Option<&UnitFile>,
    units_summary: Option<FileSummary>,
    when: When,
    mut keeper: FindingKeeper<'_>,
) -> std::io::Result<Report> {
    let RunResult { tallies, findings, files } = run;
    let entries: BTreeMap<String, (String, Tally)> =
        tallies.units.into_iter().map(|(code, e)| (code, (e.name, e.tally))).collect();
    let decided = units::decide(criteria, entries, units, units_summary.as_ref(), when);
    // Report order: what the caller pushed (files passed over), the rosters', the units'.
    keeper.count_unlisted(findings.unlisted());
    findings.drain(|f| keeper.push(f))?;
    decided.findings.into_iter().try_for_each(|f| keeper.push(f))?;
    let (findings, counts_of_findings) = keeper.finish();
    let check = decided.check;
    let mut total = Tally::default();
    let mut rows = Vec::with_capacity(decided.units.len());
    for u in decided.units {
        total.add(&u.tally);
        let mut row = unit_row(criteria, &u.code, &u.name, &u.tally, Some(u.dvht));
        debug_assert_eq!(row.dat_muc_tieu, u.target);
        row.dang_ky = u.register.map(|i| register_row(criteria, i));
        rows.push(row);
    }
    let mut tong = unit_row(criteria, TOTAL_CODE, "", &total, None);
    tong.muc_do_dvht = String::new();

    let blank: u64 = files.iter().map(|f| f.so_dong_trong).sum();
    let counts = RunCounts {
        // Files read (a workbook once, however many sheets), not those passed over.
        so_tep: files
            .iter()
            .filter(|f| f.bo_qua.is_none())
            .map(|f| &f.tep)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        so_dong_doc: total.rows(),
        so_nguoi: total.counted,
        so_dat: total.recognised,
        so_loi: total.invalid,
        so_loai_tru: total.excluded,
        so_trung: total.duplicates,
        so_dong_trong: blank,
        so_don_vi: rows.len(),
        so_don_vi_dat_muc_tieu: rows.iter().filter(|r| r.meets_target()).count(),
    };
    Ok(Report {
        phien_ban_bao_cao: super::saved::REPORT_VERSION,
        tieu_chi: CriteriaInfo {
            ma: criteria.meta.code.clone(),
            ten: criteria.meta.name.clone(),
            phien_ban: criteria.meta.version.clone(),
            nguon_tep: criteria.meta.origin.clone(),
            sha256: criteria.meta.sha256.clone(),
            muc_tieu_phan_tram: criteria.target.share.percent_text(),
            nguon_muc_tieu: criteria.target.source.clone(),
        },
        tep: files,
        tep_don_vi: units_summary,
        tong_hop: counts,
        don_vi: rows,
        tong,
        phat_hien: findings,
        so_phat_hien: counts_of_findings,
        doi_chieu: check,
        gan_dat: None,
        phong: None,
    })
}
