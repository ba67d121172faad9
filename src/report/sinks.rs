//! Several per-person outputs fed from one run.

use std::io;

use csv::StringRecord;

use crate::input::person::PersonRow;
use crate::pipeline::{FileContext, PersonSink};
use crate::scoring::Assessment;

/// Passes every call on to each sink, in order.
pub struct Tee<'a>(pub Vec<&'a mut dyn PersonSink>);

impl PersonSink for Tee<'_> {
    fn person(&mut self, row: &PersonRow, assessment: &Assessment) -> io::Result<()> {
        self.0.iter_mut().try_for_each(|s| s.person(row, assessment))
    }

    fn begin_file(&mut self, file: &FileContext<'_>) -> io::Result<()> {
        self.0.iter_mut().try_for_each(|s| s.begin_file(file))
    }

    fn person_with_record(&mut self, row: &PersonRow, a: &Assessment, record: &StringRecord) -> io::Result<()> {
        self.0.iter_mut().try_for_each(|s| s.person_with_record(row, a, record))
    }
}
