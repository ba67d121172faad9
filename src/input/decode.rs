//! Bytes to UTF-8 text. Rosters arrive as UTF-8 (with or without BOM), as UTF-16 "Unicode
//! Text" from Excel, or in a single-byte Windows code page such as windows-1258. The first
//! 64 KiB are sniffed once; the rest of the file streams through the chosen decoder.

use std::io::{self, Read};

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use encoding_rs_io::DecodeReaderBytesBuilder;
use sha2::{Digest, Sha256};

use super::{InputError, Source};

const SNIFF_BYTES: usize = 64 * 1024;

/// What the decoder found out about a file, for `inspect` and for messages.
#[derive(Debug, Clone)]
pub struct DecodeInfo {
    pub encoding: &'static Encoding,
    pub had_bom: bool,
    /// True when the encoding was guessed rather than marked or forced.
    pub guessed: bool,
}

/// An opened roster: UTF-8 text (BOM removed) as a stream.
pub struct Decoded {
    pub reader: Box<dyn Read + Send>,
    pub info: DecodeInfo,
}

/// Hashes every byte that passes through, so the report can name each input's SHA-256
/// without a second read of the file.
pub struct HashingReader<R> {
    inner: R,
    hasher: std::sync::Arc<std::sync::Mutex<Sha256>>,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut h) = self.hasher.lock() {
            h.update(&buf[..n]);
        }
        Ok(n)
    }
}

/// A file that must not change while it is read: a roster still being written (a copy in
/// progress, Excel saving) would give figures for a file that never existed. At the end of the
/// file, its size and modification time are compared with those at opening.
pub struct WatchedFile {
    file: std::fs::File,
    len: u64,
    modified: Option<std::time::SystemTime>,
    read: u64,
}

/// The file changed between opening and the end of reading.
#[derive(Debug)]
pub struct ChangedWhileReading;

impl std::fmt::Display for ChangedWhileReading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "tệp đã thay đổi trong khi đang đọc (có chương trình khác đang ghi vào tệp?); hãy chờ ghi xong rồi chạy lại",
        )
    }
}

impl std::error::Error for ChangedWhileReading {}

impl WatchedFile {
    pub fn new(file: std::fs::File) -> io::Result<WatchedFile> {
        let meta = file.metadata()?;
        if meta.is_dir() {
            return Err(io::Error::new(io::ErrorKind::IsADirectory, "thư mục"));
        }
        Ok(WatchedFile { len: meta.len(), modified: meta.modified().ok(), file, read: 0 })
    }

    fn unchanged(&self) -> io::Result<bool> {
        let meta = self.file.metadata()?;
        // Only regular files have a size to hold to; a device or a pipe named by path streams.
        if !meta.is_file() {
            return Ok(true);
        }
        Ok(meta.len() == self.len && self.read == self.len && meta.modified().ok() == self.modified)
    }
}

impl Read for WatchedFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        self.read += n as u64;
        if ((n == 0 && !buf.is_empty()) || self.read > self.len) && !self.unchanged()? {
            return Err(io::Error::other(ChangedWhileReading));
        }
        Ok(n)
    }
}

/// A handle to read the checksum once the stream has been consumed.
#[derive(Clone, Default)]
pub struct Checksum(std::sync::Arc<std::sync::Mutex<Sha256>>);

