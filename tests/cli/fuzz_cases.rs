//! The fuzz corpus and every crash the fuzzers found, replayed in `cargo test` through the very
//! functions the fuzz targets call (`hoctap::harness`), which check the run's invariants. Each
//! case must end in a result or in a refusal that names the file; a panic fails the test with
//! the case's name.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

fn cases(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty(), "no cases in {}", dir.display());
    files
}

/// Runs `check` on every case; collects the names of those that panic.
fn replay(target: &str, check: impl Fn(&[u8]) -> Result<(), String>) -> (usize, usize) {
    let mut failures = Vec::new();
    let (mut accepted, mut refused) = (0, 0);
    for case in cases(target) {
        let bytes = std::fs::read(&case).unwrap();
        match catch_unwind(AssertUnwindSafe(|| check(&bytes))) {
            Ok(Ok(())) => accepted += 1,
            Ok(Err(message)) => {
                assert!(!message.trim().is_empty(), "{}: a refusal says why", case.display());
                refused += 1;
            }
            Err(_) => failures.push(case.display().to_string()),
        }
    }
    assert!(failures.is_empty(), "{target}: panicked on {failures:#?}");
    (accepted, refused)
}

#[test]
fn roster_cases() {
    let (accepted, _) = replay("roster", |b| {
        hoctap::harness::roster(b).map(|_| ()).map_err(|e| {
            let text = e.to_string();
            assert!(text.contains(".csv"), "the refusal names the file: {text}");
            text
        })
    });
    assert!(accepted > 0, "the seeds at least are read");
}

#[test]
fn unit_file_cases() {
    let (accepted, _) = replay("units", |b| hoctap::harness::units(b).map(|_| ()).map_err(|e| e.to_string()));
    assert!(accepted > 0);
}

#[test]
fn criteria_cases() {
    let (accepted, _) = replay("criteria", |b| {
        hoctap::harness::criteria(b).map_err(|e| {
            let text = e.to_string();
            assert!(text.contains("tệp tiêu chí fuzz.toml"), "{text}");
            text
        })
    });
    assert!(accepted > 0);
}

#[test]
fn spreadsheet_cases() {
    let (accepted, _) = replay("spreadsheet", |b| hoctap::harness::spreadsheet(b).map(|_| ()));
    assert!(accepted > 0);
}

/// Found by the spreadsheet fuzzer in its first seconds: a cell reference with a long run of
/// column letters ("ationships…") overflowed calamine's column arithmetic (a panic with
/// overflow checks). The project's .xlsx reader checks its arithmetic: the cell is named as
/// unreadable, no panic.
#[test]
fn spreadsheet_crash_calamine_column_overflow() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz/spreadsheet/crash-calamine-column-overflow.xlsx");
    let err = hoctap::harness::spreadsheet(&std::fs::read(case).unwrap()).unwrap_err();
    assert!(err.contains("địa chỉ ô \"ationships/sharedStrings\" không đọc được"), "{err}");
}
