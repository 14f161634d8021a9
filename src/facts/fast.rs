//! The fast reader: one pass over the JSON text straight into the fact
//! slots, with no tree in between.
//!
//! It reads only the shape nearly every case has: a bare facts object of
//! strict JSON whose strings have no escapes, each key a fact given once, and
//! each value of its fact's type. Anything else (an error of any kind, an
//! escape, a worked case, a key that is not a fact) makes it give up, and the
//! complete reader in [`super::slow`] reads the case and makes the error.
//! So it must never accept a case the complete reader refuses, nor read a
//! different value: every scalar but the plainest amounts goes through the
//! same [`super::scalar`] functions, and `tests.rs` compares the two readers
//! on generated and mutated cases (and plain amounts with `Decimal`'s own).

use rust_decimal::Decimal;

use super::scalar;
use super::FactsError;
use crate::program::{FactDef, Program, Type, Value};

/// Read `json` (no byte-order mark, within the size limit) into `out`, one
/// value per fact; `None` when the case is not the plain shape read here.
pub(super) fn read_into(program: &Program, json: &str, out: &mut Vec<Value>) -> Option<()> {
    let n = program.facts.len();
    out.clear();
    out.resize_with(n, || Value::Missing);
    let mut seen = Seen::new(n);
    let mut s = Scan { text: json, pos: 0 };
    s.ws();
    s.eat(b'{').then_some(())?;
    s.ws();
    if !s.eat(b'}') {
        // Cases usually give the facts in declaration order: try the fact
        // after the last one before searching.
        let mut next = 0;
        loop {
            let key = s.string()?;
            s.ws();
            s.eat(b':').then_some(())?;
            s.ws();
            let id = match program.facts.get(next) {
                Some(f) if f.name.as_bytes() == key => next,
                _ => program.fact_named(std::str::from_utf8(key).ok()?)?,
            };
            if !seen.insert(id) {
                return None;
            }
            let fact = program.facts.get(id)?;
            let value = s.value(program, fact)?;
            *out.get_mut(id)? = value;
            next = id + 1;
            s.ws();
            if s.eat(b',') {
                s.ws();
            } else if s.eat(b'}') {
                break;
            } else {
                return None;
            }
        }
    }
    s.ws();
    if s.pos != json.len() {
        return None;
    }
    let complete = program
        .facts
        .iter()
        .enumerate()
        .all(|(id, f)| f.optional || seen.contains(id));
    complete.then_some(())
}

/// The facts given so far.
struct Seen {
    small: u64,
    /// Only for a program with more facts than `small` has bits.
    large: Vec<bool>,
}

impl Seen {
    fn new(n: usize) -> Seen {
        Seen {
            small: 0,
            large: if n > 64 { vec![false; n] } else { Vec::new() },
        }
    }

    /// Note a fact given; false when it was already.
    fn insert(&mut self, id: usize) -> bool {
        if self.large.is_empty() {
            let bit = 1u64 << (id % 64);
            let new = self.small & bit == 0;
            self.small |= bit;
            new
        } else {
            match self.large.get_mut(id) {
                Some(given) => !std::mem::replace(given, true),
                None => false,
            }
        }
    }

    fn contains(&self, id: usize) -> bool {
        if self.large.is_empty() {
            self.small & (1u64 << (id % 64)) != 0
        } else {
            self.large.get(id).copied().unwrap_or(false)
        }
    }
}

/// The bytes of `word` (eight, little-endian) that end or complicate a
/// string: a quote, a backslash or a control character, each flagged by its
/// high bit. Above the lowest flagged byte there may be false flags (a borrow
/// carries up), so only the lowest is used.
fn special(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let quote = zero(word ^ (ONES * u64::from(b'"')));
    let backslash = zero(word ^ (ONES * u64::from(b'\\')));
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    quote | backslash | control
}

