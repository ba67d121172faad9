//! The one place that decides how a file is read: by its content first (a spreadsheet is a
//! zip or OLE container whatever its name), then its extension, with the user's overrides.
//! Subcommands never build a reader themselves.

use std::io::{Cursor, Read};

use encoding_rs::Encoding;

use super::csv_source::{CsvSource, RecordSource};
use super::decode::{self, Checksum};
use super::header::Vocabulary;
use super::legacy::{ByteView, LegacyGuard};
use super::spreadsheet::{self, SheetChoice, SheetInfo, WorkbookKind};
use super::{InputError, Source, zip_guard};
use crate::model::mark::{self, OutputKind};

/// The user's overrides for reading tables.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub delimiter: Option<u8>,
    pub encoding: Option<&'static Encoding>,
    /// The sheet of a spreadsheet roster (`--sheet`); else the first that holds a roster.
    pub sheet: Option<SheetChoice>,
}

/// What was learnt while opening a table, for `inspect` and messages.
#[derive(Debug, Clone, Default)]
pub struct TableInfo {
    pub format: String,
    pub encoding: Option<String>,
    /// How the encoding was settled: a BOM, `--encoding`, or a guess.
    pub encoding_how: Option<&'static str>,
    pub delimiter: Option<u8>,
    pub delimiter_guessed: bool,
    pub sheet: Option<SheetInfo>,
}

impl TableInfo {
    pub fn sheet_name(&self) -> Option<&str> {
        self.sheet.as_ref().map(|s| s.name.as_str())
    }
}

pub struct OpenedTable {
    pub records: Box<dyn RecordSource>,
    pub info: TableInfo,
    pub checksum: Checksum,
}

/// What a file is, from its first bytes and its name.
enum Kind {
    Workbook(WorkbookKind),
    Text,
}

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// The largest workbook read: it is held in memory whole (the zip directory sits at its end).
/// A sheet of a million people is well under 100 MiB.
pub const MAX_WORKBOOK_BYTES: u64 = 512 << 20;
/// Enough to see an OpenDocument zip's first entry ("mimetype…opendocument.spreadsheet").
const HEAD_BYTES: usize = 512;

fn extension(source: &Source) -> Option<String> {
    source.path()?.extension().map(|e| e.to_string_lossy().to_ascii_lowercase())
}

fn kind(source: &Source, head: &[u8]) -> Result<Kind, InputError> {
    let by_name = extension(source).as_deref().and_then(WorkbookKind::from_extension);
    if head.starts_with(ZIP) {
        return Ok(Kind::Workbook(match by_name {
            Some(k @ (WorkbookKind::Xlsx | WorkbookKind::Xlsb | WorkbookKind::Ods)) => k,
            _ if memchr::memmem::find(head, b"opendocument.spreadsheet").is_some() => WorkbookKind::Ods,
            _ => WorkbookKind::Xlsx,
        }));
    }
    if head.starts_with(OLE) {
        return Ok(Kind::Workbook(WorkbookKind::Xls));
    }
    if let Some(k) = by_name {
        let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let first = text.iter().copied().find(|b| !b.is_ascii_whitespace());
        if first == Some(b'<') {
            return Err(InputError::file(
                source,
                format!(
                    "tệp mang đuôi .{} nhưng thực chất là trang HTML/XML (thường gặp ở tệp xuất từ phần mềm quản lý trên web), không phải {}; mở tệp bằng Excel, chọn Lưu thành (Save As) → Excel Workbook (*.xlsx), rồi chạy lại với tệp .xlsx",
                    extension(source).unwrap_or_default(),
                    k.label()
                ),
            ));
        }
        if head.is_empty() {
            return Err(InputError::file(source, "tệp rỗng: không có dòng nào"));
        }
    }
    // Text under a spreadsheet name (a tab-separated "xls" from a web export) reads as CSV.
    Ok(Kind::Text)
}

