//! The run: every roster is read row by row, each row is scored as it is read and added to
//! its unit's tally. Only the tallies, the ids seen (compactly, see [`crate::aggregate::ids`])
//! and the findings (on disk past a few thousand, see `findings_log`), never the roster.
//!
//! A file is one table (CSV) or several (every roster sheet of a workbook); each table's rows
//! are classified by the one row rule ([`crate::input::table`]) before any is scored.
//! Files are read in parallel (rayon). A large UTF-8 file is read as byte ranges on several
//! threads (`ranges`); any other file has a reader thread splitting its records (`batches`)
//! while its own thread types and scores them (`file`). The order in which files and ranges
//! finish never shows: each keeps the ids it claimed (`claims`), and a merge in the order they
//! were given (`merge`) counts exactly what reading them one after another would; the ids
//! seen more than once are then settled by a rule that does not depend on any order. With a
//! per-person output the files are read once to settle those ids, then one after another, so
//! that people are written in input order with their final result.

use std::collections::{HashMap, HashSet};
use std::sync::mpsc;

use csv::StringRecord;
use foldhash::fast::FixedState;
use rayon::prelude::*;

use crate::aggregate::UnitTallies;
use crate::aggregate::ids::{self, IdKey, IdLists, IdMap};
pub use crate::aggregate::sink::{FileContext, PersonSink};
use crate::aggregate::tally::Tally;
use crate::criteria::{Criteria, Role};
use crate::input::csv_source::{RawRecord, RecordSource, not_utf8};
use crate::input::header::{HeaderMap, Vocabulary};
use crate::input::open::{OpenedTable, ReadOptions, open_tables_for, own_output_reason};
use crate::input::parts;
use crate::input::person::{
    self, Cells, PersonRow, Problem, RosterReader, RowReader, RowTyper, Status, TypedRow, Utf8Record,
};
use crate::input::table::{HeadError, NonPersonRows, read_head};
use crate::input::units::UnitFile;
use crate::input::{InputError, Source};
pub use crate::model::FileSummary;
use crate::model::{Finding, Severity};
use crate::progress::Progress;
use crate::scoring::{Assessment, Outcome, Verdict, explain, verdict};
use crate::text::nfc;

mod allocator;
mod batches;
mod claims;
mod file;
mod findings_log;
mod merge;
mod ranges;

use batches::*;
use claims::*;
use file::*;
pub use merge::RunFindings;
use merge::*;
use ranges::*;

#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub read: ReadOptions,
    /// Unit code for rosters without a unit column (else the file's stem).
    pub default_unit: Option<String>,
    /// Group for rosters without a group column (`--doi-tuong`).
    pub default_group: Option<String>,
    /// Threads to use: 0 for every core (or `RAYON_NUM_THREADS`), 1 to read everything on
    /// the calling thread. The result is the same whatever the number.
    pub threads: usize,
    pub progress: Progress,
    /// Bytes per range when one large file is read by several threads (0: 8 MiB).
    pub part_bytes: u64,
}

/// Small enough that the threads finish together and that the checksum, taken in file order,
/// keeps up with them; large enough that a range's own costs (opening, a row reader) do not
/// show.
const PART_BYTES: u64 = 8 << 20;

pub use crate::model::summary::non_person_summary;
#[derive(Debug, Default)]
pub struct RunResult {
    pub tallies: UnitTallies,
    pub findings: RunFindings,
    pub files: Vec<FileSummary>,
}

