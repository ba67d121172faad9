//! The record parser of delimited text, and the bounds on what one record may hold. The `csv`
//! crate grows its buffers to fit any record, so a file that is one 1 GB field, or a million
//! columns on one line, would be read whole into memory; [`RecordParser`] counts both inside
//! its parsing loop and stops such a file at the limit with a message naming the line.

use std::io::{self, Read};

/// The longest record accepted. A roster row is a few hundred bytes; a title row above the
/// header a few kilobytes.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// The most columns a record may have: the width of an Excel sheet (XFD), so no real table is
/// refused.
pub const MAX_COLUMNS: usize = 16_384;

/// Why the stream was stopped: a record over one of the limits, starting on `line`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitExceeded {
    pub line: u64,
    pub kind: Limit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    RecordBytes,
    Columns,
}

impl std::fmt::Display for LimitExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            Limit::RecordBytes => write!(
                f,
                "một dòng dài hơn {} MiB (có thể thiếu dấu ngoặc kép đóng, hoặc đây không phải tệp danh sách); hoctap dừng đọc để không dùng hết bộ nhớ",
                MAX_RECORD_BYTES >> 20
            ),
            Limit::Columns => write!(
                f,
                "một dòng có hơn {MAX_COLUMNS} cột (nhiều hơn một trang tính Excel); kiểm tra ký tự phân cách (--delimiter) hoặc tệp có đúng là danh sách không"
            ),
        }
    }
}

impl std::error::Error for LimitExceeded {}

/// Where a record starts. `line` is the line of its first byte (blank lines before it are not
/// part of it); `byte` and `byte_line` are where the record before it ended (the offset in the
/// stream, and the line there), which is how the `csv` crate dates a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordStart {
    pub line: u64,
    pub byte: u64,
    pub byte_line: u64,
}

/// Why no record came: the stream failed, or a record went over a limit.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    Limit(LimitExceeded),
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => e.fmt(f),
            ReadError::Limit(l) => l.fmt(f),
        }
    }
}

/// A record as the parser gives it: its cells' bytes one after another, and where each cell
/// ends. The parser writes it in place; a `csv::ByteRecord` would take every cell again, one
/// call and one copy per cell.
#[derive(Debug, Clone, Default)]
pub struct RawRecord {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    len: usize,
    /// The parser checked, with the stream, that these bytes are UTF-8.
    utf8: bool,
}

impl RawRecord {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Where each cell ends in [`RawRecord::as_slice`].
    pub fn ends(&self) -> &[usize] {
        &self.ends[..self.len]
    }

    /// Whether the bytes are known to be UTF-8 text, checked with the stream (a buffer at a
    /// time, not a record at a time) and each cell starting on a character: the record was
    /// cut from valid UTF-8 at line ends, and the parser only takes ASCII bytes out of it
    /// (quotes, delimiters), so what remains is valid UTF-8 cut between characters.
    pub fn is_utf8(&self) -> bool {
        self.utf8
    }

    /// Every cell run together.
    pub fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.ends().last().copied().unwrap_or(0)]
    }

    pub fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends().get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.bytes[start..end])
    }

    /// The record made of these cells.
    pub fn set<'c>(&mut self, cells: impl IntoIterator<Item = &'c [u8]>) {
        self.bytes.clear();
        self.ends.clear();
        for cell in cells {
            self.bytes.extend_from_slice(cell);
            self.ends.push(self.bytes.len());
        }
        self.len = self.ends.len();
        self.utf8 = false;
    }

    /// The record made of these text cells: UTF-8, each cell starting on a character.
    pub fn set_text<'c>(&mut self, cells: impl IntoIterator<Item = &'c str>) {
        self.set(cells.into_iter().map(str::as_bytes));
        self.utf8 = true;
    }
}

/// The stream's bytes checked as UTF-8 as they are buffered, every byte once and in order:
/// `valid_to` is the offset up to which the stream is valid UTF-8, ending between characters;
/// a character cut by the end of a buffer waits in `carry` for the rest of it.
#[derive(Debug, Default)]
struct Utf8Check {
    valid_to: u64,
    carry: [u8; 4],
    carry_len: usize,
    broken: bool,
}

