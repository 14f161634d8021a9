//! Three-valued evaluation: with some facts unknown, a condition is true,
//! false, or not yet known. `and`, `or`, `not` and `if` follow Kleene's
//! logic; any other node is evaluated by the real evaluator once every fact
//! it reads is known, so the analysis and a decision can never disagree.

use super::disjoint::Guards;
use crate::eval::Ctx;
use crate::program::{for_each_child, ClauseId, Node, Op, OutputId, Program, ReadWalk, Value};
use std::cell::Cell;

/// What the analysis asks of a case: Kleene combinations of what the
/// policy says about clauses.
#[derive(Clone, Debug)]
pub enum Formula {
    /// Every assumption holds.
    Assumptions,
    /// The clause's conditions hold: its `when`, and some rule fires.
    Applies(ClauseId),
    /// The clause's conditions hold and a rule that sets this output fires.
    Sets(ClauseId, OutputId),
    /// The clause's `when` holds and its rule of this index fires with an
    /// effect on this output.
    RuleSets(ClauseId, usize, OutputId),
    Not(Box<Formula>),
    All(Vec<Formula>),
    Any(Vec<Formula>),
}

/// Facts known so far: `None` for a fact not yet chosen.
pub struct Partial<'a> {
    pub program: &'a Program,
    guards: &'a Guards,
    /// One slot per fact; `Value::Missing` stands in for unknown facts too,
    /// so `known` must be consulted before reading one.
    values: Vec<Value>,
    known: Vec<bool>,
    /// Bumped whenever a fact is set or unset: a memo entry of an older
    /// generation is stale.
    generation: u64,
    /// Per definition, what is known of it under the facts of one
    /// generation. A chain of definitions each reading the one before twice
    /// would otherwise be walked 2^depth times. (No definition reads itself,
    /// the checker rejects cycles, so an entry read before working out its
    /// body is still the current one after.)
    memo: Vec<Cell<Memo>>,
}

/// What has been worked out about one definition, and under which
/// generation of the known facts.
#[derive(Clone, Copy, Default)]
struct Memo {
    generation: u64,
    /// Whether every fact it reads is known.
    known: Option<bool>,
    /// Its truth, for a condition.
    truth: Option<Option<bool>>,
}

fn and3(a: Option<bool>, b: impl FnOnce() -> Option<bool>) -> Option<bool> {
    match a {
        Some(false) => Some(false),
        Some(true) => b(),
        None => match b() {
            Some(false) => Some(false),
            _ => None,
        },
    }
}

fn or3(a: Option<bool>, b: impl FnOnce() -> Option<bool>) -> Option<bool> {
    and3(a.map(|x| !x), || b().map(|x| !x)).map(|x| !x)
}

/// Kleene `and` over many: false if any is false, unknown if any is unknown.
/// (Not `try_fold`: an unknown must not stop the search for a false.)
fn all3<T>(
    items: impl IntoIterator<Item = T>,
    mut truth: impl FnMut(T) -> Option<bool>,
) -> Option<bool> {
    let mut result = Some(true);
    for item in items {
        match truth(item) {
            Some(false) => return Some(false),
            None => result = None,
            Some(true) => {}
        }
    }
    result
}

/// Kleene `or` over many.
fn any3<T>(
    items: impl IntoIterator<Item = T>,
    mut truth: impl FnMut(T) -> Option<bool>,
) -> Option<bool> {
    all3(items, |item| truth(item).map(|b| !b)).map(|b| !b)
}

