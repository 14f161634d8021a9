//! The fastest way in: a case that is a flat object of well-formed plain
//! values (no escapes, nothing nested, every fact known, every value of its
//! fact's type, every required fact given) is read straight into the slots
//! in one pass over the text, with no intermediate list.
//!
//! It only ever says "read" or "not for me": on anything else it stops and
//! the general reader (`read_general`) runs, which gives the same values for
//! what this accepts (checked by the tests) and the exact error for the rest.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::scan::{literal, number_end, plain_string, skip_space};
use crate::program::{FactDef, Program, Type, Value};

/// The most facts tracked in one word; larger policies go the general way.
const MAX_FACTS: usize = 64;

pub fn read(program: &Program, text: &str) -> Option<Vec<Value>> {
    let bytes = text.as_bytes();
    let count = program.facts.len();
    if count > MAX_FACTS {
        return None;
    }
    let mut values = vec![Value::Missing; count];
    let mut given = 0u64;
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_space(bytes, at + 1);
    if bytes.get(at) == Some(&b'}') {
        at += 1;
    } else {
        // Cases usually list the facts in declaration order: try the next
        // one before searching.
        let mut next = 0;
        loop {
            let (name, after) = plain_string(text, at)?;
            at = skip_space(bytes, after);
            if bytes.get(at) != Some(&b':') {
                return None;
            }
            at = skip_space(bytes, at + 1);
            let id = match program.facts.get(next) {
                Some(f) if f.name == name => next,
                _ => program.fact_named(name)?,
            };
            if given & (1 << id) != 0 {
                return None;
            }
            given |= 1 << id;
            next = id + 1;
            let (value, end) = value(program, program.facts.get(id)?, text, at)?;
            *values.get_mut(id)? = value;
            at = skip_space(bytes, end);
            match bytes.get(at) {
                Some(b',') => at = skip_space(bytes, at + 1),
                Some(b'}') => {
                    at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    let complete = program
        .facts
        .iter()
        .enumerate()
        .all(|(id, f)| f.optional || given & (1 << id) != 0);
    (complete && skip_space(bytes, at) == bytes.len()).then_some(values)
}

/// One fact's value starting at `at`, and where it ends.
fn value(program: &Program, fact: &FactDef, text: &str, at: usize) -> Option<(Value, usize)> {
    let bytes = text.as_bytes();
    if bytes.get(at) == Some(&b'n') {
        let end = literal(bytes, at, b"null")?;
        return fact.optional.then_some((Value::Missing, end));
    }
    match fact.ty {
        Type::Date => {
            let (s, end) = plain_string(text, at)?;
            Some((Value::Date(date(s)?), end))
        }
        Type::Money | Type::Number | Type::Percent => {
            let (digits, end) = if bytes.get(at) == Some(&b'"') {
                plain_string(text, at)?
            } else {
                let end = number_end(bytes, at)?;
                (text.get(at..end)?, end)
            };
            let digits = match fact.ty {
                Type::Percent => digits.strip_suffix('%').unwrap_or(digits),
                _ => digits,
            };
            let amount = amount(digits)?;
            // Finer than the policy's money: the general reader decides.
            if let (Type::Money, Some(rounding)) = (fact.ty, program.rounding) {
                if amount.scale() > rounding.places {
                    return None;
                }
            }
            Some((Value::Dec(amount), end))
        }
        Type::Count | Type::Days => {
            let end = number_end(bytes, at)?;
            let raw = text.get(at..end)?;
            if raw.contains(['.', 'e', 'E']) {
                return None;
            }
            Some((Value::Int(raw.parse().ok()?), end))
        }
        Type::Bool => match bytes.get(at)? {
            b't' => Some((Value::Bool(true), literal(bytes, at, b"true")?)),
            b'f' => Some((Value::Bool(false), literal(bytes, at, b"false")?)),
            _ => None,
        },
        Type::Text => {
            let (s, end) = plain_string(text, at)?;
            Some((Value::Text(s.into()), end))
        }
        Type::Enum(e) => {
            let (s, end) = plain_string(text, at)?;
            Some((Value::Enum(variant(program, e, s)?), end))
        }
        Type::List(e) => {
            let (set, end) = list(program, e, text, at)?;
            Some((Value::Set(set), end))
        }
        Type::Permission => None,
    }
}

fn variant(program: &Program, e: usize, word: &str) -> Option<u32> {
    let variants = &program.enums.get(e)?.variants;
    variants
        .iter()
        .position(|v| v == word)
        .and_then(|i| u32::try_from(i).ok())
}

/// A list of plain strings, each a value of enumeration `e`.
fn list(program: &Program, e: usize, text: &str, at: usize) -> Option<(u128, usize)> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'[') {
        return None;
    }
    let mut at = skip_space(bytes, at + 1);
    let mut set = 0u128;
    if bytes.get(at) == Some(&b']') {
        return Some((set, at + 1));
    }
    loop {
        let (item, after) = plain_string(text, at)?;
        set |= 1u128.checked_shl(variant(program, e, item)?).unwrap_or(0);
        at = skip_space(bytes, after);
        match bytes.get(at)? {
            b',' => at = skip_space(bytes, at + 1),
            b']' => return Some((set, at + 1)),
            _ => return None,
        }
    }
}

/// `YYYY-MM-DD`, a day that exists.
fn date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        b.get(range)?.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

/// `-?[0-9]+(\.[0-9]+)?` of at most 18 digits, exactly, as written (its scale
/// is its number of decimals). A negative zero is left to the general reader.
fn amount(s: &str) -> Option<Decimal> {
    let (negative, body) = match s.strip_prefix('-') {
        Some(body) => (true, body),
        None => (false, s),
    };
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    let well_formed = !whole.is_empty()
        && whole.len() + fraction.len() <= 18
        && whole
            .bytes()
            .chain(fraction.bytes())
            .all(|d| d.is_ascii_digit());
    if !well_formed || (body.contains('.') && fraction.is_empty()) {
        return None;
    }
    let mantissa = whole
        .bytes()
        .chain(fraction.bytes())
        .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
    if negative && mantissa == 0 {
        return None;
    }
    let mantissa = if negative { -mantissa } else { mantissa };
    Some(Decimal::new(mantissa, u32::try_from(fraction.len()).ok()?))
}

#[cfg(test)]
mod tests;
