//! `policy diff OLD NEW --prove`: the regions an edit changes, each with a
//! witness `eval` confirms, complete over a corpus; equivalence where only
//! the layout and names changed.

// Tests assert by panicking: the library's lints against it do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use policy_gen as gen_cases;

use std::collections::BTreeSet;

use common::{json, policy};
use policy::analysis::diff::prove;
use policy::eval::{Failure, Prepared};
use policy::program::Program;

const REFUNDS: &str = "policies/webpro/refunds.policy";
const THIRTY: &str = "tests/fixtures/refunds-30-days.policy";
const REORDERED: &str = "tests/fixtures/refunds-reordered.policy";

fn compiled(path: &str) -> Program {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&full).expect("the policy reads");
    policy::compile::compile(path, &text).unwrap_or_else(|p| panic!("{path}: {:?}", p.reports()))
}

#[test]
fn the_guarantee_edit_lists_regions_whose_witnesses_eval_confirms() {
    let out = policy(
        &["diff", REFUNDS, THIRTY, "--prove", "--format", "json"],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "changes: exit 1");
    let report = json(&out);
    assert_eq!(report["equivalent"], false);
    let regions = report["regions"].as_array().expect("regions");
    assert!(!regions.is_empty());
    let (old, new) = (compiled(REFUNDS), compiled(THIRTY));
    for region in regions {
        let witness = region["witness"].to_string();
        let facts_old = policy::facts::read(&old, &witness).expect("old reads the witness");
        let facts_new = policy::facts::read(&new, &witness).expect("new reads the witness");
        let (a, b) = (
            Prepared::new(old.clone()).decide(&facts_old),
            Prepared::new(new.clone()).decide(&facts_new),
        );
        let output = region["output"].as_str().expect("an output region");
        let (Ok(a), Ok(b)) = (a, b) else {
            panic!("both decide {witness}")
        };
        let o = old.output_named(output).expect("old output");
        let n = new.output_named(output).expect("new output");
        let id = |p: &Program, c: Option<usize>| c.map(|c| p.clauses[c].id.clone());
        assert_eq!(
            serde_json::json!(id(&old, a.decided_by[o])),
            region["old_clause"],
            "{region}"
        );
        assert_eq!(
            serde_json::json!(id(&new, b.decided_by[n])),
            region["new_clause"],
            "{region}"
        );
        assert!(
            a.outputs[o] != b.outputs[n]
                || a.decided_by[o].map(|c| &old.clauses[c].id)
                    != b.decided_by[n].map(|c| &new.clauses[c].id),
            "the witness changes {output}: {region}"
        );
        assert!(
            !region["conditions"]
                .as_array()
                .expect("conditions")
                .is_empty(),
            "{region}"
        );
    }
}

/// Every case a corpus diff finds changed falls in a proved region.
#[test]
fn every_case_the_corpus_diff_changes_falls_in_a_region() {
    let (old, new) = (compiled(REFUNDS), compiled(THIRTY));
    let proof = prove(&old, &new).expect("proves");
    let prepared = (Prepared::new(old.clone()), Prepared::new(new.clone()));
    let regions: BTreeSet<(Option<String>, Option<String>, Option<String>)> = proof
        .regions
        .iter()
        .map(|r| (r.output.clone(), r.old_clause.clone(), r.new_clause.clone()))
        .collect();
    let mut generator = gen_cases::Generator::new(gen_cases::Options {
        seed: 11,
        ..gen_cases::Options::default()
    });
    let mut changed = 0;
    for _ in 0..20_000 {
        let mut line = String::new();
        generator.line(&mut line);
        let (Ok(fo), Ok(fnew)) = (
            policy::facts::read(&old, &line),
            policy::facts::read(&new, &line),
        ) else {
            continue;
        };
        let (a, b) = (prepared.0.decide(&fo), prepared.1.decide(&fnew));
        match (&a, &b) {
            (Ok(a), Ok(b)) => {
                for (o, output) in old.outputs.iter().enumerate() {
                    let n = new.output_named(&output.name).expect("same outputs");
                    let (ca, cb) = (
                        a.decided_by[o].map(|c| old.clauses[c].id.clone()),
                        b.decided_by[n].map(|c| new.clauses[c].id.clone()),
                    );
                    if a.outputs[o] != b.outputs[n] || ca != cb {
                        changed += 1;
                        assert!(
                            regions.contains(&(Some(output.name.clone()), ca.clone(), cb.clone())),
                            "{line}: {} {ca:?} -> {cb:?} is in no region of {regions:?}",
                            output.name
                        );
                    }
                }
            }
            (Err(Failure::Rejected(_)), Err(Failure::Rejected(_))) => {}
            _ => assert!(
                regions.iter().any(|(o, _, _)| o.is_none()),
                "{line}: the outcome changes, and no region says so"
            ),
        }
    }
    assert!(
        changed > 100,
        "the corpus exercises the edit ({changed} changes)"
    );
}

#[test]
fn reordered_facts_and_a_renamed_definition_are_equivalent() {
    for (a, b) in [
        (REFUNDS, REORDERED),
        (REORDERED, REFUNDS),
        (REFUNDS, REFUNDS),
    ] {
        let out = policy(&["diff", a, b, "--prove", "--format", "json"], None);
        assert_eq!(out.status.code(), Some(0), "{a} -> {b}");
        let report = json(&out);
        assert_eq!(report["equivalent"], true, "{report}");
        assert_eq!(report["regions"], serde_json::json!([]));
    }
}

#[test]
fn every_shipped_policy_is_equivalent_to_itself() {
    for name in ["refunds", "privacy", "communications"] {
        let path = format!("policies/webpro/{name}.policy");
        let out = policy(&["diff", &path, &path, "--prove"], None);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            common::stdout(&out)
        );
        assert!(common::stdout(&out).contains("equivalent"));
    }
}
