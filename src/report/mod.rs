//! Reports: the report model, its views as sheets ([`sheet::Sheet`]), and one renderer per
//! format (`render/`), with the format of every output decided once (`format`).

pub mod close;
pub mod compare;
pub mod dossier;
pub mod failed_rows;
pub mod findings_file;
pub mod format;
pub mod html;
pub mod merge;
pub mod model;
pub mod paper;
pub mod person_columns;
pub mod persons;
pub mod ranking;
pub mod recognition;
pub mod render;
pub mod saved;
pub mod sheet;
pub mod sinks;
pub mod summary;
pub mod template_xlsx;
pub mod views;
pub mod xlsx;

pub use model::{Report, UnitRow, build};
