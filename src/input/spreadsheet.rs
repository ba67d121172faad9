//! Spreadsheets (.xlsx, .xlsm, .xlsb, .xls, .ods) as a stream of records: .xlsx and .xlsm with the
//! project's own reader ([`super::xlsx`]), the others with calamine.
//!
//! Every cell becomes the text the officer sees in Excel, so a sheet and the same data saved as
//! CSV read alike: a score stored as the number 7.5 reads "7.5", an integer-valued number "8",
//! a date cell "dd/mm/yyyy". Line numbers are the sheet's row numbers and record index `i` is
//! sheet column `i` (A = 0), so every message points at the cell Excel shows.
//!
//! An .xlsx workbook is opened once; each sheet is read as a stream of rows on a thread of its
//! own, never whole ([`super::xlsx_stream`]). An .xls, .xlsb or .ods sheet is read whole into memory (calamine's
//! model), bounded by [`MAX_SHEET_CELLS`]: those formats are rare among the files officers send,
//! and an .xls cannot exceed 65,536 rows.

use std::io::Cursor;
use std::sync::Arc;

use calamine::{Data, DataRef, Dimensions, Range, Reader, SheetType, SheetVisible, Sheets, open_workbook_from_rs};

use super::xlsx::{Book, SheetKind};
use csv::StringRecord;

use super::csv_source::RecordSource;
use super::header::{HeaderError, Vocabulary};
use super::legacy;
use super::person::is_blank;
use super::table::{HeadError, find_head, first_rows};
use super::xlsx_stream::{SheetRequest, XlsxStream};
use super::{InputError, Source};
use crate::text::fold_key;

/// The kinds of workbook calamine reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbookKind {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

impl WorkbookKind {
    /// The kind named by a file extension, if it is a spreadsheet extension.
    pub fn from_extension(ext: &str) -> Option<WorkbookKind> {
        match ext.to_ascii_lowercase().as_str() {
            "xlsx" | "xlsm" => Some(WorkbookKind::Xlsx),
            "xlsb" => Some(WorkbookKind::Xlsb),
            "xls" => Some(WorkbookKind::Xls),
            "ods" => Some(WorkbookKind::Ods),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            WorkbookKind::Xlsx => "Excel (.xlsx)",
            WorkbookKind::Xlsb => "Excel nhị phân (.xlsb)",
            WorkbookKind::Xls => "Excel 97-2003 (.xls)",
            WorkbookKind::Ods => "OpenDocument (.ods)",
        }
    }
}

/// Which sheet to read, from `--sheet`: a name, or a 1-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetChoice {
    Name(String),
    Index(usize),
}

impl SheetChoice {
    pub fn parse(arg: &str) -> SheetChoice {
        match arg.trim().parse::<usize>() {
            Ok(n) if n >= 1 => SheetChoice::Index(n),
            _ => SheetChoice::Name(arg.to_string()),
        }
    }
}

/// The sheet that was chosen and why, for `inspect` and messages.
#[derive(Debug, Clone)]
pub struct SheetInfo {
    pub name: String,
    /// 1-based position in the workbook.
    pub position: usize,
    /// Every sheet of the workbook, in order.
    pub all: Vec<String>,
    /// How the sheet was chosen, in words.
    pub chosen_because: String,
    /// The workbook hides the sheet (it is read all the same).
    pub hidden: bool,
}

/// How a cell was stored, for what its text alone cannot tell.
#[derive(Debug, Clone, PartialEq)]
pub enum Stored {
    Text,
    Number(f64),
    Bool,
    Date,
    /// A formula whose value was never computed and saved (a file written by a program): the
    /// formula as written.
    Formula(String),
}

/// One sheet's cells, read row by row: streamed (.xlsx) or from a grid in memory (the other
/// formats).
pub enum SheetSource {
    Grid(GridSheet),
    Stream(XlsxStream),
}

