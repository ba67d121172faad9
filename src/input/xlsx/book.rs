//! An .xlsx workbook opened once: its archive, its sheets (name, kind, hidden, part), the
//! shared strings, the cell formats, the date system and the recalculation flag. Read as
//! calamine's `Xlsx::new` reads them (`_rels/.rels` → the workbook part → its relationships),
//! part names matched without regard to case as calamine matches them.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use std::sync::Arc;

use zip::ZipArchive;
use zip::result::ZipError;

use super::ReadError;
use super::scan::{Scanner, Token, attr, attr_local, attr_text, local};
use super::strings::SharedStrings;
use super::styles::{CellFormat, cell_formats};

/// The archive over the workbook's bytes; cloning it shares them.
pub type Archive = ZipArchive<Cursor<Arc<[u8]>>>;

/// A part of the archive, inflated as it is read.
pub type Part<'z> = zip::read::ZipFile<'z, Cursor<Arc<[u8]>>>;

/// The most a small part (relationships, workbook, styles) may inflate to.
const MAX_SMALL_PART: u64 = 64 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    Worksheet,
    /// A chart sheet, a dialog sheet, a macro sheet: no cells to read.
    Other,
}

/// A sheet as the workbook lists it.
#[derive(Debug, Clone)]
pub struct BookSheet {
    pub name: String,
    pub kind: SheetKind,
    /// `state="hidden"` or `"veryHidden"`.
    pub hidden: bool,
    /// The sheet's part in the archive.
    pub path: String,
}

/// An opened workbook.
pub struct Book {
    archive: Archive,
    pub sheets: Vec<BookSheet>,
    pub strings: SharedStrings,
    /// Cell formats by style index (`s`).
    pub formats: Vec<CellFormat>,
    /// Dates count from 1904 (`workbookPr date1904`).
    pub date1904: bool,
    /// `calcPr fullCalcOnLoad`: the saved formula values are placeholders.
    pub recalculate: bool,
}

impl Book {
    pub fn open(bytes: Arc<[u8]>) -> Result<Book, ReadError> {
        let mut archive = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| ReadError::new(format!("không phải tệp nén ZIP hợp lệ ({e})")))?;
        let package =
            small_part(&mut archive, "_rels/.rels")?.ok_or_else(|| ReadError::new("thiếu phần _rels/.rels"))?;
        let target = relationships(&package)?
            .into_values()
            .find(|(_, kind)| kind.ends_with("/relationships/officeDocument"))
            .map(|(target, _)| attr_text(target.as_bytes()))
            .transpose()?
            .ok_or_else(|| ReadError::new("không thấy phần workbook trong _rels/.rels"))?;
        let (dir, name) = match target.rfind('/') {
            Some(i) => target.split_at(i + 1),
            None => ("", target.as_str()),
        };
        let dir = dir.strip_prefix('/').unwrap_or(dir).to_string();
        let name = if name.is_empty() { "workbook.xml" } else { name };
        if name.to_ascii_lowercase().ends_with(".bin") {
            return Err(ReadError::new(
                "đây là sổ tính nhị phân (.xlsb) mang đuôi .xlsx: đổi đuôi tệp thành .xlsb rồi chạy lại",
            ));
        }

