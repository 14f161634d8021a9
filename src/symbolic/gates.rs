//! Boolean gates over the solver's literals, each built once (hash-consed)
//! and folded when an input is a constant, so that the parts of a policy
//! that compare a fact with a literal cost few clauses. A gate is kept as
//! its definition; a question is solved over the cone of gates it depends
//! on, Tseitin-encoded for a solver made for it, and anything read after
//! (a witness's facts, an output's value) is that model's inputs run
//! through the gates.

use std::cell::RefCell;
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap as HashMap;

use super::sat::{Answer, Lit, Solver};

/// What a variable is.
#[derive(Clone, Copy, Debug)]
enum Def {
    /// Always true (variable 1).
    True,
    /// Free: a fact's bit.
    Input,
    And(Lit, Lit),
    Xor(Lit, Lit),
    /// `if s then t else e`.
    Mux(Lit, Lit, Lit),
}

/// The gates built so far, and the last question's model.
pub struct Gates {
    /// Indexed by variable; 0 is unused.
    defs: Vec<Def>,
    ands: HashMap<(Lit, Lit), Lit>,
    xors: HashMap<(Lit, Lit), Lit>,
    muxes: HashMap<(Lit, Lit, Lit), Lit>,
    /// Constraints that hold in every model: the facts' domains.
    always: Vec<Lit>,
    budget: Duration,
    /// The last model: inputs and gates of the question's cone.
    model: HashMap<i32, bool>,
    /// Gates outside the cone, computed from the model's inputs when read.
    computed: RefCell<HashMap<i32, bool>>,
    /// Time spent solving, and questions asked.
    pub solving: Duration,
    /// Questions asked so far.
    pub questions: usize,
}

impl Default for Gates {
    fn default() -> Self {
        Gates::new(Duration::from_secs(20))
    }
}

impl Gates {
    /// No gates yet; each question may take `budget`.
    pub fn new(budget: Duration) -> Gates {
        Gates {
            defs: vec![Def::True, Def::True],
            ands: HashMap::default(),
            xors: HashMap::default(),
            muxes: HashMap::default(),
            always: Vec::new(),
            budget,
            model: HashMap::default(),
            computed: RefCell::new(HashMap::default()),
            solving: Duration::ZERO,
            questions: 0,
        }
    }

    /// How long one question may take.
    pub fn budget(&self) -> Duration {
        self.budget
    }

    /// Variables made so far.
    pub fn size(&self) -> usize {
        self.defs.len()
    }

    fn define(&mut self, def: Def) -> Lit {
        let var = i32::try_from(self.defs.len()).unwrap_or(i32::MAX);
        self.defs.push(def);
        Lit::of_var(var)
    }

    /// A new input variable.
    pub fn fresh(&mut self) -> Lit {
        self.define(Def::Input)
    }

    /// Make `lit` hold in every model (a constraint, not a question).
    pub fn assert(&mut self, lit: Lit) {
        if lit != Lit::TRUE {
            self.always.push(lit);
        }
    }

    /// Whether some assignment of the inputs makes every one of `lits`
    /// hold, with the constraints. Solved over the gates they depend on.
    pub fn solve(&mut self, lits: &[Lit]) -> Answer {
        self.solve_within(lits, self.budget)
    }

    /// `solve` with its own budget.
    pub fn solve_within(&mut self, lits: &[Lit], budget: Duration) -> Answer {
        self.model.clear();
        self.computed.borrow_mut().clear();
        if lits.contains(&Lit::FALSE) || self.always.contains(&Lit::FALSE) {
            return Answer::Unsat;
        }
        let started = Instant::now();
        self.questions += 1;
        let (mut solver, dense) = self.cone_solver(lits, budget);
        let assumptions: Vec<i32> = lits.iter().map(|&l| map(&dense, l)).collect();
        let answer = solver.solve(&assumptions);
        if answer == Answer::Sat {
            for (&var, &id) in &dense {
                self.model.insert(var, solver.value(id));
            }
        }
        self.solving += started.elapsed();
        answer
    }

    /// Several questions, each asked under its own literals of one solver
    /// made over all their cones: for many small questions about one part
    /// of a policy, one solver instead of one each. No model is kept.
    pub fn solve_each(&mut self, questions: &[Vec<Lit>]) -> Vec<Answer> {
        self.model.clear();
        self.computed.borrow_mut().clear();
        if self.always.contains(&Lit::FALSE) {
            return vec![Answer::Unsat; questions.len()];
        }
        let started = Instant::now();
        self.questions += questions.len();
        let roots: Vec<Lit> = questions.iter().flatten().copied().collect();
        let (mut solver, dense) = self.cone_solver(&roots, self.budget);
        let answers = questions
            .iter()
            .map(|q| {
                if q.contains(&Lit::FALSE) {
                    return Answer::Unsat;
                }
                let assumptions: Vec<i32> = q.iter().map(|&l| map(&dense, l)).collect();
                solver.solve(&assumptions)
            })
            .collect();
        self.solving += started.elapsed();
        answers
    }