impl SheetSource {
    /// Puts back the rows just read from the top of the sheet: it is read again from its top.
    fn rewind(&mut self, rows: Vec<(u64, StringRecord)>) {
        match self {
            SheetSource::Grid(g) => g.next = 0,
            SheetSource::Stream(s) => s.unread(rows),
        }
    }
}

impl RecordSource for SheetSource {
    fn read(&mut self, rec: &mut StringRecord) -> Result<Option<u64>, InputError> {
        match self {
            SheetSource::Grid(g) => g.read(rec),
            SheetSource::Stream(s) => s.read(rec),
        }
    }

    fn stored(&self, line: u64, col: usize) -> Stored {
        match self {
            SheetSource::Grid(g) => g.stored(line, col),
            SheetSource::Stream(s) => s.stored(line, col),
        }
    }
}

/// One sheet's cells laid out in memory, read row by row.
pub struct GridSheet {
    range: Range<Data>,
    /// Formulas without a saved value, by absolute (row, column).
    unsaved: std::collections::HashMap<(u32, u32), String>,
    /// Absolute (row, column) of the range's first cell: calamine drops empty leading rows and
    /// columns, the user's numbering does not.
    origin: (u32, u32),
    next: usize,
}

impl GridSheet {
    fn new(mut range: Range<Data>, merged: &[Dimensions]) -> GridSheet {
        fill_merged_down(&mut range, merged);
        let origin = range.start().unwrap_or((0, 0));
        GridSheet { range, origin, next: 0, unsaved: Default::default() }
    }

    fn cell(&self, line: u64, col: usize) -> Option<&Data> {
        let row = u32::try_from(line.checked_sub(1)?).ok()?;
        self.range.get_value((row, u32::try_from(col).ok()?))
    }
}

impl RecordSource for GridSheet {
    fn read(&mut self, rec: &mut StringRecord) -> Result<Option<u64>, InputError> {
        let height = self.range.height();
        if self.next >= height {
            return Ok(None);
        }
        let row = self.next;
        self.next += 1;
        rec.clear();
        for _ in 0..self.origin.1 {
            rec.push_field("");
        }
        let mut text = String::new();
        for col in 0..self.range.width() {
            text.clear();
            if let Some(d) = self.range.get((row, col)) {
                render(d, &mut text);
            }
            rec.push_field(&text);
        }
        Ok(Some(u64::from(self.origin.0) + row as u64 + 1))
    }

    fn stored(&self, line: u64, col: usize) -> Stored {
        if !self.unsaved.is_empty()
            && let Some(f) = u32::try_from(line.saturating_sub(1))
                .ok()
                .zip(u32::try_from(col).ok())
                .and_then(|at| self.unsaved.get(&at))
        {
            return Stored::Formula(f.clone());
        }
        self.cell(line, col).map_or(Stored::Text, stored_of)
    }
}

/// How a cell's value was stored.
pub fn stored_of(d: &Data) -> Stored {
    match d {
        Data::Int(i) => Stored::Number(*i as f64),
        Data::Float(f) => Stored::Number(*f),
        Data::Bool(_) => Stored::Bool,
        Data::DateTime(d) if !d.is_duration() => Stored::Date,
        Data::DateTimeIso(_) => Stored::Date,
        _ => Stored::Text,
    }
}

/// A merged block shows its value once, in its top-left cell; a person reading the sheet sees it
/// in every row of the block (a unit name merged down beside its staff). Copy it down the
/// block's first column. Not across: a header merged over two columns would otherwise become
/// two columns of the same name.
fn fill_merged_down(range: &mut Range<Data>, merged: &[Dimensions]) {
    const MAX_FILLED: u64 = 1_000_000;
    let mut filled = 0u64;
    for m in merged {
        let (r0, c0) = m.start;
        let Some(value) = range.get_value((r0, c0)).cloned() else { continue };
        if value == Data::Empty {
            continue;
        }
        for r in r0 + 1..=m.end.0 {
            if filled >= MAX_FILLED {
                return;
            }
            if matches!(range.get_value((r, c0)), None | Some(Data::Empty)) && range.get_value((r, c0)).is_some() {
                range.set_value((r, c0), value.clone());
                filled += 1;
            }
        }
    }
}

