//! Whole numbers as vectors of literals (two's complement, least
//! significant bit first), each with the range its value is known to lie
//! in. Every operation is exact: its result is as wide as its range needs,
//! so nothing wraps, and a range decides a comparison before any gate is
//! built (most of a policy's comparisons with literals cost nothing).

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, Zero};

use super::gates::Gates;
use super::sat::Lit;

/// A whole number as bits (two's complement), with the range it can take.
#[derive(Clone, Debug)]
pub struct Bv {
    /// The bits, least significant first.
    pub bits: Vec<Lit>,
    /// The least value it can take.
    pub lo: BigInt,
    /// The greatest value it can take.
    pub hi: BigInt,
}

/// The fewest two's-complement bits that hold every value in `lo..=hi`.
pub fn width_for(lo: &BigInt, hi: &BigInt) -> usize {
    let need = |v: &BigInt| -> usize {
        if v.is_negative() {
            // -2^(w-1) <= v  <=>  (-v - 1) < 2^(w-1)
            ((-v) - 1u32).bits() as usize + 1
        } else {
            v.bits() as usize + 1
        }
    };
    need(lo).max(need(hi)).max(1)
}

impl Bv {
    /// How many bits it has.
    pub fn width(&self) -> usize {
        self.bits.len()
    }

    /// Its sign bit (false for no bits).
    pub fn sign(&self) -> Lit {
        self.bits.last().copied().unwrap_or(Lit::FALSE)
    }

    /// The bits sign-extended (or cut, when the range allows) to `w`.
    pub fn extended(&self, w: usize) -> Vec<Lit> {
        let sign = self.sign();
        (0..w)
            .map(|i| self.bits.get(i).copied().unwrap_or(sign))
            .collect()
    }

    /// Its value, when its range allows only one.
    pub fn constant(&self) -> Option<&BigInt> {
        (self.lo == self.hi).then_some(&self.lo)
    }

    /// The value in the solver's last model.
    pub fn value(&self, g: &Gates) -> BigInt {
        let mut v = BigInt::zero();
        for (i, &bit) in self.bits.iter().enumerate() {
            if g.value(bit) {
                if i + 1 == self.bits.len() {
                    v -= BigInt::one() << i;
                } else {
                    v += BigInt::one() << i;
                }
            }
        }
        v
    }
}

impl Gates {
    /// The constant `v`.
    pub fn bv_const(&mut self, v: &BigInt) -> Bv {
        let w = width_for(v, v);
        // Two's complement of v in w bits.
        let modulus = BigInt::one() << w;
        let u = v.mod_floor(&modulus);
        let bits = (0..w).map(|i| Lit::from_bool(u.bit(i as u64))).collect();
        Bv {
            bits,
            lo: v.clone(),
            hi: v.clone(),
        }
    }

    /// The constant `v`.
    pub fn bv_int(&mut self, v: i128) -> Bv {
        self.bv_const(&BigInt::from(v))
    }

    /// A fresh number constrained to `lo..=hi`.
    pub fn bv_var(&mut self, lo: &BigInt, hi: &BigInt) -> Bv {
        let w = width_for(lo, hi);
        let bits = (0..w).map(|_| self.fresh()).collect();
        let x = Bv {
            bits,
            lo: lo.clone(),
            hi: hi.clone(),
        };
        // The range holds in every model: the bits alone could hold more.
        let wide_lo = -(BigInt::one() << (w - 1));
        let wide_hi = (BigInt::one() << (w - 1)) - 1;
        let unconstrained = Bv {
            bits: x.bits.clone(),
            lo: wide_lo,
            hi: wide_hi,
        };
        let lo_c = self.bv_const(lo);
        let hi_c = self.bv_const(hi);
        let below = self.lt(&unconstrained, &lo_c);
        let above = self.lt(&hi_c, &unconstrained);
        self.assert(!below);
        self.assert(!above);
        x
    }

    /// A result whose true value lies in `lo..=hi`, cut to the width that
    /// range needs.
    fn ranged(&mut self, bits: Vec<Lit>, lo: BigInt, hi: BigInt) -> Bv {
        if lo == hi {
            return self.bv_const(&lo);
        }
        let w = width_for(&lo, &hi).min(bits.len());
        let mut bits = bits;
        bits.truncate(w);
        Bv { bits, lo, hi }
    }

    /// `a + b`, exactly (wide enough for the sum's range).
    pub fn add(&mut self, a: &Bv, b: &Bv) -> Bv {
        self.add_carry(a, b, Lit::FALSE, false)
    }

    /// `a - b`, exactly.
    pub fn sub(&mut self, a: &Bv, b: &Bv) -> Bv {
        self.add_carry(a, b, Lit::TRUE, true)
    }

