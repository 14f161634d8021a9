//! `policy test`: the built binary on the shipped WebPro policies (all pass,
//! every clause covered) and on fixtures with wrong expectations.

// Tests assert by panicking: the library's lints against it do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Output;

mod common;
use common::{json, stdout};

fn policy(args: &[&str]) -> Output {
    common::policy(args, None)
}

#[test]
fn the_webpro_cases_all_pass_and_cover_every_clause() {
    let out = policy(&["test", "policies/webpro"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let last = text.lines().last().unwrap_or_default();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
    assert!(!text.contains("no case is decided by"), "{text}");
    insta::assert_snapshot!(text);

    let covered = policy(&["test", "policies/webpro", "--require-coverage"]);
    assert_eq!(covered.status.code(), Some(0), "{}", stdout(&covered));
}

#[test]
fn the_webpro_cases_as_json() {
    let out = policy(&["test", "policies/webpro", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let report = json(&out);
    assert_eq!(report["failed"], 0);
    for suite in report["policies"].as_array().expect("a list of policies") {
        assert_eq!(
            suite["coverage"]["uncovered"],
            serde_json::json!([]),
            "{suite}"
        );
    }
    insta::assert_json_snapshot!(report);
}

#[test]
fn one_policy_file_runs_only_its_own_cases() {
    let out = policy(&["test", "policies/webpro/communications.policy"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).ends_with("2 passed, 0 failed\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_wrong_expectation_shows_what_differs_and_fails() {
    let out = policy(&["test", "tests/fixtures/test-failures"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("FAIL service-wrong-expectation.json"),
        "{text}"
    );
    assert!(
        text.contains("may_opt_out: expected true, got false"),
        "{text}"
    );
    assert!(text.ends_with("1 passed, 5 failed\n"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn failures_as_json_name_each_difference() {
    let out = policy(&["test", "tests/fixtures/test-failures", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_json_snapshot!(json(&out));
}

#[test]
fn failures_as_junit() {
    let out = policy(&["test", "tests/fixtures/test-failures", "--format", "junit"]);
    assert_eq!(out.status.code(), Some(1));
    let xml = stdout(&out);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    assert_eq!(xml.matches("<failure ").count(), 5, "{xml}");
    insta::assert_snapshot!(xml);
}

#[test]
fn passing_cases_as_junit() {
    let out = policy(&["test", "policies/webpro", "--format", "junit"]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn an_uncovered_clause_fails_only_when_coverage_is_required() {
    let lax = policy(&["test", "tests/fixtures/uncovered"]);
    let text = stdout(&lax);
    assert_eq!(lax.status.code(), Some(0), "{text}");
    assert!(
        text.contains(
            "1 of 2 clauses decide some case; no case is decided by communications.service"
        ),
        "{text}"
    );
    let strict = policy(&["test", "tests/fixtures/uncovered", "--require-coverage"]);
    assert_eq!(strict.status.code(), Some(1));
    let junit = policy(&[
        "test",
        "tests/fixtures/uncovered",
        "--require-coverage",
        "--format",
        "junit",
    ]);
    assert!(
        stdout(&junit).contains("type=\"coverage\""),
        "{}",
        stdout(&junit)
    );
}

#[test]
fn a_policy_that_cannot_be_read_exits_2() {
    let out = policy(&["test", "tests/fixtures/no-such-dir"]);
    assert_eq!(out.status.code(), Some(2));
    let broken = policy(&["test", "tests/analysis/../../Cargo.toml"]);
    assert_eq!(broken.status.code(), Some(2), "{}", stdout(&broken));
}