/// Writes the text Excel shows for a cell.
pub fn render(d: &Data, out: &mut String) {
    use std::fmt::Write;
    match d {
        Data::Empty => {}
        Data::String(s) => out.push_str(s),
        Data::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Data::Float(f) => push_number(*f, out),
        Data::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(dt) if dt.is_duration() => out.push_str(&number_text(dt.as_f64())),
        Data::DateTime(dt) => {
            let (y, m, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            let _ = write!(out, "{d:02}/{m:02}/{y:04}");
            if (h, mi, s) != (0, 0, 0) {
                let _ = write!(out, " {h:02}:{mi:02}:{s:02}");
            }
        }
        Data::DateTimeIso(s) => out.push_str(&iso_date_text(s)),
        Data::DurationIso(s) => out.push_str(s),
        Data::Error(e) => {
            let _ = write!(out, "{e}");
        }
    }
}

/// A number as Excel shows it: at most 15 significant digits (what Excel keeps), no exponent,
/// no trailing zeros. 7.5 → "7.5", 8.0 → "8", 8.299999999999999 → "8.3".
pub fn number_text(f: f64) -> String {
    let mut out = String::new();
    push_number(f, &mut out);
    out
}

/// [`number_text`] written onto `out`; a whole number or a short decimal (a score) without
/// allocating.
pub fn push_number(f: f64, out: &mut String) {
    use std::fmt::Write;
    if !f.is_finite() {
        let _ = write!(out, "{f}");
        return;
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        let _ = write!(out, "{}", f as i64);
        return;
    }
    // The shortest text that reads back as `f`; with 15 significant digits or fewer it is
    // already what Excel shows.
    let start = out.len();
    let _ = write!(out, "{f}");
    let digits = out[start..].bytes().filter(u8::is_ascii_digit).count();
    let leading = out[start..].bytes().take_while(|b| matches!(b, b'-' | b'0' | b'.')).filter(|b| *b == b'0').count();
    if digits - leading <= 15 {
        return;
    }
    out.truncate(start);
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    let _ = write!(out, "{rounded}");
}

/// OpenDocument writes dates as ISO 8601 ("2001-03-15" or "2001-03-15T00:00:00"); show them
/// as a Vietnamese sheet does.
fn iso_date_text(s: &str) -> String {
    let (date, time) = s.split_once('T').unwrap_or((s, ""));
    let parts: Vec<&str> = date.split('-').collect();
    if let [y, m, d] = parts[..]
        && [y, m, d].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        let time = time.trim_end_matches('Z');
        let mut out = format!("{d:0>2}/{m:0>2}/{y}");
        if !time.is_empty() && time.trim_start_matches(['0', ':', '.']).is_empty() {
            return out;
        }
        if !time.is_empty() {
            out.push(' ');
            out.push_str(time);
        }
        return out;
    }
    s.to_string()
}

/// The spreadsheet column letters of a 0-based index: 0 → "A", 26 → "AA".
/// Refuses a sheet whose cells so far span (top, left, bottom, right) more than
/// [`MAX_SHEET_CELLS`], naming the corners: the same check for the grid and the stream.
pub fn check_span(
    file: &impl std::fmt::Display,
    sheet: &str,
    (top, left, bottom, right): (u32, u32, u32, u32),
) -> Result<(), InputError> {
    let spanned = u64::from(bottom - top + 1) * u64::from(right - left + 1);
    if spanned <= MAX_SHEET_CELLS {
        return Ok(());
    }
    let what = format!(
        "trải từ ô {}{} đến ô {}{} ({spanned} ô)",
        column_letter(left as usize),
        top + 1,
        column_letter(right as usize),
        bottom + 1
    );
    Err(super::zip_guard::too_many_cells(file, sheet, &what))
}

pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        letters.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// An opened workbook, before a sheet is chosen.
struct Workbook<'a> {
    opened: Opened<'a>,
    file: String,
}

