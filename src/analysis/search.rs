//! Looking for a case that makes a formula true: depth-first over the
//! candidate values of the facts the formula reads, smallest domains first,
//! cutting a branch as soon as three-valued evaluation says it is false.

use super::disjoint::Guards;
use super::partial::{formula_reads, Formula, Partial};
use crate::program::{Program, Value};

/// How many partial cases one question may look at before giving up.
pub const BUDGET: usize = 400_000;

#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    /// A whole case, one value per fact, that makes the formula true.
    Witness(Vec<Value>),
    /// No combination of the candidate values does.
    Nothing,
    /// The budget ran out first.
    GaveUp,
}

pub(super) fn search(
    program: &Program,
    domains: &[Vec<Value>],
    guards: &Guards,
    formula: &Formula,
) -> Found {
    // Facts the clauses read come first, smallest domains first: they decide
    // which clauses apply. Facts only the assumptions read come last, so a
    // branch is cut before any of them is tried.
    let mut facts = Vec::new();
    formula_reads(program, formula, &mut facts);
    let mut clause_facts = Vec::new();
    formula_reads(program, &without_assumptions(formula), &mut clause_facts);
    facts.sort_by_key(|&f| (!clause_facts.contains(&f), domains[f].len(), f));
    let mut state = Partial::new(program, guards);
    let mut budget = BUDGET;
    let found = dfs(&mut state, domains, formula, &facts, &mut budget);
    if let Found::Witness(_) = found {
        // Give the facts left open (the formula holds whatever they are)
        // their first candidate, so the witness is a whole case.
        let mut values = state.values().to_vec();
        for (f, domain) in domains.iter().enumerate() {
            if !state.is_known(f) {
                values[f] = domain.first().cloned().unwrap_or_default();
            }
        }
        return Found::Witness(values);
    }
    found
}

/// The formula with every `Assumptions` taken as true, to tell which facts
/// the clauses themselves read.
fn without_assumptions(f: &Formula) -> Formula {
    match f {
        Formula::Assumptions => Formula::All(vec![]),
        Formula::Not(inner) => Formula::Not(Box::new(without_assumptions(inner))),
        Formula::All(parts) => Formula::All(parts.iter().map(without_assumptions).collect()),
        Formula::Any(parts) => Formula::Any(parts.iter().map(without_assumptions).collect()),
        other => other.clone(),
    }
}

fn dfs(
    state: &mut Partial<'_>,
    domains: &[Vec<Value>],
    formula: &Formula,
    facts: &[usize],
    budget: &mut usize,
) -> Found {
    if *budget == 0 {
        return Found::GaveUp;
    }
    *budget -= 1;
    match state.formula(formula) {
        Some(true) => return Found::Witness(vec![]),
        Some(false) => return Found::Nothing,
        None => {}
    }
    let Some((&fact, rest)) = facts.split_first() else {
        return Found::Nothing;
    };
    let mut gave_up = false;
    for value in &domains[fact] {
        state.set(fact, value.clone());
        match dfs(state, domains, formula, rest, budget) {
            Found::Witness(w) => return Found::Witness(w),
            Found::GaveUp => {
                gave_up = true;
                break;
            }
            Found::Nothing => {}
        }
    }
    state.unset(fact);
    if gave_up {
        Found::GaveUp
    } else {
        Found::Nothing
    }
}
