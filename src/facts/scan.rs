//! The fast reader's tokens: a position in the JSON text and what can be
//! read there. Each reader is strict: it reads only what JSON allows, and
//! `None` means "not this plain shape", never a decision about the case.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::scalar;
use crate::program::{FactId, Program};

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

/// Eight bytes of `bytes` from `at`, little-endian; 0 past the end (never
/// asked for here: every caller has checked the length).
fn word(bytes: &[u8], at: usize) -> u64 {
    bytes
        .get(at..at + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
        .map_or(0, u64::from_le_bytes)
}

/// Four bytes, as [`word`].
fn half(bytes: &[u8], at: usize) -> u32 {
    bytes
        .get(at..at + 4)
        .and_then(|w| <[u8; 4]>::try_from(w).ok())
        .map_or(0, u32::from_le_bytes)
}

/// Whether `text` starts with `pattern`, compared a word at a time: the
/// keys and values compared here are short, and a call to `memcmp` costs
/// more than comparing them.
fn starts_with(text: &[u8], pattern: &[u8]) -> bool {
    let n = pattern.len();
    let Some(text) = text.get(..n) else {
        return false;
    };
    if n >= 8 {
        let mut at = 0;
        while at + 8 < n {
            if word(text, at) != word(pattern, at) {
                return false;
            }
            at += 8;
        }
        // The last word may overlap the one before.
        word(text, n - 8) == word(pattern, n - 8)
    } else if n >= 4 {
        half(text, 0) == half(pattern, 0) && half(text, n - 4) == half(pattern, n - 4)
    } else {
        text == pattern
    }
}

/// A position in the JSON text.
pub(super) struct Scan<'a> {
    text: &'a [u8],
    pub(super) pos: usize,
}

impl<'a> Scan<'a> {
    pub(super) fn new(text: &'a str) -> Scan<'a> {
        Scan {
            text: text.as_bytes(),
            pos: 0,
        }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    pub(super) fn at_end(&self) -> bool {
        self.pos == self.text.len()
    }

    /// Step over `b` if it is next.
    pub(super) fn eat(&mut self, b: u8) -> bool {
        let next = self.peek() == Some(b);
        self.pos += usize::from(next);
        next
    }

    /// Step over `pattern` if it is next; an empty pattern is never there.
    pub(super) fn skip(&mut self, pattern: &[u8]) -> bool {
        let rest = self.text.get(self.pos..).unwrap_or_default();
        let here = !pattern.is_empty() && starts_with(rest, pattern);
        if here {
            self.pos += pattern.len();
        }
        here
    }

    /// The index of the one of `words` that is next, stepped over.
    pub(super) fn word(&mut self, words: &[Box<[u8]>]) -> Option<usize> {
        let i = words.iter().position(|w| {
            // Each word is quoted, so none is the start of another.
            starts_with(self.text.get(self.pos..).unwrap_or_default(), w)
        })?;
        self.pos += words.get(i)?.len();
        Some(i)
    }

    /// JSON's white space, exactly: no other space is allowed between tokens.
    pub(super) fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    pub(super) fn literal(&mut self, word: &str) -> Option<()> {
        self.skip(word.as_bytes()).then_some(())
    }

    /// A key read the long way, and the colon after it: the fact it names.
    pub(super) fn key(&mut self, program: &Program) -> Option<FactId> {
        let key = self.string()?;
        let id = program.fact_named(std::str::from_utf8(key).ok()?)?;
        self.ws();
        self.eat(b':').then_some(id)
    }

    /// A string's content; `None` unless it is a string without escapes or
    /// control characters (which the complete reader decodes or refuses).
    /// Its bytes, because most strings are only compared: making a `str`
    /// costs more than finding its end.
    pub(super) fn string(&mut self) -> Option<&'a [u8]> {
        let bytes = self.text;
        if bytes.get(self.pos) != Some(&b'"') {
            return None;
        }
        let start = self.pos + 1;
        let rest = bytes.get(start..)?;
        let mut len = 0;
        // Eight bytes at a time while eight remain (a string is always
        // followed by more JSON, so nearly every string ends this way).
        while len + 8 <= rest.len() {
            let stops = special(word(rest, len));
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
    pub(super) fn text(&mut self) -> Option<&'a str> {
        // Cut at quotes from a `str`, so always UTF-8: this cannot fail.
        std::str::from_utf8(self.string()?).ok()
    }

    /// A number token as written, by JSON's grammar exactly:
    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    pub(super) fn number(&mut self) -> Option<&'a [u8]> {
        let start = self.pos;
        self.eat(b'-');
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        if self.eat(b'.') && self.digits() == 0 {
            return None;
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return None;
            }
        }
        self.text.get(start..self.pos)
    }

