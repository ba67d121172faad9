//! Delimited text (CSV, semicolon CSV from Vietnamese Excel, tab-separated "Unicode Text")
//! as a stream of records with their line numbers.

use std::io::{self, Read};

use csv::StringRecord;

use super::decode::{DecodeInfo, Decoded};
pub use super::limits::RawRecord;
use super::limits::{ReadError, RecordParser};
use super::{InputError, Source};

const SNIFF_BYTES: u64 = 64 * 1024;
const SNIFF_LINES: usize = 30;
pub const CANDIDATES: [u8; 3] = [b';', b',', b'\t'];

/// A reader of records; the same interface serves CSV and spreadsheets.
pub trait RecordSource: Send {
    /// Reads the next record into `rec`; returns its line number as the user's editor or
    /// spreadsheet shows it, or `None` at the end.
    fn read(&mut self, rec: &mut StringRecord) -> Result<Option<u64>, InputError>;

    /// The same record as bytes, for the roster reader's fast path, which checks UTF-8 once
    /// per record rather than once per cell. Sources of text need not implement it.
    fn read_bytes(&mut self, rec: &mut RawRecord) -> Result<Option<u64>, InputError> {
        let mut text = StringRecord::new();
        let line = self.read(&mut text)?;
        rec.set_text(text.iter());
        Ok(line)
    }

    /// How cell `col` of the record at `line` was stored: only a spreadsheet knows numbers,
    /// dates and formulas; in a CSV every cell is text.
    fn stored(&self, _line: u64, _col: usize) -> super::spreadsheet::Stored {
        super::spreadsheet::Stored::Text
    }
}

/// A record whose bytes are not UTF-8, said the way every reader says it.
pub fn not_utf8(source: &impl std::fmt::Display, line: u64) -> InputError {
    InputError::Line {
        file: source.to_string(),
        line,
        message: "có ký tự không phải UTF-8; hãy lưu lại tệp dạng \"CSV UTF-8\" hoặc chỉ rõ bảng mã bằng --encoding windows-1258".into(),
    }
}

pub struct CsvSource {
    reader: RecordParser<CrlfToLf<Box<dyn Read + Send>>>,
    source: Source,
    pub delimiter: u8,
    pub delimiter_guessed: bool,
    pub decode: DecodeInfo,
}

impl CsvSource {
    pub fn open(source: &Source, decoded: Decoded, forced: Option<u8>) -> Result<CsvSource, InputError> {
        let Decoded { mut reader, info } = decoded;
        let mut head = Vec::new();
        (&mut reader).take(SNIFF_BYTES).read_to_end(&mut head).map_err(|e| read_error(source, &e, &info))?;
        let (delimiter, guessed) = match forced {
            Some(d) => (d, false),
            None => (sniff_delimiter(&head), true),
        };
        let stream: Box<dyn Read + Send> = Box::new(io::Cursor::new(head).chain(reader));
        let reader = RecordParser::new(CrlfToLf::new(stream), delimiter);
        Ok(CsvSource { reader, source: source.clone(), delimiter, delimiter_guessed: guessed, decode: info })
    }
}

fn read_error(source: &Source, e: &io::Error, info: &DecodeInfo) -> InputError {
    if e.kind() == io::ErrorKind::InvalidData {
        InputError::file(
            source,
            format!(
                "nội dung không hợp lệ theo bảng mã {}; hãy lưu lại tệp dạng \"CSV UTF-8\" hoặc chỉ rõ bảng mã bằng --encoding",
                info.encoding.name()
            ),
        )
    } else {
        InputError::file(source, super::io_message(e))
    }
}

impl CsvSource {
    fn error(&self, e: ReadError) -> InputError {
        match e {
            // The row and column limits name the line and the limit; keep that message.
            ReadError::Limit(limit) => {
                InputError::Line { file: self.source.to_string(), line: limit.line, message: limit.to_string() }
            }
            ReadError::Io(io) => read_error(&self.source, &io, &self.decode),
        }
    }
}

impl RecordSource for CsvSource {
    fn read(&mut self, rec: &mut StringRecord) -> Result<Option<u64>, InputError> {
        let mut bytes = std::mem::take(rec).into_byte_record();
        let Some(start) = self.reader.read(&mut bytes).map_err(|e| self.error(e))? else { return Ok(None) };
        match StringRecord::from_byte_record(bytes) {
            Ok(text) => {
                *rec = text;
                Ok(Some(start.line))
            }
            // Named by where the record before ended, as the `csv` crate names it.
            Err(_) => Err(not_utf8(&self.source, start.byte_line)),
        }
    }

