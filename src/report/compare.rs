//! Reviews over time (sơ kết, tổng kết): two saved JSON reports compared unit by unit and in
//! total. The JSON report is the contract read here: only the fields needed are read, rates are
//! recomputed from the counts with integer arithmetic, and units that appear or disappear are
//! listed, never dropped.

use std::collections::BTreeMap;

use serde::Serialize;

use super::model::{TOTAL_CODE, rate_as_number};
use super::saved::{SavedCriteria, SavedReport, SavedUnit};
use super::sheet::{Cell, Field, Row, Sheet, Value, cells, columns};
use crate::model::TargetVerdict;
use crate::model::mark::OutputKind;
use crate::number::Rate;

/// One side of a compared row.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub so_nguoi: u64,
    pub so_dat: u64,
    #[serde(serialize_with = "rate_as_number")]
    pub ty_le: Option<Rate>,
    pub dat_muc_tieu: TargetVerdict,
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
            dat_muc_tieu: u.dat_muc_tieu,
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
        // Counts are at most `saved::MAX_COUNT` and rates at most 100.00%: in i128 no
        // difference can wrap, whatever was read.
        so_dat = i64::try_from(i128::from(b.so_dat) - i128::from(a.so_dat)).ok();
        if let (Some(x), Some(y)) = (a.ty_le, b.ty_le) {
            let d = i128::from(y.0) - i128::from(x.0);
            let sign = if d > 0 {
                "+"
            } else if d < 0 {
                "-"
            } else {
                ""
            };
            ty_le = Some(format!("{sign}{}.{:02}", d.abs() / 100, d.abs() % 100));
        }
        muc_tieu = match (a.dat_muc_tieu.is_met(), b.dat_muc_tieu.is_met()) {
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

/// A cell of one side of a compared row; empty where the unit was absent.
fn side(s: &Option<Side>, cell: fn(&Side) -> Cell) -> Cell {
    s.as_ref().map_or_else(|| Value::Figure(String::new()).into(), cell)
}

const FIELDS: &[Field<CompareRow>] = &[
    Field::all("ma_don_vi", "Mã đơn vị", |r| r.ma_don_vi.as_str().into()),
    Field::all("ten_don_vi", "Tên đơn vị", |r| r.ten_don_vi.as_str().into()),
    Field::all("trang_thai", "Có mặt", |r| r.trang_thai.into()),
    Field::all("so_nguoi_truoc", "Số người trước", |r| side(&r.truoc, |s| s.so_nguoi.into())),
    Field::all("so_nguoi_sau", "Số người sau", |r| side(&r.sau, |s| s.so_nguoi.into())),
    Field::all("so_dat_truoc", "Đạt trước", |r| side(&r.truoc, |s| s.so_dat.into())),
    Field::all("so_dat_sau", "Đạt sau", |r| side(&r.sau, |s| s.so_dat.into())),
    Field::all("so_dat_thay_doi", "± Đạt", |r| {
        Value::Figure(
            r.so_dat_thay_doi.map_or_else(String::new, |d| if d > 0 { format!("+{d}") } else { d.to_string() }),
        )
        .into()
    }),
    Field::all("ty_le_truoc", "Tỷ lệ % trước", |r| side(&r.truoc, |s| s.ty_le.into())),
    Field::all("ty_le_sau", "Tỷ lệ % sau", |r| side(&r.sau, |s| s.ty_le.into())),
    Field::all("ty_le_thay_doi", "± Tỷ lệ", |r| {
        Value::Figure(r.ty_le_thay_doi.clone().unwrap_or_default()).into()
    }),
    Field::all("dat_muc_tieu_truoc", "Mục tiêu trước", |r| side(&r.truoc, |s| s.dat_muc_tieu.label().into())),
    Field::all("dat_muc_tieu_sau", "Mục tiêu sau", |r| side(&r.sau, |s| s.dat_muc_tieu.label().into())),
    Field::all("muc_tieu_thay_doi", "Thay đổi mục tiêu", |r| r.muc_tieu_thay_doi.as_str().into()),
    Field::all("muc_do_dvht_truoc", "ĐVHT trước", |r| side(&r.truoc, |s| s.muc_do_dvht.as_str().into())),
    Field::all("muc_do_dvht_sau", "ĐVHT sau", |r| side(&r.sau, |s| s.muc_do_dvht.as_str().into())),
    Field::all("dvht_thay_doi", "± ĐVHT", |r| r.dvht_thay_doi.as_str().into()),
];

/// The comparison as a sheet: every unit, the total, and the units that came or went below.
pub fn sheet(c: &Comparison) -> Sheet {
    let mut sheet = Sheet::new(OutputKind::Report, "So sánh", columns(FIELDS)).with_json(c);
    for r in &c.don_vi {
        sheet.push(Row::new(cells(FIELDS, r)));
    }
    let mut total = Row::new(cells(FIELDS, &c.tong));
    total.total = true;
    sheet.push(total);
    if !c.don_vi_moi.is_empty() {
        sheet.footer.push_str(&format!("Đơn vị mới có ở lần sau: {}\n", c.don_vi_moi.join(", ")));
    }
    if !c.don_vi_khong_con.is_empty() {
        sheet.footer.push_str(&format!("Đơn vị không còn ở lần sau: {}\n", c.don_vi_khong_con.join(", ")));
    }
    sheet
}
