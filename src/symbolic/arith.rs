//! Exact decimals and whole numbers as circuits: the rules of
//! `program::exact` (places carried, the 28-digit bound, a quotient rounded
//! once) and of whole-number arithmetic (64-bit, checked), gate for gate.

use num_bigint::BigInt;
use num_traits::One;

use super::bv::Bv;
use super::gates::Gates;
use super::sat::Lit;
use crate::syntax::ast::RoundingMode;

/// `|n| < 10^28`: the bound on a decimal at its places.
pub fn decimal_limit() -> BigInt {
    BigInt::from(10u32).pow(28) - 1
}

impl Gates {
    /// `n`, known to be in `lo..=hi` wherever it counts (elsewhere the
    /// caller reports a failure), cut to that range.
    pub fn clamp(&mut self, n: &Bv, lo: &BigInt, hi: &BigInt) -> Bv {
        let lo = n.lo.clone().max(lo.clone());
        let hi = n.hi.clone().min(hi.clone());
        if lo > hi {
            // Never in range: any value will do, the failure is certain.
            return self.bv_int(0);
        }
        if lo == hi {
            return self.bv_const(&lo);
        }
        let w = super::bv::width_for(&lo, &hi);
        Bv {
            bits: n.extended(w),
            lo,
            hi,
        }
    }

    /// A decimal result: `(n cut to the bound, whether it is past it)`.
    pub fn bounded_decimal(&mut self, n: &Bv) -> (Bv, Lit) {
        self.bounded_decimal_at(n, 0)
    }

    /// The same for `n` held at `slack` places fewer than its node
    /// carries: the bound is 28 digits at the node's places.
    pub fn bounded_decimal_at(&mut self, n: &Bv, slack: u32) -> (Bv, Lit) {
        let limit: BigInt = BigInt::from(10u32).pow(28u32.saturating_sub(slack)) - 1;
        let inside = self.within(n, &-limit.clone(), &limit);
        (self.clamp(n, &-limit.clone(), &limit), !inside)
    }

    /// A whole-number result of 64-bit arithmetic: `(n, whether it overflowed)`.
    pub fn bounded_whole(&mut self, n: &Bv) -> (Bv, Lit) {
        let (lo, hi) = (BigInt::from(i64::MIN), BigInt::from(i64::MAX));
        let inside = self.within(n, &lo, &hi);
        (self.clamp(n, &lo, &hi), !inside)
    }

    /// `n * 10^(to - from)`: a decimal at `from` places moved to `to >= from`.
    pub fn align(&mut self, n: &Bv, from: u32, to: u32) -> Bv {
        self.scale_up(n, to.saturating_sub(from))
    }

    /// `num / den` rounded by `mode` to a whole number, exactly, for any
    /// signs (`den` must not be zero; where it is the result is
    /// meaningless and the caller reports the division by zero).
    pub fn round_ratio(&mut self, num: &Bv, den: &Bv, mode: RoundingMode) -> Bv {
        let negative = self.xor(num.sign(), den.sign());
        let (n, d) = (self.abs(num), self.abs(den));
        let (q, r) = self.udivmod(&n, &d);
        let twice = self.add(&r, &r);
        let below = self.lt(&twice, &d);
        let half = self.eq(&twice, &d);
        let odd = q.bits.first().copied().unwrap_or(Lit::FALSE);
        let zero = self.eq_const(&r, 0);
        let up = match mode {
            RoundingMode::HalfAwayFromZero => !below,
            RoundingMode::HalfTowardZero => self.and(!below, !half),
            RoundingMode::HalfEven => {
                let over = self.and(!below, !half);
                let tie = self.and(half, odd);
                self.or(over, tie)
            }
            RoundingMode::AwayFromZero => !zero,
            RoundingMode::TowardZero => Lit::FALSE,
        };
        let one = Bv {
            bits: vec![up, Lit::FALSE],
            lo: BigInt::from(0),
            hi: if up == Lit::FALSE {
                BigInt::from(0)
            } else {
                BigInt::one()
            },
        };
        let m = self.add(&q, &one);
        let negated = self.neg(&m);
        self.ite(negative, &negated, &m)
    }
}
