//! Reading one fact's value where it stands, for the fast reader: the
//! plain spelling of each type here, any other the long way (as the
//! complete reader reads it), and anything unusual left to the complete
//! reader.

use rust_decimal::Decimal;

use super::super::scalar;
use super::super::{ErrorKind, FactsError};
use super::{Read, Slot};
use crate::facts::scan::{Key, Scan};
use crate::program::{FactId, Program, Value};

impl Scan<'_> {
    /// The value of fact `id` into `place`, if it is one the complete reader
    /// reads the same. The plain spelling of each type is read here, where
    /// it stands; each reader leaves the position unmoved when it gives up,
    /// for [`Scan::other_value`] to read any other spelling (or `null`).
    #[inline(always)]
    pub(super) fn value(
        &mut self,
        program: &Program,
        id: FactId,
        slot: &Slot,
        place: &mut Value,
    ) -> Option<()> {
        match slot.read {
            Read::Date => {
                if let Some(day) = self.date() {
                    *place = Value::Date(day);
                    return Some(());
                }
            }
            Read::Amount => {
                let amount = match self.short_parts() {
                    Some((mantissa, places)) => {
                        let amount = Decimal::try_new(mantissa, places).ok()?;
                        if places <= slot.places {
                            // Nearly every amount: as written, with no more
                            // places than the rounding (so no need to ask).
                            *place = Value::Dec(amount);
                            return Some(());
                        }
                        // (Once read, a short amount is never left to the
                        // long way.)
                        Some(amount)
                    }
                    None => self.long_amount(),
                };
                if let Some(amount) = amount {
                    // More places than the rounding, as written: finer
                    // unless they are trailing zeros.
                    if amount.scale() > slot.places {
                        let fact = program.facts.get(id)?;
                        if scalar::finer_than_rounding(program, fact, amount).is_some() {
                            return None;
                        }
                    }
                    *place = Value::Dec(amount);
                    return Some(());
                }
            }
            Read::Whole => {
                if let Some(n) = self.plain_whole() {
                    *place = Value::Int(n);
                    return Some(());
                }
            }
            Read::Bool => {
                let truth = match self.peek() {
                    Some(b't') => self.skip(b"true").then_some(true),
                    _ => self.skip(b"false").then_some(false),
                };
                if let Some(truth) = truth {
                    *place = Value::Bool(truth);
                    return Some(());
                }
            }
            Read::Text => {
                if let Some(text) = self.text() {
                    *place = Value::Text(text.into());
                    return Some(());
                }
            }
            Read::Enum => {
                if let Some(index) = self.word(&slot.words) {
                    *place = Value::Enum(u32::try_from(index).ok()?);
                    return Some(());
                }
            }
            Read::List => {
                if let Some(set) = self.list(&slot.words) {
                    *place = Value::Set(set);
                    return Some(());
                }
            }
            Read::Never => {}
        }
        self.other_value(program, id, slot, place)
    }

    /// A value of any spelling but the plainest: `null`, or an amount or a
    /// whole number read the long way, as the complete reader reads it.
    #[cold]
    #[inline(never)]
    fn other_value(
        &mut self,
        program: &Program,
        id: FactId,
        slot: &Slot,
        place: &mut Value,
    ) -> Option<()> {
        // Space after the colon: skipped here, so that the plain readers
        // need not look for it (they all give up on it).
        let start = self.pos;
        self.ws();
        if self.pos > start {
            return self.value_after_space(program, id, slot, place);
        }
        if self.peek()? == b'n' {
            self.skip(b"null").then_some(())?;
            slot.optional.then_some(())?;
            *place = Value::Missing;
            return Some(());
        }
        let fact = program.facts.get(id)?;
        *place = match slot.read {
            Read::Amount => {
                let digits = if self.peek()? == b'"' {
                    self.string()?
                } else {
                    self.number()?
                };
                let digits = std::str::from_utf8(digits).ok()?;
                Value::Dec(scalar::amount(program, fact, digits, wrong).ok()?)
            }
            Read::Whole => {
                let raw = std::str::from_utf8(self.number()?).ok()?;
                Value::Int(scalar::whole(fact, raw, wrong).ok()?)
            }
            _ => return None,
        };
        Some(())
    }

    /// [`Scan::value`], after space: once, as there is no more space.
    #[inline(never)]
    fn value_after_space(
        &mut self,
        program: &Program,
        id: FactId,
        slot: &Slot,
        place: &mut Value,
    ) -> Option<()> {
        self.value(program, id, slot, place)
    }

    /// A list of `words`, as the set of their bits; `None` (and the
    /// position unmoved) for anything else.
    fn list(&mut self, words: &[Key]) -> Option<u128> {
        let start = self.pos;
        let set = self.list_here(words);
        if set.is_none() {
            self.pos = start;
        }
        set
    }

    fn list_here(&mut self, words: &[Key]) -> Option<u128> {
        self.eat(b'[').then_some(())?;
        self.ws();
        // The set's halves apart: a bit of a u128 costs more to set.
        let (mut low, mut high) = (0u64, 0u64);
        let set = |low: u64, high: u64| u128::from(high) << 64 | u128::from(low);
        if self.eat(b']') {
            return Some(0);
        }
        loop {
            // As `scalar::bit`: no bit past the 128th (there is no such value).
            match self.word(words)? {
                index @ 0..=63 => low |= 1 << index,
                index @ 64..=127 => high |= 1 << (index - 64),
                _ => {}
            }
            // Usually a comma or the bracket straight after the word.
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(set(low, high));
                }
                _ => {
                    self.ws();
                    if self.eat(b']') {
                        return Some(set(low, high));
                    }
                    self.eat(b',').then_some(())?;
                }
            }
            self.ws();
        }
    }
}

/// The readers' errors are made again by the complete reader; this one only
/// needs to know there is one.
fn wrong(_: &str) -> FactsError {
    FactsError {
        kind: ErrorKind::Type,
        message: String::new(),
        facts: Vec::new(),
    }
}
