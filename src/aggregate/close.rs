//! Who is close: per unit, the people not yet recognised, ordered by how little they lack, so a
//! school that needs three more recognised people knows whom to help first. Only the nearest
//! `keep` people of each unit are held (a bounded heap), never the recognised ones, so memory
//! stays small on a province-wide run.

use std::collections::{BTreeMap, BinaryHeap};

use serde::Serialize;

use crate::aggregate::sink::PersonSink;
use crate::criteria::Criteria;
use crate::input::person::PersonRow;
use crate::number::Points;
use crate::scoring::{Assessment, Outcome};

/// One person not yet recognised, with what they lack.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ClosePerson {
    pub ma_dinh_danh: String,
    pub ho_ten: String,
    pub doi_tuong: String,
    pub tong_diem: String,
    pub nguong: String,
    /// Points short of the threshold (0 when the total is enough).
    pub thieu_diem: String,
    /// Indicators below the floor, "2.2 = 4".
    pub chi_so_duoi_toi_thieu: Vec<String>,
    /// The least points to add: the larger of the total's shortfall and the sum of what the
    /// low indicators need to reach the floor (raising those raises the total too).
    pub diem_can_them: String,
}

/// Ordering key: least points to add, then fewest low indicators, then id (ties are broken
/// the same way on every run).
type Key = (Points, usize, String);

#[derive(Debug, Default, Clone, Serialize)]
pub struct CloseUnit {
    /// Everyone not recognised in the unit (scored rows only; `Lỗi` rows are in the findings).
    pub so_chua_dat: u64,
    pub nguoi: Vec<ClosePerson>,
}

pub struct CloseCollector<'c> {
    criteria: &'c Criteria,
    keep: usize,
    units: BTreeMap<String, (u64, BinaryHeap<(Key, ClosePerson)>)>,
}

impl<'c> CloseCollector<'c> {
    pub fn new(criteria: &'c Criteria, keep: usize) -> Self {
        CloseCollector { criteria, keep, units: BTreeMap::new() }
    }

    /// The nearest people of each unit, nearest first.
    pub fn finish(self) -> BTreeMap<String, CloseUnit> {
        self.units
            .into_iter()
            .map(|(code, (count, heap))| {
                let nguoi = heap.into_sorted_vec().into_iter().map(|(_, p)| p).collect();
                (code, CloseUnit { so_chua_dat: count, nguoi })
            })
            .collect()
    }
}

impl PersonSink for CloseCollector<'_> {
    fn person(&mut self, row: &PersonRow, a: &Assessment) -> std::io::Result<()> {
        if a.outcome != Outcome::NotRecognised {
            return Ok(());
        }
        let Some(total) = a.total else { return Ok(()) };
        let cdht = &self.criteria.cdht;
        let floor = cdht.min_indicator.points;
        let mut low = Vec::new();
        let mut low_need = Points(0);
        for (ind, s) in cdht.indicators.iter().zip(&row.scores) {
            let s = s.unwrap_or_default();
            if s < floor {
                low.push(format!("{} = {s}", ind.code));
                low_need = low_need + Points(floor.0 - s.0);
            }
        }
        let short = Points(a.threshold.0.saturating_sub(total.0));
        let need = short.max(low_need);
        let person = ClosePerson {
            ma_dinh_danh: row.id.clone(),
            ho_ten: row.name.clone(),
            doi_tuong: row.doi_tuong.clone(),
            tong_diem: total.to_string(),
            nguong: a.threshold.to_string(),
            thieu_diem: short.to_string(),
            chi_so_duoi_toi_thieu: low,
            diem_can_them: need.to_string(),
        };
        let key = (need, person.chi_so_duoi_toi_thieu.len(), row.id.clone());
        let (count, heap) = self.units.entry(row.unit_code.clone()).or_default();
        *count += 1;
        heap.push((key, person));
        if heap.len() > self.keep {
            heap.pop();
        }
        Ok(())
    }
}