impl<'a> Partial<'a> {
    pub fn new(program: &'a Program, guards: &'a Guards) -> Partial<'a> {
        let n = program.facts.len();
        Partial {
            program,
            guards,
            values: vec![Value::Missing; n],
            known: vec![false; n],
            generation: 1,
            memo: vec![Cell::new(Memo::default()); program.definitions.len()],
        }
    }

    pub fn set(&mut self, fact: usize, value: Value) {
        self.values[fact] = value;
        self.known[fact] = true;
        self.generation += 1;
    }

    pub fn unset(&mut self, fact: usize) {
        self.values[fact] = Value::Missing;
        self.known[fact] = false;
        self.generation += 1;
    }

    /// The memo of a definition under the facts known now.
    fn memo(&self, id: usize) -> Memo {
        match self.memo.get(id).map(Cell::get) {
            Some(m) if m.generation == self.generation => m,
            _ => Memo {
                generation: self.generation,
                ..Memo::default()
            },
        }
    }

    fn remember(&self, id: usize, m: Memo) {
        if let Some(cell) = self.memo.get(id) {
            cell.set(m);
        }
    }

    pub fn is_known(&self, fact: usize) -> bool {
        self.known.get(fact).copied().unwrap_or(false)
    }

    pub fn values(&self) -> &[Value] {
        &self.values
    }

    pub fn formula(&self, f: &Formula) -> Option<bool> {
        let program = self.program;
        match f {
            Formula::Assumptions => all3(&program.assumptions, |a| self.truth(&a.condition)),
            Formula::Applies(c) => self.clause(*c, None, None),
            Formula::Sets(c, o) => self.clause(*c, Some(*o), None),
            Formula::RuleSets(c, r, o) => self.clause(*c, Some(*o), Some(*r)),
            Formula::Not(inner) => self.formula(inner).map(|b| !b),
            Formula::All(parts) => all3(parts, |p| self.formula(p)),
            Formula::Any(parts) => any3(parts, |p| self.formula(p)),
        }
    }

    /// Whether the clause applies (or, with an output, applies by a rule
    /// that sets it; with a rule index, by that rule).
    fn clause(&self, c: ClauseId, output: Option<OutputId>, only: Option<usize>) -> Option<bool> {
        // Large policies ask this of every clause at every step of a search;
        // most are settled by one known enumeration value.
        if self.guards.rules_out(c, &self.values, &self.known) {
            return Some(false);
        }
        let clause = &self.program.clauses[c];
        let when = clause
            .when
            .as_ref()
            .map_or(Some(true), |w| self.truth(&w.node));
        and3(when, || {
            let rules = match only {
                Some(r) => clause.rules.get(r..=r).unwrap_or_default(),
                None => &clause.rules[..],
            };
            any3(rules, |rule| {
                let condition = || {
                    rule.condition
                        .as_ref()
                        .map_or(Some(true), |c| self.truth(&c.node))
                };
                let then = output.is_none_or(|o| rule.then.output() == o);
                let otherwise = rule
                    .otherwise
                    .as_ref()
                    .is_some_and(|e| output.is_none_or(|o| e.output() == o));
                match (then, otherwise) {
                    (true, true) => Some(true),
                    (true, false) => condition(),
                    (false, true) => condition().map(|b| !b),
                    (false, false) => Some(false),
                }
            })
        })
    }

    /// A condition's truth, `None` while it depends on unknown facts.
    pub fn truth(&self, n: &Node) -> Option<bool> {
        match &n.op {
            Op::And(a, b) => and3(self.truth(a), || self.truth(b)),
            Op::Or(a, b) => or3(self.truth(a), || self.truth(b)),
            Op::Not(a) => self.truth(a).map(|b| !b),
            Op::If(c, a, b) => match self.truth(c) {
                Some(true) => self.truth(a),
                Some(false) => self.truth(b),
                None => match (self.truth(a), self.truth(b)) {
                    (Some(x), Some(y)) if x == y => Some(x),
                    _ => None,
                },
            },
            Op::Definition(id) => {
                let mut m = self.memo(*id);
                if let Some(t) = m.truth {
                    return t;
                }
                let t = self.truth(&self.program.definitions.get(*id)?.value);
                m.truth = Some(t);
                self.remember(*id, m);
                t
            }
            _ if self.known(n) => Ctx::for_condition(self.program, &self.values).bool(n).ok(),
            _ => None,
        }
    }

    /// Whether every fact the node reads is known.
    fn known(&self, n: &Node) -> bool {
        match &n.op {
            Op::Fact(f) => self.known.get(*f).copied().unwrap_or(false),
            Op::Definition(id) => {
                let mut m = self.memo(*id);
                if let Some(k) = m.known {
                    return k;
                }
                let k = self
                    .program
                    .definitions
                    .get(*id)
                    .is_some_and(|d| self.known(&d.value));
                m.known = Some(k);
                self.remember(*id, m);
                k
            }
            // Outputs and requirements are not read by conditions.
            Op::Output(_) | Op::Unmet(_) => false,
            _ => {
                let mut all = true;
                for_each_child(n, |child| all = all && self.known(child));
                all
            }
        }
    }
}

/// The facts a node reads, through definitions, first read first, added to
/// `out` if not there yet.
fn facts_read<'p>(program: &'p Program, n: &'p Node, out: &mut Vec<usize>, walk: &mut ReadWalk) {
    walk.walk(program, n, &mut |n| {
        if let Op::Fact(f) = n.op {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    });
}

/// The facts a formula reads, and those of them its clauses read (the rest
/// only the assumptions read). Each clause is read once, however often the
/// formula names it: the gap question names most clauses many times over.
pub fn formula_reads(program: &Program, f: &Formula) -> (Vec<usize>, Vec<usize>) {
    let mut clauses = vec![false; program.clauses.len()];
    let mut assumptions = false;
    mentions(f, &mut clauses, &mut assumptions);
    let mut clause_facts = Vec::new();
    let mut walk = ReadWalk::new(program);
    for (clause, _) in program.clauses.iter().zip(&clauses).filter(|(_, m)| **m) {
        if let Some(w) = &clause.when {
            facts_read(program, &w.node, &mut clause_facts, &mut walk);
        }
        for r in &clause.rules {
            if let Some(c) = &r.condition {
                facts_read(program, &c.node, &mut clause_facts, &mut walk);
            }
        }
    }
    // `facts` starts as `clause_facts`, so what the walk went through is in
    // it too.
    let mut facts = clause_facts.clone();
    if assumptions {
        for a in &program.assumptions {
            facts_read(program, &a.condition, &mut facts, &mut walk);
        }
    }
    (facts, clause_facts)
}

/// Which clauses a formula names, and whether it names the assumptions.
fn mentions(f: &Formula, clauses: &mut [bool], assumptions: &mut bool) {
    match f {
        Formula::Assumptions => *assumptions = true,
        Formula::Applies(c) | Formula::Sets(c, _) | Formula::RuleSets(c, ..) => {
            if let Some(m) = clauses.get_mut(*c) {
                *m = true;
            }
        }
        Formula::Not(inner) => mentions(inner, clauses, assumptions),
        Formula::All(parts) | Formula::Any(parts) => {
            for p in parts {
                mentions(p, clauses, assumptions);
            }
        }
    }
}