impl Utf8Check {
    /// Checks the stream's next `bytes`, which start at offset `at`.
    fn check(&mut self, mut bytes: &[u8], mut at: u64) {
        if self.broken {
            return;
        }
        if self.carry_len > 0 {
            let width = match self.carry[0] {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let take = (width - self.carry_len).min(bytes.len());
            self.carry[self.carry_len..self.carry_len + take].copy_from_slice(&bytes[..take]);
            self.carry_len += take;
            (bytes, at) = (&bytes[take..], at + take as u64);
            if self.carry_len < width {
                return;
            }
            if std::str::from_utf8(&self.carry[..width]).is_err() {
                self.broken = true;
                return;
            }
            (self.valid_to, self.carry_len) = (at, 0);
        }
        match simdutf8::compat::from_utf8(bytes) {
            Ok(_) => self.valid_to = at + bytes.len() as u64,
            // Valid but for a character the next bytes may complete.
            Err(e) if e.error_len().is_none() => {
                let tail = &bytes[e.valid_up_to()..];
                self.valid_to = at + e.valid_up_to() as u64;
                self.carry[..tail.len()].copy_from_slice(tail);
                self.carry_len = tail.len();
            }
            // Valid up to a byte that cannot be UTF-8: nothing after it is vouched for.
            Err(e) => (self.valid_to, self.broken) = (at + e.valid_up_to() as u64, true),
        }
    }
}

/// The records of a delimited text stream, parsed by `csv_core` in one pass: the limits are
/// counted in the same loop (the bytes a record has taken, the fields it has), and the line a
/// record starts on is the parser's own line count, so no byte is looked at twice. Parses as
/// the `csv` crate does with `flexible(true)` and no header: a record may have any number of
/// fields, blank lines are skipped, a UTF-8 byte-order mark at the start is dropped.
pub struct RecordParser<R> {
    inner: R,
    core: csv_core::Reader,
    buf: Box<[u8]>,
    at: usize,
    filled: usize,
    eof: bool,
    done: bool,
    started: bool,
    /// Stream bytes the parser has consumed (the offset of `buf[at]`).
    consumed: u64,
    records: u64,
    /// The record [`RecordParser::read`] copies into a `csv::ByteRecord`.
    raw: RawRecord,
    utf8: Utf8Check,
    max_bytes: usize,
    max_columns: usize,
}

const BUFFER_BYTES: usize = 256 * 1024;

impl<R: Read> RecordParser<R> {
    pub fn new(inner: R, delimiter: u8) -> Self {
        Self::with_limits(inner, delimiter, MAX_RECORD_BYTES, MAX_COLUMNS)
    }

    pub fn with_limits(inner: R, delimiter: u8, max_bytes: usize, max_columns: usize) -> Self {
        RecordParser {
            inner,
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            buf: vec![0; BUFFER_BYTES].into_boxed_slice(),
            at: 0,
            filled: 0,
            eof: false,
            done: false,
            started: false,
            consumed: 0,
            records: 0,
            raw: RawRecord::default(),
            utf8: Utf8Check::default(),
            max_bytes,
            max_columns,
        }
    }

    /// The stream being parsed.
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    /// Stream bytes consumed so far: after the last record read, the offset where it ended.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }

    /// The parser's line: 1 plus the newlines consumed so far.
    pub fn line(&self) -> u64 {
        self.core.line()
    }

