//! Text typed in the legacy Vietnamese font encodings, TCVN3 (ABC: fonts .VnTime, .VnTimeH) and
//! VNI Windows (fonts VNI-Times…), instead of Unicode. Such text is stored as Windows Latin
//! letters that only the old font draws as Vietnamese: "Cộng hòa" is stored as "Céng hßa"
//! (TCVN3) or "Coäng hoøa" (VNI). Scoring it would compare "Gi¸o viªn" with "Giáo viên", so a
//! file that holds it anywhere is stopped with a message that lists every legacy cell and
//! points at `hoctap convert`, which converts those cells only.
//!
//! No maintained crate converts these encodings; the two tables below are the published
//! TCVN 5712:1993 (VN3) and VNI Windows layouts.
//!
//! Detection: every record is glanced at ([`glance`], a few nanoseconds); a record with a
//! character or letter pair legacy text has is split into words and keep those with a non-ASCII letter. A
//! word that is not a Vietnamese syllable as it stands but becomes one when its bytes are read
//! as TCVN3 (or VNI) is evidence for that encoding. The file is legacy when at least two words
//! are such evidence and the encoding explains at least half of the broken words. Genuine
//! Unicode Vietnamese has almost no broken words, and English none at all (it is all ASCII),
//! so neither is ever stopped; words broken for other reasons (foreign names, a wrong code
//! page) do not become syllables under TCVN3 or VNI and count against the verdict.

use std::collections::{HashMap, HashSet, VecDeque};

use csv::StringRecord;
use encoding_rs::{Encoding, WINDOWS_1252, WINDOWS_1258};
use foldhash::fast::FixedState;
use unicode_normalization::UnicodeNormalization;

use super::csv_source::{RawRecord, RecordSource};
use super::spreadsheet::{Stored, column_letter};
use super::syllable::is_syllable;
use super::{InputError, Source};

/// Records looked at before the file is let through.
pub const SAMPLE_RECORDS: usize = 1000;
/// Words with non-ASCII letters looked at, at most.
const SAMPLE_WORDS: usize = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3 = 0,
    Vni = 1,
}

impl Legacy {
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC, phông chữ .VnTime, .VnTimeH)",
            Legacy::Vni => "VNI Windows (phông chữ VNI-Times, VNI-…)",
        }
    }

    /// Converts one byte-view word or cell to Unicode (NFC).
    pub fn convert(self, bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len() * 2);
        for &b in bytes {
            match self {
                _ if b.is_ascii() => out.push(b as char),
                Legacy::Tcvn3 => out.push(tcvn3_char(b)),
                Legacy::Vni => out.push_str(vni_text(b)),
            }
        }
        out.nfc().collect()
    }
}

/// How to get back the bytes a legacy font saw.
#[derive(Debug, Clone, Copy)]
pub enum ByteView {
    /// Text stored as Unicode (spreadsheets, UTF-8 and UTF-16 files): a legacy-font letter was
    /// stored as the Windows Latin character of its byte.
    Unicode,
    /// Text decoded from a single-byte code page: encoding it again gives the exact bytes.
    SingleByte(&'static Encoding),
}

impl ByteView {
    pub fn for_encoding(encoding: &'static Encoding) -> ByteView {
        if encoding.is_single_byte() { ByteView::SingleByte(encoding) } else { ByteView::Unicode }
    }

    /// The bytes of `text`, or `None` when a character has no byte (so it is genuine Unicode).
    fn bytes(self, text: &str) -> Option<Vec<u8>> {
        match self {
            ByteView::SingleByte(e) => {
                let (bytes, _, errors) = e.encode(text);
                (!errors).then(|| bytes.into_owned())
            }
            ByteView::Unicode => {
                let mut out = Vec::with_capacity(text.len());
                let mut buf = [0u8; 4];
                for c in text.chars() {
                    if c.is_ascii() {
                        out.push(c as u8);
                        continue;
                    }
                    let s = c.encode_utf8(&mut buf);
                    let byte = [WINDOWS_1252, WINDOWS_1258].iter().find_map(|e| {
                        let (b, _, errors) = e.encode(s);
                        (!errors && b.len() == 1).then(|| b[0])
                    })?;
                    out.push(byte);
                }
                Some(out)
            }
        }
    }

