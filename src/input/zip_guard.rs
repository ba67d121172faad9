//! A spreadsheet (.xlsx, .ods) is a ZIP archive, and a ZIP can be a bomb: a few kilobytes that
//! inflate to gigabytes. Before a workbook is handed to the spreadsheet reader, its archive
//! directory is read and the sizes it declares are checked. The `zip` crate that the reader
//! (calamine) uses stops every entry at its declared size, so the declared total bounds what
//! reading can inflate.

use std::io::{Read, Seek};

use super::{InputError, Source};

/// The most a workbook may inflate to: a sheet of a million people with twenty columns is
/// under 1 GiB of XML.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 2 << 30;

/// The most entries an archive may hold; a workbook has a few dozen.
pub const MAX_ENTRIES: usize = 10_000;

/// Checks the archive directory of a workbook. Not a ZIP at all is not this check's business
/// (an .xls is not a ZIP); the spreadsheet reader reports that.
pub fn check_archive<R: Read + Seek>(reader: R, source: &Source) -> Result<(), InputError> {
    check_archive_within(reader, source, MAX_UNCOMPRESSED_BYTES)
}

/// [`check_archive`] with another bound on the inflated size (tests use a small one).
pub fn check_archive_within<R: Read + Seek>(reader: R, source: &Source, max_bytes: u64) -> Result<(), InputError> {
    let Ok(mut archive) = zip::ZipArchive::new(reader) else { return Ok(()) };
    if archive.len() > MAX_ENTRIES {
        return Err(InputError::file(
            source,
            format!("tệp nén chứa {} tệp con (quá {MAX_ENTRIES}); đây không phải bảng tính bình thường", archive.len()),
        ));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let size = archive.by_index_raw(i).map(|f| f.size()).unwrap_or(0);
        total = total.saturating_add(size);
    }
    if total > max_bytes {
        return Err(InputError::file(
            source,
            format!(
                "tệp nén sẽ bung ra {} MiB (quá giới hạn {} MiB): có thể là \"bom nén\"; hoctap không mở tệp này",
                total >> 20,
                max_bytes >> 20
            ),
        ));
    }
    Ok(())
}
