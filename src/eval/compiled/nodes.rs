//! Compiling one expression into closures, one builder per representation.
//! Each arm computes exactly what the same arm of `expr.rs` computes, in the
//! same order, with the same errors at the same spans.

use std::cell::Cell;

use chrono::{NaiveDate, TimeDelta};
use rust_decimal::Decimal;

use super::combine::{
    binary, choose, code, division_by_zero, extreme, fail, internal, leaf, out_of_range, overflow,
    pair, unwrap,
};
use super::operand::{Operand, Slot};
use super::Code;
use crate::eval::EvalError;
use crate::program::exact::{self, fits};
use crate::program::{
    calendar::{days_between, DateError},
    for_each_child, Effect, Node, Op, OutputSource, Program, Repr, Rounding, Value,
};

pub(crate) struct Builder<'p> {
    pub program: &'p Program,
    /// How many places read each definition. One read in the whole
    /// program means one computation per decision at most, so its code is
    /// compiled in place of the read and skips the memo.
    uses: Vec<u32>,
    /// Definitions being compiled in place, one inside the other.
    inlining: Cell<u32>,
}

/// Definitions compiled in place one inside the other, at most: each one
/// deepens the builder's recursion by its whole expression.
const MAX_INLINED: u32 = 4;

impl<'p> Builder<'p> {
    pub fn new(program: &'p Program) -> Builder<'p> {
        Builder {
            program,
            uses: reads_of_definitions(program),
            inlining: Cell::new(0),
        }
    }

    /// When `n` reads a definition read nowhere else, `compile` applied to
    /// the definition's expression.
    pub(super) fn inlined<R>(&self, n: &Node, compile: impl FnOnce(&Node) -> R) -> Option<R> {
        let Op::Definition(id) = n.op else {
            return None;
        };
        let depth = self.inlining.get();
        if self.uses.get(id) != Some(&1) || depth >= MAX_INLINED {
            return None;
        }
        let body = &self.program.definitions.get(id)?.value;
        self.inlining.set(depth + 1);
        let code = compile(body);
        self.inlining.set(depth);
        Some(code)
    }

    /// `n` as an operand: a definition read only here compiled in place, a
    /// leaf read in place, anything else through `compile`.
    pub(super) fn operand<T: Slot>(
        &self,
        n: &Node,
        compile: &dyn Fn(&Node) -> Code<T>,
    ) -> Operand<T> {
        self.inlined(n, |body| self.operand(body, compile))
            .unwrap_or_else(|| Operand::of(n, compile))
    }
}

/// For each definition, the number of nodes of the program that read it.
pub(super) fn reads_of_definitions(program: &Program) -> Vec<u32> {
    let mut uses = vec![0u32; program.definitions.len()];
    let mut pending: Vec<&Node> = Vec::new();
    pending.extend(program.assumptions.iter().map(|a| &a.condition));
    pending.extend(program.definitions.iter().map(|d| &d.value));
    for clause in &program.clauses {
        pending.extend(clause.when.iter().map(|w| &w.node));
        pending.extend(clause.requirements.iter().map(|r| &r.condition.node));
        for rule in &clause.rules {
            pending.extend(rule.condition.iter().map(|c| &c.node));
            for effect in std::iter::once(&rule.then).chain(&rule.otherwise) {
                if let Effect::Set(_, node) = effect {
                    pending.push(node);
                }
            }
        }
    }
    for output in &program.outputs {
        if let OutputSource::Computed(node) = &output.source {
            pending.push(node);
        }
    }
    while let Some(node) = pending.pop() {
        if let Op::Definition(id) = node.op {
            if let Some(count) = uses.get_mut(id) {
                *count = count.saturating_add(1);
            }
        }
        for_each_child(node, |child| pending.push(child));
    }
    uses
}

impl Builder<'_> {
    pub fn dec_operand(&self, n: &Node) -> Operand<Decimal> {
        self.operand(n, &|n| self.dec(n))
    }

    pub fn int_operand(&self, n: &Node) -> Operand<i64> {
        self.operand(n, &|n| self.int(n))
    }

    pub fn date_operand(&self, n: &Node) -> Operand<NaiveDate> {
        self.operand(n, &|n| self.date(n))
    }