    /// Like `bytes`, keeping characters without a byte as they are (for showing a conversion).
    pub fn convert_cell(self, legacy: Legacy, text: &str) -> String {
        let mut out = String::new();
        let mut buf = [0u8; 4];
        for c in text.chars() {
            match self.bytes(c.encode_utf8(&mut buf)) {
                Some(b) => out.push_str(&legacy.convert(&b)),
                None => out.push(c),
            }
        }
        out.nfc().collect()
    }
}

/// TCVN3 (TCVN 5712:1993, VN3): one byte per letter. The uppercase-only fonts (.VnTimeH) use
/// the same bytes, so a lowercase reading is enough to recognise the words.
fn tcvn3_char(b: u8) -> char {
    if b.is_ascii() {
        return b as char;
    }
    match b {
        0xA1 => 'Ă',
        0xA2 => 'Â',
        0xA3 => 'Ê',
        0xA4 => 'Ô',
        0xA5 => 'Ơ',
        0xA6 => 'Ư',
        0xA7 => 'Đ',
        0xA8 => 'ă',
        0xA9 => 'â',
        0xAA => 'ê',
        0xAB => 'ô',
        0xAC => 'ơ',
        0xAD => 'ư',
        0xAE => 'đ',
        0xB5 => 'à',
        0xB6 => 'ả',
        0xB7 => 'ã',
        0xB8 => 'á',
        0xB9 => 'ạ',
        0xBB => 'ằ',
        0xBC => 'ẳ',
        0xBD => 'ẵ',
        0xBE => 'ắ',
        0xC6 => 'ặ',
        0xC7 => 'ầ',
        0xC8 => 'ẩ',
        0xC9 => 'ẫ',
        0xCA => 'ấ',
        0xCB => 'ậ',
        0xCC => 'è',
        0xCE => 'ẻ',
        0xCF => 'ẽ',
        0xD0 => 'é',
        0xD1 => 'ẹ',
        0xD2 => 'ề',
        0xD3 => 'ể',
        0xD4 => 'ễ',
        0xD5 => 'ế',
        0xD6 => 'ệ',
        0xD7 => 'ì',
        0xD8 => 'ỉ',
        0xDC => 'ĩ',
        0xDD => 'í',
        0xDE => 'ị',
        0xDF => 'ò',
        0xE1 => 'ỏ',
        0xE2 => 'õ',
        0xE3 => 'ó',
        0xE4 => 'ọ',
        0xE5 => 'ồ',
        0xE6 => 'ổ',
        0xE7 => 'ỗ',
        0xE8 => 'ố',
        0xE9 => 'ộ',
        0xEA => 'ờ',
        0xEB => 'ở',
        0xEC => 'ỡ',
        0xED => 'ớ',
        0xEE => 'ợ',
        0xEF => 'ù',
        0xF1 => 'ủ',
        0xF2 => 'ũ',
        0xF3 => 'ú',
        0xF4 => 'ụ',
        0xF5 => 'ừ',
        0xF6 => 'ử',
        0xF7 => 'ữ',
        0xF8 => 'ứ',
        0xF9 => 'ự',
        0xFA => 'ỳ',
        0xFB => 'ỷ',
        0xFC => 'ỹ',
        0xFD => 'ý',
        0xFE => 'ỵ',
        _ => '\u{FFFD}',
    }
}

/// VNI Windows: a base letter followed by a byte for its marks ("a" + "ù" is "á"), plus a few
/// letters of their own (ơ, ư, đ and the i's). Marks become combining characters; NFC
/// composes them.
fn vni_text(b: u8) -> &'static str {
    match b {
        0xF4 => "ơ",
        0xD4 => "Ơ",
        0xF6 => "ư",
        0xD6 => "Ư",
        0xF1 => "đ",
        0xD1 => "Đ",
        0xEC => "ì",
        0xCC => "Ì",
        0xED => "í",
        0xCD => "Í",
        0xE6 => "ỉ",
        0xC6 => "Ỉ",
        0xF3 => "ĩ",
        0xD3 => "Ĩ",
        0xF2 => "ị",
        0xD2 => "Ị",
        0xEE => "ỵ",
        0xCE => "Ỵ",
        0xF8 | 0xD8 => "\u{300}",
        0xF9 | 0xD9 => "\u{301}",
        0xFB | 0xDB => "\u{309}",
        0xF5 | 0xD5 => "\u{303}",
        0xEF | 0xCF => "\u{323}",
        0xE2 | 0xC2 => "\u{302}",
        0xE1 | 0xC1 => "\u{302}\u{301}",
        0xE0 | 0xC0 => "\u{302}\u{300}",
        0xE5 | 0xC5 => "\u{302}\u{309}",
        0xE3 | 0xC3 => "\u{302}\u{303}",
        0xE4 | 0xC4 => "\u{302}\u{323}",
        0xEA | 0xCA => "\u{306}",
        0xE9 | 0xC9 => "\u{306}\u{301}",
        0xE8 | 0xC8 => "\u{306}\u{300}",
        0xFA | 0xDA => "\u{306}\u{309}",
        0xFC | 0xDC => "\u{306}\u{303}",
        0xEB | 0xCB => "\u{306}\u{323}",
        _ => "\u{FFFD}",
    }
}

