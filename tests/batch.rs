//! `policy eval --cases`: one JSON line per case, in input order, equal to
//! what `policy eval` says of each case alone, with bad lines mixed in.

// Tests assert by panicking: the library's lints against it do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

const REFUNDS: &str = "policies/webpro/refunds.policy";

fn run(args: &[&str], stdin: &str) -> (Option<i32>, String) {
    let out = common::policy(args, Some(stdin));
    (out.status.code(), common::stdout(&out))
}

/// The shipped refunds cases as JSONL, with unreadable lines between them.
fn corpus() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/webpro/cases");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("cases")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let mut lines = Vec::new();
    for (i, path) in files.iter().enumerate() {
        let case: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("case")).expect("JSON");
        if case["policy"] != "refunds" {
            continue;
        }
        lines.push(case["facts"].to_string());
        match i % 4 {
            0 => lines.push("{\"paid\": ".to_string()),
            1 => lines.push("[1, 2, 3]".to_string()),
            2 => lines.push("{\"payed\": \"1.00\"}".to_string()),
            _ => {}
        }
    }
    lines
}

/// What `policy eval --format json` says of one case, without the trace
/// (batch output leaves it out).
fn alone(case: &str) -> serde_json::Value {
    let (_, out) = run(&["eval", REFUNDS, "--facts", "-", "--format", "json"], case);
    let mut got: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    if let Some(o) = got.as_object_mut() {
        o.remove("trace");
    }
    got
}

#[test]
fn batch_output_equals_one_eval_per_case_in_order() {
    let cases = corpus();
    assert!(cases.len() > 40, "a corpus worth the name");
    let (code, out) = run(
        &["eval", REFUNDS, "--cases", "-"],
        &(cases.join("\n") + "\n"),
    );
    assert_eq!(code, Some(0));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.len(),
        cases.len(),
        "exactly one line per case, nothing dropped"
    );
    for (i, (case, line)) in cases.iter().zip(&lines).enumerate() {
        let mut got: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        let want = alone(case);
        if want.get("error").is_some() {
            assert_eq!(
                got["case"],
                format!("line {}", i + 1),
                "an error names its line"
            );
        }
        if let Some(o) = got.as_object_mut() {
            o.remove("case");
        }
        assert_eq!(got, want, "line {}", i + 1);
    }
}

#[test]
fn a_folder_of_worked_cases_and_blank_lines() {
    let (code, out) = run(&["eval", REFUNDS, "--cases", "policies/webpro/cases"], "");
    assert_eq!(code, Some(0));
    assert!(out.lines().count() >= 49);
    let (code, out) = run(&["eval", REFUNDS, "--cases", "-"], "\n\n{\"paid\": 1}\n\n");
    assert_eq!(code, Some(0));
    let only: serde_json::Value = serde_json::from_str(out.trim()).expect("one line");
    assert_eq!(
        only["case"], "line 3",
        "blank lines count, so the line is the editor's"
    );
    assert_eq!(only["error"]["kind"], "missing_fact");
}

#[test]
fn an_unreadable_corpus_exits_2() {
    let (code, out) = run(&["eval", REFUNDS, "--cases", "no/such.jsonl"], "");
    assert_eq!(code, Some(2));
    assert!(out.contains("\"kind\":\"io\""), "{out}");
}

/// A reader that stops after the first line (`| head -1`) ends the batch:
/// the writing side notices the closed pipe while later chunks are still
/// being decided, and the process exits quietly instead of running on or
/// panicking.
#[test]
fn a_closed_output_ends_the_batch_quietly() {
    use std::io::{BufRead as _, BufReader, Write as _};
    use std::process::{Command, Stdio};

    let line = corpus()[0].clone();
    // Enough cases for several chunks, so output is still being written.
    let input: String = std::iter::repeat_n(format!("{line}\n"), 60_000).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_policy"))
        .args(["eval", REFUNDS, "--cases", "-"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the policy binary runs");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout is piped"))
        .read_line(&mut first)
        .expect("a first line");
    assert!(first.contains("\"outputs\""), "{first}");
    // The reader is gone now; the process must end on its own.
    let out = child
        .wait_with_output()
        .expect("the policy binary finishes");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        out.status.success() || out.status.code().is_none(),
        "exit {:?}: {stderr}",
        out.status
    );
}
