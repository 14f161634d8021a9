//! Amounts, counts and dates written straight into a buffer: the batch
//! writer's hot path, where `core::fmt` costs more than the decision. Each
//! writes exactly the text `Display` gives (checked by the tests), and hands
//! anything unusual to `Display` itself.
//!
//! Digits come two at a time from a table (half the divisions), and reach
//! the buffer byte by byte: a short text costs fewer instructions that way
//! than checking it is UTF-8 and copying it with `memcpy`.

use std::fmt::Write as _;

use chrono::{Datelike as _, NaiveDate};
use rust_decimal::Decimal;

/// `PAIRS[n]` is `n` as two digits, `00` to `99`.
const PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0; 2]; 100];
    let mut n = 0;
    while n < 100 {
        pairs[n] = [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
        n += 1;
    }
    pairs
};

/// The most digits a `u64` has.
const WIDTH: usize = 20;

/// The digits of `n`, right-aligned in `buffer` (whose other bytes are left
/// as they are), and how many there are: at least one.
fn digits(mut n: u64, buffer: &mut [u8; WIDTH]) -> usize {
    let mut at = WIDTH;
    // 20 digits at most, so `at` never passes the start of the buffer;
    // `get_mut` keeps even a mistake here from panicking.
    while n >= 100 {
        at = at.saturating_sub(2);
        if let Some(slot) = buffer.get_mut(at..at + 2) {
            slot.copy_from_slice(&PAIRS[(n % 100) as usize]);
        }
        n /= 100;
    }
    if n >= 10 {
        at = at.saturating_sub(2);
        if let Some(slot) = buffer.get_mut(at..at + 2) {
            slot.copy_from_slice(&PAIRS[n as usize]);
        }
    } else {
        at = at.saturating_sub(1);
        if let Some(slot) = buffer.get_mut(at) {
            *slot = b'0' + n as u8;
        }
    }
    WIDTH - at
}

/// `d` as its `Display` writes it: `-12.50`, `0.05`, `240`.
pub fn push_decimal(out: &mut String, d: Decimal) {
    let scale = d.scale() as usize;
    let Ok(magnitude) = u64::try_from(d.mantissa().unsigned_abs()) else {
        let _ = write!(out, "{d}");
        return;
    };
    let negative = d.is_sign_negative();
    // A negative zero keeps the library's own sign and spelling; a scale
    // past 19 would need more than `WIDTH` digits.
    if (magnitude == 0 && negative) || scale >= WIDTH {
        let _ = write!(out, "{d}");
        return;
    }
    // Zeros ahead of the digits pad a fraction like `0.05`'s.
    let mut buffer = [b'0'; WIDTH];
    let count = digits(magnitude, &mut buffer).max(scale + 1);
    let Some(text) = buffer.get(WIDTH - count..) else {
        return;
    };
    let (whole, fraction) = text.split_at(count - scale);
    if negative {
        out.push('-');
    }
    push_ascii(out, whole);
    if scale > 0 {
        out.push('.');
        push_ascii(out, fraction);
    }
}

/// `n` as its `Display` writes it.
pub fn push_int(out: &mut String, n: i64) {
    let mut buffer = [b'0'; WIDTH];
    let count = digits(n.unsigned_abs(), &mut buffer);
    if n < 0 {
        out.push('-');
    }
    push_ascii(out, buffer.get(WIDTH - count..).unwrap_or_default());
}

/// `d` as `YYYY-MM-DD`, as its `Display` writes it for years 0 to 9999.
pub fn push_date(out: &mut String, d: NaiveDate) {
    let Ok(year) = usize::try_from(d.year()) else {
        let _ = write!(out, "{d}");
        return;
    };
    if year > 9999 {
        let _ = write!(out, "{d}");
        return;
    }
    // Month and day are within 1..=31, so every index is below 100.
    let [y0, y1] = PAIRS[year / 100];
    let [y2, y3] = PAIRS[year % 100];
    let [m0, m1] = PAIRS[d.month() as usize % 100];
    let [d0, d1] = PAIRS[d.day() as usize % 100];
    push_ascii(out, &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1]);
}

/// ASCII bytes appended one by one (`char::from` of an ASCII byte is that
/// byte, so the text stays the bytes given).
fn push_ascii(out: &mut String, bytes: &[u8]) {
    for &b in bytes {
        out.push(char::from(b));
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn decimal_text(d: Decimal) -> String {
        let mut out = String::new();
        push_decimal(&mut out, d);
        out
    }

    #[test]
    fn amounts_at_their_edges() {
        for text in [
            "0",
            "0.00",
            "-0.00",
            "0.05",
            "-0.05",
            "240",
            "240.00",
            "-12.50",
            "1.0000000000000000001",
            "0.0000000000000000001",
            "10000000000000000000",
            "18446744073709551615",
            "1.8446744073709551615",
        ] {
            let d: Decimal = text.parse().expect("test amounts are valid");
            assert_eq!(decimal_text(d), d.to_string(), "{text}");
        }
        assert_eq!(decimal_text(Decimal::MAX), Decimal::MAX.to_string());
        assert_eq!(decimal_text(Decimal::MIN), Decimal::MIN.to_string());
    }

    #[test]
    fn zeros_at_every_scale_and_sign() {
        for scale in 0..=28 {
            for negative in [false, true] {
                let mut d = Decimal::new(0, scale);
                d.set_sign_negative(negative);
                assert_eq!(decimal_text(d), d.to_string(), "{scale} {negative}");
            }
        }
    }

    #[test]
    fn dates_at_their_edges() {
        for (y, m, d) in [(0, 1, 1), (9, 2, 3), (2026, 11, 26), (9999, 12, 31)] {
            let day = NaiveDate::from_ymd_opt(y, m, d).expect("a real day");
            let mut out = String::new();
            push_date(&mut out, day);
            assert_eq!(out, day.to_string());
        }
    }

    proptest! {
        #[test]
        fn amounts_read_as_display_writes_them(mantissa in any::<i64>(), scale in 0u32..=28) {
            let d = Decimal::from_i128_with_scale(i128::from(mantissa), scale);
            prop_assert_eq!(decimal_text(d), d.to_string());
        }

        #[test]
        fn dates_read_as_display_writes_them(days in 0i64..3_652_059) {
            let day = NaiveDate::from_ymd_opt(0, 1, 1).expect("a real day") + chrono::Days::new(days as u64);
            let mut out = String::new();
            push_date(&mut out, day);
            prop_assert_eq!(out, day.to_string());
        }
    }
}
