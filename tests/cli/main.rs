//! The integration tests: one binary, one module per area. Command-and-expected-output cases are
//! folders under `tests/cases/` (run by `cases.rs`); the modules here hold what needs code: each
//! writes small files in a temporary folder, runs the real `hoctap` binary and reads its output
//! back as CSV or JSON.

mod assess;
mod book;
mod cases;
mod cli_options;
mod criteria;
mod csv_path;
mod desktop;
mod dossier;
mod dvht_rules;
mod encodings;
mod exports;
mod folders;
mod fuzz_cases;
mod hostile;
mod inspect;
mod layers;
mod output_targets;
mod outputs;
mod panics;
mod papers;
mod privacy;
mod properties;
mod reports;
mod reproducible;
mod safe_outputs;
mod scale;
mod spreadsheets;
mod support;
mod trust;
mod workbooks;
mod xlsx_reader;
mod xlsx_scale;
