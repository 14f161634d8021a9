//! The symbolic engine: a checked policy encoded, exactly as `eval` decides
//! it, into one SAT problem over the facts, so that a question about every
//! case the facts reader accepts ("can these two clauses both decide
//! `refund`?", "can this case fail?", "does this edit change `refund`?") is
//! one solver call under assumptions. Unsatisfiable is a proof; a model is
//! a witness case, which [`Engine::witness`] decodes and the callers replay
//! through `eval` before they show it.
//!
//! The layers: [`sat`] (CaDiCaL), [`gates`] (hash-consed Tseitin gates),
//! [`bv`] (exact whole numbers with known ranges), [`arith`] and
//! [`calendar`] (the language's arithmetic and dates as circuits),
//! [`expr`] (one node at a time, with its run-time failures), [`decide`]
//! (a whole decision), [`value`] (facts as variables over the reader's
//! domains). docs/analysis.md says what is proved and how.

// The symbolic engine landed after the [lints] table: its tables, indexed by
// ids it makes itself, still index unchecked. Converting them is left to its
// owner; every other library module keeps to the lint.
#![allow(clippy::indexing_slicing)]

pub mod arith;
pub mod bv;
pub mod calendar;
pub mod decide;
pub mod expr;
pub mod gates;
pub mod pair;
pub mod sat;
pub mod value;
mod witness;

use std::time::Duration;

pub use decide::{SymDecision, Values};
pub use expr::{Encoder, Unsupported};
pub use gates::Gates;
pub use sat::{Answer, Lit};
pub use value::{Sym, SymVal, Texts};
pub use witness::{decode, decode_facts, pin};

use crate::program::{Program, Value};

/// One program encoded, with its decision, ready for questions.
pub struct Engine<'p> {
    /// The gates and the solver, shared by every question.
    pub g: Gates,
    /// The program's expressions, encoded.
    pub enc: Encoder<'p>,
    /// What a decision is, encoded: validity, setters, gaps, conflicts.
    pub decision: SymDecision,
    typical: Option<Vec<Lit>>,
    /// Which fact each free variable belongs to.
    owner: rustc_hash::FxHashMap<i32, usize>,
}

/// How long one question may take before the engine says so.
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(20);

impl<'p> Engine<'p> {
    /// Encode `program`, each question with [`DEFAULT_BUDGET`].
    pub fn new(program: &'p Program) -> Result<Engine<'p>, Unsupported> {
        Engine::with_budget(program, DEFAULT_BUDGET)
    }

    /// Encode `program`, each question with `budget`.
    pub fn with_budget(program: &'p Program, budget: Duration) -> Result<Engine<'p>, Unsupported> {
        let known = vec![None; program.facts.len()];
        Engine::build(program, budget, &known)
    }

    /// The engine with some facts known (`Some`): those are constants, the
    /// rest variables.
    pub fn with_known(
        program: &'p Program,
        known: &[Option<Value>],
    ) -> Result<Engine<'p>, Unsupported> {
        Engine::build(program, DEFAULT_BUDGET, known)
    }

    fn build(
        program: &'p Program,
        budget: Duration,
        known: &[Option<Value>],
    ) -> Result<Engine<'p>, Unsupported> {
        let mut g = Gates::new(budget);
        let texts = Texts::of(&[program]);
        let mut owner = rustc_hash::FxHashMap::default();
        let mut facts = Vec::with_capacity(program.facts.len());
        for (i, f) in program.facts.iter().enumerate() {
            let v = match known.get(i) {
                Some(Some(value)) => value::constant(&mut g, program, f.ty, value, &texts),
                _ => {
                    let v = value::fact_var(&mut g, program, f.ty, f.optional, &texts);
                    for var in sym_vars(&v) {
                        owner.insert(var, i);
                    }
                    v
                }
            };
            facts.push(v);
        }
        let mut enc = Encoder::new(program, facts, texts);
        let decision = enc.decide(&mut g)?;
        Ok(Engine {
            g,
            enc,
            decision,
            typical: None,
            owner,
        })
    }