impl Checksum {
    pub fn hex(&self) -> String {
        let h = self.0.lock().map(|h| h.clone().finalize()).unwrap_or_default();
        h.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Opens the source and wraps it so its checksum is computed as it is read.
pub fn open_raw(source: &Source) -> Result<(Box<dyn Read + Send>, Checksum), InputError> {
    let raw: Box<dyn Read + Send> = match source {
        Source::Stdin => Box::new(io::stdin()),
        Source::Path(p) => {
            let file = std::fs::File::open(p).map_err(|e| InputError::file(source, super::io_message(&e)))?;
            Box::new(WatchedFile::new(file).map_err(|e| InputError::file(source, super::io_message(&e)))?)
        }
    };
    let checksum = Checksum::default();
    let reader = HashingReader { inner: raw, hasher: checksum.0.clone() };
    Ok((Box::new(reader), checksum))
}

/// Reads up to `limit` bytes (fewer only at end of file).
fn read_prefix(reader: &mut dyn Read, limit: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(limit);
    reader.take(limit as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Finds a forced encoding by its WHATWG label ("windows-1258", "utf-16le", "cp1258").
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let l = label.trim().to_ascii_lowercase();
    let l = l.strip_prefix("cp").map(|n| format!("windows-{n}")).unwrap_or(l);
    Encoding::for_label(l.as_bytes())
}

/// Sniffs the encoding of `source` and returns a UTF-8 stream of its text.
pub fn decode(
    source: &Source,
    mut raw: Box<dyn Read + Send>,
    forced: Option<&'static Encoding>,
) -> Result<Decoded, InputError> {
    let head = read_prefix(&mut raw, SNIFF_BYTES).map_err(|e| InputError::file(source, super::io_message(&e)))?;
    let (bom_encoding, bom_len) = match Encoding::for_bom(&head) {
        Some((e, n)) => (Some(e), n),
        None => (None, 0),
    };
    let (encoding, guessed) = match (forced, bom_encoding) {
        (Some(f), _) => (f, false),
        (None, Some(e)) => (e, false),
        (None, None) => (sniff(&head), true),
    };
    if encoding != UTF_16LE
        && encoding != UTF_16BE
        && let Some(kind) = binary_kind(&head)
    {
        return Err(InputError::file(
            source,
            format!("đây là {kind}, không phải danh sách dạng văn bản; hãy mở bằng Excel rồi lưu dạng \"CSV UTF-8\""),
        ));
    }
    let info = DecodeInfo { encoding, had_bom: bom_len > 0, guessed };
    let rest = io::Cursor::new(head).chain(raw);
    let reader: Box<dyn Read + Send> = if encoding == UTF_8 {
        // The common case stays a byte stream checked as it passes; only the BOM is dropped,
        // and a stray byte that is not UTF-8 becomes U+FFFD, which the row typer reports.
        let mut r = rest;
        let mut bom = vec![0; bom_len];
        r.read_exact(&mut bom).map_err(|e| InputError::file(source, super::io_message(&e)))?;
        Box::new(LossyUtf8::new(r))
    } else {
        Box::new(DecodeReaderBytesBuilder::new().encoding(Some(encoding)).bom_override(true).build(rest))
    };
    Ok(Decoded { reader, info })
}

/// A UTF-8 stream in which every byte that is not UTF-8 becomes U+FFFD: one stray byte
/// (a character pasted from an old file) spoils its cell, not the file. Valid text is read
/// straight into the caller's buffer and checked there (one SIMD pass, no copy); a letter cut
/// at the end of a read waits for the next one, and only a read with a bad byte is rewritten.
pub struct LossyUtf8<R> {
    inner: R,
    /// Rewritten text not yet given out: `fixed[at..]`.
    fixed: Vec<u8>,
    at: usize,
    /// The start of a letter cut at the end of the last read (at most 3 bytes).
    carry: Vec<u8>,
    eof: bool,
}

impl<R: Read> LossyUtf8<R> {
    pub fn new(inner: R) -> Self {
        LossyUtf8 { inner, fixed: Vec::new(), at: 0, carry: Vec::new(), eof: false }
    }

    /// `bytes` with every sequence that is not UTF-8 replaced; a cut letter at the end is
    /// kept in `carry` unless the stream has ended.
    fn rewrite(&mut self, bytes: &[u8]) {
        self.fixed.clear();
        self.at = 0;
        let mut rest = bytes;
        while !rest.is_empty() {
            match std::str::from_utf8(rest) {
                Ok(t) => {
                    self.fixed.extend_from_slice(t.as_bytes());
                    break;
                }
                Err(e) => {
                    let (good, after) = rest.split_at(e.valid_up_to());
                    self.fixed.extend_from_slice(good);
                    match e.error_len() {
                        Some(bad) => {
                            self.fixed.extend_from_slice("\u{FFFD}".as_bytes());
                            rest = &after[bad..];
                        }
                        None if self.eof => {
                            self.fixed.extend_from_slice("\u{FFFD}".as_bytes());
                            break;
                        }
                        None => {
                            self.carry = after.to_vec();
                            break;
                        }
                    }
                }
            }
        }
    }
}

impl<R: Read> Read for LossyUtf8<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.at < self.fixed.len() {
                let n = (self.fixed.len() - self.at).min(buf.len());
                buf[..n].copy_from_slice(&self.fixed[self.at..self.at + n]);
                self.at += n;
                return Ok(n);
            }
            if buf.len() < 8 {
                // Too small to hold a letter and what it follows: read through the rewrite.
                let mut small = [0u8; 64];
                let n = self.read(&mut small)?;
                let k = n.min(buf.len());
                buf[..k].copy_from_slice(&small[..k]);
                let rest: Vec<u8> = small[k..n].iter().chain(&self.fixed[self.at..]).copied().collect();
                self.fixed = rest;
                self.at = 0;
                return Ok(k);
            }
            if self.eof {
                if self.carry.is_empty() {
                    return Ok(0);
                }
                let cut = std::mem::take(&mut self.carry);
                self.rewrite(&cut);
                continue;
            }
            let kept = self.carry.len();
            buf[..kept].copy_from_slice(&self.carry);
            self.carry.clear();
            let n = self.inner.read(&mut buf[kept..])?;
            self.eof = n == 0;
            let len = kept + n;
            if simdutf8::basic::from_utf8(&buf[..len]).is_ok() {
                if len == 0 {
                    continue;
                }
                return Ok(len);
            }
            match simdutf8::compat::from_utf8(&buf[..len]) {
                Ok(_) => return Ok(len),
                // A letter cut at the end: given out with the next read.
                Err(e) if e.error_len().is_none() && !self.eof && e.valid_up_to() > 0 => {
                    self.carry.extend_from_slice(&buf[e.valid_up_to()..len]);
                    return Ok(e.valid_up_to());
                }
                Err(_) => {
                    let bytes = buf[..len].to_vec();
                    self.rewrite(&bytes);
                }
            }
        }
    }
}

