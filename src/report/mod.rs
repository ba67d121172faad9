//! Reports: pure renderings of the [`model::Report`] into bytes, one module per format.

pub mod close;
pub mod compare;
pub mod csv;
pub mod dossier;
pub mod failed_rows;
pub mod findings_file;
pub mod html;
pub mod json;
pub mod model;
pub mod persons;
pub mod ranking;
pub mod sinks;
pub mod summary;
pub mod table;
pub mod template_xlsx;
pub mod views;
pub mod xlsx;

pub use model::{Report, UnitRow, build};
