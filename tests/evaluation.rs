//! Which error a decision reports, and where, when evaluation fails part way:
//! compiled code records the first error and goes on with stand-ins, so
//! every place that runs it must check, and the first error must be the one
//! a walk that stops at once would report. And chains of shared definitions,
//! which must cost their length, not 2^length, to decide and to explain.

// Tests assert by panicking: the library's lints against it do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use policy::compile::compile;
use policy::eval::{EvalError, Failure, Prepared};

const POLICY: &str = "policy errs \"errors\"
  currency USD
  rounding half away from zero to cents
fact paid: money
fact n: count
assume paid / n > $0 or n < 0
  \"a share cannot be negative\"
output refund: money
output unmet = unmet requirements of refund
clause share \"share\"
  when paid / (n - 5) > $1 or n <= 5
  refund paid if paid * n > $1 or n = 0
  require (paid / (n - 1)) > $1 as split
";

fn program(text: &str) -> Prepared {
    Prepared::new(compile("errs.policy", text).unwrap_or_else(|p| panic!("{:?}", p.reports())))
}

fn decided(text: &str, facts: &str) -> Result<policy::eval::Decision, Failure> {
    let program = program(text);
    let facts = program.read(facts).expect("facts read");
    program.decide(&facts)
}

/// The offset in `text` just after the first `before`.
fn after(text: &str, before: &str) -> usize {
    text.find(before)
        .map(|at| at + before.len())
        .expect("in the text")
}

fn division_by_zero_at(result: Result<policy::eval::Decision, Failure>) -> usize {
    match result {
        Err(Failure::Error(EvalError::DivisionByZero { span })) => span.offset(),
        other => panic!("expected a division by zero, got {other:?}"),
    }
}

