//! The run: every roster is read row by row, each row is scored as it is read and added to
//! its unit's tally. Only the tallies, the ids seen (compactly, see [`crate::aggregate::ids`])
//! and the findings stay in memory, never the roster.
//!
//! Files are read in parallel (rayon), and within a file a reader thread splits records
//! while the file's own thread types and scores them. The order in which files finish never
//! shows: each file keeps the ids it claimed, and a merge in the order the files were given
//! turns a claim that an earlier file had already made into a duplicate, exactly as reading
//! the files one after another would. With a per-person output the files are read one after
//! another instead, so that people are written in input order with their final result.

use std::collections::{HashMap, HashSet};
use std::sync::mpsc;

use csv::ByteRecord;
use foldhash::fast::FixedState;
use rayon::prelude::*;

use crate::aggregate::UnitTallies;
use crate::aggregate::ids::{IdKey, IdMap};
use crate::aggregate::tally::Tally;
use crate::criteria::{Criteria, Role};
use crate::findings::{Finding, Severity};
use crate::input::csv_source::{RecordSource, not_utf8};
use crate::input::header::{HeaderMap, Vocabulary};
use crate::input::open::{ReadOptions, open_table};
use crate::input::parts;
use crate::input::person::{
    self, Cells, PersonRow, RosterReader, RowTyper, Status, TypedRow, Utf8Record, is_blank, roster_vocabulary,
};
use crate::input::{InputError, Source};
use crate::progress::Progress;
use crate::scoring::{Assessment, Outcome, Verdict, explain, verdict};
use crate::text::nfc;

/// Receives every scored row, in input order (for `--persons`).
pub trait PersonSink {
    fn person(&mut self, row: &PersonRow, assessment: &Assessment) -> std::io::Result<()>;
}

#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub read: ReadOptions,
    /// Unit code for rosters without a unit column (else the file's stem).
    pub default_unit: Option<String>,
    /// Threads to use: 0 for every core (or `RAYON_NUM_THREADS`), 1 to read everything on
    /// the calling thread. The result is the same whatever the number.
    pub threads: usize,
    pub progress: Progress,
    /// Bytes per range when one large file is read by several threads (0: 32 MiB).
    pub part_bytes: u64,
}

const PART_BYTES: u64 = 32 << 20;

/// What was read from one input file.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FileSummary {
    pub tep: String,
    pub dinh_dang: String,
    pub bang_ma: Option<String>,
    pub dong_tieu_de: u64,
    pub so_dong: u64,
    pub so_dong_trong: u64,
    pub sha256: String,
}

#[derive(Debug, Default)]
pub struct RunResult {
    pub tallies: UnitTallies,
    pub findings: Vec<Finding>,
    pub files: Vec<FileSummary>,
}

#[derive(thiserror::Error, Debug)]
pub enum RunError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("không ghi được danh sách người: {0}")]
    Sink(#[from] std::io::Error),
    #[error("không khởi tạo được các luồng xử lý: {0}")]
    Threads(String),
}

pub fn run(
    criteria: &Criteria,
    sources: &[Source],
    options: &RunOptions,
    sink: Option<&mut dyn PersonSink>,
) -> Result<RunResult, RunError> {
    if sources.len() >= MAX_FILES {
        return Err(
            InputError::file(&"", format!("quá nhiều tệp trong một lần chạy (tối đa {})", MAX_FILES - 1)).into()
        );
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| RunError::Threads(e.to_string()))?;
    let vocab = roster_vocabulary(criteria);
    let ctx = Ctx { criteria, vocab: &vocab, sources, options, threaded: pool.current_num_threads() > 1 };
    let mut merger = Merger::new(sources);
    match sink {
        Some(sink) => {
            for index in 0..sources.len() {
                let file = read_file(&ctx, index, Some(&merger.seen), Some(&mut *sink))?;
                merger.add_parts(vec![file]);
            }
        }
        None => {
            let files: Vec<Result<Vec<FileRun>, RunError>> =
                pool.install(|| (0..sources.len()).into_par_iter().map(|i| read_file_in_parts(&ctx, i)).collect());
            for parts in files {
                merger.add_parts(parts?);
            }
        }
    }
    options.progress.finish();
    Ok(merger.finish())
}

