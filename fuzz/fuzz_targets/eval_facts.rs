//! `cargo fuzz run eval_facts` (nightly): [`policy_fuzz::eval_facts`] under libFuzzer.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| policy_fuzz::eval_facts(data));
