//! `policy fmt`: one layout, reached from any layout of the same policy, and
//! never a change of meaning.
//!
//! Over every shipped policy, every fixture that parses, every example in the
//! docs and generated policies: formatting twice gives what formatting once
//! gives; the formatted file parses to the same tree (the tree ignores
//! spans, so this is the same policy word for word); its comments and quoted
//! lines are all still there, byte for byte; and every worked case gets the
//! same decision.

// Tests assert by panicking: the library's lints against it do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use policy::format::format;
use policy::syntax::parse;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn policy_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a folder of the repository")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            policy_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "policy") {
            out.push(path);
        }
    }
}

/// Every policy text of the repository that parses: shipped, fixtures, the
/// examples in the docs.
fn corpus() -> Vec<(String, String)> {
    let mut files = Vec::new();
    policy_files(&root().join("policies"), &mut files);
    policy_files(&root().join("tests"), &mut files);
    let mut texts: Vec<(String, String)> = files
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            Some((p.display().to_string(), text))
        })
        .collect();
    for doc in ["docs/language.md", "README.md"] {
        let text = std::fs::read_to_string(root().join(doc)).expect("the docs are readable");
        for (i, block) in text.split("```policy\n").skip(1).enumerate() {
            let body = block.split("```").next().unwrap_or("");
            let body = if body.trim_start().starts_with("policy ") || body.starts_with('#') {
                body.to_string()
            } else {
                format!("policy example\n{body}")
            };
            texts.push((format!("{doc} example {}", i + 1), body));
        }
    }
    texts
        .into_iter()
        .filter(|(_, text)| parse(text.trim_start_matches('\u{feff}')).is_ok())
        .collect()
}

/// A tree as text, without the places in the file: the same for two
/// layouts of the same policy.
fn shape(text: &str) -> Option<String> {
    let tree = parse(text.trim_start_matches('\u{feff}')).ok()?;
    let debug = format!("{tree:?}");
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug.as_str();
    while let Some(i) = rest.find("Span {") {
        out.push_str(&rest[..i]);
        rest = rest[i..].split_once('}').map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    Some(out)
}

/// The comments and quoted source lines of a text, in order, as written.
fn kept_lines(text: &str) -> Vec<String> {
    let (_, layout) = policy::syntax::parse_with_layout(text.trim_start_matches('\u{feff}'))
        .expect("the text parses");
    let text = text.trim_start_matches('\u{feff}');
    let mut kept: Vec<String> = layout
        .comments
        .iter()
        .map(|c| c.text(text).to_string())
        .collect();
    for item in &layout.items {
        for part in &item.parts {
            if part.kind == policy::syntax::layout::PartKind::Quote {
                kept.push(part.span.text(text).trim_end_matches('\r').to_string());
            }
        }
    }
    kept
}

/// What formatting must keep: the tree, the comments, the quoted lines; and
/// what it must reach: a fixed point.
fn check_one(name: &str, text: &str) -> Result<String, String> {
    let once = format(text).map_err(|e| format!("{name}: does not format: {e:?}"))?;
    let twice = format(&once).map_err(|e| format!("{name}: its format does not parse: {e:?}"))?;
    if once != twice {
        return Err(format!(
            "{name}: formatting twice differs from once:\n{}",
            similar::TextDiff::from_lines(&once, &twice).unified_diff()
        ));
    }
    if shape(text) != shape(&once) {
        return Err(format!(
            "{name}: the formatted policy reads differently:\n{once}"
        ));
    }
    if kept_lines(text) != kept_lines(&once) {
        return Err(format!("{name}: a comment or quoted line changed:\n{once}"));
    }
    Ok(once)
}

#[test]
fn every_policy_formats_to_a_fixed_point_with_the_same_tree_comments_and_quotes() {
    let corpus = corpus();
    assert!(corpus.len() > 40, "only {} policies found", corpus.len());
    let failures: Vec<String> = corpus
        .iter()
        .filter_map(|(name, text)| check_one(name, text).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A case's outcome, without the places in the file (which move).
fn outcome(program: &policy::program::Program, case: &str) -> String {
    let facts = match policy::facts::read(program, case) {
        Ok(facts) => facts,
        Err(e) => return format!("unreadable: {}", e.kind),
    };
    match policy::eval::Prepared::new(program.clone()).decide(&facts) {
        Ok(d) => policy::render::json::decision(program, &d, None).to_string(),
        Err(policy::eval::Failure::Rejected(_)) => "rejected".to_string(),
        Err(policy::eval::Failure::Error(e)) => format!("error: {}", e.kind()),
    }
}

#[test]
fn every_worked_case_gets_the_same_decision_from_the_formatted_policy() {
    let mut files = Vec::new();
    policy_files(&root().join("policies"), &mut files);
    policy_files(&root().join("tests/fixtures"), &mut files);
    let mut cases = Vec::new();
    for dir in [
        "policies/webpro/cases",
        "tests/fixtures/test-failures/cases",
    ] {
        for entry in std::fs::read_dir(root().join(dir)).expect("cases folder") {
            let path = entry.expect("entry").path();
            cases.push(std::fs::read_to_string(&path).expect("a readable case"));
        }
    }
    let corpus = std::fs::read_to_string(root().join("tests/fixtures/refunds-day-20.jsonl"))
        .expect("the JSONL fixture");
    cases.extend(corpus.lines().map(str::to_string));
    let mut compared = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        let Ok(original) = policy::compile::compile("original.policy", &text) else {
            continue;
        };
        let formatted = format(&text).expect("a policy that compiles formats");
        let formatted =
            policy::compile::compile("formatted.policy", &formatted).unwrap_or_else(|p| {
                panic!(
                    "{}: formatted, it no longer compiles: {:?}",
                    file.display(),
                    p.reports()
                )
            });
        for case in &cases {
            assert_eq!(
                outcome(&original, case),
                outcome(&formatted, case),
                "{}: a case decides differently once formatted:\n{case}",
                file.display()
            );
            compared += 1;
        }
        // Beyond the cases at hand: proved equivalent over every case.
        let proof = policy::analysis::diff::prove(&original, &formatted)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(
            proof.equivalent(),
            "{}: formatting changes what some cases get: {:?}",
            file.display(),
            proof.regions
        );
    }
    assert!(compared > 100, "only {compared} decisions compared");
}

// --------------------------------------------------------------------------
// Generated policies: random expressions in random spellings, and the
// shipped policies with their white space scrambled.

const NAMES: [&str; 6] = ["paid", "fee", "start", "end", "reason", "flag"];

fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(NAMES.to_vec()).prop_map(str::to_string),
        proptest::sample::select(vec![
            "$69",
            "$1,000.50",
            "50%",
            "12.5%",
            "15 days",
            "1 day",
            "2 weeks",
            "3",
            "1.5",
            "2026-01-31",
            "true",
            "\"a  b # c\"",
            "5 business days",
            "1 month",
            "1 year",
        ])
        .prop_map(str::to_string),
    ]
}

