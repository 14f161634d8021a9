//! `policy diff`: the guarantee window edited from 15 to 30 days
//! (tests/fixtures/refunds-30-days.policy), over the shipped cases and over a
//! JSONL corpus of boundary cases; the JSON report must agree with running
//! `policy eval` on both versions, case by case.

// Tests assert by panicking: the library's lints against it do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::policy_in;

use serde_json::{json, Value as Json};

const OLD: &str = "policies/webpro/refunds.policy";
const NEW: &str = "tests/fixtures/refunds-30-days.policy";
const SHIPPED: &str = "policies/webpro/cases";
const JSONL: &str = "tests/fixtures/refunds-day-20.jsonl";

fn policy(args: &[&str]) -> Output {
    common::policy(args, None)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json_of(o: &Output) -> Json {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// The cases whose `output` changed, by name.
fn changed(report: &Json, output: &str) -> BTreeSet<String> {
    report["changes"]
        .as_array()
        .expect("a list of changes")
        .iter()
        .filter(|c| c["output"] == output)
        .map(|c| c["case"].as_str().expect("a case name").to_string())
        .collect()
}

#[test]
fn the_30_day_window_changes_exactly_the_day_16_guarantee_cases() {
    let out = policy(&["diff", OLD, NEW, "--cases", SHIPPED]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    insta::assert_snapshot!(stdout(&out));

    let report = json_of(&policy(&[
        "diff", OLD, NEW, "--cases", SHIPPED, "--format", "json",
    ]));
    let want: BTreeSet<String> = [
        "guarantee-request-on-day-16-window-closed.json",
        "guarantee-resolved-on-day-16-is-late.json",
    ]
    .map(String::from)
    .into();
    assert_eq!(changed(&report, "refund"), want);
    insta::assert_json_snapshot!(report);
}

#[test]
fn the_30_day_window_over_a_jsonl_corpus_of_day_20_cases() {
    let out = policy(&["diff", OLD, NEW, "--cases", JSONL]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&out));
    // Line 1: resolved on day 20; line 2: request on day 20; line 6: request
    // on day 30. Line 7 (day 31) and line 9 (day 15) decide the same.
    let report = json_of(&policy(&[
        "diff", OLD, NEW, "--cases", JSONL, "--format", "json",
    ]));
    let want: BTreeSet<String> = ["line 1", "line 2", "line 6"].map(String::from).into();
    assert_eq!(changed(&report, "refund"), want);
    assert_eq!(report["unreadable"], 1, "line 10 misspells a reason");
}

#[test]
fn markdown_for_a_pull_request_comment() {
    let out = policy(&["diff", OLD, NEW, "--cases", SHIPPED, "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&out));
}

/// What `policy eval --format json` decides for one case text.
fn eval(policy_file: &str, case: &str) -> Json {
    let out = policy_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["eval", policy_file, "--facts", "-", "--format", "json"],
        Some(case),
    );
    json_of(&out)
}

/// The cases of a corpus as (name, JSON text), named as `policy diff` names them.
fn corpus(path: &str) -> Vec<(String, String)> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if full.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(&full)
            .expect("a case directory")
            .map(|e| e.expect("an entry").path())
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|p| {
                let name = p
                    .file_name()
                    .expect("a file")
                    .to_string_lossy()
                    .into_owned();
                (name, std::fs::read_to_string(&p).expect("readable"))
            })
            .filter(|(_, text)| text.contains("\"policy\": \"refunds\""))
            .collect()
    } else {
        std::fs::read_to_string(&full)
            .expect("readable")
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (format!("line {}", i + 1), l.to_string()))
            .collect()
    }
}

