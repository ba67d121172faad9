//! The close list (`--gan-dat`) as rows: per unit, nearest first.

use serde::Serialize;

use super::Report;
use super::sheet::{Field, Row, Sheet, Value, cells, columns};
use crate::model::mark::OutputKind;

#[derive(Debug, Clone, Serialize)]
pub struct CloseRow {
    pub ma_don_vi: String,
    pub ten_don_vi: String,
    /// How many more recognised people the unit needs.
    pub can_them: u64,
    /// Everyone not recognised in the unit.
    pub so_chua_dat: u64,
    pub thu_tu: usize,
    pub ma_dinh_danh: String,
    pub ho_ten: String,
    pub doi_tuong: String,
    pub tong_diem: String,
    pub nguong: String,
    pub thieu_diem: String,
    pub chi_so_duoi_toi_thieu: String,
    pub diem_can_them: String,
}

pub fn rows(report: &Report) -> Vec<CloseRow> {
    let Some(close) = &report.gan_dat else { return Vec::new() };
    let mut out = Vec::new();
    for u in &report.don_vi {
        let Some(c) = close.get(&u.ma_don_vi) else { continue };
        for (i, p) in c.nguoi.iter().enumerate() {
            out.push(CloseRow {
                ma_don_vi: u.ma_don_vi.clone(),
                ten_don_vi: u.ten_don_vi.clone(),
                can_them: u.can_them,
                so_chua_dat: c.so_chua_dat,
                thu_tu: i + 1,
                ma_dinh_danh: p.ma_dinh_danh.clone(),
                ho_ten: p.ho_ten.clone(),
                doi_tuong: p.doi_tuong.clone(),
                tong_diem: p.tong_diem.clone(),
                nguong: p.nguong.clone(),
                thieu_diem: p.thieu_diem.clone(),
                chi_so_duoi_toi_thieu: p.chi_so_duoi_toi_thieu.join("; "),
                diem_can_them: p.diem_can_them.clone(),
            });
        }
    }
    out
}

const FIELDS: &[Field<CloseRow>] = &[
    Field::all("ma_don_vi", "Mã đơn vị", |r| r.ma_don_vi.as_str().into()),
    Field::all("ten_don_vi", "Tên đơn vị", |r| r.ten_don_vi.as_str().into()),
    Field::all("can_them", "Đơn vị cần thêm", |r| r.can_them.into()),
    Field::all("so_chua_dat", "Số chưa đạt", |r| r.so_chua_dat.into()),
    Field::all("thu_tu", "Thứ tự", |r| (r.thu_tu as u64).into()),
    Field::all("ma_dinh_danh", "Mã định danh", |r| r.ma_dinh_danh.as_str().into()),
    Field::all("ho_ten", "Họ và tên", |r| r.ho_ten.as_str().into()),
    Field::all("doi_tuong", "Đối tượng", |r| r.doi_tuong.as_str().into()),
    Field::all("tong_diem", "Tổng điểm", |r| Value::Figure(r.tong_diem.clone()).into()),
    Field::all("nguong", "Ngưỡng", |r| Value::Figure(r.nguong.clone()).into()),
    Field::all("thieu_diem", "Thiếu điểm", |r| Value::Figure(r.thieu_diem.clone()).into()),
    Field::all("chi_so_duoi_toi_thieu", "Chỉ số dưới mức tối thiểu", |r| {
        r.chi_so_duoi_toi_thieu.as_str().into()
    }),
    Field::all("diem_can_them", "Điểm cần thêm", |r| Value::Figure(r.diem_can_them.clone()).into()),
];

/// The close list: a list of people, marked as such.
pub fn sheet(rows: &[CloseRow]) -> Sheet {
    let mut sheet = Sheet::new(OutputKind::List, "Gần đạt", columns(FIELDS)).with_json(rows);
    for r in rows {
        sheet.push(Row::new(cells(FIELDS, r)));
    }
    sheet
}
