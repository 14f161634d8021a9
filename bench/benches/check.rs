//! `policy check` of a generated 1,000-clause policy: compiling it (parse,
//! lower, check: `policy::compile::compile`) and, separately, the analysis
//! (`policy::analysis::analyse`: conflicts, gaps, dead and shadowed clauses).
//!
//! The policy: 20 (tier, region) pairs times 50 thresholds on a count, each
//! clause `refund P% of amount if tier is T and region is R and items >= K`,
//! with a precedence per pair (higher threshold first). Every overlap is
//! settled, every clause decides some case (`items = K`), no case falls
//! through: it checks cleanly.
//!
//! `cargo bench --bench check`

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::Criterion;

const TIERS: [&str; 4] = ["bronze", "silver", "gold", "platinum"];
const REGIONS: [&str; 5] = ["north", "south", "east", "west", "centre"];
const THRESHOLDS: usize = 50;

fn clause_id(t: usize, r: usize, k: usize) -> String {
    format!("{}.{}.k{k}", TIERS[t], REGIONS[r])
}

/// A policy of `TIERS x REGIONS x THRESHOLDS` = 1,000 clauses.
fn generated_policy() -> String {
    let mut text = String::new();
    text.push_str("policy generated \"1,000 clauses for the check benchmark\"\n");
    text.push_str("  currency USD\n  rounding half away from zero to cents\n\n");
    let _ = writeln!(text, "fact tier: one of {}", TIERS.join(", "));
    let _ = writeln!(text, "fact region: one of {}", REGIONS.join(", "));
    text.push_str("fact items: count\nfact amount: money\n\n");
    text.push_str("assume items >= 0\nassume amount >= $0\n\n");
    text.push_str("output refund: money\n\n");
    for (t, tier) in TIERS.iter().enumerate() {
        for (r, region) in REGIONS.iter().enumerate() {
            for k in 0..THRESHOLDS {
                let percent = (t * 7 + r * 3 + k) % 100;
                let _ = writeln!(
                    text,
                    "clause {} \"tier {tier}, region {region}, at least {k} items\"\n  \
                     refund {percent}% of amount if tier is {tier} and region is {region} and items >= {k}\n",
                    clause_id(t, r, k),
                );
            }
        }
    }
    for t in 0..TIERS.len() {
        for r in 0..REGIONS.len() {
            let chain: Vec<String> = (0..THRESHOLDS).rev().map(|k| clause_id(t, r, k)).collect();
            let _ = writeln!(text, "precedence {}", chain.join(" > "));
        }
    }
    text
}

fn main() {
    let text = generated_policy();
    let program = match policy::compile::compile("generated.policy", &text) {
        Ok(p) => p,
        Err(problems) => panic!(
            "the generated policy does not compile: {:?}",
            problems.reports()
        ),
    };
    assert_eq!(program.clauses.len(), 1_000);
    let findings = policy::analysis::analyse(&program);
    assert!(
        findings.iter().all(|f| !f.is_error()),
        "the generated policy does not check cleanly: {findings:?}"
    );
    eprintln!(
        "check: generated policy of {} clauses, {} lines, {} KB; the analysis finds {} warnings",
        program.clauses.len(),
        text.lines().count(),
        text.len() / 1024,
        findings.len()
    );

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    let mut g = c.benchmark_group("check 1000 clauses");
    g.bench_function("compile (parse + check)", |b| {
        b.iter(|| policy::compile::compile("generated.policy", black_box(&text)))
    });
    g.bench_function("analyse", |b| {
        b.iter(|| policy::analysis::analyse(black_box(&program)))
    });
    g.finish();
    c.final_summary();
}
