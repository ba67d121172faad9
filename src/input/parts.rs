//! One large UTF-8 roster read as several byte ranges at once, one per core.
//!
//! A range starts just after a newline, which is a record boundary unless it sits inside a
//! quoted cell; that is checked afterwards: the reader of each range reads on until the
//! first record that starts at or after its end, and that record must start exactly where
//! the next range began. Files with a carriage return are not split (their line ends are
//! rewritten while reading, which would move the byte offsets the check relies on).

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use super::limits::{RawRecord, ReadError, RecordParser};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A range of a file to read: from `start` to `end` (bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub start: u64,
    pub end: u64,
}

/// Splits a file of `size` bytes into ranges of about `part` bytes, each starting right after
/// a newline. `None` when the file should be read in one go: small, or with a carriage
/// return in its first 64 KiB.
pub fn split(path: &Path, size: u64, part: u64) -> io::Result<Option<Vec<Range>>> {
    let part = part.max(1);
    if size < 2 * part {
        return Ok(None);
    }
    let mut file = File::open(path)?;
    let mut head = vec![0; 64 * 1024];
    let n = read_full(&mut file, &mut head)?;
    if memchr::memchr(b'\r', &head[..n]).is_some() {
        return Ok(None);
    }
    // A last line without its line end is numbered by the single pass (which adds one).
    let mut last = [0; 1];
    file.seek(SeekFrom::Start(size - 1))?;
    if read_full(&mut file, &mut last)? != 1 || last[0] != b'\n' {
        return Ok(None);
    }
    let first = if head[..n].starts_with(UTF8_BOM) { UTF8_BOM.len() as u64 } else { 0 };
    let count = size.div_ceil(part);
    let mut starts = vec![first];
    for i in 1..count {
        let target = size * i / count;
        match next_line_start(&mut file, target.max(*starts.last().unwrap_or(&0) + 1), size)? {
            Some(s) if s < size => starts.push(s),
            _ => break,
        }
    }
    let ranges: Vec<Range> = starts
        .iter()
        .enumerate()
        .map(|(i, &start)| Range { start, end: starts.get(i + 1).copied().unwrap_or(size) })
        .collect();
    Ok((ranges.len() > 1).then_some(ranges))
}

/// The offset just after the first newline at or after `from`, skipping a line that starts
/// with a byte-order mark (a reader of the whole file would keep it in the cell; a reader
/// starting there would drop it).
fn next_line_start(file: &mut File, mut from: u64, size: u64) -> io::Result<Option<u64>> {
    let mut buf = vec![0; 64 * 1024];
    while from < size {
        file.seek(SeekFrom::Start(from))?;
        let n = read_full(file, &mut buf)?;
        if n == 0 {
            return Ok(None);
        }
        match memchr::memchr(b'\n', &buf[..n]) {
            Some(i) => {
                let start = from + i as u64 + 1;
                file.seek(SeekFrom::Start(start))?;
                let mut bom = [0; 3];
                let m = read_full(file, &mut bom)?;
                if bom[..m] == *UTF8_BOM {
                    from = start;
                    continue;
                }
                return Ok(Some(start));
            }
            None => from += n as u64,
        }
    }
    Ok(None)
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Reads a file from a range's start on, noting a carriage return inside the range, and
/// offering what it reads to the file's checksum.
struct RangeReader {
    file: File,
    left: u64,
    carriage_return: bool,
    /// The offset in the file of the next byte read.
    at: u64,
    sha: Option<(Arc<OrderedSha>, usize)>,
}

impl Read for RangeReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        let inside = &buf[..n.min(usize::try_from(self.left).unwrap_or(usize::MAX))];
        self.carriage_return |= memchr::memchr(b'\r', inside).is_some();
        self.left -= inside.len() as u64;
        if let Some((sha, k)) = &self.sha {
            sha.offer(Some(*k), self.at, &buf[..n]);
        }
        self.at += n as u64;
        Ok(n)
    }
}

/// The SHA-256 of a file read as ranges on several threads. SHA-256 cannot be put together
/// from the checksums of parts: the bytes go through it in file order, once. So a range's
/// reader that reads the next bytes in that order hashes them as it reads them, while they
/// are in its cache; bytes read ahead of that (by the reader of a later range) are hashed,
/// when their turn comes, by re-reading them: by a reader that has finished its range
/// ([`OrderedSha::catch_up`]) or, for what is left, by [`OrderedSha::finish`].
pub struct OrderedSha {
    path: std::path::PathBuf,
    state: Mutex<ShaState>,
}

