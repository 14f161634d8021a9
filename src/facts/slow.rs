//! The complete reader: the JSON parsed into members first, then each
//! member's value read against its declaration. Every error a case can have
//! is made here; [`super::fast`] hands anything unusual to it.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::scalar::{self, amount_shape, DATE};
use super::{error, ErrorKind, FactsError, MAX_FACTS_BYTES};
use crate::program::{FactDef, Program, Type, Value, MAX_LIST_VARIANTS};

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
pub(super) fn read(program: &Program, json: &str) -> Result<Vec<Value>, FactsError> {
    if json.len() > MAX_FACTS_BYTES {
        return Err(error(
            ErrorKind::Limit,
            format!("the facts are larger than {MAX_FACTS_BYTES} bytes"),
            vec![],
        ));
    }
    // A byte-order mark (Windows editors write one) is not part of the JSON.
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
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
        return slots(program, &inner);
    }
    slots(program, &top)
}

fn malformed(e: serde_json::Error) -> FactsError {
    error(
        ErrorKind::Json,
        format!("the facts are not a JSON object: {e}"),
        vec![],
    )
}

fn slots(program: &Program, object: &RawObject<'_>) -> Result<Vec<Value>, FactsError> {
    let mut values: Vec<Option<Value>> = vec![None; program.facts.len()];
    for (name, raw) in &object.0 {
        let found = program
            .fact_named(name)
            .and_then(|id| Some((program.facts.get(id)?, values.get_mut(id)?)));
        let Some((fact, slot)) = found else {
            let hint =
                crate::check::did_you_mean(name, program.facts.iter().map(|f| f.name.as_str()))
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default();
            return Err(error(
                ErrorKind::UnknownFact,
                format!("`{name}` is not a fact of policy {}{hint}", program.name),
                vec![name.to_string()],
            ));
        };
        if slot.is_some() {
            return Err(error(
                ErrorKind::DuplicateFact,
                format!("`{name}` is given twice"),
                vec![name.to_string()],
            ));
        }
        *slot = Some(value(program, fact, raw.get())?);
    }
    let missing: Vec<String> = program
        .facts
        .iter()
        .zip(&values)
        .filter(|(f, v)| v.is_none() && !f.optional)
        .map(|(f, _)| f.name.clone())
        .collect();
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(error(
            ErrorKind::MissingFact,
            format!("missing {}: {list}", plural(missing.len(), "fact")),
            missing,
        ));
    }
    Ok(values.into_iter().map(Option::unwrap_or_default).collect())
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
            ErrorKind::Type,
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
            Some(inner) if !inner.contains(['\\', '"']) && !inner.bytes().any(|b| b < 0x20) => {
                Some(Cow::Borrowed(inner))
            }
            _ => serde_json::from_str::<Cow<'_, str>>(raw).ok(),
        }
    };
    match fact.ty {
        Type::Date => {
            let s = text().ok_or_else(|| wrong(DATE))?;
            scalar::date(s.as_bytes()).map(Value::Date).map_err(wrong)
        }
        Type::Money | Type::Number | Type::Percent => {
            let digits: Cow<'_, str> = if raw.starts_with('"') {
                text().ok_or_else(|| wrong(amount_shape(fact.ty)))?
            } else {
                raw.into()
            };
            scalar::amount(program, fact, &digits, wrong).map(Value::Dec)
        }
        Type::Count | Type::Days => scalar::whole(fact, raw, wrong).map(Value::Int),
        Type::Bool => match raw {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(wrong("true or false")),
        },
        Type::Text => text()
            .map(|s| Value::Text(s.as_ref().into()))
            .ok_or_else(|| wrong("a text in quotes")),
        Type::Enum(id) => {
            let variants = variants_of(program, id);
            let s = text().ok_or_else(|| wrong(&format!("one of {}", variants.join(", "))))?;
            scalar::variant(variants, &s, name).map(Value::Enum)
        }
        Type::List(id) => {
            let variants = variants_of(program, id);
            let items: Vec<Cow<'_, str>> = serde_json::from_str(raw)
                .map_err(|_| wrong(&format!("a list of {}", variants.join(", "))))?;
            let mut set = 0u128;
            for item in &items {
                set |= scalar::bit(scalar::variant(variants, item, name)?);
            }
            debug_assert!(variants.len() <= MAX_LIST_VARIANTS);
            Ok(Value::Set(set))
        }
        Type::Permission => Err(wrong("a fact (permission is an output type)")),
    }
}

/// The values of enumeration `id`.
fn variants_of(program: &Program, id: usize) -> &[String] {
    program.enums.get(id).map_or(&[], |e| &e.variants)
}
