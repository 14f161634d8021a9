//! Every shipped policy on every worked case beside it: the decision must
//! match the case's `expect`, and the whole JSON decision (with its trace) is
//! pinned as a snapshot so any change to an outcome or an explanation shows
//! up in review.

// Tests assert by panicking: the library's lints against it do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;

use policy::compile::compile;
use policy::error::{CaseError, ErrorKind};
use policy::eval::{Failure, Prepared};
use policy::render::json;
use serde::Deserialize;
use serde_json::Value as Json;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkedCase {
    policy: String,
    facts: Json,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    outputs: serde_json::Map<String, Json>,
    #[serde(default)]
    decided_by: serde_json::Map<String, Json>,
    error: Option<Vec<String>>,
}

/// The JSON `policy eval --format json` prints for this case.
fn decision_json(policy_path: &Path, facts: &str) -> Json {
    let text = std::fs::read_to_string(policy_path).expect("shipped policy is readable");
    let prepared = Prepared::new(compile("policy", &text).expect("shipped policy checks"));
    let program = prepared.program();
    let facts = prepared
        .read(facts)
        .expect("worked case facts are readable");
    match prepared.decide(&facts) {
        Ok(decision) => {
            // The batch path writes the same text without a JSON tree.
            let mut written = String::new();
            json::write_decision(&mut written, program, &decision);
            assert_eq!(
                written,
                json::decision(program, &decision, None).to_string()
            );
            let trace = prepared.explain(&facts, &decision);
            json::decision(program, &decision, Some(&trace))
        }
        Err(Failure::Rejected(r)) => {
            let a = &program.assumptions[r.assumption];
            let named: Vec<String> = a
                .naming
                .iter()
                .map(|&f| program.facts[f].name.clone())
                .collect();
            let error = CaseError::new(
                ErrorKind::Assumption,
                program.text_of(a.condition.span),
                named,
            );
            json::error(&program.name, &error)
        }
        Err(Failure::Error(e)) => {
            let error = CaseError::new(e.kind(), e.to_string(), vec![]);
            json::error(&program.name, &error)
        }
    }
}

/// Money compares as decimals ("240.0" = "240.00"); everything else exactly.
fn same(want: &Json, got: &Json) -> bool {
    match (want, got) {
        (Json::String(a), Json::String(b)) => match (
            a.parse::<rust_decimal::Decimal>(),
            b.parse::<rust_decimal::Decimal>(),
        ) {
            (Ok(x), Ok(y)) => x == y,
            _ => a == b,
        },
        _ => want == got,
    }
}

fn disagreements(case: &WorkedCase, got: &Json) -> Vec<String> {
    let mut bad = Vec::new();
    if let Some(named) = &case.expect.error {
        let facts = got["error"]["facts"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if got["error"]["kind"] != "assumption" {
            bad.push(format!("expected a rejection, got {got}"));
        }
        for f in named {
            if !facts.iter().any(|g| g == f) {
                bad.push(format!("rejection does not name `{f}`"));
            }
        }
        return bad;
    }
    for (name, want) in &case.expect.outputs {
        let value = &got["outputs"][name];
        if !same(want, value) {
            bad.push(format!("{name}: want {want}, got {value}"));
        }
    }
    for (name, want) in &case.expect.decided_by {
        if &got["decided_by"][name] != want {
            bad.push(format!(
                "decided_by.{name}: want {want}, got {}",
                got["decided_by"][name]
            ));
        }
    }
    bad
}

#[test]
fn every_worked_case_gives_its_pinned_outcome() {
    insta::glob!("../policies/webpro/cases", "*.json", |path| {
        let text = std::fs::read_to_string(path).expect("case is readable");
        let case: WorkedCase = serde_json::from_str(&text).expect("case is a worked case");
        let policy = path
            .parent()
            .and_then(Path::parent)
            .expect("cases sit beside their policies");
        let got = decision_json(
            &policy.join(format!("{}.policy", case.policy)),
            &case.facts.to_string(),
        );
        let bad = disagreements(&case, &got);
        assert!(bad.is_empty(), "{}: {}", path.display(), bad.join("; "));
        insta::assert_json_snapshot!(got);
    });
}

#[test]
fn a_wrong_expectation_is_caught() {
    // The comparison itself must be able to fail.
    let case: WorkedCase = serde_json::from_str(
        r#"{"policy": "refunds", "facts": {}, "expect": {"outputs": {"refund": "1.00"}, "decided_by": {"refund": "refund.3"}}}"#,
    )
    .expect("valid case");
    let got = serde_json::json!({"outputs": {"refund": "240.00"}, "decided_by": {"refund": "cancellation.1"}});
    assert_eq!(disagreements(&case, &got).len(), 2);
    assert!(same(
        &serde_json::json!("240.0"),
        &serde_json::json!("240.00")
    ));
}