struct ShaState {
    hasher: Sha256,
    /// Bytes hashed so far: the offset of the next byte to hash.
    hashed: u64,
    /// Each range's start, and how far its reader has read.
    readers: Vec<(u64, u64)>,
}

impl OrderedSha {
    /// Starts the checksum of the file split into `ranges`, hashing the bytes before the first
    /// range (a byte-order mark) at once.
    pub fn new(path: &Path, ranges: &[Range]) -> io::Result<OrderedSha> {
        let state =
            ShaState { hasher: Sha256::new(), hashed: 0, readers: ranges.iter().map(|r| (r.start, r.start)).collect() };
        let sha = OrderedSha { path: path.to_path_buf(), state: Mutex::new(state) };
        sha.hash_again(ranges.first().map_or(0, |r| r.start))?;
        Ok(sha)
    }

    fn state(&self) -> std::sync::MutexGuard<'_, ShaState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Bytes read at offset `at` (by the reader of range `reader`): hashed now if they are
    /// next, or the part of them that is.
    fn offer(&self, reader: Option<usize>, at: u64, bytes: &[u8]) {
        let mut s = self.state();
        let end = at + bytes.len() as u64;
        if let Some(k) = reader {
            s.readers[k].1 = s.readers[k].1.max(end);
        }
        if at <= s.hashed && s.hashed < end {
            let from = (s.hashed - at) as usize;
            s.hasher.update(&bytes[from..]);
            s.hashed = end;
        }
    }

    /// Hashes, by re-reading them, the bytes a reader has read past while they were not next
    /// (it will not read them again), up to where that reader is now; stops where the next
    /// bytes are still to be read, by a reader that will hash them itself.
    pub fn catch_up(&self) -> io::Result<()> {
        loop {
            let target = {
                let s = self.state();
                let read = s.readers.iter().filter(|(start, _)| *start <= s.hashed).map(|(_, to)| *to).max();
                match read {
                    Some(to) if to > s.hashed => to,
                    _ => return Ok(()),
                }
            };
            self.hash_again(target)?;
        }
    }

    /// Hashes the file from where the checksum is up to `until`, re-reading it.
    fn hash_again(&self, until: u64) -> io::Result<()> {
        let mut file = File::open(&self.path)?;
        let mut buf = vec![0; 256 * 1024];
        loop {
            let at = self.state().hashed;
            if at >= until {
                return Ok(());
            }
            file.seek(SeekFrom::Start(at))?;
            let want = usize::try_from(until - at).unwrap_or(usize::MAX).min(buf.len());
            let n = read_full(&mut file, &mut buf[..want])?;
            if n == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            self.offer(None, at, &buf[..n]);
        }
    }

