//! The bad input catalogue: malformed policies and cases, each run through the
//! real `policy` binary and snapshotted exactly as a person sees it (exit
//! code, standard output, standard error).
//!
//! - `tests/catalogue/policies/*.policy` go through `policy check`;
//! - `tests/catalogue/cases/*.json` go through `policy eval refunds.policy
//!   --facts`;
//! - inputs too big to keep in the repository (a policy over the size limit,
//!   a 2 MB facts document, JSON nested past serde's recursion limit) are
//!   generated here.
//!
//! Nothing may panic; a broken input exits 1 or 2 with a message; a file
//! whose name starts with `ok-` is fine as it stands (a BOM, CRLF line
//! endings, tabs ...) and must exit 0 with nothing on standard error.
//!
//! The second half tests each limit of the language and its inputs through
//! the library, for a clear error rather than a stack overflow or a panic.

// Tests assert by panicking: the library's lints against it do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use policy::error::ErrorKind;
use policy::eval::{EvalError, Failure, Prepared};

const REFUNDS: &str = include_str!("../policies/webpro/refunds.policy");

/// What running the binary showed.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn shown(&self) -> String {
        format!(
            "exit code: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// A fresh directory for one run, so reports name files as `refunds.policy`
/// and `case.json` whatever the machine.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("catalogue-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_policy"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("the policy binary runs");
    Run {
        // No code at all means a signal: a stack overflow aborts.
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `policy check NAME` on these bytes.
fn check_policy(name: &str, bytes: &[u8]) -> Run {
    let dir = scratch(name);
    std::fs::write(dir.join(name), bytes).expect("write the policy");
    let run = run_in(&dir, &["check", name]);
    let _ = std::fs::remove_dir_all(&dir);
    run
}

/// `policy eval refunds.policy --facts NAME` on these bytes.
fn eval_case(name: &str, bytes: &[u8]) -> Run {
    let dir = scratch(name);
    std::fs::write(dir.join("refunds.policy"), REFUNDS).expect("write the policy");
    std::fs::write(dir.join(name), bytes).expect("write the case");
    let run = run_in(&dir, &["eval", "refunds.policy", "--facts", name]);
    let _ = std::fs::remove_dir_all(&dir);
    run
}

/// The rules every run obeys, whatever the input.
fn assert_handled(name: &str, run: &Run) {
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        !all.contains("panicked") && !all.contains("overflowed its stack"),
        "{name} crashed the binary:\n{}",
        run.shown()
    );
    if name.starts_with("ok-") {
        assert_eq!(run.code, 0, "{name} is fine but failed:\n{}", run.shown());
        assert!(
            run.stderr.is_empty(),
            "{name} is fine but complained:\n{}",
            run.shown()
        );
    } else {
        assert!(
            run.code == 1 || run.code == 2,
            "{name} must exit 1 or 2:\n{}",
            run.shown()
        );
        assert!(!all.trim().is_empty(), "{name} failed without saying why");
    }
}

fn files(dir: &str, extension: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .expect("catalogue names are UTF-8")
        .to_string()
}

#[test]
fn every_malformed_policy_is_reported_not_crashed_on() {
    let policies = files("tests/catalogue/policies", "policy");
    assert!(policies.len() >= 20, "only {} policies", policies.len());
    for path in policies {
        let name = file_name(&path);
        let run = check_policy(&name, &std::fs::read(&path).expect("readable"));
        assert_handled(&name, &run);
        insta::assert_snapshot!(format!("policy-{name}"), run.shown());
    }
}

#[test]
fn every_malformed_case_is_reported_not_crashed_on() {
    let cases = files("tests/catalogue/cases", "json");
    assert!(cases.len() >= 35, "only {} cases", cases.len());
    for path in cases {
        let name = file_name(&path);
        let run = eval_case(&name, &std::fs::read(&path).expect("readable"));
        assert_handled(&name, &run);
        insta::assert_snapshot!(format!("case-{name}"), run.shown());
    }
}

/// The same text with a BOM, CRLF line endings and tabs decides exactly as
/// the plain text does.
#[test]
fn bom_crlf_and_tabs_change_nothing_in_a_decision() {
    let case = include_str!("../policies/webpro/cases/guarantee-missing-customer-id-by-phone.json");
    let decide_json = |policy: &str, facts: &str| {
        let dir = scratch("same");
        std::fs::write(dir.join("refunds.policy"), policy).expect("write the policy");
        std::fs::write(dir.join("case.json"), facts).expect("write the case");
        let run = run_in(
            &dir,
            &[
                "eval",
                "refunds.policy",
                "--facts",
                "case.json",
                "--format",
                "json",
            ],
        );
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(run.code, 0, "{}", run.shown());
        run.stdout
    };
    let plain = decide_json(REFUNDS, case);
    let windows = |t: &str| format!("\u{feff}{}", t.replace('\n', "\r\n"));
    let tabbed = REFUNDS.replace("\n  ", "\n\t");
    assert_eq!(decide_json(&windows(REFUNDS), case), plain);
    assert_eq!(decide_json(&tabbed, &windows(case)), plain);
    assert_eq!(
        decide_json(&windows(&tabbed), &case.replace("  ", "\t")),
        plain
    );
}

// --------------------------------------------------------------------------
// Inputs generated here: too large, or too deep, to keep as files.

#[test]
fn a_policy_over_the_size_limit_is_refused_before_parsing() {
    let mut text = String::from("policy big \"too big\"\n");
    while text.len() <= policy::syntax::MAX_SOURCE_BYTES {
        text.push_str("# filler filler filler filler filler filler filler filler filler\n");
    }
    let run = check_policy("too-big.policy", text.as_bytes());
    assert_handled("too-big.policy", &run);
    insta::assert_snapshot!("generated-policy-over-the-size-limit", run.shown());
}

#[test]
fn a_facts_document_over_the_size_limit_is_refused() {
    let padding = " ".repeat(2 * 1024 * 1024);
    let text = format!("{{\"paid\": \"240.00\",{padding}\"reason\": \"none\"}}");
    assert!(text.len() > policy::facts::MAX_FACTS_BYTES);
    let run = eval_case("two-megabytes.json", text.as_bytes());
    assert_handled("two-megabytes.json", &run);
    insta::assert_snapshot!("generated-facts-two-megabytes", run.shown());
}

#[test]
fn facts_nested_past_serdes_recursion_limit_are_refused() {
    for (name, text) in [
        (
            "deep-array.json",
            format!("{{\"stated\": {}{}}}", "[".repeat(200), "]".repeat(200)),
        ),
        (
            "deep-object.json",
            format!("{}\"x\"{}", "{\"facts\": ".repeat(5000), "}".repeat(5000)),
        ),
        ("deep-unclosed.json", "[".repeat(100_000)),
    ] {
        let run = eval_case(name, text.as_bytes());
        assert_handled(name, &run);
        insta::assert_snapshot!(format!("generated-facts-{name}"), run.shown());
    }
}

// --------------------------------------------------------------------------
// Each limit, through the library: a clear error, never a crash.

fn compile(text: &str) -> Result<policy::program::Program, Vec<String>> {
    policy::compile::compile("limit.policy", text)
        .map_err(|p| p.reports().iter().map(|r| format!("{r}")).collect())
}

fn small_policy(refund: &str) -> String {
    format!(
        "policy small \"a small policy\"\n  currency USD\n  rounding half away from zero to cents\n  \
         business days Monday to Friday\n\nfact paid: money \"what was paid\"\nfact start: date \"a day\"\n\
         fact wait: days \"a wait\"\n\noutput refund: money\noutput due: date = start + wait\n\n\
         clause refund.1 \"all of it\"\n  > We refund everything.\n  refund {refund}\n"
    )
}

#[test]
fn nesting_deeper_than_the_limit_is_a_labelled_error() {
    let limit = policy::syntax::MAX_NESTING;
    let at = |n: usize| small_policy(&format!("{}paid{}", "(".repeat(n), ")".repeat(n)));
    assert!(compile(&at(limit)).is_ok(), "{limit} levels are allowed");
    let errors = compile(&at(limit + 1)).expect_err("one more is refused");
    assert!(
        errors.iter().any(|e| e.contains(&limit.to_string())),
        "the error names the limit: {errors:?}"
    );
    // Far deeper, and unbalanced: still the same error, no overflow.
    assert!(compile(&small_policy(&"(".repeat(1_000_000))).is_err());
}

#[test]
fn a_statement_with_too_many_operators_is_a_labelled_error() {
    let limit = policy::syntax::MAX_OPERATORS;
    let with = |n: usize| small_policy(&format!("paid{}", " + $1".repeat(n)));
    assert!(compile(&with(limit - 10)).is_ok());
    let errors = compile(&with(limit + 88)).expect_err("600 operators are refused");
    assert!(
        errors.iter().any(|e| e.contains(&limit.to_string())),
        "the error names the limit: {errors:?}"
    );
    let nots = small_policy(&format!("paid if {}paid > $0", "not ".repeat(100_000)));
    assert!(compile(&nots).is_err());
}

#[test]
fn a_policy_file_over_the_size_limit_is_a_clear_error() {
    let mut text = small_policy("paid");
    text.push_str(&"#".repeat(policy::syntax::MAX_SOURCE_BYTES));
    let errors = compile(&text).expect_err("too large");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("large") || e.contains("bytes")),
        "{errors:?}"
    );
}

