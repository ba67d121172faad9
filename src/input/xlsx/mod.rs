//! An .xlsx (.xlsm) workbook read by the project's own reader, opened once: the archive, the
//! workbook part (sheets, their state and kind, the 1904 date system, whether it asks to be
//! recalculated), the shared strings and the cell styles are read when it is opened and shared
//! by the threads that stream its sheets ([`book::Book`]); each sheet's XML is then scanned
//! ([`sheet::SheetCells`]): inflated whole when it is small, else a piece at a time, never whole
//! in memory (see [`super::xlsx_stream`]). Values come out as calamine's
//! reader gives them (a differential test compares both cell by cell); calamine still reads
//! .xls, .xlsb and .ods.
//!
//! Why a scanner of our own rather than quick-xml's reader (the standards put crates first):
//! measured on the 100,000-row roster's sheet (49 MB of XML, 1.54 M cells), in CPU time,
//! inflating alone took 46 ms; quick-xml 0.42's `read_event_into` over the inflated stream,
//! doing nothing but matching `<c>` and `<v>` and reading the three cell attributes, 385 ms
//! (300 ms with the whole sheet in memory and `read_event`); a byte scanner doing the same,
//! 116 ms, inflating included. The reader built on it gives every cell of that sheet, typed, in
//! 110 ms (about 45 ns a cell beside inflating; calamine's reader spent about 350 ns). Sheet
//! XML is machine-written and regular, so the scanner needs only tags, attributes, text, CDATA
//! and comments, and the common cell (`<c r s t><v>…</v></c>`) is read in one pass.

pub mod batch;
pub mod book;
mod chunks;
pub mod scan;
pub mod sheet;
pub mod strings;
pub mod styles;
pub mod value;

pub use book::{Book, BookSheet, SheetKind};

use chunks::{Chunks, FillError};

/// Why a part of a workbook could not be read, in words for the officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(pub String);

impl ReadError {
    pub fn new(message: impl Into<String>) -> ReadError {
        ReadError(message.into())
    }

    /// The error of cell (row, column), 0-based, named as Excel names it: "ô C51: …".
    pub fn in_cell(self, (row, col): (u32, u32)) -> ReadError {
        let name = format!("{}{}", super::spreadsheet::column_letter(col as usize), u64::from(row) + 1);
        ReadError(format!("ô {name}: {}", self.0))
    }

    fn attribute(_: scan::BadAttribute) -> ReadError {
        ReadError::new("thuộc tính XML sai dạng")
    }

    fn text(e: scan::BadText) -> ReadError {
        ReadError::new(e.0)
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads a part to its end, onto `out`. A checksum that does not match the inflated bytes is
/// passed over, as calamine passes it over (it stops reading at the end of the XML it needs and
/// never sees the check): such a workbook reads as it always did, while a damaged deflate
/// stream still fails.
pub fn read_part(part: impl std::io::Read, out: &mut Vec<u8>) -> std::io::Result<()> {
    let mut part = part;
    match part.read_to_end(out) {
        Err(e) if !checksum_only(&e) => Err(e),
        _ => Ok(()),
    }
}

/// The error the archive gives at the end of a part whose checksum does not match.
pub fn checksum_only(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::InvalidData && e.to_string().contains("checksum")
}

/// More bytes of a part (`what` names it); false at its end.
fn fill<R: std::io::Read>(chunks: &mut Chunks<R>, what: &str) -> Result<bool, ReadError> {
    chunks.fill().map_err(|e| match e {
        FillError::Io(e) => ReadError::new(format!("không giải nén được phần {what} ({e})")),
        FillError::TooLarge => {
            ReadError::new(format!("một phần tử của phần {what} lớn hơn {} MiB", chunks::MAX_ELEMENT >> 20))
        }
    })
}
