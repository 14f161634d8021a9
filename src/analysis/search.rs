//! Looking for a case that makes a formula true: depth-first over the
//! candidate values of the facts the formula reads, smallest domains first,
//! cutting a branch as soon as three-valued evaluation says it is false.

use super::disjoint::Guards;
use super::partial::{formula_reads, Formula, Partial};
use super::residual::Rest;
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
    let (mut facts, clause_facts) = formula_reads(program, formula);
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
    // The cases below only need what this one leaves open.
    let rest = match state.rest(formula) {
        Rest::Decided(true) => return Found::Witness(vec![]),
        Rest::Decided(false) => return Found::Nothing,
        Rest::Open(rest) => rest,
    };
    let Some((&fact, later)) = facts.split_first() else {
        return Found::Nothing;
    };
    let mut gave_up = false;
    for value in &domains[fact] {
        state.set(fact, value.clone());
        match dfs(state, domains, &rest, later, budget) {
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
