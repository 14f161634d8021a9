//! Boolean gates over the solver's literals, Tseitin-encoded, each built
//! once (hash-consed) and folded when an input is a constant, so that the
//! parts of a policy that compare a fact with a literal cost few clauses.

use rustc_hash::FxHashMap as HashMap;

use super::sat::{Answer, Lit, Sat};

/// The gates built so far and the solver they are written to.
#[derive(Default)]
pub struct Gates {
    pub sat: Sat,
    ands: HashMap<(Lit, Lit), Lit>,
    xors: HashMap<(Lit, Lit), Lit>,
    muxes: HashMap<(Lit, Lit, Lit), Lit>,
}

impl Gates {
    pub fn new(sat: Sat) -> Gates {
        Gates {
            sat,
            ..Gates::default()
        }
    }

    pub fn fresh(&mut self) -> Lit {
        self.sat.fresh()
    }

    /// Make `lit` hold in every model (a constraint, not a question).
    pub fn assert(&mut self, lit: Lit) {
        self.sat.clause(&[lit]);
    }

    pub fn solve(&mut self, assumptions: &[Lit]) -> Answer {
        self.sat.solve(assumptions)
    }

    pub fn value(&self, lit: Lit) -> bool {
        self.sat.value(lit)
    }

    pub fn and(&mut self, a: Lit, b: Lit) -> Lit {
        if a == Lit::FALSE || b == Lit::FALSE || a == !b {
            return Lit::FALSE;
        }
        if a == Lit::TRUE || a == b {
            return b;
        }
        if b == Lit::TRUE {
            return a;
        }
        let key = if a < b { (a, b) } else { (b, a) };
        if let Some(&out) = self.ands.get(&key) {
            return out;
        }
        let out = self.sat.fresh();
        self.sat.clause(&[!out, a]);
        self.sat.clause(&[!out, b]);
        self.sat.clause(&[out, !a, !b]);
        self.ands.insert(key, out);
        out
    }

    pub fn or(&mut self, a: Lit, b: Lit) -> Lit {
        !self.and(!a, !b)
    }

    pub fn implies(&mut self, a: Lit, b: Lit) -> Lit {
        self.or(!a, b)
    }

    pub fn xor(&mut self, a: Lit, b: Lit) -> Lit {
        if a.is_const() {
            return if a == Lit::TRUE { !b } else { b };
        }
        if b.is_const() {
            return if b == Lit::TRUE { !a } else { a };
        }
        if a == b {
            return Lit::FALSE;
        }
        if a == !b {
            return Lit::TRUE;
        }
        // xor(!a, b) = !xor(a, b): keep one gate for all four signs.
        let flip = (a.dimacs() < 0) != (b.dimacs() < 0);
        let (a, b) = (
            if a.dimacs() < 0 { !a } else { a },
            if b.dimacs() < 0 { !b } else { b },
        );
        let key = if a < b { (a, b) } else { (b, a) };
        let out = match self.xors.get(&key) {
            Some(&out) => out,
            None => {
                let out = self.sat.fresh();
                self.sat.clause(&[!out, a, b]);
                self.sat.clause(&[!out, !a, !b]);
                self.sat.clause(&[out, !a, b]);
                self.sat.clause(&[out, a, !b]);
                self.xors.insert(key, out);
                out
            }
        };
        if flip {
            !out
        } else {
            out
        }
    }

    pub fn iff(&mut self, a: Lit, b: Lit) -> Lit {
        !self.xor(a, b)
    }

    /// `if s then t else e`.
    pub fn mux(&mut self, s: Lit, t: Lit, e: Lit) -> Lit {
        if s == Lit::TRUE || t == e {
            return t;
        }
        if s == Lit::FALSE {
            return e;
        }
        if t == Lit::TRUE || t == s {
            return self.or(s, e);
        }
        if t == Lit::FALSE || t == !s {
            return self.and(!s, e);
        }
        if e == Lit::TRUE || e == !s {
            return self.or(!s, t);
        }
        if e == Lit::FALSE || e == s {
            return self.and(s, t);
        }
        if t == !e {
            return self.iff(s, t);
        }
        let (s, t, e) = if s.dimacs() < 0 {
            (!s, e, t)
        } else {
            (s, t, e)
        };
        if let Some(&out) = self.muxes.get(&(s, t, e)) {
            return out;
        }
        let out = self.sat.fresh();
        self.sat.clause(&[!s, !t, out]);
        self.sat.clause(&[!s, t, !out]);
        self.sat.clause(&[s, !e, out]);
        self.sat.clause(&[s, e, !out]);
        // Redundant, but they let the solver propagate when t = e.
        self.sat.clause(&[!t, !e, out]);
        self.sat.clause(&[t, e, !out]);
        self.muxes.insert((s, t, e), out);
        out
    }

    pub fn and_all(&mut self, lits: impl IntoIterator<Item = Lit>) -> Lit {
        let mut out = Lit::TRUE;
        for lit in lits {
            out = self.and(out, lit);
            if out == Lit::FALSE {
                break;
            }
        }
        out
    }

    pub fn or_all(&mut self, lits: impl IntoIterator<Item = Lit>) -> Lit {
        let mut out = Lit::FALSE;
        for lit in lits {
            out = self.or(out, lit);
            if out == Lit::TRUE {
                break;
            }
        }
        out
    }

    /// A full adder: (sum, carry).
    pub fn full_add(&mut self, a: Lit, b: Lit, c: Lit) -> (Lit, Lit) {
        let ab = self.xor(a, b);
        let sum = self.xor(ab, c);
        let carry = self.mux(ab, c, a);
        (sum, carry)
    }
}