    pub fn dec(&self, n: &Node) -> Code<Decimal> {
        if let Some(code) = self.inlined(n, |body| self.dec(body)) {
            return code;
        }
        if let Some(leaf) = leaf(n) {
            return leaf;
        }
        let (span, places) = (n.span, u32::from(n.scale));
        match &n.op {
            Op::DecAdd(a, b) => binary(
                self.dec_operand(a),
                self.dec_operand(b),
                span,
                move |x, y| x.checked_add(y).filter(|r| fits(*r, places)),
            ),
            Op::DecSub(a, b) => binary(
                self.dec_operand(a),
                self.dec_operand(b),
                span,
                move |x, y| x.checked_sub(y).filter(|r| fits(*r, places)),
            ),
            Op::DecMul(a, b) => binary(
                self.dec_operand(a),
                self.dec_operand(b),
                span,
                move |x, y| x.checked_mul(y).filter(|r| fits(*r, places)),
            ),
            Op::DecDiv(..) => self.divide(n, None),
            Op::DecNeg(a) => {
                let a = self.dec_operand(a);
                code(move |cx| -a.get(cx))
            }
            Op::PercentOf(p, x) => binary(
                self.dec_operand(p),
                self.dec_operand(x),
                span,
                move |p, x| {
                    x.checked_mul(p)
                        .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
                        .filter(|r| fits(*r, places))
                },
            ),
            Op::ProRata(a, b, c) => self.pro_rata(n, (a, b, c), None),
            Op::Round(a) => match self.program.rounding {
                Some(rounding) => {
                    let a = self.dec_to_round(a, rounding);
                    code(move |cx| {
                        let v = a(cx);
                        match rounding.round(v) {
                            Some(r) => r,
                            None => fail(cx, overflow(span)),
                        }
                    })
                }
                None => code(move |cx| fail(cx, internal("rounding without a rule", span))),
            },
            Op::IntToDec(a) => {
                let a = self.int_operand(a);
                code(move |cx| Decimal::from(a.get(cx)))
            }
            Op::If(c, a, b) => choose(self.bool(c), self.dec(a), self.dec(b)),
            Op::Extreme(higher, Repr::Dec, a, b) => {
                extreme(*higher, self.dec_operand(a), self.dec_operand(b))
            }
            Op::Output(id) => super::operand::output(*id, span),
            _ => unwrap(self.value(n), "expected a decimal", span, |v| match v {
                Value::Dec(d) => Some(d),
                _ => None,
            }),
        }
    }

    pub fn int(&self, n: &Node) -> Code<i64> {
        if let Some(code) = self.inlined(n, |body| self.int(body)) {
            return code;
        }
        if let Some(leaf) = leaf(n) {
            return leaf;
        }
        let span = n.span;
        match &n.op {
            Op::IntAdd(a, b) => binary(
                self.int_operand(a),
                self.int_operand(b),
                span,
                i64::checked_add,
            ),
            Op::IntSub(a, b) => binary(
                self.int_operand(a),
                self.int_operand(b),
                span,
                i64::checked_sub,
            ),
            Op::IntMul(a, b) => binary(
                self.int_operand(a),
                self.int_operand(b),
                span,
                i64::checked_mul,
            ),
            Op::IntNeg(a) => {
                let a = self.int_operand(a);
                code(move |cx| match a.get(cx).checked_neg() {
                    Some(v) => v,
                    None => fail(cx, overflow(span)),
                })
            }
            Op::DateDiff(a, b) => pair(self.date_operand(a), self.date_operand(b), |x, y| {
                Ok(days_between(x, y))
            }),
            Op::If(c, a, b) => choose(self.bool(c), self.int(a), self.int(b)),
            Op::Extreme(higher, Repr::Int, a, b) => {
                extreme(*higher, self.int_operand(a), self.int_operand(b))
            }
            _ => unwrap(
                self.value(n),
                "expected a whole number",
                span,
                |v| match v {
                    Value::Int(i) => Some(i),
                    _ => None,
                },
            ),
        }
    }

