//! Amounts and dates written straight into a buffer, digit by digit: the
//! batch writer's hot path, where `core::fmt` costs more than the decision.
//! Each writes exactly the text `Display` gives (checked by the tests), and
//! hands anything unusual to `Display` itself.

use std::fmt::Write as _;

use chrono::{Datelike as _, NaiveDate};
use rust_decimal::Decimal;

/// `d` as its `Display` writes it: `-12.50`, `0.05`, `240`. The text is
/// made right to left in one buffer and appended at once.
pub fn push_decimal(out: &mut String, d: Decimal) {
    let mantissa = d.mantissa();
    let scale = d.scale() as usize;
    let Ok(magnitude) = u64::try_from(mantissa.unsigned_abs()) else {
        let _ = write!(out, "{d}");
        return;
    };
    // A negative zero keeps the library's own sign and spelling.
    if (magnitude == 0 && d.is_sign_negative()) || scale > 19 {
        let _ = write!(out, "{d}");
        return;
    }
    // At most 20 digits, a point, a leading `0` and a sign.
    let mut buffer = [0u8; 24];
    let mut at = buffer.len();
    let mut n = magnitude;
    // The fraction: `scale` digits, leading zeros and all.
    for _ in 0..scale {
        put(&mut buffer, &mut at, b'0' + (n % 10) as u8);
        n /= 10;
    }
    if scale > 0 {
        put(&mut buffer, &mut at, b'.');
    }
    // The whole part: one digit at least.
    loop {
        put(&mut buffer, &mut at, b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if mantissa < 0 {
        put(&mut buffer, &mut at, b'-');
    }
    push_ascii(out, buffer.get(at..).unwrap_or_default());
}

/// `d` as `YYYY-MM-DD`, as its `Display` writes it for years 0 to 9999.
pub fn push_date(out: &mut String, d: NaiveDate) {
    let year = d.year();
    if !(0..=9999).contains(&year) {
        let _ = write!(out, "{d}");
        return;
    }
    let mut text = *b"0000-00-00";
    let fields = [(year as u32, 0, 4), (d.month(), 5, 2), (d.day(), 8, 2)];
    for (mut value, start, width) in fields {
        for slot in text[start..start + width].iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
    }
    push_ascii(out, &text);
}

/// `b` written just before `at`, which moves back over it (the buffers
/// are sized for the longest text, so there is always room).
fn put(buffer: &mut [u8], at: &mut usize, b: u8) {
    *at = at.saturating_sub(1);
    if let Some(slot) = buffer.get_mut(*at) {
        *slot = b;
    }
}

fn push_ascii(out: &mut String, bytes: &[u8]) {
    // Only ASCII digits and dashes are ever passed here, so this never fails.
    if let Ok(text) = std::str::from_utf8(bytes) {
        out.push_str(text);
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