/// File indexes and line numbers share one `u64` in the id set.
const LINE_BITS: u32 = 40;
const MAX_FILES: usize = 1 << (64 - LINE_BITS);
const MAX_LINE: u64 = (1 << LINE_BITS) - 1;

/// Where an id was first claimed in the run: file index and line.
fn pack_place(file: usize, line: u64) -> u64 {
    ((file as u64) << LINE_BITS) | line
}

fn unpack_place(v: u64) -> (usize, u64) {
    ((v >> LINE_BITS) as usize, v & MAX_LINE)
}

/// The first row of a file with a given id, as much of it as a later merge needs to turn
/// it into a duplicate: packed as line (40 bits), unit (20), role (2), outcome (2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Claim {
    line: u64,
    unit: usize,
    role: Option<Role>,
    outcome: Outcome,
}

const UNIT_BITS: u32 = 20;
/// Marks a unit index too large for its field; the real one is in `FileRun::big_units`.
const UNIT_ELSEWHERE: u64 = (1 << UNIT_BITS) - 1;

impl Claim {
    fn pack(&self, big_units: &mut HashMap<u64, usize>) -> u64 {
        let unit = if (self.unit as u64) < UNIT_ELSEWHERE {
            self.unit as u64
        } else {
            big_units.insert(self.line, self.unit);
            UNIT_ELSEWHERE
        };
        let role = match self.role {
            None => 0,
            Some(Role::ThanhVien) => 1,
            Some(Role::NguoiHoc) => 2,
        };
        let outcome = match self.outcome {
            Outcome::Recognised => 0,
            Outcome::NotRecognised => 1,
            _ => 2,
        };
        (self.line << (64 - LINE_BITS)) | (unit << 4) | (role << 2) | outcome
    }

    fn unpack(v: u64, big_units: &HashMap<u64, usize>) -> Claim {
        let line = v >> (64 - LINE_BITS);
        let unit = (v >> 4) & UNIT_ELSEWHERE;
        let unit = if unit == UNIT_ELSEWHERE { big_units.get(&line).copied().unwrap_or(0) } else { unit as usize };
        let role = match (v >> 2) & 3 {
            1 => Some(Role::ThanhVien),
            2 => Some(Role::NguoiHoc),
            _ => None,
        };
        let outcome = match v & 3 {
            0 => Outcome::Recognised,
            1 => Outcome::NotRecognised,
            _ => Outcome::Invalid,
        };
        Claim { line, unit, role, outcome }
    }
}

/// A finding with where it sorts: its line, then its kind within the row (header 0,
/// cell problems 1, duplicate 2, unit name 3), as reading row by row would list them.
struct Noted {
    line: u64,
    rank: u8,
    finding: Finding,
}

/// A row that repeats an id: its key, line and id as typed, and the first claim it was
/// compared with (a merge may find an earlier one in a file read before).
struct Repeat {
    key: IdKey<'static>,
    line: u64,
    id: Box<str>,
    first: (usize, u64),
}

/// The units of one file: codes, first names and tallies, looked up fast (consecutive rows
/// nearly always share their unit).
#[derive(Default)]
struct FileUnits {
    index: HashMap<Box<str>, usize, FixedState>,
    units: Vec<FileUnit>,
    last: usize,
    /// Each distinct non-blank name of a unit, where it first appears, in line order.
    names: Vec<(usize, Box<str>, u64)>,
    names_seen: HashSet<(usize, Box<str>), FixedState>,
}

struct FileUnit {
    code: Box<str>,
    /// The first non-blank name (NFC), and as it was typed: a row typed the same way needs
    /// no NFC to know it names the unit alike.
    first_name: Box<str>,
    first_raw: Box<str>,
    tally: Tally,
}

impl FileUnits {
    fn unit_of(&mut self, code: &str, raw_name: &str, line: u64) -> usize {
        let u = match self.units.get(self.last) {
            Some(unit) if &*unit.code == code => self.last,
            _ => match self.index.get(code) {
                Some(&u) => u,
                None => {
                    self.units.push(FileUnit {
                        code: code.into(),
                        first_name: "".into(),
                        first_raw: "".into(),
                        tally: Tally::default(),
                    });
                    self.index.insert(code.into(), self.units.len() - 1);
                    self.units.len() - 1
                }
            },
        };
        self.last = u;
        let unit = &mut self.units[u];
        if !raw_name.is_empty() && *unit.first_raw != *raw_name {
            let name = nfc(raw_name);
            if unit.first_name.is_empty() {
                unit.first_name = name.as_ref().into();
                unit.first_raw = raw_name.into();
                self.names.push((u, name.as_ref().into(), line));
            } else if *unit.first_name != *name && self.names_seen.insert((u, name.as_ref().into())) {
                self.names.push((u, name.as_ref().into(), line));
            }
        }
        u
    }
}