    /// Every date is checked to lie in the years a case can write, as the
    /// walk in `expr.rs` does.
    pub fn date(&self, n: &Node) -> Code<NaiveDate> {
        if let Some(code) = self.inlined(n, |body| self.date(body)) {
            return code;
        }
        if let Some(leaf) = leaf(n) {
            return leaf;
        }
        let span = n.span;
        match &n.op {
            Op::DateAddDays(d, k) | Op::DateSubDays(d, k) => {
                let (d, k) = (self.date_operand(d), self.int_operand(k));
                let subtract = matches!(n.op, Op::DateSubDays(..));
                code(move |cx| {
                    let (day, days) = (d.get(cx), k.get(cx));
                    let days = if subtract {
                        days.checked_neg()
                    } else {
                        Some(days)
                    };
                    match days
                        .and_then(TimeDelta::try_days)
                        .and_then(|delta| day.checked_add_signed(delta))
                    {
                        Some(moved) => moved,
                        None => fail(cx, out_of_range(span)),
                    }
                })
            }
            Op::DateAddBusinessDays(d, k) => {
                let (d, k) = (self.date_operand(d), *k);
                code(move |cx| {
                    let day = d.get(cx);
                    match cx.program.calendar.add_business_days(day, k) {
                        Some(moved) => moved,
                        None => fail(cx, out_of_range(span)),
                    }
                })
            }
            Op::DateAddMonths(d, k) => {
                let (d, k) = (self.date_operand(d), *k);
                code(move |cx| {
                    let day = d.get(cx);
                    match cx.program.calendar.add_months(day, k) {
                        Ok(moved) => moved,
                        Err(e) => fail(cx, no_month_day(e, span)),
                    }
                })
            }
            Op::NextBusinessDay(d) => {
                let d = self.date_operand(d);
                code(move |cx| {
                    let day = d.get(cx);
                    match cx.program.calendar.next_business_day_on_or_after(day) {
                        Some(moved) => moved,
                        None => fail(cx, out_of_range(span)),
                    }
                })
            }
            Op::If(c, a, b) => choose(self.bool(c), self.date(a), self.date(b)),
            Op::Extreme(higher, Repr::Date, a, b) => {
                extreme(*higher, self.date_operand(a), self.date_operand(b))
            }
            _ => unwrap(self.value(n), "expected a date", span, |v| match v {
                Value::Date(d) => Some(d),
                _ => None,
            }),
        }
    }
}

impl Builder<'_> {
    /// `n`, about to be rounded by `rounding`. A quotient (a pro-rata
    /// share, `a / b`) is rounded exactly as it is computed; rounding it
    /// again leaves it as it is (it is in `rounding`'s places already).
    pub fn dec_to_round(&self, n: &Node, rounding: Rounding) -> Code<Decimal> {
        match &n.op {
            Op::ProRata(a, b, c) => self.pro_rata(n, (a, b, c), Some(rounding)),
            Op::DecDiv(..) => self.divide(n, Some(rounding)),
            _ => self.dec(n),
        }
    }

    /// `n`, the pro-rata share `amount * part / whole` of its three
    /// operands, exact and rounded once: by `rounding`, or half to even at
    /// the places a quotient carries.
    fn pro_rata(
        &self,
        n: &Node,
        (a, b, c): (&Node, &Node, &Node),
        rounding: Option<Rounding>,
    ) -> Code<Decimal> {
        let (a, part, whole, at, span) = (
            self.dec_operand(a),
            self.int_operand(b),
            self.int_operand(c),
            c.span,
            n.span,
        );
        let (places, mode) = exact::places_and_mode(rounding);
        code(move |cx| {
            let (x, part, whole) = (a.get(cx), part.get(cx), whole.get(cx));
            if whole == 0 {
                return fail(cx, division_by_zero(at));
            }
            match exact::share(x, part, whole, places, mode) {
                Some(v) => v,
                None => fail(cx, overflow(span)),
            }
        })
    }

    /// `n`, the quotient `a / b`, exact and rounded once as a share is.
    fn divide(&self, n: &Node, rounding: Option<Rounding>) -> Code<Decimal> {
        let span = n.span;
        let Op::DecDiv(a, b) = &n.op else {
            return code(move |cx| fail(cx, internal("expected a division", span)));
        };
        let at = b.span;
        let (places, mode) = exact::places_and_mode(rounding);
        pair(self.dec_operand(a), self.dec_operand(b), move |x, y| {
            if y.is_zero() {
                return Err(division_by_zero(at));
            }
            exact::quotient(x, y, places, mode).ok_or_else(|| overflow(span))
        })
    }
}

/// The error adding months raised, at the node that added them.
#[cold]
#[inline(never)]
fn no_month_day(error: DateError, span: crate::syntax::Span) -> Box<EvalError> {
    match error {
        DateError::OutOfRange => out_of_range(span),
        DateError::NoSuchDay { year, month, day } => Box::new(EvalError::NoSuchDay {
            year,
            month,
            day,
            span: span.into(),
        }),
    }
}
