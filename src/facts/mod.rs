//! Reading a case's facts from JSON into the program's fact slots, checking
//! each against its declaration. Amounts are read from the JSON text as
//! written, never through binary floating point.

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

mod fast;
mod scan;

use crate::check::did_you_mean;
use crate::program::{FactDef, Program, Type, Value, MAX_LIST_VARIANTS};

/// The largest facts document read: far above any real case.
pub const MAX_FACTS_BYTES: usize = 1024 * 1024;

/// Facts that cannot be used: the JSON `error` object's `kind`, `message`
/// and `facts`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FactsError {
    pub kind: &'static str,
    pub message: String,
    pub facts: Vec<String>,
}

impl fmt::Display for FactsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FactsError {}

impl miette::Diagnostic for FactsError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!("policy::facts::{}", self.kind)))
    }
}

fn error(kind: &'static str, message: String, facts: Vec<String>) -> FactsError {
    FactsError {
        kind,
        message,
        facts,
    }
}

/// A JSON object's members in order, values left as raw JSON text.
struct RawObject<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for RawObject<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = RawObject<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of facts")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut members = Vec::new();
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    members.push((key, map.next_value::<&'de RawValue>()?));
                }
                Ok(RawObject(members))
            }
        }
        deserializer.deserialize_map(Members)
    }
}

/// Read the facts of one case: a bare facts object, or a worked case
/// `{"policy": ..., "facts": {...}, "expect": ...}`.
pub fn read(program: &Program, json: &str) -> Result<Vec<Value>, FactsError> {
    if json.len() > MAX_FACTS_BYTES {
        return Err(error(
            "limit",
            format!("the facts are larger than {MAX_FACTS_BYTES} bytes"),
            vec![],
        ));
    }
    // A byte-order mark (Windows editors write one) is not part of the JSON.
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    // Nearly every case is a flat object of well-formed plain values: read it
    // straight into the slots. Anything else, including every error, goes
    // the general way, which explains what is wrong.
    if let Some(values) = fast::read(program, json) {
        return Ok(values);
    }
    read_general(program, json)
}

/// [`read`] for any text: a flat object's members found by the scanner, or
/// by serde_json for worked cases, escapes and anything unusual.
fn read_general(program: &Program, json: &str) -> Result<Vec<Value>, FactsError> {
    if let Some(members) = scan::members(json) {
        if !members.iter().any(|(name, _)| *name == "facts") {
            return slots(program, members);
        }
    }
    let top: RawObject<'_> = serde_json::from_str(json).map_err(malformed)?;
    let is_worked_case =
        program.fact_named("facts").is_none() && top.0.iter().any(|(k, _)| k == "facts");
    if is_worked_case {
        let facts = top.0.iter().find(|(k, _)| k == "facts").map(|(_, v)| *v);
        let inner: RawObject<'_> = facts
            .map(|v| serde_json::from_str(v.get()))
            .transpose()
            .map_err(malformed)?
            .unwrap_or(RawObject(vec![]));
        return slots(program, inner.members());
    }
    slots(program, top.members())
}

impl RawObject<'_> {
    fn members(&self) -> Vec<(&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v.get())).collect()
    }
}

fn malformed(e: serde_json::Error) -> FactsError {
    error(
        "json",
        format!("the facts are not a JSON object: {e}"),
        vec![],
    )
}

