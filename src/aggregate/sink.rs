//! Where scored rows go as they are read: the per-person outputs and collectors implement
//! [`PersonSink`]; the pipeline calls it in input order.

use csv::StringRecord;

use crate::input::header::HeaderMap;
use crate::model::{Assessment, PersonRow};

/// Receives every scored row, in input order (for `--persons`, `--rows-with-errors` and the
/// Excel report).
pub trait PersonSink {
    fn person(&mut self, row: &PersonRow, assessment: &Assessment) -> std::io::Result<()>;

    /// Called once per file, before its rows.
    fn begin_file(&mut self, _file: &FileContext<'_>) -> std::io::Result<()> {
        Ok(())
    }

    /// Called for each row with its cells as read from the file. Only a sink that writes the
    /// original columns back overrides it; the rest see `person`.
    fn person_with_record(
        &mut self,
        row: &PersonRow,
        assessment: &Assessment,
        _record: &StringRecord,
    ) -> std::io::Result<()> {
        self.person(row, assessment)
    }
}

/// The file whose rows follow, for sinks.
pub struct FileContext<'a> {
    pub file: &'a str,
    pub sheet: Option<&'a str>,
    pub header: &'a HeaderMap,
}
