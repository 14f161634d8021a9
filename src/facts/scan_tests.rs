//! The plain readers of amounts, whole numbers and dates, each against the
//! general parser it stands in for.

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::super::scalar;
use super::Scan;

proptest! {
    /// Plain amounts, read without `Decimal`'s parser, are its decimals, in
    /// quotes or not; a spelling left to the long way leaves the position.
    #[test]
    fn plain_amounts_are_what_decimal_reads(text in "-?[0-9]{0,20}(\\.[0-9]{0,20})?[eE%\"]?") {
        for json in [text.clone(), format!("\"{text}\"")] {
            let mut scan = Scan::new(&json);
            match scan.plain_amount() {
                Some(fast) => {
                    let digits = json[..scan.pos].trim_matches('"');
                    let exact = Decimal::from_str_exact(digits);
                    prop_assert_eq!(exact.map(|d| d.serialize()), Ok(fast.serialize()), "{}", json);
                    prop_assert!(json.len() - scan.pos <= 1, "{} read to {}", json, scan.pos);
                }
                None => prop_assert_eq!(scan.pos, 0),
            }
        }
    }

    /// Plain whole numbers are what `i64`'s parser reads.
    #[test]
    fn plain_whole_numbers_are_what_i64_reads(text in "-?[0-9]{0,20}[.eE]?") {
        let mut scan = Scan::new(&text);
        match scan.plain_whole() {
            Some(fast) => {
                prop_assert_eq!(text.parse::<i64>(), Ok(fast));
                prop_assert_eq!(scan.pos, text.len());
                // JSON has no leading zeros.
                let digits = text.trim_start_matches('-');
                prop_assert!(digits == "0" || !digits.starts_with('0'), "{}", text);
            }
            None => prop_assert_eq!(scan.pos, 0),
        }
    }

    /// Dates are read as plainly as they were before the digits were read
    /// eight at a time.
    #[test]
    fn dates_read_as_digit_by_digit(
        text in proptest::collection::vec(
            prop_oneof![Just(b'0'), Just(b'1'), Just(b'2'), Just(b'9'), Just(b'-'), Just(b'/'),
                        Just(b':'), Just(b' '), Just(0xff), Just(0xc0), Just(b'@'), Just(0x29)],
            8..12
        ),
        days in 0u32..3_652_059,
    ) {
        prop_assert_eq!(scalar::date(&text), date_digit_by_digit(&text));
        let day = chrono::NaiveDate::from_ymd_opt(0, 1, 1)
            .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(days))));
        if let Some(day) = day {
            let text = day.format("%Y-%m-%d").to_string();
            prop_assert_eq!(scalar::date(text.as_bytes()), Ok(day));
        }
    }
}

/// The date reader as it was, a digit at a time.
fn date_digit_by_digit(s: &[u8]) -> Result<chrono::NaiveDate, &'static str> {
    let digit = |b: &u8| b.is_ascii_digit().then(|| u32::from(b - b'0'));
    let &[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = s else {
        return Err(scalar::DATE);
    };
    let number = |digits: &[u8]| {
        digits
            .iter()
            .try_fold(0u32, |n, b| digit(b).map(|d| n * 10 + d))
    };
    let (Some(year), Some(month), Some(day)) = (
        number(&[y1, y2, y3, y4]),
        number(&[m1, m2]),
        number(&[d1, d2]),
    ) else {
        return Err(scalar::DATE);
    };
    let year = i32::try_from(year).unwrap_or(0);
    chrono::NaiveDate::from_ymd_opt(year, month, day).ok_or("a date \"YYYY-MM-DD\" that exists")
}
