//! How a cell of the group column is read: a value the criteria list, a value whose leading
//! words name a group (learners: "Học sinh lớp 6A", "Hoc sinh", "Trẻ 5 tuổi"), or any other
//! title, which the criteria may make a member (a staff list's Kế toán, Bảo vệ, Văn thư …).

pub use crate::model::summary::TitleCount;

use super::{Role, RoleMap};
use crate::text::{fold_key, fold_value};

/// How a group value was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupHow {
    /// Listed in `[[doi_tuong]].gia_tri`.
    Listed,
    /// Its leading words are a `bat_dau` of `[[doi_tuong]]`.
    Prefix,
    /// Any other title: `[doi_tuong_khac]`.
    Other,
}

/// The words of a text folded without diacritics ("Học  sinh," → ["hoc", "sinh"]).
pub fn bare_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric()).map(fold_key).filter(|w| !w.is_empty()).collect()
}

impl RoleMap {
    /// The group, role and rule of a group cell; `None` for a blank cell or a value no rule
    /// takes (no letter in it, or no `[doi_tuong_khac]`).
    pub fn classify(&self, raw: &str) -> Option<(usize, Role, GroupHow)> {
        if let Some(&(g, r)) = self.by_value.get(&fold_value(raw)) {
            return Some((g, r, GroupHow::Listed));
        }
        if !raw.chars().any(char::is_alphabetic) {
            return None;
        }
        let words = bare_words(raw);
        for (prefix, g, r, _) in &self.prefixes {
            if words.len() >= prefix.len() && words[..prefix.len()] == prefix[..] {
                return Some((*g, *r, GroupHow::Prefix));
            }
        }
        self.other.as_ref().map(|(g, r, _)| (*g, *r, GroupHow::Other))
    }
}

/// Adds `more` into `into`, the same title counted once: titles are compared folded.
pub fn merge_titles(into: &mut Vec<TitleCount>, more: &[TitleCount]) {
    for t in more {
        match into.iter_mut().find(|o| fold_value(&o.chuc_danh) == fold_value(&t.chuc_danh)) {
            Some(o) => o.so_dong += t.so_dong,
            None => into.push(t.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::embedded;

    #[test]
    fn learners_with_and_without_diacritics_and_any_staff_title() {
        let c = embedded();
        let learner = |v: &str| c.roles.classify(v).map(|(_, r, _)| r);
        for v in ["Học sinh", "Hoc sinh", "HỌC SINH LỚP 6A", "Học viên", "Sinh viên", "Trẻ 5 tuổi", "Tre mau giao"]
        {
            assert_eq!(learner(v), Some(Role::NguoiHoc), "{v}");
        }
        for v in ["Kế toán", "Văn thư", "Bảo vệ", "Thủ quỹ", "Phục vụ", "Nhân viên y tế", "Tổng phụ trách Đội"]
        {
            assert_eq!(c.roles.classify(v).map(|(_, r, h)| (r, h)), Some((Role::ThanhVien, GroupHow::Listed)), "{v}");
        }
        assert_eq!(
            c.roles.classify("Nhân viên bán trú").map(|(_, r, h)| (r, h)),
            Some((Role::ThanhVien, GroupHow::Other))
        );
        assert_eq!(c.roles.classify(""), None);
        assert_eq!(c.roles.classify("12"), None);
    }
}