/// Everything one file contributes to the run, before the merge.
struct FileRun {
    index: usize,
    summary: FileSummary,
    id_header: String,
    name_header: String,
    units: FileUnits,
    /// Ids claimed by the file's counted rows; values are packed [`Claim`]s.
    claims: IdMap,
    big_units: HashMap<u64, usize>,
    /// Line → id as typed, where it differs from its key (" x1 " for "X1").
    typed_ids: HashMap<u64, Box<str>>,
    repeats: Vec<Repeat>,
    findings: Vec<Noted>,
}

impl FileRun {
    fn new(index: usize, summary: FileSummary, header: &HeaderMap) -> FileRun {
        FileRun {
            index,
            summary,
            id_header: header.header_of(person::ID).to_string(),
            name_header: header.header_of(person::UNIT_NAME).to_string(),
            units: FileUnits::default(),
            claims: IdMap::default(),
            big_units: HashMap::new(),
            typed_ids: HashMap::new(),
            repeats: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// Moves every line by `by`: a range's lines count from the range's start.
    fn shift_lines(&mut self, by: u64) {
        if by == 0 {
            return;
        }
        for n in &mut self.findings {
            n.line += by;
            n.finding.dong = n.finding.dong.map(|d| d + by);
        }
        let old_big = std::mem::take(&mut self.big_units);
        let mut big = HashMap::new();
        self.claims.map_values(|c| {
            let mut claim = Claim::unpack(c, &old_big);
            claim.line += by;
            claim.pack(&mut big)
        });
        self.big_units = big;
        self.typed_ids = std::mem::take(&mut self.typed_ids).into_iter().map(|(l, id)| (l + by, id)).collect();
        for r in &mut self.repeats {
            r.line += by;
            if r.first.0 == self.index {
                r.first.1 += by;
            }
        }
        for (_, _, line) in &mut self.units.names {
            *line += by;
        }
    }
}

struct Ctx<'a> {
    criteria: &'a Criteria,
    vocab: &'a Vocabulary,
    sources: &'a [Source],
    options: &'a RunOptions,
    threaded: bool,
}

fn read_file(
    ctx: &Ctx<'_>,
    index: usize,
    earlier: Option<&IdMap>,
    sink: Option<&mut dyn PersonSink>,
) -> Result<FileRun, RunError> {
    let source = &ctx.sources[index];
    let table = open_table(source, &ctx.options.read)?;
    let default_unit = ctx.options.default_unit.clone().unwrap_or_else(|| source.stem());
    let reader = RosterReader::new(source, table.records, ctx.criteria, ctx.vocab, default_unit.clone())?;
    let header_line = reader.header_line;
    let mut file = FileState {
        ctx,
        typer: RowTyper::new(ctx.criteria, &reader.header, default_unit),
        earlier,
        sink,
        unreported: 0,
        rows: 0,
        blank: 0,
        out: FileRun::new(
            index,
            FileSummary {
                tep: source.to_string(),
                dinh_dang: table.info.format.clone(),
                bang_ma: table.info.encoding.clone(),
                dong_tieu_de: header_line,
                so_dong: 0,
                so_dong_trong: 0,
                sha256: String::new(),
            },
            &reader.header,
        ),
    };
    note_ignored_columns(&mut file.out, &reader.header, header_line);
    let (records, pending) = reader.into_parts();
    if let Some(rows) = estimate_rows(source, &pending) {
        file.out.claims.reserve(rows);
    }
    for (line, rec) in &pending {
        file.row(rec, *line)?;
    }
    read_batches(records, ctx.threaded, |batch| file.batch(batch))?;
    ctx.options.progress.rows(file.unreported);
    ctx.options.progress.file_done();
    let mut out = file.out;
    out.summary.so_dong = file.rows;
    out.summary.so_dong_trong = file.blank;
    // The stream has been read to its end: the checksum covers every byte.
    out.summary.sha256 = table.checksum.hex();
    Ok(out)
}

/// Reads a file, split into byte ranges read in parallel when it is large, plain UTF-8 and
/// the pool has threads to spare; otherwise in one go. The parts come back in file order
/// with the file's summary on the last one.
fn read_file_in_parts(ctx: &Ctx<'_>, index: usize) -> Result<Vec<FileRun>, RunError> {
    if ctx.threaded
        && let Some(parts) = read_ranges(ctx, index)?
    {
        return Ok(parts);
    }
    Ok(vec![read_file(ctx, index, None, None)?])
}

/// The parallel reading of one file, or `None` when it cannot be used or its check fails
/// (a range that did not start at a record, a carriage return, any error): the caller then
/// reads the file in one go, which gives the same result, or the exact error.
fn read_ranges(ctx: &Ctx<'_>, index: usize) -> Result<Option<Vec<FileRun>>, RunError> {
    let source = &ctx.sources[index];
    let Some(path) = source.path() else { return Ok(None) };
    let Ok(size) = std::fs::metadata(path).map(|m| m.len()) else { return Ok(None) };
    let part = match ctx.options.part_bytes {
        0 => PART_BYTES,
        n => n,
    };
    if size < 2 * part {
        return Ok(None);
    }
    let table = open_table(source, &ctx.options.read)?;
    let (Some("UTF-8"), Some(delimiter)) = (table.info.encoding.as_deref(), table.info.delimiter) else {
        return Ok(None);
    };
    let default_unit = ctx.options.default_unit.clone().unwrap_or_else(|| source.stem());
    let reader = RosterReader::new(source, table.records, ctx.criteria, ctx.vocab, default_unit.clone())?;
    let Ok(Some(ranges)) = parts::split(path, size, part) else { return Ok(None) };
    let per_row = bytes_per_row(reader.pending_rows());
    let first = FirstRows {
        header: &reader.header,
        header_line: reader.header_line,
        header_end_line: reader.header_end_line,
        default_unit: &default_unit,
        delimiter,
        per_row,
        summary: FileSummary {
            tep: source.to_string(),
            dinh_dang: table.info.format.clone(),
            bang_ma: table.info.encoding.clone(),
            dong_tieu_de: reader.header_line,
            so_dong: 0,
            so_dong_trong: 0,
            sha256: String::new(),
        },
    };
    let (sha, runs) = rayon::join(
        || parts::sha256_file(path),
        || ranges.par_iter().enumerate().map(|(k, r)| read_range(ctx, index, &first, path, k, *r)).collect::<Vec<_>>(),
    );
    let Ok(sha) = sha else { return Ok(None) };
    let mut out = Vec::with_capacity(runs.len());
    let mut newlines_before = 0;
    let (mut rows, mut blank) = (0, 0);
    for (k, run) in runs.into_iter().enumerate() {
        let Ok(mut part) = run else { return Ok(None) };
        let starts_next = ranges.get(k + 1).is_none_or(|next| part.next_start == Some(next.start));
        if part.carriage_return || !starts_next {
            return Ok(None);
        }
        part.run.shift_lines(newlines_before);
        newlines_before += part.newlines;
        rows += part.run.summary.so_dong;
        blank += part.run.summary.so_dong_trong;
        out.push(part.run);
    }
    if let Some(last) = out.last_mut() {
        last.summary = FileSummary { so_dong: rows, so_dong_trong: blank, sha256: sha, ..first.summary };
    }
    ctx.options.progress.file_done();
    Ok(Some(out))
}

/// What every range of a file shares: its header and what the first rows told.
struct FirstRows<'a> {
    header: &'a HeaderMap,
    header_line: u64,
    header_end_line: u64,
    default_unit: &'a str,
    delimiter: u8,
    per_row: Option<u64>,
    summary: FileSummary,
}

