//! Each fast path against `Display`, at the edges and at random.

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
        "99999999",
        "100000000",
        "9999999.9",
        "0.9999999",
        "0.99999999",
        "-0.0000001",
        "-1234.5678",
    ] {
        let d: Decimal = text.parse().expect("test amounts are valid");
        assert_eq!(decimal_text(d), d.to_string(), "{text}");
    }
    assert_eq!(decimal_text(Decimal::MAX), Decimal::MAX.to_string());
    assert_eq!(decimal_text(Decimal::MIN), Decimal::MIN.to_string());
}

/// Text after non-ASCII text: the fixed-size copy is cut back exactly.
#[test]
fn numbers_follow_any_text() {
    let mut out = String::from("é");
    push_decimal(&mut out, Decimal::new(-1250, 2));
    push_int(&mut out, 42);
    push_decimal(&mut out, Decimal::new(i64::MAX, 3));
    push_int(&mut out, i64::MIN);
    assert_eq!(out, format!("é-12.50429223372036854775.807{}", i64::MIN));
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
    let days = [
        (0, 1, 1),
        (0, 2, 29),
        (9, 2, 3),
        (2000, 2, 29),
        (2026, 11, 26),
    ];
    let beyond = [(9996, 2, 29), (9999, 12, 31), (-1, 12, 31), (10000, 1, 1)];
    for (y, m, d) in days.into_iter().chain(beyond) {
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
    fn short_amounts_read_as_display_writes_them(mantissa in -1_000_000_000i64..1_000_000_000, scale in 0u32..=10) {
        let d = Decimal::new(mantissa, scale);
        prop_assert_eq!(decimal_text(d), d.to_string());
    }

    #[test]
    fn huge_amounts_read_as_display_writes_them(mantissa in -(1i128 << 96) + 1..(1i128 << 96), scale in 0u32..=28) {
        let d = Decimal::from_i128_with_scale(mantissa, scale);
        prop_assert_eq!(decimal_text(d), d.to_string());
    }

    #[test]
    fn counts_read_as_display_writes_them(n in any::<i64>(), small in -1_000_000_000i64..1_000_000_000) {
        for n in [n, small] {
            let mut out = String::new();
            push_int(&mut out, n);
            prop_assert_eq!(out, n.to_string());
        }
    }

    #[test]
    fn dates_read_as_display_writes_them(days in 0i64..3_652_059) {
        let day = NaiveDate::from_ymd_opt(0, 1, 1).expect("a real day") + chrono::Days::new(days as u64);
        let mut out = String::new();
        push_date(&mut out, day);
        prop_assert_eq!(out, day.to_string());
    }
}
