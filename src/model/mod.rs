//! The shared types every layer speaks: a typed row, its outcome, a finding, a file read, the
//! mark of an output. Data only: this module imports nothing of the crate but `number`.

pub mod findings;
pub mod mark;
pub mod row;
pub mod summary;
pub mod verdict;

pub use findings::{Finding, FindingCounts, FindingKeeper, FindingSink, Severity};
pub use row::{PersonRow, Problem, Role, Status};
pub use summary::FileSummary;
pub use verdict::{Assessment, Outcome, TargetVerdict, Verdict};