    /// `a + b + carry`, or `a - b` (`a + !b + 1`) when `negate_b`.
    fn add_carry(&mut self, a: &Bv, b: &Bv, carry: Lit, negate_b: bool) -> Bv {
        let (lo, hi) = if negate_b {
            (&a.lo - &b.hi, &a.hi - &b.lo)
        } else {
            (&a.lo + &b.lo, &a.hi + &b.hi)
        };
        if lo == hi {
            return self.bv_const(&lo);
        }
        let w = a.width().max(b.width()) + 1;
        let (xa, xb) = (a.extended(w), b.extended(w));
        let mut carry = carry;
        let mut bits = Vec::with_capacity(w);
        for i in 0..w {
            let bi = if negate_b { !xb[i] } else { xb[i] };
            let (s, c) = self.full_add(xa[i], bi, carry);
            bits.push(s);
            carry = c;
        }
        self.ranged(bits, lo, hi)
    }

    /// `-a`, exactly.
    pub fn neg(&mut self, a: &Bv) -> Bv {
        let zero = self.bv_int(0);
        self.sub(&zero, a)
    }

    /// The magnitude, as a non-negative number.
    pub fn abs(&mut self, a: &Bv) -> Bv {
        if !a.lo.is_negative() {
            return a.clone();
        }
        if !a.hi.is_positive() {
            return self.neg(a);
        }
        let n = self.neg(a);
        let sign = a.sign();
        let hi = (-&a.lo).max(a.hi.clone());
        self.ite_ranged(sign, &n, a, BigInt::zero(), hi)
    }

    /// `a * b`, exactly.
    pub fn mul(&mut self, a: &Bv, b: &Bv) -> Bv {
        let corners = [&a.lo * &b.lo, &a.lo * &b.hi, &a.hi * &b.lo, &a.hi * &b.hi];
        let lo = corners.iter().min().cloned().unwrap_or_default();
        let hi = corners.iter().max().cloned().unwrap_or_default();
        if lo == hi {
            return self.bv_const(&lo);
        }
        // Multiply magnitudes, then give the product its sign: far fewer
        // adders than a signed product at full width.
        let (ma, mb) = (self.abs(a), self.abs(b));
        let product = self.umul(&ma, &mb);
        let negative = self.xor(a.sign(), b.sign());
        let negated = self.neg(&product);
        let bits = self.mux_bits(negative, &negated, &product, width_for(&lo, &hi));
        self.ranged(bits, lo, hi)
    }

    /// Product of two non-negative numbers.
    fn umul(&mut self, a: &Bv, b: &Bv) -> Bv {
        let hi = &a.hi * &b.hi;
        let w = width_for(&BigInt::zero(), &hi);
        let mut acc: Vec<Lit> = vec![Lit::FALSE; w];
        // Shift-and-add over the narrower operand's bits; a constant's zero
        // bits add nothing (the gates fold them).
        let (x, y) = if a.width() <= b.width() {
            (b, a)
        } else {
            (a, b)
        };
        for (i, &yi) in y.bits.iter().enumerate() {
            if yi == Lit::FALSE || i >= w {
                continue;
            }
            let mut carry = Lit::FALSE;
            for (k, slot) in acc.iter_mut().skip(i).enumerate() {
                let xk = x.bits.get(k).copied().unwrap_or(Lit::FALSE);
                let pp = self.and(xk, yi);
                let (s, c) = self.full_add(*slot, pp, carry);
                *slot = s;
                carry = c;
            }
        }
        self.ranged(acc, BigInt::zero(), hi)
    }

    fn mux_bits(&mut self, s: Lit, t: &Bv, e: &Bv, w: usize) -> Vec<Lit> {
        let w = w.max(t.width()).max(e.width());
        let (xt, xe) = (t.extended(w), e.extended(w));
        (0..w).map(|i| self.mux(s, xt[i], xe[i])).collect()
    }

    fn ite_ranged(&mut self, s: Lit, t: &Bv, e: &Bv, lo: BigInt, hi: BigInt) -> Bv {
        let bits = self.mux_bits(s, t, e, width_for(&lo, &hi));
        self.ranged(bits, lo, hi)
    }

    /// `if s then t else e`.
    pub fn ite(&mut self, s: Lit, t: &Bv, e: &Bv) -> Bv {
        match s {
            Lit::TRUE => return t.clone(),
            Lit::FALSE => return e.clone(),
            _ => {}
        }
        let lo = t.lo.clone().min(e.lo.clone());
        let hi = t.hi.clone().max(e.hi.clone());
        self.ite_ranged(s, t, e, lo, hi)
    }

