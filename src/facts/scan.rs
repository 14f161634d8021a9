//! The fast reader's tokens: a position in the JSON text and what can be
//! read there. Each reader is strict: it reads only what JSON allows, and
//! `None` means "not this plain shape", never a decision about the case.

use crate::program::{FactId, Program};

/// One in every byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The bytes of `word` (eight, little-endian) that end or complicate a
/// string: a quote, a backslash or a control character, each flagged by its
/// high bit. Above the lowest flagged byte there may be false flags (a borrow
/// carries up), so only the lowest is used.
pub(crate) fn special(word: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let quote = zero(word ^ (ONES * u64::from(b'"')));
    let backslash = zero(word ^ (ONES * u64::from(b'\\')));
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    quote | backslash | control
}

/// Eight bytes of `bytes` from `at`, little-endian; 0 past the end (never
/// asked for here: every caller has checked the length).
pub(super) fn word(bytes: &[u8], at: usize) -> u64 {
    word_at(bytes, at).unwrap_or(0)
}

/// The eight bytes of `bytes` from `at`, little-endian, if there are eight.
pub(super) fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let w = bytes.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes(<[u8; 8]>::try_from(w).ok()?))
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

/// A key and its colon as a case spells it, `"name":`, or a value of an
/// enumeration, `"value"`, with its words ready: its first eight bytes are
/// compared at once, and the rest of one up to 24 bytes long by one or two
/// more comparisons, without a loop. (Where fewer than eight bytes are
/// left, none is recognised, and the complete reader reads the case.)
pub(super) struct Key {
    bytes: Box<[u8]>,
    /// The first eight bytes; for a shorter key, `mask` keeps its own.
    first: u64,
    mask: u64,
    /// Bytes 8 to 16, for a key longer than 16.
    middle: u64,
    /// The last eight bytes, for a key longer than 8.
    last: u64,
}

impl Key {
    /// The key `bytes`; an empty one (a name that could not be spelt) is
    /// never matched.
    pub(super) fn new(bytes: Vec<u8>) -> Key {
        let n = bytes.len();
        let mut head = [0u8; 8];
        let short = n.min(8);
        for (h, b) in head.iter_mut().zip(&bytes) {
            *h = *b;
        }
        let (first, mask) = match short {
            // No word masked to nothing is 1.
            0 => (1, 0),
            _ => (u64::from_le_bytes(head), u64::MAX >> (8 * (8 - short))),
        };
        Key {
            first,
            mask,
            middle: word(&bytes, 8),
            last: word(&bytes, n.saturating_sub(8)),
            bytes: bytes.into(),
        }
    }

    /// Whether `rest`, whose first eight bytes are `head`, starts with
    /// this key.
    #[inline]
    fn at(&self, head: u64, rest: &[u8]) -> bool {
        if head & self.mask != self.first {
            return false;
        }
        let n = self.bytes.len();
        match n {
            0..=8 => true,
            9..=16 => rest.len() >= n && word(rest, n - 8) == self.last,
            17..=24 => {
                rest.len() >= n && word(rest, 8) == self.middle && word(rest, n - 8) == self.last
            }
            _ => starts_with(rest, &self.bytes),
        }
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

    /// Step over `key` if it is next.
    #[inline]
    pub(super) fn skip_key(&mut self, key: &Key) -> bool {
        let rest = self.text.get(self.pos..).unwrap_or_default();
        let here = rest.len() >= 8 && key.at(word(rest, 0), rest);
        if here {
            self.pos += key.bytes.len();
        }
        here
    }

    /// The index of the one of `words` that is next, stepped over.
    #[inline]
    pub(super) fn word(&mut self, words: &[Key]) -> Option<usize> {
        let rest = self.text.get(self.pos..).unwrap_or_default();
        if rest.len() < 8 {
            return None;
        }
        let head = word(rest, 0);
        // Each word is quoted, so none is the start of another.
        let i = words.iter().position(|w| w.at(head, rest))?;
        self.pos += words.get(i)?.bytes.len();
        Some(i)
    }

    /// JSON's white space, exactly: no other space is allowed between tokens.
    #[inline]
    pub(super) fn ws(&mut self) {
        // Nearly every case has none: one test, and no loop.
        if self.peek().is_some_and(|b| b <= b' ') {
            self.spaces();
        }
    }

    fn spaces(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
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
}

#[cfg(test)]
mod tests;

mod plain;
