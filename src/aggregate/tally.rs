//! Per-unit counts. A tally is a sum of people, so tallies of several runs merge by addition.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::criteria::Role;
use crate::number::{Rate, Share};
use crate::scoring::Outcome;

/// One role's people of a tally against a target: the plan's 97% is tested on everyone
/// together, and learners, who are many, can hide members below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleShare {
    pub counted: u64,
    pub recognised: u64,
    /// `None` when nobody of the role is counted.
    pub rate: Option<Rate>,
    /// Exact integer comparison; `None` when nobody of the role is counted.
    pub met: Option<bool>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// In the denominator: recognised, not recognised and invalid rows.
    pub counted: u64,
    pub recognised: u64,
    pub members_counted: u64,
    pub members_recognised: u64,
    pub learners_counted: u64,
    pub learners_recognised: u64,
    pub excluded: u64,
    pub invalid: u64,
    pub duplicates: u64,
    /// Rows of learners seen at all (even excluded): a unit with learners is a school.
    pub learners_seen: u64,
}

impl Tally {
    pub fn record(&mut self, role: Option<Role>, outcome: Outcome) {
        match outcome {
            Outcome::Excluded => self.excluded += 1,
            Outcome::Duplicate => self.duplicates += 1,
            Outcome::Recognised | Outcome::NotRecognised | Outcome::Invalid => {
                let recognised = u64::from(outcome == Outcome::Recognised);
                self.counted += 1;
                self.recognised += recognised;
                self.invalid += u64::from(outcome == Outcome::Invalid);
                match role {
                    Some(Role::ThanhVien) => {
                        self.members_counted += 1;
                        self.members_recognised += recognised;
                    }
                    Some(Role::NguoiHoc) => {
                        self.learners_counted += 1;
                        self.learners_recognised += recognised;
                    }
                    None => {}
                }
            }
        }
        if role == Some(Role::NguoiHoc) && outcome != Outcome::Duplicate {
            self.learners_seen += 1;
        }
    }

    /// Turns a row recorded as a duplicate into `outcome`: the copy a conflict of copies is
    /// counted as.
    pub fn reclassify_duplicate_as(&mut self, role: Option<Role>, outcome: Outcome) {
        let mut row = Tally::default();
        row.record(role, Outcome::Duplicate);
        self.subtract(&row);
        self.record(role, outcome);
    }

    /// Turns a row recorded as `outcome` into a duplicate: a merge found that an earlier
    /// file had already counted the same person.
    pub fn reclassify_as_duplicate(&mut self, role: Option<Role>, outcome: Outcome) {
        let mut row = Tally::default();
        row.record(role, outcome);
        self.subtract(&row);
        self.record(role, Outcome::Duplicate);
    }

    fn subtract(&mut self, o: &Tally) {
        self.counted -= o.counted;
        self.recognised -= o.recognised;
        self.members_counted -= o.members_counted;
        self.members_recognised -= o.members_recognised;
        self.learners_counted -= o.learners_counted;
        self.learners_recognised -= o.learners_recognised;
        self.excluded -= o.excluded;
        self.invalid -= o.invalid;
        self.duplicates -= o.duplicates;
        self.learners_seen -= o.learners_seen;
    }

    /// The sum of two tallies, or `None` if a count would overflow (reports read back by
    /// `merge` are not trusted to be small).
    pub fn checked_sum(&self, o: &Tally) -> Option<Tally> {
        Some(Tally {
            counted: self.counted.checked_add(o.counted)?,
            recognised: self.recognised.checked_add(o.recognised)?,
            members_counted: self.members_counted.checked_add(o.members_counted)?,
            members_recognised: self.members_recognised.checked_add(o.members_recognised)?,
            learners_counted: self.learners_counted.checked_add(o.learners_counted)?,
            learners_recognised: self.learners_recognised.checked_add(o.learners_recognised)?,
            excluded: self.excluded.checked_add(o.excluded)?,
            invalid: self.invalid.checked_add(o.invalid)?,
            duplicates: self.duplicates.checked_add(o.duplicates)?,
            learners_seen: self.learners_seen.checked_add(o.learners_seen)?,
        })
    }

