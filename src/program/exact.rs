//! The one arithmetic of exact decimals that evaluation and the symbolic
//! engine share (docs/language.md, section 4.4).
//!
//! - Every number a node computes is exact, at the places the node
//!   *carries* ([`Node::scale`], fixed by the types before anything runs):
//!   a money fact carries the header's places, numbers and percents 6,
//!   `+`/`-` the larger of its operands', `*` their sum, `P% of X` their sum
//!   plus 2, a quotient [`QUOTIENT_PLACES`].
//! - A result that, written as a whole number at those places, has 29
//!   digits or more (`|value| * 10^places >= 10^28`) is an *overflow*: the
//!   run-time error, never an approximation. Below that bound the
//!   library's decimals hold every result exactly.
//! - A quotient (`a / b`, or a pro-rata share `amount * part / whole`) that
//!   a money output or `rounded` rounds is rounded once, exactly, by the
//!   header's rule; any other quotient is rounded half to even at
//!   [`QUOTIENT_PLACES`] places.
//!
//! [`Node::scale`]: super::Node::scale

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;

use super::rounding::TEN_TO;
use crate::syntax::ast::RoundingMode;

/// The places a quotient carries when nothing rounds it.
pub const QUOTIENT_PLACES: u32 = 10;

/// The most places a node may carry: the library's decimals hold 28.
pub const MAX_PLACES: u32 = 28;

/// Whole-number results at their places must stay below this (28 digits).
pub const LIMIT: u128 = TEN_TO[28];

/// Whether `value`, carried at `places`, is within the bound.
#[inline]
pub fn fits(value: Decimal, places: u32) -> bool {
    // |value| * 10^places < 10^28  <=>  |mantissa| * 10^(places - scale) < 10^28
    let mantissa = value.mantissa().unsigned_abs();
    match places.checked_sub(value.scale()) {
        Some(up) => match TEN_TO.get(up as usize) {
            Some(unit) => mantissa.checked_mul(*unit).is_some_and(|m| m < LIMIT),
            None => mantissa == 0,
        },
        // More places than it carries: only a test or a caller's mistake.
        None => mantissa < LIMIT,
    }
}

/// Where a quotient is rounded: by the header's rule when something rounds
/// it, else half to even at the places an unrounded quotient carries.
pub fn places_and_mode(rounding: Option<super::Rounding>) -> (u32, RoundingMode) {
    match rounding {
        Some(r) => (r.places, r.mode),
        None => (QUOTIENT_PLACES, RoundingMode::HalfEven),
    }
}

/// `num / den` rounded to `places` by `mode`: the exact quotient, rounded
/// once. `None` when `den` is zero or the result does not fit.
pub fn quotient(num: Decimal, den: Decimal, places: u32, mode: RoundingMode) -> Option<Decimal> {
    // num = a / 10^sa, den = b / 10^sb: the result in units of 10^-places
    // is a * 10^(sb + places) / (b * 10^sa).
    let (a, sa) = (BigInt::from(num.mantissa()), num.scale());
    let (b, sb) = (BigInt::from(den.mantissa()), den.scale());
    ratio(a * pow10(sb + places), b * pow10(sa), places, mode)
}

/// `amount * part / whole` rounded to `places` by `mode`, exactly.
pub fn share(
    amount: Decimal,
    part: i64,
    whole: i64,
    places: u32,
    mode: RoundingMode,
) -> Option<Decimal> {
    if let Some(fast) = share_small(amount, part, whole, places, mode) {
        return Some(fast);
    }
    let (a, sa) = (BigInt::from(amount.mantissa()), amount.scale());
    ratio(
        a * part * pow10(places),
        BigInt::from(whole) * pow10(sa),
        places,
        mode,
    )
}

/// The share in 128-bit arithmetic, for the usual amounts: non-negative,
/// and every product fits.
#[inline]
fn share_small(
    amount: Decimal,
    part: i64,
    whole: i64,
    places: u32,
    mode: RoundingMode,
) -> Option<Decimal> {
    let (part, whole) = (u128::try_from(part).ok()?, u128::try_from(whole).ok()?);
    if whole == 0 || amount.is_sign_negative() {
        return None;
    }
    let product = amount.mantissa().unsigned_abs().checked_mul(part)?;
    let scale = amount.scale();
    let (num, den) = match scale.checked_sub(places) {
        Some(drop) => (product, whole.checked_mul(*TEN_TO.get(drop as usize)?)?),
        None => (
            product.checked_mul(*TEN_TO.get((places - scale) as usize)?)?,
            whole,
        ),
    };
    // Shares of days and cents fit 64 bits: a native division.
    let (kept, rest) = match (u64::try_from(num), u64::try_from(den)) {
        (Ok(n), Ok(d)) => (u128::from(n / d), u128::from(n % d)),
        _ => (num / den, num % den),
    };
    let kept = kept + u128::from(rounds_up(mode, kept % 2 == 1, rest, den));
    if kept >= LIMIT {
        return None;
    }
    Decimal::try_from_i128_with_scale(i128::try_from(kept).ok()?, places).ok()
}

/// `num / den` (any signs, `den` not zero) in units of `10^-places`,
/// rounded by `mode` on its magnitude, as a decimal with `places` places.
fn ratio(num: BigInt, den: BigInt, places: u32, mode: RoundingMode) -> Option<Decimal> {
    if den.is_zero() {
        return None;
    }
    let negative = num.is_negative() != den.is_negative();
    let (n, d) = (num.abs(), den.abs());
    let (kept, rest) = n.div_rem(&d);
    let up = rounds_up_by(mode, kept.is_odd(), rest.cmp(&(&d - &rest)), rest.is_zero());
    let kept = kept + u32::from(up);
    let magnitude = kept.to_u128().filter(|&k| k < LIMIT)?;
    let signed = i128::try_from(magnitude).ok()?;
    let signed = if negative { -signed } else { signed };
    Decimal::try_from_i128_with_scale(signed, places).ok()
}

