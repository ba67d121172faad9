//! One module per subcommand: each turns its arguments into settings, runs the library and
//! says how the run ended.

pub mod args;
pub mod assess;
pub mod compare;
pub mod completions;
pub mod convert;
pub mod criteria;
pub mod dvht;
pub mod inspect;
pub mod merge;
pub mod template;

use anyhow::{Context, Result};

use self::args::{CriteriaChoice, ReadArgs};
use crate::criteria::{self as crit, Criteria};
use crate::input::decode::encoding_for_label;
use crate::input::open::ReadOptions;
use crate::input::spreadsheet::SheetChoice;
use crate::pipeline::RunOptions;

/// The criteria chosen on the command line, or the embedded default.
pub fn load_criteria(choice: &CriteriaChoice) -> Result<Criteria> {
    match &choice.criteria {
        // A shipped set by its code, unless a file of that name exists.
        Some(path) => match (!path.exists()).then(|| crit::embedded_named(&path.to_string_lossy())).flatten() {
            Some(shipped) => shipped.context("không dùng được bộ tiêu chí"),
            None => crit::load_file(path).context("không dùng được bộ tiêu chí"),
        },
        None => Ok(crit::embedded()),
    }
}

/// The reading overrides of the command line, checked once.
pub fn read_options(args: &ReadArgs) -> Result<ReadOptions> {
    let encoding =
        match args.encoding.as_deref() {
            Some(label) => Some(encoding_for_label(label).with_context(|| {
                format!("không biết bảng mã \"{label}\"; ví dụ hợp lệ: utf-8, windows-1258, utf-16le")
            })?),
            None => None,
        };
    Ok(ReadOptions { delimiter: args.delimiter, encoding, sheet: args.sheet.as_deref().map(SheetChoice::parse) })
}

/// Reading settings from the command line, validated once.
pub fn run_options(read: &ReadArgs, don_vi: Option<String>) -> Result<RunOptions> {
    Ok(RunOptions { read: read_options(read)?, default_unit: don_vi, ..RunOptions::default() })
}