enum Opened<'a> {
    /// .xlsx, .xlsm: opened once, shared with the threads that stream its sheets.
    Xlsx(Arc<Book>),
    /// .xls, .xlsb, .ods.
    Calamine(Box<Sheets<Cursor<&'a [u8]>>>),
}

/// What a workbook says of one of its sheets.
#[derive(Debug, Clone, Copy)]
struct SheetMeta {
    /// A worksheet (not a chart, dialog or macro sheet).
    worksheet: bool,
    hidden: bool,
}

impl<'a> Workbook<'a> {
    fn open(source: &Source, bytes: &'a [u8], kind: WorkbookKind) -> Result<Workbook<'a>, InputError> {
        let cursor = Cursor::new(bytes);
        let opened = match kind {
            WorkbookKind::Xlsx => {
                Book::open(Arc::from(bytes)).map(|b| Opened::Xlsx(Arc::new(b))).map_err(|e| e.to_string())
            }
            WorkbookKind::Xlsb => open_workbook_from_rs(cursor)
                .map(|b| Opened::Calamine(Box::new(Sheets::Xlsb(b))))
                .map_err(|e| e.to_string()),
            WorkbookKind::Xls => open_workbook_from_rs(cursor)
                .map(|b| Opened::Calamine(Box::new(Sheets::Xls(b))))
                .map_err(|e| e.to_string()),
            WorkbookKind::Ods => open_workbook_from_rs(cursor)
                .map(|b| Opened::Calamine(Box::new(Sheets::Ods(b))))
                .map_err(|e| e.to_string()),
        };
        opened.map(|opened| Workbook { opened, file: source.to_string() }).map_err(|e| {
            InputError::file(
                source,
                format!(
                    "không mở được bảng tính {} ({e}); tệp có thể hỏng hoặc có mật khẩu: mở bằng Excel, gỡ mật khẩu nếu có, rồi lưu lại dạng Excel Workbook (.xlsx)",
                    kind.label()
                ),
            )
        })
    }

    fn calamine(&mut self) -> Option<&mut Sheets<Cursor<&'a [u8]>>> {
        match &mut self.opened {
            Opened::Calamine(s) => Some(s),
            Opened::Xlsx(_) => None,
        }
    }

    /// The sheet's cells laid out as a grid (not .xlsx, which is streamed). For .xlsb the cells
    /// are collected as calamine's `worksheet_range` does, but the grid they span is checked
    /// first (see [`bounded_range`]); .xls cannot be larger than 65,536 × 256 and calamine
    /// bounds .ods.
    fn range(&mut self, source: &Source, name: &str) -> Result<Range<Data>, InputError> {
        let broken = |e: String| {
            InputError::file(source, format!("không đọc được trang tính \"{name}\" ({e}); tệp có thể hỏng"))
        };
        let owned = |c: calamine::Cell<DataRef<'_>>| (c.get_position(), Data::from(c.get_value().clone()));
        let Some(sheets) = self.calamine() else { return Ok(Range::empty()) };
        match sheets {
            Sheets::Xlsb(x) => {
                let mut r = x.worksheet_cells_reader(name).map_err(|e| broken(e.to_string()))?;
                bounded_range(source, name, || r.next_cell().map(|c| c.map(owned)).map_err(|e| e.to_string()))
            }
            other => other.worksheet_range(name).map_err(|e| broken(e.to_string())),
        }
    }

    fn names(&self) -> Vec<String> {
        match &self.opened {
            Opened::Xlsx(book) => book.sheets.iter().map(|s| s.name.clone()).collect(),
            Opened::Calamine(sheets) => sheets.sheet_names(),
        }
    }

    fn meta(&self) -> Vec<SheetMeta> {
        match &self.opened {
            Opened::Xlsx(book) => book
                .sheets
                .iter()
                .map(|s| SheetMeta { worksheet: s.kind == SheetKind::Worksheet, hidden: s.hidden })
                .collect(),
            Opened::Calamine(sheets) => sheets
                .sheets_metadata()
                .iter()
                .map(|s| SheetMeta {
                    worksheet: s.typ == SheetType::WorkSheet,
                    hidden: s.visible != SheetVisible::Visible,
                })
                .collect(),
        }
    }

