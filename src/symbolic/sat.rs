//! The SAT solver under the engine: CaDiCaL (the `cadical` crate, built from
//! crates.io with the C++ compiler every Rust machine has), asked questions
//! under assumptions so that one encoding of a policy answers many.

use std::time::{Duration, Instant};

/// A literal: a variable (numbered from 1) or its negation, as DIMACS
/// writes them. Variable 1 is always true, so `Lit::TRUE` and `Lit::FALSE`
/// are literals like any other and gates fold them away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lit(i32);

impl Lit {
    pub const TRUE: Lit = Lit(1);
    pub const FALSE: Lit = Lit(-1);

    pub fn var(self) -> i32 {
        self.0.abs()
    }

    pub fn is_const(self) -> bool {
        self.var() == 1
    }

    pub fn dimacs(self) -> i32 {
        self.0
    }

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
    /// A model: read it with [`Sat::value`].
    Sat,
    /// No assignment satisfies the clauses and the assumptions: a proof.
    Unsat,
    /// The budget ran out first.
    Unknown,
}

/// The solver, with a time budget per question.
pub struct Sat {
    solver: cadical::Solver<cadical::Timeout>,
    vars: i32,
    budget: Duration,
    clauses: usize,
    /// Time spent in the solver, over every question.
    pub solving: Duration,
    pub questions: usize,
}

impl Default for Sat {
    fn default() -> Self {
        Sat::new(Duration::from_secs(20))
    }
}

impl Sat {
    pub fn new(budget: Duration) -> Sat {
        let mut solver = cadical::Solver::with_config(
            std::env::var("POLICY_SAT_CONFIG")
                .as_deref()
                .unwrap_or("default"),
        )
        .unwrap_or_default();
        solver.add_clause([1]);
        Sat {
            solver,
            vars: 1,
            budget,
            clauses: 1,
            solving: Duration::ZERO,
            questions: 0,
        }
    }

    pub fn fresh(&mut self) -> Lit {
        self.vars += 1;
        Lit(self.vars)
    }

    pub fn clause(&mut self, lits: &[Lit]) {
        if lits.contains(&Lit::TRUE) {
            return;
        }
        self.clauses += 1;
        self.solver
            .add_clause(lits.iter().filter(|l| **l != Lit::FALSE).map(|l| l.0));
    }

    pub fn size(&self) -> (i32, usize) {
        (self.vars, self.clauses)
    }

    pub fn budget(&self) -> Duration {
        self.budget
    }

    /// Whether the clauses and `assumptions` can all hold.
    pub fn solve(&mut self, assumptions: &[Lit]) -> Answer {
        if assumptions.contains(&Lit::FALSE) {
            return Answer::Unsat;
        }
        let started = Instant::now();
        self.questions += 1;
        self.solver
            .set_callbacks(Some(cadical::Timeout::new(self.budget.as_secs_f32())));
        let answer = self
            .solver
            .solve_with(assumptions.iter().filter(|l| **l != Lit::TRUE).map(|l| l.0));
        self.solving += started.elapsed();
        match answer {
            Some(true) => Answer::Sat,
            Some(false) => Answer::Unsat,
            None => Answer::Unknown,
        }
    }

    /// The literal's value in the last model.
    pub fn value(&self, lit: Lit) -> bool {
        match lit {
            Lit::TRUE => true,
            Lit::FALSE => false,
            _ => self.solver.value(lit.0).unwrap_or(false),
        }
    }
}