fn program() -> policy::program::Program {
    compile(REFUNDS).expect("refunds.policy checks")
}

const CASE: &str = include_str!("../policies/webpro/cases/request-on-friday.json");

#[test]
fn a_facts_document_over_the_size_limit_is_a_limit_error() {
    let limit = policy::facts::MAX_FACTS_BYTES;
    let program = program();
    let padded = |n: usize| CASE.replacen('{', &format!("{{{}", " ".repeat(n)), 1);
    assert!(policy::facts::read(&program, &padded(limit - CASE.len() - 1)).is_ok());
    let e = policy::facts::read(&program, &padded(limit)).expect_err("over the limit");
    assert_eq!(e.kind, ErrorKind::Limit);
    assert!(e.message.contains(&limit.to_string()), "{}", e.message);
}

#[test]
fn a_long_list_fact_is_read_or_refused_cleanly() {
    let program = program();
    // Repeats of known values are one set; an unknown value is named.
    let many = vec!["\"name\""; 100_000].join(",");
    let case = CASE.replace("\"stated\": [", &format!("\"stated\": [{many},"));
    assert!(case.len() < policy::facts::MAX_FACTS_BYTES);
    assert!(policy::facts::read(&program, &case).is_ok());
    let unknown = CASE.replace("\"stated\": [", "\"stated\": [\"nickname\",");
    let e = policy::facts::read(&program, &unknown).expect_err("unknown value");
    assert_eq!(e.facts, vec!["stated".to_string()]);
    // A list past the facts limit is refused by size, not read.
    let huge = vec!["\"name\""; 200_000].join(",");
    let case = CASE.replace("\"stated\": [", &format!("\"stated\": [{huge},"));
    assert_eq!(
        policy::facts::read(&program, &case)
            .expect_err("too big")
            .kind,
        ErrorKind::Limit
    );
}

