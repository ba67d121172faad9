//! A Learning Unit graded on a points scale (TT 22/2020): the register gives each criterion's
//! points; the total falls in a band through the same [`crate::scoring::scale`] as a person.

use super::dvht::{DvhtResult, INSUFFICIENT, ItemResult, ItemStatus};
use crate::criteria::PointScale;
use crate::input::units::UnitInfo;
use crate::number::Points;
use crate::scoring::scale;

pub fn evaluate(s: &PointScale, info: Option<&UnitInfo>, year: Option<u16>) -> DvhtResult {
    let mut items = Vec::new();
    let mut points = Vec::new();
    let mut missing = Vec::new();
    for item in &s.items {
        let p = info.and_then(|i| i.points.get(&item.code).copied().flatten());
        let (status, evidence) = match (info, p) {
            (_, Some(p)) => (ItemStatus::Scored, format!("{p}/{} điểm (tệp đơn vị)", item.max)),
            (None, None) => (ItemStatus::Unknown, "không có tệp đơn vị (--tep-don-vi) cho đơn vị này".to_string()),
            (Some(i), None) if i.points.contains_key(&item.code) => {
                (ItemStatus::Unknown, "ô trống hoặc không đọc được trong tệp đơn vị".to_string())
            }
            (Some(_), None) => (ItemStatus::Unknown, "tệp đơn vị không có cột tiêu chí này".to_string()),
        };
        if let Some(p) = p {
            points.push(p);
        } else {
            missing.push(item.code.clone());
        }
        items.push(ItemResult {
            muc_do: 0,
            ma: item.code.clone(),
            noi_dung: item.wording.clone(),
            ket_qua: status,
            minh_chung: evidence,
            neu_ap_dung: None,
            chua_xac_minh: None,
        });
    }
    let max: Points = s.items.iter().map(|i| i.max).sum();
    let mins: Vec<Points> = s.bands.iter().map(|b| b.min).collect();
    let (label, level, top, diem) = if missing.is_empty() {
        let r = scale::score(&points, None, &mins);
        let diem = Some(format!("{}/{max}", r.total));
        match r.band {
            Some(b) => (s.bands[b].name.clone(), (s.bands.len() - b) as u8, b == 0, diem),
            None => (s.below.clone(), 0, false, diem),
        }
    } else {
        (INSUFFICIENT.to_string(), 0, false, None)
    };
    DvhtResult {
        muc_do: label,
        muc: level,
        thieu: missing,
        chi_tieu: items,
        cao_nhat: top,
        diem,
        nam_danh_gia: year,
        ngay_danh_gia: None,
        cong_nhan_truoc: None,
        chua_du_can_cu: Vec::new(),
        ghi_chu: Vec::new(),
    }
}
