//! Ranking and commendation: units ordered by rate (compared exactly), ties broken by the
//! larger unit and then the code, so the order is the same on every run; the units at 100%
//! and those at the highest Learning Unit level are named as candidates for commendation.

use crate::model::TargetVerdict;
use std::cmp::Ordering;

use serde::Serialize;

use super::Report;
use super::model::{UnitRow, rate_as_number};
use crate::number::Rate;

#[derive(Debug, Clone, Serialize)]
pub struct RankRow {
    pub hang: usize,
    pub ma_don_vi: String,
    pub ten_don_vi: String,
    pub so_nguoi: u64,
    pub so_dat: u64,
    #[serde(serialize_with = "rate_as_number")]
    pub ty_le: Option<Rate>,
    pub dat_muc_tieu: TargetVerdict,
    pub muc_do_dvht: String,
    /// Why the unit is proposed for commendation ("100% CDHT; ĐVHT Mức độ 2"), or empty.
    pub de_nghi_khen_thuong: String,
}

/// Rate descending (exact: a/b against c/d by cross-multiplication; nobody counted last), then
/// people counted descending, then code.
fn by_rate(a: &UnitRow, b: &UnitRow) -> Ordering {
    let rate = match (a.so_nguoi, b.so_nguoi) {
        (0, 0) => Ordering::Equal,
        (0, _) => Ordering::Greater,
        (_, 0) => Ordering::Less,
        _ => (u128::from(b.so_dat) * u128::from(a.so_nguoi)).cmp(&(u128::from(a.so_dat) * u128::from(b.so_nguoi))),
    };
    rate.then(b.so_nguoi.cmp(&a.so_nguoi)).then_with(|| a.ma_don_vi.cmp(&b.ma_don_vi))
}

pub fn commendation(r: &UnitRow) -> String {
    let mut why = Vec::new();
    if r.so_nguoi > 0 && r.so_dat == r.so_nguoi {
        why.push("100% CDHT".to_string());
    }
    if r.dvht.as_ref().is_some_and(|d| d.cao_nhat) {
        why.push(format!("ĐVHT {}", r.muc_do_dvht));
    }
    why.join("; ")
}

pub fn rank(report: &Report) -> Vec<RankRow> {
    let mut rows: Vec<&UnitRow> = report.don_vi.iter().collect();
    rows.sort_by(|a, b| by_rate(a, b));
    rows.into_iter()
        .enumerate()
        .map(|(i, r)| RankRow {
            hang: i + 1,
            ma_don_vi: r.ma_don_vi.clone(),
            ten_don_vi: r.ten_don_vi.clone(),
            so_nguoi: r.so_nguoi,
            so_dat: r.so_dat,
            ty_le: r.ty_le,
            dat_muc_tieu: r.dat_muc_tieu,
            muc_do_dvht: r.muc_do_dvht.clone(),
            de_nghi_khen_thuong: commendation(r),
        })
        .collect()
}