#[test]
fn the_json_report_agrees_with_eval_on_both_versions_case_by_case() {
    for cases in [SHIPPED, JSONL] {
        let report = json_of(&policy(&[
            "diff", OLD, NEW, "--cases", cases, "--format", "json",
        ]));
        let mut want = Vec::new();
        let mut status = BTreeSet::new();
        for (name, text) in corpus(cases) {
            let (old, new) = (eval(OLD, &text), eval(NEW, &text));
            if old.get("error").is_some() || new.get("error").is_some() {
                if old["error"]["kind"] != new["error"]["kind"] {
                    status.insert(name);
                }
                continue;
            }
            for (output, before) in old["outputs"].as_object().expect("outputs") {
                let after = &new["outputs"][output];
                let (was, now) = (&old["decided_by"][output], &new["decided_by"][output]);
                if before != after || was != now {
                    want.push(json!({
                        "case": name, "output": output, "old": before, "new": after,
                        "old_clause": was, "new_clause": now,
                    }));
                }
            }
        }
        // Each change also says why; the rest must be eval's own answers.
        let mut got_changes = report["changes"].clone();
        for change in got_changes.as_array_mut().expect("a list") {
            let why = change
                .as_object_mut()
                .and_then(|c| c.remove("conditions"))
                .expect("each change says why");
            assert!(!why.as_array().expect("a list").is_empty(), "{cases}");
        }
        assert_eq!(got_changes, Json::Array(want), "{cases}");
        let got: BTreeSet<String> = report["status"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|s| s["case"].as_str().expect("a name").to_string())
            .collect();
        assert_eq!(got, status, "{cases}");
        assert_eq!(report["cases"], corpus(cases).len(), "{cases}");
    }
}

#[test]
fn an_added_assumption_shows_cases_becoming_rejected_and_back() {
    let stricter = "tests/fixtures/refunds-requests-within-plan.policy";
    let out = policy(&[
        "diff", OLD, stricter, "--cases", SHIPPED, "--format", "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report = json_of(&out);
    assert_eq!(
        report["status"][0]["case"],
        "pro-rata-request-after-plan-ended.json"
    );
    assert_eq!(report["status"][0]["change"], "became rejected");
    assert_eq!(
        report["status"][0]["new"]["facts"],
        json!(["requested", "plan_ends"])
    );

    let back = policy(&["diff", stricter, OLD, "--cases", SHIPPED]);
    assert_eq!(back.status.code(), Some(1));
    assert!(
        stdout(&back).contains("1 case became accepted"),
        "{}",
        stdout(&back)
    );
}

#[test]
fn no_change_exits_0_and_bad_input_exits_2() {
    let same = policy(&["diff", OLD, OLD, "--cases", SHIPPED]);
    assert_eq!(same.status.code(), Some(0));
    assert!(
        stdout(&same).contains("0 of 32 cases changed"),
        "{}",
        stdout(&same)
    );
    let markdown = policy(&["diff", OLD, OLD, "--cases", SHIPPED, "--format", "markdown"]);
    assert!(stdout(&markdown).contains("**No case changes.**"));

    assert_eq!(
        policy(&["diff", OLD, "--cases", SHIPPED]).status.code(),
        Some(2)
    );
    assert_eq!(
        policy(&["diff", OLD, "nope.policy", "--cases", SHIPPED])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        policy(&["diff", OLD, NEW, "--cases", "nope.jsonl"])
            .status
            .code(),
        Some(2)
    );
    let broken = policy(&["diff", OLD, "Cargo.toml", "--cases", SHIPPED]);
    assert_eq!(broken.status.code(), Some(2));
}

#[test]
fn jsonl_from_standard_input() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(JSONL))
        .expect("readable");
    let out = policy_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["diff", OLD, NEW, "--cases", "-", "--format", "json"],
        Some(&text),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(changed(&json_of(&out), "refund").len(), 3);
}

#[test]
fn the_old_version_can_come_from_git() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("policy-diff-git-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("policies")).expect("a temporary directory");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = dir.join("policies/refunds.policy");
    std::fs::copy(root.join(OLD), &file).expect("copy the policy");
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("git runs");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "15 days"]);
    std::fs::copy(root.join(NEW), &file).expect("edit the policy");

    let cases = root.join(SHIPPED);
    let args = [
        "diff",
        "--git",
        "HEAD",
        "policies/refunds.policy",
        "--cases",
        cases.to_str().expect("a UTF-8 path"),
        "--format",
        "json",
    ];
    let out = policy_in(&dir, &args, None);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json_of(&out);
    assert_eq!(report["old"], "HEAD:policies/refunds.policy");
    assert_eq!(changed(&report, "refund").len(), 2);

    let missing = policy_in(
        &dir,
        &[
            "diff",
            "--git",
            "no-such-rev",
            "policies/refunds.policy",
            "--cases",
            "x",
        ],
        None,
    );
    assert_eq!(missing.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