    /// Worksheets a reader would look at: visible, and not charts or macros.
    fn readable(&self) -> Vec<usize> {
        self.meta().iter().enumerate().filter(|(_, s)| s.worksheet && !s.hidden).map(|(i, _)| i).collect()
    }

    fn load(&mut self, source: &Source, index: usize) -> Result<SheetSource, InputError> {
        if let Opened::Xlsx(book) = &self.opened {
            let request = SheetRequest {
                book: book.clone(),
                index,
                file: self.file.clone(),
                whole_part: super::xlsx_stream::WHOLE_PART,
            };
            return XlsxStream::start(request).map(SheetSource::Stream);
        }
        let name = self.names()[index].clone();
        let range = self.range(source, &name)?;
        let merged = match self.calamine() {
            Some(Sheets::Xls(x)) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            // calamine does not report merged cells for .xlsb and .ods.
            _ => Vec::new(),
        };
        let mut sheet = GridSheet::new(range, &merged);
        sheet.unsaved = self.unsaved_formulas(&name, &sheet.range);
        Ok(SheetSource::Grid(sheet))
    }

    /// The non-empty formulas of a sheet by absolute (row, column). For .xlsb they are
    /// read cell by cell: calamine's `worksheet_formula` lays them out as a grid, which a formula
    /// in a far cell would make as large as the sheet (the cells were bounded by [`bounded_range`]
    /// already, the formulas never were).
    fn formulas(&mut self, name: &str) -> Vec<((u32, u32), String)> {
        let mut out = Vec::new();
        let mut keep = |c: calamine::Cell<String>| {
            if !c.get_value().is_empty() {
                out.push((c.get_position(), c.get_value().clone()));
            }
        };
        let Some(sheets) = self.calamine() else { return out };
        match sheets {
            Sheets::Xlsb(x) => {
                if let Ok(mut r) = x.worksheet_cells_reader(name) {
                    while let Ok(Some(c)) = r.next_formula() {
                        keep(c);
                    }
                }
            }
            other => {
                if let Ok(formulas) = other.worksheet_formula(name)
                    && let Some((r0, c0)) = formulas.start()
                {
                    for (r, c, f) in formulas.used_cells() {
                        keep(calamine::Cell::new((r0 + r as u32, c0 + c as u32), f.clone()));
                    }
                }
            }
        }
        out
    }

    /// The formulas of a sheet whose value was never saved: a formula cell with no value. (The
    /// .xlsx reader also takes every formula of a workbook that asks to be recalculated on
    /// opening: programs write 0 as every formula's value and set that flag.)
    fn unsaved_formulas(&mut self, name: &str, values: &Range<Data>) -> std::collections::HashMap<(u32, u32), String> {
        let mut out = std::collections::HashMap::new();
        for (at, f) in self.formulas(name) {
            let blank = match values.get_value(at) {
                None | Some(Data::Empty) => true,
                Some(Data::String(s)) => s.is_empty(),
                _ => false,
            };
            if blank {
                out.insert(at, format!("={f}"));
            }
        }
        out
    }
}

pub use super::zip_guard::MAX_SHEET_CELLS;

/// Collects the non-empty cells of a sheet (as calamine's `worksheet_range` does) and lays them
/// out, refusing a sheet whose cells span more than [`MAX_SHEET_CELLS`].
fn bounded_range(
    source: &Source,
    name: &str,
    mut next: impl FnMut() -> Result<Option<((u32, u32), Data)>, String>,
) -> Result<Range<Data>, InputError> {
    let mut cells = Vec::new();
    let (mut top, mut left, mut bottom, mut right) = (u32::MAX, u32::MAX, 0u32, 0u32);
    while let Some((pos, value)) = next()
        .map_err(|e| InputError::file(source, format!("không đọc được trang tính \"{name}\" ({e}); tệp có thể hỏng")))?
    {
        if value == Data::Empty {
            continue;
        }
        (top, left) = (top.min(pos.0), left.min(pos.1));
        (bottom, right) = (bottom.max(pos.0), right.max(pos.1));
        check_span(source, name, (top, left, bottom, right))?;
        cells.push(calamine::Cell::new(pos, value));
    }
    Ok(Range::from_sparse(cells))
}

