//! The form decisions run on: every expression of the checked program turned,
//! once, into a tree of closures, each returning the one representation its
//! node yields (decimal, whole number, date, truth). Dispatch on the operation,
//! the type of each operand and the shape of each leaf (a fact slot, a
//! constant) is settled when the closure is built, not at every step of every
//! decision as a walk of [`Node`]s does.
//!
//! The node tree stays the source of truth: explanations, the analysis and
//! the REPL walk it, and the closures compute exactly what the walk in
//! `expr.rs` computes (the decision snapshots, the differential and property
//! tests check one against the other through the binary).

mod combine;
mod conditions;
mod context;
mod nodes;
mod operand;

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::expr::{Ctx, R};
use crate::program::{
    ClauseId, Effect, Node, Op, OutputId, OutputSource, Program, Repr, Rounding, Type, Value,
};
use crate::syntax::Span;

/// A compiled expression yielding a `T`. It returns the value itself, not a
/// `Result`, so that no node tests a tag and a decimal comes back as its 16
/// bytes, not a 24-byte result stored in pieces. An error is recorded in the
/// context (see [`Ctx::failed`]) and the closure returns a stand-in.
///
/// A decimal (four `u32`s) still comes back through memory: the Rust ABI
/// returns in registers only one or two scalars. Returning it as a `u128`
/// (a `bytemuck` cast) was tried: a few more instructions, no faster.
pub(crate) type Code<T> = Box<dyn Fn(&mut Ctx<'_>) -> T + Send + Sync>;

/// One clause, laid out for the decider: everything a decision needs is
/// here, so the decider never goes back to the program's clauses.
pub(crate) struct Clause {
    pub id: ClauseId,
    /// The word of the applicable set holding the clause, and its bit there.
    pub word: usize,
    pub bit: usize,
    pub when: Option<Code<bool>>,
    pub rules: Vec<Rule>,
    /// Whether any precedence can beat the clause: if not, the per-decision
    /// test against the applicable clauses is skipped.
    pub contested: bool,
    /// The clauses that beat this one, as the words of a bit set: the
    /// decider tests them against its own words, where `FixedBitSet` works
    /// out its slices' lengths on every test.
    pub beaten: Box<[usize]>,
}

/// One rule of a clause: its condition and what each branch does.
pub(crate) struct Rule {
    pub condition: Option<Code<bool>>,
    pub then: Effects,
    pub otherwise: Option<Effects>,
}

/// What one branch of a rule does to one output.
pub(crate) struct Effects {
    pub output: OutputId,
    pub does: Does,
}

pub(crate) enum Does {
    Set(Yields),
    Permit,
    Forbid,
}

/// The value an output or a definition is set to, in the representation its
/// expression computes. Each arm writes a `Value` straight into its slot:
/// computed as a generic `Value` it came back through memory (a 48-byte
/// result), stored in pieces and read back whole, a stalled store forward
/// on every output of every decision. Money outputs are rounded once, when
/// set, by the header's rule.
pub(crate) enum Yields {
    /// A constant (`refund $0`), rounded when built: written, not computed.
    Const(Value),
    /// An amount computed by arithmetic, which is always a decimal: it
    /// stays one until it is rounded.
    Money(Code<Decimal>, Rounding, Span),
    Dec(Code<Decimal>),
    Int(Code<i64>),
    Date(Code<NaiveDate>),
    Bool(Code<bool>),
    /// `unmet requirements of refund`, answered without a closure.
    Unmet(OutputId),
    /// A fact, definition or output read as it is (it may be missing), or
    /// any other value.
    Value(Code<Value>, Option<Rounding>, Span),
}

impl Yields {
    /// How an expression is computed, where `rounding` is the rule for the
    /// slot it fills (money outputs only).
    fn new(b: &nodes::Builder<'_>, node: &Node, rounding: Option<Rounding>) -> Yields {
        let computes = match &node.op {
            Op::Extreme(_, repr, ..) => Some(*repr),
            op => op.computes(),
        };
        match (&node.op, computes) {
            (Op::Const(v), _) => Yields::Const(match (v, rounding) {
                (Value::Dec(d), Some(rounding)) => Value::Dec(rounding.apply(*d)),
                _ => v.clone(),
            }),
            (Op::Unmet(output), _) => Yields::Unmet(*output),
            (_, Some(Repr::Dec)) => match rounding {
                Some(rounding) => {
                    Yields::Money(b.dec_to_round(node, rounding), rounding, node.span)
                }
                None => Yields::Dec(b.dec(node)),
            },
            (_, Some(Repr::Int)) => Yields::Int(b.int(node)),
            (_, Some(Repr::Date)) => Yields::Date(b.date(node)),
            (_, Some(Repr::Bool)) => Yields::Bool(b.bool(node)),
            _ => Yields::Value(b.value(node), rounding, node.span),
        }
    }

    /// Compute the value and put it in `place`. Each arm builds its
    /// `Value` where `place` stores it: computed as one generic `Value` and
    /// then stored, it went through the stack and a copy that cost more
    /// than this whole match.
    ///
    /// An error recorded while computing it, or before (see [`Ctx::failed`]),
    /// is returned instead, taken out of the context, and nothing is put:
    /// nothing computed from a failing closure's stand-in is stored.
    #[inline(always)]
    pub fn store(&self, cx: &mut Ctx<'_>, place: impl Place) -> R<()> {
        match self {
            Yields::Const(v) => place.put(cx, v.clone()),
            Yields::Money(code, rounding, span) => {
                let amount = rounding
                    .round(cx.run(code)?)
                    .ok_or_else(|| combine::overflow(*span))?;
                place.put(cx, Value::Dec(amount))
            }
            Yields::Dec(code) => {
                let amount = cx.run(code)?;
                place.put(cx, Value::Dec(amount))
            }
            Yields::Int(code) => {
                let n = cx.run(code)?;
                place.put(cx, Value::Int(n))
            }
            Yields::Date(code) => {
                let day = cx.run(code)?;
                place.put(cx, Value::Date(day))
            }
            Yields::Bool(code) => {
                let truth = cx.run(code)?;
                place.put(cx, Value::Bool(truth))
            }
            Yields::Unmet(output) => {
                let labels = cx.unmet(*output);
                cx.failed()?;
                place.put(cx, Value::Set(labels))
            }
            Yields::Value(code, rounding, span) => {
                let mut value = cx.run(code)?;
                if let (Value::Dec(d), Some(rounding)) = (&mut value, rounding) {
                    *d = rounding.round(*d).ok_or_else(|| combine::overflow(*span))?;
                }
                place.put(cx, value)
            }
        }
        Ok(())
    }

    /// Compute the value and put it in `output`'s slot.
    #[inline(always)]
    pub fn set(&self, cx: &mut Ctx<'_>, output: OutputId) -> R<()> {
        self.store(cx, OutputSlot(output))
    }
}

/// Where [`Yields::store`] puts a value. A trait whose one method is always
/// inlined, where a closure was called out of line from each of `store`'s
/// arms, the value passed through the stack.
pub(crate) trait Place {
    fn put(self, cx: &mut Ctx<'_>, value: Value);
}

/// An output's slot in the decision.
pub(crate) struct OutputSlot(pub OutputId);

impl Place for OutputSlot {
    #[inline(always)]
    fn put(self, cx: &mut Ctx<'_>, value: Value) {
        if let Some(slot) = cx.outputs.get_mut(self.0) {
            *slot = value;
        }
    }
}

/// A definition's slot in the decision's memo.
pub(crate) struct DefinitionSlot(pub usize);

impl Place for DefinitionSlot {
    #[inline(always)]
    fn put(self, cx: &mut Ctx<'_>, value: Value) {
        cx.definitions.set(self.0, value);
    }
}

/// The whole program, compiled: one entry per assumption, definition, clause
/// and output, indexed as in [`Program`].
pub(crate) struct Compiled {
    pub assumptions: Vec<Code<bool>>,
    pub definitions: Vec<Yields>,
    /// In the order the decider visits them, precedence's (see
    /// [`Program::clause_order`]), not by id.
    pub clauses: Vec<Clause>,
    /// Each clause's requirements: (label, condition).
    pub requirements: Vec<Vec<(u32, Code<bool>)>>,
    /// The computed outputs in the order they must run, each with its
    /// expression and rounding.
    pub computed: Vec<(OutputId, Yields)>,
    /// Decided outputs that are permissions (forbid beats permit).
    pub permissions: Vec<OutputId>,
    /// Decided outputs a decision must set: a case that leaves one unset is
    /// a gap.
    pub required: Vec<OutputId>,
    /// Whether precedence visits the clauses in file order, so that the
    /// rules fire in the order their effects apply and need no sorting.
    pub in_file_order: bool,
}

impl fmt::Debug for Compiled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Compiled")
            .field("assumptions", &self.assumptions.len())
            .field("definitions", &self.definitions.len())
            .field("clauses", &self.clauses.len())
            .finish_non_exhaustive()
    }
}

