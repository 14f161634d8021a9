//! A pro-rata share of an amount (`amount * part / whole`, `part` and
//! `whole` whole numbers, such as days) rounded by the header's rule, in one
//! exact integer division.
//!
//! Computed as written, it is a product, a quotient of up to 28 digits (the
//! library's division, about 400 instructions of the 3,600 a refunds
//! decision takes), then a rounding of that quotient. The quotient is
//! itself rounded, at its last digit, so that computing the share exactly
//! and rounding once could in principle give another answer: where a
//! rounding boundary (a half cent, or a whole cent for the directed rules)
//! lies between the exact share and the library's quotient. [`share`]
//! answers only where that cannot happen, and `None` elsewhere, where the
//! caller computes as written:
//!
//! - the share is below 10^6 and `places <= 6`, so the library rounds its
//!   quotient at the 22nd decimal or later: it is within `0.5 * 10^-22` of
//!   the exact share (the trailing zeros it then strips change nothing);
//! - the share is `num / den` in units of `10^-places`, with `den <=
//!   10^15`: a share that is not on a boundary is at least `1 / (2 * den)`
//!   units, `0.5 * 10^-15 * 10^-places`, from every boundary, further than
//!   the library's quotient is from the share. A share on a boundary has at
//!   most `places + 1` decimals, so the library's quotient is exact there;
//! - nothing is negative and the product fits 96 bits, so the library's
//!   product is exact and no sign of zero is in question.
//!
//! The tests hold it to the library's answer, digit for digit and scale.
//!
//! [`share`]: Rounding::share

use rust_decimal::Decimal;

use super::rounding::TEN_TO;
use super::Rounding;

/// Shares of this much or more (in whole units of the amount) are left to
/// the library: below it, the library rounds its quotient at the 22nd
/// decimal or later.
const MAX_SHARE: u128 = 1_000_000;
/// The largest denominator the closeness argument allows.
const MAX_DEN: u128 = 1_000_000_000_000_000;
const MAX_PLACES: u32 = 6;

