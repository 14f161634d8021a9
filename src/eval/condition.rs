//! The walk's conditions: `Ctx::bool` and the enumeration and list reads
//! it needs, and the order of two generic values (which the compiled code
//! shares).

use std::cmp::Ordering;

use chrono::TimeDelta;

use super::error::EvalError;
use super::expr::{internal, leaf, Ctx, R};
use crate::program::{Cmp, Node, Op, Repr, Value};

impl Ctx<'_> {
    pub fn bool(&mut self, n: &Node) -> R<bool> {
        leaf!(self, n, Bool);
        match &n.op {
            Op::And(a, b) => Ok(self.bool(a)? && self.bool(b)?),
            Op::Or(a, b) => Ok(self.bool(a)? || self.bool(b)?),
            Op::Not(a) => Ok(!self.bool(a)?),
            Op::Compare(cmp, repr, a, b) => {
                let order = match repr {
                    Repr::Dec => self.dec(a)?.cmp(&self.dec(b)?),
                    Repr::Int => self.int(a)?.cmp(&self.int(b)?),
                    Repr::Date => self.date(a)?.cmp(&self.date(b)?),
                    Repr::Enum => self.enum_index(a)?.cmp(&self.enum_index(b)?),
                    _ => {
                        let (x, y) = (self.value(a)?, self.value(b)?);
                        compare(*repr, &x, &y)
                            .ok_or_else(|| internal("values of different kinds", n.span))?
                    }
                };
                Ok(match cmp {
                    Cmp::Eq => order == Ordering::Equal,
                    Cmp::Ne => order != Ordering::Equal,
                    Cmp::Lt => order == Ordering::Less,
                    Cmp::Le => order != Ordering::Greater,
                    Cmp::Gt => order == Ordering::Greater,
                    Cmp::Ge => order != Ordering::Less,
                })
            }
            Op::Present(slot) => Ok(!self.value(slot)?.is_missing()),
            Op::InSet(a, mask) => {
                Ok(mask & 1u128.checked_shl(self.enum_index(a)?).unwrap_or(0) != 0)
            }
            Op::Contains(list, element) => {
                let set = self.set(list)?;
                Ok(set & 1u128.checked_shl(self.enum_index(element)?).unwrap_or(0) != 0)
            }
            Op::Within(x, period, base) => {
                let (day, days, start) = (self.date(x)?, self.int(period)?, self.date(base)?);
                let end = TimeDelta::try_days(days)
                    .and_then(|d| start.checked_add_signed(d))
                    .ok_or(EvalError::DateOutOfRange {
                        span: n.span.into(),
                    })?;
                Ok(start.min(end) <= day && day <= start.max(end))
            }
            _ => match self.value(n)? {
                Value::Bool(b) => Ok(b),
                _ => Err(internal("expected a condition", n.span)),
            },
        }
    }

    fn enum_index(&mut self, n: &Node) -> R<u32> {
        leaf!(self, n, Enum);
        match self.value(n)? {
            Value::Enum(i) => Ok(i),
            _ => Err(internal("expected a value of an enumeration", n.span)),
        }
    }

    fn set(&mut self, n: &Node) -> R<u128> {
        leaf!(self, n, Set);
        match self.value(n)? {
            Value::Set(s) => Ok(s),
            _ => Err(internal("expected a list", n.span)),
        }
    }
}

/// Order two values of one representation; `None` if they differ in kind.
pub(crate) fn compare(repr: Repr, x: &Value, y: &Value) -> Option<Ordering> {
    Some(match (repr, x, y) {
        (Repr::Dec, Value::Dec(a), Value::Dec(b)) => a.cmp(b),
        (Repr::Int, Value::Int(a), Value::Int(b)) => a.cmp(b),
        (Repr::Date, Value::Date(a), Value::Date(b)) => a.cmp(b),
        (Repr::Bool, Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        (Repr::Enum, Value::Enum(a), Value::Enum(b)) => a.cmp(b),
        (Repr::Set, Value::Set(a), Value::Set(b)) => a.cmp(b),
        (Repr::Text, Value::Text(a), Value::Text(b)) => a.cmp(b),
        _ => return None,
    })
}