/// A cell whose words read as Vietnamese in a legacy encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyCell {
    pub line: u64,
    /// 0-based column of the record.
    pub column: usize,
    pub legacy: Legacy,
    pub cell: String,
    pub converted: String,
}

/// What the detector found: the encoding and every cell it explains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    pub legacy: Legacy,
    pub line: u64,
    /// 0-based column of the record.
    pub column: usize,
    pub cell: String,
    pub converted: String,
    /// Words that are not Vietnamese as they stand, and how many of them the encoding explains.
    pub broken_words: usize,
    pub explained_words: usize,
    /// Every cell found, in file order (at most [`MAX_LISTED`]), and how many there are.
    pub cells: Vec<LegacyCell>,
    pub cell_count: usize,
}

/// Cells kept for the stop message; `hoctap convert` lists every one.
pub const MAX_LISTED: usize = 10_000;
/// Cells shown in the stop message.
const SHOWN: usize = 30;

impl Detection {
    /// The message that stops the file: what it is, every cell found, how to convert it.
    pub fn message(&self) -> String {
        let mut out = format!(
            "cột {}: chữ \"{}\" được gõ bằng bảng mã cũ {}, không phải Unicode (đọc đúng là \"{}\"). hoctap không chấm điểm tệp này. Có {} ô chữ bảng mã cũ:",
            column_letter(self.column),
            self.cell.trim(),
            self.legacy.name(),
            self.converted.trim(),
            self.cell_count
        );
        for c in self.cells.iter().take(SHOWN) {
            out.push_str(&format!(
                "\n  dòng {}, cột {}: \"{}\" → \"{}\"",
                c.line,
                column_letter(c.column),
                c.cell.trim(),
                c.converted.trim()
            ));
        }
        if self.cell_count > SHOWN {
            out.push_str(&format!("\n  … và {} ô khác", self.cell_count - SHOWN));
        }
        out.push_str(
            "\nCách chuyển: chạy `hoctap convert TỆP -o TỆP-unicode.xlsx` (hoặc .csv): chỉ các ô chữ bảng mã cũ được chuyển sang Unicode và được liệt kê từng ô, các ô Unicode giữ nguyên; rồi chạy lại với tệp mới. Không chuyển cả tệp bằng UniKey: các ô đã là Unicode sẽ bị hỏng.",
        );
        out
    }
}

fn is_word_char(c: char) -> bool {
    !(c.is_whitespace() || c.is_ascii_punctuation() || c.is_ascii_digit() || c.is_control())
}

/// Evidence gathered cell by cell, record by record, over a whole file.
#[derive(Debug, Default, Clone)]
pub struct LegacyScan {
    broken: usize,
    explained: [usize; 2],
    words: usize,
    cells: Vec<LegacyCell>,
    cell_count: usize,
    /// Words already found to be syllables as they stand: names repeat ("Nguyễn", "Thị"),
    /// and the syllable test (two Unicode normalisations) was most of a small run.
    syllables: HashSet<Box<str>, FixedState>,
    /// Cells whose every word is a syllable, with their word count: a roster repeats its unit
    /// names, roles and statuses on every row.
    clean_cells: HashMap<Box<str>, usize, FixedState>,
}

/// At most this many words are remembered as syllables.
const REMEMBERED_SYLLABLES: usize = 20_000;

/// Genuine Vietnamese letters of Latin-1 (U+00C0–U+00FF): every other character there (and
/// every one of U+0080–U+00BF but the no-break space) is a legacy-font letter read as Windows
/// Latin ("B×nh", "Häc", "hßa", "Ñoái"), or foreign.
fn vietnamese_latin1(c: char) -> bool {
    matches!(
        lower_latin1(c),
        'à' | 'á' | 'â' | 'ã' | 'è' | 'é' | 'ê' | 'ì' | 'í' | 'ò' | 'ó' | 'ô' | 'õ' | 'ù' | 'ú' | 'ý'
    )
}

