//! End to end: the built `policy` binary, as a user or CI runs it.

// Tests assert by panicking: the library's lints against it do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{json, policy, stderr, stdout};

const REFUNDS: &str = "policies/webpro/refunds.policy";

fn case_facts(name: &str) -> serde_json::Value {
    let path = format!(
        "{}/policies/webpro/cases/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let case: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("case exists"))
            .expect("case is JSON");
    case["facts"].clone()
}

/// The facts of a shipped case with some changed.
fn facts_with(name: &str, changes: serde_json::Value) -> String {
    let mut facts = case_facts(name);
    for (k, v) in changes.as_object().expect("changes are an object") {
        facts[k] = v.clone();
    }
    facts.to_string()
}

#[test]
fn eval_explains_the_decision_for_people() {
    let out = policy(
        &[
            "eval",
            REFUNDS,
            "--facts",
            "policies/webpro/cases/guarantee-missing-customer-id-by-phone.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn eval_json_reads_a_worked_case_or_bare_facts_from_stdin() {
    let bare = case_facts("dissatisfied-after-resolution-pro-rata").to_string();
    let out = policy(
        &["eval", REFUNDS, "--facts", "-", "--format", "json"],
        Some(&bare),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got = json(&out);
    assert_eq!(got["policy"], "refunds");
    assert_eq!(got["outputs"]["refund"], "159.45");
    assert_eq!(got["outputs"]["retained"], "80.55");
    assert_eq!(got["outputs"]["discretionary_max"], serde_json::Value::Null);
    assert_eq!(got["decided_by"]["refund"], "cancellation.3");
    assert_eq!(got["overridden"]["refund"], serde_json::json!(["refund.1"]));
    assert!(got["trace"].as_array().is_some_and(|t| t.len() == 5));

    let file = policy(
        &[
            "eval",
            REFUNDS,
            "--facts",
            "policies/webpro/cases/dissatisfied-after-resolution-pro-rata.json",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(
        json(&file),
        got,
        "a worked case file and its bare facts decide alike"
    );
}

#[test]
fn a_rejected_case_names_its_facts_and_exits_1() {
    let out = policy(
        &[
            "eval",
            REFUNDS,
            "--facts",
            "policies/webpro/cases/invalid-request-before-commencement.json",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let got = json(&out);
    assert_eq!(got["error"]["kind"], "assumption");
    assert_eq!(
        got["error"]["facts"],
        serde_json::json!(["commenced", "requested"])
    );
    assert!(
        got.get("outputs").is_none(),
        "no decision for a rejected case"
    );

    let human = policy(
        &[
            "eval",
            REFUNDS,
            "--facts",
            "policies/webpro/cases/invalid-request-before-commencement.json",
        ],
        None,
    );
    assert_eq!(human.status.code(), Some(1));
    assert!(
        stderr(&human).contains("case rejected"),
        "{}",
        stderr(&human)
    );
    assert!(
        stderr(&human).contains("commenced <= requested"),
        "{}",
        stderr(&human)
    );
}

/// Facts that cannot be read: exit 2, an error naming the fact.
#[test]
fn unreadable_facts_exit_2_naming_the_fact() {
    let cases: [(&str, String, &str, &[&str]); 8] = [
        ("malformed JSON", "{\"paid\": ".to_string(), "json", &[]),
        (
            "unknown fact",
            facts_with(
                "guarantee-primary-never-resolved",
                serde_json::json!({"payed": "1.00"}),
            ),
            "unknown_fact",
            &["payed"],
        ),
        (
            "wrong type",
            facts_with(
                "guarantee-primary-never-resolved",
                serde_json::json!({"issues_resolved": "two"}),
            ),
            "type",
            &["issues_resolved"],
        ),
        (
            "unknown value",
            facts_with(
                "guarantee-primary-never-resolved",
                serde_json::json!({"reason": "dissatisified"}),
            ),
            "type",
            &["reason"],
        ),
        (
            "null where not optional",
            facts_with(
                "guarantee-primary-never-resolved",
                serde_json::json!({"paid": null}),
            ),
            "type",
            &["paid"],
        ),
        (
            "overflowing amount",
            facts_with(
                "guarantee-primary-never-resolved",
                serde_json::json!({"paid": "1e400"}),
            ),
            "overflow",
            &["paid"],
        ),
        (
            "no such date",
            facts_with(
                "guarantee-primary-never-resolved",
                serde_json::json!({"requested": "2026-02-30"}),
            ),
            "type",
            &["requested"],
        ),
        (
            "missing facts",
            r#"{"paid": "1.00"}"#.to_string(),
            "missing_fact",
            &["commenced", "plan_ends", "requested"],
        ),
    ];
    for (what, facts, kind, named) in cases {
        let out = policy(
            &["eval", REFUNDS, "--facts", "-", "--format", "json"],
            Some(&facts),
        );
        assert_eq!(out.status.code(), Some(2), "{what}: {}", stdout(&out));
        let got = json(&out);
        assert_eq!(got["error"]["kind"], kind, "{what}: {got}");
        for fact in named {
            assert!(
                got["error"]["facts"]
                    .as_array()
                    .is_some_and(|f| f.iter().any(|g| g == fact)),
                "{what}: {got}"
            );
        }
    }
    let unknown = policy(
        &["eval", REFUNDS, "--facts", "-", "--format", "json"],
        Some(&facts_with(
            "guarantee-primary-never-resolved",
            serde_json::json!({"payed": "1.00"}),
        )),
    );
    assert!(json(&unknown)["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("did you mean `paid`?")));
}

#[test]
fn a_broken_policy_exits_2_on_eval_and_1_on_check() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("policy-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let broken = dir.join("broken.policy");
    std::fs::write(
        &broken,
        "policy broken\n  currency USD\nfact paid: money\nfact days_used: days\noutput refund: money\n\
         clause a \"a\"\n  refund paid + days_used if reason is dissatisified\n",
    )
    .expect("write fixture");
    let path = broken.to_str().expect("utf-8 path");

    let eval = policy(&["eval", path, "--facts", "-"], Some("{}"));
    assert_eq!(eval.status.code(), Some(2));

    let check = policy(&["check", path], None);
    assert_eq!(check.status.code(), Some(1));
    let text = stderr(&check);
    assert!(text.contains("cannot add money and days"), "{text}");
    assert!(
        text.contains("unknown name `reason`"),
        "every problem is reported at once: {text}"
    );

    let as_json = policy(&["check", path, "--format", "json"], None);
    assert_eq!(as_json.status.code(), Some(1));
    let problems = &json(&as_json)["files"][0]["problems"];
    assert_eq!(problems.as_array().map(Vec::len), Some(2), "{problems}");
    assert_eq!(problems[0]["severity"], "error");
    assert_eq!(problems[0]["line"], 7);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn check_is_clean_on_the_shipped_policies() {
    let out = policy(&["check", "policies"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("3 file(s) checked: no errors, 0 warning(s)"));
}

#[test]
fn missing_files_are_reported_not_panicked_on() {
    let out = policy(&["eval", "no/such.policy", "--facts", "-"], Some("{}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read no/such.policy"),
        "{}",
        stderr(&out)
    );
    let check = policy(&["check", "no/such.policy"], None);
    assert_eq!(check.status.code(), Some(1));
    let facts = policy(
        &[
            "eval",
            REFUNDS,
            "--facts",
            "no/such.json",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(facts.status.code(), Some(2));
    assert_eq!(json(&facts)["error"]["kind"], "io");
}

#[test]
fn help_describes_the_commands() {
    let out = policy(&["--help"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for command in ["check", "eval"] {
        assert!(text.contains(command), "{text}");
    }
}