/// A sheet of a workbook that was not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetSkip {
    pub name: String,
    pub hidden: bool,
    pub reason: String,
    /// A sheet that looks like a roster but cannot be read as one (a required column is
    /// missing): worth a warning, not just a word.
    pub warn: bool,
}

/// The sheets of a workbook to read, those passed over, and (when none is read) the first
/// sheet with data, for callers that show what a file holds.
pub struct OpenedSheets {
    pub read: Vec<(SheetSource, SheetInfo)>,
    pub skipped: Vec<SheetSkip>,
    pub fallback: Option<(SheetSource, SheetInfo)>,
}

/// Opens `bytes` as a workbook and picks the sheets to read: the one `choice` names; else,
/// with a vocabulary, every worksheet (hidden ones too) whose first rows hold a header of
/// `vocab` (or legacy-font text, so that its own message is given); without one, the first
/// visible worksheet with data. Every other sheet is listed with the reason.
pub fn open_sheets(
    source: &Source,
    bytes: &[u8],
    kind: WorkbookKind,
    choice: Option<&SheetChoice>,
    vocab: Option<&Vocabulary>,
) -> Result<OpenedSheets, InputError> {
    if kind == WorkbookKind::Ods {
        // calamine expands every sheet of an .ods when it opens the file.
        super::zip_guard::check_ods_cells(bytes, source, MAX_SHEET_CELLS)?;
    }
    let mut book = Workbook::open(source, bytes, kind)?;
    let all = book.names();
    let listed = || all.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
    if all.is_empty() {
        return Err(InputError::file(source, "bảng tính không có trang tính nào"));
    }
    let meta = book.meta();
    let hidden = |i: usize| meta.get(i).is_some_and(|m| m.hidden);
    let info = |index: usize, because: String| SheetInfo {
        name: all[index].clone(),
        position: index + 1,
        all: all.clone(),
        chosen_because: because,
        hidden: hidden(index),
    };
    let skip = |index: usize, reason: String, warn: bool| SheetSkip {
        name: all[index].clone(),
        hidden: hidden(index),
        reason,
        warn,
    };
    let mut out = OpenedSheets { read: Vec::new(), skipped: Vec::new(), fallback: None };

    if let Some(choice) = choice {
        let index = match choice {
            SheetChoice::Index(n) => (*n <= all.len()).then(|| n - 1),
            SheetChoice::Name(name) => all
                .iter()
                .position(|s| s == name)
                .or_else(|| all.iter().position(|s| fold_key(s) == fold_key(name) && !fold_key(name).is_empty())),
        };
        let Some(index) = index else {
            let asked = match choice {
                SheetChoice::Index(n) => format!("trang thứ {n}"),
                SheetChoice::Name(name) => format!("trang \"{name}\""),
            };
            return Err(InputError::file(
                source,
                format!("không có {asked}; các trang của tệp: {} (--trang nhận tên hoặc số thứ tự từ 1)", listed()),
            ));
        };
        let sheet = book.load(source, index)?;
        out.read.push((sheet, info(index, "chọn bằng --trang".into())));
        out.skipped = (0..all.len())
            .filter(|&i| i != index)
            .map(|i| skip(i, "không đọc: --trang chọn trang khác".into(), false))
            .collect();
        return Ok(out);
    }

    let Some(vocab) = vocab else {
        for index in book.readable() {
            let mut sheet = book.load(source, index)?;
            if !head_rows(&mut sheet)?.iter().all(|(_, r)| is_blank(r)) {
                out.read.push((sheet, info(index, "trang tính đầu tiên có dữ liệu".into())));
                return Ok(out);
            }
        }
        return Err(no_data(source, &listed()));
    };
    // The first sheet that looks like a roster but lacks a column, and its message.
    let mut missing: Option<(String, String)> = None;
    for (index, m) in meta.iter().enumerate() {
        if !m.worksheet {
            out.skipped.push(skip(index, "không phải trang dữ liệu (biểu đồ hoặc macro)".into(), false));
            continue;
        }
        let mut sheet = book.load(source, index)?;
        let head = head_rows(&mut sheet)?;
        if head.iter().all(|(_, r)| is_blank(r)) {
            out.skipped.push(skip(index, "trang trống".into(), false));
            continue;
        }
        let because = if hidden(index) {
            "trang ẩn có dòng tiêu đề của danh sách"
        } else {
            "trang có dòng tiêu đề của danh sách"
        };
        match find_head(head.clone(), vocab) {
            Ok(_) => out.read.push((sheet, info(index, because.into()))),
            Err((e, _)) => {
                if legacy::detect_records(head.iter().map(|(l, r)| (*l, r)), legacy::ByteView::Unicode).is_some() {
                    out.read.push((sheet, info(index, "trang có chữ bảng mã cũ".into())));
                    continue;
                }
                let warn = matches!(
                    e,
                    HeadError::Header { error: HeaderError::Missing { .. } | HeaderError::Duplicate { .. }, .. }
                );
                let reason = e.message("danh sách");
                if warn {
                    missing.get_or_insert_with(|| (reason.clone(), all[index].clone()));
                }
                if out.fallback.is_none() && !hidden(index) {
                    out.fallback = Some((
                        sheet,
                        info(index, "không trang nào có dòng tiêu đề; đọc trang đầu tiên có dữ liệu".into()),
                    ));
                }
                out.skipped.push(skip(index, reason, warn));
            }
        }
    }
    if out.read.is_empty() {
        if let Some((message, sheet)) = missing {
            return Err(InputError::file(source, message).in_sheet(Some(&sheet)));
        }
        if out.fallback.is_none()
            && out.skipped.iter().all(|s| s.reason == "trang trống" || s.reason.starts_with("không phải trang dữ liệu"))
        {
            return Err(no_data(source, &listed()));
        }
    } else {
        out.fallback = None;
    }
    Ok(out)
}