    /// A solver over every gate reachable from `roots` and the constraints,
    /// numbered densely, and the numbering.
    fn cone_solver(&self, roots: &[Lit], budget: Duration) -> (Solver, HashMap<i32, i32>) {
        let mut dense: HashMap<i32, i32> = HashMap::default();
        let mut order: Vec<i32> = Vec::new();
        let mut stack: Vec<i32> = roots.iter().chain(&self.always).map(|l| l.var()).collect();
        while let Some(var) = stack.pop() {
            if dense.contains_key(&var) {
                continue;
            }
            let id = i32::try_from(order.len() + 1).unwrap_or(i32::MAX);
            dense.insert(var, id);
            order.push(var);
            match self.defs.get(var as usize) {
                Some(Def::And(a, b)) | Some(Def::Xor(a, b)) => stack.extend([a.var(), b.var()]),
                Some(Def::Mux(s, t, e)) => stack.extend([s.var(), t.var(), e.var()]),
                _ => {}
            }
        }
        let mut solver = Solver::new(budget);
        let m = |l: Lit| map(&dense, l);
        for &var in &order {
            let out = m(Lit::of_var(var));
            match self.defs.get(var as usize) {
                Some(Def::True) => solver.clause(&[out]),
                Some(Def::And(a, b)) => {
                    let (a, b) = (m(*a), m(*b));
                    solver.clause(&[-out, a]);
                    solver.clause(&[-out, b]);
                    solver.clause(&[out, -a, -b]);
                }
                Some(Def::Xor(a, b)) => {
                    let (a, b) = (m(*a), m(*b));
                    solver.clause(&[-out, a, b]);
                    solver.clause(&[-out, -a, -b]);
                    solver.clause(&[out, -a, b]);
                    solver.clause(&[out, a, -b]);
                }
                Some(Def::Mux(s, t, e)) => {
                    let (s, t, e) = (m(*s), m(*t), m(*e));
                    solver.clause(&[-s, -t, out]);
                    solver.clause(&[-s, t, -out]);
                    solver.clause(&[s, -e, out]);
                    solver.clause(&[s, e, -out]);
                    solver.clause(&[-t, -e, out]);
                    solver.clause(&[t, e, -out]);
                }
                _ => {}
            }
        }
        for &l in &self.always {
            solver.clause(&[m(l)]);
        }
        (solver, dense)
    }

    /// The free variables (inputs) the gates of `roots` read.
    pub fn support(&self, roots: &[Lit]) -> Vec<i32> {
        let mut seen: rustc_hash::FxHashSet<i32> = Default::default();
        let mut inputs = Vec::new();
        let mut stack: Vec<i32> = roots.iter().map(|l| l.var()).collect();
        while let Some(var) = stack.pop() {
            if !seen.insert(var) {
                continue;
            }
            match self.defs.get(var as usize) {
                Some(Def::And(a, b)) | Some(Def::Xor(a, b)) => stack.extend([a.var(), b.var()]),
                Some(Def::Mux(s, t, e)) => stack.extend([s.var(), t.var(), e.var()]),
                Some(Def::Input) => inputs.push(var),
                _ => {}
            }
        }
        inputs
    }

    /// The literal's value in the last model.
    pub fn value(&self, lit: Lit) -> bool {
        let v = self.var_value(lit.var());
        v != lit.is_negated()
    }

    fn var_value(&self, var: i32) -> bool {
        if let Some(&v) = self.model.get(&var) {
            return v;
        }
        if let Some(&v) = self.computed.borrow().get(&var) {
            return v;
        }
        // Outside the cone: compute it from what it reads, deepest first.
        let mut stack = vec![var];
        while let Some(&top) = stack.last() {
            let known =
                |v: i32| self.model.contains_key(&v) || self.computed.borrow().contains_key(&v);
            let reads: Vec<i32> = match self.defs.get(top as usize) {
                Some(Def::And(a, b)) | Some(Def::Xor(a, b)) => vec![a.var(), b.var()],
                Some(Def::Mux(s, t, e)) => vec![s.var(), t.var(), e.var()],
                _ => vec![],
            };
            let missing: Vec<i32> = reads.into_iter().filter(|&v| !known(v)).collect();
            if !missing.is_empty() {
                stack.extend(missing);
                continue;
            }
            stack.pop();
            let lit = |l: &Lit| {
                let v = self
                    .model
                    .get(&l.var())
                    .copied()
                    .or_else(|| self.computed.borrow().get(&l.var()).copied())
                    .unwrap_or(false);
                v != l.is_negated()
            };
            let value = match self.defs.get(top as usize) {
                Some(Def::True) => true,
                Some(Def::And(a, b)) => lit(a) && lit(b),
                Some(Def::Xor(a, b)) => lit(a) != lit(b),
                Some(Def::Mux(s, t, e)) => {
                    if lit(s) {
                        lit(t)
                    } else {
                        lit(e)
                    }
                }
                // An input no question has touched: its constraints hold
                // for false (every fact's domain holds a zero).
                _ => false,
            };
            self.computed.borrow_mut().insert(top, value);
        }
        self.computed.borrow().get(&var).copied().unwrap_or(false)
    }

