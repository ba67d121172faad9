//! A spreadsheet (.xlsx, .ods) is a ZIP archive, and a ZIP can be a bomb: a few kilobytes that
//! inflate to gigabytes. Before a workbook is handed to the spreadsheet reader, its archive
//! directory is read and the sizes it declares are checked. The `zip` crate that the readers
//! use (the project's .xlsx reader, calamine for .ods) stops every entry at its declared size,
//! so the declared total bounds what reading can inflate.

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

/// The most cells one sheet may span, empty ones included, in any workbook format: 250,000
/// people with 40 columns. calamine lays an .xls, .xlsb or .ods sheet out as one grid from its
/// first to its last cell, 32 bytes a cell (and for .ods a second grid of formulas, 24 bytes a
/// cell), so this bounds one sheet to about 560 MB; an .xlsx sheet is streamed but held to the
/// same cap, so that a workbook reads alike whatever its format. A larger roster reads as CSV
/// UTF-8, which is streamed without limit.
pub const MAX_SHEET_CELLS: u64 = 10_000_000;

/// The widest and tallest sheet calamine builds from an .ods (it caps repeats at these).
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;

/// The message for a sheet over [`MAX_SHEET_CELLS`].
pub fn too_many_cells(source: &impl std::fmt::Display, sheet: &str, what: &str) -> InputError {
    InputError::file(
        source,
        format!(
            "trang tính \"{sheet}\" {what}, quá giới hạn {} triệu ô của một trang (kể cả ô trống); có thể có ô lạc ở rất xa hoặc hàng/cột lặp lại: xóa các hàng và cột thừa rồi lưu lại, hoặc lưu trang này dạng CSV UTF-8",
            MAX_SHEET_CELLS / 1_000_000
        ),
    )
}

/// Reads the `content.xml` of an .ods as a stream, before calamine does, and refuses a sheet
/// whose repeated rows and columns (`table:number-rows-repeated`, `table:number-columns-repeated`)
/// would make calamine lay out more than `max_cells` cells: a 1 KB file can ask for billions.
/// Counts as calamine does: cells up to the last non-empty one of each row, each row element
/// once before its repeats, then the grid from the first to the last non-empty row. Not an
/// .ods, or unreadable XML, is left to calamine's own message.
pub fn check_ods_cells(bytes: &[u8], source: &Source, max_cells: u64) -> Result<(), InputError> {
    use quick_xml::events::Event;
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return Ok(()) };
    let Ok(content) = archive.by_name("content.xml") else { return Ok(()) };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut buf = Vec::new();
    let mut table: Option<OdsTable> = None;
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(_) => return Ok(()),
        };
        match event {
            Event::Eof => return Ok(()),
            Event::Start(e) if e.name().0 == "table:table" => {
                let name = attribute(&e, "table:name").unwrap_or_default();
                table = Some(OdsTable { name, ..OdsTable::default() });
            }
            Event::End(e) if e.name().0 == "table:table" => table = None,
            Event::Start(e) if e.name().0 == "table:table-row" => {
                if let Some(t) = &mut table {
                    t.row_repeats = repeats(&e, "table:number-rows-repeated");
                    (t.col, t.row_len) = (0, 0);
                }
            }
            Event::End(e) if e.name().0 == "table:table-row" => {
                if let Some(t) = &mut table
                    && let Some(what) = t.end_row(max_cells)
                {
                    return Err(too_many_cells(source, &t.name, &what));
                }
            }
            Event::Start(ref e) | Event::Empty(ref e)
                if matches!(e.name().0, "table:table-cell" | "table:covered-table-cell") =>
            {
                if let Some(t) = &mut table {
                    let filled = matches!(event, Event::Start(_))
                        || attribute(e, "office:value-type").is_some()
                        || attribute(e, "table:formula").is_some();
                    let n =
                        repeats(e, "table:number-columns-repeated").min(ODS_MAX_COLUMNS - t.col.min(ODS_MAX_COLUMNS));
                    t.col += n;
                    if filled {
                        t.row_len = t.col;
                    }
                }
            }
            _ => {}
        }
        buf.clear();
    }
}

/// What the scan of one .ods table has counted so far.
#[derive(Default)]
struct OdsTable {
    name: String,
    /// Rows laid out so far (repeats included, capped as calamine caps them).
    rows: u64,
    /// Cells calamine holds before expanding repeated rows: each row element up to its last value.
    raw: u64,
    first_filled: Option<u64>,
    end_filled: u64,
    width: u64,
    row_repeats: u64,
    col: u64,
    row_len: u64,
}

impl OdsTable {
    /// Adds the row just read; names what is too much, if it is.
    fn end_row(&mut self, max_cells: u64) -> Option<String> {
        let repeats = self.row_repeats.min(ODS_MAX_ROWS.saturating_sub(self.rows));
        self.raw = self.raw.saturating_add(self.row_len);
        if self.row_len > 0 {
            self.first_filled.get_or_insert(self.rows);
            self.end_filled = self.rows + repeats;
            self.width = self.width.max(self.row_len);
        }
        self.rows += repeats;
        let grid = (self.end_filled - self.first_filled.unwrap_or(self.end_filled)).saturating_mul(self.width);
        if grid > max_cells {
            return Some(format!(
                "lặp lại hàng và cột thành {} hàng × {} cột ({grid} ô)",
                self.end_filled - self.first_filled.unwrap_or(0),
                self.width
            ));
        }
        (self.raw > max_cells).then(|| format!("khai báo {} ô", self.raw))
    }
}

fn attribute(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    Some(a.value.into_owned())
}

/// A repeat count; a missing or unreadable one counts once (calamine refuses the unreadable).
fn repeats(e: &quick_xml::events::BytesStart<'_>, name: &str) -> u64 {
    attribute(e, name).and_then(|v| v.trim().parse().ok()).unwrap_or(1)
}