    /// Refills the buffer once it is used up; false at the end of the stream.
    fn fill(&mut self) -> io::Result<bool> {
        if self.at < self.filled {
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        loop {
            match self.inner.read(&mut self.buf) {
                Ok(n) => {
                    (self.at, self.filled, self.eof) = (0, n, n == 0);
                    self.utf8.check(&self.buf[..n], self.consumed);
                    return Ok(n > 0);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Reads until the buffer holds more than a byte-order mark (or the whole stream): the
    /// parser drops a mark only when its first input holds all of it, and takes a first input
    /// that is only the mark for the end of the stream.
    fn fill_head(&mut self) -> io::Result<()> {
        while self.filled <= 3 && !self.eof {
            match self.inner.read(&mut self.buf[self.filled..]) {
                Ok(0) => self.eof = true,
                Ok(n) => {
                    // At the start of the stream: the buffer's offsets are the stream's.
                    self.utf8.check(&self.buf[self.filled..self.filled + n], self.filled as u64);
                    self.filled += n;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Steps over line ends between records, counting the lines.
    fn skip_blank_lines(&mut self) -> io::Result<()> {
        while self.fill()? {
            let b = self.buf[self.at];
            if b != b'\n' && b != b'\r' {
                return Ok(());
            }
            if self.started {
                self.core.set_line(self.core.line() + u64::from(b == b'\n'));
            } else {
                // The first byte goes through the parser, which then knows a byte-order mark
                // after it is text (as the `csv` crate, which hands it the whole buffer, does).
                let (_, nin, _, _) = self.core.read_record(&self.buf[self.at..=self.at], &mut [0; 8], &mut [0; 2]);
                debug_assert_eq!(nin, 1);
                self.started = true;
            }
            self.at += 1;
            self.consumed += 1;
        }
        Ok(())
    }

    /// Reads the next record into `rec`; `None` at the end of the stream. A record longer than
    /// the byte limit or wider than the column limit stops the stream with [`LimitExceeded`],
    /// naming the line the record starts on, as soon as the parser has seen that much of it.
    pub fn read(&mut self, rec: &mut csv::ByteRecord) -> Result<Option<RecordStart>, ReadError> {
        let mut raw = std::mem::take(&mut self.raw);
        let read = self.read_raw(&mut raw);
        if let Ok(Some(start)) = read {
            rec.clear();
            for i in 0..raw.len() {
                rec.push_field(raw.get(i).unwrap_or_default());
            }
            let mut position = csv::Position::new();
            position.set_byte(start.byte).set_line(start.byte_line).set_record(self.records - 1);
            rec.set_position(Some(position));
        }
        self.raw = raw;
        read
    }

    /// The same, into a [`RawRecord`], which the parser fills in place.
    pub fn read_raw(&mut self, rec: &mut RawRecord) -> Result<Option<RecordStart>, ReadError> {
        if self.done {
            return Ok(None);
        }
        // The parser asks for more room when these are full; it needs some to start with.
        // Small: a run holds thousands of records in its batches, most of them short.
        if rec.bytes.len() < 256 {
            rec.bytes.resize(256, 0);
        }
        if rec.ends.len() < 32 {
            rec.ends.resize(32, 0);
        }
        let (byte, byte_line) = (self.consumed, self.core.line());
        if !self.started {
            self.fill_head()?;
        }
        self.skip_blank_lines()?;
        self.started = true;
        let line = self.core.line();
        let over = |kind| ReadError::Limit(LimitExceeded { line, kind });
        let (mut nout, mut nend, mut taken) = (0usize, 0usize, 0usize);
        // The parser ends a record right after taking its line end, or at the end of the stream.
        let ended_by_line_end = loop {
            self.fill()?;
            let input = &self.buf[self.at..self.filled];
            let (res, nin, o, e) = self.core.read_record(input, &mut rec.bytes[nout..], &mut rec.ends[nend..]);
            self.at += nin;
            self.consumed += nin as u64;
            (nout, nend, taken) = (nout + o, nend + e, taken + nin);
            match res {
                ReadRecordResult::InputEmpty => {
                    if taken > self.max_bytes {
                        return Err(over(Limit::RecordBytes));
                    }
                }
                ReadRecordResult::OutputFull => {
                    // The unescaped text is never longer than the bytes taken, which are bounded.
                    let len = rec.bytes.len() * 2;
                    rec.bytes.resize(len, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    if nend > self.max_columns {
                        return Err(over(Limit::Columns));
                    }
                    let len = rec.ends.len() * 2;
                    rec.ends.resize(len, 0);
                }
                ReadRecordResult::Record => break nin > 0,
                ReadRecordResult::End => {
                    self.done = true;
                    return Ok(None);
                }
            }
        };
        // The line end that closed the record is not part of it.
        if taken - usize::from(ended_by_line_end) > self.max_bytes {
            return Err(over(Limit::RecordBytes));
        }
        if nend > self.max_columns {
            return Err(over(Limit::Columns));
        }
        rec.len = nend;
        rec.utf8 = self.consumed <= self.utf8.valid_to;
        self.records += 1;
        Ok(Some(RecordStart { line, byte, byte_line }))
    }
}

use csv_core::ReadRecordResult;

#[cfg(test)]
mod tests {
    use super::*;

    /// A stream that gives at most `chunk` bytes per read.
    struct Chunked<'a>(&'a [u8], usize);

    impl Read for Chunked<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(self.1).min(out.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// A record's start line and fields.
    type Parsed = (u64, Vec<Vec<u8>>);

    /// Every record's fields and start line, or the limit that stopped the stream.
    fn parse(
        text: &[u8],
        d: u8,
        max_bytes: usize,
        max_columns: usize,
        chunk: usize,
    ) -> Result<Vec<Parsed>, LimitExceeded> {
        let mut p = RecordParser::with_limits(Chunked(text, chunk), d, max_bytes, max_columns);
        let mut rec = csv::ByteRecord::new();
        let mut all = Vec::new();
        loop {
            match p.read(&mut rec) {
                Ok(Some(start)) => all.push((start.line, rec.iter().map(<[u8]>::to_vec).collect())),
                Ok(None) => return Ok(all),
                Err(ReadError::Limit(l)) => return Err(l),
                Err(ReadError::Io(e)) => panic!("{e}"),
            }
        }
    }

    fn run(text: &[u8], d: u8, max_bytes: usize, max_columns: usize, chunk: usize) -> Result<(), LimitExceeded> {
        parse(text, d, max_bytes, max_columns, chunk).map(|_| ())
    }

    #[test]
    fn ordinary_rows_pass_in_any_chunking() {
        let t = b"a;b;c\n\"x;y\";\"q\"\"q\";z\n1;2;3\n";
        for chunk in 1..t.len() {
            assert_eq!(run(t, b';', 14, 3, chunk), Ok(()), "chunk {chunk}");
            assert!(run(t, b';', 13, 3, chunk).is_err(), "chunk {chunk}");
        }
    }

    #[test]
    fn long_record_is_stopped_at_its_first_line() {
        let t = b"a,b\nccccccccccccccccccccccc\n";
        for chunk in 1..t.len() {
            assert_eq!(run(t, b',', 10, 5, chunk), Err(LimitExceeded { line: 2, kind: Limit::RecordBytes }));
        }
        // Stopped while reading, not after: the record is never whole in memory.
        let mut big = b"a\n".to_vec();
        big.extend(std::iter::repeat_n(b'x', 8 * BUFFER_BYTES));
        let mut p = RecordParser::with_limits(Chunked(&big, 4096), b',', 1000, 5);
        let mut rec = csv::ByteRecord::new();
        assert!(p.read(&mut rec).unwrap().is_some());
        assert!(matches!(p.read(&mut rec), Err(ReadError::Limit(LimitExceeded { line: 2, kind: Limit::RecordBytes }))));
        assert!(p.consumed() < 2 * BUFFER_BYTES as u64, "consumed {}", p.consumed());
        assert!(p.raw.bytes.len() <= 4096, "the field buffer did not grow with the record");
    }

    #[test]
    fn quoted_newlines_do_not_end_a_record() {
        // Line 2 opens a quoted field that runs over three lines: one record of 21 bytes.
        let t = b"h\n\"aaaaaa\naaaaaa\naaaaa\"\nok\n";
        assert_eq!(run(t, b',', 20, 5, 3), Err(LimitExceeded { line: 2, kind: Limit::RecordBytes }));
        assert_eq!(run(t, b',', 24, 5, 3), Ok(()));
    }

    #[test]
    fn a_quote_inside_an_unquoted_field_is_literal() {
        // csv-core reads `ab"c` as text; the newline after it ends the record.
        let t = b"ab\"c,d\nef,g\n";
        assert_eq!(run(t, b',', 7, 5, 4), Ok(()));
    }

    #[test]
    fn too_many_columns() {
        let t = b"a,b\n,,,,,\n";
        for chunk in 1..t.len() {
            assert_eq!(run(t, b',', 100, 5, chunk), Err(LimitExceeded { line: 2, kind: Limit::Columns }));
        }
        assert_eq!(run(b"a;b\n,,,,,\n", b';', 100, 5, 2), Ok(()), "commas are not the delimiter");
        assert_eq!(run(b"\",,,,,,\"\n", b',', 100, 5, 2), Ok(()), "quoted delimiters do not count");
        assert_eq!(run(b",,,,\n", b',', 100, 5, 2), Ok(()), "five columns are allowed");
        // Many more columns than the field-end buffer holds: stopped as it grows.
        let wide = ",".repeat(100_000);
        assert_eq!(
            run(wide.as_bytes(), b',', 1 << 20, 1000, 4096),
            Err(LimitExceeded { line: 1, kind: Limit::Columns })
        );
    }

    #[test]
    fn bare_cr_ends_a_record() {
        let t = b"aaaa\raaaa\raaaa\r";
        assert_eq!(run(t, b',', 6, 5, 3), Ok(()));
    }

    #[test]
    fn lines_are_the_parsers_own() {
        // Blank lines before a record, a quoted cell over two lines, a record at the end of the
        // stream without a line end, a byte-order mark at the start only.
        let t = "\u{feff}a;b\n\n\nc;\"x\ny\"\n\n e;f\ng;h";
        for chunk in 1..t.len() {
            let got = parse(t.as_bytes(), b';', 100, 5, chunk).unwrap();
            let lines: Vec<u64> = got.iter().map(|(l, _)| *l).collect();
            assert_eq!(lines, [1, 4, 7, 8], "chunk {chunk}");
            assert_eq!(got[0].1, [b"a".to_vec(), b"b".to_vec()]);
            assert_eq!(got[1].1, [b"c".to_vec(), b"x\ny".to_vec()]);
        }
        let late_bom = parse("\n\u{feff}a;b\n".as_bytes(), b';', 100, 5, 64).unwrap();
        assert_eq!(late_bom[0].1[0], "\u{feff}a".as_bytes(), "only a mark at the very start is dropped");
    }

    /// Each record's cells run together, and whether the parser vouched for them as UTF-8.
    fn checked(text: &[u8], chunk: usize) -> Vec<(Vec<u8>, bool)> {
        let mut p = RecordParser::new(Chunked(text, chunk), b';');
        let mut rec = RawRecord::default();
        let mut all = Vec::new();
        while p.read_raw(&mut rec).unwrap().is_some() {
            all.push((rec.as_slice().to_vec(), rec.is_utf8()));
        }
        all
    }

    #[test]
    fn records_are_vouched_for_as_utf8_only_when_the_stream_is() {
        let good = "\u{feff}Mã;Họ tên\nĐặng Thị Ánh;\"Nguyễn; \"\"Văn\"\"\"\n\n𝕏 ẞ;ỹ\nend".as_bytes();
        // A character cut by a line end, stray continuation bytes after it, a bad lead byte.
        let bad: &[&[u8]] = &[b"a;\xE1\n\x80\x80b;c\nd;e\n", b"a;b\n\xFFx;y\nok;\xC3\xA9\n", b"\xF0\x9F\x98;x\n"];
        for chunk in 1..good.len() + 1 {
            let got = checked(good, chunk);
            assert_eq!(got.len(), 4);
            assert!(got.iter().all(|(_, ok)| *ok), "chunk {chunk}: {got:?}");
            for text in bad {
                let got = checked(text, chunk);
                for (bytes, vouched) in &got {
                    assert!(!vouched || std::str::from_utf8(bytes).is_ok(), "chunk {chunk}: {bytes:?}");
                }
                assert!(got.iter().any(|(_, ok)| !ok), "chunk {chunk}: {got:?}");
            }
        }
        for chunk in [4, 64] {
            assert!(checked(bad[1], chunk)[0].1, "a valid record before the first bad byte");
        }
    }

    #[test]
    fn positions_are_where_the_record_before_ended() {
        let mut p = RecordParser::new(Chunked(b"ab,c\n\nde\n", 3), b',');
        let mut rec = csv::ByteRecord::new();
        assert_eq!(p.read(&mut rec).unwrap(), Some(RecordStart { line: 1, byte: 0, byte_line: 1 }));
        assert_eq!(p.read(&mut rec).unwrap(), Some(RecordStart { line: 3, byte: 5, byte_line: 2 }));
        assert_eq!(rec.position().map(|p| (p.byte(), p.line(), p.record())), Some((5, 2, 1)));
        assert_eq!(p.read(&mut rec).unwrap(), None);
        assert_eq!((p.consumed(), p.line()), (9, 4));
    }
}
