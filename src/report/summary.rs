//! Summaries by group (`--by cap-hoc|xa-phuong|quan-ly`) and the division view (`--phong`):
//! the unit report regrouped by what the unit register says of each unit. Every unit falls in
//! exactly one group (units the register does not describe get a group of their own), so the
//! groups add up to the total.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Report;
use super::format::GroupBy;
use super::model::{RunCounts, TOTAL_CODE, UnitRow, rate_as_number, unit_row};
use crate::aggregate::Tally;
use crate::aggregate::dvht::{INSUFFICIENT, NO_BASIS, NOT_MET as DVHT_NOT_MET};
use crate::criteria::Criteria;
use crate::model::TargetVerdict;
use crate::number::Rate;

/// How many units reached one Learning Unit result.
#[derive(Debug, Clone, Serialize)]
pub struct LevelCount {
    pub muc_do: String,
    pub so_don_vi: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    pub nhom: String,
    pub so_don_vi: u64,
    pub so_don_vi_dat_muc_tieu: u64,
    pub so_nguoi: u64,
    pub so_dat: u64,
    #[serde(serialize_with = "rate_as_number")]
    pub ty_le: Option<Rate>,
    pub dat_muc_tieu: TargetVerdict,
    /// The sum of the units' shortfalls: how many more people make every unit meet the target.
    pub can_them: u64,
    pub so_loai_tru: u64,
    pub so_loi: u64,
    pub so_trung: u64,
    pub dvht: Vec<LevelCount>,
    /// The codes of the units in the group, in report order.
    pub don_vi: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub theo: String,
    pub nhom: Vec<GroupRow>,
    pub tong: GroupRow,
}

pub fn group_title(by: GroupBy) -> &'static str {
    match by {
        GroupBy::CapHoc => "Cấp học",
        GroupBy::XaPhuong => "Xã/phường",
        GroupBy::QuanLy => "Cấp quản lý",
    }
}

/// Every Learning Unit result a unit can get, best first.
pub fn dvht_labels(criteria: &Criteria) -> Vec<String> {
    let mut labels: Vec<String> = match &criteria.dvht.scale {
        Some(s) => s.bands.iter().map(|b| b.name.clone()).chain(std::iter::once(s.below.clone())).collect(),
        None => criteria.dvht.levels.iter().rev().map(|l| l.name.clone()).chain([DVHT_NOT_MET.to_string()]).collect(),
    };
    labels.push(INSUFFICIENT.to_string());
    if criteria.dvht.scale.is_none() {
        labels.push(NO_BASIS.to_string());
    }
    labels
}

/// The group of a unit: an ordering key and the name shown.
fn group_of(criteria: &Criteria, by: GroupBy, row: &UnitRow) -> (usize, String) {
    let reg = &criteria.register;
    let Some(d) = &row.dang_ky else { return (usize::MAX, "(không có trong tệp đơn vị)".into()) };
    let (code, name, list, blank): (&str, &str, &[crate::criteria::Category], &str) = match by {
        GroupBy::CapHoc => (&d.cap_hoc_ma, &d.cap_hoc, &reg.levels, "(chưa ghi cấp học)"),
        GroupBy::QuanLy => (&d.cap_quan_ly_ma, &d.cap_quan_ly, &reg.managers, "(chưa ghi cấp quản lý)"),
        GroupBy::XaPhuong => ("", &d.xa_phuong, &[], "(chưa ghi xã/phường)"),
    };
    if let Some(i) = list.iter().position(|c| c.code == code) {
        (i, name.to_string())
    } else if !name.is_empty() {
        (list.len(), name.to_string())
    } else {
        (usize::MAX - 1, blank.to_string())
    }
}

/// The tally a unit row was made from (enough for totals).
pub fn tally_of(r: &UnitRow) -> Tally {
    Tally {
        counted: r.so_nguoi,
        recognised: r.so_dat,
        members_counted: r.thanh_vien_so_nguoi,
        members_recognised: r.thanh_vien_so_dat,
        learners_counted: r.nguoi_hoc_so_nguoi,
        learners_recognised: r.nguoi_hoc_so_dat,
        excluded: r.so_loai_tru,
        invalid: r.so_loi,
        duplicates: r.so_trung,
        learners_seen: r.nguoi_hoc_so_nguoi,
    }
}