/// Lower case of a Latin-1 letter (U+00C0–U+00DE but ×), without the Unicode tables.
fn lower_latin1(c: char) -> char {
    match c {
        'À'..='Þ' if c != '×' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        _ => c,
    }
}

/// VNI writes a mark as its own byte after the letter: "Vaên", "Nguyeãn", "Giaùo". These
/// pairs of a plain vowel and a Latin-1 letter never occur in Unicode Vietnamese ("hoà",
/// "quân", "viên", "giá" do, and are not listed).
fn vni_pair(prev: u8, c: char) -> bool {
    let c = lower_latin1(c);
    match prev.to_ascii_lowercase() {
        b'a' => matches!(c, 'ù' | 'õ' | 'â' | 'á' | 'à' | 'ã' | 'ê' | 'é' | 'è' | 'ú'),
        b'e' => matches!(c, 'ù' | 'õ' | 'â' | 'á' | 'à' | 'ã'),
        b'o' => matches!(c, 'ù' | 'õ' | 'â' | 'ú'),
        b'u' | b'y' | b'i' => matches!(c, 'ù' | 'õ'),
        _ => false,
    }
}

/// What a quick look at a record's text found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Glance {
    /// A character or pair that legacy-font text has and Unicode Vietnamese does not.
    pub legacy: bool,
    /// U+FFFD: a byte that was not UTF-8 where the file is.
    pub replacement: bool,
}

/// A look at a record's text (its cells run together) that costs a few nanoseconds for a
/// record of Unicode Vietnamese: only the lead bytes of Latin-1 letters and of U+FFFD are
/// looked at, with memchr.
pub fn glance(text: &str) -> Glance {
    let b = text.as_bytes();
    let mut g = Glance::default();
    for i in memchr::memchr3_iter(0xC2, 0xC3, 0xEF, b) {
        match b[i] {
            0xEF => g.replacement |= b.get(i + 1..i + 3) == Some(&[0xBF, 0xBD]),
            lead => {
                // A two-byte letter, decoded by hand: the text is UTF-8.
                let Some(&next) = b.get(i + 1) else { continue };
                let Some(c) = char::from_u32((u32::from(lead & 0x1F) << 6) | u32::from(next & 0x3F)) else { continue };
                let suspicious = if lead == 0xC2 {
                    c != '\u{A0}'
                } else {
                    !vietnamese_latin1(c) || (i > 0 && vni_pair(b[i - 1], c))
                };
                g.legacy |= suspicious;
            }
        }
        if g.legacy && g.replacement {
            break;
        }
    }
    g
}

impl LegacyScan {
    /// Looks at one cell: its words that are not Vietnamese syllables as they stand but become
    /// ones in a legacy encoding. Returns the cell when it shows one.
    pub fn cell(&mut self, line: u64, column: usize, cell: &str, view: ByteView) -> Option<&LegacyCell> {
        if cell.is_ascii() || self.words >= usize::MAX / 2 {
            return None;
        }
        if let Some(words) = self.clean_cells.get(cell) {
            self.words += words;
            return None;
        }
        let mut found = [0usize; 2];
        let (words_before, broken_before) = (self.words, self.broken);
        // A word needs a plain letter: a lone symbol ("×", "®") is not evidence either way.
        let words =
            cell.split(|c| !is_word_char(c)).filter(|w| !w.is_ascii() && w.bytes().any(|b| b.is_ascii_alphabetic()));
        for word in words {
            self.words += 1;
            if self.syllables.contains(word) {
                continue;
            }
            let nfc: String = word.nfc().collect();
            if is_syllable(&nfc) {
                if self.syllables.len() < REMEMBERED_SYLLABLES {
                    self.syllables.insert(word.into());
                }
                continue;
            }
            // "ĐT" in "GD-ĐT", "MN-ĐT", "CĐ": Đ is an ordinary Unicode letter, and an
            // abbreviation is no syllable; read as TCVN3 it would become one ("éT").
            if nfc.chars().all(|c| c.is_ascii() || c == 'Đ' || c == 'đ') {
                continue;
            }
            self.broken += 1;
            let Some(bytes) = view.bytes(word) else { continue };
            for (k, legacy) in [Legacy::Tcvn3, Legacy::Vni].into_iter().enumerate() {
                if is_syllable(&legacy.convert(&bytes)) {
                    self.explained[k] += 1;
                    found[k] += 1;
                }
            }
        }
        if self.broken == broken_before && self.clean_cells.len() < REMEMBERED_SYLLABLES {
            self.clean_cells.insert(cell.into(), self.words - words_before);
        }
        if found == [0, 0] {
            return None;
        }
        let legacy = if found[1] > found[0] { Legacy::Vni } else { Legacy::Tcvn3 };
        self.cell_count += 1;
        if self.cells.len() >= MAX_LISTED {
            return None;
        }
        // The whole cell: a legacy word can also be a syllable as it stands (VNI "Thò" is
        // "Thị"), and a cell is typed in one font.
        let converted = view.convert_cell(legacy, cell);
        self.cells.push(LegacyCell { line, column, legacy, cell: cell.to_string(), converted });
        self.cells.last()
    }

