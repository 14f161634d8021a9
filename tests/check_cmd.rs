//! `policy check`'s analysis, end to end: conflicts, gaps, dead clauses and
//! unused names on deliberately broken policies, and witnesses that really
//! do what they claim.

// Tests assert by panicking: the library's lints against it do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Output;

mod common;

fn policy(args: &[&str]) -> Output {
    common::policy(args, None)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `refunds.policy` without its precedence line, in a temporary folder.
fn refunds_without_precedence() -> std::path::PathBuf {
    let original = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/policies/webpro/refunds.policy"
    ))
    .expect("shipped policy");
    let edited: String = original
        .lines()
        .filter(|l| !l.starts_with("precedence"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(
        original.len(),
        edited.len(),
        "the precedence line was removed"
    );
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("policy-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("refunds.policy");
    std::fs::write(&path, edited).expect("write the edited copy");
    path
}

fn findings(path: &str) -> Vec<serde_json::Value> {
    let out = policy(&["check", path, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("check prints JSON");
    report["files"][0]["problems"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn the_shipped_policies_are_clean() {
    let out = policy(&["check", "policies/webpro"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim(),
        "3 file(s) checked: no errors, 0 warning(s)"
    );
}

#[test]
fn without_precedence_every_overlapping_pair_is_reported_with_a_witness_that_applies() {
    let path = refunds_without_precedence();
    let path = path.to_str().expect("utf-8 path");
    let problems = findings(path);
    let pairs: Vec<String> = problems
        .iter()
        .filter(|p| p["code"] == "policy::conflict")
        .map(|p| p["message"].as_str().unwrap_or_default().to_string())
        .collect();
    insta::assert_debug_snapshot!(pairs);

    // Each witness makes both clauses apply: under the shipped policy both
    // conditions hold, and without precedence `policy eval` refuses the
    // case as a conflict between them.
    let shipped =
        std::fs::read_to_string("policies/webpro/refunds.policy").expect("shipped policy");
    let prepared = policy::eval::Prepared::new(
        policy::compile::compile("refunds.policy", &shipped).expect("shipped policy checks"),
    );
    let program = prepared.program();
    for problem in problems.iter().filter(|p| p["code"] == "policy::conflict") {
        let message = problem["message"].as_str().unwrap_or_default();
        let ids: Vec<&str> = message.split('`').skip(1).step_by(2).take(2).collect();
        let witness = problem["witness"].to_string();
        let facts = prepared
            .read(&witness)
            .expect("a witness is a readable case");
        let decision = prepared
            .decide(&facts)
            .expect("a witness passes every assumption");
        for id in &ids {
            let clause = program
                .clauses
                .iter()
                .position(|c| c.id == *id)
                .expect("the finding names real clauses");
            assert!(
                decision.applicable.contains(clause),
                "{id} does not apply to {witness}"
            );
        }

        let got = eval_json(path, &witness);
        assert_eq!(got["error"]["kind"], "conflict", "{got}");
    }
}

#[test]
fn a_conflict_a_gap_and_dead_clauses_are_found() {
    for name in ["conflict", "set-twice", "gap", "dead"] {
        let path = format!("tests/analysis/{name}.policy");
        let out = policy(&["check", &path]);
        let expected = if name == "dead" { 0 } else { 1 };
        assert_eq!(
            out.status.code(),
            Some(expected),
            "{name}: {}",
            text(&out.stderr)
        );
        let human = text(&out.stderr);
        let json = findings(&path);
        insta::assert_snapshot!(format!("{name}-human"), human);
        insta::assert_json_snapshot!(format!("{name}-json"), json);
    }
}

/// `policy eval --format json` of the policy at `path` on `facts`.
fn eval_json(path: &str, facts: &str) -> serde_json::Value {
    let out = common::policy(
        &["eval", path, "--facts", "-", "--format", "json"],
        Some(facts),
    );
    serde_json::from_slice(&out.stdout).expect("eval prints JSON")
}

/// The case `policy check` shows for two rules of one clause is one that
/// `policy eval` refuses, naming the clause.
#[test]
fn the_witness_of_two_rules_setting_one_output_is_refused_by_eval() {
    let problems = findings("tests/analysis/set-twice.policy");
    let twice: Vec<&serde_json::Value> = problems
        .iter()
        .filter(|p| p["code"] == "policy::conflict")
        .collect();
    assert_eq!(twice.len(), 1, "{problems:?}");
    let witness = twice[0]["witness"].to_string();
    let got = eval_json("tests/analysis/set-twice.policy", &witness);
    assert_eq!(got["error"]["kind"], "conflict", "{got}");
    assert_eq!(
        got["error"]["message"], "clause `tiers` sets `refund` twice for this case",
        "{got}"
    );
}

#[test]
fn the_gap_witness_really_gets_no_value() {
    let problems = findings("tests/analysis/gap.policy");
    let gap = problems
        .iter()
        .find(|p| p["code"] == "policy::gap")
        .expect("the gap is found");
    let witness = gap["witness"].to_string();
    let got = eval_json("tests/analysis/gap.policy", &witness);
    assert_eq!(got["error"]["kind"], "gap", "{got}");
}

#[test]
fn unsatisfiable_assumptions_are_an_error() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("policy-unsat-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("unsat.policy");
    std::fs::write(
        &path,
        "policy unsat\nfact n: count\nassume n > 3\nassume n < 2\noutput big: bool\nclause c \"c\"\n  big true\n",
    )
    .expect("write fixture");
    let out = policy(&["check", path.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no case satisfies all the assumptions"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn github_annotations_name_file_and_line() {
    let out = policy(&["check", "tests/analysis/dead.policy", "--format", "github"]);
    let lines = text(&out.stdout);
    assert!(lines.lines().any(|l| l.starts_with("::warning file=tests/analysis/dead.policy,line=19,col=8::clause `impossible` can never apply")), "{lines}");
    assert!(lines.lines().all(|l| l.starts_with("::")), "{lines}");
}

/// The chain from the report of `policy check` hanging: definitions 40
/// deep, each reading the one before twice (every walk into a definition's
/// body at each read took 2^40 steps). It is checked, and clean.
#[test]
fn a_chain_of_definitions_forty_deep_is_checked() {
    let mut chain =
        "policy chain\n  currency USD\nfact paid: money\nfact n: count\ndefine v0 = paid / n\n"
            .to_string();
    for i in 1..=40 {
        chain.push_str(&format!("define v{i} = v{} + v{}\n", i - 1, i - 1));
    }
    chain.push_str(
        "output refund: money\nclause a \"a\"\n  refund paid if v40 > $0\nclause b \"b\"\n  refund $0 if v40 <= $0\n",
    );
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("policy-chain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("chain.policy");
    std::fs::write(&path, chain).expect("write the chain");
    let path = path.to_str().expect("a UTF-8 path");
    let out = policy(&["check", path]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("no errors"));
    // No conflict or gap; but `paid / n` fails where `n` is 0, and the
    // doublings overflow for large amounts: warnings, each with its case.
    let found = findings(path);
    assert!(!found.is_empty());
    assert!(
        found.iter().all(|f| f["code"] == "policy::may_fail"),
        "{found:?}"
    );
    assert!(found.iter().any(|f| f["message"]
        .as_str()
        .is_some_and(|m| m.contains("division by zero"))));
}

/// The trial from issue 16: the guarantee changed from 15 to 30 days in the
/// title and the quoted paragraph only. The logic still says 15 days, and
/// `check` says so (a warning: the file still checks).
#[test]
fn a_quote_edited_without_its_logic_is_a_quote_mismatch() {
    let original = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/policies/webpro/refunds.policy"
    ))
    .expect("shipped policy");
    let edited = original
        .replace("\"15-day guarantee\"", "\"30-day guarantee\"")
        .replace("within 15 days of the", "within 30 days of the");
    assert_ne!(edited, original);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("policy-check-quote");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("refunds.policy");
    std::fs::write(&path, edited).expect("write the edited copy");
    let path = path.to_str().expect("UTF-8 path");
    let out = policy(&["check", path]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let human = text(&out.stderr).replace(path, "refunds.policy");
    insta::assert_snapshot!(human);
    let found = findings(path);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "policy::quote_mismatch");
    assert_eq!(found[0]["severity"], "warning");
}

/// The shape of the policy the prover issue's trial checked in 7 s with five
/// "undecided" warnings: 13 facts (six optional dates), business days with
/// four holidays, a 12-month extension under the short-month rule, and two
/// clauses whose `when`s are exact complements. Every question is settled:
/// the complements are proved disjoint, no gap, nothing undecided.
#[test]
fn complementary_whens_and_months_are_settled() {
    let found = findings("tests/analysis/withdrawal.policy");
    assert_eq!(found, Vec::<serde_json::Value>::new());
}
