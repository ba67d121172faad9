//! Which chỉ tiêu apply to which kind of unit: the rules of the criteria (`pham_vi`) matched
//! against the unit's school level, managing level and whether it is an educational
//! institution.

use super::Tally;
use super::dvht::is_educational;
use crate::criteria::{ChiTieu, Register, ScopeOutcome, ScopeRule};
use crate::input::units::{CategoryValue, UnitInfo};

/// What the register and the rosters tell of a unit. `None`: not given, or a value the
/// criteria do not list.
#[derive(Debug, Clone, Copy)]
pub struct UnitKind {
    pub level: Option<usize>,
    pub manager: Option<usize>,
    pub educational: bool,
}

impl UnitKind {
    pub fn of(tally: &Tally, info: Option<&UnitInfo>) -> UnitKind {
        let known = |v: Option<&CategoryValue>| match v {
            Some(CategoryValue::Known(i)) => Some(*i),
            _ => None,
        };
        UnitKind {
            level: known(info.and_then(|i| i.level.as_ref())),
            manager: known(info.and_then(|i| i.manager.as_ref())),
            educational: is_educational(tally, info),
        }
    }
}

/// Whether a chỉ tiêu applies to a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// No rules: every unit.
    Everyone,
    Applies,
    NotApplicable(String),
    /// No source settles it; the reason.
    NoBasis(String),
    /// The register does not tell what the rules need; what is missing.
    Undecided(String),
}

/// `Ok(true)` when the unit matches every dimension the rule lists, `Ok(false)` when one it
/// knows differs, `Err(what)` when it cannot tell for lack of `what`.
fn matches(rule: &ScopeRule, kind: &UnitKind) -> Result<bool, &'static str> {
    if rule.educational.is_some_and(|e| e != kind.educational) {
        return Ok(false);
    }
    let mut unknown = None;
    for (wanted, have, what) in [
        (&rule.levels, kind.level, "cấp học (cột cap_hoc)"),
        (&rule.managers, kind.manager, "cấp quản lý (cột cap_quan_ly)"),
    ] {
        if wanted.is_empty() {
            continue;
        }
        match have {
            Some(i) if !wanted.contains(&i) => return Ok(false),
            Some(_) => {}
            None => unknown = unknown.or(Some(what)),
        }
    }
    match unknown {
        Some(what) => Err(what),
        None => Ok(true),
    }
}

/// The first rule that matches decides; a unit no rule matches is outside the scope.
pub fn scope_of(item: &ChiTieu, kind: &UnitKind, register: &Register) -> Scope {
    if item.scope.is_empty() {
        return Scope::Everyone;
    }
    for rule in &item.scope {
        match matches(rule, kind) {
            Ok(false) => continue,
            Ok(true) => {
                return match rule.outcome {
                    ScopeOutcome::ApDung => Scope::Applies,
                    ScopeOutcome::KhongApDung => Scope::NotApplicable(rule.note.clone()),
                    ScopeOutcome::ChuaDuCanCu => Scope::NoBasis(rule.note.clone()),
                };
            }
            Err(what) => {
                return Scope::Undecided(format!(
                    "tệp đơn vị không cho biết {what} của đơn vị, nên chưa xác định được chỉ tiêu có áp dụng hay không"
                ));
            }
        }
    }
    let applies: Vec<String> =
        item.scope.iter().filter(|r| r.outcome == ScopeOutcome::ApDung).map(|r| r.describe(register)).collect();
    if applies.is_empty() {
        Scope::NotApplicable("không thuộc phạm vi áp dụng".into())
    } else {
        Scope::NotApplicable(format!("chỉ áp dụng cho {}", applies.join(" hoặc ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::embedded;

    fn item(code: &str) -> ChiTieu {
        embedded().dvht.levels.iter().flat_map(|l| l.items.clone()).find(|i| i.code == code).unwrap()
    }

    fn kind(level: &str, educational: bool) -> UnitKind {
        let c = embedded();
        let level = c.register.levels.iter().position(|l| l.code == level);
        let manager = level.and_then(|i| c.register.levels[i].manager);
        UnitKind { level, manager, educational }
    }

    #[test]
    fn the_learner_share_applies_to_provincial_schools_and_is_unsettled_for_commune_ones() {
        let c = embedded();
        let share = item("M2-3.2");
        assert_eq!(scope_of(&share, &kind("thpt", true), &c.register), Scope::Applies);
        assert!(matches!(scope_of(&share, &kind("tieu_hoc", true), &c.register), Scope::NoBasis(_)));
        assert!(matches!(scope_of(&share, &kind("thcs", true), &c.register), Scope::NoBasis(_)));
        assert!(matches!(scope_of(&share, &kind("mam_non", true), &c.register), Scope::NotApplicable(_)));
        assert!(matches!(scope_of(&share, &kind("co_quan", false), &c.register), Scope::NotApplicable(_)));
        let unknown = UnitKind { level: None, manager: None, educational: true };
        assert!(matches!(scope_of(&share, &unknown, &c.register), Scope::Undecided(_)));
        // A unit that is not a school needs no register to be outside the scope.
        let company = UnitKind { level: None, manager: None, educational: false };
        assert!(matches!(scope_of(&share, &company, &c.register), Scope::NotApplicable(_)));
    }

    #[test]
    fn digital_transformation_applies_to_upper_secondary_and_continuing_education_only() {
        let c = embedded();
        for code in ["3.5", "M2-3.5"] {
            let dt = item(code);
            for level in ["thpt", "lien_cap_thpt", "gdnn_gdtx"] {
                assert_eq!(scope_of(&dt, &kind(level, true), &c.register), Scope::Applies, "{code} {level}");
            }
            for level in ["mam_non", "tieu_hoc", "thcs", "lien_cap"] {
                let s = scope_of(&dt, &kind(level, true), &c.register);
                assert!(
                    matches!(&s, Scope::NotApplicable(w) if w.contains("THPT, Liên cấp có THPT, GDNN-GDTX")),
                    "{code} {level}: {s:?}"
                );
            }
        }
        assert_eq!(scope_of(&item("3.3"), &kind("tieu_hoc", true), &c.register), Scope::Everyone);
    }

    #[test]
    fn the_older_educational_only_flag_is_one_rule() {
        let toml = r#"
ke_thua = "ninh-binh-2025"
[bo]
ma = "cu"
ten = "Bộ cũ"
phien_ban = "1"
[dvht]
nguon = "x"
[[dvht.muc_do]]
muc = 1
ten = "Mức độ 1"
[[dvht.muc_do.chi_tieu]]
ma = "3.2"
noi_dung = "Người học"
nguon = "x"
ty_le_cdht = { vai_tro = "nguoi_hoc", nguong = 95, chi_co_so_giao_duc = true }
"#;
        let c = crate::criteria::load_str(toml, "cu.toml").unwrap();
        let share = &c.dvht.levels[0].items[0];
        let unknown = |educational| UnitKind { level: None, manager: None, educational };
        assert_eq!(scope_of(share, &unknown(true), &c.register), Scope::Applies);
        assert!(
            matches!(scope_of(share, &unknown(false), &c.register), Scope::NotApplicable(w) if w == "chỉ áp dụng cho cơ sở giáo dục")
        );
    }
}
