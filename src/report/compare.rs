//! Reviews over time (sơ kết, tổng kết): two saved JSON reports compared unit by unit and in
//! total. The JSON report is the contract read here: only the fields needed are read, rates are
//! recomputed from the counts with integer arithmetic, and units that appear or disappear are
//! listed, never dropped.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{MET, TOTAL_CODE, rate_as_number};
use super::views::Sheet;
use crate::number::Rate;

#[derive(Debug, Clone, Deserialize)]
pub struct SavedReport {
    pub tieu_chi: SavedCriteria,
    pub don_vi: Vec<SavedUnit>,
    pub tong: SavedUnit,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SavedCriteria {
    pub ma: String,
    pub phien_ban: String,
    pub muc_tieu_phan_tram: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SavedUnit {
    pub ma_don_vi: String,
    pub ten_don_vi: String,
    pub so_nguoi: u64,
    pub so_dat: u64,
    pub dat_muc_tieu: String,
    #[serde(default)]
    pub muc_do_dvht: String,
    #[serde(default)]
    pub dvht: Option<SavedDvht>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SavedDvht {
    pub muc: u8,
}

/// One side of a compared row.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub so_nguoi: u64,
    pub so_dat: u64,
    #[serde(serialize_with = "rate_as_number")]
    pub ty_le: Option<Rate>,
    pub dat_muc_tieu: String,
    pub muc_do_dvht: String,
    #[serde(skip)]
    pub muc: Option<u8>,
}

impl Side {
    fn of(u: &SavedUnit) -> Side {
        Side {
            so_nguoi: u.so_nguoi,
            so_dat: u.so_dat,
            ty_le: Rate::of(u.so_dat, u.so_nguoi),
            dat_muc_tieu: u.dat_muc_tieu.clone(),
            muc_do_dvht: u.muc_do_dvht.clone(),
            muc: u.dvht.as_ref().map(|d| d.muc),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CompareRow {
    pub ma_don_vi: String,
    pub ten_don_vi: String,
    /// "cả hai lần", "mới có", "không còn".
    pub trang_thai: &'static str,
    pub truoc: Option<Side>,
    pub sau: Option<Side>,
    /// Change in recognised people.
    pub so_dat_thay_doi: Option<i64>,
    /// Change in rate, percentage points with two decimals ("+1.25").
    pub ty_le_thay_doi: Option<String>,
    /// "mới đạt", "không còn đạt", or empty when unchanged.
    pub muc_tieu_thay_doi: String,
    /// "lên", "xuống", or empty.
    pub dvht_thay_doi: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub truoc: SavedCriteria,
    pub sau: SavedCriteria,
    pub don_vi: Vec<CompareRow>,
    pub tong: CompareRow,
    pub don_vi_moi: Vec<String>,
    pub don_vi_khong_con: Vec<String>,
}

pub const BOTH: &str = "cả hai lần";
pub const ADDED: &str = "mới có";
pub const REMOVED: &str = "không còn";

fn row(code: &str, name: &str, old: Option<Side>, new: Option<Side>) -> CompareRow {
    let trang_thai = match (&old, &new) {
        (Some(_), Some(_)) => BOTH,
        (None, _) => ADDED,
        (_, None) => REMOVED,
    };
    let (mut so_dat, mut ty_le, mut muc_tieu, mut dvht) = (None, None, String::new(), String::new());
    if let (Some(a), Some(b)) = (&old, &new) {
        so_dat = Some(b.so_dat as i64 - a.so_dat as i64);
        if let (Some(x), Some(y)) = (a.ty_le, b.ty_le) {
            let d = y.0 as i64 - x.0 as i64;
            let sign = if d > 0 {
                "+"
            } else if d < 0 {
                "-"
            } else {
                ""
            };
            ty_le = Some(format!("{sign}{}.{:02}", d.abs() / 100, d.abs() % 100));
        }
        muc_tieu = match (a.dat_muc_tieu == MET, b.dat_muc_tieu == MET) {
            (false, true) => "mới đạt".into(),
            (true, false) => "không còn đạt".into(),
            _ => String::new(),
        };
        dvht = match (a.muc, b.muc) {
            (Some(x), Some(y)) if y > x => "lên".into(),
            (Some(x), Some(y)) if y < x => "xuống".into(),
            _ => String::new(),
        };
    }
    CompareRow {
        ma_don_vi: code.to_string(),
        ten_don_vi: name.to_string(),
        trang_thai,
        truoc: old,
        sau: new,
        so_dat_thay_doi: so_dat,
        ty_le_thay_doi: ty_le,
        muc_tieu_thay_doi: muc_tieu,
        dvht_thay_doi: dvht,
    }
}

pub fn compare(old: &SavedReport, new: &SavedReport) -> Comparison {
    let mut units: BTreeMap<&str, (Option<&SavedUnit>, Option<&SavedUnit>)> = BTreeMap::new();
    for u in &old.don_vi {
        units.entry(&u.ma_don_vi).or_default().0 = Some(u);
    }
    for u in &new.don_vi {
        units.entry(&u.ma_don_vi).or_default().1 = Some(u);
    }
    let mut rows = Vec::new();
    for (code, (a, b)) in units {
        let name = b.or(a).map_or("", |u| u.ten_don_vi.as_str());
        rows.push(row(code, name, a.map(Side::of), b.map(Side::of)));
    }
    let list = |state: &str| rows.iter().filter(|r| r.trang_thai == state).map(|r| r.ma_don_vi.clone()).collect();
    Comparison {
        truoc: old.tieu_chi.clone(),
        sau: new.tieu_chi.clone(),
        don_vi_moi: list(ADDED),
        don_vi_khong_con: list(REMOVED),
        tong: row(TOTAL_CODE, "", Some(Side::of(&old.tong)), Some(Side::of(&new.tong))),
        don_vi: rows,
    }
}

pub fn sheet(c: &Comparison) -> Sheet {
    let headers = [
        "ma_don_vi",
        "ten_don_vi",
        "trang_thai",
        "so_nguoi_truoc",
        "so_nguoi_sau",
        "so_dat_truoc",
        "so_dat_sau",
        "so_dat_thay_doi",
        "ty_le_truoc",
        "ty_le_sau",
        "ty_le_thay_doi",
        "dat_muc_tieu_truoc",
        "dat_muc_tieu_sau",
        "muc_tieu_thay_doi",
        "muc_do_dvht_truoc",
        "muc_do_dvht_sau",
        "dvht_thay_doi",
    ];
    let titles = [
        "Mã đơn vị",
        "Tên đơn vị",
        "Có mặt",
        "Số người trước",
        "Số người sau",
        "Đạt trước",
        "Đạt sau",
        "± Đạt",
        "Tỷ lệ % trước",
        "Tỷ lệ % sau",
        "± Tỷ lệ",
        "Mục tiêu trước",
        "Mục tiêu sau",
        "Thay đổi mục tiêu",
        "ĐVHT trước",
        "ĐVHT sau",
        "± ĐVHT",
    ];
    let side = |s: &Option<Side>| -> [String; 5] {
        match s {
            Some(s) => [
                s.so_nguoi.to_string(),
                s.so_dat.to_string(),
                s.ty_le.map_or_else(String::new, |r| r.to_string()),
                s.dat_muc_tieu.clone(),
                s.muc_do_dvht.clone(),
            ],
            None => Default::default(),
        }
    };
    let rows = c
        .don_vi
        .iter()
        .chain(std::iter::once(&c.tong))
        .map(|r| {
            let [n0, d0, t0, m0, v0] = side(&r.truoc);
            let [n1, d1, t1, m1, v1] = side(&r.sau);
            let delta =
                r.so_dat_thay_doi.map_or_else(String::new, |d| if d > 0 { format!("+{d}") } else { d.to_string() });
            vec![
                r.ma_don_vi.clone(),
                r.ten_don_vi.clone(),
                r.trang_thai.to_string(),
                n0,
                n1,
                d0,
                d1,
                delta,
                t0,
                t1,
                r.ty_le_thay_doi.clone().unwrap_or_default(),
                m0,
                m1,
                r.muc_tieu_thay_doi.clone(),
                v0,
                v1,
                r.dvht_thay_doi.clone(),
            ]
        })
        .collect();
    Sheet {
        headers: headers.iter().map(|s| s.to_string()).collect(),
        titles: titles.iter().map(|s| s.to_string()).collect(),
        rows,
        numeric: vec![3, 4, 5, 6, 7, 8, 9, 10],
    }
}