    /// Digits stepped over, with their value while it fits: how many there
    /// were is the first of the pair.
    fn digits_value(&mut self) -> (usize, u64) {
        let start = self.pos;
        let mut at = start;
        let mut value: u64 = 0;
        while let Some(d) = self
            .text
            .get(at)
            .map(|b| b.wrapping_sub(b'0'))
            .filter(|&d| d < 10)
        {
            value = value.wrapping_mul(10).wrapping_add(u64::from(d));
            at += 1;
        }
        self.pos = at;
        (at - start, value)
    }

    fn digits(&mut self) -> usize {
        self.digits_value().0
    }

    /// A day written `"YYYY-MM-DD"`, read where it stands. Anything else
    /// is no date at all to [`scalar::date`], which reads only digits and
    /// dashes, so there is no longer way to try.
    pub(super) fn date(&mut self) -> Option<NaiveDate> {
        let quoted = self.text.get(self.pos..self.pos + 12)?;
        let (b'"', Some(b'"')) = (*quoted.first()?, quoted.get(11)) else {
            return None;
        };
        let day = scalar::date(quoted.get(1..11)?).ok()?;
        self.pos += 12;
        Some(day)
    }

    /// An amount written plainly, `-?[0-9]+(.[0-9]+)?` with 1 to 18 digits,
    /// in quotes or as a JSON number, read in the pass that finds its end:
    /// the decimal `Decimal::from_str_exact` reads from those digits.
    /// `None` (and the position unmoved) for any other spelling, and for a
    /// negative zero, whose sign only the library's parser keeps.
    pub(super) fn plain_amount(&mut self) -> Option<Decimal> {
        let start = self.pos;
        let amount = self.plain_amount_here();
        if amount.is_none() {
            self.pos = start;
        }
        amount
    }

    fn plain_amount_here(&mut self) -> Option<Decimal> {
        let quoted = self.eat(b'"');
        let negative = self.eat(b'-');
        let first = self.peek();
        let (whole, units) = self.digits_value();
        let point = self.eat(b'.');
        let (places, fraction) = if point { self.digits_value() } else { (0, 0) };
        if whole == 0 || (point && places == 0) || whole + places > 18 {
            return None;
        }
        if quoted {
            self.eat(b'"').then_some(())?;
        } else if (first == Some(b'0') && whole > 1) || matches!(self.peek(), Some(b'e' | b'E')) {
            // Not JSON (`01`), or an exponent: the long way decides.
            return None;
        }
        // At most 18 digits: within i64.
        let mantissa = units
            .checked_mul(10u64.checked_pow(u32::try_from(places).ok()?)?)?
            .checked_add(fraction)?;
        let mantissa = i64::try_from(mantissa).ok()?;
        if negative && mantissa == 0 {
            return None;
        }
        let signed = if negative { -mantissa } else { mantissa };
        Decimal::try_new(signed, u32::try_from(places).ok()?).ok()
    }

    /// A whole number written plainly as a JSON number, `-?[0-9]+` with 1
    /// to 18 digits and no leading zero: the value `i64`'s parser gives it.
    /// `None` (and the position unmoved) for any other spelling.
    pub(super) fn plain_whole(&mut self) -> Option<i64> {
        let start = self.pos;
        let negative = self.eat(b'-');
        let first = self.peek();
        let (digits, value) = self.digits_value();
        let plain = (1..=18).contains(&digits)
            && !(first == Some(b'0') && digits > 1)
            && !matches!(self.peek(), Some(b'.' | b'e' | b'E'));
        match i64::try_from(value) {
            Ok(value) if plain => Some(if negative { -value } else { value }),
            _ => {
                self.pos = start;
                None
            }
        }
    }
}

#[cfg(test)]
#[path = "scan_tests.rs"]
mod tests;
