//! The one rounding rule a policy states in its header, applied only where the
//! policy rounds: to every money output when it is decided, and at `rounded`.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::syntax::ast::RoundingMode;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rounding {
    pub mode: RoundingMode,
    /// Decimal places kept: 2 for cents.
    pub places: u32,
}

impl Rounding {
    /// Round, and show exactly `places` decimals (`$5` becomes `5.00`).
    pub fn apply(self, value: Decimal) -> Decimal {
        if value.scale() == self.places {
            return value;
        }
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

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).expect("test amounts are valid")
    }

    fn cents(mode: RoundingMode) -> Rounding {
        Rounding { mode, places: 2 }
    }

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
