//! A policy's expressions as circuits: for each node, its value and a
//! literal that holds exactly when `policy eval` would stop with a run-time
//! error there (a division by zero, an overflow, a day that does not
//! exist, a date beyond the calendar). Evaluation order and short cuts are
//! `eval`'s: `and`, `or` and `if` evaluate only what they reach, so a
//! failure past them counts only when they reach it.

use num_bigint::BigInt;

use super::bv::Bv;
use super::calendar;
use super::gates::Gates;
use super::sat::Lit;
use super::value::{Sym, SymVal, Texts};
use crate::program::exact::places_and_mode;
use crate::program::{domain, Cmp, Node, Op, Program, Repr, Value};
use crate::syntax::Span;

/// A node encoded: its value, and whether evaluating it fails.
#[derive(Clone, Debug)]
pub struct Enc {
    /// Its value.
    pub val: SymVal,
    /// Whether evaluating it fails (an error `eval` would stop at).
    pub fails: Lit,
}

/// Something the encoding does not cover (and so no claim is made about).
#[derive(Clone, Debug)]
pub struct Unsupported {
    /// What is not covered, in words.
    pub what: String,
    /// Where it is written.
    pub span: Span,
}

type R<T> = Result<T, Unsupported>;

/// One program's expressions over the facts' variables.
pub struct Encoder<'p> {
    /// The program.
    pub program: &'p Program,
    /// The facts' variables, one per fact.
    pub facts: Vec<SymVal>,
    /// The texts that matter, for text facts.
    pub texts: Texts,
    definitions: Vec<Option<Enc>>,
    /// Outputs once decided, for the expressions that read them.
    pub outputs: Vec<Option<SymVal>>,
    /// Every operation that can fail, with where it is written.
    pub failures: Vec<(Lit, Span)>,
}