    /// `a and b`
    pub fn and(&mut self, a: Lit, b: Lit) -> Lit {
        if a == Lit::FALSE || b == Lit::FALSE || a == !b {
            return Lit::FALSE;
        }
        if a == Lit::TRUE || a == b {
            return b;
        }
        if b == Lit::TRUE {
            return a;
        }
        let key = if a < b { (a, b) } else { (b, a) };
        if let Some(&out) = self.ands.get(&key) {
            return out;
        }
        let out = self.define(Def::And(key.0, key.1));
        self.ands.insert(key, out);
        out
    }

    /// `a or b`
    pub fn or(&mut self, a: Lit, b: Lit) -> Lit {
        !self.and(!a, !b)
    }

    /// `a implies b`
    pub fn implies(&mut self, a: Lit, b: Lit) -> Lit {
        self.or(!a, b)
    }

    /// `a xor b`
    pub fn xor(&mut self, a: Lit, b: Lit) -> Lit {
        if a.is_const() {
            return if a == Lit::TRUE { !b } else { b };
        }
        if b.is_const() {
            return if b == Lit::TRUE { !a } else { a };
        }
        if a == b {
            return Lit::FALSE;
        }
        if a == !b {
            return Lit::TRUE;
        }
        // xor(!a, b) = !xor(a, b): keep one gate for all four signs.
        let flip = a.is_negated() != b.is_negated();
        let (a, b) = (
            if a.is_negated() { !a } else { a },
            if b.is_negated() { !b } else { b },
        );
        let key = if a < b { (a, b) } else { (b, a) };
        let out = match self.xors.get(&key) {
            Some(&out) => out,
            None => {
                let out = self.define(Def::Xor(key.0, key.1));
                self.xors.insert(key, out);
                out
            }
        };
        if flip {
            !out
        } else {
            out
        }
    }

    /// `a` exactly when `b`.
    pub fn iff(&mut self, a: Lit, b: Lit) -> Lit {
        !self.xor(a, b)
    }

    /// `if s then t else e`.
    pub fn mux(&mut self, s: Lit, t: Lit, e: Lit) -> Lit {
        if s == Lit::TRUE || t == e {
            return t;
        }
        if s == Lit::FALSE {
            return e;
        }
        if t == Lit::TRUE || t == s {
            return self.or(s, e);
        }
        if t == Lit::FALSE || t == !s {
            return self.and(!s, e);
        }
        if e == Lit::TRUE || e == !s {
            return self.or(!s, t);
        }
        if e == Lit::FALSE || e == s {
            return self.and(s, t);
        }
        if t == !e {
            return self.iff(s, t);
        }
        let (s, t, e) = if s.dimacs() < 0 {
            (!s, e, t)
        } else {
            (s, t, e)
        };
        if let Some(&out) = self.muxes.get(&(s, t, e)) {
            return out;
        }
        let out = self.define(Def::Mux(s, t, e));
        self.muxes.insert((s, t, e), out);
        out
    }

    /// Every literal holds (true for none).
    pub fn and_all(&mut self, lits: impl IntoIterator<Item = Lit>) -> Lit {
        let mut out = Lit::TRUE;
        for lit in lits {
            out = self.and(out, lit);
            if out == Lit::FALSE {
                break;
            }
        }
        out
    }

    /// One literal holds, at least (false for none).
    pub fn or_all(&mut self, lits: impl IntoIterator<Item = Lit>) -> Lit {
        let mut out = Lit::FALSE;
        for lit in lits {
            out = self.or(out, lit);
            if out == Lit::TRUE {
                break;
            }
        }
        out
    }

    /// A full adder: (sum, carry).
    pub fn full_add(&mut self, a: Lit, b: Lit, c: Lit) -> (Lit, Lit) {
        let ab = self.xor(a, b);
        let sum = self.xor(ab, c);
        let carry = self.mux(ab, c, a);
        (sum, carry)
    }
}

/// `l` in a cone's dense numbering (variables outside it read as true: the
/// callers only map what the cone holds).
fn map(dense: &HashMap<i32, i32>, l: Lit) -> i32 {
    let v = dense.get(&l.var()).copied().unwrap_or(1);
    if l.is_negated() {
        -v
    } else {
        v
    }
}