    pub fn add(&mut self, o: &Tally) {
        self.counted += o.counted;
        self.recognised += o.recognised;
        self.members_counted += o.members_counted;
        self.members_recognised += o.members_recognised;
        self.learners_counted += o.learners_counted;
        self.learners_recognised += o.learners_recognised;
        self.excluded += o.excluded;
        self.invalid += o.invalid;
        self.duplicates += o.duplicates;
        self.learners_seen += o.learners_seen;
    }

    /// The people of `role` against `target`.
    pub fn role_share(&self, role: Role, target: &Share) -> RoleShare {
        let (recognised, counted) = match role {
            Role::ThanhVien => (self.members_recognised, self.members_counted),
            Role::NguoiHoc => (self.learners_recognised, self.learners_counted),
        };
        RoleShare {
            counted,
            recognised,
            rate: Rate::of(recognised, counted),
            met: (counted > 0).then(|| target.is_met(recognised, counted)),
        }
    }

    /// Rows of this unit that were read: every one is counted, excluded or a duplicate.
    pub fn rows(&self) -> u64 {
        self.counted + self.excluded + self.duplicates
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitEntry {
    /// The first non-blank name given for the code.
    pub name: String,
    pub tally: Tally,
}

/// Tallies keyed by unit code, sorted, so every report lists units in the same order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitTallies {
    pub units: BTreeMap<String, UnitEntry>,
}

impl UnitTallies {
    /// Records one row. Returns the name already held when `name` differs from it, so the
    /// caller can warn about a code used with two names.
    pub fn record(&mut self, code: &str, name: &str, role: Option<Role>, outcome: Outcome) -> Option<String> {
        let entry = match self.units.get_mut(code) {
            Some(e) => e,
            None => self.units.entry(code.to_string()).or_default(),
        };
        entry.tally.record(role, outcome);
        if entry.name.is_empty() {
            entry.name = name.to_string();
            None
        } else if !name.is_empty() && entry.name != name {
            Some(entry.name.clone())
        } else {
            None
        }
    }

    pub fn total(&self) -> Tally {
        let mut t = Tally::default();
        for e in self.units.values() {
            t.add(&e.tally);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(members: (u64, u64), learners: (u64, u64)) -> Tally {
        let mut t = Tally::default();
        for (role, (ok, all)) in [(Role::ThanhVien, members), (Role::NguoiHoc, learners)] {
            for i in 0..all {
                t.record(Some(role), if i < ok { Outcome::Recognised } else { Outcome::NotRecognised });
            }
        }
        t
    }

    #[test]
    fn members_below_the_target_show_when_learners_carry_the_whole() {
        let target = Share::from_percent_text("97").unwrap();
        // 24/25 members = 96%, 74/75 learners; 98/100 = 98% together.
        let t = unit((24, 25), (74, 75));
        assert!(target.is_met(t.recognised, t.counted));
        let m = t.role_share(Role::ThanhVien, &target);
        assert_eq!((m.recognised, m.counted, m.rate, m.met), (24, 25, Some(Rate(9600)), Some(false)));
        let l = t.role_share(Role::NguoiHoc, &target);
        assert_eq!((l.rate, l.met), (Rate::of(74, 75), Some(true)));
        // Exactly 97 of 100 members is met; nobody of a role is neither met nor unmet.
        let t = unit((97, 100), (0, 0));
        assert_eq!(t.role_share(Role::ThanhVien, &target).met, Some(true));
        assert_eq!(
            t.role_share(Role::NguoiHoc, &target),
            RoleShare { counted: 0, recognised: 0, rate: None, met: None }
        );
    }

    #[test]
    fn reclassifying_equals_recording_a_duplicate() {
        for role in [None, Some(Role::ThanhVien), Some(Role::NguoiHoc)] {
            for outcome in [Outcome::Recognised, Outcome::NotRecognised, Outcome::Invalid] {
                let mut a = Tally::default();
                a.record(Some(Role::NguoiHoc), Outcome::Recognised);
                let mut b = a;
                a.record(role, outcome);
                a.reclassify_as_duplicate(role, outcome);
                b.record(role, Outcome::Duplicate);
                assert_eq!(a, b, "{role:?} {outcome:?}");
            }
        }
    }
}