impl<'p> Encoder<'p> {
    /// An encoder of `program` over the facts' variables `facts`.
    pub fn new(program: &'p Program, facts: Vec<SymVal>, texts: Texts) -> Encoder<'p> {
        Encoder {
            program,
            facts,
            texts,
            definitions: vec![None; program.definitions.len()],
            outputs: vec![None; program.outputs.len()],
            failures: Vec::new(),
        }
    }

    fn failure(&mut self, lit: Lit, span: Span) -> Lit {
        if lit != Lit::FALSE {
            self.failures.push((lit, span));
        }
        lit
    }

    /// Definition `id`, encoded once.
    pub fn definition(&mut self, g: &mut Gates, id: usize, span: Span) -> R<Enc> {
        if let Some(Some(done)) = self.definitions.get(id) {
            return Ok(done.clone());
        }
        let program = self.program;
        let body = &program
            .definitions
            .get(id)
            .ok_or_else(|| unsupported("a definition without a body", span))?
            .value;
        let enc = self.node(g, body)?;
        if let Some(slot) = self.definitions.get_mut(id) {
            *slot = Some(enc.clone());
        }
        Ok(enc)
    }

    /// One expression, encoded exactly as `eval` computes it.
    pub fn node(&mut self, g: &mut Gates, n: &Node) -> R<Enc> {
        Ok(match &n.op {
            Op::Const(v) => Enc {
                val: self.constant(g, v, u32::from(n.scale))?,
                fails: Lit::FALSE,
            },
            Op::Fact(f) => Enc {
                val: self
                    .facts
                    .get(*f)
                    .cloned()
                    .ok_or_else(|| unsupported("a fact without a variable", n.span))?,
                fails: Lit::FALSE,
            },
            Op::Definition(d) => self.definition(g, *d, n.span)?,
            Op::Output(o) => {
                Enc {
                    val: self.outputs.get(*o).cloned().flatten().ok_or_else(|| {
                        unsupported("an output read before it is decided", n.span)
                    })?,
                    fails: Lit::FALSE,
                }
            }
            Op::And(a, b) | Op::Or(a, b) => {
                let is_and = matches!(n.op, Op::And(..));
                let ea = self.node(g, a)?;
                let eb = self.node(g, b)?;
                let (x, y) = (truth(&ea), truth(&eb));
                // `b` runs only when `a` did not settle it.
                let reached = g.and(!ea.fails, if is_and { x } else { !x });
                let later = g.and(reached, eb.fails);
                let fails = g.or(ea.fails, later);
                let v = if is_and { g.and(x, y) } else { g.or(x, y) };
                Enc {
                    val: SymVal::of(Sym::Bool(v)),
                    fails,
                }
            }
            Op::Not(a) => {
                let ea = self.node(g, a)?;
                Enc {
                    val: SymVal::of(Sym::Bool(!truth(&ea))),
                    fails: ea.fails,
                }
            }
            Op::If(c, a, b) => {
                let ec = self.node(g, c)?;
                let ea = self.node(g, a)?;
                let eb = self.node(g, b)?;
                let s = truth(&ec);
                let branch = g.mux(s, ea.fails, eb.fails);
                let fails = g.or(ec.fails, branch);
                Enc {
                    val: self.choose(g, s, &ea.val, &eb.val, u32::from(n.scale)),
                    fails,
                }
            }
            Op::Present(slot) => {
                let e = self.node(g, slot)?;
                Enc {
                    val: SymVal::of(Sym::Bool(e.val.present)),
                    fails: e.fails,
                }
            }
            Op::Compare(cmp, repr, a, b) => {
                let (ea, eb) = (self.node(g, a)?, self.node(g, b)?);
                let fails = g.or(ea.fails, eb.fails);
                let v = self.compare(g, *cmp, *repr, &ea.val, &eb.val, n.span)?;
                Enc {
                    val: SymVal::of(Sym::Bool(v)),
                    fails,
                }
            }
            Op::Extreme(higher, repr, a, b) => {
                let (ea, eb) = (self.node(g, a)?, self.node(g, b)?);
                let fails = g.or(ea.fails, eb.fails);
                let less = self.compare(g, Cmp::Lt, *repr, &ea.val, &eb.val, n.span)?;
                // The higher: `b` when `a < b`; the lower: `b` unless `a < b`.
                let take_b = if *higher { less } else { !less };
                Enc {
                    val: self.choose(g, take_b, &eb.val, &ea.val, u32::from(n.scale)),
                    fails,
                }
            }
            Op::InSet(a, mask) => {
                let ea = self.node(g, a)?;
                let index = enum_of(g, &ea.val);
                let mut any = Vec::new();
                for v in 0..128u32 {
                    if mask & (1u128 << v) != 0 {
                        any.push(g.eq_const(&index, i128::from(v)));
                    }
                }
                plain_with(Sym::Bool(g.or_all(any)), ea.fails)
            }
            Op::Contains(list, element) => {
                let (el, ee) = (self.node(g, list)?, self.node(g, element)?);
                let fails = g.or(el.fails, ee.fails);
                let set = set_of(&el.val);
                let index = enum_of(g, &ee.val);
                let mut any = Vec::new();
                for (v, &bit) in set.iter().enumerate() {
                    let is = g.eq_const(&index, v as i128);
                    any.push(g.and(is, bit));
                }
                plain_with(Sym::Bool(g.or_all(any)), fails)
            }
            Op::Within(x, period, base) => {
                let ex = self.node(g, x)?;
                let ep = self.node(g, period)?;
                let eb = self.node(g, base)?;
                let (day, days, start) =
                    (date_of(g, &ex.val), int_of(g, &ep.val), date_of(g, &eb.val));
                let end = g.add(&start, &days);
                let (lo, hi) = calendar::chrono_range();
                let inside = g.within(&end, &BigInt::from(lo), &BigInt::from(hi));
                let past = self.failure(!inside, n.span);
                let end = g.clamp(&end, &BigInt::from(lo), &BigInt::from(hi));
                let forward = g.le(&start, &end);
                let low = g.ite(forward, &start, &end);
                let high = g.ite(forward, &end, &start);
                let after = g.le(&low, &day);
                let before = g.le(&day, &high);
                let holds = g.and(after, before);
                let fails = g.or_all([ex.fails, ep.fails, eb.fails, past]);
                plain_with(Sym::Bool(holds), fails)
            }
            Op::Unmet(_) => {
                return Err(unsupported(
                    "`unmet requirements` inside an expression",
                    n.span,
                ))
            }
            _ => match n.op.computes() {
                Some(Repr::Dec) => self.decimal(g, n)?,
                Some(Repr::Int) => self.whole(g, n)?,
                Some(Repr::Date) => self.date(g, n)?,
                _ => return Err(unsupported("an expression of no known kind", n.span)),
            },
        })
    }

    fn constant(&mut self, g: &mut Gates, v: &Value, places: u32) -> R<SymVal> {
        Ok(SymVal::of(match v {
            Value::Missing => return Ok(SymVal::missing()),
            Value::Bool(b) => Sym::Bool(Lit::from_bool(*b)),
            Value::Dec(d) => {
                let places = places.max(d.scale());
                let n = BigInt::from(d.mantissa()) * BigInt::from(10u32).pow(places - d.scale());
                Sym::Dec(g.bv_const(&n), places)
            }
            Value::Int(i) => Sym::Int(g.bv_int(i128::from(*i))),
            Value::Date(d) => {
                Sym::Date(g.bv_int(i128::from(chrono::Datelike::num_days_from_ce(d))))
            }
            Value::Enum(i) => Sym::Enum(g.bv_int(i128::from(*i))),
            Value::Set(s) => Sym::Set(
                (0..128)
                    .map(|i| Lit::from_bool(s & (1u128 << i) != 0))
                    .collect(),
            ),
            Value::Text(t) => {
                let index = self.texts.index(t).unwrap_or(0);
                Sym::Text(g.bv_int(index as i128))
            }
        }))
    }

    /// `if s then a else b`, for values of one kind.
    pub fn choose(&mut self, g: &mut Gates, s: Lit, a: &SymVal, b: &SymVal, places: u32) -> SymVal {
        let present = g.mux(s, a.present, b.present);
        let sym = match (&a.sym, &b.sym) {
            (Sym::Missing, _) => b.sym.clone(),
            (_, Sym::Missing) => a.sym.clone(),
            (Sym::Bool(x), Sym::Bool(y)) => Sym::Bool(g.mux(s, *x, *y)),
            (Sym::Dec(x, px), Sym::Dec(y, py)) => {
                let p = places.max(*px).max(*py);
                let (x, y) = (g.align(x, *px, p), g.align(y, *py, p));
                Sym::Dec(g.ite(s, &x, &y), p)
            }
            (Sym::Int(x), Sym::Int(y)) => Sym::Int(g.ite(s, x, y)),
            (Sym::Date(x), Sym::Date(y)) => Sym::Date(g.ite(s, x, y)),
            (Sym::Enum(x), Sym::Enum(y)) => Sym::Enum(g.ite(s, x, y)),
            (Sym::Text(x), Sym::Text(y)) => Sym::Text(g.ite(s, x, y)),
            (Sym::Set(x), Sym::Set(y)) => {
                let n = x.len().max(y.len());
                Sym::Set(
                    (0..n)
                        .map(|i| {
                            let (a, b) = (
                                x.get(i).copied().unwrap_or(Lit::FALSE),
                                y.get(i).copied().unwrap_or(Lit::FALSE),
                            );
                            g.mux(s, a, b)
                        })
                        .collect(),
                )
            }
            // Different kinds: the checker rules this out.
            _ => a.sym.clone(),
        };
        SymVal { present, sym }
    }

    /// `a <cmp> b` for two values of representation `repr`.
    pub fn compare(
        &mut self,
        g: &mut Gates,
        cmp: Cmp,
        repr: Repr,
        a: &SymVal,
        b: &SymVal,
        span: Span,
    ) -> R<Lit> {
        let ordered = |g: &mut Gates, x: &Bv, y: &Bv| -> Lit {
            match cmp {
                Cmp::Eq => g.eq(x, y),
                Cmp::Ne => !g.eq(x, y),
                Cmp::Lt => g.lt(x, y),
                Cmp::Le => g.le(x, y),
                Cmp::Gt => g.lt(y, x),
                Cmp::Ge => g.le(y, x),
            }
        };
        Ok(match repr {
            Repr::Dec => {
                let ((x, px), (y, py)) = (dec_of(g, a), dec_of(g, b));
                let p = px.max(py);
                let (x, y) = (g.align(&x, px, p), g.align(&y, py, p));
                ordered(g, &x, &y)
            }
            Repr::Int => {
                let (x, y) = (int_of(g, a), int_of(g, b));
                ordered(g, &x, &y)
            }
            Repr::Date => {
                let (x, y) = (date_of(g, a), date_of(g, b));
                ordered(g, &x, &y)
            }
            Repr::Enum => {
                let (x, y) = (enum_of(g, a), enum_of(g, b));
                ordered(g, &x, &y)
            }
            Repr::Text => {
                let (x, y) = (text_of(g, a), text_of(g, b));
                match cmp {
                    Cmp::Eq | Cmp::Ne => ordered(g, &x, &y),
                    _ => return Err(unsupported("ordering texts", span)),
                }
            }
            Repr::Bool => {
                let (x, y) = (bool_of(a), bool_of(b));
                let xb = Bv {
                    bits: vec![x, Lit::FALSE],
                    lo: 0.into(),
                    hi: 1.into(),
                };
                let yb = Bv {
                    bits: vec![y, Lit::FALSE],
                    lo: 0.into(),
                    hi: 1.into(),
                };
                ordered(g, &xb, &yb)
            }
            Repr::Set => {
                let (x, y) = (set_of(a), set_of(b));
                let n = x.len().max(y.len());
                let bits = |s: &[Lit]| -> Bv {
                    let mut bits: Vec<Lit> = (0..n)
                        .map(|i| s.get(i).copied().unwrap_or(Lit::FALSE))
                        .collect();
                    bits.push(Lit::FALSE);
                    Bv {
                        bits,
                        lo: 0.into(),
                        hi: (BigInt::from(1) << n) - 1,
                    }
                };
                ordered(g, &bits(&x), &bits(&y))
            }
        })
    }

    fn decimal(&mut self, g: &mut Gates, n: &Node) -> R<Enc> {
        let places = u32::from(n.scale);
        match &n.op {
            Op::DecAdd(a, b) | Op::DecSub(a, b) | Op::DecMul(a, b) | Op::PercentOf(a, b) => {
                let (ea, eb) = (self.node(g, a)?, self.node(g, b)?);
                let ((x, px), (y, py)) = (dec_of(g, &ea.val), dec_of(g, &eb.val));
                let (raw, at) = match &n.op {
                    Op::DecAdd(..) | Op::DecSub(..) => {
                        let at = px.max(py);
                        let (x, y) = (g.align(&x, px, at), g.align(&y, py, at));
                        let sum = if matches!(n.op, Op::DecAdd(..)) {
                            g.add(&x, &y)
                        } else {
                            g.sub(&x, &y)
                        };
                        (sum, at)
                    }
                    // Places add up exactly: px + py (+ 2 for a percent).
                    // A constant's trailing zeros come off first, so that
                    // `100% of paid` is `paid` and needs no rounding.
                    _ => {
                        let extra = u32::from(matches!(n.op, Op::PercentOf(..)));
                        let at = px + py + 2 * extra;
                        let (x, y, at) = strip_constant(g, x, y, at);
                        (g.mul(&x, &y), at)
                    }
                };
                let (v, over) = g.bounded_decimal_at(&raw, places.saturating_sub(at));
                let over = self.failure(over, n.span);
                let fails = g.or_all([ea.fails, eb.fails, over]);
                Ok(plain_with(Sym::Dec(v, at), fails))
            }
            Op::DecNeg(a) => {
                let ea = self.node(g, a)?;
                let (x, px) = dec_of(g, &ea.val);
                Ok(plain_with(Sym::Dec(g.neg(&x), px), ea.fails))
            }
            Op::IntToDec(a) => {
                let ea = self.node(g, a)?;
                Ok(plain_with(Sym::Dec(int_of(g, &ea.val), 0), ea.fails))
            }
            Op::DecDiv(..) | Op::ProRata(..) => self.quotient(g, n, None),
            Op::Round(a) => {
                let rounding = self
                    .program
                    .rounding
                    .ok_or_else(|| unsupported("rounding without a rule", n.span))?;
                let e = match &a.op {
                    Op::DecDiv(..) | Op::ProRata(..) => self.quotient(g, a, Some(rounding))?,
                    _ => self.node(g, a)?,
                };
                let (v, over) = self.round(g, &e.val, rounding, n.span);
                let fails = g.or(e.fails, over);
                Ok(plain_with(Sym::Dec(v, rounding.places), fails))
            }
            _ => Err(unsupported("a decimal of no known kind", n.span)),
        }
    }

    /// A value rounded by the header's rule, as a money output or
    /// `rounded` rounds it: `(n at the rule's places, overflow)`.
    pub fn round(
        &mut self,
        g: &mut Gates,
        v: &SymVal,
        rounding: crate::program::Rounding,
        span: Span,
    ) -> (Bv, Lit) {
        let (x, px) = dec_of(g, v);
        let p = rounding.places;
        let rounded = if px <= p {
            g.align(&x, px, p)
        } else {
            let unit = g.bv_const(&BigInt::from(10u32).pow(px - p));
            g.round_ratio(&x, &unit, rounding.mode)
        };
        let (v, over) = g.bounded_decimal(&rounded);
        let over = self.failure(over, span);
        (v, over)
    }

    /// A quotient, exact and rounded once: by `rounding`, or half to even
    /// at the places an unrounded quotient carries.
    pub fn quotient(
        &mut self,
        g: &mut Gates,
        n: &Node,
        rounding: Option<crate::program::Rounding>,
    ) -> R<Enc> {
        let (places, mode) = places_and_mode(rounding);
        let (num, den, fails, zero_at) = match &n.op {
            Op::DecDiv(a, b) => {
                let (ea, eb) = (self.node(g, a)?, self.node(g, b)?);
                let ((x, sa), (y, sb)) = (dec_of(g, &ea.val), dec_of(g, &eb.val));
                // Units of 10^-places: x * 10^(sb + places) / (y * 10^sa).
                let up = i64::from(sb) + i64::from(places) - i64::from(sa);
                let (num, den) = if up >= 0 {
                    (g.scale_up(&x, up as u32), y)
                } else {
                    (x, g.scale_up(&y, (-up) as u32))
                };
                (num, den, g.or(ea.fails, eb.fails), b.span)
            }
            Op::ProRata(a, b, c) => {
                let (ea, eb, ec) = (self.node(g, a)?, self.node(g, b)?, self.node(g, c)?);
                let (x, sa) = dec_of(g, &ea.val);
                let (part, whole) = (int_of(g, &eb.val), int_of(g, &ec.val));
                let product = g.mul(&x, &part);
                let up = i64::from(places) - i64::from(sa);
                let (num, den) = if up >= 0 {
                    (g.scale_up(&product, up as u32), whole)
                } else {
                    (product, g.scale_up(&whole, (-up) as u32))
                };
                let f = g.or_all([ea.fails, eb.fails, ec.fails]);
                (num, den, f, c.span)
            }
            _ => return Err(unsupported("a quotient of no known kind", n.span)),
        };
        let zero = g.eq_const(&den, 0);
        let by_zero = self.failure(zero, zero_at);
        let q = g.round_ratio(&num, &den, mode);
        let (q, over) = g.bounded_decimal(&q);
        let over = self.failure(over, n.span);
        let fails = g.or_all([fails, by_zero, over]);
        Ok(plain_with(Sym::Dec(q, places), fails))
    }

    fn whole(&mut self, g: &mut Gates, n: &Node) -> R<Enc> {
        match &n.op {
            Op::IntAdd(a, b) | Op::IntSub(a, b) | Op::IntMul(a, b) => {
                let (ea, eb) = (self.node(g, a)?, self.node(g, b)?);
                let (x, y) = (int_of(g, &ea.val), int_of(g, &eb.val));
                let raw = match n.op {
                    Op::IntAdd(..) => g.add(&x, &y),
                    Op::IntSub(..) => g.sub(&x, &y),
                    _ => g.mul(&x, &y),
                };
                let (v, over) = g.bounded_whole(&raw);
                let over = self.failure(over, n.span);
                let fails = g.or_all([ea.fails, eb.fails, over]);
                Ok(plain_with(Sym::Int(v), fails))
            }
            Op::IntNeg(a) => {
                let ea = self.node(g, a)?;
                let x = int_of(g, &ea.val);
                let raw = g.neg(&x);
                let (v, over) = g.bounded_whole(&raw);
                let over = self.failure(over, n.span);
                let fails = g.or(ea.fails, over);
                Ok(plain_with(Sym::Int(v), fails))
            }
            Op::DateDiff(a, b) => {
                let (ea, eb) = (self.node(g, a)?, self.node(g, b)?);
                let (x, y) = (date_of(g, &ea.val), date_of(g, &eb.val));
                let fails = g.or(ea.fails, eb.fails);
                Ok(plain_with(Sym::Int(g.sub(&x, &y)), fails))
            }
            _ => Err(unsupported("a whole number of no known kind", n.span)),
        }
    }

    fn date(&mut self, g: &mut Gates, n: &Node) -> R<Enc> {
        let calendar = &self.program.calendar;
        let (day, local, fails) = match &n.op {
            Op::DateAddDays(d, k) | Op::DateSubDays(d, k) => {
                let (ed, ek) = (self.node(g, d)?, self.node(g, k)?);
                let (z, days) = (date_of(g, &ed.val), int_of(g, &ek.val));
                let day = if matches!(n.op, Op::DateAddDays(..)) {
                    g.add(&z, &days)
                } else {
                    g.sub(&z, &days)
                };
                let inside = in_calendar(g, &day);
                (day, !inside, g.or(ed.fails, ek.fails))
            }
            Op::DateAddBusinessDays(d, k) => {
                let ed = self.node(g, d)?;
                let z = date_of(g, &ed.val);
                let (day, past) = calendar::add_business_days(g, calendar, &z, *k);
                (day, past, ed.fails)
            }
            Op::DateAddMonths(d, k) => {
                let ed = self.node(g, d)?;
                let z = date_of(g, &ed.val);
                let (day, past) = calendar::add_months(g, calendar, &z, *k);
                (day, past, ed.fails)
            }
            Op::NextBusinessDay(d) => {
                let ed = self.node(g, d)?;
                let z = date_of(g, &ed.val);
                let (day, past) = calendar::next_business_day(g, calendar, &z);
                (day, past, ed.fails)
            }
            _ => return Err(unsupported("a date of no known kind", n.span)),
        };
        let local = self.failure(local, n.span);
        let (lo, hi) = calendar::chrono_range();
        let day = g.clamp(&day, &BigInt::from(lo), &BigInt::from(hi));
        let fails = g.or(fails, local);
        Ok(plain_with(Sym::Date(day), fails))
    }
}

/// Whether day `z` is one chrono's calendar holds.
/// `x * y` at `at` places, with a constant factor's trailing zeros taken
/// off it and off the places (as far as the places go).
fn strip_constant(g: &mut Gates, x: Bv, y: Bv, at: u32) -> (Bv, Bv, u32) {
    let ten = BigInt::from(10u32);
    let strip = |c: &BigInt| {
        let (mut c, mut k) = (c.clone(), 0u32);
        while k < at && c != BigInt::from(0) && (&c % &ten) == BigInt::from(0) {
            c /= &ten;
            k += 1;
        }
        (c, k)
    };
    if let Some(c) = y.constant() {
        let (c, k) = strip(c);
        return (x, g.bv_const(&c), at - k);
    }
    if let Some(c) = x.constant() {
        let (c, k) = strip(c);
        return (g.bv_const(&c), y, at - k);
    }
    (x, y, at)
}

/// Whether day `z` is one chrono's calendar holds.
fn in_calendar(g: &mut Gates, z: &Bv) -> Lit {
    let (lo, hi) = calendar::chrono_range();
    g.within(z, &BigInt::from(lo), &BigInt::from(hi))
}

fn plain_with(sym: Sym, fails: Lit) -> Enc {
    Enc {
        val: SymVal::of(sym),
        fails,
    }
}

/// Something not covered, at `span`.
pub fn unsupported(what: &str, span: Span) -> Unsupported {
    Unsupported {
        what: what.to_string(),
        span,
    }
}

/// The truth of a condition (false for anything else: the checker rules
/// that out).
pub fn truth(e: &Enc) -> Lit {
    bool_of(&e.val)
}

/// A truth's literal (false for anything else).
pub fn bool_of(v: &SymVal) -> Lit {
    match v.sym {
        Sym::Bool(b) => b,
        _ => Lit::FALSE,
    }
}

/// A decimal's scaled whole number and places (zero for anything else).
pub fn dec_of(g: &mut Gates, v: &SymVal) -> (Bv, u32) {
    match &v.sym {
        Sym::Dec(n, p) => (n.clone(), *p),
        Sym::Int(n) => (n.clone(), 0),
        _ => (g.bv_int(0), 0),
    }
}

/// A whole number (zero for anything else).
pub fn int_of(g: &mut Gates, v: &SymVal) -> Bv {
    match &v.sym {
        Sym::Int(n) => n.clone(),
        _ => g.bv_int(0),
    }
}

/// A date's day number (zero for anything else).
pub fn date_of(g: &mut Gates, v: &SymVal) -> Bv {
    match &v.sym {
        Sym::Date(n) => n.clone(),
        _ => g.bv_int(i128::from(domain::first_day_number())),
    }
}

/// An enumeration value's index (zero for anything else).
pub fn enum_of(g: &mut Gates, v: &SymVal) -> Bv {
    match &v.sym {
        Sym::Enum(n) => n.clone(),
        _ => g.bv_int(0),
    }
}

/// A text's index among the known texts (zero for anything else).
pub fn text_of(g: &mut Gates, v: &SymVal) -> Bv {
    match &v.sym {
        Sym::Text(n) => n.clone(),
        _ => g.bv_int(0),
    }
}

/// A list's bits, one per value (none for anything else).
pub fn set_of(v: &SymVal) -> Vec<Lit> {
    match &v.sym {
        Sym::Set(s) => s.clone(),
        _ => Vec::new(),
    }
}
