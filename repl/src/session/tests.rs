//! The command layer: each command against the WebPro refund policy, and
//! each error it can give.

use super::*;

const POLICY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../policies/webpro/refunds.policy"
);
const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../policies/webpro/cases");

fn loaded() -> Session {
    let mut s = Session::new();
    s.load_path(std::path::Path::new(POLICY))
        .expect("the WebPro policy loads");
    s
}

fn with_case(name: &str) -> Session {
    let mut s = loaded();
    ok(&mut s, &format!(":case {CASES}/{name}.json"));
    s
}

fn ok(s: &mut Session, line: &str) -> String {
    match s.execute(line) {
        Ok(Reply::Text(t)) => t,
        Ok(Reply::Quit) => panic!("`{line}` quit"),
        Err(e) => panic!("`{line}` failed: {:?}", e.0),
    }
}

/// The first report's message and help.
fn fails(s: &mut Session, line: &str) -> (String, Option<String>) {
    match s.execute(line) {
        Ok(r) => panic!("`{line}` succeeded: {r:?}"),
        Err(e) => {
            let r = &e.0[0];
            (r.to_string(), r.help().map(|h| h.to_string()))
        }
    }
}

#[test]
fn nothing_works_before_a_policy_is_loaded() {
    let mut s = Session::new();
    for line in [
        ":decide",
        "paid = $1",
        ":facts",
        ":needs",
        "1 + 1",
        ":why refund",
    ] {
        assert_eq!(fails(&mut s, line).0, "no policy loaded", "{line}");
    }
    assert_eq!(
        fails(&mut s, ":reload").0,
        "nothing to reload: no policy loaded"
    );
    assert_eq!(s.execute(":quit").ok(), Some(Reply::Quit));
}

