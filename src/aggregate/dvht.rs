//! The Đơn vị học tập level of a unit: every chỉ tiêu of a level evaluated from the rosters'
//! shares or the unit file's declarations, then the highest level whose chỉ tiêu are all met.
//! A higher level includes every chỉ tiêu of the levels below it. Which chỉ tiêu apply to
//! which kind of unit is data (`pham_vi`, see [`super::dvht_scope`]).

use serde::Serialize;

use super::Tally;
use super::dvht_scope::{Scope, UnitKind, scope_of};
use super::dvht_time::{UnitWhen, When, date_text};
use crate::criteria::{ChiTieu, ChiTieuKind, Criteria, Role};
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
    /// No source settles whether the chỉ tiêu applies to this kind of unit.
    #[serde(rename = "Chưa đủ căn cứ")]
    NoBasis,
}

impl ItemStatus {
    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::Met => "Đạt",
            ItemStatus::NotMet => "Không đạt",
            ItemStatus::Unknown => "Chưa có dữ liệu",
            ItemStatus::NotApplicable => "Không áp dụng",
            ItemStatus::Scored => "Có điểm",
            ItemStatus::NoBasis => "Chưa đủ căn cứ",
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
    /// For a chỉ tiêu "Chưa đủ căn cứ": its result if it applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub neu_ap_dung: Option<ItemStatus>,
    /// Why the wording or number is not confirmed by a source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chua_xac_minh: Option<String>,
}

impl ItemResult {
    /// "Chưa đủ căn cứ (nếu áp dụng: Không đạt)", else the result's label.
    pub fn result_text(&self) -> String {
        match self.neu_ap_dung {
            Some(s) if self.ket_qua == ItemStatus::NoBasis => {
                format!("{} (nếu áp dụng: {})", self.ket_qua.label(), s.label())
            }
            _ => self.ket_qua.label().to_string(),
        }
    }

    /// The wording, with the warning when no source confirms it: what a dossier prints.
    pub fn wording_with_flags(&self) -> String {
        match &self.chua_xac_minh {
            Some(why) => format!("{} [CHƯA XÁC MINH: {why}]", self.noi_dung),
            None => self.noi_dung.clone(),
        }
    }

