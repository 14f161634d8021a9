//! Decisions and rejections as people and machines read them.

mod digits;
pub mod human;
pub mod json;
mod writer;

use crate::program::{Program, Type, Value};

/// A value as text, the way the policy's author would write it back.
pub fn show(program: &Program, ty: Type, value: &Value) -> String {
    match (ty, value) {
        (_, Value::Missing) => "missing".to_string(),
        (Type::Money, Value::Dec(d)) => match &program.currency {
            Some(c) => format!("{d} {c}"),
            None => d.to_string(),
        },
        (Type::Percent, Value::Dec(d)) => format!("{d}%"),
        (Type::Days, Value::Int(n)) if n.abs() == 1 => format!("{n} day"),
        (Type::Days, Value::Int(n)) => format!("{n} days"),
        (Type::Permission, Value::Bool(true)) => "permit".to_string(),
        (Type::Permission, Value::Bool(false)) => "deny".to_string(),
        (Type::Enum(e), Value::Enum(i)) => program.variant_name(e, *i).to_string(),
        (Type::List(e), Value::Set(set)) => {
            let names = variants_in(program, e, *set);
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        }
        (_, Value::Dec(d)) => d.to_string(),
        (_, Value::Int(n)) => n.to_string(),
        (_, Value::Date(d)) => d.to_string(),
        (_, Value::Bool(b)) => b.to_string(),
        (_, Value::Text(t)) => format!("{t:?}"),
        (_, Value::Enum(i)) => i.to_string(),
        (_, Value::Set(s)) => format!("{s:#x}"),
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
    let assumption = &program.assumptions[rejection.assumption];
    let condition = program.text_of(assumption.condition.span);
    let values = values_text(program, facts, &assumption.naming);
    let message = match &assumption.message {
        Some(m) => format!("{m}: `{condition}` fails ({values})"),
        None => format!("the case breaks the assumption `{condition}` ({values})"),
    };
    let named = assumption
        .naming
        .iter()
        .map(|&f| program.facts[f].name.clone())
        .collect();
    (message, named)
}

/// `name = value, ...` for the named facts of a case.
pub fn values_text(program: &Program, facts: &[Value], named: &[usize]) -> String {
    named
        .iter()
        .map(|&f| {
            format!(
                "{} = {}",
                program.facts[f].name,
                show(program, program.facts[f].ty, &facts[f])
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}
