//! Three-valued evaluation over the compiled tree: with some facts unknown,
//! a condition is true, false, or not yet known. `and`, `or`, `not` and
//! `if` follow Kleene's logic, so `false and ?` is false whatever `?` turns
//! out to be; every other node is handed to the real evaluator once every
//! fact it reads is known, so this can never disagree with a decision.
//!
//! An unknown result carries the unknown facts that can still settle it:
//! only those read by parts whose own result is still unknown. A fact read
//! only beside a part already false (in an `and`) cannot matter, and is left
//! out; that is what makes `:needs` say which facts matter.

use fixedbitset::FixedBitSet;
use policy::eval::{Decision, Prepared};
use policy::program::{FactId, Node, Op, Program, ReadWalk, Value};

/// A truth value, and while unknown, the facts it still turns on.
#[derive(Clone, Debug, PartialEq)]
pub struct Tri {
    pub truth: Option<bool>,
    pub facts: FixedBitSet,
}

impl Tri {
    pub fn known(b: bool) -> Tri {
        Tri {
            truth: Some(b),
            facts: FixedBitSet::new(),
        }
    }

    pub fn unknown(facts: FixedBitSet) -> Tri {
        Tri { truth: None, facts }
    }

    pub fn is(&self, b: bool) -> bool {
        self.truth == Some(b)
    }

    pub fn not(self) -> Tri {
        Tri {
            truth: self.truth.map(|b| !b),
            facts: self.facts,
        }
    }

    /// Kleene `and` of many: false if any is false (and then nothing else
    /// matters), true if all are true, otherwise unknown on the union of the
    /// unknown parts' facts.
    pub fn all(parts: impl IntoIterator<Item = Tri>) -> Tri {
        let mut facts = FixedBitSet::new();
        let mut unknown = false;
        for part in parts {
            match part.truth {
                Some(false) => return Tri::known(false),
                Some(true) => {}
                None => {
                    unknown = true;
                    facts.union_with(&part.facts);
                }
            }
        }
        if unknown {
            Tri::unknown(facts)
        } else {
            Tri::known(true)
        }
    }

    /// Kleene `or` of many.
    pub fn any(parts: impl IntoIterator<Item = Tri>) -> Tri {
        Tri::all(parts.into_iter().map(Tri::not)).not()
    }

    pub fn and(self, other: Tri) -> Tri {
        Tri::all([self, other])
    }
}

/// The truth of each definition worked out so far in one call, by id
/// (empty until a definition is read).
type Memo = Vec<Option<Tri>>;

/// The facts known so far.
pub struct Known<'a> {
    pub program: &'a Program,
    prepared: &'a Prepared,
    /// One slot per fact; unknown facts hold `Missing` and are never read.
    pub values: Vec<Value>,
    pub known: FixedBitSet,
    /// Outputs settled so far, for computed outputs that read them.
    pub decision: Decision,
    pub settled: FixedBitSet,
    /// For outputs not settled, the facts that can still change them.
    pub open: Vec<FixedBitSet>,
    /// Outputs whose unmet requirements are known, and for the others the
    /// facts those still turn on.
    pub unmet_settled: FixedBitSet,
    pub unmet_open: Vec<FixedBitSet>,
    /// The missing facts the requirements of the clauses that may decide
    /// each output read.
    pub unmet_reqs: Vec<FixedBitSet>,
}

