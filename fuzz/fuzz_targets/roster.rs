//! A roster through the whole input layer (decoding, delimiter sniffing, header mapping, row typing), scoring, tallies and every report format; the first byte picks forced reading options.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = hoctap::harness::roster(data);
});