/// A position in the JSON text.
struct Scan<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Scan<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// Step over `b` if it is next.
    fn eat(&mut self, b: u8) -> bool {
        let next = self.peek() == Some(b);
        self.pos += usize::from(next);
        next
    }

    /// JSON's white space, exactly: no other space is allowed between tokens.
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &str) -> Option<()> {
        let rest = self.text.as_bytes().get(self.pos..)?;
        rest.starts_with(word.as_bytes()).then_some(())?;
        self.pos += word.len();
        Some(())
    }

    /// A string's content; `None` unless it is a string without escapes or
    /// control characters (which the complete reader decodes or refuses).
    /// Its bytes, because most strings are only compared: making a `str`
    /// costs more than finding its end.
    #[inline]
    fn string(&mut self) -> Option<&'a [u8]> {
        let bytes: &'a [u8] = self.text.as_bytes();
        if bytes.get(self.pos) != Some(&b'"') {
            return None;
        }
        let start = self.pos + 1;
        let rest = bytes.get(start..)?;
        let mut len = 0;
        // Eight bytes at a time while eight remain (a string is always
        // followed by more JSON, so nearly every string ends this way).
        while let Some(chunk) = rest.get(len..len + 8) {
            let Ok(word) = <[u8; 8]>::try_from(chunk) else {
                break;
            };
            let stops = special(u64::from_le_bytes(word));
            if stops != 0 {
                // The lowest flagged byte is always a true one.
                len += (stops.trailing_zeros() / 8) as usize;
                break;
            }
            len += 8;
        }
        while rest
            .get(len)
            .is_some_and(|&b| b != b'"' && b != b'\\' && b >= 0x20)
        {
            len += 1;
        }
        // The first special byte must be the closing quote.
        if rest.get(len) != Some(&b'"') {
            return None;
        }
        self.pos = start + len + 1;
        rest.get(..len)
    }

    /// A string's content as text (see [`Scan::string`]).
    fn text(&mut self) -> Option<&'a str> {
        // Cut at quotes from a `str`, so always UTF-8: this cannot fail.
        std::str::from_utf8(self.string()?).ok()
    }

    /// A number token as written, by JSON's grammar exactly:
    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Option<&'a str> {
        let start = self.pos;
        self.eat(b'-');
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.eat(b'.') {
            self.digits1()?;
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            self.digits1()?;
        }
        self.text.get(start..self.pos)
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    /// One digit or more.
    fn digits1(&mut self) -> Option<()> {
        let start = self.pos;
        self.digits();
        (self.pos > start).then_some(())
    }

    /// The value of `fact`, if it is one the complete reader reads the same.
    fn value(&mut self, program: &Program, fact: &FactDef) -> Option<Value> {
        if self.peek()? == b'n' {
            self.literal("null")?;
            return fact.optional.then_some(Value::Missing);
        }
        // The readers' errors are made again by the complete reader; this one
        // only needs to know there is one.
        let wrong = |_: &str| FactsError {
            kind: "type",
            message: String::new(),
            facts: Vec::new(),
        };
        match fact.ty {
            Type::Date => scalar::date(self.string()?).ok().map(Value::Date),
            Type::Money | Type::Number | Type::Percent => {
                let digits = if self.peek()? == b'"' {
                    self.string()?
                } else {
                    self.number()?.as_bytes()
                };
                let amount = match plain_decimal(digits) {
                    Some(amount) => amount,
                    None => {
                        let digits = std::str::from_utf8(digits).ok()?;
                        scalar::amount(program, fact, digits, wrong).ok()?
                    }
                };
                match scalar::finer_than_rounding(program, fact, amount) {
                    Some(_) => None,
                    None => Some(Value::Dec(amount)),
                }
            }
            Type::Count | Type::Days => scalar::whole(fact, self.number()?, wrong)
                .ok()
                .map(Value::Int),
            Type::Bool => {
                if self.peek()? == b't' {
                    self.literal("true").map(|()| Value::Bool(true))
                } else {
                    self.literal("false").map(|()| Value::Bool(false))
                }
            }
            Type::Text => self.text().map(|s| Value::Text(s.into())),
            Type::Enum(id) => {
                let word = self.string()?;
                let variants = &program.enums.get(id)?.variants;
                let index = variants.iter().position(|v| v.as_bytes() == word)?;
                u32::try_from(index).ok().map(Value::Enum)
            }
            Type::List(id) => {
                let variants = &program.enums.get(id)?.variants;
                self.eat(b'[').then_some(())?;
                self.ws();
                let mut set = 0u128;
                if !self.eat(b']') {
                    loop {
                        let word = self.string()?;
                        let index = variants.iter().position(|v| v.as_bytes() == word)?;
                        set |= scalar::bit(u32::try_from(index).ok()?);
                        self.ws();
                        if self.eat(b',') {
                            self.ws();
                        } else if self.eat(b']') {
                            break;
                        } else {
                            return None;
                        }
                    }
                }
                Some(Value::Set(set))
            }
            Type::Permission => None,
        }
    }
}

/// The amount `[0-9]+(.[0-9]+)?` written with 1 to 18 digits, the shape
/// of nearly every amount: exactly the decimal `Decimal::from_str_exact`
/// reads, without its general parsing. `None` for anything else.
pub(super) fn plain_decimal(text: &[u8]) -> Option<Decimal> {
    if text.len() > 19 {
        return None;
    }
    // Nineteen digits at most: within u64, checked against 18 below.
    let mut mantissa: u64 = 0;
    let mut digits = 0;
    let mut point = None;
    for (i, &b) in text.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                digits += 1;
            }
            b'.' if point.is_none() && i > 0 => point = Some(i),
            _ => return None,
        }
    }
    let scale = match point {
        Some(at) if at + 1 == text.len() => return None,
        Some(at) => text.len() - at - 1,
        None => 0,
    };
    if digits == 0 || digits > 18 {
        return None;
    }
    Decimal::try_new(i64::try_from(mantissa).ok()?, u32::try_from(scale).ok()?).ok()
}
