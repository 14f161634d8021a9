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

use super::scan::{Key, Scan};
use crate::program::{FactId, Program, Type, Value};

/// A program's facts as a plain case spells them and as they are read.
pub(crate) struct Layout {
    slots: Vec<Slot>,
}

/// One fact: everything reading its value needs, in one place.
struct Slot {
    /// Its key and colon, `"name":`.
    key: Key,
    /// The same after the comma ending the value before, `,"name":`: the
    /// usual way from one value to the next, read in one step.
    after: Key,
    read: Read,
    optional: bool,
    /// The most decimal places an amount can have and be kept without
    /// asking whether it is finer than the policy's rounding: the
    /// rounding's places for money, any number for anything else.
    places: u32,
    /// Its values as JSON strings, `"value"`, in declaration order: for a
    /// fact of an enumeration or a list; empty for any other.
    words: Box<[Key]>,
}

/// How a fact's value is read, from its type.
#[derive(Clone, Copy)]
enum Read {
    Date,
    /// Money, a number or a percentage.
    Amount,
    /// A count or days.
    Whole,
    Bool,
    Text,
    Enum,
    List,
    /// Not read here at all.
    Never,
}

/// `s` as a JSON string: text that decodes to it, so reading it is what the
/// complete reader does (empty, so never matched, if it could not be made).
fn quoted(s: &str) -> Vec<u8> {
    serde_json::to_vec(s).unwrap_or_default()
}

impl Layout {
    pub(crate) fn new(program: &Program) -> Layout {
        let slots = program
            .facts
            .iter()
            .map(|f| {
                let mut key = quoted(&f.name);
                if !key.is_empty() {
                    key.push(b':');
                }
                let read = match f.ty {
                    Type::Date => Read::Date,
                    Type::Money | Type::Number | Type::Percent => Read::Amount,
                    Type::Count | Type::Days => Read::Whole,
                    Type::Bool => Read::Bool,
                    Type::Text => Read::Text,
                    Type::Enum(_) => Read::Enum,
                    Type::List(_) => Read::List,
                    Type::Permission => Read::Never,
                };
                let places = match (f.ty, program.rounding) {
                    (Type::Money, Some(rounding)) => rounding.places,
                    _ => u32::MAX,
                };
                let words = match f.ty {
                    Type::Enum(id) | Type::List(id) => {
                        program.enums.get(id).map_or_else(Box::default, |e| {
                            e.variants.iter().map(|v| Key::new(quoted(v))).collect()
                        })
                    }
                    _ => Box::default(),
                };
                let after = if key.is_empty() {
                    Vec::new()
                } else {
                    [&b","[..], &key].concat()
                };
                Slot {
                    key: Key::new(key),
                    after: Key::new(after),
                    read,
                    optional: f.optional,
                    places,
                    words,
                }
            })
            .collect();
        Layout { slots }
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
    let slots = &layout.slots[..];
    let n = slots.len();
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
        let mut id = s.fact_key(program, slots, 0)?;
        let mut slot = slots.get(id)?;
        loop {
            if !seen.insert(id) {
                return None;
            }
            s.value(program, id, slot, out.get_mut(id)?)?;
            // Cases usually give the facts in declaration order, with no
            // space: try the comma and the next fact's key first.
            let next = id + 1;
            if let Some(after) = slots.get(next) {
                if s.skip_key(&after.after) {
                    id = next;
                    slot = after;
                    continue;
                }
            }
            s.ws();
            if s.eat(b'}') {
                break;
            }
            s.eat(b',').then_some(())?;
            s.ws();
            id = s.fact_key(program, slots, next)?;
            slot = slots.get(id)?;
        }
    }
    s.ws();
    s.at_end().then_some(())?;
    if !seen.all(n) {
        for (id, slot) in slots.iter().enumerate() {
            if !seen.contains(id) {
                slot.optional.then_some(())?;
                *out.get_mut(id)? = Value::Missing;
            }
        }
    }
    Some(())
}

/// The facts given so far: the first 64 in a word (all of nearly every
/// program's), any others in a list.
struct Seen {
    small: u64,
    large: Vec<bool>,
}

impl Seen {
    fn new(n: usize) -> Seen {
        Seen {
            small: 0,
            large: vec![false; n.saturating_sub(64)],
        }
    }

    /// Note a fact given; false when it was already.
    #[inline]
    fn insert(&mut self, id: usize) -> bool {
        if id < 64 {
            let bit = 1u64 << id;
            let new = self.small & bit == 0;
            self.small |= bit;
            new
        } else {
            match self.large.get_mut(id - 64) {
                Some(given) => !std::mem::replace(given, true),
                None => false,
            }
        }
    }

    fn contains(&self, id: usize) -> bool {
        if id < 64 {
            self.small & (1u64 << id) != 0
        } else {
            self.large.get(id - 64).copied().unwrap_or(false)
        }
    }

    /// Whether all `n` facts were given (the usual case, known at once).
    fn all(&self, n: usize) -> bool {
        let small = if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
        self.small == small && self.large.iter().all(|&given| given)
    }
}

impl Scan<'_> {
    /// The fact whose key is next, stepped over with its colon: `next`,
    /// the fact after the last one, first (see [`Scan::other_key`]).
    #[inline]
    fn fact_key(&mut self, program: &Program, slots: &[Slot], next: FactId) -> Option<FactId> {
        match slots.get(next) {
            Some(slot) if self.skip_key(&slot.key) => Some(next),
            _ => self.other_key(program, slots, next),
        }
    }

    /// The fact whose key is next, when it is not fact `next`: the one
    /// after it is tried (`next` may be optional and left out), before
    /// searching.
    #[inline(never)]
    fn other_key(&mut self, program: &Program, slots: &[Slot], next: FactId) -> Option<FactId> {
        match slots.get(next + 1) {
            Some(slot) if self.skip_key(&slot.key) => Some(next + 1),
            _ => self.key(program),
        }
    }
}

mod value;
