//! The plain readers of amounts, whole numbers and dates, each against the
//! general parser it stands in for.

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::super::scalar;
use super::{Key, Scan};

/// What follows a value in a case.
const AFTER: &str = r#","next":1}"#;

proptest! {
    /// Plain amounts, read without `Decimal`'s parser, are its decimals, in
    /// quotes or not; a spelling left to the long way leaves the position.
    #[test]
    fn plain_amounts_are_what_decimal_reads(text in "-?[0-9]{0,20}(\\.[0-9]{0,20})?[eE%\"]?") {
        // Alone, and followed by more JSON, as a word-at-a-time reader needs.
        let spelt = [text.clone(), format!("\"{text}\"")];
        for (json, after) in spelt.iter().flat_map(|j| [(j.clone(), ""), (format!("{j}{AFTER}"), AFTER)]) {
            let mut scan = Scan::new(&json);
            match scan.plain_amount() {
                Some(fast) => {
                    let digits = json[..scan.pos].trim_matches('"');
                    let exact = Decimal::from_str_exact(digits);
                    prop_assert_eq!(exact.map(|d| d.serialize()), Ok(fast.serialize()), "{}", json);
                    let left = json.len() - after.len() - scan.pos;
                    prop_assert!(left <= 1, "{} read to {}", json, scan.pos);
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

proptest! {
    /// A day read where it stands in the JSON is the day its content is,
    /// and nothing else is a day.
    #[test]
    fn quoted_days_are_their_contents(
        text in proptest::collection::vec(
            prop_oneof![Just('0'), Just('1'), Just('2'), Just('9'), Just('-'), Just('"'),
                        Just('/'), Just(':'), Just('é'), Just('\u{0}'), Just('a')],
            10..14
        ),
        day in 0u32..3_652_059,
    ) {
        let text: String = text.into_iter().collect();
        let bytes = text.as_bytes();
        let mut scan = Scan::new(&text);
        let expected = match (bytes.first(), bytes.get(11)) {
            (Some(b'"'), Some(b'"')) => scalar::date(&bytes[1..11]).ok(),
            _ => None,
        };
        prop_assert_eq!(scan.date(), expected, "{}", text);
        prop_assert_eq!(scan.pos, if expected.is_some() { 12 } else { 0 });
        if let Some(day) = chrono::NaiveDate::from_ymd_opt(0, 1, 1)
            .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(day))))
        {
            let json = day.format("\"%Y-%m-%d\"").to_string();
            prop_assert_eq!(Scan::new(&json).date(), Some(day));
        }
    }

    /// A key or an enumeration's value is recognised exactly where the
    /// text starts with it (or, within eight bytes of the end, where the
    /// complete reader reads the case instead).
    #[test]
    fn keys_are_where_the_text_starts_with_them(
        key in "\"[a-z_]{0,30}\":?",
        text in "[a-z_\":,]{0,40}",
        from_key in any::<bool>(),
        empty in any::<bool>(),
    ) {
        let key = if empty { String::new() } else { key };
        let text = if from_key { format!("{key}{text}") } else { text };
        let pattern = Key::new(key.clone().into_bytes());
        let mut scan = Scan::new(&text);
        let found = scan.skip_key(&pattern);
        let there = !key.is_empty() && text.as_bytes().starts_with(key.as_bytes());
        if text.len() >= 8 {
            prop_assert_eq!(found, there, "{:?} in {:?}", key, text);
        } else {
            prop_assert!(!found || there, "{:?} in {:?}", key, text);
        }
        prop_assert_eq!(scan.pos, if found { key.len() } else { 0 });
    }
}

/// Every day of every month, and days and months that are none, read as
/// chrono reads them, in every year: and a day in quotes is its content.
#[test]
fn days_are_chronos_in_every_year() {
    let days = [0, 1, 2, 9, 10, 19, 27, 28, 29, 30, 31, 32, 39, 40, 99];
    for year in 0..=9999 {
        for month in 0..=13 {
            for day in days {
                let text = format!("{year:04}-{month:02}-{day:02}");
                let read = scalar::date(text.as_bytes());
                assert_eq!(read, date_digit_by_digit(text.as_bytes()), "{text}");
                let quoted = format!("\"{text}\",");
                assert_eq!(Scan::new(&quoted).date(), read.ok(), "{text}");
            }
        }
    }
    // Every month and day number, in years of each kind.
    for year in [
        0, 1, 4, 100, 400, 1599, 1600, 1900, 2000, 2024, 2025, 2100, 2399, 2400, 9996, 9999,
    ] {
        for month in 0..=99 {
            for day in 0..=99 {
                let text = format!("{year:04}-{month:02}-{day:02}");
                let read = scalar::date(text.as_bytes());
                assert_eq!(read, date_digit_by_digit(text.as_bytes()), "{text}");
                assert_eq!(
                    Scan::new(&format!("\"{text}\"")).date(),
                    read.ok(),
                    "{text}"
                );
            }
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