    /// Looks at every cell of a record.
    pub fn record<'a>(&mut self, line: u64, cells: impl Iterator<Item = &'a str>, view: ByteView) {
        for (column, cell) in cells.enumerate() {
            self.cell(line, column, cell, view);
        }
    }

    /// Whether any cell read as legacy text (not yet a verdict: see [`LegacyScan::verdict`]).
    pub fn any(&self) -> bool {
        self.cell_count > 0
    }

    /// The file is legacy when at least two words are evidence and the encoding explains at
    /// least half of the broken words. Genuine Unicode Vietnamese has almost no broken words,
    /// and English none at all; words broken for other reasons (foreign names, a wrong code
    /// page) do not become syllables under TCVN3 or VNI and count against the verdict.
    pub fn verdict(&self) -> Option<Detection> {
        let k = if self.explained[1] > self.explained[0] { 1 } else { 0 };
        let explained = self.explained[k];
        if explained < 2 || explained * 2 < self.broken {
            return None;
        }
        let legacy = [Legacy::Tcvn3, Legacy::Vni][k];
        let first = self.cells.iter().find(|c| c.legacy == legacy).or(self.cells.first())?;
        Some(Detection {
            legacy,
            line: first.line,
            column: first.column,
            cell: first.cell.clone(),
            converted: first.converted.clone(),
            broken_words: self.broken,
            explained_words: explained,
            cells: self.cells.clone(),
            cell_count: self.cell_count,
        })
    }
}

/// The Unicode reading of a single value (a category cell such as "Häc sinh") when its
/// broken words all read as Vietnamese in one legacy encoding.
pub fn legacy_reading(value: &str) -> Option<(Legacy, String)> {
    let mut scan = LegacyScan::default();
    let cell = scan.cell(0, 0, value, ByteView::Unicode)?.clone();
    (scan.explained[cell.legacy as usize] >= scan.broken).then_some((cell.legacy, cell.converted))
}

/// Looks for legacy-font text in records given as (line, record).
pub fn detect_records<'a>(records: impl Iterator<Item = (u64, &'a StringRecord)>, view: ByteView) -> Option<Detection> {
    let mut scan = LegacyScan::default();
    for (line, rec) in records {
        scan.record(line, rec.iter(), view);
        if scan.words >= SAMPLE_WORDS {
            break;
        }
    }
    scan.verdict()
}

/// Wraps a record source: looks at its first records before letting any through, and stops
/// the file if they are in a legacy font encoding, after reading the rest of it so that the
/// message lists every legacy cell. Legacy text further down is found by the row typer.
pub struct LegacyGuard {
    inner: Box<dyn RecordSource>,
    view: ByteView,
    file: String,
    buffered: Option<VecDeque<(u64, StringRecord)>>,
}

impl LegacyGuard {
    /// `file` names the file (and sheet) in the message.
    pub fn new(inner: Box<dyn RecordSource>, view: ByteView, source: &Source, sheet: Option<&str>) -> LegacyGuard {
        let file = match sheet {
            Some(s) => format!("{source}, trang \"{s}\""),
            None => source.to_string(),
        };
        LegacyGuard { inner, view, file, buffered: None }
    }

