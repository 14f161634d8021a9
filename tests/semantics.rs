//! The date, business-day, percent and money rules at their boundaries, each
//! as one expression evaluated against one small policy and case.

// Tests assert by panicking: the library's lints against it do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use policy::check::check_expression;
use policy::compile::compile;
use policy::eval::{EvalError, Prepared};
use policy::program::{Program, Type, Value};
use policy::render::show;
use policy::syntax::parse_expression;

const POLICY: &str = r#"
policy semantics
  currency USD
  rounding half away from zero to cents
  business days Monday to Friday
  holiday 2026-12-25 "Christmas Day"
fact d: date
fact m: money
fact n: count
fact p: percent
fact late: optional date
fact k: one of a, b, c
fact l: list of a, b, c
output o: money = m
"#;

const FACTS: &str = r#"{"d": "2026-01-01", "m": "240.00", "n": 3, "p": "12.5", "late": null, "k": "b", "l": ["a", "c"]}"#;

fn program() -> Program {
    compile("semantics.policy", POLICY).unwrap_or_else(|p| panic!("{:?}", p.reports()))
}

/// Evaluate `expr` in the case; the value as text, or the error.
fn eval(expr: &str) -> Result<(Type, Value), EvalError> {
    let program = program();
    let facts = policy::facts::read(&program, FACTS).expect("facts read");
    let parsed = parse_expression(expr).unwrap_or_else(|e| panic!("{expr}: {e:?}"));
    let (node, ty) =
        check_expression(&program, &parsed, &[], None).unwrap_or_else(|e| panic!("{expr}: {e:?}"));
    Prepared::new(program)
        .evaluate(&facts, None, &node)
        .map(|v| (ty, v))
}

