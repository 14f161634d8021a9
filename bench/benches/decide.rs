//! One decision: refunds.policy and privacy.policy from already-read facts
//! and from JSON text to JSON text, against a hand-written Rust function of
//! the same refunds reading and the same reading in Rego under regorus (its
//! interpreter and its bytecode VM). Before anything is timed, every engine
//! must give policy's decision on a sample of generated cases.
//!
//! `cargo bench --bench decide`; the ratios are printed at the end.

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::{handwritten, Policy, Rego, PRIVACY_CASE, REFUNDS_CASE};
use criterion::{Criterion, Throughput};
use policy::batch::LineWriter;
use policy::eval::{Decision, Prepared};

/// Cases checked against every engine before timing.
const VERIFY_CASES: usize = 3_000;
/// Cases in the mixed-case benchmarks.
const MIXED_CASES: usize = 1_000;

/// Modest samples: the machine has two cores shared with other builds.
fn configure() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args()
}

fn json_to_json(prepared: &Prepared, line: &str) -> String {
    let facts = prepared.read(line).expect("readable facts");
    let decision = prepared.decide(&facts).expect("a decision");
    policy::render::json::decision(prepared.program(), &decision, None).to_string()
}

fn refunds(c: &mut Criterion) {
    let program = common::program("refunds");
    let mut rego = Rego::new();

    let sample = common::cases(Policy::Refunds, VERIFY_CASES, 11, 0.1);
    let seen = common::verify_refunds(&program, &mut rego, &sample);
    common::verify_refunds(&program, &mut rego, &[REFUNDS_CASE.to_string()]);
    eprintln!(
        "verified: policy, the hand-written function, regorus (interpreter) and regorus (RVM) \
         agree on {VERIFY_CASES} generated refunds cases and the worked case; by outcome: {seen:?}"
    );

    let facts = program.read(REFUNDS_CASE).expect("readable facts");
    let typed = common::typed_facts(program.program(), &facts);
    let input = regorus::Value::from_json_str(REFUNDS_CASE).expect("JSON");

    let mut g = c.benchmark_group("refunds/read facts");
    g.bench_function("policy decide", |b| {
        b.iter(|| program.decide(black_box(&facts)))
    });
    let mut decider = program.worker();
    g.bench_function("policy Worker", |b| {
        b.iter(|| decider.decide(black_box(&facts)))
    });
    let mut decision = Decision::default();
    g.bench_function("policy Worker, reused decision", |b| {
        b.iter(|| decider.decide_into(black_box(&facts), &mut decision))
    });
    g.bench_function("hand-written", |b| {
        b.iter(|| handwritten::decide(black_box(&typed)))
    });
    g.bench_function("regorus RVM", |b| {
        b.iter(|| rego.compiled(black_box(&input)))
    });
    g.bench_function("regorus interpreter", |b| {
        b.iter(|| rego.interpreted(black_box(&input)))
    });
    g.finish();

    let mut g = c.benchmark_group("refunds/json to json");
    g.bench_function("policy", |b| {
        b.iter(|| json_to_json(&program, black_box(REFUNDS_CASE)))
    });
    // What `eval --cases` does for each line.
    let mut writer = LineWriter::new(&program);
    let mut line = String::with_capacity(512);
    g.bench_function("policy, batch path", |b| {
        b.iter(|| {
            line.clear();
            writer.write(&mut line, Ok(black_box(REFUNDS_CASE)), String::new);
            line.len()
        })
    });
    g.bench_function("regorus RVM", |b| {
        b.iter(|| {
            let input = regorus::Value::from_json_str(black_box(REFUNDS_CASE)).expect("JSON");
            rego.compiled(&input).to_json_str().expect("JSON")
        })
    });
    g.finish();

    // The same comparison over a thousand different generated cases, so no
    // engine is flattered by one lucky path.
    let mixed = common::cases(Policy::Refunds, MIXED_CASES, 5, 0.1);
    let mixed_facts: Vec<_> = mixed
        .iter()
        .map(|l| program.read(l).expect("readable facts"))
        .collect();
    let mixed_typed: Vec<_> = mixed_facts
        .iter()
        .map(|f| common::typed_facts(program.program(), f))
        .collect();
    let mixed_input: Vec<_> = mixed
        .iter()
        .map(|l| regorus::Value::from_json_str(l).expect("JSON"))
        .collect();
    let mut g = c.benchmark_group("refunds/1000 mixed cases");
    g.throughput(Throughput::Elements(MIXED_CASES as u64));
    g.bench_function("policy Worker, reused decision", |b| {
        b.iter(|| {
            for f in &mixed_facts {
                let _ = black_box(decider.decide_into(black_box(f), &mut decision));
            }
        })
    });
    g.bench_function("hand-written", |b| {
        b.iter(|| {
            for f in &mixed_typed {
                let _ = black_box(handwritten::decide(black_box(f)));
            }
        })
    });
    g.bench_function("regorus RVM", |b| {
        b.iter(|| {
            for i in &mixed_input {
                black_box(rego.compiled(black_box(i)));
            }
        })
    });
    g.finish();

    ratios(&program, &facts, &typed, &input, &mut rego);
}

