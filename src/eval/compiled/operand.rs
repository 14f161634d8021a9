//! Operands read in place. Most operands are a constant, a fact or a
//! definition; reading those through their own closure would cost an
//! indirect call each, so an operation reads them directly and calls code
//! only for a computed operand.

use std::cmp::Ordering;

use chrono::{Datelike as _, NaiveDate};
use rust_decimal::Decimal;

use super::combine::{fail, internal, out_of_range};
use super::Code;
use crate::eval::expr::Ctx;
use crate::program::{Node, Op, Value};
use crate::syntax::Span;

/// A representation an operand can have, and how to take it out of a slot.
/// Its `Default` is the stand-in a failing read returns.
pub(crate) trait Slot: Copy + Default + Send + Sync + 'static {
    /// What the checker promised, for the (unreachable) internal error.
    const WHAT: &'static str;
    fn from_value(value: &Value) -> Option<Self>;
    /// The check every read of this representation makes (dates: within the
    /// years a case can write).
    #[inline(always)]
    fn valid(self) -> bool {
        true
    }
    /// `self` if valid, else the error recorded and a stand-in.
    #[inline(always)]
    fn checked(self, cx: &mut Ctx<'_>, span: Span) -> Self {
        if self.valid() {
            self
        } else {
            fail(cx, out_of_range(span))
        }
    }
    /// The order of two values, as `Ord` has it.
    #[inline(always)]
    fn order(self, other: Self) -> Ordering
    where
        Self: Ord,
    {
        self.cmp(&other)
    }
}

impl Slot for Decimal {
    const WHAT: &'static str = "expected a decimal";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Dec(v) => Some(*v),
            _ => None,
        }
    }
    /// Exactly `Ord`'s answer, without the library's general comparison (a
    /// call, and a rescaling walk for two nonzero amounts) when both have
    /// one scale (two money facts): then the mantissas are in the same
    /// units. A negative zero has mantissa 0, so it equals zero, as in `Ord`.
    /// Other scales (`$0` against cents) go to the library, whose zero test
    /// comes first.
    #[inline(always)]
    fn order(self, other: Self) -> Ordering {
        if self.scale() == other.scale() {
            self.mantissa().cmp(&other.mantissa())
        } else {
            self.cmp(&other)
        }
    }
}

impl Slot for i64 {
    const WHAT: &'static str = "expected a whole number";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Int(v) => Some(*v),
            _ => None,
        }
    }
}

impl Slot for NaiveDate {
    const WHAT: &'static str = "expected a date";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Date(v) => Some(*v),
            _ => None,
        }
    }
    #[inline(always)]
    fn valid(self) -> bool {
        (0..=9999).contains(&self.year())
    }
}

impl Slot for bool {
    const WHAT: &'static str = "expected a condition";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Bool(v) => Some(*v),
            _ => None,
        }
    }
}

impl Slot for u32 {
    const WHAT: &'static str = "expected a value of an enumeration";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Enum(v) => Some(*v),
            _ => None,
        }
    }
}

impl Slot for u128 {
    const WHAT: &'static str = "expected a list";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Set(v) => Some(*v),
            _ => None,
        }
    }
}

pub(crate) enum Operand<T> {
    Const(T),
    Fact(usize, Span),
    Definition(usize, Span),
    Code(Code<T>),
}

impl<T: Slot> Operand<T> {
    /// `n` as an operand: a leaf in place, anything else through `compile`.
    pub fn of(n: &Node, compile: impl FnOnce(&Node) -> Code<T>) -> Operand<T> {
        match &n.op {
            Op::Const(v) => match T::from_value(v) {
                Some(k) if k.valid() => Operand::Const(k),
                _ => Operand::Code(compile(n)),
            },
            Op::Fact(id) => Operand::Fact(*id, n.span),
            Op::Definition(id) => Operand::Definition(*id, n.span),
            _ => Operand::Code(compile(n)),
        }
    }

    /// Fact `id`, which the checker promised is a `T`.
    #[inline(always)]
    pub fn fact(cx: &mut Ctx<'_>, id: usize, span: Span) -> T {
        match cx.facts.get(id).and_then(T::from_value) {
            Some(v) => v.checked(cx, span),
            None => fail(cx, internal(T::WHAT, span)),
        }
    }

    #[inline(always)]
    pub fn get(&self, cx: &mut Ctx<'_>) -> T {
        match self {
            Operand::Const(v) => *v,
            Operand::Fact(id, span) => Self::fact(cx, *id, *span),
            Operand::Definition(id, span) => {
                if let Some(v) = cx.definitions.get(*id) {
                    if let Some(v) = T::from_value(v) {
                        return v.checked(cx, *span);
                    }
                }
                first_read(cx, *id, *span)
            }
            Operand::Code(code) => code(cx),
        }
    }
}

/// Output `id` (`retained = paid - refund`), which the checker promised is
/// a `T`, read in its slot: through the generic value it was cloned out and
/// then unwrapped, two calls and a copy of a `Value`. The errors are the
/// same: a missing slot, then the wrong kind.
pub(crate) fn output<T: Slot>(id: usize, span: Span) -> Code<T> {
    Box::new(move |cx| match cx.outputs.get(id).map(T::from_value) {
        Some(Some(v)) => v,
        Some(None) => fail(cx, internal(T::WHAT, span)),
        None => fail(cx, internal("an output without a slot", span)),
    })
}

/// A definition read for the first time in a decision (or again, after an
/// error kept it out of the memo): computed, kept, and returned. Out of
/// line, so that every operation reading an operand stays small on the path
/// it takes almost always. The value is read in place, not cloned.
#[inline(never)]
fn first_read<T: Slot>(cx: &mut Ctx<'_>, id: usize, span: Span) -> T {
    match cx.read_definition(id, span, T::from_value) {
        Some(v) => v.checked(cx, span),
        None => fail(cx, internal(T::WHAT, span)),
    }
}