fn shown(expr: &str) -> String {
    let (ty, value) = eval(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
    show(&program(), ty, &value)
}

/// `assert_eval!("$1.10 + $2", "3.10 USD")`: the expression shows as given.
macro_rules! assert_eval {
    ($expr:expr, $want:expr) => {
        assert_eq!(shown($expr), $want, "{}", $expr)
    };
}

#[test]
fn money_is_exact_and_unrounded_inside_expressions() {
    assert_eval!("$0.10 + $0.20", "0.30 USD");
    assert_eval!("$0.10 + $0.20 = $0.30", "true");
    assert_eval!("50% of $69.99", "34.9950 USD");
    assert_eval!("(50% of $69.99) rounded", "35.00 USD");
    assert_eval!("12.5% of m", "30.000 USD");
    assert_eval!("p of m", "30.000 USD");
    assert_eval!("m * n", "720.00 USD");
    // A quotient nothing rounds is carried to 10 places, half to even; one
    // that `rounded` rounds is rounded once, exactly.
    assert_eval!("$1 / 3", "0.3333333333 USD");
    assert_eval!("$2 / 3", "0.6666666667 USD");
    assert_eval!("($2 / 3) rounded", "0.67 USD");
    assert_eval!("($0.01 / 2) rounded", "0.01 USD");
}

#[test]
fn rounding_is_half_away_from_zero_at_the_midpoint() {
    assert_eval!("$2.675 rounded", "2.68 USD");
    assert_eval!("-$2.675 rounded", "-2.68 USD");
    assert_eval!("$2.6749 rounded", "2.67 USD");
    assert_eval!("$2 rounded", "2.00 USD");
}

#[test]
fn pro_rata_divides_once_last() {
    // 200 * 291 / 365, the shipped pro-rata case, before its rounding.
    assert_eval!(
        "$200 * (2027-01-01 - 2026-03-16) / (2027-01-01 - 2026-01-01)",
        "159.4520547945 USD"
    );
    assert_eval!(
        "($200 * (2027-01-01 - 2026-03-16) / (2027-01-01 - 2026-01-01)) rounded",
        "159.45 USD"
    );
    assert_eval!("m * n / 7", "102.8571428571 USD");
    assert_eval!("(m * n) / 7", "102.8571428571 USD");
    assert_eval!("n * m / 7", "102.8571428571 USD");
}

#[test]
fn higher_and_lower() {
    assert_eval!("the higher of $69 and 50% of $99.99", "69 USD");
    assert_eval!("the higher of $69 and 50% of $240", "120 USD");
    assert_eval!("the lower of 0 days and 2026-01-01 - 2026-01-05", "-4 days");
    assert_eval!("the higher of d and 2025-12-31", "2026-01-01");
}

#[test]
fn within_includes_both_ends() {
    assert_eval!("2026-01-16 within 15 days of d", "true");
    assert_eval!("2026-01-17 within 15 days of d", "false");
    assert_eval!("2026-01-01 within 15 days of d", "true");
    assert_eval!("2025-12-31 within 15 days of d", "false");
}

#[test]
fn calendar_days() {
    assert_eval!("d + 15 days", "2026-01-16");
    assert_eval!("d - 1 day", "2025-12-31");
    assert_eval!("d + 2 weeks", "2026-01-15");
    assert_eval!("2027-01-01 - d", "365 days");
    assert_eval!("2028-03-01 - 2028-02-01", "29 days");
    assert_eval!("d - 2026-01-02", "-1 day");
}

#[test]
fn business_days_count_from_the_day_after_and_skip_holidays() {
    assert_eval!("2026-03-16 + 5 business days", "2026-03-23");
    assert_eval!("2026-11-28 + 5 business days", "2026-12-04");
    assert_eval!("2026-12-24 + 1 business day", "2026-12-28");
    assert_eval!("2026-12-28 - 1 business day", "2026-12-24");
    assert_eval!("the next business day on or after 2026-12-25", "2026-12-28");
    assert_eval!("the next business day on or after 2026-12-24", "2026-12-24");
}

#[test]
fn months_and_years_keep_the_day_or_fail() {
    assert_eval!("2026-01-15 + 1 month", "2026-02-15");
    assert_eval!("d + 12 months", "2027-01-01");
    assert_eval!("2024-02-29 + 4 years", "2028-02-29");
    assert!(matches!(
        eval("2026-01-31 + 1 month"),
        Err(EvalError::NoSuchDay {
            year: 2026,
            month: 2,
            day: 31,
            ..
        })
    ));
    assert!(matches!(
        eval("2024-02-29 + 1 year"),
        Err(EvalError::NoSuchDay {
            year: 2025,
            month: 2,
            day: 29,
            ..
        })
    ));
}

#[test]
fn enumerations_lists_and_optional_facts() {
    assert_eval!("k is one of a, b", "true");
    assert_eval!("k is not one of a, b", "false");
    assert_eval!("k is c", "false");
    assert_eval!("\"c\" in l", "true");
    assert_eval!("\"b\" not in l", "true");
    assert_eval!("late is missing", "true");
    assert_eval!("late is set and late > d", "false");
    assert_eval!("if late is set then late else d", "2026-01-01");
}

#[test]
fn arithmetic_past_its_range_is_an_error_with_a_place() {
    assert!(matches!(
        eval("$79228162514264337593543950335 + $1"),
        Err(EvalError::Overflow { .. })
    ));
    assert!(matches!(
        eval("m / 0"),
        Err(EvalError::DivisionByZero { .. })
    ));
    assert!(matches!(
        eval("d + 999999999 days"),
        Err(EvalError::DateOutOfRange { .. })
    ));
    assert!(matches!(
        eval("n * 9223372036854775807"),
        Err(EvalError::Overflow { .. })
    ));
}

#[test]
fn an_overridden_clause_contributes_nothing_not_even_its_errors() {
    let text = "policy ovr\n  currency USD\nfact paid: money\nfact n_months: count\noutput refund: money\n\
                clause full \"full\"\n  refund paid if n_months = 0\n\
                clause share \"share\"\n  refund paid if paid / n_months > $10\n\
                precedence full > share\n";
    let program =
        Prepared::new(compile("ovr.policy", text).unwrap_or_else(|p| panic!("{:?}", p.reports())));
    let decide = |facts: &str| {
        let facts = program.read(facts).expect("facts read");
        program.decide(&facts)
    };
    // `share` would divide by zero, but `full` applies and overrides it.
    let decision = decide(r#"{"paid": "100", "n_months": 0}"#).expect("decided");
    let full = program
        .program()
        .clauses
        .iter()
        .position(|c| c.id == "full");
    assert_eq!(decision.decided_by[0], full);
    // Where nothing overrides it, its error is the case's error.
    let program2 = compile(
        "ovr2.policy",
        &text
            .replace("precedence full > share\n", "")
            .replace("n_months = 0", "n_months = 99"),
    )
    .unwrap_or_else(|p| panic!("{:?}", p.reports()));
    let program2 = Prepared::new(program2);
    let facts = program2
        .read(r#"{"paid": "100", "n_months": 0}"#)
        .expect("facts read");
    assert!(matches!(
        program2.decide(&facts),
        Err(policy::eval::Failure::Error(
            EvalError::DivisionByZero { .. }
        ))
    ));
}

/// An error in an overridden clause's condition is forgotten and the
/// decision goes on. A definition that condition computed after the error
/// (here `flag`, whose own division fails again) must not be remembered:
/// the next read computes it again and raises its error.
#[test]
fn a_definition_computed_after_a_forgotten_error_is_not_remembered() {
    let text = "policy memo\n  currency USD\nfact paid: money\nfact n: count\n\
                define flag = if paid / n > $10 then $1 else $2\n\
                output refund: money\noutput x: money = flag\n\
                clause full \"full\"\n  refund paid if n = 0\n\
                clause share \"share\"\n  refund paid if paid / n > $10 or flag = $2\n\
                precedence full > share\n";
    let program =
        Prepared::new(compile("memo.policy", text).unwrap_or_else(|p| panic!("{:?}", p.reports())));
    let facts = program
        .read(r#"{"paid": "100", "n": 0}"#)
        .expect("facts read");
    let flag_divisor = text
        .find("paid / n > $10 then")
        .map(|at| at + "paid / ".len());
    match program.decide(&facts) {
        Err(policy::eval::Failure::Error(EvalError::DivisionByZero { span })) => {
            assert_eq!(Some(span.offset()), flag_divisor, "the error in `flag`");
        }
        other => panic!("expected the division by zero in `flag`, got {other:?}"),
    }
    let facts = program
        .read(r#"{"paid": "100", "n": 4}"#)
        .expect("facts read");
    let decision = program.decide(&facts).expect("decided");
    assert_eq!(decision.outputs[1], Value::Dec(rust_decimal::Decimal::ONE));
}
