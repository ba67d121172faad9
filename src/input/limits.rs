//! Bounds on what one record of delimited text may hold, enforced on the byte stream before the
//! CSV parser sees it. The `csv` crate grows its buffers to fit any record, so a file that is
//! one 1 GB field, or a million columns on one line, would be read whole into memory; this
//! guard stops such a file at the limit with a message naming the file and the line.

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

/// Where the scan is within a record, as the CSV parser (csv-core) sees it: a quote opens a
/// quoted field only at the start of a field, and `""` inside quotes is a literal quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// Just after a quote inside a quoted field: either `""` or the end of the quotes.
    QuoteInQuoted,
}

/// Passes bytes through unchanged and fails with [`LimitExceeded`] (inside an `io::Error`) as
/// soon as a record is longer than [`MAX_RECORD_BYTES`] or wider than [`MAX_COLUMNS`].
pub struct RecordGuard<R> {
    inner: R,
    delimiter: u8,
    state: State,
    record_bytes: usize,
    columns: usize,
    /// The line being scanned, and the line the current record started on (1-based).
    line: u64,
    record_line: u64,
    max_bytes: usize,
    max_columns: usize,
}

impl<R: Read> RecordGuard<R> {
    pub fn new(inner: R, delimiter: u8) -> Self {
        Self::with_limits(inner, delimiter, MAX_RECORD_BYTES, MAX_COLUMNS)
    }

    pub fn with_limits(inner: R, delimiter: u8, max_bytes: usize, max_columns: usize) -> Self {
        RecordGuard {
            inner,
            delimiter,
            state: State::FieldStart,
            record_bytes: 0,
            columns: 1,
            line: 1,
            record_line: 1,
            max_bytes,
            max_columns,
        }
    }

    /// The stream being guarded.
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    fn end_record(&mut self) {
        self.state = State::FieldStart;
        self.record_bytes = 0;
        self.columns = 1;
        self.record_line = self.line;
    }

    /// Scans `buf` and updates the state; the error names the line the record started on.
    fn scan(&mut self, buf: &[u8]) -> Result<(), LimitExceeded> {
        let d = self.delimiter;
        let mut i = 0;
        while i < buf.len() {
            // Skip runs of ordinary bytes quickly; only quotes, delimiters and line ends matter.
            let step = match self.state {
                State::Quoted => memchr::memchr2(b'"', b'\n', &buf[i..]),
                State::Unquoted => memchr::memchr3(d, b'\n', b'\r', &buf[i..]),
                State::FieldStart | State::QuoteInQuoted => Some(0),
            };
            let skip = step.unwrap_or(buf.len() - i);
            self.record_bytes += skip;
            i += skip;
            if self.record_bytes > self.max_bytes {
                return Err(LimitExceeded { line: self.record_line, kind: Limit::RecordBytes });
            }
            let Some(&b) = buf.get(i) else { break };
            i += 1;
            self.record_bytes += 1;
            if b == b'\n' {
                self.line += 1;
            }
            match (self.state, b) {
                (State::Quoted, b'"') => self.state = State::QuoteInQuoted,
                (State::Quoted, _) => {}
                (State::QuoteInQuoted, b'"') => self.state = State::Quoted,
                (State::FieldStart, b'"') => self.state = State::Quoted,
                (_, b'\n' | b'\r') => self.end_record(),
                (_, x) if x == d => {
                    self.state = State::FieldStart;
                    self.columns += 1;
                    if self.columns > self.max_columns {
                        return Err(LimitExceeded { line: self.record_line, kind: Limit::Columns });
                    }
                }
                _ => self.state = State::Unquoted,
            }
            if self.record_bytes > self.max_bytes {
                return Err(LimitExceeded { line: self.record_line, kind: Limit::RecordBytes });
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for RecordGuard<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        self.scan(&out[..n]).map_err(io::Error::other)?;
        Ok(n)
    }
}

/// The limit error inside an I/O error, if that is what stopped the stream.
pub fn limit_of(e: &io::Error) -> Option<&LimitExceeded> {
    e.get_ref().and_then(|inner| inner.downcast_ref::<LimitExceeded>())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &[u8], d: u8, max_bytes: usize, max_columns: usize, chunk: usize) -> Result<(), LimitExceeded> {
        let mut g = RecordGuard::with_limits(io::empty(), d, max_bytes, max_columns);
        for c in text.chunks(chunk) {
            g.scan(c)?;
        }
        Ok(())
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
        assert_eq!(run(t, b',', 100, 5, 2), Err(LimitExceeded { line: 2, kind: Limit::Columns }));
        assert_eq!(run(b"a;b\n,,,,,\n", b';', 100, 5, 2), Ok(()), "commas are not the delimiter");
        assert_eq!(run(b"\",,,,,,\"\n", b',', 100, 5, 2), Ok(()), "quoted delimiters do not count");
    }

    #[test]
    fn bare_cr_ends_a_record() {
        let t = b"aaaa\raaaa\raaaa\r";
        assert_eq!(run(t, b',', 6, 5, 3), Ok(()));
    }

    #[test]
    fn the_error_travels_through_io() {
        let mut g = RecordGuard::with_limits(io::Cursor::new(vec![b'x'; 100]), b',', 10, 5);
        let mut out = Vec::new();
        let e = g.read_to_end(&mut out).unwrap_err();
        assert_eq!(limit_of(&e), Some(&LimitExceeded { line: 1, kind: Limit::RecordBytes }));
    }
}
