//! The Đơn vị học tập level of a unit: every chỉ tiêu of a level evaluated from the rosters'
//! shares or the unit file's declarations, then the highest level whose chỉ tiêu are all met.
//! A higher level includes every chỉ tiêu of the levels below it.

use serde::Serialize;

use super::Tally;
use crate::criteria::{ChiTieuKind, Criteria, Role};
use crate::input::units::{Declared, UnitInfo};
use crate::number::Rate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ItemStatus {
    #[serde(rename = "Đạt")]
    Met,
    #[serde(rename = "Không đạt")]
    NotMet,
    #[serde(rename = "Chưa có dữ liệu")]
    Unknown,
    #[serde(rename = "Không áp dụng")]
    NotApplicable,
    /// A points-scale item with its points: graded by the total, not met or unmet alone.
    #[serde(rename = "Có điểm")]
    Scored,
}

impl ItemStatus {
    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::Met => "Đạt",
            ItemStatus::NotMet => "Không đạt",
            ItemStatus::Unknown => "Chưa có dữ liệu",
            ItemStatus::NotApplicable => "Không áp dụng",
            ItemStatus::Scored => "Có điểm",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemResult {
    pub muc_do: u8,
    pub ma: String,
    pub noi_dung: String,
    pub ket_qua: ItemStatus,
    /// What the decision rests on: "46/48 = 95.83% ≥ 90%", "Đạt (tệp đơn vị)".
    pub minh_chung: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DvhtResult {
    /// "Mức độ 2", "Mức độ 1", "Chưa đạt" or "Chưa đủ dữ liệu".
    pub muc_do: String,
    /// The achieved level number, 0 when none.
    pub muc: u8,
    /// Codes of the chỉ tiêu that keep the unit from the next level (unmet or unknown).
    pub thieu: Vec<String>,
    pub chi_tieu: Vec<ItemResult>,
    /// The highest level (or band) of the set: a candidate for commendation.
    pub cao_nhat: bool,
    /// Total points on a points scale ("86/100").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diem: Option<String>,
    /// The year assessed, when known (`--nam` or the register's `nam_danh_gia`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nam_danh_gia: Option<u16>,
    /// The previous recognition and whether it still holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cong_nhan_truoc: Option<String>,
    /// What could not be checked and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ghi_chu: Vec<String>,
}

pub const NOT_MET: &str = "Chưa đạt";
pub const INSUFFICIENT: &str = "Chưa đủ dữ liệu";

/// Whether the unit is an educational institution: as declared, else when it has learners.
pub fn is_educational(tally: &Tally, info: Option<&UnitInfo>) -> bool {
    info.and_then(|i| i.educational).unwrap_or(tally.learners_seen > 0)
}

pub fn evaluate(criteria: &Criteria, tally: &Tally, info: Option<&UnitInfo>) -> DvhtResult {
    evaluate_in(criteria, tally, info, None)
}

/// The code of the time rule of a level: "TG-M2".
pub fn time_rule_code(level: u8) -> String {
    format!("TG-M{level}")
}

/// Evaluates a unit in assessment year `year` (else the register's `nam_danh_gia`).
pub fn evaluate_in(criteria: &Criteria, tally: &Tally, info: Option<&UnitInfo>, year: Option<u16>) -> DvhtResult {
    let year = year.or_else(|| info.and_then(|i| i.year));
    if let Some(scale) = &criteria.dvht.scale {
        return super::dvht_scale::evaluate(scale, info, year);
    }
    let mut notes = Vec::new();
    let educational = is_educational(tally, info);
    let mut items = Vec::new();
    for level in &criteria.dvht.levels {
        for item in &level.items {
            let (status, evidence) = match &item.kind {
                ChiTieuKind::CdhtShare { role, share, only_educational } => {
                    let (part, whole, who) = match role {
                        Role::ThanhVien => (tally.members_recognised, tally.members_counted, "thành viên"),
                        Role::NguoiHoc => (tally.learners_recognised, tally.learners_counted, "người học"),
                    };
                    let goal = share.percent_text();
                    let declared_na = info.and_then(|i| i.declared.get(&item.code)) == Some(&Declared::NotApplicable);
                    if declared_na {
                        (ItemStatus::NotApplicable, "Không áp dụng (tệp đơn vị)".to_string())
                    } else if *only_educational && !educational {
                        (ItemStatus::NotApplicable, "không phải cơ sở giáo dục".to_string())
                    } else if whole == 0 {
                        (ItemStatus::Unknown, format!("không có {who} nào được tính"))
                    } else {
                        let rate = Rate::of(part, whole).map_or_else(String::new, |r| r.to_string());
                        if share.is_met(part, whole) {
                            (ItemStatus::Met, format!("{part}/{whole} = {rate}% ≥ {goal}%"))
                        } else {
                            (ItemStatus::NotMet, format!("{part}/{whole} = {rate}% < {goal}%"))
                        }
                    }
                }
                ChiTieuKind::Declared => match info.map(|i| i.declared.get(&item.code)) {
                    None => (ItemStatus::Unknown, "không có tệp đơn vị (--units) cho đơn vị này".into()),
                    Some(None) => (ItemStatus::Unknown, "tệp đơn vị không có cột chỉ tiêu này".into()),
                    Some(Some(Declared::Unknown)) => (ItemStatus::Unknown, "ô trống trong tệp đơn vị".into()),
                    Some(Some(Declared::Met)) => (ItemStatus::Met, "Đạt (tệp đơn vị)".into()),
                    Some(Some(Declared::NotMet)) => (ItemStatus::NotMet, "Không đạt (tệp đơn vị)".into()),
                    Some(Some(Declared::NotApplicable)) => {
                        (ItemStatus::NotApplicable, "Không áp dụng (tệp đơn vị)".into())
                    }
                },
            };
            items.push(ItemResult {
                muc_do: level.level,
                ma: item.code.clone(),
                noi_dung: item.wording.clone(),
                ket_qua: status,
                minh_chung: evidence,
            });
        }
        if let Some(rule) = &level.after_lower {
            let lower = criteria.dvht.levels.iter().rev().find(|l| l.level < level.level);
            let lower_name = lower.map_or_else(|| "mức thấp hơn".to_string(), |l| l.name.clone());
            match info.and_then(|i| i.previous.as_ref()) {
                None => notes.push(format!(
                    "chưa xét điều kiện thời gian của {}: tệp đơn vị không có cột muc_do_cong_nhan",
                    level.name
                )),
                Some(previous) => {
                    let (status, evidence) = super::dvht_time::time_rule(
                        previous,
                        lower.map_or(0, |l| l.level),
                        rule.years,
                        criteria.dvht.validity.as_ref().map(|v| v.years),
                        year,
                    );
                    items.push(ItemResult {
                        muc_do: level.level,
                        ma: time_rule_code(level.level),
                        noi_dung: format!(
                            "Đã được công nhận {lower_name}, còn hiệu lực, từ ít nhất {} năm trước năm đánh giá ({})",
                            rule.years, rule.source
                        ),
                        ket_qua: status,
                        minh_chung: evidence,
                    });
                }
            }
        }
    }
    let previous_text = info
        .and_then(|i| i.previous.as_ref())
        .map(|p| super::dvht_time::describe(p, criteria.dvht.validity.as_ref().map(|v| v.years), year));

    let codes_where = |level: u8, pick: &dyn Fn(ItemStatus) -> bool| -> Vec<String> {
        items.iter().filter(|i| i.muc_do == level && pick(i.ket_qua)).map(|i| i.ma.clone()).collect()
    };
    let blocking = |s: ItemStatus| matches!(s, ItemStatus::NotMet | ItemStatus::Unknown);

    let mut achieved: Option<&crate::criteria::Level> = None;
    let mut missing = Vec::new();
    let mut label = String::new();
    for (i, level) in criteria.dvht.levels.iter().enumerate() {
        let not_met = codes_where(level.level, &|s| s == ItemStatus::NotMet);
        let unknown = codes_where(level.level, &|s| s == ItemStatus::Unknown);
        if not_met.is_empty() && unknown.is_empty() {
            achieved = Some(level);
            continue;
        }
        if i == 0 {
            // The lowest level: a known failure decides, whatever else is missing.
            label = if not_met.is_empty() { INSUFFICIENT } else { NOT_MET }.to_string();
        }
        missing = codes_where(level.level, &blocking);
        break;
    }
    if let Some(level) = achieved {
        label = level.name.clone();
    }
    let top = criteria.dvht.levels.last().map(|l| l.level);
    DvhtResult {
        muc_do: label,
        muc: achieved.map_or(0, |l| l.level),
        thieu: missing,
        chi_tieu: items,
        cao_nhat: achieved.is_some() && achieved.map(|l| l.level) == top,
        diem: None,
        nam_danh_gia: year,
        cong_nhan_truoc: previous_text,
        ghi_chu: notes,
    }
}