/// Opens one table; in a spreadsheet without `--sheet`, the first sheet whose header matches
/// `vocab` (else the first sheet with data, whose rows then tell why). For readers of one
/// table: the unit file and `inspect --units`.
pub fn open_table_for(
    source: &Source,
    options: &ReadOptions,
    vocab: Option<&Vocabulary>,
) -> Result<OpenedTable, InputError> {
    one_table(source, open_tables_for(source, options, vocab)?)
}

/// Opens a table as [`open_table_for`] does, without stopping at legacy-font text: for
/// `hoctap convert`, which converts it.
pub fn open_table_unchecked(
    source: &Source,
    options: &ReadOptions,
    vocab: Option<&Vocabulary>,
) -> Result<OpenedTable, InputError> {
    one_table(source, open_any(source, options, vocab, false)?)
}

fn one_table(source: &Source, opened: OpenedFile) -> Result<OpenedTable, InputError> {
    let OpenedFile { mut tables, fallback, skipped_sheets, own_output } = opened;
    if let Some(kind) = own_output {
        return Err(InputError::file(source, own_output_reason(&kind)));
    }
    if !tables.is_empty() {
        return Ok(tables.swap_remove(0));
    }
    fallback.ok_or_else(|| {
        let reasons: Vec<String> = skipped_sheets.iter().map(|s| format!("\"{}\": {}", s.name, s.reason)).collect();
        InputError::file(source, format!("không trang nào đọc được ({})", reasons.join("; ")))
    })
}

/// What opening a file gave: the tables to read (one for CSV, one per roster sheet of a
/// workbook), the sheets passed over, and when no sheet is read, the first with data.
pub struct OpenedFile {
    pub tables: Vec<OpenedTable>,
    pub skipped_sheets: Vec<spreadsheet::SheetSkip>,
    pub fallback: Option<OpenedTable>,
    /// The kind of output of a workbook this tool wrote (its `hoctap` property), other than a
    /// template: such a file is not read.
    pub own_output: Option<String>,
}

/// Why a marked workbook is not read.
pub fn own_output_reason(kind: &str) -> String {
    format!("tệp kết quả do hoctap ghi (loại \"{kind}\"), không phải danh sách; {}", super::table::OWN_OUTPUT_REMEDY)
}

/// Opens a file: every roster sheet of a workbook (see [`spreadsheet::open_sheets`]), or the
/// one table of a CSV. Every table passes a [`LegacyGuard`], so TCVN3 and VNI text stop here.
pub fn open_tables_for(
    source: &Source,
    options: &ReadOptions,
    vocab: Option<&Vocabulary>,
) -> Result<OpenedFile, InputError> {
    open_any(source, options, vocab, true)
}

fn guarded(
    records: Box<dyn RecordSource>,
    view: ByteView,
    source: &Source,
    sheet: Option<&str>,
    on: bool,
) -> Box<dyn RecordSource> {
    if on { Box::new(LegacyGuard::new(records, view, source, sheet)) } else { records }
}

