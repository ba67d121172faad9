//! A table's findings, kept until the merge has added the duplicates and then given in report
//! order — without holding them all in memory. Past a few thousand (or when the run as a whole
//! holds too many), a table's findings are sorted and written as a run to one anonymous
//! temporary file the whole process shares (deleted by the OS when the process ends, however it
//! ends; nobody else can open it); the report order is then a merge of the runs. A million
//! broken rows are a million findings on disk, not in memory.

use std::collections::{BinaryHeap, HashSet};
use std::fs::File;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use crate::model::{Finding, Severity};

/// A finding with where it sorts: its line, then its kind within the row (header 0,
/// cell problems 1, duplicate 2, unit name 3), as reading row by row would list them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Noted {
    pub(super) line: u64,
    pub(super) rank: u8,
    pub(super) finding: Finding,
}

impl Noted {
    fn key(&self) -> (u64, u8) {
        (self.line, self.rank)
    }

    /// A row's own error (a cell problem), which a duplicate's finding replaces.
    fn is_row_error(&self) -> bool {
        self.rank == 1 && self.finding.muc_do == Severity::Error
    }
}

/// A table writes a run once it holds this many findings…
const CHUNK: usize = 8192;
/// …or this many, when the run's tables together hold more than [`BUDGET`].
const SMALL_CHUNK: usize = 256;
const BUDGET: usize = 100_000;
/// Runs merged at once; more are first merged into longer runs.
const FAN_IN: usize = 64;
/// Bytes read at a time from a run while merging.
const READ_BLOCK: usize = 32 << 10;

/// Findings held in memory by every table of the process.
static IN_MEMORY: AtomicUsize = AtomicUsize::new(0);

/// The process's spill file: written at reserved offsets, so that threads never wait on each
/// other's writes. `None` where no temporary file can be made: findings then stay in memory.
struct Spill {
    file: File,
    end: Mutex<u64>,
}

fn spill() -> Option<&'static Spill> {
    static SPILL: OnceLock<Option<Spill>> = OnceLock::new();
    SPILL.get_or_init(|| tempfile::tempfile().ok().map(|file| Spill { file, end: Mutex::new(0) })).as_ref()
}

impl Spill {
    fn append(&self, bytes: &[u8]) -> io::Result<u64> {
        let at = {
            let mut end = self.end.lock().unwrap_or_else(|e| e.into_inner());
            let at = *end;
            *end += bytes.len() as u64;
            at
        };
        write_at(&self.file, bytes, at)?;
        Ok(at)
    }
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn write_at(file: &File, mut bytes: &[u8], mut at: u64) -> io::Result<()> {
    while !bytes.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_write(file, bytes, at)?;
        if n == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        (bytes, at) = (&bytes[n..], at + n as u64);
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut at: u64) -> io::Result<()> {
    while !buf.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(file, buf, at)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        (buf, at) = (&mut buf[n..], at + n as u64);
    }
    Ok(())
}

/// A sorted run in the spill file: JSON lines from `start` to `end`, whose lines are still to
/// be moved by `shift` (a range's lines count from the range's start).
#[derive(Debug, Clone, Copy)]
struct Run {
    start: u64,
    end: u64,
    shift: u64,
}

#[derive(Debug, Default)]
pub(super) struct FindingLog {
    memory: Vec<Noted>,
    runs: Vec<Run>,
    /// Lines whose cell-problem errors were dropped (the row became a duplicate) after some
    /// of them went to a run: applied when the runs are read.
    dropped_row_errors: HashSet<u64>,
}

impl FindingLog {
    pub(super) fn push(&mut self, noted: Noted) {
        self.memory.push(noted);
        let total = IN_MEMORY.fetch_add(1, Ordering::Relaxed) + 1;
        if self.memory.len() >= CHUNK || (total > BUDGET && self.memory.len() >= SMALL_CHUNK) {
            self.write_run();
        }
    }

    /// Writes the findings in memory as one sorted run; they stay in memory if that fails (a
    /// full disk costs memory, never a finding).
    fn write_run(&mut self) {
        let Some(spill) = spill() else { return };
        self.memory.sort_by_key(Noted::key);
        let mut bytes = Vec::new();
        for n in &self.memory {
            if serde_json::to_writer(&mut bytes, n).is_err() {
                return;
            }
            bytes.push(b'\n');
        }
        if let Ok(start) = spill.append(&bytes) {
            self.runs.push(Run { start, end: start + bytes.len() as u64, shift: 0 });
            IN_MEMORY.fetch_sub(self.memory.len(), Ordering::Relaxed);
            self.memory.clear();
        }
    }