    fn fill(&mut self) -> Result<(), InputError> {
        let mut buf = VecDeque::new();
        let mut rec = StringRecord::new();
        while buf.len() < SAMPLE_RECORDS {
            match self.inner.read(&mut rec)? {
                Some(line) => buf.push_back((line, rec.clone())),
                None => break,
            }
        }
        if detect_records(buf.iter().map(|(l, r)| (*l, r)), self.view).is_some() {
            let mut scan = LegacyScan::default();
            for (line, r) in &buf {
                scan.record(*line, r.iter(), self.view);
            }
            // Bytes that are not text further down end the listing, not the stop.
            while let Ok(Some(line)) = self.inner.read(&mut rec) {
                scan.record(line, rec.iter(), self.view);
            }
            if let Some(d) = scan.verdict() {
                return Err(InputError::Line { file: self.file.clone(), line: d.line, message: d.message() });
            }
        }
        self.buffered = Some(buf);
        Ok(())
    }
}

impl RecordSource for LegacyGuard {
    fn read(&mut self, rec: &mut StringRecord) -> Result<Option<u64>, InputError> {
        if self.buffered.is_none() {
            self.fill()?;
        }
        if let Some(buf) = &mut self.buffered
            && let Some((line, r)) = buf.pop_front()
        {
            *rec = r;
            return Ok(Some(line));
        }
        self.inner.read(rec)
    }

    /// After the sample, records pass as bytes, so the fast path keeps its one UTF-8 check
    /// per record.
    fn read_bytes(&mut self, rec: &mut RawRecord) -> Result<Option<u64>, InputError> {
        if self.buffered.is_none() {
            self.fill()?;
        }
        if let Some(buf) = &mut self.buffered
            && let Some((line, r)) = buf.pop_front()
        {
            rec.set_text(r.iter());
            return Ok(Some(line));
        }
        self.inner.read_bytes(rec)
    }