/// One range read: its run (lines counted from the range's start), the newlines inside it,
/// whether it holds a carriage return, and where the record after it starts.
struct RangeRun {
    run: FileRun,
    newlines: u64,
    carriage_return: bool,
    next_start: Option<u64>,
}

fn read_range(
    ctx: &Ctx<'_>,
    index: usize,
    first: &FirstRows<'_>,
    path: &std::path::Path,
    k: usize,
    range: parts::Range,
) -> Result<RangeRun, RunError> {
    let failed = |e: &dyn std::fmt::Display| RunError::Threads(e.to_string());
    let mut records = parts::RangeRecords::open(path, range, first.delimiter).map_err(|e| failed(&e))?;
    let mut file = FileState {
        ctx,
        typer: RowTyper::new(ctx.criteria, first.header, first.default_unit.to_string()),
        earlier: None,
        sink: None,
        unreported: 0,
        rows: 0,
        blank: 0,
        out: FileRun::new(index, first.summary.clone(), first.header),
    };
    if k == 0 {
        note_ignored_columns(&mut file.out, first.header, first.header_line);
    }
    if let Some(per_row) = first.per_row {
        file.out.claims.reserve(usize::try_from((range.end - range.start) / per_row).unwrap_or(0));
    }
    let mut batch = Batch::default();
    loop {
        batch.lines.clear();
        let mut more = true;
        while batch.lines.len() < BATCH_ROWS {
            let i = batch.lines.len();
            if batch.records.len() == i {
                batch.records.push(ByteRecord::new());
            }
            match records.read(&mut batch.records[i]).map_err(|e| failed(&e))? {
                // The title and header rows, at the top of the first range.
                Some(line) if k == 0 && line <= first.header_end_line => {}
                Some(line) => batch.lines.push(line),
                None => {
                    more = false;
                    break;
                }
            }
        }
        file.batch(&batch)?;
        if !more {
            break;
        }
    }
    ctx.options.progress.rows(file.unreported);
    let (newlines, carriage_return) = records.counted();
    let mut run = file.out;
    run.summary.so_dong = file.rows;
    run.summary.so_dong_trong = file.blank;
    Ok(RangeRun { run, newlines, carriage_return, next_start: records.next_start })
}

