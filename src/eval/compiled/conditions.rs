//! Compiling conditions, enumeration values, lists and generic values: the
//! rest of [`Builder`], mirroring `Ctx::bool` and `Ctx::value` in `expr.rs`.

use std::cmp::Ordering;

use chrono::TimeDelta;
use rust_decimal::Decimal;

use super::combine::{
    accepted, choose, code, comparison, extreme, fail, holds, internal, leaf, out_of_range, unwrap,
};
use super::nodes::Builder;
use super::operand::Operand;
use super::Code;
use crate::eval::condition::compare;
use crate::program::{Node, Op, Repr, Value};

/// Whether `n` is the amount zero written as a constant (`$0`).
fn is_zero(n: &Node) -> bool {
    matches!(&n.op, Op::Const(Value::Dec(k)) if k.is_zero())
}

/// `mask` for `0 cmp x` turned into one for `x cmp 0`: less and greater
/// swap places.
fn flipped(mask: u8) -> u8 {
    (mask & 0b010) | ((mask & 0b001) << 2) | ((mask & 0b100) >> 2)
}

/// `a cmp $0` (`paid >= $0`, as assumptions write): the sign decides, as
/// `Ord` for decimals does first, where the general comparison of a fact in
/// cents with a zero of another scale goes through the library's call.
fn against_zero(mask: u8, a: Operand<Decimal>) -> Code<bool> {
    let sign_holds = move |x: Decimal| {
        let order = if x.is_zero() {
            Ordering::Equal
        } else if x.is_sign_negative() {
            Ordering::Less
        } else {
            Ordering::Greater
        };
        holds(mask, order)
    };
    match a {
        Operand::Fact(i, at) => code(move |cx| sign_holds(Operand::fact(cx, i, at))),
        a => code(move |cx| sign_holds(a.get(cx))),
    }
}

fn bit(index: u32) -> u128 {
    1u128.checked_shl(index).unwrap_or(0)
}

