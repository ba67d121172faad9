//! A unit file (--units) through the input layer and the Learning Unit evaluation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = hoctap::harness::units(data);
});