/// The facts' slots from an object's members, (name, raw value text).
fn slots(program: &Program, members: Vec<(&str, &str)>) -> Result<Vec<Value>, FactsError> {
    let count = program.facts.len();
    let mut values: Vec<Value> = vec![Value::Missing; count];
    // Which facts were given (a given optional fact can be `null`, so the
    // value cannot tell): on the stack for any usual policy.
    let (mut small, mut large) = ([false; 64], Vec::new());
    let given: &mut [bool] = if count <= small.len() {
        &mut small[..count]
    } else {
        large.resize(count, false);
        &mut large
    };
    // Cases usually list the facts in declaration order: try the next one
    // before searching.
    let mut next = 0;
    for (name, raw) in members {
        let guess = program.facts.get(next).filter(|f| f.name == name);
        let Some(id) = guess.map(|_| next).or_else(|| program.fact_named(name)) else {
            let hint = did_you_mean(name, program.facts.iter().map(|f| f.name.as_str()))
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            return Err(error(
                "unknown_fact",
                format!("`{name}` is not a fact of policy {}{hint}", program.name),
                vec![name.to_string()],
            ));
        };
        if given[id] {
            return Err(error(
                "duplicate_fact",
                format!("`{name}` is given twice"),
                vec![name.to_string()],
            ));
        }
        given[id] = true;
        next = id + 1;
        values[id] = value(program, &program.facts[id], raw)?;
    }
    let missing: Vec<String> = program
        .facts
        .iter()
        .zip(given.iter())
        .filter(|(f, given)| !**given && !f.optional)
        .map(|(f, _)| f.name.clone())
        .collect();
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(error(
            "missing_fact",
            format!("missing {}: {list}", plural(missing.len(), "fact")),
            missing,
        ));
    }
    Ok(values)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// One fact's value from its raw JSON text.
