//! `cargo fuzz run check_tokens` (nightly): [`policy_fuzz::check_tokens`] under libFuzzer.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| policy_fuzz::check_tokens(data));