fn pow10(n: u32) -> BigInt {
    BigInt::from(10u32).pow(n)
}

/// Whether a magnitude of `kept` whole units and `rest` parts of `unit`
/// rounds up under `mode`.
#[inline]
pub fn rounds_up(mode: RoundingMode, odd: bool, rest: u128, unit: u128) -> bool {
    rounds_up_by(mode, odd, rest.cmp(&(unit - rest)), rest == 0)
}

/// The same, given how the remainder compares with what is left to the
/// next unit (`Less`: below the half) and whether it is zero.
fn rounds_up_by(mode: RoundingMode, odd: bool, half: std::cmp::Ordering, exact: bool) -> bool {
    use std::cmp::Ordering::*;
    match mode {
        RoundingMode::HalfAwayFromZero => half != Less,
        RoundingMode::HalfTowardZero => half == Greater,
        RoundingMode::HalfEven => half == Greater || (half == Equal && odd),
        RoundingMode::AwayFromZero => !exact,
        RoundingMode::TowardZero => false,
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    const MODES: [RoundingMode; 5] = [
        RoundingMode::HalfAwayFromZero,
        RoundingMode::HalfEven,
        RoundingMode::HalfTowardZero,
        RoundingMode::AwayFromZero,
        RoundingMode::TowardZero,
    ];

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).expect("a test decimal")
    }

    #[test]
    fn the_bound_is_28_digits_at_the_places_carried() {
        assert!(fits(dec("9999999999999999999999999999"), 0));
        assert!(!fits(dec("10000000000000000000000000000"), 0));
        assert!(fits(dec("99999999999999999999999999.99"), 2));
        assert!(!fits(dec("100000000000000000000000000"), 2));
        // Carried at 2 places, 10^26 has 29 digits even written as 1e26.
        assert!(!fits(dec("100000000000000000000000000.0"), 2));
        assert!(fits(dec("-99999999999999999999999999.99"), 2));
        assert!(fits(dec("0"), 28));
        assert!(!fits(dec("1"), 28));
    }

    #[test]
    fn a_share_is_rounded_once() {
        // The exact share ends in .1149999985..., so half away from zero
        // gives .11 (two roundings gave .12).
        let s = share(
            dec("99999999999999993535.18"),
            2_986_810,
            3_297_407,
            2,
            RoundingMode::HalfAwayFromZero,
        );
        assert_eq!(s, Some(dec("90580568307157709282.11")));
        assert_eq!(
            share(dec("200"), 291, 365, 2, RoundingMode::HalfAwayFromZero),
            Some(dec("159.45"))
        );
    }

    #[test]
    fn every_rule_at_the_half_cent() {
        // 0.005 exactly, and its negative.
        let want = [
            ("0.01", "-0.01"),
            ("0.00", "0.00"),
            ("0.00", "0.00"),
            ("0.01", "-0.01"),
            ("0.00", "0.00"),
        ];
        for (mode, (up, down)) in MODES.into_iter().zip(want) {
            assert_eq!(
                quotient(dec("0.01"), dec("2"), 2, mode),
                Some(dec(up)),
                "{mode:?}"
            );
            assert_eq!(
                quotient(dec("-0.01"), dec("2"), 2, mode),
                Some(dec(down)),
                "{mode:?}"
            );
            assert_eq!(share(dec("0.01"), 1, 2, 2, mode), Some(dec(up)), "{mode:?}");
            assert_eq!(
                share(dec("-0.01"), 1, 2, 2, mode),
                Some(dec(down)),
                "{mode:?}"
            );
        }
        // Half even looks at the digit kept: 0.015 goes up to 0.02.
        assert_eq!(
            quotient(dec("0.03"), dec("2"), 2, RoundingMode::HalfEven),
            Some(dec("0.02"))
        );
    }

    #[test]
    fn quotients_at_ten_places() {
        let q =
            |a: &str, b: &str| quotient(dec(a), dec(b), QUOTIENT_PLACES, RoundingMode::HalfEven);
        assert_eq!(q("1", "3"), Some(dec("0.3333333333")));
        assert_eq!(q("2", "3"), Some(dec("0.6666666667")));
        assert_eq!(q("-2", "3"), Some(dec("-0.6666666667")));
        assert_eq!(q("1", "0"), None);
        assert_eq!(q("1000000000000000000", "1"), None);
        assert!(q("999999999999999999", "1").is_some());
        assert_eq!(
            q("99999999999999999.9", "1"),
            Some(dec("99999999999999999.9"))
        );
    }

    proptest::proptest! {
        /// The 128-bit share agrees with the exact one wherever it answers.
        #[test]
        fn the_fast_share_is_the_exact_one(
            mantissa in 0i64..i64::MAX,
            scale in 0u32..=6,
            part in 0i64..4_000_000,
            whole in 1i64..4_000_000,
            mode in 0usize..5,
        ) {
            let amount = Decimal::new(mantissa, scale);
            let mode = MODES[mode];
            if let Some(fast) = share_small(amount, part, whole, 2, mode) {
                let exact = ratio(
                    BigInt::from(mantissa) * part * 100,
                    BigInt::from(whole) * pow10(scale),
                    2,
                    mode,
                );
                proptest::prop_assert_eq!(Some(fast), exact);
            }
        }
    }
}