/// Names a file that is not text: known signatures first, then any NUL byte, which no text
/// roster in a single-byte or UTF-8 encoding contains.
pub fn binary_kind(head: &[u8]) -> Option<&'static str> {
    // ZIP and OLE containers never get here: `open` reads them as workbooks.
    const SIGNATURES: [(&[u8], &str); 3] =
        [(b"%PDF", "tệp PDF"), (b"\x7FELF", "tệp chương trình"), (b"\x89PNG", "tệp ảnh")];
    if let Some((_, kind)) = SIGNATURES.iter().find(|(sig, _)| head.starts_with(sig)) {
        return Some(kind);
    }
    head.contains(&0).then_some("tệp nhị phân (có byte 0)")
}

/// UTF-8 but for a few stray bytes: many letters of two or more bytes are valid UTF-8 and at
/// most one in twenty sequences is broken. Text in a single-byte code page almost never forms
/// a valid multi-byte sequence.
fn mostly_utf8(head: &[u8]) -> bool {
    let (mut valid, mut broken) = (0usize, 0usize);
    let mut rest = head;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(t) => {
                valid += t.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let good = std::str::from_utf8(&rest[..e.valid_up_to()]).unwrap_or("");
                valid += good.chars().filter(|c| !c.is_ascii()).count();
                match e.error_len() {
                    Some(bad) => {
                        broken += 1;
                        rest = &rest[e.valid_up_to() + bad..];
                    }
                    None => break,
                }
            }
        }
    }
    valid >= 8 && broken * 20 <= valid
}

