//! The SAT solver under the engine: CaDiCaL (the `cadical` crate, built from
//! crates.io with the C++ compiler every Rust machine has). A question is
//! solved over only the clauses it depends on (its cone, see `gates`), by a
//! solver made for it, so that one question about one clause of a
//! 1,000-clause policy costs what that clause's part of the policy costs.

use std::time::Duration;

/// A literal: a variable (numbered from 1) or its negation, as DIMACS
/// writes them. Variable 1 is always true, so `Lit::TRUE` and `Lit::FALSE`
/// are literals like any other and gates fold them away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lit(i32);

impl Lit {
    /// Always true.
    pub const TRUE: Lit = Lit(1);
    /// Always false.
    pub const FALSE: Lit = Lit(-1);

    pub(crate) fn of_var(var: i32) -> Lit {
        Lit(var)
    }

    /// Its variable.
    pub fn var(self) -> i32 {
        self.0.abs()
    }

    /// Whether it is [`Lit::TRUE`] or [`Lit::FALSE`].
    pub fn is_const(self) -> bool {
        self.var() == 1
    }

    /// Whether it is its variable negated.
    pub fn is_negated(self) -> bool {
        self.0 < 0
    }

    /// As DIMACS writes it: the variable, negative when negated.
    pub fn dimacs(self) -> i32 {
        self.0
    }

    /// [`Lit::TRUE`] or [`Lit::FALSE`].
    pub fn from_bool(b: bool) -> Lit {
        if b {
            Lit::TRUE
        } else {
            Lit::FALSE
        }
    }
}

impl std::ops::Not for Lit {
    type Output = Lit;
    fn not(self) -> Lit {
        Lit(-self.0)
    }
}

/// What a question came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// A model: read it with `Gates::value`.
    Sat,
    /// No assignment satisfies the clauses and the assumptions: a proof.
    Unsat,
    /// The budget ran out first.
    Unknown,
}

/// One solver, for one question: clauses over dense variables 1..=n.
pub struct Solver {
    solver: cadical::Solver<cadical::Timeout>,
}

impl Solver {
    /// A solver that gives up on a question after `budget`.
    pub fn new(budget: Duration) -> Solver {
        let mut solver = cadical::Solver::new();
        solver.set_callbacks(Some(cadical::Timeout::new(budget.as_secs_f32())));
        Solver { solver }
    }

    /// Add a clause (DIMACS literals).
    pub fn clause(&mut self, lits: &[i32]) {
        self.solver.add_clause(lits.iter().copied());
    }

    /// Solve under `assumptions`.
    pub fn solve(&mut self, assumptions: &[i32]) -> Answer {
        match self.solver.solve_with(assumptions.iter().copied()) {
            Some(true) => Answer::Sat,
            Some(false) => Answer::Unsat,
            None => Answer::Unknown,
        }
    }

    /// Variable `var` in the last model.
    pub fn value(&self, var: i32) -> bool {
        self.solver.value(var).unwrap_or(false)
    }
}
