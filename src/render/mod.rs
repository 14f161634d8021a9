//! Decisions and rejections as people and machines read them.

mod digits;
pub mod human;
pub mod json;
mod short;
mod writer;

use std::fmt::Write as _;

use crate::program::{AssumptionDef, Program, Type, Value};

/// A value as text, the way the policy's author would write it back.
pub fn show(program: &Program, ty: Type, value: &Value) -> String {
    let mut out = String::new();
    push_show(&mut out, program, ty, value);
    out
}

/// [`show`], appended to `out`: amounts, counts and dates digit by digit, as
/// their `Display` writes them.
pub fn push_show(out: &mut String, program: &Program, ty: Type, value: &Value) {
    match (ty, value) {
        (_, Value::Missing) => out.push_str("missing"),
        (Type::Money, Value::Dec(d)) => {
            digits::push_decimal(out, *d);
            if let Some(c) = &program.currency {
                out.push(' ');
                out.push_str(c);
            }
        }
        (Type::Percent, Value::Dec(d)) => {
            digits::push_decimal(out, *d);
            out.push('%');
        }
        (Type::Days, Value::Int(n)) => {
            digits::push_int(out, *n);
            out.push(' ');
            out.push_str(if n.unsigned_abs() == 1 { "day" } else { "days" });
        }
        (Type::Permission, Value::Bool(b)) => out.push_str(if *b { "permit" } else { "deny" }),
        (Type::Enum(e), Value::Enum(i)) => out.push_str(program.variant_name(e, *i)),
        (Type::List(e), Value::Set(set)) => {
            let names = variants_in(program, e, *set);
            if names.is_empty() {
                out.push_str("none");
            }
            for (k, name) in names.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                out.push_str(name);
            }
        }
        (_, Value::Dec(d)) => digits::push_decimal(out, *d),
        (_, Value::Int(n)) => digits::push_int(out, *n),
        (_, Value::Date(d)) => digits::push_date(out, *d),
        (_, Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
        (_, Value::Text(t)) => {
            let _ = write!(out, "{t:?}");
        }
        (_, Value::Enum(i)) => {
            let _ = write!(out, "{i}");
        }
        (_, Value::Set(s)) => {
            let _ = write!(out, "{s:#x}");
        }
    }
}

/// The names of the values in a set, in declaration order.
pub fn variants_in(program: &Program, e: usize, set: u128) -> Vec<&str> {
    let Some(def) = program.enums.get(e) else {
        return vec![];
    };
    def.variants
        .iter()
        .enumerate()
        .filter(|(i, _)| set & 1u128.checked_shl(*i as u32).unwrap_or(0) != 0)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// The JSON message of a rejection and the facts it names.
pub fn rejection(
    program: &Program,
    facts: &[Value],
    rejection: &crate::eval::Rejection,
) -> (String, Vec<String>) {
    let Some(assumption) = program.assumptions.get(rejection.assumption) else {
        return ("the case breaks an assumption".into(), vec![]);
    };
    let mut message = rejection_opening(program, assumption);
    push_values(&mut message, program, facts, &assumption.naming);
    message.push(')');
    (message, named_facts(program, assumption))
}

/// A rejection's message up to the values of the facts it names, which
/// follow, then `)`: the same for every case that breaks `assumption`.
pub fn rejection_opening(program: &Program, assumption: &AssumptionDef) -> String {
    let condition = program.text_of(assumption.condition.span);
    match &assumption.message {
        Some(m) => format!("{m}: `{condition}` fails ("),
        None => format!("the case breaks the assumption `{condition}` ("),
    }
}

/// The names of the facts a rejection by `assumption` names.
pub fn named_facts(program: &Program, assumption: &AssumptionDef) -> Vec<String> {
    assumption
        .naming
        .iter()
        .map(|&f| program.fact_name(f).to_string())
        .collect()
}

/// `name = value, ...` for the named facts of a case.
pub fn values_text(program: &Program, facts: &[Value], named: &[usize]) -> String {
    let mut out = String::new();
    push_values(&mut out, program, facts, named);
    out
}

/// [`values_text`], appended to `out`.
pub fn push_values(out: &mut String, program: &Program, facts: &[Value], named: &[usize]) {
    let named = named
        .iter()
        .filter_map(|&f| Some((program.facts.get(f)?, facts.get(f)?)));
    for (k, (fact, value)) in named.enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        out.push_str(&fact.name);
        out.push_str(" = ");
        push_show(out, program, fact.ty, value);
    }
}