#[test]
fn load_reports_a_missing_file_and_a_broken_policy() {
    let mut s = Session::new();
    assert!(fails(&mut s, ":load /nonexistent.policy")
        .0
        .starts_with("cannot read `/nonexistent.policy`"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bad = dir.path().join("bad.policy");
    std::fs::write(&bad, "policy p\nfact x: monye\n").expect("written");
    let errors = s
        .execute(&format!(":load {}", bad.display()))
        .expect_err("a bad type");
    assert!(errors.0[0].to_string().contains("unknown type `monye`"));
}

#[test]
fn setting_facts_checks_them_against_their_declaration() {
    let mut s = loaded();
    assert_eq!(ok(&mut s, "paid = $240"), "paid = 240 USD\n");
    assert_eq!(
        ok(&mut s, "reason = dissatisfied"),
        "reason = dissatisfied\n"
    );
    assert_eq!(
        ok(&mut s, "stated = name, plan and reason"),
        "stated = name, plan, reason\n"
    );
    assert_eq!(ok(&mut s, "stated = none"), "stated = none\n");
    assert_eq!(
        ok(&mut s, "primary_resolved_on = none"),
        "primary_resolved_on = missing\n"
    );
    assert_eq!(
        ok(&mut s, "commenced = 2026-01-01"),
        "commenced = 2026-01-01\n"
    );
    // A value may be computed from facts already given.
    assert_eq!(
        ok(&mut s, "requested = commenced + 20 days"),
        "requested = 2026-01-21\n"
    );
    assert_eq!(ok(&mut s, "issues_resolved = 2"), "issues_resolved = 2\n");
}

#[test]
fn setting_facts_errors() {
    let mut s = loaded();
    let (message, help) = fails(&mut s, "payed = $240");
    assert_eq!(message, "`payed` is not a fact of policy refunds");
    assert_eq!(help.as_deref(), Some("did you mean `paid`?"));
    let (message, help) = fails(&mut s, "reason = dissatisified");
    assert_eq!(
        message,
        "`dissatisified` is not one of the values of `reason`"
    );
    assert_eq!(help.as_deref(), Some("did you mean `dissatisfied`?"));
    assert_eq!(
        fails(&mut s, "paid = 3 days").0,
        "expected money, found days"
    );
    assert_eq!(
        fails(&mut s, "paid = missing").0,
        "`paid` is not optional: it needs a value"
    );
    assert_eq!(
        fails(&mut s, "refund = $1").0,
        "`refund` is an output, not a fact"
    );
    assert_eq!(
        fails(&mut s, "window_end = 2026-01-01").0,
        "`window_end` is a definition, not a fact"
    );
    assert_eq!(
        fails(&mut s, "requested = commenced + 1 day").0,
        "`commenced` has no value yet"
    );
    assert_eq!(
        fails(&mut s, "paid = refund").0,
        "a fact's value cannot read an output"
    );
    assert_eq!(
        fails(&mut s, "stated = name, nmae").0,
        "`nmae` is not one of the values of `stated`"
    );
    assert!(fails(&mut s, "paid = $").0.starts_with("expected"));
    assert_eq!(fails(&mut s, "paid =").0, "expected a value");
}

#[test]
fn errors_point_into_the_line_typed() {
    let mut s = loaded();
    let errors = s.execute("reason = dissatisified").expect_err("a typo");
    let label = errors.0[0]
        .labels()
        .and_then(|mut l| l.next())
        .expect("a label");
    assert_eq!((label.offset(), label.len()), (9, "dissatisified".len()));
}

#[test]
fn unset_and_facts() {
    let mut s = with_case("guarantee-primary-never-resolved");
    assert!(ok(&mut s, ":facts").contains("  paid                 240.00 USD\n"));
    assert_eq!(ok(&mut s, ":unset paid"), "paid is no longer set\n");
    assert_eq!(ok(&mut s, ":unset paid"), "paid was not set\n");
    let facts = ok(&mut s, ":facts");
    assert!(facts.contains("  paid                 not set\n"));
    assert!(facts.ends_with("needed to decide: paid\n"));
    assert_eq!(
        fails(&mut s, ":unset payd").1.as_deref(),
        Some("did you mean `paid`?")
    );
}

#[test]
fn case_files_whole_partial_and_broken() {
    let mut s = loaded();
    assert!(ok(
        &mut s,
        &format!(":case {CASES}/guarantee-primary-never-resolved.json")
    )
    .starts_with("12 facts set"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let partial = dir.path().join("partial.json");
    std::fs::write(&partial, r#"{"reason": "unresolved", "paid": 99.5}"#).expect("written");
    assert!(ok(&mut s, &format!(":case {}", partial.display())).starts_with("2 facts set"));
    assert!(ok(&mut s, ":facts").contains("  paid                 99.5 USD\n"));
    assert!(ok(&mut s, ":facts").contains("  commenced            not set\n"));
    std::fs::write(&partial, r#"{"reason": "unresolvd"}"#).expect("written");
    assert!(fails(&mut s, &format!(":case {}", partial.display()))
        .0
        .contains("reason"));
    std::fs::write(&partial, r#"{"payd": 1}"#).expect("written");
    assert!(fails(&mut s, &format!(":case {}", partial.display()))
        .0
        .contains("did you mean `paid`?"));
    std::fs::write(&partial, "[1, 2]").expect("written");
    assert!(fails(&mut s, &format!(":case {}", partial.display()))
        .0
        .contains("not a JSON object"));
}

#[test]
fn decide_shows_every_output_and_its_clause() {
    let mut s = with_case("guarantee-primary-never-resolved");
    assert_eq!(
        ok(&mut s, ":decide"),
        "  refund             240.00 USD   decided by cancellation.1\n  retained           0.00 USD\n  discretionary_max  not set\n  respond_by         2026-03-23\n  unmet              none\n"
    );
    let mut s = loaded();
    let (message, help) = fails(&mut s, ":decide");
    assert!(message.starts_with("cannot decide yet: no value for commenced, plan_ends"));
    assert!(help.is_some_and(|h| h.contains(":needs")));
    let mut s = with_case("invalid-fees-exceed-paid");
    assert!(fails(&mut s, ":decide")
        .0
        .starts_with("the policy rejects this case: the installation fee"));
}

#[test]
fn why_quotes_the_deciding_clause_and_its_conditions() {
    let mut s = with_case("guarantee-primary-never-resolved");
    let why = ok(&mut s, ":why refund");
    assert!(why.starts_with(
        "refund = 240.00 USD, decided by cancellation.1 \"15-day guarantee\"\n  > WebPro"
    ));
    assert!(why.contains("    ✓ reason is unresolved  reason = unresolved\n"));
    assert!(why.ends_with("  it overrode:\n    refund.2 \"full refund of the subscription when nothing was resolved\"\n"));
    assert!(ok(&mut s, ":why retained").starts_with("retained = 0.00 USD, computed as `paid - refund`\n  from paid = 240.00 USD, refund = 240.00 USD"));
    assert!(ok(&mut s, ":why discretionary_max")
        .starts_with("discretionary_max is not set: no clause that sets it applied\n"));
    let (message, help) = fails(&mut s, ":why refnd");
    assert_eq!(message, "`refnd` is not an output of policy refunds");
    assert_eq!(help.as_deref(), Some("did you mean `refund`?"));
    assert!(fails(&mut s, ":why paid")
        .1
        .is_some_and(|h| h.contains("facts are given")));
}

#[test]
fn what_if_shows_a_difference_and_leaves_the_facts_alone() {
    let mut s = with_case("guarantee-primary-never-resolved");
    let out = ok(
        &mut s,
        ":what-if issues_resolved = 2, primary_resolved_on = 2026-01-10, reason = dissatisfied",
    );
    assert_eq!(
        out,
        "what if issues_resolved = 2, primary_resolved_on = 2026-01-10, reason = dissatisfied:\n  refund             240.00 USD by cancellation.1  ->  159.45 USD by cancellation.3\n  retained           0.00 USD  ->  80.55 USD\n  unchanged: discretionary_max, respond_by, unmet\n"
    );
    assert!(ok(&mut s, ":facts").contains("  issues_resolved      0\n"));
    assert!(ok(&mut s, ":what-if paid = $240.00").ends_with("  no output changes\n"));
    assert!(ok(&mut s, ":what-if primary_resolved_on = 2026-01-10")
        .contains("the policy rejects this case"));
    assert_eq!(
        fails(&mut s, ":what-if payd = $1").1.as_deref(),
        Some("did you mean `paid`?")
    );
    assert_eq!(fails(&mut s, ":what-if paid =").0, "expected a value");
    assert!(fails(&mut s, ":what-if paid = $1, 3")
        .0
        .starts_with("expected"));
    // Without a decision now, the new one is shown whole.
    ok(&mut s, ":unset paid");
    let out = ok(&mut s, ":what-if paid = $240");
    assert!(out.contains("(no decision now: cannot decide yet: no value for paid)"));
    assert!(out.contains("refund             240.00 USD   decided by cancellation.1"));
}

#[test]
fn expressions_and_names_evaluate() {
    let mut s = with_case("guarantee-primary-never-resolved");
    assert_eq!(ok(&mut s, "50% of paid"), "120.00 USD\n");
    assert_eq!(ok(&mut s, "requested + 5 business days"), "2026-03-23\n");
    assert_eq!(ok(&mut s, "window_end"), "window_end = 2026-01-16\n");
    assert_eq!(
        ok(&mut s, "refund"),
        "refund = 240.00 USD   decided by cancellation.1\n"
    );
    assert_eq!(
        ok(&mut s, "discretionary_max"),
        "discretionary_max = not set\n"
    );
    assert_eq!(ok(&mut s, "reason is unresolved and paid > $100"), "true\n");
    assert_eq!(ok(&mut s, "paid - refund"), "0.00 USD\n");
}

#[test]
fn expression_errors() {
    let mut s = loaded();
    assert_eq!(fails(&mut s, "paid * 2").0, "`paid` has no value yet");
    assert_eq!(
        fails(&mut s, "window_end").0,
        "`commenced` has no value yet"
    );
    assert_eq!(
        fails(&mut s, "paid + 3 days").0,
        "cannot add money and days"
    );
    let (message, help) = fails(&mut s, "decide");
    assert_eq!(message, "unknown name `decide`");
    assert_eq!(help.as_deref(), Some("to run the command, type `:decide`"));
    assert!(fails(&mut s, "paid +")
        .0
        .ends_with("found the end of the line"));
    assert!(fails(&mut s, "refund").0.starts_with("cannot decide yet"));
}

#[test]
fn reload_keeps_the_facts_that_still_fit() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("p.policy");
    let v1 = "policy p\n  currency USD\nfact a: money\nfact r: one of x, y\nfact gone: count\noutput o: money\nclause c \"c\"\n  o a\n";
    std::fs::write(&file, v1).expect("written");
    let mut s = Session::new();
    ok(&mut s, &format!(":load {}", file.display()));
    ok(&mut s, "a = $5");
    ok(&mut s, "r = y");
    ok(&mut s, "gone = 3");
    let v2 = "policy p\n  currency USD\nfact a: money\nfact r: one of z, x\noutput o: money\nclause c \"c\"\n  o a + $1\n";
    std::fs::write(&file, v2).expect("written");
    let out = ok(&mut s, ":reload");
    assert!(
        out.ends_with("dropped facts that no longer fit: r, gone\n"),
        "{out}"
    );
    ok(&mut s, "r = x");
    assert_eq!(ok(&mut s, "o"), "o = 6 USD   decided by c\n");
    std::fs::write(&file, v1).expect("written");
    ok(&mut s, ":reload");
    assert!(ok(&mut s, ":facts").contains("  r     x\n"));
}

#[test]
fn needs_clauses_and_help_answer() {
    let mut s = loaded();
    ok(&mut s, "reason = unresolved");
    ok(&mut s, "issues_resolved = 0");
    let needs = ok(&mut s, ":needs");
    assert!(needs.contains(
        "cancellation.1 or refund.2, depending on commenced, requested, primary_resolved_on"
    ));
    let clauses = ok(&mut s, ":clauses");
    assert!(clauses.contains("cancellation.1  \"15-day guarantee\": depends on missing facts\n"));
    assert!(clauses.contains(
        "refund.2        \"full refund of the subscription when nothing was resolved\": applies;"
    ));
    assert!(ok(&mut s, ":help").contains(":what-if FACT = VALUE, ..."));
}

/// An expression reading a chain of definitions 40 deep, each reading the
/// one before twice, names the fact it still needs (the walk looking for it
/// went through each definition 2^depth times, and never finished).
#[test]
fn an_expression_through_a_chain_forty_deep_names_the_missing_fact() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("chain.policy");
    let mut text = "policy p\n  currency USD\nfact paid: money\ndefine v0 = paid\n".to_string();
    for i in 1..=40 {
        text.push_str(&format!("define v{i} = v{} + v{}\n", i - 1, i - 1));
    }
    text.push_str("output o: money\nclause c \"c\"\n  o v40\n");
    std::fs::write(&file, text).expect("written");
    let mut s = Session::new();
    ok(&mut s, &format!(":load {}", file.display()));
    assert_eq!(fails(&mut s, "v40 + v40").0, "`paid` has no value yet");
    ok(&mut s, "paid = $0");
    assert_eq!(ok(&mut s, "v40 > $1"), "false\n");
}