    fn stored(&self, line: u64, col: usize) -> Stored {
        self.inner.stored(line, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(rows: &[&[&str]]) -> Vec<StringRecord> {
        rows.iter().map(|r| StringRecord::from(r.to_vec())).collect()
    }

    fn detect(rows: &[&[&str]], view: ByteView) -> Option<Detection> {
        let recs = records(rows);
        detect_records(recs.iter().enumerate().map(|(i, r)| (i as u64 + 1, r)), view)
    }

    /// A cell met again counts its words again, and only a cell whose words are all syllables
    /// is remembered: a legacy cell met twice is two pieces of evidence.
    #[test]
    fn repeated_cells_count_as_often_as_they_occur() {
        let mut scan = LegacyScan::default();
        for line in 1..=3 {
            scan.record(line, ["Trường Tiểu học Gia Trấn", "Häc sinh", "Nữ"].into_iter(), ByteView::Unicode);
        }
        // Words with a letter outside ASCII: "Gia" and "sinh" are not looked at.
        assert_eq!(scan.words, 3 * (4 + 1 + 1));
        assert_eq!(scan.broken, 3, "\"Häc\" once per row");
        assert_eq!(scan.cell_count, 3);
        assert_eq!(scan.clean_cells.len(), 2, "the legacy cell is not remembered");
        assert_eq!(scan.clean_cells.get("Trường Tiểu học Gia Trấn"), Some(&4));
    }

    #[test]
    fn tcvn3_table_gives_the_known_samples() {
        assert_eq!(ByteView::Unicode.convert_cell(Legacy::Tcvn3, "Ninh B×nh"), "Ninh Bình");
        assert_eq!(ByteView::Unicode.convert_cell(Legacy::Tcvn3, "Céng hßa"), "Cộng hòa");
        assert_eq!(ByteView::Unicode.convert_cell(Legacy::Tcvn3, "Tr\u{AD}êng"), "Trường");
        assert_eq!(ByteView::Unicode.convert_cell(Legacy::Tcvn3, "Gi¸o viªn"), "Giáo viên");
    }

    #[test]
    fn vni_table_gives_the_known_samples() {
        assert_eq!(ByteView::Unicode.convert_cell(Legacy::Vni, "Coäng hoøa"), "Cộng hòa");
        assert_eq!(ByteView::Unicode.convert_cell(Legacy::Vni, "Tröôøng Trung hoïc"), "Trường Trung học");
        assert_eq!(ByteView::Unicode.convert_cell(Legacy::Vni, "Nguyeãn Vaên Ñoâng"), "Nguyễn Văn Đông");
    }

    #[test]
    fn finds_tcvn3_and_names_the_first_cell() {
        let d = detect(
            &[
                &["Mã định danh", "Họ và tên", "Đối tượng"],
                &["001", "NguyÔn V¨n An", "Gi¸o viªn"],
                &["002", "TrÇn ThÞ B×nh", "Häc sinh"],
            ],
            ByteView::Unicode,
        )
        .expect("TCVN3 found");
        assert_eq!(d.legacy, Legacy::Tcvn3);
        assert_eq!((d.line, d.column), (2, 1));
        assert_eq!(d.converted, "Nguyễn Văn An");
    }

    #[test]
    fn finds_vni() {
        let d = detect(
            &[&["Hoï vaø teân", "Ñoái töôïng"], &["Nguyeãn Vaên An", "Giaùo vieân"], &["Traàn Thò Bình", "Hoïc sinh"]],
            ByteView::Unicode,
        )
        .expect("VNI found");
        assert_eq!(d.legacy, Legacy::Vni);
        assert_eq!((d.line, d.column), (1, 0));
        assert_eq!(d.converted, "Họ và tên");
    }

    #[test]
    fn finds_tcvn3_in_single_byte_files() {
        // The bytes of a TCVN3 CSV, decoded as windows-1258 (what chardetng may guess).
        let bytes = b"H\xE4 v\xB5 t\xAAn;\xA7\xE8i t\xAD\xEEng\nNguy\xD4n V\xA8n An;Gi\xB8o vi\xAAn\n";
        let (text, _) = WINDOWS_1258.decode_without_bom_handling(bytes);
        let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(';').collect()).collect();
        let slices: Vec<&[&str]> = lines.iter().map(Vec::as_slice).collect();
        let d = detect(&slices, ByteView::SingleByte(WINDOWS_1258)).expect("TCVN3 found");
        assert_eq!(d.legacy, Legacy::Tcvn3);
        assert_eq!(d.converted, "Họ và tên");
    }

    /// Found by the property tests of issue 6: a unit code "MN-ĐT" on every row stopped a
    /// Unicode roster as TCVN3 ("ĐT" read as TCVN3 is the syllable "éT").
    #[test]
    fn abbreviations_with_d_stroke_are_not_tcvn3() {
        let rows: Vec<[&str; 3]> = (0..20).map(|_| ["MN-ĐT", "Phòng GD-ĐT", "Trường CĐ Sư phạm"]).collect();
        let rows: Vec<&[&str]> = rows.iter().map(|r| &r[..]).collect();
        assert_eq!(detect(&rows, ByteView::Unicode), None);
    }

    #[test]
    fn genuine_unicode_english_and_foreign_names_pass() {
        let criteria = crate::criteria::EMBEDDED_TOML;
        let readme = include_str!("../../README.md");
        let example = include_str!("../../examples/thcs-ninh-hai.csv");
        for text in [criteria, readme, example] {
            let recs: Vec<StringRecord> = text.lines().map(|l| StringRecord::from(vec![l])).collect();
            assert_eq!(detect_records(recs.iter().map(|r| (1, r)), ByteView::Unicode), None);
        }
        let nfd: String = example.nfd().collect();
        let recs: Vec<StringRecord> = nfd.lines().map(|l| StringRecord::from(vec![l])).collect();
        assert_eq!(detect_records(recs.iter().map(|r| (1, r)), ByteView::Unicode), None);
        assert_eq!(
            detect(
                &[
                    &["Name", "Role"],
                    &["Müller Jürgen", "Teacher"],
                    &["Peña José", "Café owner"],
                    &["Zoë Brontë", "Naïve façade"],
                    &["µm ©2024 ®"]
                ],
                ByteView::Unicode
            ),
            None
        );
    }

    #[test]
    fn wrong_code_page_is_not_taken_for_legacy_fonts() {
        // UTF-8 Vietnamese read as Windows Latin ("Nguyá»…n"), and windows-1258 bytes read as
        // windows-1252: broken, but neither TCVN3 nor VNI explains it.
        let utf8_as_latin = WINDOWS_1252.decode_without_bom_handling("Nguyễn Văn Bình Giáo viên Học sinh".as_bytes()).0;
        let w1258 = WINDOWS_1258.encode("Nguye\u{303}n Va\u{306}n Bi\u{300}nh Gia\u{301}o viên").0;
        let w1258_as_latin = WINDOWS_1252.decode_without_bom_handling(&w1258).0;
        for text in [utf8_as_latin.as_ref(), w1258_as_latin.as_ref()] {
            assert_eq!(detect(&[&[text], &[text]], ByteView::Unicode), None, "{text}");
        }
    }
}
