//! Input: open a roster (file or stdin), decode it to UTF-8 text, split it into records, find
//! the header row, map headers onto fields and type each row's values. Every later stage sees
//! [`person::PersonRow`]s and never a file format.

pub mod csv_source;
pub mod decode;
pub mod header;
pub mod legacy;
pub mod limits;
pub mod open;
pub mod parts;
pub mod person;
pub mod source;
pub mod spreadsheet;
pub mod syllable;
pub mod table;
pub mod units;
pub mod xlsx;
pub mod xlsx_merges;
pub mod xlsx_stream;
pub mod zip_guard;

use std::fmt;

pub use crate::io_message::io_message;
pub use source::Source;

/// Why a roster could not be read at all (as opposed to a bad row, which is a finding).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("{file}, dòng {line}: {message}")]
    Line { file: String, line: u64, message: String },
}

impl InputError {
    pub fn file(file: &impl fmt::Display, message: impl Into<String>) -> Self {
        InputError::File { file: file.to_string(), message: message.into() }
    }

    /// Names the sheet after the file, for errors raised where only the file was known.
    pub fn in_sheet(self, sheet: Option<&str>) -> Self {
        let Some(sheet) = sheet else { return self };
        let suffix = format!(", trang \"{sheet}\"");
        match self {
            InputError::File { file, message } if !file.ends_with(&suffix) => {
                InputError::File { file: file + &suffix, message }
            }
            InputError::Line { file, line, message } if !file.ends_with(&suffix) => {
                InputError::Line { file: file + &suffix, line, message }
            }
            other => other,
        }
    }
}