#[test]
fn amounts_beyond_decimal_range_are_overflow_errors() {
    let program = program();
    for amount in [
        "\"99999999999999999999999999999\"",
        "1e400",
        "-1e400",
        "\"79228162514264337593543950336\"",
    ] {
        let case = CASE.replace("\"240.00\"", amount);
        assert_ne!(case, CASE);
        let e = policy::facts::read(&program, &case).expect_err(amount);
        assert_eq!(e.kind, ErrorKind::Overflow, "{amount}: {e:?}");
        assert_eq!(e.facts, vec!["paid".to_string()]);
    }
    // Within range on reading, past it in arithmetic: an evaluation error
    // with a span, not a panic.
    let text = small_policy("paid * 100000000000000");
    let p = compile(&text).expect("compiles");
    let facts = policy::facts::read(
        &p,
        r#"{"paid": "79228162514264337593543950", "start": "2026-01-01", "wait": 1}"#,
    )
    .expect("readable");
    match Prepared::new(p.clone()).decide(&facts) {
        Err(Failure::Error(EvalError::Overflow { .. })) => {}
        other => panic!("expected an overflow error, got {other:?}"),
    }
}

#[test]
fn dates_beyond_the_calendar_are_date_errors() {
    let program = program();
    for date in ["\"+262144-01-01\"", "\"-0001-01-01\"", "\"99999-01-01\""] {
        let case = CASE.replace("\"2026-03-20\"", date);
        assert_ne!(case, CASE, "the case names its request day");
        let e = policy::facts::read(&program, &case).expect_err(date);
        assert_eq!(e.kind, ErrorKind::Type, "{date}: {e:?}");
    }
    // 9999-12-31 + 5 business days is 10000-01-07: computed dates run on
    // past the years a case can write, so a request on the calendar's last
    // day still gets its answer (and `policy check` need not warn that
    // every `+ N days` can fail in the year 9999).
    let case = CASE.replace("\"2026-03-20\"", "\"9999-12-31\"");
    let facts = policy::facts::read(&program, &case).expect("9999-12-31 is a date");
    assert!(
        Prepared::new(program.clone()).decide(&facts).is_ok(),
        "decided"
    );
    // Days that carry a date past chrono's end: a date error.
    let text = small_policy("paid");
    let p = compile(&text).expect("compiles");
    for wait in [
        "100000000",
        "-100000000",
        "9223372036854775807",
        "-9223372036854775808",
    ] {
        let facts = policy::facts::read(
            &p,
            &format!(r#"{{"paid": "1", "start": "9999-12-31", "wait": {wait}}}"#),
        )
        .expect("readable");
        match Prepared::new(p.clone()).decide(&facts) {
            Err(Failure::Error(e)) => assert_eq!(e.kind(), ErrorKind::Date, "{wait}: {e:?}"),
            other => panic!("{wait}: expected a date error, got {other:?}"),
        }
    }
}

// --------------------------------------------------------------------------
// Crashes found while hardening, kept as regression tests: the checker now
// refuses evaluation deeper than MAX_EVAL_DEPTH, and batch workers and the
// analysis run on stacks with room for that depth.

/// A policy whose last definition sits at the end of a chain of `n`
/// definitions, each reading the one before.
fn definition_chain(n: usize, operators_each: usize) -> String {
    let mut text = String::from("policy chain \"a chain of definitions\"\nfact a: count \"a\"\n");
    text.push_str("assume a >= 0\ndefine d0 = a\n");
    for i in 1..n {
        text.push_str(&format!(
            "define d{i} = d{}{}\n",
            i - 1,
            " + 1".repeat(operators_each)
        ));
    }
    text.push_str(&format!(
        "output r: count\nclause c.1 \"t\"\n  > t\n  r d{} if d{} >= 0\n",
        n - 1,
        n - 1
    ));
    text
}

fn eval_policy(name: &str, policy: &str, args: &[&str], stdin_case: &str) -> Run {
    let dir = scratch(name);
    std::fs::write(dir.join("chain.policy"), policy).expect("write the policy");
    std::fs::write(dir.join("case.json"), stdin_case).expect("write the case");
    std::fs::write(
        dir.join("cases.jsonl"),
        format!("{stdin_case}\n{stdin_case}\n"),
    )
    .expect("write the cases");
    let run = run_in(&dir, args);
    let _ = std::fs::remove_dir_all(&dir);
    run
}

/// Open: `Ctx::definition` -> `Ctx::value` (src/eval/expr.rs) recurses once
/// per definition in a chain, on the caller's stack; about 600 chained
/// definitions overflow the main thread's 8 MB in a debug build, and
/// `policy check` overflows the same way when a condition reads the chain.
#[test]
fn a_long_chain_of_definitions_is_not_a_stack_overflow() {
    let policy = definition_chain(5_000, 1);
    for args in [
        &["eval", "chain.policy", "--facts", "case.json"][..],
        &["eval", "chain.policy", "--cases", "cases.jsonl"][..],
        &["check", "chain.policy"][..],
    ] {
        let run = eval_policy("chain", &policy, args, "{\"a\": 1}");
        assert!(
            run.code >= 0 && run.code <= 2,
            "{args:?} crashed:\n{}",
            run.shown()
        );
    }
}

/// Open: `policy eval --cases` decides on rayon's worker threads (2 MB
/// stacks), where an expression within MAX_OPERATORS (505 nested `not`s)
/// overflows in a debug build; the same policy decides fine through
/// `--facts` on the main thread.
#[test]
fn a_batch_survives_every_expression_the_limits_allow() {
    let policy = format!(
        "policy nots \"nested nots\"\nfact a: count \"a\"\noutput r: count\n\
         clause c.1 \"t\"\n  > t\n  r 1 if {}a >= 0\n  r 2 if a < 0\n",
        "not ".repeat(504)
    );
    let single = eval_policy(
        "nots",
        &policy,
        &["eval", "chain.policy", "--facts", "case.json"],
        "{\"a\": 1}",
    );
    assert!(single.code >= 0 && single.code <= 2, "{}", single.shown());
    let batch = eval_policy(
        "nots",
        &policy,
        &["eval", "chain.policy", "--cases", "cases.jsonl"],
        "{\"a\": 1}",
    );
    assert!(batch.code >= 0 && batch.code <= 2, "{}", batch.shown());
}
