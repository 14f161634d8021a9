//! The one rounding rule a policy states in its header, applied only where the
//! policy rounds: to every money output when it is decided, and at `rounded`.

use std::cmp::Ordering;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::syntax::ast::RoundingMode;

/// Powers of ten up to the largest a `u128` holds: a look-up where
/// `checked_pow` multiplies with overflow checks, step by step.
// Made when compiling: an index out of range fails the build, not a run.
#[allow(clippy::indexing_slicing)]
pub(super) const TEN_TO: [u128; 39] = {
    let mut table = [1u128; 39];
    let mut i = 1;
    while i < 39 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

/// A rounding rule: how, and to how many places.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rounding {
    /// How halves and fractions go.
    pub mode: RoundingMode,
    /// Decimal places kept: 2 for cents.
    pub places: u32,
}

impl Rounding {
    /// Round, and show exactly `places` decimals (`$5` becomes `5.00`).
    /// Inlined, so that an amount already in cents (most of them) costs a
    /// comparison, not a call returning through memory.
    #[inline]
    pub fn apply(self, value: Decimal) -> Decimal {
        if value.scale() == self.places {
            return value;
        }
        self.rounded(value)
    }

    /// Round, as [`Rounding::apply`], or `None` when the rounded amount
    /// does not fit 28 digits at these places (an overflow; see
    /// [`super::exact`]).
    #[inline]
    pub fn round(self, value: Decimal) -> Option<Decimal> {
        let rounded = self.apply(value);
        super::exact::fits(rounded, self.places).then_some(rounded)
    }

    fn rounded(self, value: Decimal) -> Decimal {
        self.shortened(value)
            .or_else(|| self.padded(value))
            .unwrap_or_else(|| self.by_library(value))
    }

    /// Fewer places than wanted (`$0` set as a refund): the library does
    /// not round and pads with zeros, which is the mantissa times a power of
    /// ten, done here in one multiplication when the mantissa fits 64 bits.
    /// `None` for a negative zero (the library decides the sign of that zero)
    /// and where the result would not fit.
    fn padded(self, value: Decimal) -> Option<Decimal> {
        let add = self.places.checked_sub(value.scale()).filter(|&d| d > 0)?;
        let mantissa = i64::try_from(value.mantissa())
            .ok()
            .filter(|&m| m != 0 || value.is_sign_positive())?;
        let unit = 10i64.checked_pow(add)?;
        // |mantissa| <= 2^63 and unit < 2^63: the product fits 128 bits.
        let padded = i128::from(mantissa) * i128::from(unit);
        Decimal::try_from_i128_with_scale(padded, self.places).ok()
    }

    /// Dropping digits by one division of the 96-bit mantissa, where
    /// `round_dp_with_strategy` divides by ten once per digit (a pro-rata
    /// amount has 26 digits to drop). `None` where the library's answer is
    /// wanted as it is: no digits to drop, or a negative amount rounding to
    /// zero (the library decides the sign of that zero).
    fn shortened(self, value: Decimal) -> Option<Decimal> {
        let drop = value.scale().checked_sub(self.places).filter(|&d| d > 0)?;
        let mantissa = value.mantissa();
        let magnitude = mantissa.unsigned_abs();
        let unit = *TEN_TO.get(drop as usize)?;
        let (kept, rest) = (magnitude / unit, magnitude % unit);
        let up = self.rounds_up(kept, rest, unit);
        let kept = i128::try_from(kept + u128::from(up)).ok()?;
        if kept == 0 && mantissa < 0 {
            return None;
        }
        let signed = if mantissa < 0 { -kept } else { kept };
        Decimal::try_from_i128_with_scale(signed, self.places).ok()
    }

    /// Whether a magnitude of `kept` units and `rest` parts of `unit`
    /// (`rest < unit`) rounds up to `kept + 1` under this rule.
    pub(super) fn rounds_up(self, kept: u128, rest: u128, unit: u128) -> bool {
        // `rest` against what is left to the next unit: no doubling, which
        // could overflow.
        let half = rest.cmp(&(unit - rest));
        match self.mode {
            RoundingMode::HalfAwayFromZero => half != Ordering::Less,
            RoundingMode::HalfTowardZero => half == Ordering::Greater,
            RoundingMode::HalfEven => {
                half == Ordering::Greater || (half == Ordering::Equal && kept % 2 == 1)
            }
            RoundingMode::AwayFromZero => rest > 0,
            RoundingMode::TowardZero => false,
        }
    }

    pub(super) fn by_library(self, value: Decimal) -> Decimal {
        let strategy = match self.mode {
            RoundingMode::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::HalfTowardZero => RoundingStrategy::MidpointTowardZero,
            RoundingMode::AwayFromZero => RoundingStrategy::AwayFromZero,
            RoundingMode::TowardZero => RoundingStrategy::ToZero,
        };
        let mut rounded = value.round_dp_with_strategy(self.places, strategy);
        // `rescale` pads with zeros; it only loses digits when rounding did
        // not (never here), and it cannot fail for places <= 28.
        if rounded.scale() < self.places {
            rounded.rescale(self.places);
        }
        rounded
    }
}

