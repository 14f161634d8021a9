//! Compiled expressions: names resolved to slots, operators resolved to the
//! one operation their checked types call for. Evaluation never looks at a
//! name or decides between types.

use crate::syntax::Span;

use super::value::{EnumSet, Value};

/// A fact's slot: its index in [`Program::facts`](super::Program::facts).
pub type FactId = usize;
/// A definition's slot in [`Program::definitions`](super::Program::definitions).
pub type DefinitionId = usize;
/// An output's slot in [`Program::outputs`](super::Program::outputs).
pub type OutputId = usize;
/// A clause's index in [`Program::clauses`](super::Program::clauses).
pub type ClauseId = usize;

/// A checked expression: one operation, with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The operation, with its operands.
    pub op: Op,
    /// Where the expression was written, for run-time errors (overflow, a
    /// date out of range).
    pub span: Span,
    /// For a decimal, the places it carries (see `program::exact`): set
    /// once the whole program is checked, 0 until then and for the other
    /// representations.
    pub scale: u8,
}

type B = Box<Node>;

/// What a comparison compares; both sides have this representation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repr {
    /// An exact decimal: money, numbers, percentages.
    Dec,
    /// A whole number: counts and days.
    Int,
    /// A date.
    Date,
    /// A truth.
    Bool,
    /// A value of an enumeration.
    Enum,
    /// A set of values of an enumeration (a list).
    Set,
    /// A text.
    Text,
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// An operation, fixed by the checked types of its operands.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// A constant.
    Const(Value),
    /// A fact's value.
    Fact(FactId),
    /// A definition's value.
    Definition(DefinitionId),
    /// An output's value (computed outputs and conditions read them).
    Output(OutputId),

    // exact decimals (money, number, percent)
    /// `a + b`
    DecAdd(B, B),
    /// `a - b`
    DecSub(B, B),
    /// `a * b`
    DecMul(B, B),
    /// `a / b`
    DecDiv(B, B),
    /// `-a`
    DecNeg(B),
    /// `p% of x` = x * p / 100
    PercentOf(B, B),
    /// `a * b / c` with `b` and `c` whole numbers (days): one division, last.
    ProRata(B, B, B),
    /// Round with the policy's rounding rule.
    Round(B),

    // whole numbers (count, days)
    /// `a + b`
    IntAdd(B, B),
    /// `a - b`
    IntSub(B, B),
    /// `a * b`
    IntMul(B, B),
    /// `-a`
    IntNeg(B),
    /// A whole number used where a decimal is wanted.
    IntToDec(B),

    // dates
    /// `d + n days`
    DateAddDays(B, B),
    /// `d - n days`
    DateSubDays(B, B),
    /// `a - b` in days
    DateDiff(B, B),
    /// `d + n business days`, `n` written in the policy.
    DateAddBusinessDays(B, i64),
    /// `d + n months` (or years, as twelve months each).
    DateAddMonths(B, i64),
    /// `the next business day on or after d`
    NextBusinessDay(B),
    /// `x within n days of d`: d <= x <= d + n
    Within(B, B, B),

    /// `a < b` and the other comparisons, of two values of one representation.
    Compare(Cmp, Repr, B, B),
    /// The higher (`true`) or lower of two values of one representation.
    Extreme(bool, Repr, B, B),
    /// `a and b`
    And(B, B),
    /// `a or b`
    Or(B, B),
    /// `not a`
    Not(B),
    /// `if c then a else b`
    If(B, B, B),
    /// Whether an optional fact or output has a value.
    Present(B),
    /// An enumeration value is one of a set.
    InSet(B, EnumSet),
    /// An enumeration value is in a list value.
    Contains(B, B),
    /// The labels of the requirements the clause deciding this output did not
    /// meet.
    Unmet(OutputId),
}

impl Node {
    /// A node for `op`, written at `span`.
    pub fn new(op: Op, span: Span) -> Node {
        Node { op, span, scale: 0 }
    }
}