fn expression() -> impl Strategy<Value = String> {
    leaf().prop_recursive(5, 48, 3, |inner| {
        let ops = proptest::sample::select(vec![
            "and",
            "or",
            "+",
            "-",
            "*",
            "/",
            "plus",
            "minus",
            "times",
            "divided by",
            "of",
            "=",
            "is",
            "is not",
            "!=",
            "<",
            "<=",
            ">=",
            "is before",
            "is on or after",
            "is at least",
            "in",
            "not in",
        ]);
        prop_oneof![
            (inner.clone(), ops, inner.clone()).prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            inner.clone().prop_map(|a| format!("({a})")),
            inner.clone().prop_map(|a| format!("not ({a})")),
            inner.clone().prop_map(|a| format!("-{a}")),
            inner.clone().prop_map(|a| format!("{a} rounded")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("the higher of {a} and {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("lesser of {a} and {b}")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("(if {a} then {b} else {c})")),
            inner.clone().prop_map(|a| format!("(a is missing or {a})")),
            inner
                .clone()
                .prop_map(|a| format!("reason is not one of x, y or {a}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} within 15 days of {b}")),
            inner.prop_map(|a| format!("the next business day on or after {a}")),
        ]
    })
}

/// A policy of generated definitions and clauses, some with comments.
fn generated_policy() -> impl Strategy<Value = String> {
    let line = (expression(), expression(), any::<bool>(), 0u8..4);
    proptest::collection::vec(line, 1..6).prop_map(|lines| {
        let mut text = String::from(
            "# generated\npolicy generated \"t\" currency USD\nfact paid: money \"what was paid\"\nfact reason: one of x, y\n",
        );
        for (i, (a, b, comment, shape)) in lines.into_iter().enumerate() {
            let note = if comment { "  # a note" } else { "" };
            match shape {
                0 => text.push_str(&format!("define d{i} = {a}{note}\n")),
                1 => text.push_str(&format!("assume {a} \"why\"{note}\n")),
                2 => text.push_str(&format!("output o{i} = {a}\n  \"doc\"{note}\n")),
                _ => text.push_str(&format!(
                    "clause c.{i} \"t\"\n  > quoted {i}%  \n  when {a}{note}\n  refund {b} if {a}, otherwise set x to {b}\n  require {a} as l{i}\n"
                )),
            }
        }
        text.push_str("precedence c.1 > c.2\n");
        text
    })
}

/// `text` with some single spaces between words made into other white space
/// (never before a comment, never inside quotes or quoted lines).
fn scrambled(text: &str, picks: &[(usize, u8)]) -> String {
    let (_, layout) = policy::syntax::parse_with_layout(text).expect("the text parses");
    let protected: Vec<policy::syntax::Span> = layout
        .strings
        .iter()
        .chain(&layout.comments)
        .copied()
        .chain(
            layout
                .items
                .iter()
                .flat_map(|i| i.parts.iter())
                .filter(|p| p.kind != policy::syntax::layout::PartKind::Rule)
                .filter(|p| p.kind != policy::syntax::layout::PartKind::When)
                .filter(|p| p.kind != policy::syntax::layout::PartKind::Require)
                .map(|p| p.span),
        )
        .collect();
    let spaces: Vec<usize> = text
        .match_indices(' ')
        .map(|(i, _)| i)
        .filter(|&i| {
            let b = text.as_bytes();
            i > 0
                && b[i - 1] != b' '
                && b[i - 1] != b'\n'
                && b.get(i + 1)
                    .is_some_and(|c| !matches!(c, b' ' | b'#' | b'>' | b'\n'))
                && !protected.iter().any(|s| s.start <= i && i < s.end)
        })
        .collect();
    if spaces.is_empty() {
        return text.to_string();
    }
    let mut replace: Vec<(usize, &str)> = picks
        .iter()
        .map(|&(at, how)| {
            let with = match how {
                0 => "   ",
                1 => "\t",
                2 => "\n      ",
                _ => "\n",
            };
            (spaces[at % spaces.len()], with)
        })
        .collect();
    replace.sort();
    replace.dedup_by_key(|r| r.0);
    let mut out = text.to_string();
    for (at, with) in replace.into_iter().rev() {
        out.replace_range(at..at + 1, with);
    }
    out
}

const SHIPPED: [&str; 3] = [
    include_str!("../policies/webpro/refunds.policy"),
    include_str!("../policies/webpro/privacy.policy"),
    include_str!("../policies/webpro/communications.policy"),
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_policies_format_to_a_fixed_point_with_the_same_tree(text in generated_policy()) {
        prop_assume!(parse(&text).is_ok());
        if let Err(e) = check_one("generated", &text) {
            return Err(TestCaseError::fail(format!("{e}\n--- input:\n{text}")));
        }
    }

    #[test]
    fn any_white_space_between_words_formats_the_same(
        which in 0usize..3,
        picks in proptest::collection::vec((any::<usize>(), 0u8..4), 1..12),
    ) {
        let original = SHIPPED[which];
        let text = scrambled(original, &picks);
        // A break before a word can make a different policy (a `>` at the
        // start of a line is a quoted line): only the same tree counts.
        prop_assume!(shape(&text) == shape(original));
        let expected = format(original).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let got = format(&text).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(got, expected, "input:\n{}", text);
    }
}

// --------------------------------------------------------------------------
// The command.

fn scratch(name: &str, text: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("fmt-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let file = dir.join("refunds.policy");
    std::fs::write(&file, text).expect("a scratch file");
    file
}

const MESSY: &str = "policy refunds \"t\" currency USD\nfact paid:money \"what was paid\"\nfact fee: money\noutput refund: money\nclause a \"t\"\n  > Refund   the whole amount.  \n  refund paid-fee   if paid>$0 # not free\n";

#[test]
fn check_shows_a_unified_diff_and_exits_1_and_fmt_then_rewrites_the_file() {
    let file = scratch("check", MESSY);
    let path = file.to_str().expect("UTF-8 path");
    let out = common::policy(&["fmt", "--check", path], None);
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let diff = common::stdout(&out).replace(path, "refunds.policy");
    insta::assert_snapshot!(diff);
    assert_eq!(std::fs::read_to_string(&file).expect("readable"), MESSY);

    let out = common::policy(&["fmt", path], None);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let formatted = std::fs::read_to_string(&file).expect("readable");
    assert_eq!(formatted, format(MESSY).expect("formats"));
    let out = common::policy(&["fmt", "--check", path], None);
    assert_eq!(out.status.code(), Some(0), "{}", common::stdout(&out));
    assert!(common::stdout(&out).is_empty());
}

#[test]
fn the_shipped_policies_are_formatted() {
    let out = common::policy(&["fmt", "--check", "policies/"], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "run `policy fmt policies/`:\n{}",
        common::stdout(&out)
    );
}

#[test]
fn standard_input_is_formatted_to_standard_output() {
    let out = common::policy(&["fmt", "-"], Some(MESSY));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(common::stdout(&out), format(MESSY).expect("formats"));
}

#[test]
fn a_file_that_does_not_parse_is_left_alone_with_the_error_and_exit_2() {
    let file = scratch("broken", "policy p\nfact paid money\n");
    let out = common::policy(&["fmt", file.to_str().expect("UTF-8")], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        common::stderr(&out).contains("policy::syntax"),
        "{}",
        common::stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&file).expect("readable"),
        "policy p\nfact paid money\n"
    );
}