    /// The line each record starts on is the parser's: blank lines before a record and line
    /// ends inside its quoted cells are counted where they are parsed.
    fn read_bytes(&mut self, rec: &mut RawRecord) -> Result<Option<u64>, InputError> {
        match self.reader.read_raw(rec) {
            Ok(start) => Ok(start.map(|s| s.line)),
            Err(e) => Err(self.error(e)),
        }
    }
}

/// Turns Windows line ends (CRLF) into LF before the CSV parser sees them: the csv crate
/// miscounts lines after a CRLF, and every message must name the line the officer sees. A file
/// whose last line has no line end gets one, so every record ends the same way.
pub struct CrlfToLf<R> {
    inner: io::BufReader<R>,
    /// The last byte given out, and whether the closing line end has been added.
    last: Option<u8>,
    closed: bool,
}

impl<R: Read> CrlfToLf<R> {
    pub fn new(inner: R) -> Self {
        Self::with_capacity(64 * 1024, inner)
    }

    fn with_capacity(capacity: usize, inner: R) -> Self {
        CrlfToLf { inner: io::BufReader::with_capacity(capacity, inner), last: None, closed: false }
    }
}

impl<R: Read> Read for CrlfToLf<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.read_converted(out)?;
        if n > 0 {
            self.last = Some(out[n - 1]);
        } else if !out.is_empty() && !self.closed && self.last.is_some_and(|b| b != b'\n') {
            self.closed = true;
            out[0] = b'\n';
            return Ok(1);
        }
        Ok(n)
    }
}

impl<R: Read> CrlfToLf<R> {
    fn read_converted(&mut self, out: &mut [u8]) -> io::Result<usize> {
        use io::BufRead;
        if out.is_empty() {
            return Ok(0);
        }
        // A read at least as large as the buffer, with nothing buffered, goes straight into
        // `out` (one copy less) and its line ends are rewritten there.
        if self.inner.buffer().is_empty() && out.len() >= self.inner.capacity() {
            let n = self.inner.get_mut().read(out)?;
            if n == 0 || memchr::memchr(b'\r', &out[..n]).is_none() {
                return Ok(n);
            }
            // A CR at the very end: whether an LF follows is in the next bytes.
            let cut = out[n - 1] == b'\r';
            let mut len = drop_cr_before_lf(&mut out[..n - usize::from(cut)]);
            if cut {
                let lf = self.inner.fill_buf()?.first() == Some(&b'\n');
                if lf {
                    self.inner.consume(1);
                }
                out[len] = if lf { b'\n' } else { b'\r' };
                len += 1;
            }
            return Ok(len);
        }
        let avail = self.inner.fill_buf()?;
        if avail.is_empty() {
            return Ok(0);
        }
        let k = avail.len().min(out.len());
        match memchr::memchr(b'\r', &avail[..k]) {
            None => {
                out[..k].copy_from_slice(&avail[..k]);
                self.inner.consume(k);
                Ok(k)
            }
            Some(i) if i > 0 => {
                out[..i].copy_from_slice(&avail[..i]);
                self.inner.consume(i);
                Ok(i)
            }
            Some(_) => {
                // A CR: look at the byte after it, which may be in the next chunk.
                let next = match avail.get(1) {
                    Some(&b) => Some(b),
                    None => {
                        self.inner.consume(1);
                        let more = self.inner.fill_buf()?;
                        if more.first() == Some(&b'\n') {
                            self.inner.consume(1);
                            out[0] = b'\n';
                        } else {
                            out[0] = b'\r';
                        }
                        return Ok(1);
                    }
                };
                if next == Some(b'\n') {
                    self.inner.consume(2);
                    out[0] = b'\n';
                } else {
                    self.inner.consume(1);
                    out[0] = b'\r';
                }
                Ok(1)
            }
        }
    }
}

/// Rewrites every CRLF of `buf` as LF, in place; returns the new length.
fn drop_cr_before_lf(buf: &mut [u8]) -> usize {
    let (mut kept, mut from) = (0, 0);
    while let Some(i) = memchr::memchr(b'\r', &buf[from..]).map(|i| from + i) {
        // The CR goes when an LF follows; the LF stays.
        let end = if buf.get(i + 1) == Some(&b'\n') { i } else { i + 1 };
        buf.copy_within(from..end, kept);
        kept += end - from;
        from = i + 1;
    }
    buf.copy_within(from.., kept);
    kept + buf.len() - from
}

