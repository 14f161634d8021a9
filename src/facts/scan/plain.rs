//! The plain spellings of numbers and days, read eight bytes at a time: a
//! case has several amounts and days, and reading them a byte at a time was
//! a good part of reading a case. Each reader leaves the position where it
//! was when it gives up, so the caller can still try the long way.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::super::scalar;
use super::{word, word_at, Scan, ONES};

/// Powers of ten up to the largest a plain number has (18 digits).
// Made when compiling: an index out of range fails the build, not a run.
#[allow(clippy::indexing_slicing)]
const POW10: [u64; 19] = {
    let mut table = [1u64; 19];
    let mut i = 1;
    while i < table.len() {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

/// The high bit of each byte of `w` that is not an ASCII digit.
fn non_digits(w: u64) -> u64 {
    // A byte is a digit when its high half is 3 and its low half plus 6
    // does not reach 16: each half is tested apart, so nothing carries.
    let odd =
        ((w & (ONES * 0xF0)) ^ (ONES * 0x30)) | (((w & (ONES * 0x0F)) + ONES * 6) & (ONES * 0xF0));
    (((odd & (ONES * 0x7F)) + ONES * 0x7F) | odd) & (ONES * 0x80)
}

/// How many of the bytes of `w` (little-endian), from the first, are ASCII
/// digits: 0 to 8.
fn digit_run(w: u64) -> usize {
    (non_digits(w).trailing_zeros() / 8) as usize
}

/// The value of the eight ASCII digits of `w`, the first the most
/// significant (a NUL byte counts as a 0: a shorter number is shifted up,
/// leaving NULs as leading zeros). Pairs, then fours, then all eight are
/// combined, each step one multiplication.
fn eight_digits(w: u64) -> u64 {
    let w = (w & (ONES * 0x0F)).wrapping_mul(10 << 8 | 1) >> 8;
    let w = (w & 0x00FF_00FF_00FF_00FF).wrapping_mul(100 << 16 | 1) >> 16;
    (w & 0x0000_FFFF_0000_FFFF).wrapping_mul(10_000 << 32 | 1) >> 32
}

impl Scan<'_> {
    /// Digits stepped over, with their value while it fits: how many there
    /// were is the first of the pair.
    pub(in crate::facts) fn digits_value(&mut self) -> (usize, u64) {
        let start = self.pos;
        let mut value: u64 = 0;
        // A number is nearly always followed by more JSON, so there are
        // eight bytes to read.
        while self.pos + 8 <= self.text.len() {
            let w = word(self.text, self.pos);
            let n = digit_run(w);
            if n == 0 {
                return (self.pos - start, value);
            }
            // The digits shifted to the top, NULs below them.
            let digits = eight_digits(w << (8 * (8 - n)));
            let scale = POW10.get(n).copied().unwrap_or(1);
            value = value.wrapping_mul(scale).wrapping_add(digits);
            self.pos += n;
            if n < 8 {
                return (self.pos - start, value);
            }
        }
        while let Some(d) = self
            .text
            .get(self.pos)
            .map(|b| b.wrapping_sub(b'0'))
            .filter(|&d| d < 10)
        {
            value = value.wrapping_mul(10).wrapping_add(u64::from(d));
            self.pos += 1;
        }
        (self.pos - start, value)
    }

    pub(in crate::facts) fn digits(&mut self) -> usize {
        self.digits_value().0
    }

    /// A day written `"YYYY-MM-DD"`, read where it stands by
    /// [`scalar::date`], as the complete reader reads its content. Anything
    /// else is no date at all to it, which reads only digits and dashes, so
    /// there is no longer way to try.
    #[inline(always)]
    pub(in crate::facts) fn date(&mut self) -> Option<NaiveDate> {
        let quoted = self.text.get(self.pos..self.pos.checked_add(12)?)?;
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
    /// negative zero, whose sign only the library's parser keeps. (The
    /// fast reader puts the same two readers together itself, to test an
    /// amount's places before making its decimal.)
    #[cfg(test)]
    pub(in crate::facts) fn plain_amount(&mut self) -> Option<Decimal> {
        match self.short_amount() {
            Some(amount) => Some(amount),
            None => self.long_amount(),
        }
    }

    /// [`Scan::short_parts`] as a decimal.
    #[cfg(test)]
    fn short_amount(&mut self) -> Option<Decimal> {
        let (mantissa, places) = self.short_parts()?;
        Decimal::try_new(mantissa, places).ok()
    }

    /// A plain amount whose digits and point end within eight bytes
    /// (`1234.56` at most), as nearly every amount does, read from one
    /// word: the point is taken out and the digits read at once. Its
    /// signed mantissa and places (at most seven digits and six places,
    /// which any decimal holds), so that the caller can test the places
    /// before making the decimal. `None` (and the position unmoved) for
    /// anything else, which [`Scan::long_amount`] decides; whatever this
    /// reads, that reads the same.
    #[inline(always)]
    pub(in crate::facts) fn short_parts(&mut self) -> Option<(i64, u32)> {
        // The quote and the sign from the first word, the digits from the
        // word after them.
        let rest = self.text.get(self.pos..)?;
        let first = word_at(rest, 0)?;
        let quoted = first as u8 == b'"';
        let negative = (first >> (8 * u32::from(quoted))) as u8 == b'-';
        let start = usize::from(quoted) + usize::from(negative);
        let w = word_at(rest, start)?;
        let stops = non_digits(w);
        let whole = (stops.trailing_zeros() / 8) as usize;
        if whole == 0 || whole == 8 {
            return None;
        }
        let (end, digits, joined, places) = if (w >> (8 * whole)) as u8 == b'.' {
            // The fraction ends at the next stop after the point's.
            let end = ((stops & (stops - 1)).trailing_zeros() / 8) as usize;
            if end == whole + 1 || end == 8 {
                // No digits after the point, or perhaps more beyond the word.
                return None;
            }
            // The digits without the point: those above it moved down.
            let below = (1u64 << (8 * whole)) - 1;
            let joined = (w & below) | (w >> 8 & !below);
            (end, end - 1, joined, end - whole - 1)
        } else {
            (whole, whole, w, 0)
        };
        let next = (w >> (8 * end)) as u8;
        let fits = if quoted {
            next == b'"'
        } else {
            // Not JSON (`01`), or an exponent: the long way decides.
            let leading_zero = w as u8 == b'0' && whole > 1;
            !leading_zero && !matches!(next, b'e' | b'E')
        };
        // Digits shifted to the top, NULs below them as leading zeros.
        let mantissa = eight_digits(joined << (8 * (8 - digits)));
        if !fits || (negative && mantissa == 0) {
            return None;
        }
        // At most seven digits: no more than an i64 holds.
        let mantissa = mantissa as i64;
        self.pos += start + end + usize::from(quoted);
        Some((if negative { -mantissa } else { mantissa }, places as u32))
    }

    /// A plain amount of any length, read digit run by digit run.
    #[cold]
    #[inline(never)]
    pub(in crate::facts) fn long_amount(&mut self) -> Option<Decimal> {
        let start = self.pos;
        let amount = self.long_amount_here();
        if amount.is_none() {
            self.pos = start;
        }
        amount
    }

    fn long_amount_here(&mut self) -> Option<Decimal> {
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
            .checked_mul(*POW10.get(places)?)?
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
    #[inline]
    pub(in crate::facts) fn plain_whole(&mut self) -> Option<i64> {
        // One digit, and then no digit, point or exponent: most counts.
        if let Some(&[digit, next]) = self.text.get(self.pos..self.pos + 2) {
            if digit.is_ascii_digit()
                && !next.is_ascii_digit()
                && !matches!(next, b'.' | b'e' | b'E')
            {
                self.pos += 1;
                return Some(i64::from(digit - b'0'));
            }
        }
        self.long_whole()
    }

    #[inline(never)]
    fn long_whole(&mut self) -> Option<i64> {
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
mod tests;