    /// The facts (not known) whose variables the gates of `lits` read.
    pub fn facts_read(&self, lits: &[Lit]) -> fixedbitset::FixedBitSet {
        let mut set = fixedbitset::FixedBitSet::with_capacity(self.enc.program.facts.len());
        for var in self.g.support(lits) {
            if let Some(&f) = self.owner.get(&var) {
                set.insert(f);
            }
        }
        set
    }

    /// The facts (not known) a value reads.
    pub fn facts_read_value(&self, v: &SymVal) -> fixedbitset::FixedBitSet {
        let mut lits = vec![v.present];
        lits.extend(sym_lits(&v.sym));
        self.facts_read(&lits)
    }

    /// A literal that holds where `v` is not `value`.
    pub fn differs_from(&mut self, v: &SymVal, value: &Value) -> Lit {
        let pins = witness::pin(v, value, &self.enc.texts);
        let all = self.g.and_all(pins);
        !all
    }

    /// Whether some case makes every one of `lits` hold.
    pub fn ask(&mut self, lits: &[Lit]) -> Answer {
        self.g.solve(lits)
    }

    /// `ask` with a budget of its own, for questions whose "don't know"
    /// has a safe reading.
    pub fn ask_within(&mut self, lits: &[Lit], budget: Duration) -> Answer {
        self.g.solve_within(lits, budget)
    }

    /// Several questions at once, answers only (no witnesses): see
    /// [`Gates::solve_each`].
    pub fn ask_each(&mut self, questions: &[Vec<Lit>]) -> Vec<Answer> {
        self.g.solve_each(questions)
    }

    /// Build the outputs' values and failures, if not yet built.
    pub fn values(&mut self) -> Result<&decide::Values, Unsupported> {
        self.enc.values(&mut self.g, &mut self.decision)?;
        self.decision
            .values
            .as_ref()
            .ok_or_else(|| expr::unsupported("values not built", crate::syntax::Span::default()))
    }

    /// Literals that keep every fact typical: amounts within a million,
    /// counts and days within a thousand, dates in this century. Asked
    /// first, so that witnesses read like cases people file.
    pub fn typical(&mut self) -> Vec<Lit> {
        if let Some(t) = &self.typical {
            return t.clone();
        }
        let mut lits = Vec::new();
        let big = num_bigint::BigInt::from;
        for v in &self.enc.facts {
            let (bv, lo, hi) = match &v.sym {
                Sym::Dec(n, places) => {
                    let m = big(1_000_000) * big(10).pow(*places);
                    (n, -m.clone(), m)
                }
                Sym::Int(n) => (n, big(-1000), big(1000)),
                Sym::Date(z) => {
                    let day = |y| {
                        chrono::NaiveDate::from_ymd_opt(y, 1, 1)
                            .map_or(0, |d| chrono::Datelike::num_days_from_ce(&d))
                    };
                    (z, big(day(2000)), big(day(2100)))
                }
                _ => continue,
            };
            let inside = self.g.within(bv, &lo, &hi);
            lits.push(inside);
        }
        self.typical = Some(lits.clone());
        lits
    }

    /// The facts of the last model, one value per fact, as `eval` takes
    /// them.
    pub fn witness(&self) -> Vec<Value> {
        decode_facts(&self.g, self.enc.program, &self.enc.facts, &self.enc.texts)
    }
}

/// Every literal a value is made of.
fn sym_lits(sym: &Sym) -> Vec<Lit> {
    match sym {
        Sym::Bool(b) => vec![*b],
        Sym::Dec(n, _) | Sym::Int(n) | Sym::Date(n) | Sym::Enum(n) | Sym::Text(n) => n.bits.clone(),
        Sym::Set(bits) => bits.clone(),
        Sym::Missing => vec![],
    }
}

/// The free variables of a fact's value.
fn sym_vars(v: &SymVal) -> Vec<i32> {
    let mut lits = sym_lits(&v.sym);
    lits.push(v.present);
    lits.into_iter()
        .filter(|l| !l.is_const())
        .map(|l| l.var())
        .collect()
}

/// A variable for each fact of `program`, over the reader's domains.
pub fn fact_vars(g: &mut Gates, program: &Program, texts: &Texts) -> Vec<SymVal> {
    program
        .facts
        .iter()
        .map(|f| value::fact_var(g, program, f.ty, f.optional, texts))
        .collect()
}
