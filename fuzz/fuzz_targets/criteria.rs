//! A criteria TOML file through the loader; a set that loads is printed and scores a roster written for it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = hoctap::harness::criteria(data);
});
