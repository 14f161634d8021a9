//! Amounts, counts and dates written straight into a buffer: the batch
//! writer's hot path, where `core::fmt` costs more than the decision. Each
//! writes exactly the text `Display` gives (checked by the tests), and hands
//! anything unusual to `Display` itself.
//!
//! Amounts and counts of up to eight digits are made in one register
//! (`short`); longer ones right to left in a small array, two digits at a
//! time from a table (half the divisions). Either is appended as one copy
//! of a fixed size, cut back to its length: checking the bytes are ASCII
//! costs a few instructions, where `str::from_utf8`'s general check and a
//! `memcpy` call of any size cost more than making the digits.

use std::fmt::Write as _;

use chrono::{Datelike as _, NaiveDate};
use rust_decimal::Decimal;

use super::short;

/// `PAIRS[n]` is `n` as two digits, `00` to `99`.
// Made when compiling: an index out of range fails the build, not a run.
#[allow(clippy::indexing_slicing)]
const PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0; 2]; 100];
    let mut n = 0;
    while n < 100 {
        pairs[n] = [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
        n += 1;
    }
    pairs
};

/// Room for a `u64`'s 20 digits, a point, a leading `0` and a sign.
const WIDTH: usize = 24;

/// A text of known length made right to left at the start of a buffer,
/// appended as the whole buffer and cut back: a copy of a fixed size is a
/// few moves, where one of any size is a call to `memcpy`.
struct Text {
    buffer: [u8; WIDTH],
    /// How long the text is.
    len: usize,
    /// Where the text made so far starts: it ends at `len`.
    at: usize,
}

impl Text {
    /// Room for a text of `len` bytes (at most `WIDTH`).
    fn new(len: usize) -> Text {
        let len = len.min(WIDTH);
        Text {
            buffer: [b'0'; WIDTH],
            len,
            at: len,
        }
    }

    // `get_mut` keeps even a mistake in a length from panicking.

    fn byte(&mut self, b: u8) {
        self.at = self.at.saturating_sub(1);
        if let Some(slot) = self.buffer.get_mut(self.at) {
            *slot = b;
        }
    }

    fn pair(&mut self, n: u64) {
        self.at = self.at.saturating_sub(2);
        if let Some(slot) = self.buffer.get_mut(self.at..self.at + 2) {
            slot.copy_from_slice(&pair_of(n));
        }
    }

    /// The last `width` digits of `n`, zeros ahead; what is left of `n`.
    fn fraction(&mut self, mut n: u64, width: usize) -> u64 {
        for _ in 0..width / 2 {
            self.pair(n);
            n /= 100;
        }
        if width % 2 == 1 {
            self.byte(b'0' + (n % 10) as u8);
            n /= 10;
        }
        n
    }

    /// All the digits of `n`: `digit_count(n)` of them.
    fn whole(&mut self, mut n: u64) {
        while n >= 100 {
            self.pair(n);
            n /= 100;
        }
        if n >= 10 {
            self.pair(n);
        } else {
            self.byte(b'0' + n as u8);
        }
    }

    fn push_to(&self, out: &mut String) {
        push_ascii(out, &self.buffer, self.len);
    }
}

/// The first `len` bytes of `bytes` appended to `out`, all `N` copied and
/// the rest cut off again.
#[inline]
fn push_ascii<const N: usize>(out: &mut String, bytes: &[u8; N], len: usize) {
    // Every caller writes digits, signs and points into a zeroed buffer.
    debug_assert!(bytes.is_ascii(), "not ASCII: {bytes:?}");
    if bytes.is_ascii() {
        let end = out.len() + len.min(N);
        // SAFETY: ASCII bytes are UTF-8 whatever precedes them, and a cut
        // between two of them leaves UTF-8, so `out` stays UTF-8.
        #[allow(unsafe_code)]
        let bytes_of_out = unsafe { out.as_mut_vec() };
        bytes_of_out.extend_from_slice(bytes);
        bytes_of_out.truncate(end);
    }
}

/// The last two digits of `n`.
#[inline(always)]
fn pair_of(n: u64) -> [u8; 2] {
    // `n % 100` is always an index of `PAIRS`.
    PAIRS.get((n % 100) as usize).copied().unwrap_or_default()
}

/// How many digits `n` has: one at least.
fn digit_count(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// `d` as its `Display` writes it: `-12.50`, `0.05`, `240`. Inlined for
/// the usual short amount; anything longer takes a call.
#[inline]
pub fn push_decimal(out: &mut String, d: Decimal) {
    let negative = d.is_sign_negative();
    if let Ok(magnitude) = u64::try_from(d.mantissa().unsigned_abs()) {
        if let Some((text, len)) = short::decimal(magnitude, d.scale(), negative) {
            return push_ascii(out, &text, len);
        }
    }
    push_long_decimal(out, d);
}

#[inline(never)]
fn push_long_decimal(out: &mut String, d: Decimal) {
    let scale = d.scale() as usize;
    let negative = d.is_sign_negative();
    // A scale past 19 has more fraction digits than `WIDTH` holds.
    let magnitude = match u64::try_from(d.mantissa().unsigned_abs()) {
        Ok(m) if scale < 20 => m,
        _ => {
            let _ = write!(out, "{d}");
            return;
        }
    };
    // The whole part has one digit at least (`0.05`).
    let whole_digits = digit_count(magnitude).saturating_sub(scale).max(1);
    let point = if scale > 0 { scale + 1 } else { 0 };
    let mut text = Text::new(usize::from(negative) + whole_digits + point);
    let whole = text.fraction(magnitude, scale);
    if scale > 0 {
        text.byte(b'.');
    }
    text.whole(whole);
    if negative {
        text.byte(b'-');
    }
    text.push_to(out);
}

/// `n` as its `Display` writes it.
#[inline]
pub fn push_int(out: &mut String, n: i64) {
    if let Some((text, len)) = short::int(n) {
        return push_ascii(out, &text, len);
    }
    let magnitude = n.unsigned_abs();
    let mut text = Text::new(usize::from(n < 0) + digit_count(magnitude));
    text.whole(magnitude);
    if n < 0 {
        text.byte(b'-');
    }
    text.push_to(out);
}

/// `d` as `YYYY-MM-DD`, as its `Display` writes it for years 0 to 9999.
#[inline]
pub fn push_date(out: &mut String, d: NaiveDate) {
    let year = d.year();
    let Some(year) = usize::try_from(year).ok().filter(|&y| y <= 9999) else {
        let _ = write!(out, "{d}");
        return;
    };
    let [y0, y1] = pair_of(year as u64 / 100);
    let [y2, y3] = pair_of(year as u64);
    let [m0, m1] = pair_of(u64::from(d.month()));
    let [d0, d1] = pair_of(u64::from(d.day()));
    push_ascii(out, &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1], 10);
}

#[cfg(test)]
mod tests;
