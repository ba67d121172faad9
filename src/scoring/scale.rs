//! The one scoring mechanism for every criteria set: items of a record carry points, the
//! points are summed, items below a floor are named, and the total falls in the highest band
//! it reaches. A person's Công dân học tập (one band: Đạt from 80, or 70 in disadvantaged
//! areas; floor 5 per indicator) and a unit's TT 22/2020 grade (bands Tốt, Khá, Trung bình)
//! are both this function over different records; only the numbers differ, and they are data.

use crate::number::Points;

/// The result of one record on a scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleResult {
    pub total: Points,
    /// Indexes of the items below the floor.
    pub below_floor: Vec<usize>,
    /// Index of the highest band whose minimum the total reaches (bands are highest first),
    /// `None` when the total is below every band or an item is below the floor.
    pub band: Option<usize>,
}

/// Scores one record. `bands` holds each band's minimum total, highest first.
pub fn score(points: &[Points], floor: Option<Points>, bands: &[Points]) -> ScaleResult {
    let (total, band) = total_and_band(points.iter().copied(), floor, bands);
    let below_floor: Vec<usize> = match floor {
        Some(min) => points.iter().enumerate().filter(|(_, p)| **p < min).map(|(i, _)| i).collect(),
        None => Vec::new(),
    };
    ScaleResult { total, below_floor, band }
}

/// The total and band of [`score`] without the list of items below the floor: no allocation,
/// for scoring a row on the hot path by the same rule.
pub fn total_and_band(
    points: impl IntoIterator<Item = Points>,
    floor: Option<Points>,
    bands: &[Points],
) -> (Points, Option<usize>) {
    let mut total = Points(0);
    let mut below_floor = false;
    for p in points {
        total = total + p;
        below_floor |= floor.is_some_and(|min| p < min);
    }
    let band = if below_floor { None } else { bands.iter().position(|&min| total >= min) };
    (total, band)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_are_inclusive_at_their_minimum() {
        let bands = [Points::whole(85), Points::whole(70), Points::whole(50)];
        let at = |hundredths: u32| score(&[Points(hundredths)], None, &bands).band;
        assert_eq!(at(8500), Some(0));
        assert_eq!(at(8499), Some(1));
        assert_eq!(at(7000), Some(1));
        assert_eq!(at(6999), Some(2));
        assert_eq!(at(5000), Some(2));
        assert_eq!(at(4999), None);
    }

    #[test]
    fn an_item_below_the_floor_fails_whatever_the_total() {
        let r = score(&[Points(450), Points::whole(10)], Some(Points::whole(5)), &[Points::whole(10)]);
        assert_eq!((r.total, r.below_floor.as_slice(), r.band), (Points(1450), &[0][..], None));
    }
}