fn bytes_per_row(first: &std::collections::VecDeque<(u64, csv::StringRecord)>) -> Option<u64> {
    let start = first.front()?.1.position()?.byte();
    let end = first.back()?.1.position()?.byte();
    Some((end.checked_sub(start)? / (first.len() as u64).checked_sub(1).filter(|&n| n > 0)?).max(1))
}

/// How many rows a file holds, from its size and the length of its first rows: the id set
/// is sized once rather than doubled (and copied) on the way.
fn estimate_rows(source: &Source, first: &std::collections::VecDeque<(u64, csv::StringRecord)>) -> Option<usize> {
    let size = std::fs::metadata(source.path()?).ok()?.len();
    let per_row = bytes_per_row(first)?;
    usize::try_from(size / per_row + size / per_row / 20).ok()
}

fn note_ignored_columns(out: &mut FileRun, header: &HeaderMap, line: u64) {
    if !header.ignored.is_empty() {
        out.findings.push(Noted {
            line,
            rank: 0,
            finding: Finding {
                tep: out.summary.tep.clone(),
                dong: Some(line),
                cot: String::new(),
                gia_tri: header.ignored.join(", "),
                muc_do: Severity::Info,
                thong_bao: format!("các cột không dùng đến, được bỏ qua: {}", header.ignored.join(", ")),
            },
        });
    }
}

/// Records per hand-over between the reader thread and the scoring thread.
const BATCH_ROWS: usize = 512;

#[derive(Default)]
struct Batch {
    records: Vec<ByteRecord>,
    lines: Vec<u64>,
}