/// Picks the delimiter that splits the first lines most consistently. Counting ignores text
/// in quotes, so "Cán bộ, công chức" in a header does not vote for the comma, and a decimal
/// comma ("7,5") loses to a semicolon that every line has the same number of.
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let lines = split_lines(head);
    let mut best = (b',', 0usize, 0usize);
    for &d in &CANDIDATES {
        let counts: Vec<usize> = lines.iter().map(|l| count_unquoted(l, d)).collect();
        let Some(&header) = counts.iter().find(|&&c| c > 0) else { continue };
        // Lines that agree with the most common non-zero count.
        let mut freq = std::collections::HashMap::new();
        for &c in counts.iter().filter(|&&c| c > 0) {
            *freq.entry(c).or_insert(0usize) += 1;
        }
        let (&mode, &agree) = freq.iter().max_by_key(|(c, n)| (**n, **c)).unwrap_or((&0, &0));
        let score = (agree, mode.max(header));
        if score > (best.1, best.2) {
            best = (d, score.0, score.1);
        }
    }
    best.0
}

fn split_lines(head: &[u8]) -> Vec<&[u8]> {
    head.split(|&b| b == b'\n').filter(|l| l.iter().any(|b| !b.is_ascii_whitespace())).take(SNIFF_LINES).collect()
}

fn count_unquoted(line: &[u8], d: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if b == d && !quoted {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolon_beats_decimal_comma() {
        let t = "Mã;Họ tên;CS1.1;CS1.2\n1;An;7,5;8\n2;Bình;8;9,5\n";
        assert_eq!(sniff_delimiter(t.as_bytes()), b';');
    }

    #[test]
    fn comma_with_quoted_commas() {
        let t = "Mã,\"Cán bộ, công chức\",CS1.1\n1,\"Giáo viên, tổ Toán\",8\n2,An,9\n";
        assert_eq!(sniff_delimiter(t.as_bytes()), b',');
    }

    #[test]
    fn crlf_becomes_lf_across_chunk_boundaries() {
        let text = b"a;b\r\nc;d\r\n\r\ne\rf\r";
        for chunk in 1..6 {
            let mut r = CrlfToLf::with_capacity(chunk, io::Cursor::new(text.to_vec()));
            let mut out = Vec::new();
            r.read_to_end(&mut out).unwrap();
            assert_eq!(out, b"a;b\nc;d\n\ne\rf\r\n", "chunk {chunk}");
        }
    }

    #[test]
    fn crlf_becomes_lf_whatever_the_sizes_of_the_reads() {
        let text = b"a\r\r\nb\rc\r\n\r\n\r\rd\r\ne\r";
        let expected = b"a\r\nb\rc\n\n\r\rd\ne\r\n";
        for capacity in 1..8 {
            for size in 1..text.len() + 2 {
                let mut r = CrlfToLf::with_capacity(capacity, io::Cursor::new(text.to_vec()));
                let mut out = Vec::new();
                let mut buf = vec![0; size];
                loop {
                    let n = r.read(&mut buf).unwrap();
                    if n == 0 {
                        break;
                    }
                    out.extend_from_slice(&buf[..n]);
                }
                assert_eq!(out, expected, "capacity {capacity}, reads of {size}");
            }
        }
        assert_eq!(drop_cr_before_lf(&mut b"\r\n\r".to_vec()), 2);
    }

    fn lines(text: &str) -> Vec<u64> {
        let decoded = Decoded {
            reader: Box::new(io::Cursor::new(text.as_bytes().to_vec())),
            info: DecodeInfo { encoding: encoding_rs::UTF_8, had_bom: false, guessed: false },
        };
        let mut src = CsvSource::open(&Source::Stdin, decoded, Some(b';')).unwrap();
        let mut rec = StringRecord::new();
        let mut out = Vec::new();
        while let Some(l) = src.read(&mut rec).unwrap() {
            out.push(l);
        }
        out
    }

    #[test]
    fn records_after_blank_lines_have_their_own_line() {
        assert_eq!(lines("a;b\n\n\nc;d\ne;f\n"), [1, 4, 5]);
        assert_eq!(lines("a;b\r\n\r\nc;d\r\n\r\ne;f"), [1, 3, 5]);
        assert_eq!(lines("a;\"x\ny\"\n\nc;d"), [1, 4]);
        assert_eq!(lines("\n\na;\"x\r\ny\"\n"), [3]);
    }

    #[test]
    fn tab_separated() {
        let t = "Mã\tHọ tên\tCS1.1\n1\tAn, B\t8\n";
        assert_eq!(sniff_delimiter(t.as_bytes()), b'\t');
    }
}