    /// Whether the item keeps the unit from its level: unmet, unknown, or unsettled with a
    /// result that would not be met.
    pub fn blocks(&self) -> bool {
        match self.ket_qua {
            ItemStatus::NotMet | ItemStatus::Unknown => true,
            ItemStatus::NoBasis => self.neu_ap_dung != Some(ItemStatus::Met),
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DvhtResult {
    /// "Mức độ 2", "Mức độ 1", "Chưa đạt", "Chưa đủ dữ liệu" or "Chưa đủ căn cứ".
    pub muc_do: String,
    /// The achieved level number, 0 when none.
    pub muc: u8,
    /// Codes of the chỉ tiêu that keep the unit from the next level (unmet, unknown, unsettled).
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
    /// The date the time rules count to: `--ngay-danh-gia`, else 31/12 of the year assessed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ngay_danh_gia: Option<String>,
    /// The previous recognition and whether it still holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cong_nhan_truoc: Option<String>,
    /// Codes of the chỉ tiêu no source settles for this kind of unit.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chua_du_can_cu: Vec<String>,
    /// What could not be checked and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ghi_chu: Vec<String>,
}

impl DvhtResult {
    /// One line per chỉ tiêu that rests on an unverified value or that no source settles for
    /// the unit, for the foot of a dossier.
    pub fn caveats(&self) -> Vec<String> {
        let mut out = Vec::new();
        for i in &self.chi_tieu {
            if let Some(why) = &i.chua_xac_minh {
                out.push(format!("Chưa xác minh: chỉ tiêu {} — {why}", i.ma));
            }
            if i.ket_qua == ItemStatus::NoBasis {
                let would = i.neu_ap_dung.map_or("", ItemStatus::label);
                out.push(format!("Chưa đủ căn cứ: chỉ tiêu {} (nếu áp dụng: {would}) — {}", i.ma, i.minh_chung));
            }
        }
        out
    }
}

pub const NOT_MET: &str = "Chưa đạt";
pub const INSUFFICIENT: &str = "Chưa đủ dữ liệu";
/// No level is certain: the lowest one hangs on a chỉ tiêu no source settles for the unit.
pub const NO_BASIS: &str = "Chưa đủ căn cứ";

/// Whether the unit is an educational institution: as declared, else when it has learners.
pub fn is_educational(tally: &Tally, info: Option<&UnitInfo>) -> bool {
    info.and_then(|i| i.educational).unwrap_or(tally.learners_seen > 0)
}

pub fn evaluate(criteria: &Criteria, tally: &Tally, info: Option<&UnitInfo>) -> DvhtResult {
    evaluate_in(criteria, tally, info, When::default())
}

/// The code of the time rule of a level: "TG-M2".
pub fn time_rule_code(level: u8) -> String {
    format!("TG-M{level}")
}

/// The chỉ tiêu's own result, as if it applied: the share from the rosters, or the unit
/// file's declaration. `declared_na_counts`: a declared "Không áp dụng" is taken as such.
fn own_result(
    item: &ChiTieu,
    tally: &Tally,
    info: Option<&UnitInfo>,
    declared_na_counts: bool,
) -> (ItemStatus, String) {
    let declared = info.map(|i| i.declared.get(&item.code).copied());
    if declared_na_counts && declared == Some(Some(Declared::NotApplicable)) {
        return (ItemStatus::NotApplicable, "Không áp dụng (tệp đơn vị)".into());
    }
    match &item.kind {
        ChiTieuKind::CdhtShare { role, share } => {
            let (part, whole, who) = match role {
                Role::ThanhVien => (tally.members_recognised, tally.members_counted, "thành viên"),
                Role::NguoiHoc => (tally.learners_recognised, tally.learners_counted, "người học"),
            };
            if whole == 0 {
                return (ItemStatus::Unknown, format!("không có {who} nào được tính"));
            }
            let rate = Rate::of(part, whole).map_or_else(String::new, |r| r.to_string());
            let goal = share.percent_text();
            if share.is_met(part, whole) {
                (ItemStatus::Met, format!("{part}/{whole} = {rate}% ≥ {goal}%"))
            } else {
                (ItemStatus::NotMet, format!("{part}/{whole} = {rate}% < {goal}%"))
            }
        }
        ChiTieuKind::Declared => match declared {
            None => (ItemStatus::Unknown, "không có tệp đơn vị (--tep-don-vi) cho đơn vị này".into()),
            Some(None) => (ItemStatus::Unknown, "tệp đơn vị không có cột chỉ tiêu này".into()),
            Some(Some(Declared::Unknown)) => (ItemStatus::Unknown, "ô trống trong tệp đơn vị".into()),
            Some(Some(Declared::Met)) => (ItemStatus::Met, "Đạt (tệp đơn vị)".into()),
            Some(Some(Declared::NotMet)) => (ItemStatus::NotMet, "Không đạt (tệp đơn vị)".into()),
            Some(Some(Declared::NotApplicable)) => {
                (ItemStatus::Unknown, "tệp đơn vị ghi Không áp dụng cho chỉ tiêu áp dụng với đơn vị này".into())
            }
        },
    }
}

/// One chỉ tiêu for one unit: its scope first, then its own result.
fn evaluate_item(
    criteria: &Criteria,
    item: &ChiTieu,
    kind: &UnitKind,
    tally: &Tally,
    info: Option<&UnitInfo>,
) -> ItemResult {
    let mut would_be = None;
    let (status, evidence) = match scope_of(item, kind, &criteria.register) {
        // Every unit, or a unit whose kind the register does not tell: its own answer stands.
        Scope::Everyone => own_result(item, tally, info, true),
        Scope::Undecided(why) => match own_result(item, tally, info, true) {
            r @ (ItemStatus::NotApplicable, _) => r,
            _ if matches!(item.kind, ChiTieuKind::CdhtShare { .. }) => (ItemStatus::Unknown, why),
            r => r,
        },
        Scope::Applies => own_result(item, tally, info, false),
        Scope::NotApplicable(why) => {
            let ignored = match info.and_then(|i| i.declared.get(&item.code)) {
                Some(Declared::Met) => "; tệp đơn vị ghi Đạt, không dùng",
                Some(Declared::NotMet) => "; tệp đơn vị ghi Không đạt, không dùng",
                _ => "",
            };
            (ItemStatus::NotApplicable, format!("không áp dụng: {why}{ignored}"))
        }
        Scope::NoBasis(why) => {
            let (s, e) = own_result(item, tally, info, false);
            would_be = Some(s);
            (ItemStatus::NoBasis, format!("{why}; nếu áp dụng: {e}"))
        }
    };
    ItemResult {
        muc_do: 0,
        ma: item.code.clone(),
        noi_dung: item.wording.clone(),
        ket_qua: status,
        minh_chung: evidence,
        neu_ap_dung: would_be,
        chua_xac_minh: item.unverified.clone(),
    }
}

/// Evaluates a unit assessed at `when` (the register's `nam_danh_gia` fills in the year).
pub fn evaluate_in(criteria: &Criteria, tally: &Tally, info: Option<&UnitInfo>, when: When) -> DvhtResult {
    let when: UnitWhen = when.for_unit(info.and_then(|i| i.year));
    if let Some(scale) = &criteria.dvht.scale {
        return super::dvht_scale::evaluate(scale, info, when.year);
    }
    let mut notes = Vec::new();
    let kind = UnitKind::of(tally, info);
    let mut items = Vec::new();
    for level in &criteria.dvht.levels {
        for item in &level.items {
            items.push(ItemResult { muc_do: level.level, ..evaluate_item(criteria, item, &kind, tally, info) });
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
                    let (status, evidence) =
                        super::dvht_time::time_rule(previous, lower.map_or(0, |l| l.level), rule, &when);
                    items.push(ItemResult {
                        muc_do: level.level,
                        ma: time_rule_code(level.level),
                        noi_dung: format!(
                            "Sau ít nhất {} năm kể từ ngày quyết định công nhận {lower_name}, tính đến ngày đánh giá ({}: \"{}\")",
                            rule.years, rule.source, rule.words
                        ),
                        ket_qua: status,
                        minh_chung: evidence,
                        neu_ap_dung: None,
                        chua_xac_minh: None,
                    });
                }
            }
        }
    }
    let previous_text = info
        .and_then(|i| i.previous.as_ref())
        .map(|p| super::dvht_time::describe(p, criteria.dvht.validity.as_ref(), when.year));

    let codes = |level: u8, pick: &dyn Fn(&ItemResult) -> bool| -> Vec<String> {
        items.iter().filter(|i| i.muc_do == level && pick(i)).map(|i| i.ma.clone()).collect()
    };
    let mut achieved: Option<&crate::criteria::Level> = None;
    let mut missing = Vec::new();
    let mut label = String::new();
    for (i, level) in criteria.dvht.levels.iter().enumerate() {
        let not_met = codes(level.level, &|r| r.ket_qua == ItemStatus::NotMet);
        let unknown = codes(level.level, &|r| r.ket_qua == ItemStatus::Unknown);
        let unsettled = codes(level.level, &|r| r.ket_qua == ItemStatus::NoBasis && r.blocks());
        if not_met.is_empty() && unknown.is_empty() && unsettled.is_empty() {
            achieved = Some(level);
            continue;
        }
        if i == 0 {
            // The lowest level: a known failure decides, whatever else is missing.
            label = if !not_met.is_empty() {
                NOT_MET
            } else if !unknown.is_empty() {
                INSUFFICIENT
            } else {
                NO_BASIS
            }
            .to_string();
        }
        if not_met.is_empty() && unknown.is_empty() {
            notes.push(format!(
                "đạt {} nếu chỉ tiêu {} không áp dụng cho đơn vị: chưa có văn bản xác định",
                level.name,
                unsettled.join(", ")
            ));
        }
        missing = codes(level.level, &ItemResult::blocks);
        break;
    }
    if let Some(level) = achieved {
        label = level.name.clone();
    }
    let top = criteria.dvht.levels.last().map(|l| l.level);
    let unsettled = items.iter().filter(|i| i.ket_qua == ItemStatus::NoBasis).map(|i| i.ma.clone()).collect();
    DvhtResult {
        muc_do: label,
        muc: achieved.map_or(0, |l| l.level),
        thieu: missing,
        chi_tieu: items,
        cao_nhat: achieved.is_some() && achieved.map(|l| l.level) == top,
        diem: None,
        nam_danh_gia: when.year,
        ngay_danh_gia: when.date.map(date_text),
        cong_nhan_truoc: previous_text,
        chua_du_can_cu: unsettled,
        ghi_chu: notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::embedded;
    use crate::input::units::{CategoryValue, Previous};

    /// A school of `level` that declares every chỉ tiêu met, with 20 of 20 members and
    /// `learners` (recognised, counted).
    fn school(c: &Criteria, level: &str, learners: (u64, u64)) -> (Tally, UnitInfo) {
        let tally = Tally {
            counted: 20 + learners.1,
            recognised: 20 + learners.0,
            members_counted: 20,
            members_recognised: 20,
            learners_counted: learners.1,
            learners_recognised: learners.0,
            learners_seen: learners.1,
            ..Tally::default()
        };
        let index = c.register.levels.iter().position(|l| l.code == level).unwrap();
        let info = UnitInfo {
            educational: Some(true),
            declared: crate::input::units::declared_codes(c).into_iter().map(|code| (code, Declared::Met)).collect(),
            level: Some(CategoryValue::Known(index)),
            manager: c.register.levels[index].manager.map(CategoryValue::Known),
            // Already level 2: the time rule is met and out of the way.
            previous: Some(Previous::Level {
                level: 2,
                name: "Mức độ 2".into(),
                year: Some(2023),
                date: None,
                decision: String::new(),
            }),
            ..UnitInfo::default()
        };
        (tally, info)
    }

    #[test]
    fn an_unsettled_chi_tieu_blocks_a_level_only_when_it_would_not_be_met() {
        let c = embedded();
        let level = |lvl: &str, learners| {
            let (t, i) = school(&c, lvl, learners);
            evaluate(&c, &t, Some(&i))
        };
        // 97/100 learners: met at both levels whether or not the share applies.
        let r = level("tieu_hoc", (97, 100));
        assert_eq!((r.muc_do.as_str(), r.thieu.len()), ("Mức độ 2", 0));
        assert_eq!(r.chua_du_can_cu, ["3.2", "M2-3.2"]);
        // 96/100: level 2 hangs on M2-3.2 alone; the note says what it would be.
        let r = level("tieu_hoc", (96, 100));
        assert_eq!((r.muc_do.as_str(), r.thieu.as_slice()), ("Mức độ 1", ["M2-3.2".to_string()].as_slice()));
        assert_eq!(r.ghi_chu, ["đạt Mức độ 2 nếu chỉ tiêu M2-3.2 không áp dụng cho đơn vị: chưa có văn bản xác định"]);
        // 90/100: level 1 hangs on 3.2 alone: no level, and not "Chưa đạt".
        let r = level("thcs", (90, 100));
        assert_eq!((r.muc_do.as_str(), r.muc), (NO_BASIS, 0));
        // The same numbers at a provincial school decide.
        assert_eq!(level("thpt", (90, 100)).muc_do, NOT_MET);
        assert_eq!(level("thpt", (96, 100)).muc_do, "Mức độ 1");
        assert!(level("thpt", (96, 100)).chua_du_can_cu.is_empty());
    }

    #[test]
    fn a_known_failure_outweighs_an_unsettled_chi_tieu() {
        let c = embedded();
        let (t, mut i) = school(&c, "tieu_hoc", (90, 100));
        i.declared.insert("3.4".into(), Declared::NotMet);
        let r = evaluate(&c, &t, Some(&i));
        assert_eq!(r.muc_do, NOT_MET);
        assert_eq!(r.thieu, ["3.2", "3.4"]);
        assert!(r.ghi_chu.is_empty(), "{:?}", r.ghi_chu);
        assert_eq!(
            r.caveats()
                .iter()
                .filter(|l| l.starts_with("Chưa đủ căn cứ: chỉ tiêu 3.2 (nếu áp dụng: Không đạt)"))
                .count(),
            1
        );
    }
}