/// What the tests of rounding and of shares (`share.rs`) write rules and
/// amounts with.
#[cfg(test)]
pub(super) mod testing {
    use std::str::FromStr;

    use super::*;

    /// Every rounding rule.
    pub const MODES: [RoundingMode; 5] = [
        RoundingMode::HalfAwayFromZero,
        RoundingMode::HalfEven,
        RoundingMode::HalfTowardZero,
        RoundingMode::AwayFromZero,
        RoundingMode::TowardZero,
    ];

    pub fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).expect("test amounts are valid")
    }

    pub fn cents(mode: RoundingMode) -> Rounding {
        Rounding { mode, places: 2 }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{cents, dec, MODES};
    use super::*;

    #[test]
    fn half_away_from_zero_at_the_midpoint() {
        let r = cents(RoundingMode::HalfAwayFromZero);
        assert_eq!(r.apply(dec("0.005")).to_string(), "0.01");
        assert_eq!(r.apply(dec("0.0049999")).to_string(), "0.00");
        assert_eq!(r.apply(dec("-0.005")).to_string(), "-0.01");
        assert_eq!(
            r.apply(dec("159.452054794520547945205479")).to_string(),
            "159.45"
        );
        assert_eq!(r.apply(dec("2.675")).to_string(), "2.68");
    }

    #[test]
    fn half_even_at_the_midpoint() {
        let r = cents(RoundingMode::HalfEven);
        assert_eq!(r.apply(dec("0.005")).to_string(), "0.00");
        assert_eq!(r.apply(dec("0.015")).to_string(), "0.02");
        assert_eq!(r.apply(dec("0.0051")).to_string(), "0.01");
    }

    #[test]
    fn half_toward_zero_up_and_down() {
        assert_eq!(
            cents(RoundingMode::HalfTowardZero)
                .apply(dec("0.005"))
                .to_string(),
            "0.00"
        );
        assert_eq!(
            cents(RoundingMode::HalfTowardZero)
                .apply(dec("0.0051"))
                .to_string(),
            "0.01"
        );
        assert_eq!(
            cents(RoundingMode::AwayFromZero)
                .apply(dec("0.001"))
                .to_string(),
            "0.01"
        );
        assert_eq!(
            cents(RoundingMode::TowardZero)
                .apply(dec("0.009"))
                .to_string(),
            "0.00"
        );
        assert_eq!(
            cents(RoundingMode::TowardZero)
                .apply(dec("-0.009"))
                .to_string(),
            "0.00"
        );
    }

    #[test]
    fn whole_amounts_gain_their_cents() {
        let r = cents(RoundingMode::HalfAwayFromZero);
        assert_eq!(r.apply(dec("240")).to_string(), "240.00");
        assert_eq!(r.apply(dec("0")).to_string(), "0.00");
        assert_eq!(r.apply(dec("69.5")).to_string(), "69.50");
    }

    proptest::proptest! {
        /// The one-division rounding agrees with the library's digit by
        /// digit rounding, sign and scale included, for every rule.
        #[test]
        fn shortening_agrees_with_the_library(
            mantissa in proptest::num::i128::ANY,
            scale in 0u32..=28,
            places in 0u32..=4,
            mode in 0usize..5,
        ) {
            // Alternate huge mantissas with small ones, whose dropped digits
            // often sit exactly on a midpoint.
            let mantissa = if mantissa % 2 == 0 {
                mantissa % (1i128 << 96)
            } else {
                mantissa % 20_000
            };
            let value = Decimal::from_i128_with_scale(mantissa, scale);
            let mode = MODES[mode];
            let rule = Rounding { mode, places };
            let ours = rule.apply(value);
            let theirs = rule.by_library(value);
            proptest::prop_assert_eq!(ours.to_string(), theirs.to_string());
            proptest::prop_assert_eq!(ours.scale(), theirs.scale());
        }
    }

    #[test]
    fn midpoints_shortened_like_the_library() {
        for text in [
            "2.675",
            "-2.675",
            "0.125",
            "-0.125",
            "0.135",
            "-0.004",
            "7.9999999999999999999999999999",
        ] {
            for mode in MODES {
                let rule = cents(mode);
                assert_eq!(
                    rule.apply(dec(text)),
                    rule.by_library(dec(text)),
                    "{text} {mode:?}"
                );
                assert_eq!(
                    rule.apply(dec(text)).to_string(),
                    rule.by_library(dec(text)).to_string()
                );
            }
        }
    }

    #[test]
    fn whole_units() {
        let r = Rounding {
            mode: RoundingMode::HalfAwayFromZero,
            places: 0,
        };
        assert_eq!(r.apply(dec("2.5")).to_string(), "3");
        assert_eq!(r.apply(dec("2.49")).to_string(), "2");
    }
}
