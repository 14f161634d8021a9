//! The word-at-a-time readers against the byte-at-a-time ones.

use proptest::prelude::*;

use super::{digit_run, eight_digits, Scan};

/// What follows a value in a case: enough for the word-at-a-time readers.
const AFTER: &str = r#","next":1}"#;

proptest! {
    /// The word-at-a-time digit tests against the byte-at-a-time ones.
    #[test]
    fn digit_runs_and_values_are_bytewise(bytes in proptest::array::uniform8(prop_oneof![
        0u8..=255, b'0'..=b'9', b'0'..=b'9', Just(b'/'), Just(b':'), Just(0xB0), Just(0xB9)
    ])) {
        let w = u64::from_le_bytes(bytes);
        let n = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
        prop_assert_eq!(digit_run(w), n);
        if n > 0 {
            let value = bytes[..n].iter().fold(0u64, |v, b| v * 10 + u64::from(b - b'0'));
            prop_assert_eq!(eight_digits(w << (8 * (8 - n))), value);
        }
    }

    /// An amount read from one word is what the digit-run reader reads,
    /// to the same position; and the plain reader is the two together.
    #[test]
    fn short_amounts_are_long_ones(
        text in "\"?-?[0-9]{0,9}(\\.[0-9]{0,8})?[\"eE%.,}x0-9-]{0,2}",
        after in prop_oneof![Just(""), Just(AFTER), Just("}"), Just("\"}")],
    ) {
        let json = format!("{text}{after}");
        let mut short = Scan::new(&json);
        let mut long = Scan::new(&json);
        let read = long.long_amount();
        if let Some(amount) = short.short_amount() {
            prop_assert_eq!(read.map(|d| d.serialize()), Some(amount.serialize()), "{}", json);
            prop_assert_eq!(short.pos, long.pos, "{}", json);
        } else {
            prop_assert_eq!(short.pos, 0);
        }
        let mut plain = Scan::new(&json);
        prop_assert_eq!(plain.plain_amount().map(|d| d.serialize()), read.map(|d| d.serialize()));
        prop_assert_eq!(plain.pos, long.pos);
    }

    /// Likewise whole numbers, read a digit at a time when short.
    #[test]
    fn short_whole_numbers_are_long_ones(
        text in "-?[0-9]{0,3}[.eE,}x0-9]{0,2}",
        after in prop_oneof![Just(""), Just(AFTER)],
    ) {
        let json = format!("{text}{after}");
        let mut plain = Scan::new(&json);
        let mut long = Scan::new(&json);
        prop_assert_eq!(plain.plain_whole(), long.long_whole(), "{}", json);
        prop_assert_eq!(plain.pos, long.pos);
    }
}
