//! Aggregation: per-unit tallies of scored rows, duplicate detection across the run, and the
//! Đơn vị học tập level of each unit. Pure data; no I/O.

pub mod close;
pub mod dvht;
mod dvht_scale;
mod dvht_scope;
pub mod dvht_time;
pub mod ids;
pub mod sink;
pub mod tally;
pub mod units;

pub use tally::{Tally, UnitTallies};
