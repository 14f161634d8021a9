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
mod nodes;
mod operand;

use std::fmt;

use rust_decimal::Decimal;

use super::expr::{Ctx, R};
use crate::program::{
    Effect, Node, Op, OutputId, OutputSource, Program, Repr, Rounding, Type, Value,
};

/// A compiled expression yielding a `T`.
pub(crate) type Code<T> = Box<dyn Fn(&mut Ctx<'_>) -> R<T> + Send + Sync>;

/// One clause, laid out for the decider: everything a decision needs is
/// here, so the decider never goes back to the program's clauses.
pub(crate) struct Clause {
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

/// The value an output is set to. Money outputs are rounded once, when
/// set, by the header's rule.
pub(crate) enum Yields {
    Value(Code<Value>, Option<Rounding>),
    /// An amount computed by arithmetic, which is always a decimal: it
    /// stays one until it is rounded.
    Money(Code<Decimal>, Rounding),
}

impl Yields {
    fn new(b: &nodes::Builder<'_>, program: &Program, output: OutputId, node: &Node) -> Yields {
        let rounding = match program.outputs.get(output) {
            Some(o) if o.ty == Type::Money => program.rounding,
            _ => None,
        };
        let arithmetic = matches!(
            (&node.op, node.op.computes()),
            (_, Some(Repr::Dec)) | (Op::Extreme(_, Repr::Dec, ..), _)
        );
        match rounding {
            Some(rounding) if arithmetic => Yields::Money(b.dec(node), rounding),
            _ => Yields::Value(b.value(node), rounding),
        }
    }

    /// Compute the value and put it in `output`'s slot. An amount is
    /// written straight into the slot: returned as a `Value` it went through
    /// two copies on the stack, stored in pieces and read back whole (a
    /// stalled store forward).
    #[inline(always)]
    pub fn set(&self, cx: &mut Ctx<'_>, output: OutputId) -> R<()> {
        match self {
            Yields::Money(code, rounding) => {
                let amount = rounding.apply(code(cx)?);
                if let Some(slot) = cx.outputs.get_mut(output) {
                    *slot = Value::Dec(amount);
                }
            }
            Yields::Value(code, rounding) => {
                let mut value = code(cx)?;
                if let (Value::Dec(d), Some(rounding)) = (&mut value, rounding) {
                    *d = rounding.apply(*d);
                }
                if let Some(slot) = cx.outputs.get_mut(output) {
                    *slot = value;
                }
            }
        }
        Ok(())
    }
}

/// The whole program, compiled: one entry per assumption, definition, clause
/// and output, indexed as in [`Program`].
pub(crate) struct Compiled {
    pub assumptions: Vec<Code<bool>>,
    pub definitions: Vec<Code<Value>>,
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
                Effect::Set(output, node) => Does::Set(Yields::new(&b, program, *output, node)),
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
                .map(|d| b.value(&d.value))
                .collect(),
            clauses: program
                .clauses
                .iter()
                .zip(&program.beaten_by)
                .map(|(c, beaten)| Clause {
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
                    OutputSource::Computed(node) => Some((id, Yields::new(&b, program, id, node))),
                    OutputSource::Decided => None,
                })
                .collect(),
            permissions: decided(true).map(|(id, _)| id).collect(),
            required: decided(false)
                .filter(|(_, o)| !o.optional)
                .map(|(id, _)| id)
                .collect(),
            in_file_order: program.clause_order.windows(2).all(|w| w[0] < w[1]),
        }
    }
}

impl Ctx<'_> {
    /// The labels of the requirements the clause deciding `output` did not
    /// meet; none when no clause with requirements decided it. The walk in
    /// `expr.rs` answers `unmet` through this too.
    pub(crate) fn unmet(&mut self, output: usize) -> R<u128> {
        let Some(Some(clause)) = self.decided_by.get(output).copied() else {
            return Ok(0);
        };
        let code = self.code;
        let mut unmet = 0u128;
        for (label, condition) in code.requirements.get(clause).map_or(&[][..], |r| r) {
            if !condition(self)? {
                unmet |= 1u128.checked_shl(*label).unwrap_or(0);
            }
        }
        Ok(unmet)
    }
}

#[cfg(test)]
mod tests;