fn group_row(criteria: &Criteria, labels: &[String], name: String, rows: &[&UnitRow]) -> GroupRow {
    let mut t = Tally::default();
    for r in rows {
        t.add(&tally_of(r));
    }
    let met = t.counted > 0 && criteria.target.share.is_met(t.recognised, t.counted);
    let mut dvht: Vec<LevelCount> = labels.iter().map(|l| LevelCount { muc_do: l.clone(), so_don_vi: 0 }).collect();
    for r in rows {
        match dvht.iter_mut().find(|c| c.muc_do == r.muc_do_dvht) {
            Some(c) => c.so_don_vi += 1,
            None => dvht.push(LevelCount { muc_do: r.muc_do_dvht.clone(), so_don_vi: 1 }),
        }
    }
    GroupRow {
        nhom: name,
        so_don_vi: rows.len() as u64,
        so_don_vi_dat_muc_tieu: rows.iter().filter(|r| r.meets_target()).count() as u64,
        so_nguoi: t.counted,
        so_dat: t.recognised,
        ty_le: Rate::of(t.recognised, t.counted),
        dat_muc_tieu: TargetVerdict::of(met),
        can_them: rows.iter().map(|r| r.can_them).sum(),
        so_loai_tru: t.excluded,
        so_loi: t.invalid,
        so_trung: t.duplicates,
        dvht,
        don_vi: rows.iter().map(|r| r.ma_don_vi.clone()).collect(),
    }
}

pub fn summarise(criteria: &Criteria, report: &Report, by: GroupBy) -> Summary {
    let labels = dvht_labels(criteria);
    let mut groups: BTreeMap<(usize, String), Vec<&UnitRow>> = BTreeMap::new();
    for r in &report.don_vi {
        groups.entry(group_of(criteria, by, r)).or_default().push(r);
    }
    let nhom = groups.into_iter().map(|((_, name), rows)| group_row(criteria, &labels, name, &rows)).collect();
    let all: Vec<&UnitRow> = report.don_vi.iter().collect();
    Summary {
        theo: group_title(by).to_string(),
        nhom,
        tong: group_row(criteria, &labels, TOTAL_CODE.to_string(), &all),
    }
}

/// The report of one division's units (`--phong`), with its own total.
pub fn restrict_to_division(criteria: &Criteria, mut report: Report, code: &str) -> Report {
    let Some(division) = criteria.register.division(code) else { return report };
    let levels: Vec<&str> = division.levels.iter().map(|&i| criteria.register.levels[i].code.as_str()).collect();
    report.don_vi.retain(|r| r.dang_ky.as_ref().is_some_and(|d| levels.contains(&d.cap_hoc_ma.as_str())));
    let mut total = Tally::default();
    for r in &report.don_vi {
        total.add(&tally_of(r));
    }
    let mut tong = unit_row(criteria, TOTAL_CODE, "", &total, None);
    tong.muc_do_dvht = String::new();
    report.tong = tong;
    let c = &report.tong_hop;
    report.tong_hop = RunCounts {
        so_dong_doc: total.rows(),
        so_nguoi: total.counted,
        so_dat: total.recognised,
        so_loi: total.invalid,
        so_loai_tru: total.excluded,
        so_trung: total.duplicates,
        so_don_vi: report.don_vi.len(),
        so_don_vi_dat_muc_tieu: report.don_vi.iter().filter(|r| r.meets_target()).count(),
        ..c.clone()
    };
    let kept: Vec<String> = report.don_vi.iter().map(|r| r.ma_don_vi.clone()).collect();
    if let Some(check) = report.doi_chieu.as_mut() {
        check.khong_co_danh_sach.retain(|c| kept.contains(c));
    }
    if let Some(close) = report.gan_dat.as_mut() {
        close.retain(|c, _| kept.contains(c));
    }
    report.phong = Some(division.name.clone());
    report
}