fn no_data(source: &Source, listed: &str) -> InputError {
    InputError::file(
        source,
        format!("bảng tính không có dữ liệu (các trang: {listed}); kiểm tra lại tệp hoặc chọn trang bằng --trang"),
    )
}

/// The first rows of a sheet, as the header finder sees them; the sheet is read again from
/// its top afterwards. A streamed sheet can fail here (a far cell among its first rows).
fn head_rows(sheet: &mut SheetSource) -> Result<Vec<(u64, StringRecord)>, InputError> {
    let rows = first_rows(sheet)?;
    sheet.rewind(rows.clone());
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(number_text(7.5), "7.5");
        assert_eq!(number_text(8.0), "8");
        assert_eq!(number_text(8.299999999999999), "8.3");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(37201001234.0), "37201001234");
        assert_eq!(number_text(123456789012.0), "123456789012");
        assert_eq!(number_text(-2.25), "-2.25");
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn iso_dates_become_day_month_year() {
        assert_eq!(iso_date_text("1985-03-15"), "15/03/1985");
        assert_eq!(iso_date_text("1985-03-15T00:00:00"), "15/03/1985");
        assert_eq!(iso_date_text("1985-03-15T08:30:00"), "15/03/1985 08:30:00");
        assert_eq!(iso_date_text("không phải ngày"), "không phải ngày");
    }

    #[test]
    fn sheet_choice_parses_positions_and_names() {
        assert_eq!(SheetChoice::parse("2"), SheetChoice::Index(2));
        assert_eq!(SheetChoice::parse("DS"), SheetChoice::Name("DS".into()));
        assert_eq!(SheetChoice::parse("0"), SheetChoice::Name("0".into()));
    }
}
