//! When two outputs hold the same value (`policy diff`, across two versions
//! of a policy), and when an output holds what a worked case expects
//! (`policy test`, against the case file's JSON): amounts compare as
//! decimals (`240.0` = `240.00` = `240`, `50%` = `50`), lists as sets of
//! names, enumeration values by name, everything else exactly.

use std::borrow::Cow;

use rust_decimal::Decimal;
use serde_json::Value as Json;

use crate::program::{Program, Type, Value};

/// An output's value as the program that decided it names it.
#[derive(Clone, Copy, Debug)]
pub struct Shown<'a> {
    /// The program, for the names of enumeration values.
    pub program: &'a Program,
    /// The output's type.
    pub ty: Type,
    /// The value.
    pub value: &'a Value,
}

/// A value as a reader of the decision sees it: what the JSON output would
/// hold, typed.
#[derive(Debug, PartialEq)]
enum Seen<'a> {
    Unset,
    Amount(Decimal),
    Truth(bool),
    Word(Cow<'a, str>),
    Names(Vec<&'a str>),
}

impl<'a> Shown<'a> {
    fn seen(self) -> Seen<'a> {
        let program = self.program;
        match (self.ty, self.value) {
            (_, Value::Missing) => Seen::Unset,
            (Type::Percent, Value::Dec(d)) | (_, Value::Dec(d)) => Seen::Amount(*d),
            (_, Value::Int(n)) => Seen::Amount(Decimal::from(*n)),
            (_, Value::Date(d)) => Seen::Word(Cow::Owned(d.to_string())),
            (Type::Permission, Value::Bool(b)) => {
                Seen::Word(Cow::Borrowed(if *b { "permit" } else { "deny" }))
            }
            (_, Value::Bool(b)) => Seen::Truth(*b),
            (Type::Enum(e), Value::Enum(i)) => {
                Seen::Word(Cow::Borrowed(program.variant_name(e, *i)))
            }
            (_, Value::Enum(i)) => Seen::Amount(Decimal::from(*i)),
            (Type::List(e), Value::Set(set)) => {
                Seen::Names(crate::render::variants_in(program, e, *set))
            }
            (_, Value::Set(set)) => Seen::Word(Cow::Owned(format!("{set:#x}"))),
            (_, Value::Text(t)) => match amount_in(t) {
                Some(d) => Seen::Amount(d),
                None => Seen::Word(Cow::Borrowed(t)),
            },
        }
    }
}

/// Whether two outputs hold the same value (each from its own program).
pub fn same_value(a: Shown<'_>, b: Shown<'_>) -> bool {
    match (a.seen(), b.seen()) {
        (Seen::Names(x), Seen::Names(y)) => same_names(&x, &y),
        (x, y) => x == y,
    }
}

/// Whether an output holds what a worked case's `expect` says it holds.
pub fn is_expected(want: &Json, got: Shown<'_>) -> bool {
    let seen = got.seen();
    if let (Some(x), Seen::Amount(y)) = (amount_of(want), &seen) {
        return x == *y;
    }
    match (want, seen) {
        (Json::Null, Seen::Unset) => true,
        (Json::Bool(x), Seen::Truth(y)) => *x == y,
        (Json::String(x), Seen::Word(y)) => *x == y,
        (Json::Array(items), Seen::Names(names)) => {
            items.len() == names.len()
                && items
                    .iter()
                    .all(|item| item.as_str().is_some_and(|i| names.contains(&i)))
        }
        _ => false,
    }
}

/// Two lists of names hold the same names.
fn same_names(x: &[&str], y: &[&str]) -> bool {
    x.len() == y.len() && x.iter().all(|v| y.contains(v))
}

/// An expected amount: a JSON number, or a string of digits (a percentage
/// may end in `%`).
fn amount_of(j: &Json) -> Option<Decimal> {
    match j {
        Json::String(s) => amount_in(s.strip_suffix('%').unwrap_or(s)),
        Json::Number(n) => n.to_string().parse().ok(),
        _ => None,
    }
}

/// The amount a text spells with digits, `.` and `-` only (dates and words
/// are not amounts).
fn amount_in(text: &str) -> Option<Decimal> {
    let numeric = |b: u8| b.is_ascii_digit() || b == b'.' || b == b'-';
    if text.is_empty() || !text.bytes().all(numeric) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn program() -> Program {
        let text = include_str!("../../policies/webpro/refunds.policy");
        match crate::compile::compile("refunds.policy", text) {
            Ok(p) => p,
            Err(e) => panic!("{:?}", e.reports()),
        }
    }

    #[test]
    fn amounts_compare_as_decimals_and_nothing_else_does() {
        let p = program();
        let shown = |ty, value| Shown {
            program: &p,
            ty,
            value,
        };
        let money = |s: &str| Value::Dec(s.parse().unwrap_or_default());
        let m240 = money("240.00");
        assert!(is_expected(&json!("240.0"), shown(Type::Money, &m240)));
        assert!(is_expected(&json!(240), shown(Type::Money, &m240)));
        assert!(!is_expected(&json!("240.01"), shown(Type::Money, &m240)));
        let zero = money("0.00");
        assert!(!is_expected(&json!(null), shown(Type::Money, &zero)));
        let date = Value::Date(chrono::NaiveDate::MIN);
        assert!(!is_expected(&json!("2026-01-01"), shown(Type::Date, &date)));
        let labels = Type::List(p.requirement_labels);
        let both = Value::Set(0b11);
        let list = shown(labels, &both);
        let mut names = crate::render::variants_in(&p, p.requirement_labels, 0b11);
        assert_eq!(names.len(), 2);
        names.reverse();
        assert!(is_expected(&json!(names), list));
        assert!(!is_expected(&json!(names[..1]), list));
        let (int, dec) = (Value::Int(240), money("240.0"));
        assert!(same_value(
            shown(Type::Count, &int),
            shown(Type::Money, &dec)
        ));
        assert!(same_value(list, list));
        let one = Value::Set(0b01);
        assert!(!same_value(list, shown(labels, &one)));
    }
}