/// The peer ratio, measured in this run: the engines in turn, round after
/// round, and the median of each; a drift in machine speed then hits all.
fn ratios(
    program: &Prepared,
    facts: &[policy::program::Value],
    typed: &handwritten::Facts,
    input: &regorus::Value,
    rego: &mut Rego,
) {
    const ROUNDS: usize = 15;
    let mut times: [Vec<f64>; 6] = Default::default();
    let mut decider = program.worker();
    let mut decision = Decision::default();
    for _ in 0..ROUNDS {
        times[0].push(
            common::median_per_call(1, 20_000, || {
                black_box(program.decide(black_box(facts)).is_ok());
            })
            .as_nanos() as f64,
        );
        times[1].push(
            common::median_per_call(1, 20_000, || {
                black_box(decider.decide(black_box(facts)).is_ok());
            })
            .as_nanos() as f64,
        );
        times[5].push(
            common::median_per_call(1, 20_000, || {
                black_box(decider.decide_into(black_box(facts), &mut decision).is_ok());
            })
            .as_nanos() as f64,
        );
        times[2].push(
            common::median_per_call(1, 100_000, || {
                black_box(handwritten::decide(black_box(typed)).is_ok());
            })
            .as_nanos() as f64,
        );
        times[3].push(
            common::median_per_call(1, 200, || {
                black_box(rego.compiled(black_box(input)));
            })
            .as_nanos() as f64,
        );
        times[4].push(
            common::median_per_call(1, 50, || {
                black_box(rego.interpreted(black_box(input)));
            })
            .as_nanos() as f64,
        );
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let [decide_ns, decider_ns, hand_ns, rvm_ns, interp_ns, into_ns] =
        times.map(|mut v| median(&mut v));
    eprintln!();
    eprintln!(
        "== refunds, one decision from read facts: medians of {ROUNDS} interleaved rounds =="
    );
    eprintln!("  policy decide          {decide_ns:>10.0} ns");
    eprintln!("  policy Worker          {decider_ns:>10.0} ns");
    eprintln!("  policy decide_into     {into_ns:>10.0} ns   (reused decision: the batch path)");
    eprintln!("  hand-written Rust      {hand_ns:>10.0} ns");
    eprintln!("  regorus RVM            {rvm_ns:>10.0} ns");
    eprintln!("  regorus interpreter    {interp_ns:>10.0} ns");
    eprintln!(
        "  ratio regorus RVM / policy decide         = {:.1}x   (target >= 50x)",
        rvm_ns / decide_ns
    );
    eprintln!(
        "  ratio regorus RVM / policy Worker         = {:.1}x",
        rvm_ns / decider_ns
    );
    eprintln!(
        "  ratio regorus RVM / policy decide_into    = {:.1}x   (target >= 50x)",
        rvm_ns / into_ns
    );
    eprintln!(
        "  ratio policy decide_into / hand-written   = {:.1}x   (target <= about 4x)",
        into_ns / hand_ns
    );
    eprintln!(
        "  ratio regorus interpreter / policy decide = {:.1}x",
        interp_ns / decide_ns
    );
    eprintln!(
        "  ratio policy decide / hand-written        = {:.1}x   (target <= about 4x)",
        decide_ns / hand_ns
    );
    eprintln!();
}

fn privacy(c: &mut Criterion) {
    let program = common::program("privacy");
    let facts = program.read(PRIVACY_CASE).expect("readable facts");
    let mut g = c.benchmark_group("privacy");
    g.bench_function("policy decide (read facts)", |b| {
        b.iter(|| program.decide(black_box(&facts)))
    });
    let mut decider = program.worker();
    g.bench_function("policy Worker (read facts)", |b| {
        b.iter(|| decider.decide(black_box(&facts)))
    });
    g.bench_function("policy json to json", |b| {
        b.iter(|| json_to_json(&program, black_box(PRIVACY_CASE)))
    });
    g.finish();
}

fn main() {
    let mut c = configure();
    privacy(&mut c);
    refunds(&mut c);
    c.final_summary();
}
