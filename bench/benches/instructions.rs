//! A driver for instruction counts, which do not depend on the machine's
//! load as times do: the same work as the decide and batch benchmarks, in
//! one function each that callgrind collects alone.
//!
//! ```sh
//! cd bench && cargo bench --bench instructions --no-run
//! bin=$(ls -t target/release/deps/instructions-* | grep -v '\.d$' | head -n 1)
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*instructions*measured*' \
//!   --callgrind-out-file=decide.out "$bin" decide
//! callgrind_annotate decide.out | head
//! ```
//!
//! Divide the total by the count the driver prints: `decide` is one
//! refunds decision into a reused `Decision` (the worked pro-rata case,
//! 20,000 times); `one-off` the same through `Prepared::decide`; `mixed`
//! 1,000 generated cases (seed 11, 10% rejected) twenty times over; `batch`
//! 20,000 generated cases (seed 7) from JSON line to JSON line, as
//! `policy eval --cases` writes them. Run without an argument (as `cargo
//! bench` does), it only says how to use it.

mod common;

use std::hint::black_box;

use common::{Policy, REFUNDS_CASE};
use policy::batch::LineWriter;
use policy::eval::{Decision, Prepared};
use policy::program::Value;

const ROUNDS: usize = 20_000;

fn main() {
    let what = std::env::args().nth(1).unwrap_or_default();
    let prepared = common::program("refunds");
    let count = match what.as_str() {
        "decide" => measured_decide(&prepared, &read(&prepared, REFUNDS_CASE)),
        "one-off" => measured_one_off(&prepared, &read(&prepared, REFUNDS_CASE)),
        "mixed" => {
            let cases = common::cases(Policy::Refunds, 1_000, 11, 0.1);
            let facts: Vec<Vec<Value>> = cases.iter().map(|c| read(&prepared, c)).collect();
            measured_mixed(&prepared, &facts)
        }
        "batch" => {
            let cases = common::cases(Policy::Refunds, ROUNDS, 7, 0.1);
            measured_batch(&prepared, &cases)
        }
        _ => {
            eprintln!("instructions: run under callgrind with decide, one-off, mixed or batch (see its source)");
            return;
        }
    };
    println!("{what}: {count} decisions");
}

fn read(prepared: &Prepared, case: &str) -> Vec<Value> {
    prepared.read(case).expect("generated facts are readable")
}

#[inline(never)]
fn measured_decide(prepared: &Prepared, facts: &[Value]) -> usize {
    let mut worker = prepared.worker();
    let mut decision = Decision::default();
    for _ in 0..ROUNDS {
        let _ = black_box(worker.decide_into(black_box(facts), &mut decision));
    }
    ROUNDS
}

#[inline(never)]
fn measured_one_off(prepared: &Prepared, facts: &[Value]) -> usize {
    for _ in 0..ROUNDS {
        let _ = black_box(prepared.decide(black_box(facts)));
    }
    ROUNDS
}

#[inline(never)]
fn measured_mixed(prepared: &Prepared, cases: &[Vec<Value>]) -> usize {
    let mut worker = prepared.worker();
    let mut decision = Decision::default();
    for _ in 0..20 {
        for facts in cases {
            let _ = black_box(worker.decide_into(black_box(facts), &mut decision));
        }
    }
    20 * cases.len()
}

#[inline(never)]
fn measured_batch(prepared: &Prepared, lines: &[String]) -> usize {
    let mut writer = LineWriter::new(prepared);
    let mut out = String::with_capacity(1 << 16);
    for (n, line) in lines.iter().enumerate() {
        writer.write(&mut out, Ok(line), || format!("line {}", n + 1));
        out.push('\n');
        if out.len() > 60_000 {
            black_box(&out);
            out.clear();
        }
    }
    black_box(&out);
    lines.len()
}
