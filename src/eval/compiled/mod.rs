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

mod conditions;
mod nodes;
mod operand;

use std::fmt;

use super::expr::{Ctx, R};
use crate::program::{Effect, OutputSource, Program, Value};

/// A compiled expression yielding a `T`.
pub(crate) type Code<T> = Box<dyn Fn(&mut Ctx<'_>) -> R<T> + Send + Sync>;

/// One rule of a clause: its condition and the values its effects set (none
/// for a permit or forbid).
pub(crate) struct Rule {
    pub condition: Option<Code<bool>>,
    pub then: Option<Code<Value>>,
    pub otherwise: Option<Code<Value>>,
}

/// The whole program, compiled: one entry per assumption, definition, clause
/// and output, indexed as in [`Program`].
pub(crate) struct Compiled {
    pub assumptions: Vec<Code<bool>>,
    pub definitions: Vec<Code<Value>>,
    pub whens: Vec<Option<Code<bool>>>,
    pub rules: Vec<Vec<Rule>>,
    /// Each clause's requirements: (label, condition).
    pub requirements: Vec<Vec<(u32, Code<bool>)>>,
    /// The expression of each computed output.
    pub computed: Vec<Option<Code<Value>>>,
    /// Whether any precedence can beat the clause: if not, the per-decision
    /// test against the applicable clauses is skipped.
    pub contested: Vec<bool>,
}

impl fmt::Debug for Compiled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Compiled")
            .field("assumptions", &self.assumptions.len())
            .field("definitions", &self.definitions.len())
            .field("clauses", &self.rules.len())
            .finish_non_exhaustive()
    }
}

impl Compiled {
    pub fn build(program: &Program) -> Compiled {
        let b = nodes::Builder { program };
        let effect = |e: &Effect| match e {
            Effect::Set(_, node) => Some(b.value(node)),
            Effect::Permit(_) | Effect::Forbid(_) => None,
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
            whens: program
                .clauses
                .iter()
                .map(|c| c.when.as_ref().map(|w| b.bool(&w.node)))
                .collect(),
            rules: program
                .clauses
                .iter()
                .map(|c| {
                    c.rules
                        .iter()
                        .map(|r| Rule {
                            condition: r.condition.as_ref().map(|c| b.bool(&c.node)),
                            then: effect(&r.then),
                            otherwise: r.otherwise.as_ref().and_then(effect),
                        })
                        .collect()
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
                .outputs
                .iter()
                .map(|o| match &o.source {
                    OutputSource::Computed(node) => Some(b.value(node)),
                    OutputSource::Decided => None,
                })
                .collect(),
            contested: program
                .beaten_by
                .iter()
                .map(|beaten| beaten.count_ones(..) > 0)
                .collect(),
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
