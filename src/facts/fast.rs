//! The fast reader: one pass over the JSON text straight into the fact
//! slots, with no tree in between.
//!
//! It reads only the shape nearly every case has: a bare facts object of
//! strict JSON whose strings have no escapes, each key a fact given once, and
//! each value of its fact's type. Anything else (an error of any kind, an
//! escape, a worked case, a key that is not a fact) makes it give up, and the
//! complete reader in [`super::slow`] reads the case and makes the error.
//! So it must never accept a case the complete reader refuses, nor read a
//! different value: every scalar but the plainest amounts and counts goes
//! through the same [`super::scalar`] functions, and `tests.rs` compares the
//! two readers on generated and mutated cases (and plain amounts and counts
//! with the parsers of `Decimal` and `i64`).
//!
//! A program's keys and enumeration values are laid out once ([`Layout`]) as
//! the bytes a case spells them with, `"name":` and `"value"`, so a key or a
//! value is recognised where it stands, without first finding where it ends.

use rust_decimal::Decimal;

use super::scalar;
use super::scan::Scan;
use super::FactsError;
use crate::program::{FactDef, Program, Type, Value};

/// A program's names as a plain case spells them.
pub(crate) struct Layout {
    /// Each fact's key and colon, `"name":`.
    keys: Vec<Box<[u8]>>,
    /// Each fact's values as JSON strings, `"value"`, in declaration order:
    /// for a fact of an enumeration or a list; empty for any other.
    words: Vec<Box<[Box<[u8]>]>>,
}

/// `s` as a JSON string: text that decodes to it, so reading it is what the
/// complete reader does (empty, so never matched, if it could not be made).
fn quoted(s: &str) -> Vec<u8> {
    serde_json::to_vec(s).unwrap_or_default()
}

impl Layout {
    pub(crate) fn new(program: &Program) -> Layout {
        let keys = program
            .facts
            .iter()
            .map(|f| {
                let mut key = quoted(&f.name);
                if !key.is_empty() {
                    key.push(b':');
                }
                key.into()
            })
            .collect();
        let words = program
            .facts
            .iter()
            .map(|f| match f.ty {
                Type::Enum(id) | Type::List(id) => {
                    program.enums.get(id).map_or_else(Box::default, |e| {
                        e.variants.iter().map(|v| quoted(v).into()).collect()
                    })
                }
                _ => Box::default(),
            })
            .collect();
        Layout { keys, words }
    }
}

/// Read `json` (no byte-order mark, within the size limit) into `out`, one
/// value per fact; `None` when the case is not the plain shape read here.
/// `out` keeps its values from the case before where this one gives none
/// until the end, so on `None` it holds no case's facts.
pub(super) fn read_into(
    program: &Program,
    layout: &Layout,
    json: &str,
    out: &mut Vec<Value>,
) -> Option<()> {
    let n = program.facts.len();
    if out.len() != n {
        out.clear();
        out.resize_with(n, || Value::Missing);
    }
    let mut seen = Seen::new(n);
    let mut s = Scan::new(json);
    s.ws();
    s.eat(b'{').then_some(())?;
    s.ws();
    if !s.eat(b'}') {
        // Cases usually give the facts in declaration order: try the fact
        // after the last one before searching.
        let mut next = 0;
        loop {
            let id = match layout.keys.get(next) {
                Some(key) if s.skip(key) => next,
                _ => s.key(program)?,
            };
            s.ws();
            if !seen.insert(id) {
                return None;
            }
            let fact = program.facts.get(id)?;
            let words = layout.words.get(id)?;
            *out.get_mut(id)? = s.value(program, fact, words)?;
            next = id + 1;
            if !s.eat(b',') {
                s.ws();
                if s.eat(b'}') {
                    break;
                }
                s.eat(b',').then_some(())?;
            }
            s.ws();
        }
    }
    s.ws();
    s.at_end().then_some(())?;
    if !seen.all(n) {
        for (id, fact) in program.facts.iter().enumerate() {
            if !seen.contains(id) {
                fact.optional.then_some(())?;
                *out.get_mut(id)? = Value::Missing;
            }
        }
    }
    Some(())
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

    /// Whether all `n` facts were given (the usual case, known at once).
    fn all(&self, n: usize) -> bool {
        match n {
            0..=63 => self.small == (1u64 << n) - 1,
            64 => self.small == u64::MAX,
            _ => self.large.iter().all(|&given| given),
        }
    }
}

impl Scan<'_> {
    /// The value of `fact`, if it is one the complete reader reads the same.
    /// `words` are its values, for an enumeration or a list.
    fn value(&mut self, program: &Program, fact: &FactDef, words: &[Box<[u8]>]) -> Option<Value> {
        if self.peek()? == b'n' {
            self.literal("null")?;
            return fact.optional.then_some(Value::Missing);
        }
        match fact.ty {
            Type::Date => self.date().map(Value::Date),
            Type::Money | Type::Number | Type::Percent => {
                let amount = match self.plain_amount() {
                    Some(amount) => amount,
                    None => self.amount(program, fact)?,
                };
                match scalar::finer_than_rounding(program, fact, amount) {
                    Some(_) => None,
                    None => Some(Value::Dec(amount)),
                }
            }
            Type::Count | Type::Days => match self.plain_whole() {
                Some(n) => Some(Value::Int(n)),
                None => scalar::whole(fact, std::str::from_utf8(self.number()?).ok()?, wrong)
                    .ok()
                    .map(Value::Int),
            },
            Type::Bool => {
                if self.peek()? == b't' {
                    self.literal("true").map(|()| Value::Bool(true))
                } else {
                    self.literal("false").map(|()| Value::Bool(false))
                }
            }
            Type::Text => self.text().map(|s| Value::Text(s.into())),
            Type::Enum(_) => u32::try_from(self.word(words)?).ok().map(Value::Enum),
            Type::List(_) => {
                self.eat(b'[').then_some(())?;
                self.ws();
                let mut set = 0u128;
                if !self.eat(b']') {
                    loop {
                        let index = u32::try_from(self.word(words)?).ok()?;
                        set |= scalar::bit(index);
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

    /// An amount in any other spelling, read as the complete reader reads it.
    fn amount(&mut self, program: &Program, fact: &FactDef) -> Option<Decimal> {
        let digits = if self.peek()? == b'"' {
            self.string()?
        } else {
            self.number()?
        };
        let digits = std::str::from_utf8(digits).ok()?;
        scalar::amount(program, fact, digits, wrong).ok()
    }
}

/// The readers' errors are made again by the complete reader; this one only
/// needs to know there is one.
fn wrong(_: &str) -> FactsError {
    FactsError {
        kind: "type",
        message: String::new(),
        facts: Vec::new(),
    }
}