impl Builder<'_> {
    pub fn bool(&self, n: &Node) -> Code<bool> {
        if let Some(code) = self.inlined(n, |body| self.bool(body)) {
            return code;
        }
        if let Some(leaf) = leaf(n) {
            return leaf;
        }
        let span = n.span;
        match &n.op {
            // A failing `a` is false: `and` skips `b`, as returning the
            // error did; `or` runs `b` too, whose errors are not recorded
            // over `a`'s and whose value is not used.
            Op::And(a, b) => {
                let (a, b) = (self.bool(a), self.bool(b));
                code(move |cx| a(cx) && b(cx))
            }
            Op::Or(a, b) => {
                let (a, b) = (self.bool(a), self.bool(b));
                code(move |cx| a(cx) || b(cx))
            }
            Op::Not(a) => {
                let a = self.bool(a);
                code(move |cx| !a(cx))
            }
            Op::Compare(cmp, repr, a, b) => {
                let mask = accepted(*cmp);
                match repr {
                    Repr::Dec if is_zero(b) => against_zero(mask, self.dec_operand(a)),
                    Repr::Dec if is_zero(a) => against_zero(flipped(mask), self.dec_operand(b)),
                    Repr::Dec => comparison(mask, self.dec_operand(a), self.dec_operand(b)),
                    Repr::Int => comparison(mask, self.int_operand(a), self.int_operand(b)),
                    Repr::Date => comparison(mask, self.date_operand(a), self.date_operand(b)),
                    Repr::Enum => comparison(mask, self.enum_operand(a), self.enum_operand(b)),
                    _ => {
                        let (a, b, repr) = (self.value(a), self.value(b), *repr);
                        code(move |cx| {
                            let (x, y) = (a(cx), b(cx));
                            match compare(repr, &x, &y) {
                                Some(order) => holds(mask, order),
                                None => fail(cx, internal("values of different kinds", span)),
                            }
                        })
                    }
                }
            }
            // A fact's slot is looked at in place (`primary_resolved_on is
            // set`), not cloned out through the generic value.
            Op::Present(slot) => match slot.op {
                Op::Fact(id) => {
                    let at = slot.span;
                    code(move |cx| match cx.facts.get(id) {
                        Some(v) => !v.is_missing(),
                        None => fail(cx, internal("a fact without a slot", at)),
                    })
                }
                _ => {
                    let slot = self.value(slot);
                    code(move |cx| !slot(cx).is_missing())
                }
            },
            Op::InSet(a, mask) => {
                let (a, mask) = (self.enum_operand(a), *mask);
                code(move |cx| mask & bit(a.get(cx)) != 0)
            }
            Op::Contains(list, element) => {
                let (list, element) = (self.set_operand(list), self.enum_operand(element));
                code(move |cx| {
                    let set = list.get(cx);
                    set & bit(element.get(cx)) != 0
                })
            }
            Op::Within(x, period, base) => {
                let (x, period, base) = (
                    self.date_operand(x),
                    self.int_operand(period),
                    self.date_operand(base),
                );
                code(move |cx| {
                    let (day, days, start) = (x.get(cx), period.get(cx), base.get(cx));
                    match TimeDelta::try_days(days).and_then(|d| start.checked_add_signed(d)) {
                        Some(end) => start.min(end) <= day && day <= start.max(end),
                        None => fail(cx, out_of_range(span)),
                    }
                })
            }
            Op::If(c, a, b) => choose(self.bool(c), self.bool(a), self.bool(b)),
            _ => unwrap(self.value(n), "expected a condition", span, |v| match v {
                Value::Bool(b) => Some(b),
                _ => None,
            }),
        }
    }

    fn enum_operand(&self, n: &Node) -> Operand<u32> {
        self.operand(n, &|n| self.enum_index(n))
    }

    fn set_operand(&self, n: &Node) -> Operand<u128> {
        self.operand(n, &|n| self.set(n))
    }

    fn enum_index(&self, n: &Node) -> Code<u32> {
        if let Some(code) = self.inlined(n, |body| self.enum_index(body)) {
            return code;
        }
        leaf(n).unwrap_or_else(|| {
            unwrap(
                self.value(n),
                "expected a value of an enumeration",
                n.span,
                |v| match v {
                    Value::Enum(i) => Some(i),
                    _ => None,
                },
            )
        })
    }

    fn set(&self, n: &Node) -> Code<u128> {
        if let Some(code) = self.inlined(n, |body| self.set(body)) {
            return code;
        }
        leaf(n).unwrap_or_else(|| {
            unwrap(self.value(n), "expected a list", n.span, |v| match v {
                Value::Set(s) => Some(s),
                _ => None,
            })
        })
    }

    /// Any node as a [`Value`]: leaves are cloned out of their slots, typed
    /// operations run their typed code.
    pub fn value(&self, n: &Node) -> Code<Value> {
        if let Some(code) = self.inlined(n, |body| self.value(body)) {
            return code;
        }
        let span = n.span;
        match &n.op {
            Op::Const(v) => {
                let v = v.clone();
                code(move |_| v.clone())
            }
            Op::Fact(id) => {
                let id = *id;
                code(move |cx| match cx.facts.get(id) {
                    Some(v) => v.clone(),
                    None => fail(cx, internal("a fact without a slot", span)),
                })
            }
            Op::Definition(id) => {
                let id = *id;
                code(move |cx| cx.read_definition(id, span, Value::clone))
            }
            Op::Output(id) => {
                let id = *id;
                code(move |cx| match cx.outputs.get(id) {
                    Some(v) => v.clone(),
                    None => fail(cx, internal("an output without a slot", span)),
                })
            }
            Op::If(c, a, b) => choose(self.bool(c), self.value(a), self.value(b)),
            Op::Extreme(higher, Repr::Dec, a, b) => {
                let e = extreme(*higher, self.dec_operand(a), self.dec_operand(b));
                code(move |cx| Value::Dec(e(cx)))
            }
            Op::Extreme(higher, Repr::Int, a, b) => {
                let e = extreme(*higher, self.int_operand(a), self.int_operand(b));
                code(move |cx| Value::Int(e(cx)))
            }
            Op::Extreme(higher, Repr::Date, a, b) => {
                let e = extreme(*higher, self.date_operand(a), self.date_operand(b));
                code(move |cx| Value::Date(e(cx)))
            }
            Op::Extreme(higher, repr, a, b) => {
                let (a, b, repr, higher) = (self.value(a), self.value(b), *repr, *higher);
                code(move |cx| {
                    let (x, y) = (a(cx), b(cx));
                    match compare(repr, &x, &y) {
                        Some(order) if (order == Ordering::Less) == higher => y,
                        Some(_) => x,
                        None => fail(cx, internal("values of different kinds", span)),
                    }
                })
            }
            Op::Unmet(output) => {
                let output = *output;
                code(move |cx| Value::Set(cx.unmet(output)))
            }
            op => match op.computes() {
                Some(Repr::Dec) => {
                    let d = self.dec(n);
                    code(move |cx| Value::Dec(d(cx)))
                }
                Some(Repr::Int) => {
                    let i = self.int(n);
                    code(move |cx| Value::Int(i(cx)))
                }
                Some(Repr::Date) => {
                    let d = self.date(n);
                    code(move |cx| Value::Date(d(cx)))
                }
                Some(Repr::Bool) => {
                    let b = self.bool(n);
                    code(move |cx| Value::Bool(b(cx)))
                }
                _ => code(move |cx| fail(cx, internal("a node of no known kind", span))),
            },
        }
    }
}
