//! The integration tests: one binary, one module per area. Each test writes small files in a
//! temporary folder, runs the real `hoctap` binary and reads its output back as CSV or JSON.

mod assess;
mod book;
mod criteria;
mod encodings;
mod folders;
mod inspect;
mod outputs;
mod reports;
mod spreadsheets;
mod support;
