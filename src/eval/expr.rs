//! Evaluating compiled expressions. Each function returns one representation
//! (decimal, whole number, date, truth), so arithmetic never builds a
//! [`Value`]; the checker guarantees which one every node yields. The
//! conditions are in `condition.rs`.

use std::cmp::Ordering;

use chrono::{NaiveDate, TimeDelta};
use rust_decimal::Decimal;

use super::compiled::Compiled;
use super::condition::compare;
use super::error::EvalError;
use super::memo::Memo;
use super::Decision;
use crate::program::exact::{self, fits};
use crate::program::{
    calendar::days_between, calendar::DateError, ClauseId, Node, Op, Program, Repr, Rounding, Value,
};
use crate::syntax::Span;

/// Errors are rare and large; boxed, a result fits in two registers, which
/// keeps every step of the walk cheap.
pub(crate) type R<T> = Result<T, Box<EvalError>>;

/// One case being decided: the facts, the definitions computed so far, and
/// the outputs decided so far.
///
/// Compiled code does not return its errors: a `Result` returned by each
/// closure goes through memory and is tested at every node. A failing
/// closure records its error in `failure` and returns a stand-in (zero,
/// false, `Missing`); whoever runs compiled code checks `failure` with
/// [`Ctx::failed`] before using what it returned. The walk below stays
/// `Result`-based and checks wherever it runs compiled code (definitions,
/// requirements), so `failure` is empty whenever the walk runs.
pub(crate) struct Ctx<'a> {
    pub program: &'a Program,
    /// The program compiled, for definitions and the decider.
    pub code: &'a Compiled,
    pub facts: &'a [Value],
    pub definitions: Memo,
    /// The decision's outputs and the clause deciding each, borrowed from
    /// it: a decider fills them in place, with nothing moved in and out.
    pub outputs: &'a mut [Value],
    pub decided_by: &'a mut [Option<ClauseId>],
    /// The first error compiled code raised since the last check: the one a
    /// `Result`-returning evaluation would have stopped at. What ran after
    /// it computed with stand-ins and is never used.
    pub failure: Option<Box<EvalError>>,
}

pub(super) fn internal(what: &'static str, span: Span) -> Box<EvalError> {
    Box::new(EvalError::Internal {
        what,
        span: span.into(),
    })
}

fn overflow(node: &Node) -> Box<EvalError> {
    Box::new(EvalError::Overflow {
        span: node.span.into(),
    })
}

/// Read a constant, a fact or an already computed definition of the given
/// representation without cloning a [`Value`]: the leaves of almost every
/// expression, so this is where evaluation spends its time.
macro_rules! leaf {
    ($self:ident, $n:ident, $variant:ident) => {
        match &$n.op {
            Op::Const(Value::$variant(v)) => return Ok(*v),
            Op::Fact(id) => {
                if let Some(Value::$variant(v)) = $self.facts.get(*id) {
                    return Ok(*v);
                }
            }
            Op::Definition(id) => {
                if let Some(Value::$variant(v)) = $self.definitions.get(*id) {
                    return Ok(*v);
                }
            }
            _ => {}
        }
    };
}
pub(super) use leaf;

/// A decision's outputs and deciding clauses, owned, for what evaluates
/// against a decision without deciding it (explanations,
/// [`Prepared::evaluate`], tests): a [`Ctx`] borrows them.
///
/// [`Prepared::evaluate`]: super::Prepared::evaluate
pub(crate) struct Slots {
    pub outputs: Vec<Value>,
    pub decided_by: Vec<Option<ClauseId>>,
}

impl Slots {
    /// `decision`'s, copied; with none, every output unset.
    pub fn of(program: &Program, decision: Option<&Decision>) -> Slots {
        match decision {
            Some(d) => Slots {
                outputs: d.outputs.clone(),
                decided_by: d.decided_by.clone(),
            },
            None => Slots {
                outputs: vec![Value::Missing; program.outputs.len()],
                decided_by: vec![None; program.outputs.len()],
            },
        }
    }

