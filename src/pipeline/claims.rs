//! Where an id was first claimed, packed into one `u64`: the id set holds nothing else per
//! person.

use super::*;

/// Table ids and line numbers share one `u64` in the id set.
pub(super) const LINE_BITS: u32 = 40;
/// A table is a file, or one sheet of a workbook: its id is the file's index and the sheet's
/// place among the workbook's sheets.
pub(super) const SHEET_BITS: u32 = 8;
pub(super) const MAX_SHEETS: usize = 1 << SHEET_BITS;
pub(super) const MAX_FILES: usize = 1 << (64 - LINE_BITS - SHEET_BITS);
pub(super) const MAX_LINE: u64 = (1 << LINE_BITS) - 1;

/// The id of sheet `k` (0 for a CSV) of file `index`.
pub(super) fn table_id(index: usize, k: usize) -> usize {
    (index << SHEET_BITS) | k
}

/// Where an id was first claimed in the run: table id and line.
pub(super) fn pack_place(file: usize, line: u64) -> u64 {
    ((file as u64) << LINE_BITS) | line
}

pub(super) fn unpack_place(v: u64) -> (usize, u64) {
    ((v >> LINE_BITS) as usize, v & MAX_LINE)
}

/// The first row of a file with a given id, as much of it as a later merge needs to turn
/// it into a duplicate: packed as line (40 bits), unit (20), role (2), outcome (2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Claim {
    pub(super) line: u64,
    pub(super) unit: usize,
    pub(super) role: Option<Role>,
    pub(super) outcome: Outcome,
}

pub(super) const UNIT_BITS: u32 = 20;
/// Marks a unit index too large for its field; the real one is in `FileRun::big_units`.
pub(super) const UNIT_ELSEWHERE: u64 = (1 << UNIT_BITS) - 1;

impl Claim {
    pub(super) fn pack(&self, big_units: &mut HashMap<u64, usize>) -> u64 {
        let unit = if (self.unit as u64) < UNIT_ELSEWHERE {
            self.unit as u64
        } else {
            big_units.insert(self.line, self.unit);
            UNIT_ELSEWHERE
        };
        let (role, outcome) = pack_role_outcome(self.role, self.outcome);
        (self.line << (64 - LINE_BITS)) | (unit << 4) | (role << 2) | outcome
    }

    pub(super) fn unpack(v: u64, big_units: &HashMap<u64, usize>) -> Claim {
        let line = v >> (64 - LINE_BITS);
        let unit = (v >> 4) & UNIT_ELSEWHERE;
        let unit = if unit == UNIT_ELSEWHERE { big_units.get(&line).copied().unwrap_or(0) } else { unit as usize };
        let (role, outcome) = unpack_role_outcome(v);
        Claim { line, unit, role, outcome }
    }
}

/// Role (2 bits) and outcome (2 bits) as both packed claims store them; any outcome that is
/// neither recognised nor not is stored as `Invalid`.
fn pack_role_outcome(role: Option<Role>, outcome: Outcome) -> (u64, u64) {
    let role = match role {
        None => 0,
        Some(Role::ThanhVien) => 1,
        Some(Role::NguoiHoc) => 2,
    };
    let outcome = match outcome {
        Outcome::Recognised => 0,
        Outcome::NotRecognised => 1,
        _ => 2,
    };
    (role, outcome)
}

/// The inverse of [`pack_role_outcome`], reading bits 2–3 and 0–1 of `v`.
fn unpack_role_outcome(v: u64) -> (Option<Role>, Outcome) {
    let role = match (v >> 2) & 3 {
        1 => Some(Role::ThanhVien),
        2 => Some(Role::NguoiHoc),
        _ => None,
    };
    let outcome = match v & 3 {
        0 => Outcome::Recognised,
        1 => Outcome::NotRecognised,
        _ => Outcome::Invalid,
    };
    (role, outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_row_said_round_trips() {
        for said in [
            Said { print: u32::MAX, unit: 0x0fff_ffff, role: Some(Role::NguoiHoc), outcome: Outcome::Invalid },
            Said { print: 7, unit: 3, role: None, outcome: Outcome::Recognised },
        ] {
            assert_eq!(Said::unpack(said.pack()), said);
        }
    }

    #[test]
    pub(super) fn claims_and_places_round_trip() {
        let mut big = HashMap::new();
        for claim in [
            Claim { line: 2, unit: 0, role: None, outcome: Outcome::Recognised },
            Claim { line: MAX_LINE, unit: 1_048_574, role: Some(Role::NguoiHoc), outcome: Outcome::Invalid },
            Claim { line: 77, unit: 5_000_000, role: Some(Role::ThanhVien), outcome: Outcome::NotRecognised },
        ] {
            let packed = claim.pack(&mut big);
            assert_eq!(Claim::unpack(packed, &big), claim);
        }
        assert_eq!(big.len(), 1, "only the unit index that does not fit goes aside");
        let last = table_id(MAX_FILES - 1, MAX_SHEETS - 1);
        assert_eq!(unpack_place(pack_place(last, MAX_LINE)), (last, MAX_LINE));
    }
}

/// What the run's id set keeps about the copy of an id it counts, beside its place: a
/// fingerprint of what the row says (unit, group, status, scores), the unit (run-wide index),
/// role and outcome. Two copies that differ here are a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Said {
    pub(super) print: u32,
    pub(super) unit: u32,
    pub(super) role: Option<Role>,
    pub(super) outcome: Outcome,
}

impl Said {
    pub(super) fn pack(&self) -> u64 {
        let (role, outcome) = pack_role_outcome(self.role, self.outcome);
        (u64::from(self.print) << 32) | (u64::from(self.unit & 0x0fff_ffff) << 4) | (role << 2) | outcome
    }

    pub(super) fn unpack(v: u64) -> Said {
        let (role, outcome) = unpack_role_outcome(v);
        Said { print: (v >> 32) as u32, unit: ((v >> 4) & 0x0fff_ffff) as u32, role, outcome }
    }
}

/// The fingerprint of what a row says about its person, besides the id: two copies of an id
/// agree when their fingerprints, units, roles and outcomes do.
pub(super) fn fingerprint(row: &TypedRow<'_>, scores: &[Option<crate::number::Points>], area: Option<bool>) -> u32 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = FixedState::with_seed(0x5eed).build_hasher();
    row.unit_code.as_ref().hash(&mut h);
    row.role.hash(&mut h);
    match row.status {
        Status::Counted => 0usize.hash(&mut h),
        Status::Excluded(i) => (i + 1).hash(&mut h),
    }
    area.hash(&mut h);
    scores.hash(&mut h);
    h.finish() as u32
}
