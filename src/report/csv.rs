//! The unit report as CSV: the column names are a contract for scripts.

use super::model::{Report, UnitRow};
use crate::output::safe_cell;

pub const COLUMNS: [&str; 20] = [
    "ma_don_vi",
    "ten_don_vi",
    "so_nguoi",
    "so_dat",
    "ty_le",
    "dat_muc_tieu",
    "can_them",
    "thanh_vien_so_nguoi",
    "thanh_vien_so_dat",
    "nguoi_hoc_so_nguoi",
    "nguoi_hoc_so_dat",
    "so_loai_tru",
    "so_loi",
    "so_trung",
    "muc_do_dvht",
    "dvht_thieu",
    "ty_le_thanh_vien",
    "dat_muc_tieu_thanh_vien",
    "ty_le_nguoi_hoc",
    "dat_muc_tieu_nguoi_hoc",
];

fn cells(r: &UnitRow) -> [String; 20] {
    [
        safe_cell(&r.ma_don_vi).into_owned(),
        safe_cell(&r.ten_don_vi).into_owned(),
        r.so_nguoi.to_string(),
        r.so_dat.to_string(),
        r.rate_text(),
        r.dat_muc_tieu.to_string(),
        r.can_them.to_string(),
        r.thanh_vien_so_nguoi.to_string(),
        r.thanh_vien_so_dat.to_string(),
        r.nguoi_hoc_so_nguoi.to_string(),
        r.nguoi_hoc_so_dat.to_string(),
        r.so_loai_tru.to_string(),
        r.so_loi.to_string(),
        r.so_trung.to_string(),
        // Level names and chỉ tiêu codes come from the criteria file, which may be anyone's.
        safe_cell(&r.muc_do_dvht).into_owned(),
        safe_cell(&r.dvht_thieu.join("; ")).into_owned(),
        r.ty_le_thanh_vien.map_or_else(String::new, |x| x.to_string()),
        r.dat_muc_tieu_thanh_vien.to_string(),
        r.ty_le_nguoi_hoc.map_or_else(String::new, |x| x.to_string()),
        r.dat_muc_tieu_nguoi_hoc.to_string(),
    ]
}

/// Renders the units and the `TỔNG` row. `bom` prefixes a UTF-8 BOM so that Excel shows the
/// diacritics when the file is opened by double-click.
pub fn render(report: &Report, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut w = csv::Writer::from_writer(out);
    // Writing to a Vec cannot fail.
    w.write_record(COLUMNS).expect("write to memory");
    for r in report.don_vi.iter().chain(std::iter::once(&report.tong)) {
        w.write_record(cells(r)).expect("write to memory");
    }
    w.into_inner().expect("write to memory")
}