/// Guesses the encoding of a file without a BOM: UTF-8 when the bytes are valid UTF-8,
/// UTF-16 when every other byte is zero, otherwise what chardetng finds for Vietnamese text.
fn sniff(head: &[u8]) -> &'static Encoding {
    match std::str::from_utf8(head) {
        Ok(_) => return UTF_8,
        // A multi-byte letter cut at the sniff boundary is still UTF-8.
        Err(e) if e.error_len().is_none() && head.len() == SNIFF_BYTES => return UTF_8,
        Err(_) if mostly_utf8(head) => return UTF_8,
        Err(_) => {}
    }
    let pairs = head.len() / 2;
    if pairs >= 4 {
        let odd_zero = head.chunks_exact(2).filter(|c| c[1] == 0).count();
        let even_zero = head.chunks_exact(2).filter(|c| c[0] == 0).count();
        if odd_zero * 10 >= pairs * 4 && even_zero == 0 {
            return UTF_16LE;
        }
        if even_zero * 10 >= pairs * 4 && odd_zero == 0 {
            return UTF_16BE;
        }
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(head, head.len() < SNIFF_BYTES);
    detector.guess(Some(b"vn"), chardetng::Utf8Detection::Allow)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8], forced: Option<&'static Encoding>) -> (String, DecodeInfo) {
        let src = Source::Stdin;
        let d = decode(&src, Box::new(io::Cursor::new(bytes.to_vec())), forced).unwrap();
        let mut s = String::new();
        let mut r = d.reader;
        r.read_to_string(&mut s).unwrap();
        (s, d.info)
    }

    #[test]
    fn a_stray_byte_keeps_a_file_utf8_and_becomes_one_replacement() {
        let mut bytes = "Mã;Họ và tên;Đối tượng\n1;Nguyễn Văn An;Giáo viên\n".repeat(20).into_bytes();
        bytes.splice(30..30, [0xA9]);
        let (s, info) = decode_all(&bytes, None);
        assert_eq!(info.encoding, UTF_8);
        assert_eq!(s.matches('\u{FFFD}').count(), 1);
        assert_eq!(s.len(), bytes.len() - 1 + 3);
        // A letter cut between chunks is not a stray byte.
        let text = "Nguyễn ".repeat(100_000);
        let mut r = LossyUtf8::new(io::Cursor::new(text.clone().into_bytes()));
        let mut out = String::new();
        r.read_to_string(&mut out).unwrap();
        assert_eq!(out, text);
    }

    use crate::trickle::Trickle;

    #[test]
    fn letters_cut_between_reads_and_stray_bytes_anywhere() {
        let mut bytes = "Nguyễn Thị Hương;Giáo viên\n".repeat(50).into_bytes();
        bytes.insert(17, 0xEC);
        bytes.push(0xE1);
        let want = String::from_utf8_lossy(&bytes).into_owned();
        for (step, out_size) in [(1, 3), (2, 8), (5, 9), (7, 64), (4096, 4096)] {
            let mut r = LossyUtf8::new(Trickle(&bytes, step));
            let mut got = Vec::new();
            let mut buf = vec![0u8; out_size];
            loop {
                let n = r.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                got.extend_from_slice(&buf[..n]);
            }
            assert_eq!(String::from_utf8(got).unwrap(), want, "step {step}, buffer {out_size}");
        }
    }

    #[test]
    fn strips_utf8_bom() {
        let (s, info) = decode_all("\u{feff}Họ tên;Mã\n".as_bytes(), None);
        assert_eq!(s, "Họ tên;Mã\n");
        assert!(info.had_bom);
        assert_eq!(info.encoding, UTF_8);
    }

    #[test]
    fn decodes_utf16le_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Họ tên\tMã\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let (s, info) = decode_all(&bytes, None);
        assert_eq!(s, "Họ tên\tMã\n");
        assert_eq!(info.encoding, UTF_16LE);
    }

    #[test]
    fn decodes_forced_windows_1258() {
        // "Nguyễn Văn An" as Vietnamese Windows writes it: ê (0xEA) then a combining tilde
        // (0xDE), ă (0xE3).
        let bytes = b"Nguy\xEA\xDEn V\xE3n An".to_vec();
        let enc = encoding_for_label("cp1258").unwrap();
        let (s, _) = decode_all(&bytes, Some(enc));
        use unicode_normalization::UnicodeNormalization;
        assert_eq!(s.nfc().collect::<String>(), "Nguyễn Văn An");
    }
}