    /// The checksum of the whole file (`size` bytes), once every range is read.
    pub fn finish(self, size: u64) -> io::Result<String> {
        self.hash_again(size)?;
        let s = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        if s.hashed != size {
            return Err(io::Error::other("the file changed while it was read"));
        }
        Ok(s.hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// The records of one range.
pub struct RangeRecords {
    // The same parser, row and column limits as the single pass (see `limits`).
    reader: RecordParser<RangeReader>,
    range: Range,
    /// Where the first record after the range starts (or the end of the file).
    pub next_start: Option<u64>,
    /// The parser's line where the range ends (at `next_start`).
    end_line: u64,
}

impl RangeRecords {
    /// Opens range `range` of a file; with `sha`, the file's checksum and the range's place
    /// among its ranges, the bytes read are offered to it.
    pub fn open(
        path: &Path,
        range: Range,
        delimiter: u8,
        sha: Option<(Arc<OrderedSha>, usize)>,
    ) -> io::Result<RangeRecords> {
        let mut file = File::open(path)?;
        file.seek(SeekFrom::Start(range.start))?;
        let left = range.end - range.start;
        let inner = RangeReader { file, left, carriage_return: false, at: range.start, sha };
        Ok(RangeRecords { reader: RecordParser::new(inner, delimiter), range, next_start: None, end_line: 1 })
    }

    /// The next record of the range with its line counted from the range's start (1 for
    /// its first line, by the single pass's rule: the parser's line where the record's first
    /// byte is); `None` after the range's last record.
    pub fn read(&mut self, rec: &mut RawRecord) -> Result<Option<u64>, ReadError> {
        if self.next_start.is_some() {
            return Ok(None);
        }
        let Some(start) = self.reader.read_raw(rec)? else {
            self.next_start = Some(self.range.start + self.reader.consumed());
            self.end_line = self.reader.line();
            return Ok(None);
        };
        if start.byte >= self.range.end - self.range.start {
            self.next_start = Some(self.range.start + start.byte);
            self.end_line = start.byte_line;
            return Ok(None);
        }
        Ok(Some(start.line))
    }

    /// Newlines before the first record after the range (inside the range when that record
    /// starts where the next range does), and whether the range holds a carriage return.
    pub fn counted(&self) -> (u64, bool) {
        (self.end_line - 1, self.reader.get_ref().carriage_return)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_start_after_newlines_and_cover_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        let mut text = String::from("\u{feff}a,b\n");
        for i in 0..2000 {
            text += &format!("{i},x\n");
        }
        std::fs::write(&p, &text).unwrap();
        let size = text.len() as u64;
        let ranges = split(&p, size, 4000).unwrap().unwrap();
        assert_eq!(ranges[0].start, 3, "after the byte-order mark");
        assert_eq!(ranges.last().unwrap().end, size);
        for w in ranges.windows(2) {
            assert_eq!(w[0].end, w[1].start);
            assert_eq!(text.as_bytes()[w[1].start as usize - 1], b'\n');
        }
        assert!(split(&p, size, size).unwrap().is_none(), "too small to split");
        std::fs::write(&p, text.replace('\n', "\r\n")).unwrap();
        assert!(split(&p, size, 4000).unwrap().is_none(), "carriage returns: read in one go");
    }

    #[test]
    fn the_checksum_of_ranges_read_in_any_interleaving_is_the_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        std::fs::write(&p, &bytes).unwrap();
        let whole: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        // Four ranges after a three-byte mark; each reader reads 700 bytes past its end.
        let starts = [3u64, 50_000, 90_000, 160_000, 200_000];
        let ranges: Vec<Range> = starts.windows(2).map(|w| Range { start: w[0], end: w[1] }).collect();
        for seed in 0..20u64 {
            let sha = OrderedSha::new(&p, &ranges).unwrap();
            let mut at: Vec<u64> = ranges.iter().map(|r| r.start).collect();
            let mut x = seed;
            while at.iter().zip(&ranges).any(|(a, r)| *a < (r.end + 700).min(200_000)) {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                let k = (x >> 60) as usize % ranges.len();
                let stop = (ranges[k].end + 700).min(200_000);
                if at[k] >= stop {
                    continue;
                }
                let n = ((x >> 20) % 9_000 + 1).min(stop - at[k]);
                sha.offer(Some(k), at[k], &bytes[at[k] as usize..(at[k] + n) as usize]);
                at[k] += n;
                if at[k] == stop && seed % 2 == 0 {
                    sha.catch_up().unwrap();
                }
            }
            assert_eq!(sha.finish(200_000).unwrap(), whole, "seed {seed}");
        }
        // Read in order, every byte is hashed as it is read: nothing is left to re-read.
        let sha = OrderedSha::new(&p, &ranges).unwrap();
        for (k, r) in ranges.iter().enumerate() {
            sha.offer(Some(k), r.start, &bytes[r.start as usize..r.end as usize]);
        }
        assert_eq!(sha.state().hashed, 200_000);
        assert_eq!(sha.finish(200_000).unwrap(), whole);
    }

    #[test]
    fn a_range_reads_past_its_end_to_find_the_next_record() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        // The newline at offset 8 is inside a quoted cell: a range starting at 9 is wrong,
        // and the range before it says so.
        let text = "a,b\nc,\"d\ne\"\nf,g\n";
        std::fs::write(&p, text).unwrap();
        let mut r = RangeRecords::open(&p, Range { start: 0, end: 9 }, b',', None).unwrap();
        let mut rec = RawRecord::default();
        let mut lines = Vec::new();
        while let Some(line) = r.read(&mut rec).unwrap() {
            lines.push(line);
        }
        assert_eq!(lines, [1, 2]);
        assert_eq!(r.next_start, Some(12), "the next record starts after the quoted newline");
        assert_eq!(r.counted(), (3, false), "the newlines before that record");
    }
}
