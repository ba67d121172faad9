//! The integration tests: one binary, one module per area. Each test writes small files in a
//! temporary folder, runs the real `hoctap` binary and reads its output back as CSV or JSON.

mod assess;
mod book;
mod criteria;
mod encodings;
mod folders;
mod fuzz_cases;
mod hostile;
mod inspect;
mod output_targets;
mod outputs;
mod panics;
mod privacy;
mod properties;
mod reports;
mod reproducible;
mod safe_outputs;
mod scale;
mod spreadsheets;
mod support;