impl Rounding {
    /// `amount * part / whole` rounded by this rule, exactly as computing
    /// it with the library and rounding would give it, digit for digit;
    /// `None` where that is not shown (see the module), including
    /// `whole <= 0`: then compute it as written.
    #[inline]
    pub fn share(self, amount: Decimal, part: i64, whole: i64) -> Option<Decimal> {
        let (Ok(part), Ok(whole)) = (u128::try_from(part), u128::try_from(whole)) else {
            return None;
        };
        let mantissa = u128::try_from(amount.mantissa()).ok()?;
        let product = mantissa.checked_mul(part).filter(|&p| p < 1 << 96)?;
        let (scale, places) = (amount.scale(), self.places);
        if whole == 0 || places > MAX_PLACES {
            return None;
        }
        // The share in units of 10^-places: product * 10^(places - scale)
        // / whole.
        let (num, den) = match scale.checked_sub(places) {
            Some(drop) => (product, whole.checked_mul(*TEN_TO.get(drop as usize)?)?),
            None => (
                product.checked_mul(TEN_TO[(places - scale) as usize])?,
                whole,
            ),
        };
        if den > MAX_DEN {
            return None;
        }
        // Shares of days and cents fit 64 bits: a native division, not
        // the 128-bit one's call.
        let (kept, rest) = match (u64::try_from(num), u64::try_from(den)) {
            (Ok(n), Ok(d)) => (u128::from(n / d), u128::from(n % d)),
            _ => (num / den, num % den),
        };
        if kept >= MAX_SHARE * TEN_TO[places as usize] {
            return None;
        }
        let kept = kept + u128::from(self.rounds_up(kept, rest, den));
        Decimal::try_from_i128_with_scale(i128::try_from(kept).ok()?, places).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::super::rounding::testing::{cents, dec, MODES};
    use super::*;
    use crate::syntax::ast::RoundingMode;

    /// The share computed as written: the library's product and quotient,
    /// then the rule's rounding.
    fn as_written(rule: Rounding, amount: Decimal, part: i64, whole: i64) -> Decimal {
        let quotient = amount
            .checked_mul(Decimal::from(part))
            .and_then(|p| p.checked_div(Decimal::from(whole)))
            .expect("a quotient");
        rule.apply(quotient)
    }

    fn agrees(rule: Rounding, amount: Decimal, part: i64, whole: i64) -> Option<Decimal> {
        let ours = rule.share(amount, part, whole)?;
        let theirs = as_written(rule, amount, part, whole);
        assert_eq!(
            (ours.to_string(), ours.scale()),
            (theirs.to_string(), theirs.scale()),
            "{amount} * {part} / {whole} under {rule:?}"
        );
        Some(ours)
    }

    #[test]
    fn the_refunds_pro_rata_share() {
        let rule = cents(RoundingMode::HalfAwayFromZero);
        let share = agrees(rule, dec("200.00"), 290, 365).expect("answered");
        assert_eq!(share.to_string(), "158.90");
    }

    #[test]
    fn exact_shares_and_half_cents_under_every_rule() {
        // 0.125 * 1 / 1 and friends: exactly on a half cent.
        for (amount, part, whole) in [
            ("0.125", 1, 1),
            ("0.25", 1, 2),
            ("0.35", 1, 2),
            ("1.00", 1, 8),
            ("100", 1, 8),
            ("100", 2, 3),
            ("0.01", 1, 2),
            ("0.03", 1, 2),
            ("2900.00", 20, 20),
            ("5", 0, 7),
            ("0", 3, 7),
            ("0.00", 3, 7),
        ] {
            for mode in MODES {
                agrees(cents(mode), dec(amount), part, whole).expect("answered");
            }
        }
    }

    #[test]
    fn whole_units_and_more_places() {
        for places in 0..=MAX_PLACES {
            for mode in MODES {
                let rule = Rounding { mode, places };
                agrees(rule, dec("12.5"), 1, 1).expect("answered");
                agrees(rule, dec("999999.99"), 364, 365).expect("answered");
                agrees(rule, dec("1"), 1, 3).expect("answered");
            }
        }
    }

    #[test]
    fn left_to_the_library_outside_what_is_shown() {
        let rule = cents(RoundingMode::HalfAwayFromZero);
        assert_eq!(rule.share(dec("-1.00"), 1, 3), None, "negative amount");
        assert_eq!(rule.share(dec("1.00"), -1, 3), None, "negative part");
        assert_eq!(rule.share(dec("1.00"), 1, -3), None, "negative whole");
        assert_eq!(rule.share(dec("1.00"), 1, 0), None, "no whole");
        assert_eq!(
            rule.share(dec("1000000.00"), 1, 1),
            None,
            "a share too large"
        );
        assert_eq!(
            rule.share(dec("1.00"), 1, 1_000_000_000_000_001),
            None,
            "a denominator too large"
        );
        let many = Rounding {
            mode: RoundingMode::HalfEven,
            places: 7,
        };
        assert_eq!(many.share(dec("1.00"), 1, 3), None, "too many places");
        let huge = Decimal::from_i128_with_scale((1 << 95) + 1, 28);
        assert_eq!(rule.share(huge, 3, 7), None, "a product past 96 bits");
    }

    proptest::proptest! {
        /// Wherever it answers, the one division agrees with the library
        /// digit for digit: small and large amounts, any scale, periods of
        /// days and large wholes, every rule and places up to 6.
        #[test]
        fn one_division_agrees_with_the_library(
            mantissa in 0i128..(1i128 << 96),
            scale in 0u32..=28,
            part in 0i64..100_000,
            whole in 1i64..1_000_000_000_000,
            places in 0u32..=MAX_PLACES,
            mode in 0usize..5,
            small in proptest::bool::ANY,
        ) {
            // Half the time amounts of a few cents and periods of days,
            // whose shares often sit exactly on a boundary.
            let (mantissa, part, whole) = if small {
                (mantissa % 100_000, part % 400, whole % 400 + 1)
            } else {
                (mantissa, part, whole)
            };
            let amount = Decimal::from_i128_with_scale(mantissa, scale);
            let rule = Rounding { mode: MODES[mode], places };
            if let Some(ours) = rule.share(amount, part, whole) {
                let theirs = as_written(rule, amount, part, whole);
                proptest::prop_assert_eq!(ours.to_string(), theirs.to_string());
                proptest::prop_assert_eq!(ours.scale(), theirs.scale());
            }
        }
    }
}