/// Fills `batch` with up to [`BATCH_ROWS`] records; false at the end of the file.
fn fill(records: &mut (dyn RecordSource + '_), batch: &mut Batch) -> Result<bool, InputError> {
    batch.lines.clear();
    while batch.lines.len() < BATCH_ROWS {
        let i = batch.lines.len();
        if batch.records.len() == i {
            batch.records.push(ByteRecord::new());
        }
        match records.read_bytes(&mut batch.records[i])? {
            Some(line) => batch.lines.push(line),
            None => return Ok(false),
        }
    }
    Ok(true)
}

/// Reads the records in batches and hands each to `each`, in order. When `threaded`, the
/// reading (decoding, checksum, CSV parsing) runs on a thread of its own while `each` runs
/// on the calling thread; batches come back empty to be filled again, so records are not
/// reallocated.
fn read_batches(
    mut records: Box<dyn RecordSource + '_>,
    threaded: bool,
    mut each: impl FnMut(&Batch) -> Result<(), RunError>,
) -> Result<(), RunError> {
    if !threaded {
        let mut batch = Batch::default();
        loop {
            let more = fill(records.as_mut(), &mut batch)?;
            each(&batch)?;
            if !more {
                return Ok(());
            }
        }
    }
    let (full_tx, full_rx) = mpsc::sync_channel::<Result<Batch, InputError>>(8);
    let (empty_tx, empty_rx) = mpsc::channel::<Batch>();
    std::thread::scope(|s| {
        s.spawn(move || {
            loop {
                let mut batch = empty_rx.try_recv().unwrap_or_default();
                let more = match fill(records.as_mut(), &mut batch) {
                    Ok(more) => more,
                    Err(e) => {
                        let _ = full_tx.send(Err(e));
                        return;
                    }
                };
                // A closed channel means the scoring side stopped on an error: stop too.
                if full_tx.send(Ok(batch)).is_err() || !more {
                    return;
                }
            }
        });
        for batch in full_rx {
            let batch = batch?;
            each(&batch)?;
            let _ = empty_tx.send(batch);
        }
        Ok(())
    })
}

/// Reading one file: types, scores and tallies each row as it comes.
struct FileState<'a, 's> {
    ctx: &'a Ctx<'a>,
    typer: RowTyper<'a>,
    /// The ids of the files before this one, when they have been read already.
    earlier: Option<&'a IdMap>,
    sink: Option<&'s mut dyn PersonSink>,
    /// Rows not yet reported to the progress line.
    unreported: u64,
    rows: u64,
    blank: u64,
    out: FileRun,
}

const PROGRESS_EVERY: u64 = 4096;

/// How many rows ahead the id set's slots are prefetched.
const PREFETCH_AHEAD: usize = 16;

impl FileState<'_, '_> {
    fn batch(&mut self, batch: &Batch) -> Result<(), RunError> {
        let n = batch.lines.len();
        for rec in &batch.records[..n.min(PREFETCH_AHEAD)] {
            self.prefetch_id(rec);
        }
        for (i, (rec, &line)) in batch.records[..n].iter().zip(&batch.lines).enumerate() {
            if i + PREFETCH_AHEAD < n {
                self.prefetch_id(&batch.records[i + PREFETCH_AHEAD]);
            }
            self.byte_row(rec, line)?;
        }
        Ok(())
    }

    /// Starts loading the id set's slot for a row about to be scored. Only a hint: a cell
    /// that needs trimming or NFC is simply not prefetched.
    fn prefetch_id(&self, rec: &ByteRecord) {
        if let Some(key) = self.typer.id_column().and_then(|c| rec.get(c)).and_then(IdKey::of_digits) {
            self.out.claims.prefetch(&key);
        }
    }

    fn byte_row(&mut self, rec: &ByteRecord, line: u64) -> Result<(), RunError> {
        match Utf8Record::new(rec) {
            Some(text) => self.row(&text, line),
            None => Err(not_utf8(&self.out.summary.tep, line).into()),
        }
    }

    fn row(&mut self, rec: &(impl Cells + ?Sized), line: u64) -> Result<(), RunError> {
        if is_blank(rec) {
            self.blank += 1;
            return Ok(());
        }
        if line > MAX_LINE {
            return Err(InputError::Line {
                file: self.out.summary.tep.clone(),
                line,
                message: "tệp quá dài: hãy chia thành nhiều tệp".into(),
            }
            .into());
        }
        self.rows += 1;
        self.unreported += 1;
        if self.unreported == PROGRESS_EVERY {
            self.ctx.options.progress.rows(PROGRESS_EVERY);
            self.unreported = 0;
        }
        let Self { ctx, typer, earlier, sink, out, .. } = self;
        let criteria = ctx.criteria;
        let row = typer.type_record(rec, line);
        let role = row.role.map(|(_, r)| r);
        // The verdict as if the id were new, and the unit: neither depends on the id, so the
        // id set is searched once, by the insert that claims the id.
        let fresh = verdict(criteria, row.status, row.disadvantaged, !typer.problems().is_empty(), typer.scores());
        let unit = out.units.unit_of(&row.unit_code, row.raw_unit_name, line);
        let key = if row.status == Status::Counted { IdKey::of(&row.id) } else { None };
        let first = key.as_ref().and_then(|key| {
            if let Some(place) = earlier.and_then(|e| e.get(key)) {
                return Some(unpack_place(place));
            }
            let claim = Claim { line, unit, role, outcome: fresh.outcome }.pack(&mut out.big_units);
            match out.claims.insert_new(key, claim) {
                Some(c) => Some((out.index, Claim::unpack(c, &out.big_units).line)),
                None => {
                    if typed_differs(&row.id, key) {
                        out.typed_ids.insert(line, row.id.as_ref().into());
                    }
                    None
                }
            }
        });
        let v = match (first, key) {
            (Some(first), Some(key)) => {
                out.repeats.push(Repeat { key: key.into_static(), line, id: row.id.as_ref().into(), first });
                Verdict { outcome: Outcome::Duplicate, total: None, threshold: criteria.cdht.pass.points }
            }
            _ => fresh,
        };
        if v.outcome == Outcome::Invalid {
            for p in typer.problems() {
                out.findings.push(Noted {
                    line,
                    rank: 1,
                    finding: Finding {
                        tep: out.summary.tep.clone(),
                        dong: Some(line),
                        cot: p.column.clone(),
                        gia_tri: p.value.clone(),
                        muc_do: Severity::Error,
                        thong_bao: p.message.clone(),
                    },
                });
            }
        }
        out.units.units[unit].tally.record(role, v.outcome);
        if let Some(sink) = sink.as_deref_mut() {
            write_person(ctx, typer, &row, v, first, out.index, sink)?;
        }
        Ok(())
    }
}

/// Whether the id as typed differs from its key's text (then a later message needs it).
fn typed_differs(id: &str, key: &IdKey<'_>) -> bool {
    match key {
        IdKey::Number(_) => !id.bytes().all(|b| b.is_ascii_digit()),
        IdKey::Text(t) => t.as_ref() != id,
    }
}

fn write_person(
    ctx: &Ctx<'_>,
    typer: &RowTyper<'_>,
    row: &TypedRow<'_>,
    v: Verdict,
    first: Option<(usize, u64)>,
    this_file: usize,
    sink: &mut dyn PersonSink,
) -> Result<(), RunError> {
    let person = typer.to_person_row(row);
    let assessment = match first {
        Some(first) => Assessment {
            outcome: Outcome::Duplicate,
            competency_sums: Vec::new(),
            total: None,
            threshold: v.threshold,
            reasons: vec![duplicate_reason(&person.id, this_file, first, ctx.sources)],
        },
        None => explain(ctx.criteria, &person, v),
    };
    sink.person(&person, &assessment)?;
    Ok(())
}

fn duplicate_reason(id: &str, this_file: usize, (file, line): (usize, u64), sources: &[Source]) -> String {
    let where_ =
        if file == this_file { format!("dòng {line}") } else { format!("dòng {line} tệp {}", sources[file]) };
    format!("trùng mã định danh {id} với {where_}; không tính lại")
}

/// Adds the files to the run in the order they were given.
struct Merger<'a> {
    sources: &'a [Source],
    /// Every id claimed so far; values are packed places (file, line).
    seen: IdMap,
    tallies: UnitTallies,
    /// (unit code, name) pairs already warned about.
    clashes: HashSet<(String, String)>,
    findings: Vec<Finding>,
    files: Vec<FileSummary>,
}