/// An assumption that cannot be evaluated is an error, not a rejection: the
/// stand-in `false` its failed division leaves must not read as "broken".
#[test]
fn an_error_in_an_assumption_is_an_error_not_a_rejection() {
    let at = division_by_zero_at(decided(POLICY, r#"{"paid": "100", "n": 0}"#));
    assert_eq!(at, after(POLICY, "assume paid / "));
}

/// `or` goes on past a failing left side, whose right side then holds: the
/// left side's error is still the decision's.
#[test]
fn the_first_error_of_an_or_is_reported_in_a_when() {
    let text = POLICY.replace("assume paid / n > $0 or n < 0", "assume n >= 0");
    let at = division_by_zero_at(decided(&text, r#"{"paid": "100", "n": 5}"#));
    assert_eq!(at, after(&text, "when paid / ("));
}

/// A requirement is evaluated when `unmet` is computed: its error is the
/// decision's, with the requirement's place.
#[test]
fn an_error_in_a_requirement_read_by_unmet_is_reported() {
    let text = POLICY.replace("assume paid / n > $0 or n < 0", "assume n >= 0");
    let at = division_by_zero_at(decided(&text, r#"{"paid": "100", "n": 1}"#));
    assert_eq!(at, after(&text, "require (paid / ("));
}

/// With nothing failing, the same policy decides: the errors above come
/// from the facts, not from the policy.
#[test]
fn the_same_policy_decides_a_case_without_errors() {
    let decision = decided(POLICY, r#"{"paid": "100", "n": 3}"#).expect("decided");
    let paid = rust_decimal::Decimal::new(10000, 2);
    assert_eq!(decision.outputs[0], policy::program::Value::Dec(paid));
}

/// A clause beaten by one that applies contributes nothing, so an error in
/// its rule's condition is dropped; the rule then does not apply at all: it
/// does not take its `otherwise` either, and the clause is neither
/// applicable nor listed as overridden. A clause of its own, it does.
#[test]
fn a_failing_condition_of_an_overridden_clause_does_not_take_its_otherwise() {
    let text = "policy ranked \"ranked\"
  currency USD
fact paid: money
fact n: count
output refund: money
clause strong \"strong\"
  refund $5 if n = 0
clause weak \"weak\"
  refund $1 if paid / n > $1, otherwise refund $2
precedence strong > weak
";
    let decision = decided(text, r#"{"paid": "100", "n": 0}"#).expect("decided");
    assert_eq!(decision.decided_by[0], Some(0));
    assert!(!decision.applicable.contains(1), "{decision:?}");
    assert!(decision.overridden[0].is_empty(), "{decision:?}");

    // The same condition holding or failing without an error: applicable
    // (through either branch) and overridden.
    let decision = decided(text, r#"{"paid": "100", "n": 200}"#).expect("decided");
    assert_eq!(decision.decided_by[0], Some(1));
    assert_eq!(decision.outputs[0], policy::program::Value::Dec(2.into()));

    // Alone, the weak clause's error is the decision's.
    let alone = text
        .replace("precedence strong > weak\n", "")
        .replace("  refund $5 if n = 0\n", "  refund $5 if n = 1\n");
    let at = division_by_zero_at(decided(&alone, r#"{"paid": "100", "n": 0}"#));
    assert_eq!(at, after(&alone, "if paid / "));
}

const SHARES: &str = "policy shares \"shares\"
  currency USD
  rounding half away from zero to cents
fact paid: money
fact n: count
fact m: count
output refund: money
clause share \"share\"
  refund paid * n / m
";

fn refund(facts: &str) -> policy::program::Value {
    let decision = decided(SHARES, facts).expect("decided");
    decision.outputs[0].clone()
}

fn amount(text: &str) -> policy::program::Value {
    policy::program::Value::Dec(text.parse().expect("an amount"))
}

/// A money output set to a pro-rata share is rounded as it is computed
/// (`program/share.rs`) where that provably gives the library's digits,
/// and computed as written elsewhere: both ways are the same decision, and
/// a whole of zero is the same error, at the same place.
#[test]
fn a_rounded_share_decides_and_fails_as_written() {
    // One exact division: 200.00 * 290 / 365 = 158.9041...
    let share = refund(r#"{"paid": "200.00", "n": 290, "m": 365}"#);
    assert_eq!(share, amount("158.90"));
    // A negative whole: the library's quotient, then rounded.
    let share = refund(r#"{"paid": "100", "n": 2, "m": -3}"#);
    assert_eq!(share, amount("-66.67"));
    // A whole of zero: a division by zero at the whole.
    let at = division_by_zero_at(decided(SHARES, r#"{"paid": "100", "n": 2, "m": 0}"#));
    assert_eq!(at, after(SHARES, "paid * n / "));
}

/// A policy whose definitions `v0` to `v40` each read the one before
/// twice (`v0 = paid / n`), then `rest`.
fn chain(rest: &str) -> String {
    let mut text = String::from(
        "policy chain\n  currency USD\nfact paid: money\nfact n: count\ndefine v0 = paid / n\n",
    );
    for i in 1..=40 {
        text.push_str(&format!("define v{i} = v{} + v{}\n", i - 1, i - 1));
    }
    text + rest
}

/// After an error, a definition is not computed again at each read: in a
/// chain where each definition reads the one before twice, that would be
/// 2^40 computations, and this test would not finish.
#[test]
fn an_error_under_a_chain_of_shared_definitions_is_reported_at_once() {
    let text = chain("output refund: money = v40\n");
    let at = division_by_zero_at(decided(&text, r#"{"paid": "100", "n": 0}"#));
    assert_eq!(at, after(&text, "v0 = paid / "));
}

/// The explanation names each definition a condition reads once, however
/// often the chain reads it: going through each read, this test would not
/// finish either.
#[test]
fn a_chain_of_shared_definitions_is_explained_at_once() {
    let text = chain("output refund: money\nclause a \"a\"\n  refund paid if v40 > $0\n");
    let program = program(&text);
    let facts = program
        .read(r#"{"paid": "100", "n": 4}"#)
        .expect("facts read");
    let decision = program.decide(&facts).expect("decided");
    let trace = program.explain(&facts, &decision);
    let shown = format!("{trace:?}");
    for i in 0..=40 {
        assert_eq!(
            shown.matches(&format!("\"v{i}\"")).count(),
            1,
            "v{i} in {shown}"
        );
    }
}
