//! Reports: pure renderings of the [`model::Report`] into bytes, one module per format.

pub mod csv;
pub mod failed_rows;
pub mod findings_file;
pub mod json;
pub mod model;
pub mod persons;
pub mod sinks;
pub mod table;
pub mod template_xlsx;
pub mod xlsx;

pub use model::{Report, UnitRow, build};