fn open_any(
    source: &Source,
    options: &ReadOptions,
    vocab: Option<&Vocabulary>,
    guard: bool,
) -> Result<OpenedFile, InputError> {
    crate::crash::reading(source);
    let (mut raw, checksum) = decode::open_raw(source)?;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut raw)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| InputError::file(source, super::io_message(&e)))?;
    match kind(source, &head)? {
        Kind::Workbook(k) => {
            let mut bytes = head;
            (&mut raw)
                .take(MAX_WORKBOOK_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| InputError::file(source, super::io_message(&e)))?;
            if bytes.len() as u64 > MAX_WORKBOOK_BYTES {
                return Err(InputError::file(
                    source,
                    format!(
                        "bảng tính lớn hơn {} MiB; hãy tách thành nhiều tệp hoặc lưu dạng CSV UTF-8 (đọc theo luồng, không giới hạn)",
                        MAX_WORKBOOK_BYTES >> 20
                    ),
                ));
            }
            if k != WorkbookKind::Xls {
                zip_guard::check_archive(Cursor::new(&bytes[..]), source)?;
            }
            let mark = if k == WorkbookKind::Xlsx { output_mark(&bytes) } else { None };
            let template = mark.as_deref() == Some(OutputKind::Template.as_str());
            if let Some(kind) = mark.filter(|_| !template) {
                return Ok(OpenedFile {
                    tables: Vec::new(),
                    skipped_sheets: Vec::new(),
                    fallback: None,
                    own_output: Some(kind),
                });
            }
            // calamine is third-party code on untrusted bytes: a panic in it (found by fuzzing:
            // an overflow on a cell reference with a very long column) means a broken workbook.
            // The .xlsx reader is the project's own: a panic there is a bug, said loudly.
            let open = || spreadsheet::open_sheets(source, &bytes, k, options.sheet.as_ref(), vocab);
            let opened =
                if k == WorkbookKind::Xlsx { crate::crash::caught(open) } else { crate::crash::contained(open) }
                    .map_err(|panic| {
                        InputError::file(
                            source,
                            format!("bảng tính hỏng, không đọc được ({panic}); mở bằng Excel rồi lưu lại dạng .xlsx"),
                        )
                    })?;
            let sheets = opened?;
            drop(bytes);
            let table = |(sheet, sheet_info): (spreadsheet::SheetSource, SheetInfo)| {
                let records = guarded(Box::new(sheet), ByteView::Unicode, source, Some(&sheet_info.name), guard);
                let info = TableInfo { format: k.label().into(), sheet: Some(sheet_info), ..TableInfo::default() };
                OpenedTable { records, info, checksum: checksum.clone() }
            };
            Ok(OpenedFile {
                tables: sheets.read.into_iter().map(table).collect(),
                // A template's own help sheets are not rosters passed over.
                skipped_sheets: sheets
                    .skipped
                    .into_iter()
                    .filter(|s| !(template && crate::model::mark::TEMPLATE_HELP_SHEETS.contains(&s.name.as_str())))
                    .collect(),
                fallback: sheets.fallback.map(table),
                own_output: None,
            })
        }
        Kind::Text => {
            let rest: Box<dyn Read + Send> = Box::new(Cursor::new(head).chain(raw));
            let decoded = decode::decode(source, rest, options.encoding)?;
            let d = &decoded.info;
            let encoding = d.encoding;
            let how = if options.encoding.is_some() {
                "chỉ định bằng --encoding"
            } else if d.had_bom {
                "có BOM"
            } else {
                "tự nhận biết"
            };
            let csv = CsvSource::open(source, decoded, options.delimiter)?;
            let info = TableInfo {
                format: "CSV".into(),
                encoding: Some(encoding.name().to_string()),
                encoding_how: Some(how),
                delimiter: Some(csv.delimiter),
                delimiter_guessed: csv.delimiter_guessed,
                sheet: None,
            };
            let records = guarded(Box::new(csv), ByteView::for_encoding(encoding), source, None, guard);
            Ok(OpenedFile {
                tables: vec![OpenedTable { records, info, checksum }],
                skipped_sheets: Vec::new(),
                fallback: None,
                own_output: None,
            })
        }
    }
}

/// The kind of output a workbook says it is (its custom document property `hoctap`), if any.
pub fn output_mark(bytes: &[u8]) -> Option<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut xml = String::new();
    // A few kilobytes at most; the archive's sizes were checked before.
    archive.by_name("docProps/custom.xml").ok()?.take(1 << 20).read_to_string(&mut xml).ok()?;
    let at = xml.find(&format!("name=\"{}\"", mark::XLSX_PROPERTY))?;
    let rest = &xml[at..];
    let end = rest.find("</property>").unwrap_or(rest.len());
    let property = &rest[..end];
    let open = property.find("<vt:lpwstr>")? + "<vt:lpwstr>".len();
    let close = property[open..].find("</vt:lpwstr>")?;
    Some(property[open..open + close].trim().to_string())
}