    /// Moves every line by `by`.
    pub(super) fn shift_lines(&mut self, by: u64) {
        for n in &mut self.memory {
            n.line += by;
            n.finding.dong = n.finding.dong.map(|d| d + by);
        }
        for r in &mut self.runs {
            r.shift += by;
        }
        self.dropped_row_errors = self.dropped_row_errors.drain().map(|l| l + by).collect();
    }

    pub(super) fn append(&mut self, other: &mut FindingLog) {
        self.memory.append(&mut other.memory);
        self.runs.append(&mut other.runs);
        self.dropped_row_errors.extend(other.dropped_row_errors.drain());
    }

    /// Drops the cell-problem errors of these lines: their rows are duplicates, which say so.
    pub(super) fn drop_row_errors(&mut self, lines: &HashSet<u64>) {
        let before = self.memory.len();
        self.memory.retain(|n| !(n.is_row_error() && lines.contains(&n.line)));
        IN_MEMORY.fetch_sub(before - self.memory.len(), Ordering::Relaxed);
        if !self.runs.is_empty() {
            self.dropped_row_errors.extend(lines);
        }
    }

    /// Gives every finding in report order (line, then kind, then the order they came in).
    pub(super) fn drain(mut self, mut each: impl FnMut(Noted) -> io::Result<()>) -> io::Result<()> {
        let mut memory = std::mem::take(&mut self.memory);
        IN_MEMORY.fetch_sub(memory.len(), Ordering::Relaxed);
        memory.sort_by_key(Noted::key);
        if self.runs.is_empty() {
            return memory.into_iter().try_for_each(each);
        }
        let spill = spill().expect("runs exist only with a spill file");
        let mut runs = std::mem::take(&mut self.runs);
        // Long lists are merged in passes, so that few runs are open at once.
        while runs.len() > FAN_IN {
            let mut bytes = Vec::new();
            merge(spill, &runs[..FAN_IN], Vec::new(), |n| {
                serde_json::to_writer(&mut bytes, &n).map_err(io::Error::other)?;
                bytes.push(b'\n');
                Ok(())
            })?;
            let start = spill.append(&bytes)?;
            runs.splice(..FAN_IN, [Run { start, end: start + bytes.len() as u64, shift: 0 }]);
        }
        let dropped = std::mem::take(&mut self.dropped_row_errors);
        merge(spill, &runs, memory, |n| if dropped.contains(&n.line) && n.is_row_error() { Ok(()) } else { each(n) })
    }
}

impl Drop for FindingLog {
    fn drop(&mut self) {
        IN_MEMORY.fetch_sub(self.memory.len(), Ordering::Relaxed);
    }
}

/// Reads one run a block at a time.
struct RunReader<'a> {
    spill: &'a Spill,
    run: Run,
    at: u64,
    buf: Vec<u8>,
    pos: usize,
}

impl RunReader<'_> {
    fn next(&mut self) -> io::Result<Option<Noted>> {
        loop {
            if let Some(nl) = memchr::memchr(b'\n', &self.buf[self.pos..]) {
                let line = &self.buf[self.pos..self.pos + nl];
                self.pos += nl + 1;
                let mut n: Noted = serde_json::from_slice(line).map_err(io::Error::other)?;
                n.line += self.run.shift;
                n.finding.dong = n.finding.dong.map(|d| d + self.run.shift);
                return Ok(Some(n));
            }
            if self.at >= self.run.end {
                return Ok(None);
            }
            self.buf.drain(..self.pos);
            self.pos = 0;
            let want = (self.run.end - self.at).min(READ_BLOCK as u64) as usize;
            let old = self.buf.len();
            self.buf.resize(old + want, 0);
            read_at(&self.spill.file, &mut self.buf[old..], self.at)?;
            self.at += want as u64;
        }
    }
}

