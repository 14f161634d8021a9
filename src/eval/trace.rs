//! Why a decision came out as it did: for each clause, what happened to it and
//! which of its conditions held, with the values they read. Built only when
//! asked for, after the decision.

use super::compiled::Compiled;
use super::expr::{Ctx, Slots};
use super::Decision;
use crate::program::{ClauseId, Node, Op, OutputId, Program, ReadWalk, Type, Value};

/// What happened to one clause in a decision, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct ClauseTrace {
    /// The clause.
    pub clause: ClauseId,
    /// What happened to it.
    pub outcome: ClauseOutcome,
    /// The clause's conditions, split at their top-level `and`s, in order.
    pub conditions: Vec<ConditionTrace>,
}

/// What happened to one clause in a decision.
#[derive(Clone, Debug, PartialEq)]
pub enum ClauseOutcome {
    /// It set these outputs.
    Decided(Vec<OutputId>),
    /// Its conditions held, but these clauses took precedence.
    Overridden(Vec<ClauseId>),
    /// Its conditions held and it set nothing new (a permit beside another).
    Applied,
    /// Its conditions did not hold.
    DidNotApply,
}

/// One condition of a clause, evaluated for the trace.
#[derive(Clone, Debug, PartialEq)]
pub struct ConditionTrace {
    /// The condition as written.
    pub text: String,
    /// `None`: not evaluated, because an earlier condition of the same `and`
    /// already failed.
    pub holds: Option<bool>,
    /// The facts and definitions it reads, with their values in this case.
    pub values: Vec<(String, Type, Value)>,
}

/// Explain `decision`, which `facts` produced under `program` (compiled as
/// `code`).
pub(super) fn explain(
    program: &Program,
    code: &Compiled,
    facts: &[Value],
    decision: &Decision,
) -> Vec<ClauseTrace> {
    let mut slots = Slots::of(program, Some(decision));
    let mut ctx = slots.ctx(program, code, facts);
    program
        .clauses
        .iter()
        .enumerate()
        .map(|(id, clause)| {
            let mut conditions = Vec::new();
            let mut reached = true;
            if let Some(when) = &clause.when {
                reached = conjuncts(&mut ctx, &when.node, reached, &mut conditions);
            }
            for rule in &clause.rules {
                if let Some(c) = &rule.condition {
                    conjuncts(&mut ctx, &c.node, reached, &mut conditions);
                }
            }
            ClauseTrace {
                clause: id,
                outcome: outcome(program, decision, id),
                conditions,
            }
        })
        .collect()
}

fn outcome(program: &Program, decision: &Decision, clause: ClauseId) -> ClauseOutcome {
    let decided: Vec<OutputId> = (decision.decided_by.iter().enumerate())
        .filter(|(_, by)| **by == Some(clause))
        .map(|(o, _)| o)
        .collect();
    if !decided.is_empty() {
        return ClauseOutcome::Decided(decided);
    }
    if !decision.applicable.contains(clause) {
        return ClauseOutcome::DidNotApply;
    }
    let beaters = program.beaten_by.get(clause);
    let mut by: Vec<ClauseId> = decision
        .applicable
        .ones()
        .filter(|&c| beaters.is_some_and(|b| b.contains(c)))
        .collect();
    if by.is_empty() {
        // Overridden by a forbid: the clauses that decided what it would set.
        for (losers, winner) in decision.overridden.iter().zip(&decision.decided_by) {
            if let (true, Some(winner)) = (losers.contains(&clause), winner) {
                by.push(*winner);
            }
        }
    }
    if by.is_empty() {
        ClauseOutcome::Applied
    } else {
        ClauseOutcome::Overridden(by)
    }
}

/// Trace each conjunct of `node`, evaluating only while all before it held.
/// Returns whether every conjunct held.
fn conjuncts(
    ctx: &mut Ctx<'_>,
    node: &Node,
    mut reached: bool,
    out: &mut Vec<ConditionTrace>,
) -> bool {
    let mut parts = Vec::new();
    split_and(node, &mut parts);
    for part in parts {
        let holds = if reached {
            Some(ctx.bool(part).unwrap_or(false))
        } else {
            None
        };
        reached &= holds == Some(true);
        let values = if holds.is_some() {
            values_read(ctx, part)
        } else {
            vec![]
        };
        out.push(ConditionTrace {
            text: ctx.program.text_of(part.span),
            holds,
            values,
        });
    }
    reached
}

fn split_and<'n>(node: &'n Node, out: &mut Vec<&'n Node>) {
    match &node.op {
        Op::And(a, b) => {
            split_and(a, out);
            split_and(b, out);
        }
        _ => out.push(node),
    }
}

/// The facts and definitions a condition reads directly, with their values.
fn values_read(ctx: &mut Ctx<'_>, node: &Node) -> Vec<(String, Type, Value)> {
    let program = ctx.program;
    let mut names: Vec<&Node> = Vec::new();
    collect_names(program, node, &mut names);
    let mut out: Vec<(String, Type, Value)> = Vec::new();
    for n in names {
        let (name, ty) = match &n.op {
            Op::Fact(id) => match program.facts.get(*id) {
                Some(f) => (&f.name, f.ty),
                None => continue,
            },
            Op::Definition(id) => match program.definitions.get(*id) {
                Some(d) => (&d.name, d.ty),
                None => continue,
            },
            _ => continue,
        };
        if out.iter().any(|(seen, _, _)| seen == name) {
            continue;
        }
        if let Ok(value) = ctx.value(n) {
            out.push((name.clone(), ty, value));
        }
    }
    out
}

/// The facts and definitions a condition reads, and through each definition
/// what it reads in turn, so the trace shows why `primary_failed` held.
fn collect_names<'n>(program: &'n Program, node: &'n Node, out: &mut Vec<&'n Node>) {
    ReadWalk::new(program).walk(program, node, &mut |n| {
        if matches!(n.op, Op::Fact(_) | Op::Definition(_)) {
            out.push(n);
        }
    });
}
