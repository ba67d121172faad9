//! Reports: pure renderings of the [`model::Report`] into bytes, one module per format.

pub mod csv;
pub mod json;
pub mod model;
pub mod persons;
pub mod table;

pub use model::{Report, UnitRow, build};
