//! Amounts and dates written straight into a buffer, digit by digit: the
//! batch writer's hot path, where `core::fmt` costs more than the decision.
//! Each writes exactly the text `Display` gives (checked by the tests), and
//! hands anything unusual to `Display` itself.

use std::fmt::Write as _;

use chrono::{Datelike as _, NaiveDate};
use rust_decimal::Decimal;

/// `d` as its `Display` writes it: `-12.50`, `0.05`, `240`.
pub fn push_decimal(out: &mut String, d: Decimal) {
    let mantissa = d.mantissa();
    let scale = d.scale() as usize;
    let Ok(magnitude) = u64::try_from(mantissa.unsigned_abs()) else {
        let _ = write!(out, "{d}");
        return;
    };
    // Zero keeps the library's own sign and spelling.
    if magnitude == 0 || scale > 19 {
        let _ = write!(out, "{d}");
        return;
    }
    let mut buffer = [0u8; 20];
    let digits = decimal_digits(magnitude, &mut buffer);
    if mantissa < 0 {
        out.push('-');
    }
    if digits.len() <= scale {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', scale - digits.len()));
        push_ascii(out, digits);
    } else {
        let (whole, fraction) = digits.split_at(digits.len() - scale);
        push_ascii(out, whole);
        if scale > 0 {
            out.push('.');
            push_ascii(out, fraction);
        }
    }
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

/// The decimal digits of `n`, most significant first, in `buffer`.
fn decimal_digits(mut n: u64, buffer: &mut [u8; 20]) -> &[u8] {
    let mut start = buffer.len();
    loop {
        start -= 1;
        buffer[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buffer[start..];
        }
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
        ] {
            let d: Decimal = text.parse().expect("test amounts are valid");
            assert_eq!(decimal_text(d), d.to_string(), "{text}");
        }
        assert_eq!(decimal_text(Decimal::MAX), Decimal::MAX.to_string());
        assert_eq!(decimal_text(Decimal::MIN), Decimal::MIN.to_string());
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
