//! Generates case corpora as JSON lines, one bare facts object a line, so
//! anyone can reproduce the batch figures in `docs/performance.md`:
//!
//! ```sh
//! cargo run --release --example gen_cases -- --policy refunds --count 1000000 --seed 7 > cases.jsonl
//! ```
//!
//! The generator itself is the `policy-gen` crate (`gen/src/lib.rs`), which
//! the tests and the benchmarks use too; `--help` lists the options.

fn main() -> std::process::ExitCode {
    policy_gen::run()
}