#[derive(thiserror::Error, Debug)]
pub enum RunError {
    #[error(transparent)]
    Input(#[from] InputError),
    /// Shown with its cause (`{:#}`), which names the file.
    #[error("không ghi được danh sách người")]
    Sink(#[from] std::io::Error),
    #[error("không khởi tạo được các luồng xử lý: {0}")]
    Threads(String),
}

/// The threads to read with: `asked` (0: every core), at most the machine's parallelism, with
/// the warning to print when more were asked. More threads than cores only cost memory (each
/// holds a file being read) and, asked by the thousand, can stall the machine.
pub fn threads_for(asked: usize) -> (usize, Option<String>) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if asked > cores {
        let warning = format!("--threads {asked} nhiều hơn số nhân CPU của máy ({cores}); dùng {cores} luồng");
        (cores, Some(warning))
    } else {
        (asked, None)
    }
}

/// Reads every roster of `sources`; `register` is the unit file (`--tep-don-vi`), whose areas
/// apply to the rows that do not say theirs.
pub fn run(
    criteria: &Criteria,
    sources: &[Source],
    options: &RunOptions,
    register: Option<&UnitFile>,
    sink: Option<&mut dyn PersonSink>,
) -> Result<RunResult, RunError> {
    if sources.len() >= MAX_FILES {
        return Err(
            InputError::file(&"", format!("quá nhiều tệp trong một lần chạy (tối đa {})", MAX_FILES - 1)).into()
        );
    }
    allocator::for_sources(sources);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads_for(options.threads).0)
        .build()
        .map_err(|e| RunError::Threads(e.to_string()))?;
    let vocab = person::roster_vocabulary_for(criteria, options.default_group.is_some());
    let areas = &DisadvantagedUnits::of(register);
    let threaded = pool.current_num_threads() > 1;
    let read_all = |ctx: &Ctx<'_>| -> Result<Merger, RunError> {
        pool.install(|| {
            let files: Vec<Result<Vec<Vec<FileRun>>, RunError>> =
                (0..sources.len()).into_par_iter().map(|i| read_file_in_parts(ctx, i)).collect();
            let mut parts = Vec::new();
            for tables in files {
                parts.extend(tables?.into_iter().flatten());
            }
            let mut merger = Merger::new();
            merger.add_listed(parts);
            allocator::give_back_freed_memory();
            Ok(merger)
        })
    };
    let merger = match sink {
        Some(sink) => {
            // Per-person outputs are written as rows are read, each with its final result: a
            // first reading settles the ids whose copies disagree (not possible from stdin,
            // which is read once: there the copy read first is the one written as counted).
            let quiet = RunOptions { progress: Progress::hidden(), ..options.clone() };
            let first = Ctx { criteria, vocab: &vocab, sources, options: &quiet, areas, threaded, resolution: None };
            let resolution = if sources.iter().all(|s| s.path().is_some()) {
                read_all(&first)?.finish().1
            } else {
                Resolution::new()
            };
            let ctx = Ctx { criteria, vocab: &vocab, sources, options, areas, threaded, resolution: Some(&resolution) };
            let mut merger = Merger::new();
            for index in 0..sources.len() {
                for job in open_jobs(&ctx, index)? {
                    let table = read_job(&ctx, job, Some((&merger.seen, &merger.names)), Some(&mut *sink))?;
                    merger.add_table(table);
                }
                ctx.options.progress.file_done();
            }
            merger
        }
        None => read_all(&Ctx { criteria, vocab: &vocab, sources, options, areas, threaded, resolution: None })?,
    };
    options.progress.finish();
    let (result, _) = merger.finish();
    if !sources.is_empty() && result.files.iter().all(|f| f.bo_qua.is_some()) {
        let reasons: Vec<String> = result
            .files
            .iter()
            .map(|f| match &f.trang_tinh {
                Some(sheet) => format!("{}, trang \"{sheet}\": {}", f.tep, f.bo_qua.as_deref().unwrap_or("")),
                None => format!("{}: {}", f.tep, f.bo_qua.as_deref().unwrap_or("")),
            })
            .collect();
        let error = match &result.files[..] {
            [one] => {
                InputError::file(&one.tep, one.bo_qua.clone().unwrap_or_default()).in_sheet(one.trang_tinh.as_deref())
            }
            _ => InputError::file(&"không có danh sách người nào để chấm", reasons.join("; ")),
        };
        return Err(error.into());
    }
    Ok(result)
}

/// The units the register puts in a disadvantaged area: their people's rows that do not say
/// otherwise use the lower threshold.
#[derive(Debug, Default)]
struct DisadvantagedUnits(HashSet<String>);

impl DisadvantagedUnits {
    fn of(register: Option<&UnitFile>) -> DisadvantagedUnits {
        let units = register.map(|r| &r.units).into_iter().flatten();
        DisadvantagedUnits(units.filter(|(_, u)| u.disadvantaged == Some(true)).map(|(c, _)| c.clone()).collect())
    }

    fn contains(&self, unit: &str) -> bool {
        !self.0.is_empty() && self.0.contains(unit)
    }
}

struct Ctx<'a> {
    criteria: &'a Criteria,
    vocab: &'a Vocabulary,
    sources: &'a [Source],
    options: &'a RunOptions,
    areas: &'a DisadvantagedUnits,
    threaded: bool,
    /// Ids whose copies disagree, settled by a first reading (per-person outputs only).
    resolution: Option<&'a Resolution>,
}
