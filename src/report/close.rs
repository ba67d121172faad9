//! The close list (`--gan-dat`) as rows: per unit, nearest first.

use serde::Serialize;

use super::Report;
use super::views::Sheet;

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

pub fn sheet(rows: &[CloseRow]) -> Sheet {
    let headers = [
        "ma_don_vi",
        "ten_don_vi",
        "can_them",
        "so_chua_dat",
        "thu_tu",
        "ma_dinh_danh",
        "ho_ten",
        "doi_tuong",
        "tong_diem",
        "nguong",
        "thieu_diem",
        "chi_so_duoi_toi_thieu",
        "diem_can_them",
    ];
    let titles = [
        "Mã đơn vị",
        "Tên đơn vị",
        "Đơn vị cần thêm",
        "Số chưa đạt",
        "Thứ tự",
        "Mã định danh",
        "Họ và tên",
        "Đối tượng",
        "Tổng điểm",
        "Ngưỡng",
        "Thiếu điểm",
        "Chỉ số dưới mức tối thiểu",
        "Điểm cần thêm",
    ];
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                r.ma_don_vi.clone(),
                r.ten_don_vi.clone(),
                r.can_them.to_string(),
                r.so_chua_dat.to_string(),
                r.thu_tu.to_string(),
                r.ma_dinh_danh.clone(),
                r.ho_ten.clone(),
                r.doi_tuong.clone(),
                r.tong_diem.clone(),
                r.nguong.clone(),
                r.thieu_diem.clone(),
                r.chi_so_duoi_toi_thieu.clone(),
                r.diem_can_them.clone(),
            ]
        })
        .collect();
    Sheet {
        headers: headers.iter().map(|s| s.to_string()).collect(),
        titles: titles.iter().map(|s| s.to_string()).collect(),
        rows,
        numeric: vec![2, 3, 4, 8, 9, 10, 12],
    }
}
