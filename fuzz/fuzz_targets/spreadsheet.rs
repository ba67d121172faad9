//! A workbook through the ZIP-bomb check and the project's .xlsx reader (calamine for .xls and
//! .ods): a panic of the .xlsx reader, caught on its thread, fails the harness.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    // hoctap's own hook: silent for panics contained inside calamine (reported as a broken
    // workbook), loud for any other; libfuzzer-sys still aborts on a panic that escapes.
    init: hoctap::crash::install_hook(),
    |data: &[u8]| {
        let _ = hoctap::harness::spreadsheet(data);
    }
);