impl<'a> Merger<'a> {
    fn new(sources: &'a [Source]) -> Merger<'a> {
        Merger {
            sources,
            seen: IdMap::default(),
            tallies: UnitTallies::default(),
            clashes: HashSet::new(),
            findings: Vec::new(),
            files: Vec::new(),
        }
    }

    /// Adds a file read in one or more parts, in order; the last part holds its summary.
    fn add_parts(&mut self, parts: Vec<FileRun>) {
        if parts.len() > 1 {
            // Sized once for every id the parts claimed, rather than doubled on the way.
            self.seen.reserve(parts.iter().map(|p| p.claims.len()).sum());
        }
        let whole = parts.len() == 1;
        let mut summary = None;
        for part in parts {
            summary = Some(self.add(part, whole));
        }
        self.files.extend(summary);
    }

    fn add(&mut self, mut f: FileRun, whole: bool) -> FileSummary {
        let index = f.index;
        // Rows whose cell problems are no longer reported: an earlier file had their id.
        let mut now_repeats: HashSet<u64> = HashSet::new();
        if self.seen.is_empty() && whole {
            // Nothing earlier can repeat: keep the file's map, only re-labelling its values.
            let big_units = &f.big_units;
            f.claims.map_values(|c| pack_place(index, Claim::unpack(c, big_units).line));
            self.seen = std::mem::take(&mut f.claims);
        } else {
            // In chunks whose slots are prefetched first: the set is large and the ids random.
            let claims: Vec<(IdKey<'static>, u64)> = f.claims.drain().collect();
            for chunk in claims.chunks(64) {
                for (key, _) in chunk {
                    self.seen.prefetch(key);
                }
                for (key, packed) in chunk {
                    let claim = Claim::unpack(*packed, &f.big_units);
                    self.merge_claim(&mut f, key, claim, &mut now_repeats);
                }
            }
        }
        for r in std::mem::take(&mut f.repeats) {
            let first = self.seen.get(&r.key).map_or(r.first, unpack_place);
            let message = duplicate_reason(&r.id, index, first, self.sources);
            f.findings.push(repeat_finding(&f.summary.tep, &f.id_header, r.line, r.id.into_string(), message));
        }
        if !now_repeats.is_empty() {
            f.findings.retain(|n| !(n.rank == 1 && now_repeats.contains(&n.line)));
        }
        for unit in &f.units.units {
            self.tallies.units.entry(unit.code.to_string()).or_default().tally.add(&unit.tally);
        }
        for (u, name, line) in &f.units.names {
            let code = &*f.units.units[*u].code;
            let Some(entry) = self.tallies.units.get_mut(code) else { continue };
            if entry.name.is_empty() {
                entry.name = name.to_string();
            } else if entry.name != **name && self.clashes.insert((code.to_string(), name.to_string())) {
                f.findings.push(Noted {
                    line: *line,
                    rank: 3,
                    finding: Finding {
                        tep: f.summary.tep.clone(),
                        dong: Some(*line),
                        cot: f.name_header.clone(),
                        gia_tri: name.to_string(),
                        muc_do: Severity::Warning,
                        thong_bao: format!("đơn vị {code} đã có tên \"{}\"; báo cáo dùng tên đó", entry.name),
                    },
                });
            }
        }
        f.findings.sort_by_key(|n| (n.line, n.rank));
        self.findings.extend(f.findings.into_iter().map(|n| n.finding));
        f.summary
    }

    /// Adds one id a file claimed, in one search of the run's set: new, it is the run's; seen
    /// in an earlier file, the file's row becomes a duplicate of that one.
    fn merge_claim(&mut self, f: &mut FileRun, key: &IdKey<'_>, claim: Claim, now_repeats: &mut HashSet<u64>) {
        let Some(first) = self.seen.insert_new(key, pack_place(f.index, claim.line)) else { return };
        f.units.units[claim.unit].tally.reclassify_as_duplicate(claim.role, claim.outcome);
        if claim.outcome == Outcome::Invalid {
            now_repeats.insert(claim.line);
        }
        let id = f.typed_ids.get(&claim.line).map_or_else(|| key.text().into_owned(), |t| t.to_string());
        let message = duplicate_reason(&id, f.index, unpack_place(first), self.sources);
        f.findings.push(repeat_finding(&f.summary.tep, &f.id_header, claim.line, id, message));
    }

    fn finish(self) -> RunResult {
        RunResult { tallies: self.tallies, findings: self.findings, files: self.files }
    }
}

fn repeat_finding(file: &str, id_header: &str, line: u64, id: String, message: String) -> Noted {
    Noted {
        line,
        rank: 2,
        finding: Finding {
            tep: file.to_string(),
            dong: Some(line),
            cot: id_header.to_string(),
            gia_tri: id,
            muc_do: Severity::Error,
            thong_bao: message,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_and_places_round_trip() {
        let mut big = HashMap::new();
        for claim in [
            Claim { line: 2, unit: 0, role: None, outcome: Outcome::Recognised },
            Claim { line: MAX_LINE, unit: 1_048_574, role: Some(Role::NguoiHoc), outcome: Outcome::Invalid },
            Claim { line: 77, unit: 5_000_000, role: Some(Role::ThanhVien), outcome: Outcome::NotRecognised },
        ] {
            let packed = claim.pack(&mut big);
            assert_eq!(Claim::unpack(packed, &big), claim);
        }
        assert_eq!(big.len(), 1, "only the unit index that does not fit goes aside");
        assert_eq!(unpack_place(pack_place(MAX_FILES - 1, MAX_LINE)), (MAX_FILES - 1, MAX_LINE));
    }
}
