//! Compiling conditions, enumeration values, lists and generic values: the
//! rest of [`Builder`], mirroring `Ctx::bool` and `Ctx::value` in `expr.rs`.

use chrono::TimeDelta;

use super::nodes::{
    accepted, choose, code, comparison, extreme, internal, out_of_range, unwrap, Builder,
};
use super::operand::Operand;
use super::Code;
use crate::eval::expr::compare;
use crate::program::{Node, Op, Repr, Value};

fn bit(index: u32) -> u128 {
    1u128.checked_shl(index).unwrap_or(0)
}

impl Builder<'_> {
    pub fn bool(&self, n: &Node) -> Code<bool> {
        let span = n.span;
        match &n.op {
            Op::Const(Value::Bool(v)) => {
                let v = *v;
                code(move |_| Ok(v))
            }
            Op::Fact(id) => {
                let id = *id;
                code(move |cx| match cx.facts.get(id) {
                    Some(Value::Bool(v)) => Ok(*v),
                    _ => Err(internal("expected a condition", span)),
                })
            }
            Op::Definition(id) => {
                let id = *id;
                code(move |cx| cx.definition_bool(id, span))
            }
            Op::And(a, b) => {
                let (a, b) = (self.bool(a), self.bool(b));
                code(move |cx| Ok(a(cx)? && b(cx)?))
            }
            Op::Or(a, b) => {
                let (a, b) = (self.bool(a), self.bool(b));
                code(move |cx| Ok(a(cx)? || b(cx)?))
            }
            Op::Not(a) => {
                let a = self.bool(a);
                code(move |cx| Ok(!a(cx)?))
            }
            Op::Compare(cmp, repr, a, b) => {
                let mask = accepted(*cmp);
                match repr {
                    Repr::Dec => comparison(mask, self.dec_operand(a), self.dec_operand(b)),
                    Repr::Int => comparison(mask, self.int_operand(a), self.int_operand(b)),
                    Repr::Date => comparison(mask, self.date_operand(a), self.date_operand(b)),
                    Repr::Enum => comparison(mask, self.enum_operand(a), self.enum_operand(b)),
                    _ => {
                        let (a, b, repr) = (self.value(a), self.value(b), *repr);
                        code(move |cx| {
                            let (x, y) = (a(cx)?, b(cx)?);
                            compare(repr, &x, &y)
                                .map(|order| mask & (1 << (order as i8 + 1)) != 0)
                                .ok_or_else(|| internal("values of different kinds", span))
                        })
                    }
                }
            }
            Op::Present(slot) => {
                let slot = self.value(slot);
                code(move |cx| Ok(!slot(cx)?.is_missing()))
            }
            Op::InSet(a, mask) => {
                let (a, mask) = (self.enum_operand(a), *mask);
                code(move |cx| Ok(mask & bit(a.get(cx)?) != 0))
            }
            Op::Contains(list, element) => {
                let (list, element) = (self.set_operand(list), self.enum_operand(element));
                code(move |cx| {
                    let set = list.get(cx)?;
                    Ok(set & bit(element.get(cx)?) != 0)
                })
            }
            Op::Within(x, period, base) => {
                let (x, period, base) = (
                    self.date_operand(x),
                    self.int_operand(period),
                    self.date_operand(base),
                );
                code(move |cx| {
                    let (day, days, start) = (x.get(cx)?, period.get(cx)?, base.get(cx)?);
                    let end = TimeDelta::try_days(days)
                        .and_then(|d| start.checked_add_signed(d))
                        .ok_or_else(|| out_of_range(span))?;
                    Ok(start.min(end) <= day && day <= start.max(end))
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
        Operand::of(n, |n| self.enum_index(n))
    }

    fn set_operand(&self, n: &Node) -> Operand<u128> {
        Operand::of(n, |n| self.set(n))
    }

    fn enum_index(&self, n: &Node) -> Code<u32> {
        let span = n.span;
        match &n.op {
            Op::Const(Value::Enum(v)) => {
                let v = *v;
                code(move |_| Ok(v))
            }
            Op::Fact(id) => {
                let id = *id;
                code(move |cx| match cx.facts.get(id) {
                    Some(Value::Enum(v)) => Ok(*v),
                    _ => Err(internal("expected a value of an enumeration", span)),
                })
            }
            _ => unwrap(
                self.value(n),
                "expected a value of an enumeration",
                span,
                |v| match v {
                    Value::Enum(i) => Some(i),
                    _ => None,
                },
            ),
        }
    }

    fn set(&self, n: &Node) -> Code<u128> {
        let span = n.span;
        match &n.op {
            Op::Const(Value::Set(v)) => {
                let v = *v;
                code(move |_| Ok(v))
            }
            Op::Fact(id) => {
                let id = *id;
                code(move |cx| match cx.facts.get(id) {
                    Some(Value::Set(v)) => Ok(*v),
                    _ => Err(internal("expected a list", span)),
                })
            }
            _ => unwrap(self.value(n), "expected a list", span, |v| match v {
                Value::Set(s) => Some(s),
                _ => None,
            }),
        }
    }

    /// Any node as a [`Value`]: leaves are cloned out of their slots, typed
    /// operations run their typed code.
    pub fn value(&self, n: &Node) -> Code<Value> {
        let span = n.span;
        match &n.op {
            Op::Const(v) => {
                let v = v.clone();
                code(move |_| Ok(v.clone()))
            }
            Op::Fact(id) => {
                let id = *id;
                code(move |cx| {
                    cx.facts
                        .get(id)
                        .cloned()
                        .ok_or_else(|| internal("a fact without a slot", span))
                })
            }
            Op::Definition(id) => {
                let id = *id;
                code(move |cx| cx.definition(id, span))
            }
            Op::Output(id) => {
                let id = *id;
                code(move |cx| {
                    cx.outputs
                        .get(id)
                        .cloned()
                        .ok_or_else(|| internal("an output without a slot", span))
                })
            }
            Op::If(c, a, b) => choose(self.bool(c), self.value(a), self.value(b)),
            Op::Extreme(higher, Repr::Dec, a, b) => {
                let e = extreme(*higher, self.dec_operand(a), self.dec_operand(b));
                code(move |cx| e(cx).map(Value::Dec))
            }
            Op::Extreme(higher, Repr::Int, a, b) => {
                let e = extreme(*higher, self.int_operand(a), self.int_operand(b));
                code(move |cx| e(cx).map(Value::Int))
            }
            Op::Extreme(higher, Repr::Date, a, b) => {
                let e = extreme(*higher, self.date_operand(a), self.date_operand(b));
                code(move |cx| e(cx).map(Value::Date))
            }
            Op::Extreme(higher, repr, a, b) => {
                let (a, b, repr, higher) = (self.value(a), self.value(b), *repr, *higher);
                code(move |cx| {
                    let (x, y) = (a(cx)?, b(cx)?);
                    let order = compare(repr, &x, &y)
                        .ok_or_else(|| internal("values of different kinds", span))?;
                    Ok(if (order == std::cmp::Ordering::Less) == higher {
                        y
                    } else {
                        x
                    })
                })
            }
            Op::Unmet(output) => {
                let output = *output;
                code(move |cx| cx.unmet_compiled(output).map(Value::Set))
            }
            Op::DecAdd(..)
            | Op::DecSub(..)
            | Op::DecMul(..)
            | Op::DecDiv(..)
            | Op::DecNeg(_)
            | Op::PercentOf(..)
            | Op::ProRata(..)
            | Op::Round(_)
            | Op::IntToDec(_) => {
                let d = self.dec(n);
                code(move |cx| d(cx).map(Value::Dec))
            }
            Op::IntAdd(..) | Op::IntSub(..) | Op::IntMul(..) | Op::IntNeg(_) | Op::DateDiff(..) => {
                let i = self.int(n);
                code(move |cx| i(cx).map(Value::Int))
            }
            Op::DateAddDays(..)
            | Op::DateSubDays(..)
            | Op::DateAddBusinessDays(..)
            | Op::DateAddMonths(..)
            | Op::NextBusinessDay(_) => {
                let d = self.date(n);
                code(move |cx| d(cx).map(Value::Date))
            }
            Op::Compare(..)
            | Op::And(..)
            | Op::Or(..)
            | Op::Not(_)
            | Op::Present(_)
            | Op::InSet(..)
            | Op::Contains(..)
            | Op::Within(..) => {
                let b = self.bool(n);
                code(move |cx| b(cx).map(Value::Bool))
            }
        }
    }
}