/// Merges sorted runs and a sorted list (the newest findings, last on ties), keeping the order
/// they came in among findings of the same line and kind.
fn merge(
    spill: &Spill,
    runs: &[Run],
    memory: Vec<Noted>,
    mut each: impl FnMut(Noted) -> io::Result<()>,
) -> io::Result<()> {
    let mut readers: Vec<RunReader<'_>> =
        runs.iter().map(|&run| RunReader { spill, run, at: run.start, buf: Vec::new(), pos: 0 }).collect();
    let mut memory = memory.into_iter();
    let source = runs.len();
    let mut heads: Vec<Option<Noted>> = Vec::with_capacity(source + 1);
    let mut heap = BinaryHeap::new();
    for (i, r) in readers.iter_mut().enumerate() {
        heads.push(r.next()?);
        if let Some(n) = &heads[i] {
            heap.push(std::cmp::Reverse((n.key(), i)));
        }
    }
    heads.push(memory.next());
    if let Some(n) = &heads[source] {
        heap.push(std::cmp::Reverse((n.key(), source)));
    }
    while let Some(std::cmp::Reverse((_, i))) = heap.pop() {
        let n = heads[i].take().expect("a head for each entry");
        heads[i] = if i == source { memory.next() } else { readers[i].next()? };
        if let Some(next) = &heads[i] {
            heap.push(std::cmp::Reverse((next.key(), i)));
        }
        each(n)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noted(line: u64, rank: u8, tag: &str) -> Noted {
        Noted {
            line,
            rank,
            finding: Finding {
                tep: "a.csv".into(),
                trang_tinh: None,
                dong: Some(line),
                cot: "c".into(),
                gia_tri: tag.into(),
                muc_do: if rank == 1 { Severity::Error } else { Severity::Warning },
                thong_bao: "m\nn".into(),
            },
        }
    }

    fn drained(log: FindingLog) -> Vec<(u64, u8, String)> {
        let mut out = Vec::new();
        log.drain(|n| {
            assert_eq!(n.finding.dong, Some(n.line));
            out.push((n.line, n.rank, n.finding.gia_tri));
            Ok(())
        })
        .unwrap();
        out
    }

    /// A log far past one run (several merge passes) gives exactly what sorting in memory gives.
    #[test]
    fn spilled_findings_come_back_in_the_order_of_a_stable_sort() {
        let mut log = FindingLog::default();
        let mut expected = Vec::new();
        // Rows in order with two findings each, then duplicates added late, out of order.
        let rows = (CHUNK * (FAN_IN + 3)) as u64 / 2;
        for line in 1..=rows {
            for (rank, tag) in [(1, "a"), (1, "b")] {
                log.push(noted(line, rank, tag));
                expected.push((line, rank, tag.to_string()));
            }
        }
        for line in (1..=rows).rev().step_by(997) {
            log.push(noted(line, 2, "dup"));
            expected.push((line, 2, "dup".into()));
        }
        assert!(log.runs.len() > FAN_IN, "{} runs", log.runs.len());
        expected.sort_by_key(|(l, r, _)| (*l, *r));
        assert_eq!(drained(log), expected);
    }

    #[test]
    fn shifts_appends_and_dropped_errors_apply_to_spilled_findings() {
        let mut first = FindingLog::default();
        for line in 1..=(CHUNK as u64 + 10) {
            first.push(noted(line, 1, "x"));
        }
        let mut second = FindingLog::default();
        for line in 1..=(CHUNK as u64 + 10) {
            second.push(noted(line, 1, "y"));
        }
        second.shift_lines(100_000);
        assert!(!first.runs.is_empty() && !second.runs.is_empty());
        let dropped: HashSet<u64> = [3, 100_005].into();
        first.drop_row_errors(&dropped);
        second.drop_row_errors(&dropped);
        first.append(&mut second);
        first.push(noted(3, 2, "dup"));
        let out = drained(first);
        assert_eq!(out.len(), 2 * (CHUNK + 10) - 2 + 1);
        assert!(out.contains(&(3, 2, "dup".into())) && !out.contains(&(3, 1, "x".into())));
        assert!(!out.iter().any(|(l, _, _)| *l == 100_005));
        assert_eq!(out.last().unwrap().0, 100_000 + CHUNK as u64 + 10);
        assert!(out.windows(2).all(|w| (w[0].0, w[0].1) <= (w[1].0, w[1].1)));
    }
}