    /// `a < b`.
    pub fn lt(&mut self, a: &Bv, b: &Bv) -> Lit {
        if a.hi < b.lo {
            return Lit::TRUE;
        }
        if a.lo >= b.hi {
            return Lit::FALSE;
        }
        let w = a.width().max(b.width());
        let (xa, xb) = (a.extended(w), b.extended(w));
        // From the least significant bit up: where the bits differ, the
        // higher bit decides; the sign bit counts the other way.
        let mut lt = Lit::FALSE;
        for i in 0..w {
            let differ = self.xor(xa[i], xb[i]);
            let here = if i + 1 == w { xa[i] } else { xb[i] };
            lt = self.mux(differ, here, lt);
        }
        lt
    }

    /// Whether `a <= b`.
    pub fn le(&mut self, a: &Bv, b: &Bv) -> Lit {
        !self.lt(b, a)
    }

    /// Whether `a = b`.
    pub fn eq(&mut self, a: &Bv, b: &Bv) -> Lit {
        if a.hi < b.lo || b.hi < a.lo {
            return Lit::FALSE;
        }
        if let (Some(x), Some(y)) = (a.constant(), b.constant()) {
            return Lit::from_bool(x == y);
        }
        let w = a.width().max(b.width());
        let (xa, xb) = (a.extended(w), b.extended(w));
        let same: Vec<Lit> = (0..w).map(|i| self.iff(xa[i], xb[i])).collect();
        self.and_all(same)
    }

    /// Whether `a` is the constant `v`.
    pub fn eq_const(&mut self, a: &Bv, v: i128) -> Lit {
        let c = self.bv_int(v);
        self.eq(a, &c)
    }

    /// Whether `a` lies in `lo..=hi`.
    pub fn within(&mut self, a: &Bv, lo: &BigInt, hi: &BigInt) -> Lit {
        let (l, h) = (self.bv_const(lo), self.bv_const(hi));
        let above = self.le(&l, a);
        let below = self.le(a, &h);
        self.and(above, below)
    }

    /// `a * 10^k`.
    pub fn scale_up(&mut self, a: &Bv, k: u32) -> Bv {
        if k == 0 {
            return a.clone();
        }
        let f = self.bv_const(&BigInt::from(10u32).pow(k));
        self.mul(a, &f)
    }

    /// Quotient and remainder of a non-negative `n` by a positive `d`
    /// (`d` is taken as 1 where it is 0: the caller reports that case as
    /// a division by zero), by long division: a circuit, so that once the
    /// facts are chosen the solver propagates the quotient, never searches
    /// for it.
    pub fn udivmod(&mut self, n: &Bv, d: &Bv) -> (Bv, Bv) {
        if let (Some(x), Some(y)) = (n.constant(), d.constant()) {
            let y = if y.is_zero() {
                BigInt::one()
            } else {
                y.clone()
            };
            let (q, r) = x.div_mod_floor(&y);
            return (self.bv_const(&q), self.bv_const(&r));
        }
        let zero = self.eq_const(d, 0);
        let one = self.bv_int(1);
        let d = self.ite(zero, &one, d);
        let d_lo = d.lo.clone().max(BigInt::one());
        let n_hi = n.hi.clone().max(BigInt::zero());
        let q_hi = &n_hi / &d_lo;
        let r_hi = (&d.hi - 1u32).max(BigInt::zero()).min(n_hi.clone());
        // Quotient bits: past them, what is left of n is below d.
        let kq = q_hi.bits() as usize;
        let wd = d.width();
        let nbits = n.extended(n.width().max(kq + wd + 1));
        let mut r: Vec<Lit> = (0..=wd)
            .map(|i| nbits.get(kq + i).copied().unwrap_or(Lit::FALSE))
            .collect();
        let dbits = d.extended(wd + 1);
        let mut q = vec![Lit::FALSE; kq + 1];
        for i in (0..kq).rev() {
            // r = 2r + n_i, then take d off when it fits.
            let mut shifted = Vec::with_capacity(wd + 2);
            shifted.push(nbits[i]);
            shifted.extend(r.iter().copied());
            shifted.push(Lit::FALSE);
            let mut borrow = Lit::TRUE;
            let mut diff = Vec::with_capacity(wd + 2);
            for (k, &bit) in shifted.iter().enumerate() {
                let dk = dbits.get(k).copied().unwrap_or(Lit::FALSE);
                let (s, c) = self.full_add(bit, !dk, borrow);
                diff.push(s);
                borrow = c;
            }
            // No borrow out: 2r + n_i >= d.
            let fits = borrow;
            q[i] = fits;
            r = (0..=wd)
                .map(|k| self.mux(fits, diff[k], shifted[k]))
                .collect();
        }
        let q = self.ranged(q, BigInt::zero(), q_hi);
        r.push(Lit::FALSE);
        let r = self.ranged(r, BigInt::zero(), r_hi);
        (q, r)
    }
}