impl Op {
    /// What a typed operation computes: a decimal, a whole number, a date or
    /// a truth. `None` for the nodes whose value is whatever they read or
    /// choose (constants, slots, `if`, the higher or lower of two, `unmet`).
    pub fn computes(&self) -> Option<Repr> {
        Some(match self {
            Op::DecAdd(..)
            | Op::DecSub(..)
            | Op::DecMul(..)
            | Op::DecDiv(..)
            | Op::DecNeg(_)
            | Op::PercentOf(..)
            | Op::ProRata(..)
            | Op::Round(_)
            | Op::IntToDec(_) => Repr::Dec,
            Op::IntAdd(..) | Op::IntSub(..) | Op::IntMul(..) | Op::IntNeg(_) | Op::DateDiff(..) => {
                Repr::Int
            }
            Op::DateAddDays(..)
            | Op::DateSubDays(..)
            | Op::DateAddBusinessDays(..)
            | Op::DateAddMonths(..)
            | Op::NextBusinessDay(_) => Repr::Date,
            Op::Compare(..)
            | Op::And(..)
            | Op::Or(..)
            | Op::Not(_)
            | Op::Present(_)
            | Op::InSet(..)
            | Op::Contains(..)
            | Op::Within(..) => Repr::Bool,
            Op::Const(_)
            | Op::Fact(_)
            | Op::Definition(_)
            | Op::Output(_)
            | Op::If(..)
            | Op::Extreme(..)
            | Op::Unmet(_) => return None,
        })
    }
}

/// Call `f` on each direct child of `node`.
pub fn for_each_child<'n>(node: &'n Node, mut f: impl FnMut(&'n Node)) {
    match &node.op {
        Op::Const(_) | Op::Fact(_) | Op::Definition(_) | Op::Output(_) | Op::Unmet(_) => {}
        Op::DecNeg(a)
        | Op::Round(a)
        | Op::IntNeg(a)
        | Op::IntToDec(a)
        | Op::DateAddBusinessDays(a, _)
        | Op::DateAddMonths(a, _)
        | Op::NextBusinessDay(a)
        | Op::Not(a)
        | Op::Present(a)
        | Op::InSet(a, _) => f(a),
        Op::DecAdd(a, b)
        | Op::DecSub(a, b)
        | Op::DecMul(a, b)
        | Op::DecDiv(a, b)
        | Op::PercentOf(a, b)
        | Op::IntAdd(a, b)
        | Op::IntSub(a, b)
        | Op::IntMul(a, b)
        | Op::DateAddDays(a, b)
        | Op::DateSubDays(a, b)
        | Op::DateDiff(a, b)
        | Op::Compare(_, _, a, b)
        | Op::Extreme(_, _, a, b)
        | Op::And(a, b)
        | Op::Or(a, b)
        | Op::Contains(a, b) => {
            f(a);
            f(b);
        }
        Op::ProRata(a, b, c) | Op::Within(a, b, c) | Op::If(a, b, c) => {
            f(a);
            f(b);
            f(c);
        }
    }
}

/// Call `f` on each direct child of `node`, mutably.
pub fn for_each_child_mut(node: &mut Node, mut f: impl FnMut(&mut Node)) {
    match &mut node.op {
        Op::Const(_) | Op::Fact(_) | Op::Definition(_) | Op::Output(_) | Op::Unmet(_) => {}
        Op::DecNeg(a)
        | Op::Round(a)
        | Op::IntNeg(a)
        | Op::IntToDec(a)
        | Op::DateAddBusinessDays(a, _)
        | Op::DateAddMonths(a, _)
        | Op::NextBusinessDay(a)
        | Op::Not(a)
        | Op::Present(a)
        | Op::InSet(a, _) => f(a),
        Op::DecAdd(a, b)
        | Op::DecSub(a, b)
        | Op::DecMul(a, b)
        | Op::DecDiv(a, b)
        | Op::PercentOf(a, b)
        | Op::IntAdd(a, b)
        | Op::IntSub(a, b)
        | Op::IntMul(a, b)
        | Op::DateAddDays(a, b)
        | Op::DateSubDays(a, b)
        | Op::DateDiff(a, b)
        | Op::Compare(_, _, a, b)
        | Op::Extreme(_, _, a, b)
        | Op::And(a, b)
        | Op::Or(a, b)
        | Op::Contains(a, b) => {
            f(a);
            f(b);
        }
        Op::ProRata(a, b, c) | Op::Within(a, b, c) | Op::If(a, b, c) => {
            f(a);
            f(b);
            f(c);
        }
    }
}