        let strings = match open_part(&mut archive, &format!("{dir}sharedStrings.xml"))? {
            Some(part) => SharedStrings::read(part)?,
            None => SharedStrings::default(),
        };
        let formats = match small_part(&mut archive, &format!("{dir}styles.xml"))? {
            Some(xml) => cell_formats(&xml)?,
            None => Vec::new(),
        };
        let rels_path = format!("{dir}_rels/{name}.rels");
        let rels =
            small_part(&mut archive, &rels_path)?.ok_or_else(|| ReadError::new(format!("thiếu phần {rels_path}")))?;
        let rels = relationships(&rels)?;
        let mut book = Book { archive, sheets: Vec::new(), strings, formats, date1904: false, recalculate: false };
        if let Some(xml) = small_part(&mut book.archive, &format!("{dir}{name}"))? {
            book.read_workbook(&xml, &rels, &dir)?;
        }
        Ok(book)
    }

    /// The workbook part: sheets in order, the date system, the recalculation flag.
    fn read_workbook(
        &mut self,
        xml: &[u8],
        rels: &HashMap<String, (String, String)>,
        dir: &str,
    ) -> Result<(), ReadError> {
        let bad = ReadError::attribute;
        let mut sc = Scanner::new(xml);
        while let Some(token) = sc.token() {
            let Token::Start { name, attrs, .. } = token else { continue };
            match local(name) {
                b"sheet" => {
                    let name = attr(attrs, b"name").map_err(bad)?.map(attr_text).transpose()?.unwrap_or_default();
                    let hidden = matches!(attr(attrs, b"state").map_err(bad)?, Some(b"hidden" | b"veryHidden"));
                    let id = attr_local(attrs, b"id").map_err(bad)?.unwrap_or_default();
                    let (target, kind) = rels.get(&*String::from_utf8_lossy(id)).ok_or_else(|| {
                        ReadError::new(format!("trang \"{name}\" không có trong quan hệ của workbook"))
                    })?;
                    let path = match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_string(),
                        None => format!("{dir}{target}"),
                    };
                    let kind = match kind.rsplit('/').next() {
                        Some("worksheet") => SheetKind::Worksheet,
                        _ => SheetKind::Other,
                    };
                    self.sheets.push(BookSheet { name, kind, hidden, path });
                }
                b"workbookPr" => {
                    if let Some(v) = attr(attrs, b"date1904").map_err(bad)? {
                        self.date1904 = v == b"1" || v == b"true";
                    }
                }
                b"calcPr" => {
                    self.recalculate = matches!(attr(attrs, b"fullCalcOnLoad").map_err(bad)?, Some(b"1" | b"true"));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A copy of the archive (the bytes are shared), for a thread of its own.
    pub fn archive(&self) -> Archive {
        self.archive.clone()
    }
}

/// A part of the archive to read as it inflates; `None` when there is none by that name.
pub fn open_part<'z>(archive: &'z mut Archive, path: &str) -> Result<Option<Part<'z>>, ReadError> {
    let Some(index) = find_part(archive, path) else { return Ok(None) };
    match archive.by_index(index) {
        Ok(f) => Ok(Some(f)),
        Err(ZipError::FileNotFound) => Ok(None),
        Err(e) => Err(ReadError::new(format!("không mở được phần {path} ({e})"))),
    }
}

/// The index of part `path`, matched as calamine matches it: exactly, else without regard to
/// case and with `\` read as `/`.
fn find_part(archive: &Archive, path: &str) -> Option<usize> {
    if let Some(i) = archive.index_for_name(path) {
        return Some(i);
    }
    let wanted = path.to_ascii_lowercase();
    let name =
        archive.file_names().flatten().find(|n| n.replace('\\', "/").to_ascii_lowercase() == wanted)?.into_owned();
    archive.index_for_name(&name)
}

/// A small part, whole.
fn small_part(archive: &mut Archive, path: &str) -> Result<Option<Vec<u8>>, ReadError> {
    let Some(part) = open_part(archive, path)? else { return Ok(None) };
    let mut out = Vec::new();
    super::read_part(part.take(MAX_SMALL_PART), &mut out)
        .map_err(|e| ReadError::new(format!("không giải nén được phần {path} ({e})")))?;
    Ok(Some(out))
}

/// A relationships part: id → (target, type), both as written.
fn relationships(xml: &[u8]) -> Result<HashMap<String, (String, String)>, ReadError> {
    let mut out = HashMap::new();
    let mut sc = Scanner::new(xml);
    while let Some(token) = sc.token() {
        if let Token::Start { name, attrs, .. } = token
            && local(name) == b"Relationship"
        {
            let get = |k: &[u8]| -> Result<String, ReadError> {
                Ok(attr(attrs, k)
                    .map_err(ReadError::attribute)?
                    .map(|v| String::from_utf8_lossy(v).into_owned())
                    .unwrap_or_default())
            };
            if attr(attrs, b"Id").map_err(ReadError::attribute)?.is_some() {
                out.insert(get(b"Id")?, (get(b"Target")?, get(b"Type")?));
            }
        }
    }
    Ok(out)
}