    /// A context reading these slots, with an empty memo.
    pub fn ctx<'a>(
        &'a mut self,
        program: &'a Program,
        code: &'a Compiled,
        facts: &'a [Value],
    ) -> Ctx<'a> {
        Ctx::new(
            program,
            code,
            facts,
            Memo::default(),
            &mut self.outputs,
            &mut self.decided_by,
        )
    }
}

impl<'a> Ctx<'a> {
    /// A context deciding into `outputs` and `decided_by`, whose definition
    /// memo is `memo`, emptied (its slots are reused).
    #[inline(always)]
    pub fn new(
        program: &'a Program,
        code: &'a Compiled,
        facts: &'a [Value],
        memo: Memo,
        outputs: &'a mut [Value],
        decided_by: &'a mut [Option<ClauseId>],
    ) -> Ctx<'a> {
        Ctx {
            program,
            code,
            facts,
            definitions: memo.emptied(program.definitions.len()),
            outputs,
            decided_by,
            failure: None,
        }
    }

    pub fn value(&mut self, n: &Node) -> R<Value> {
        Ok(match &n.op {
            Op::Const(v) => v.clone(),
            Op::Fact(id) => self
                .facts
                .get(*id)
                .cloned()
                .ok_or_else(|| internal("a fact without a slot", n.span))?,
            Op::Definition(id) => self.definition(*id, n.span)?,
            Op::Output(id) => self
                .outputs
                .get(*id)
                .cloned()
                .ok_or_else(|| internal("an output without a slot", n.span))?,
            Op::If(c, a, b) => {
                if self.bool(c)? {
                    self.value(a)?
                } else {
                    self.value(b)?
                }
            }
            Op::Extreme(higher, repr, a, b) => {
                let (x, y) = (self.value(a)?, self.value(b)?);
                let order = compare(*repr, &x, &y)
                    .ok_or_else(|| internal("values of different kinds", n.span))?;
                if (order == Ordering::Less) == *higher {
                    y
                } else {
                    x
                }
            }
            Op::Unmet(output) => {
                let unmet = self.unmet(*output);
                self.failed()?;
                Value::Set(unmet)
            }
            op => match op.computes() {
                Some(Repr::Dec) => Value::Dec(self.dec(n)?),
                Some(Repr::Int) => Value::Int(self.int(n)?),
                Some(Repr::Date) => Value::Date(self.date(n)?),
                Some(Repr::Bool) => Value::Bool(self.bool(n)?),
                _ => return Err(internal("a node of no known kind", n.span)),
            },
        })
    }

    pub(crate) fn definition(&mut self, id: usize, span: Span) -> R<Value> {
        let value = self.read_definition(id, span, Value::clone);
        self.failed()?;
        Ok(value)
    }

    pub fn dec(&mut self, n: &Node) -> R<Decimal> {
        leaf!(self, n, Dec);
        let places = u32::from(n.scale);
        let fit = |r: Option<Decimal>| r.filter(|r| fits(*r, places)).ok_or_else(|| overflow(n));
        match &n.op {
            Op::DecAdd(a, b) => fit(self.dec(a)?.checked_add(self.dec(b)?)),
            Op::DecSub(a, b) => fit(self.dec(a)?.checked_sub(self.dec(b)?)),
            Op::DecMul(a, b) => fit(self.dec(a)?.checked_mul(self.dec(b)?)),
            Op::DecDiv(..) | Op::ProRata(..) => self.quotient(n, None),
            Op::DecNeg(a) => Ok(-self.dec(a)?),
            Op::PercentOf(p, x) => {
                let (p, x) = (self.dec(p)?, self.dec(x)?);
                fit(x
                    .checked_mul(p)
                    .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED)))
            }
            Op::Round(a) => {
                let rounding = self
                    .program
                    .rounding
                    .ok_or_else(|| internal("rounding without a rule", n.span))?;
                let value = match &a.op {
                    Op::DecDiv(..) | Op::ProRata(..) => self.quotient(a, Some(rounding))?,
                    _ => self.dec(a)?,
                };
                rounding.round(value).ok_or_else(|| overflow(n))
            }
            Op::IntToDec(a) => Ok(Decimal::from(self.int(a)?)),
            _ => match self.value(n)? {
                Value::Dec(d) => Ok(d),
                _ => Err(internal("expected a decimal", n.span)),
            },
        }
    }

    /// A quotient (`a / b`, or the share `amount * part / whole`), exact
    /// and rounded once: by `rounding`, or half to even at the places an
    /// unrounded quotient carries (see `program::exact`).
    fn quotient(&mut self, n: &Node, rounding: Option<Rounding>) -> R<Decimal> {
        let (places, mode) = exact::places_and_mode(rounding);
        let by_zero = |at: &Node| {
            Box::new(EvalError::DivisionByZero {
                span: at.span.into(),
            })
        };
        match &n.op {
            Op::DecDiv(a, b) => {
                let (x, y) = (self.dec(a)?, self.dec(b)?);
                if y.is_zero() {
                    return Err(by_zero(b));
                }
                exact::quotient(x, y, places, mode).ok_or_else(|| overflow(n))
            }
            Op::ProRata(a, b, c) => {
                let (x, part, whole) = (self.dec(a)?, self.int(b)?, self.int(c)?);
                if whole == 0 {
                    return Err(by_zero(c));
                }
                exact::share(x, part, whole, places, mode).ok_or_else(|| overflow(n))
            }
            _ => Err(internal("expected a quotient", n.span)),
        }
    }

    pub fn int(&mut self, n: &Node) -> R<i64> {
        leaf!(self, n, Int);
        match &n.op {
            Op::IntAdd(a, b) => self
                .int(a)?
                .checked_add(self.int(b)?)
                .ok_or_else(|| overflow(n)),
            Op::IntSub(a, b) => self
                .int(a)?
                .checked_sub(self.int(b)?)
                .ok_or_else(|| overflow(n)),
            Op::IntMul(a, b) => self
                .int(a)?
                .checked_mul(self.int(b)?)
                .ok_or_else(|| overflow(n)),
            Op::IntNeg(a) => self.int(a)?.checked_neg().ok_or_else(|| overflow(n)),
            Op::DateDiff(a, b) => Ok(days_between(self.date(a)?, self.date(b)?)),
            _ => match self.value(n)? {
                Value::Int(i) => Ok(i),
                _ => Err(internal("expected a whole number", n.span)),
            },
        }
    }

    /// A date. Computed dates may run past the years a case can write
    /// (0 to 9999), as far as chrono's calendar goes: a request dated
    /// 9999-12-31 still gets its answer five business days on.
    pub fn date(&mut self, n: &Node) -> R<NaiveDate> {
        self.date_any(n)
    }

    fn date_any(&mut self, n: &Node) -> R<NaiveDate> {
        leaf!(self, n, Date);
        let out_of_range = || {
            Box::new(EvalError::DateOutOfRange {
                span: n.span.into(),
            })
        };
        let calendar = &self.program.calendar;
        match &n.op {
            Op::DateAddDays(d, k) | Op::DateSubDays(d, k) => {
                let (day, mut days) = (self.date(d)?, self.int(k)?);
                if matches!(n.op, Op::DateSubDays(..)) {
                    days = days.checked_neg().ok_or_else(out_of_range)?;
                }
                TimeDelta::try_days(days)
                    .and_then(|delta| day.checked_add_signed(delta))
                    .ok_or_else(out_of_range)
            }
            Op::DateAddBusinessDays(d, k) => {
                let day = self.date(d)?;
                self.program
                    .calendar
                    .add_business_days(day, *k)
                    .ok_or_else(out_of_range)
            }
            Op::DateAddMonths(d, k) => {
                let day = self.date(d)?;
                calendar.add_months(day, *k).map_err(|e| match e {
                    DateError::OutOfRange => out_of_range(),
                    DateError::NoSuchDay { year, month, day } => Box::new(EvalError::NoSuchDay {
                        year,
                        month,
                        day,
                        span: n.span.into(),
                    }),
                })
            }
            Op::NextBusinessDay(d) => {
                let day = self.date(d)?;
                self.program
                    .calendar
                    .next_business_day_on_or_after(day)
                    .ok_or_else(out_of_range)
            }
            _ => match self.value(n)? {
                Value::Date(d) => Ok(d),
                _ => Err(internal("expected a date", n.span)),
            },
        }
    }
}