impl Compiled {
    pub fn build(program: &Program) -> Compiled {
        let b = nodes::Builder::new(program);
        let effects = |e: &Effect| Effects {
            output: e.output(),
            does: match e {
                Effect::Set(output, node) => {
                    Does::Set(Yields::new(&b, node, money_rounding(program, *output)))
                }
                Effect::Permit(_) => Does::Permit,
                Effect::Forbid(_) => Does::Forbid,
            },
        };
        let decided = |want_permission: bool| {
            program
                .outputs
                .iter()
                .enumerate()
                .filter(|(_, o)| matches!(o.source, OutputSource::Decided))
                .filter(move |(_, o)| (o.ty == Type::Permission) == want_permission)
        };
        Compiled {
            assumptions: program
                .assumptions
                .iter()
                .map(|a| b.bool(&a.condition))
                .collect(),
            definitions: program
                .definitions
                .iter()
                .map(|d| Yields::new(&b, &d.value, None))
                .collect(),
            clauses: program
                .clause_order
                .iter()
                .filter_map(|&id| Some((id, program.clauses.get(id)?, program.beaten_by.get(id)?)))
                .map(|(id, c, beaten)| Clause {
                    id,
                    word: id / usize::BITS as usize,
                    bit: 1 << (id % usize::BITS as usize),
                    when: c.when.as_ref().map(|w| b.bool(&w.node)),
                    rules: c
                        .rules
                        .iter()
                        .map(|r| Rule {
                            condition: r.condition.as_ref().map(|c| b.bool(&c.node)),
                            then: effects(&r.then),
                            otherwise: r.otherwise.as_ref().map(effects),
                        })
                        .collect(),
                    contested: beaten.count_ones(..) > 0,
                    beaten: beaten.as_slice().into(),
                })
                .collect(),
            requirements: program
                .clauses
                .iter()
                .map(|c| {
                    c.requirements
                        .iter()
                        .map(|r| (r.label, b.bool(&r.condition.node)))
                        .collect()
                })
                .collect(),
            computed: program
                .computed_order
                .iter()
                .filter_map(|&id| match &program.outputs.get(id)?.source {
                    OutputSource::Computed(node) => {
                        Some((id, Yields::new(&b, node, money_rounding(program, id))))
                    }
                    OutputSource::Decided => None,
                })
                .collect(),
            permissions: decided(true).map(|(id, _)| id).collect(),
            required: decided(false)
                .filter(|(_, o)| !o.optional)
                .map(|(id, _)| id)
                .collect(),
            // A permutation of the clauses: sorted is the file's order.
            in_file_order: program.clause_order.is_sorted(),
        }
    }
}

/// The header's rounding rule when `output` is money: amounts are rounded
/// when set.
fn money_rounding(program: &Program, output: OutputId) -> Option<Rounding> {
    match program.outputs.get(output) {
        Some(o) if o.ty == Type::Money => program.rounding,
        _ => None,
    }
}

#[cfg(test)]
mod tests;
