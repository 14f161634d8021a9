//! Clauses, their consequences and requirements, and the precedence between
//! them.

use fixedbitset::FixedBitSet;

use super::error::CheckError;
use super::names::{did_you_mean, NameRef};
use super::{Checker, Env, State};
use crate::program::{ClauseDef, Condition, Effect, OutputId, RequirementDef, RuleDef, Type};
use crate::syntax::ast::{self, ConsequenceKind, Item, PolicyFile};
use crate::syntax::Span;

impl Checker<'_> {
    pub(super) fn clauses(&mut self, tree: &PolicyFile) -> Vec<ClauseDef> {
        let mut out = Vec::new();
        for item in &tree.items {
            if let Item::Clause(c) = item {
                out.push(self.clause(c));
            }
        }
        out
    }

    fn clause(&mut self, c: &ast::Clause) -> ClauseDef {
        let env = Env::default();
        let when = c.when.as_ref().and_then(|w| self.condition(w, &env));
        let env = match &c.when {
            Some(w) => env.with(self.narrowed(w, true)),
            None => env,
        };
        let mut rules = Vec::new();
        for rule in &c.rules {
            let condition = rule
                .condition
                .as_ref()
                .and_then(|e| self.condition(e, &env));
            let (then_env, else_env) = match &rule.condition {
                Some(e) => (
                    env.with(self.narrowed(e, true)),
                    env.with(self.narrowed(e, false)),
                ),
                None => (env.clone(), env.clone()),
            };
            let then = self.effect(&rule.then, &then_env);
            let otherwise = rule
                .otherwise
                .as_ref()
                .and_then(|o| self.effect(o, &else_env));
            if let Some(then) = then {
                rules.push(RuleDef {
                    condition,
                    then,
                    otherwise,
                });
            }
        }
        if c.rules.is_empty() {
            self.error(CheckError::Misplaced {
                what: format!("clause `{}` decides nothing", c.id.node),
                span: c.id.span.into(),
                help: Some(
                    "add a consequence such as `refund 100% of paid if ...` or `permit if ...`"
                        .to_string(),
                ),
            });
        }
        let mut requirements = Vec::new();
        for r in &c.requirements {
            let Some(condition) = self.condition(&r.condition, &env) else {
                continue;
            };
            let label = self
                .enums
                .get(self.requirement_labels)
                .and_then(|e| e.variants.iter().position(|v| *v == r.label.node))
                .unwrap_or(0) as u32;
            requirements.push(RequirementDef { condition, label });
        }
        ClauseDef {
            id: c.id.node.clone(),
            title: c.title.clone(),
            quote: c.quote.clone(),
            when,
            rules,
            requirements,
            span: c.span,
        }
    }

    fn condition(&mut self, e: &ast::Expr, env: &Env) -> Option<Condition> {
        let node = self.typed(e, env, Type::Bool)?;
        Some(Condition { node, span: e.span })
    }

    fn effect(&mut self, consequence: &ast::Consequence, env: &Env) -> Option<Effect> {
        match &consequence.node {
            ConsequenceKind::Permit | ConsequenceKind::Forbid => {
                let output = self.permission_output(consequence.span)?;
                Some(if consequence.node == ConsequenceKind::Permit {
                    Effect::Permit(output)
                } else {
                    Effect::Forbid(output)
                })
            }
            ConsequenceKind::Set(name, value) => {
                let id = match self.names.get(&name.node) {
                    Some((NameRef::Output(id), _)) => *id,
                    _ => {
                        let help = did_you_mean(
                            &name.node,
                            self.outputs.iter().map(|o| o.name.node.as_str()),
                        )
                        .or_else(|| {
                            Some(format!("declare it first: `output {}: money`", name.node))
                        });
                        self.error(CheckError::UnknownName {
                            name: name.node.clone(),
                            span: name.span.into(),
                            help,
                        });
                        return None;
                    }
                };
                self.set_by_clauses.push(id);
                let ty = self.output(id)?;
                match self.output_state.get(id) {
                    Some(State::Decided(_)) if ty != Type::Permission => {}
                    Some(State::Decided(_)) => {
                        self.misplaced(
                            "a permission is decided with `permit` or `forbid`",
                            name.span,
                            None,
                        );
                        return None;
                    }
                    _ => {
                        let help = "an output with `= ...` is computed from others; clauses decide the rest";
                        self.misplaced(
                            &format!("`{}` is computed, so no clause can set it", name.node),
                            name.span,
                            Some(help),
                        );
                        return None;
                    }
                }
                let node = self.typed(value, env, ty)?;
                Some(Effect::Set(id, node))
            }
        }
    }

    fn permission_output(&mut self, span: Span) -> Option<OutputId> {
        let permissions: Vec<OutputId> = (0..self.outputs.len())
            .filter(|&id| self.output(id) == Some(Type::Permission))
            .collect();
        match permissions.as_slice() {
            [one] => Some(*one),
            [] => {
                self.misplaced(
                    "`permit` and `forbid` need an output of type permission",
                    span,
                    Some("declare one: `output decision: permission`"),
                );
                None
            }
            _ => {
                self.misplaced(
                    "a policy with `permit` and `forbid` has one permission output",
                    span,
                    None,
                );
                None
            }
        }
    }

    /// Check the precedence lines; for each clause, every clause above it.
    pub(super) fn precedence(
        &mut self,
        tree: &PolicyFile,
        clauses: &[ClauseDef],
    ) -> Vec<FixedBitSet> {
        let n = clauses.len();
        // below[c]: clauses c directly takes precedence over.
        let mut below: Vec<Vec<usize>> = vec![vec![]; n];
        for item in &tree.items {
            let Item::Precedence(p) = item else { continue };
            let ids: Vec<Option<usize>> = p
                .order
                .iter()
                .map(|id| self.clause_index(id, clauses))
                .collect();
            for (pair, names) in ids.windows(2).zip(p.order.windows(2)) {
                let (&[Some(hi), Some(lo)], [first, second]) = (pair, names) else {
                    continue;
                };
                if hi == lo || reaches(&below, lo, hi) {
                    let (a, b) = (&first.node, &second.node);
                    let chain = if hi == lo {
                        format!("{a} > {b}")
                    } else {
                        format!("{a} > {b}, but {b} already takes precedence over {a}")
                    };
                    self.error(CheckError::PrecedenceCycle {
                        chain,
                        span: first.span.to(second.span).into(),
                    });
                    continue;
                }
                if let Some(under) = below.get_mut(hi).filter(|u| !u.contains(&lo)) {
                    under.push(lo);
                }
            }
        }
        let mut beaten_by = vec![FixedBitSet::with_capacity(n); n];
        for (hi, under) in below.iter().enumerate() {
            let mut stack = under.clone();
            while let Some(lo) = stack.pop() {
                if let Some(beaters) = beaten_by.get_mut(lo).filter(|b| !b.contains(hi)) {
                    beaters.insert(hi);
                    stack.extend(below.get(lo).into_iter().flatten().copied());
                }
            }
        }
        beaten_by
    }

    fn clause_index(&mut self, id: &ast::Ident, clauses: &[ClauseDef]) -> Option<usize> {
        // Clauses are checked in the order they were declared, so the index
        // of an id's first declaration is its clause; the linear search is
        // for a checker whose clauses came another way.
        let declared = self
            .clause_index
            .get(&id.node)
            .copied()
            .filter(|&i| clauses.get(i).is_some_and(|c| c.id == id.node))
            .or_else(|| clauses.iter().position(|c| c.id == id.node));
        if let Some(i) = declared {
            return Some(i);
        }
        let help = did_you_mean(&id.node, self.clause_ids.iter().map(|(c, _)| c.as_str()));
        self.error(CheckError::UnknownClause {
            name: id.node.clone(),
            span: id.span.into(),
            help,
        });
        None
    }

    /// Every output that clauses decide is set by at least one.
    pub(super) fn decided_outputs_are_set(&mut self) {
        for id in 0..self.outputs.len() {
            let Some(State::Decided(ty)) = self.output_state.get(id) else {
                continue;
            };
            if *ty == Type::Permission {
                continue;
            }
            if let (false, Some(&out)) = (self.set_by_clauses.contains(&id), self.outputs.get(id)) {
                let name = out.name.node.clone();
                self.error(CheckError::Undecided {
                    help: format!("add a clause that sets it (`{name} ... if ...`), or compute it: `output {name} = ...`"),
                    name,
                    span: out.name.span.into(),
                });
            }
        }
    }
}

/// Whether `from` takes precedence over `to` through the edges so far.
fn reaches(below: &[Vec<usize>], from: usize, to: usize) -> bool {
    let mut seen = vec![false; below.len()];
    let mut stack = vec![from];
    while let Some(c) = stack.pop() {
        if c == to {
            return true;
        }
        if let Some(seen) = seen.get_mut(c).filter(|s| !**s) {
            *seen = true;
            stack.extend(below.get(c).into_iter().flatten().copied());
        }
    }
    false
}