impl<'a> Known<'a> {
    pub fn new(prepared: &'a Prepared, facts: &[Option<Value>]) -> Known<'a> {
        let program = prepared.program();
        let n = program.facts.len();
        let mut known = FixedBitSet::with_capacity(n);
        for (i, v) in facts.iter().enumerate() {
            if v.is_some() {
                known.insert(i);
            }
        }
        let outputs = program.outputs.len();
        Known {
            program,
            prepared,
            values: facts
                .iter()
                .map(|v| v.clone().unwrap_or_default())
                .collect(),
            known,
            decision: Decision {
                outputs: vec![Value::Missing; outputs],
                decided_by: vec![None; outputs],
                overridden: vec![Default::default(); outputs],
                applicable: FixedBitSet::with_capacity(program.clauses.len()),
            },
            settled: FixedBitSet::with_capacity(outputs),
            open: vec![FixedBitSet::new(); outputs],
            unmet_settled: FixedBitSet::with_capacity(outputs),
            unmet_open: vec![FixedBitSet::new(); outputs],
            unmet_reqs: vec![FixedBitSet::new(); outputs],
        }
    }

    pub fn facts(&self) -> usize {
        self.program.facts.len()
    }

    /// A condition's truth.
    pub fn truth(&self, n: &Node) -> Tri {
        self.truth_in(n, &mut Memo::new())
    }

    /// A condition's truth, each definition's worked out once per call:
    /// nothing known changes within one, and a chain of definitions each
    /// reading the one before twice would otherwise take 2^depth walks.
    fn truth_in(&self, n: &Node, memo: &mut Memo) -> Tri {
        match &n.op {
            Op::And(a, b) => self.truth_in(a, memo).and(self.truth_in(b, memo)),
            Op::Or(a, b) => Tri::any([self.truth_in(a, memo), self.truth_in(b, memo)]),
            Op::Not(a) => self.truth_in(a, memo).not(),
            Op::If(c, a, b) => match self.truth_in(c, memo) {
                Tri {
                    truth: Some(true), ..
                } => self.truth_in(a, memo),
                Tri {
                    truth: Some(false), ..
                } => self.truth_in(b, memo),
                c => {
                    let (a, b) = (self.truth_in(a, memo), self.truth_in(b, memo));
                    match (a.truth, b.truth) {
                        (Some(x), Some(y)) if x == y => Tri::known(x),
                        _ => {
                            let mut facts = c.facts;
                            facts.union_with(&a.facts);
                            facts.union_with(&b.facts);
                            Tri::unknown(facts)
                        }
                    }
                }
            },
            Op::Definition(id) => {
                if let Some(Some(t)) = memo.get(*id) {
                    return t.clone();
                }
                let t = match self.program.definitions.get(*id) {
                    Some(d) => self.truth_in(&d.value, memo),
                    None => return Tri::unknown(FixedBitSet::new()),
                };
                if memo.len() <= *id {
                    memo.resize(self.program.definitions.len(), None);
                }
                memo[*id] = Some(t.clone());
                t
            }
            _ => match self.value_in(n, memo) {
                Ok(Value::Bool(b)) => Tri::known(b),
                Ok(_) => Tri::unknown(FixedBitSet::new()),
                Err(facts) => Tri::unknown(facts),
            },
        }
    }

    /// A value, or the unknown facts it still reads.
    pub fn value(&self, n: &Node) -> Result<Value, FixedBitSet> {
        self.value_in(n, &mut Memo::new())
    }

    fn value_in(&self, n: &Node, memo: &mut Memo) -> Result<Value, FixedBitSet> {
        if let Op::If(c, a, b) = &n.op {
            match self.truth_in(c, memo).truth {
                Some(true) => return self.value_in(a, memo),
                Some(false) => return self.value_in(b, memo),
                None => {}
            }
        }
        let missing = self.unknown_reads(n);
        if !missing.is_clear() {
            return Err(missing);
        }
        // Every input is known: the real evaluator decides. An error here
        // (an overflow) settles nothing.
        self.prepared
            .evaluate(&self.values, Some(&self.decision), n)
            .map_err(|_| FixedBitSet::with_capacity(self.facts()))
    }

    /// The unknown facts a node reads, through definitions and through the
    /// outputs it reads that are not settled yet.
    pub fn unknown_reads(&self, n: &Node) -> FixedBitSet {
        let mut out = FixedBitSet::with_capacity(self.facts());
        let mut unsettled = false;
        ReadWalk::new(self.program).walk(self.program, n, &mut |n| {
            self.collect(n, &mut out, &mut unsettled)
        });
        if unsettled && out.is_clear() {
            // Reads an output that nothing can settle yet (say, a conflict):
            // still not known, though no one fact is to blame.
            out.grow(self.facts() + 1);
            out.insert(self.facts());
        }
        out
    }

    /// What one node read adds (the walk goes through definitions).
    fn collect(&self, n: &Node, out: &mut FixedBitSet, unsettled: &mut bool) {
        let open = match &n.op {
            Op::Fact(f) if !self.known.contains(*f) => {
                out.insert(*f);
                return;
            }
            Op::Output(o) if !self.settled.contains(*o) => self.open.get(*o),
            Op::Unmet(o) if !self.unmet_settled.contains(*o) => self.unmet_open.get(*o),
            _ => return,
        };
        *unsettled = true;
        if let Some(open) = open {
            out.union_with(open);
        }
    }
}

impl Known<'_> {
    /// The missing facts a computed output reads itself (through
    /// definitions and requirements), and the unsettled outputs it reads.
    pub fn direct_reads(&self, n: &Node) -> (FixedBitSet, Vec<usize>) {
        let mut facts = FixedBitSet::with_capacity(self.facts());
        let mut outputs = vec![];
        ReadWalk::new(self.program).walk(self.program, n, &mut |n| {
            self.direct(n, &mut facts, &mut outputs)
        });
        (facts, outputs)
    }

    /// What one node read adds (the walk goes through definitions).
    fn direct(&self, n: &Node, facts: &mut FixedBitSet, outputs: &mut Vec<usize>) {
        let mut note = |o: usize, settled: &FixedBitSet| {
            if !settled.contains(o) && !outputs.contains(&o) {
                outputs.push(o);
            }
        };
        match &n.op {
            Op::Fact(f) if !self.known.contains(*f) => facts.insert(*f),
            Op::Output(o) => note(*o, &self.settled),
            Op::Unmet(o) => {
                if let Some(reqs) = self.unmet_reqs.get(*o) {
                    facts.union_with(reqs);
                }
                // Which clause decides `o` matters only while it is open.
                if !matches!(self.decision.decided_by.get(*o), Some(Some(_)))
                    && !self.unmet_settled.contains(*o)
                {
                    note(*o, &self.settled);
                }
            }
            _ => {}
        }
    }
}

/// The facts named in a set, in declaration order, leaving out the marker
/// for "an output nothing can settle".
pub fn fact_list(program: &Program, set: &FixedBitSet) -> Vec<FactId> {
    set.ones().filter(|&f| f < program.facts.len()).collect()
}
