//! A workbook through the ZIP-bomb check and calamine. Point it at the project's spreadsheet reader once that exists.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = hoctap::harness::spreadsheet(data);
});
