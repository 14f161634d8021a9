//! `cargo fuzz run eval_end_to_end` (nightly): [`policy_fuzz::eval_end_to_end`] under libFuzzer.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| policy_fuzz::eval_end_to_end(data));