fn value(program: &Program, fact: &FactDef, raw: &str) -> Result<Value, FactsError> {
    let name = &fact.name;
    let wrong = |what: &str| {
        let shown: String = raw.chars().take(40).collect();
        error(
            "type",
            format!("`{name}` must be {what}, not {shown}"),
            vec![name.clone()],
        )
    };
    if raw == "null" {
        return if fact.optional {
            Ok(Value::Missing)
        } else {
            Err(wrong("given (it is not optional)"))
        };
    }
    let text = || -> Option<Cow<'_, str>> {
        // Most strings have no escapes: take them as they stand.
        match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
            Some(inner) if inner.bytes().all(|b| b != b'\\' && b != b'"' && b >= 0x20) => {
                Some(Cow::Borrowed(inner))
            }
            _ => serde_json::from_str::<Cow<'_, str>>(raw).ok(),
        }
    };
    match fact.ty {
        Type::Date => {
            let s = text().ok_or_else(|| wrong("a date \"YYYY-MM-DD\""))?;
            let shape = s.len() == 10
                && s.bytes().enumerate().all(|(i, b)| {
                    if i == 4 || i == 7 {
                        b == b'-'
                    } else {
                        b.is_ascii_digit()
                    }
                });
            if !shape {
                return Err(wrong("a date \"YYYY-MM-DD\""));
            }
            // The shape is checked, so the digits are plain to read.
            let number = |from: usize, to: usize| {
                s.bytes()
                    .take(to)
                    .skip(from)
                    .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
            };
            let year = i32::try_from(number(0, 4)).unwrap_or(0);
            NaiveDate::from_ymd_opt(year, number(5, 7), number(8, 10))
                .map(Value::Date)
                .ok_or_else(|| wrong("a date \"YYYY-MM-DD\" that exists"))
        }
        Type::Money | Type::Number | Type::Percent => {
            let what = match fact.ty {
                Type::Money => "an amount such as \"199.99\"",
                Type::Percent => "a percentage such as \"12.5\"",
                _ => "a number",
            };
            let digits: Cow<'_, str> = if raw.starts_with('"') {
                text().ok_or_else(|| wrong(what))?
            } else {
                raw.into()
            };
            let digits = digits.trim();
            let digits = if fact.ty == Type::Percent {
                digits.trim_end_matches('%')
            } else {
                digits
            };
            let amount = decimal(digits).map_err(|overflow| {
                if overflow {
                    error("overflow", format!("`{name}` cannot be held exactly: {digits} (at most 28 significant digits)"), vec![name.clone()])
                } else {
                    wrong(what)
                }
            })?;
            // An amount finer than the policy rounds money to (a fraction of
            // a cent) has no meaning in its currency: refunding it would
            // round money into or out of existence.
            if let (Type::Money, Some(rounding)) = (fact.ty, program.rounding) {
                // (`normalize` drops trailing zeros: "5.000" is whole cents.)
                if amount.scale() > rounding.places && amount.normalize().scale() > rounding.places
                {
                    let unit = if rounding.places == 2 {
                        "cents".to_string()
                    } else {
                        format!("{} decimal places", rounding.places)
                    };
                    return Err(error(
                        "type",
                        format!("`{name}` is finer than the policy's {unit}: {digits}"),
                        vec![name.clone()],
                    ));
                }
            }
            Ok(Value::Dec(amount))
        }
        Type::Count | Type::Days => {
            let what = if fact.ty == Type::Count {
                "a whole number"
            } else {
                "a whole number of days"
            };
            if raw.starts_with('"') || raw.contains(['.', 'e', 'E']) {
                return Err(wrong(what));
            }
            raw.parse::<i64>().map(Value::Int).map_err(|_| {
                if raw
                    .trim_start_matches('-')
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                {
                    error(
                        "overflow",
                        format!("`{name}` is too large: {raw}"),
                        vec![name.clone()],
                    )
                } else {
                    wrong(what)
                }
            })
        }
        Type::Bool => match raw {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(wrong("true or false")),
        },
        Type::Text => text()
            .map(|s| Value::Text(s.as_ref().into()))
            .ok_or_else(|| wrong("a text in quotes")),
        Type::Enum(id) => {
            let variants = &program.enums[id].variants;
            let s = text().ok_or_else(|| wrong(&format!("one of {}", variants.join(", "))))?;
            variant(variants, &s, name).map(Value::Enum)
        }
        Type::List(id) => {
            let variants = &program.enums[id].variants;
            // A list of plain strings is read in place; its first unknown
            // value is the error, as below.
            let (mut set, mut unknown) = (0u128, None);
            let plain = scan::each_plain_item(raw, |item| {
                if unknown.is_none() {
                    match variant(variants, item, name) {
                        Ok(index) => set |= 1u128.checked_shl(index).unwrap_or(0),
                        Err(e) => unknown = Some(e),
                    }
                }
            });
            if plain.is_some() {
                return unknown.map_or(Ok(Value::Set(set)), Err);
            }
            let items: Vec<Cow<'_, str>> = serde_json::from_str(raw)
                .map_err(|_| wrong(&format!("a list of {}", variants.join(", "))))?;
            let mut set = 0u128;
            for item in &items {
                let index = variant(variants, item, name)?;
                set |= 1u128.checked_shl(index).unwrap_or(0);
            }
            debug_assert!(variants.len() <= MAX_LIST_VARIANTS);
            Ok(Value::Set(set))
        }
        Type::Permission => Err(wrong("a fact (permission is an output type)")),
    }
}

fn variant(variants: &[String], word: &str, fact: &str) -> Result<u32, FactsError> {
    match variants.iter().position(|v| v == word) {
        Some(i) => Ok(i as u32),
        None => {
            let hint =
                did_you_mean(word, variants.iter().map(String::as_str)).unwrap_or_else(|| {
                    format!(
                        "the values are {}",
                        variants
                            .iter()
                            .map(|v| format!("`{v}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                });
            Err(error(
                "type",
                format!("`{word}` is not a value of `{fact}`; {hint}"),
                vec![fact.to_string()],
            ))
        }
    }
}

/// An exact decimal from its text; `Err(true)` when it is too large.
fn decimal(text: &str) -> Result<Decimal, bool> {
    let plain = text.strip_prefix('-').unwrap_or(text);
    let well_formed = !plain.is_empty()
        && plain
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && plain.bytes().next().is_some_and(|b| b.is_ascii_digit());
    if !well_formed {
        return Err(false);
    }
    if plain.contains(['e', 'E']) {
        return Decimal::from_scientific(text).map_err(|_| true);
    }
    if plain.matches('.').count() > 1 || plain.contains(['+', '-']) {
        return Err(false);
    }
    Decimal::from_str_exact(text).map_err(|_| true)
}
