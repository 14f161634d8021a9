//! `cargo fuzz run parse` (nightly): [`policy_fuzz::parse`] under libFuzzer.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| policy_fuzz::parse(data));
