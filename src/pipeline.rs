//! The run: every roster is read row by row, each row is scored as it is read and added to
//! its unit's tally. Only the tallies, the ids seen (compactly, see [`crate::aggregate::ids`])
//! and the findings stay in memory, never the roster.
//!
//! Files are read in parallel (rayon). A large UTF-8 file is read as byte ranges on several
//! threads (`ranges`); any other file has a reader thread splitting its records (`batches`)
//! while its own thread types and scores them (`file`). The order in which files and ranges
//! finish never shows: each keeps the ids it claimed (`claims`), and a merge in the order they
//! were given (`merge`) turns a claim an earlier one had already made into a duplicate,
//! exactly as reading them one after another would. With a per-person output the files are
//! read one after another instead, so that people are written in input order with their
//! final result.

use std::collections::{HashMap, HashSet};
use std::sync::mpsc;

use csv::{ByteRecord, StringRecord};
use foldhash::fast::FixedState;
use rayon::prelude::*;

use crate::aggregate::UnitTallies;
use crate::aggregate::ids::{IdKey, IdMap};
pub use crate::aggregate::sink::{FileContext, PersonSink};
use crate::aggregate::tally::Tally;
use crate::criteria::{Criteria, Role};
use crate::input::csv_source::{RecordSource, not_utf8};
use crate::input::header::{HeaderMap, Vocabulary};
use crate::input::open::{ReadOptions, open_table_for};
use crate::input::parts;
use crate::input::person::{
    self, Cells, HeldRows, PersonRow, RosterReader, RowTyper, Status, TypedRow, Utf8Record, is_blank, roster_vocabulary,
};
use crate::input::{InputError, Source};
pub use crate::model::FileSummary;
use crate::model::{Finding, Severity};
use crate::progress::Progress;
use crate::scoring::{Assessment, Outcome, Verdict, explain, verdict};
use crate::text::nfc;

mod batches;
mod claims;
mod file;
mod merge;
mod ranges;

use batches::*;
use claims::*;
use file::*;
use merge::*;
use ranges::*;

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
    /// Units the register puts in a disadvantaged area: their people's rows that do not say
    /// otherwise use the lower threshold.
    pub disadvantaged_units: HashSet<String>,
}

const PART_BYTES: u64 = 32 << 20;

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

struct Ctx<'a> {
    criteria: &'a Criteria,
    vocab: &'a Vocabulary,
    sources: &'a [Source],
    options: &'a RunOptions,
    threaded: bool,
}
