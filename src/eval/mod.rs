//! Deciding a case: assumptions, then clauses, then precedence, then outputs.
//! A pure function of the program and the facts.
//!
//! A checked [`Program`] is made ready to decide cases once, as a
//! [`Prepared`] (its expressions compiled, its facts reader laid out); a
//! [`Worker`] then decides case after case against it, reusing its buffers.

mod compiled;
mod condition;
mod error;
mod expr;
mod memo;
mod prepared;
mod trace;

use std::cell::RefCell;

use fixedbitset::FixedBitSet;
use smallvec::SmallVec;

pub use error::EvalError;
pub use prepared::Prepared;
pub use trace::{ClauseOutcome, ClauseTrace, ConditionTrace};

pub(crate) use compiled::Compiled;
pub(crate) use expr::Ctx;

use crate::program::{ClauseId, OutputId, Program, Value};
use compiled::{Code, Does};

/// The outcome of one case.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decision {
    /// One value per output, in declaration order; `Missing` when unset.
    pub outputs: Vec<Value>,
    /// The clause that decided each output, if one did.
    pub decided_by: Vec<Option<ClauseId>>,
    /// For each output, the clauses that applied and would have set it but
    /// were overridden (by precedence, or a forbid beating a permit).
    pub overridden: Vec<Overridden>,
    /// Clauses whose conditions held, overridden or not.
    pub applicable: FixedBitSet,
}

/// The clauses overridden on one output: rarely more than two, kept in
/// place so that a new decision does not allocate for each.
pub type Overridden = SmallVec<[ClauseId; 2]>;

/// A case the policy rejects: it breaks an assumption.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejection {
    /// Index into [`Program::assumptions`].
    pub assumption: usize,
}

/// Why a case gets no decision.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// It breaks an assumption.
    Rejected(Rejection),
    /// Evaluating it failed.
    Error(EvalError),
}

impl From<EvalError> for Failure {
    fn from(e: EvalError) -> Self {
        Failure::Error(e)
    }
}

impl From<Box<EvalError>> for Failure {
    fn from(e: Box<EvalError>) -> Self {
        Failure::Error(*e)
    }
}

/// Which branch of a rule fired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Branch {
    Then,
    Otherwise,
}

/// Decide one case with the thread's working buffers (see
/// [`Prepared::decide`]).
fn decide_once(prepared: &Prepared, facts: &[Value]) -> Result<Decision, Failure> {
    // One-off decisions (the REPL, `policy eval` of one case, callers of the
    // library) borrow their thread's working buffers, so that only what the
    // decision returns is allocated.
    thread_local! {
        static SCRATCH: RefCell<Scratch> = RefCell::default();
    }
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => Deciding {
            program: prepared.program(),
            code: prepared.code(),
            scratch: &mut scratch,
        }
        .decide(facts),
        // Only a decision made while deciding (none is) would find them in
        // use; it would get buffers of its own.
        Err(_) => Worker::new(prepared).decide(facts),
    })
}

/// Decides case after case against one prepared program, reusing its
/// working buffers so that a decision allocates nothing beyond what it
/// returns. One per thread.
pub struct Worker<'p> {
    prepared: &'p Prepared,
    scratch: Scratch,
}

/// What a decision works in, kept from one decision to the next.
#[derive(Default)]
struct Scratch {
    definitions: memo::Memo,
    fired: Vec<Fired>,
    /// Permits and forbids in force: (output, clause, is a forbid).
    permissions: Vec<(OutputId, ClauseId, bool)>,
}

impl<'p> Worker<'p> {
    /// A worker for `prepared`, with empty buffers.
    pub fn new(prepared: &'p Prepared) -> Worker<'p> {
        Worker {
            prepared,
            scratch: Scratch::default(),
        }
    }

    /// The prepared program it decides against.
    pub fn prepared(&self) -> &'p Prepared {
        self.prepared
    }

    /// Decide one case: `facts` holds one value per fact, as the facts
    /// reader gives them.
    pub fn decide(&mut self, facts: &[Value]) -> Result<Decision, Failure> {
        self.deciding().decide(facts)
    }

    /// Decide into `decision`, reusing its vectors: after the first case a
    /// decision allocates nothing. On a failure `decision` holds no answer.
    pub fn decide_into(&mut self, facts: &[Value], decision: &mut Decision) -> Result<(), Failure> {
        self.deciding().decide_into(facts, decision)
    }

    fn deciding(&mut self) -> Deciding<'p, '_> {
        Deciding {
            program: self.prepared.program(),
            code: self.prepared.code(),
            scratch: &mut self.scratch,
        }
    }
}

/// A program and the buffers a decision works in, borrowed: a [`Worker`]'s
/// own, or for one-off decisions the thread's (borrowed in place, not moved
/// out and back).
struct Deciding<'p, 's> {
    program: &'p Program,
    code: &'p Compiled,
    scratch: &'s mut Scratch,
}

impl Deciding<'_, '_> {
    fn decide(&mut self, facts: &[Value]) -> Result<Decision, Failure> {
        let mut decision = Decision::default();
        self.decide_into(facts, &mut decision)?;
        Ok(decision)
    }

    fn decide_into(&mut self, facts: &[Value], decision: &mut Decision) -> Result<(), Failure> {
        let program = self.program;
        let outputs = program.outputs.len();
        reset(&mut decision.outputs, outputs, |v| *v = Value::Missing);
        reset(&mut decision.decided_by, outputs, |c| *c = None);
        reset(&mut decision.overridden, outputs, Overridden::clear);
        let mut ctx = Ctx::new(
            program,
            self.code,
            facts,
            std::mem::take(&mut self.scratch.definitions),
            &mut decision.outputs,
            &mut decision.decided_by,
        );
        if decision.applicable.len() == program.clauses.len() {
            decision.applicable.clear();
        } else {
            decision.applicable = FixedBitSet::with_capacity(program.clauses.len());
        }
        // The applicable set is handed over as its words: `FixedBitSet`
        // would work out its slices' lengths again on every test.
        let result = self.run(
            &mut ctx,
            &mut decision.overridden,
            decision.applicable.as_mut_slice(),
        );
        // Every run of compiled code above was checked, taking its error.
        debug_assert!(
            ctx.failure.is_none(),
            "an unchecked error: {:?}",
            ctx.failure
        );
        self.scratch.definitions = ctx.definitions;
        result
    }

    fn run(
        &mut self,
        ctx: &mut Ctx<'_>,
        overridden: &mut [Overridden],
        applied: &mut [usize],
    ) -> Result<(), Failure> {
        self.fire(ctx, applied)?;
        self.effects(ctx, overridden)
    }

    /// Assumptions, then which rules of which clauses fire, into
    /// `scratch.fired`.
    fn fire(&mut self, ctx: &mut Ctx<'_>, applied: &mut [usize]) -> Result<(), Failure> {
        let code = ctx.code;
        assume(ctx)?;

        // Which rules of which clauses fire. Stronger clauses come first
        // (`clause_order` is a topological order of precedence), so whether a
        // clause is overridden is settled before its conditions run: an
        // error in them (a division by zero) then means only that it does
        // not apply, since it would contribute nothing anyway: its recorded
        // error is dropped.
        let fired = &mut self.scratch.fired;
        fired.clear();
        for (at, clause) in code.clauses.iter().enumerate() {
            let overridden = clause.contested && meets(&clause.beaten, applied);
            // Whether a condition holds; `None` when it failed in an
            // overridden clause, where the rule then neither holds nor
            // takes its `otherwise`: it does not apply.
            let holds = |ctx: &mut Ctx<'_>, condition: &Code<bool>| {
                let holds = condition(ctx);
                match ctx.failed() {
                    Ok(()) => Ok(Some(holds)),
                    Err(_) if overridden => Ok(None),
                    Err(error) => Err(error),
                }
            };
            if let Some(when) = &clause.when {
                if holds(ctx, when)? != Some(true) {
                    continue;
                }
            }
            for (index, rule) in clause.rules.iter().enumerate() {
                let branch = match &rule.condition {
                    None => Branch::Then,
                    Some(c) => match holds(ctx, c)? {
                        Some(true) => Branch::Then,
                        Some(false) if rule.otherwise.is_some() => Branch::Otherwise,
                        Some(false) | None => continue,
                    },
                };
                if let Some(word) = applied.get_mut(clause.word) {
                    *word |= clause.bit;
                }
                fired.push(Fired {
                    clause: clause.id,
                    at,
                    rule: index,
                    branch,
                    overridden,
                });
            }
        }
        // Effects in file order, as written (already so when precedence
        // visits the clauses in that order).
        if !code.in_file_order {
            fired.sort_unstable_by_key(|fired| (fired.clause, fired.rule));
        }
        Ok(())
    }

    /// The fired rules' effects, then gaps, then computed outputs.
    fn effects(&mut self, ctx: &mut Ctx<'_>, overridden: &mut [Overridden]) -> Result<(), Failure> {
        let program = self.program;
        let code = ctx.code;
        let Scratch {
            fired, permissions, ..
        } = &mut *self.scratch;
        // Clauses in force set their outputs; overridden ones contribute
        // nothing.
        permissions.clear();
        for fired in fired.iter() {
            let clause = fired.clause;
            let Some(rule) = code
                .clauses
                .get(fired.at)
                .and_then(|c| c.rules.get(fired.rule))
            else {
                continue;
            };
            let effects = match (fired.branch, &rule.otherwise) {
                (Branch::Otherwise, Some(otherwise)) => otherwise,
                _ => &rule.then,
            };
            let output = effects.output;
            if fired.overridden {
                if let Some(list) = overridden.get_mut(output) {
                    if !list.contains(&clause) {
                        list.push(clause);
                    }
                }
                continue;
            }
            match &effects.does {
                Does::Permit => permissions.push((output, clause, false)),
                Does::Forbid => permissions.push((output, clause, true)),
                Does::Set(value_of) => {
                    if let Some(&Some(previous)) = ctx.decided_by.get(output) {
                        return Err(conflict(program, output, previous, clause).into());
                    }
                    value_of.set(ctx, output)?;
                    if let Some(by) = ctx.decided_by.get_mut(output) {
                        *by = Some(clause);
                    }
                }
            }
        }

        for &id in &code.permissions {
            // Forbid beats permit; with no permit, deny.
            let mine = permissions.iter().filter(|(o, _, _)| *o == id);
            let forbid = mine.clone().find(|(_, _, f)| *f).map(|(_, c, _)| *c);
            let permit = mine.clone().find(|(_, _, f)| !*f).map(|(_, c, _)| *c);
            if let Some(slot) = ctx.outputs.get_mut(id) {
                *slot = Value::Bool(forbid.is_none() && permit.is_some());
            }
            if let Some(by) = ctx.decided_by.get_mut(id) {
                *by = forbid.or(permit);
            }
            if let (Some(_), Some(list)) = (forbid, overridden.get_mut(id)) {
                list.extend(mine.filter(|(_, _, f)| !*f).map(|(_, c, _)| *c));
            }
        }
        for &id in &code.required {
            if ctx.outputs.get(id).is_none_or(Value::is_missing) {
                return Err(EvalError::Gap {
                    output: program.output_name(id).to_string(),
                }
                .into());
            }
        }

        for (id, compute) in &code.computed {
            compute.set(ctx, *id)?;
        }
        Ok(())
    }
}

/// The assumptions, in order: the first broken one rejects the case.
/// Errors are checked once, after the loop: an assumption that failed to
/// evaluate recorded the first error, which is the decision's whether the
/// loop stopped there (its stand-in broke it) or went on.
fn assume(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    let broken = ctx.code.assumptions.iter().position(|holds| !holds(ctx));
    ctx.failed()?;
    match broken {
        Some(assumption) => Err(Failure::Rejected(Rejection { assumption })),
        None => Ok(()),
    }
}

/// Whether a case passes every assumption (`Err` names the first it
/// breaks, or the error evaluating one raised).
pub fn admitted(prepared: &Prepared, facts: &[Value]) -> Result<(), Failure> {
    let (program, code) = (prepared.program(), prepared.code());
    let outputs = program.outputs.len();
    let (mut values, mut by) = (vec![Value::Missing; outputs], vec![None; outputs]);
    let memo = memo::Memo::default();
    let mut ctx = Ctx::new(program, code, facts, memo, &mut values, &mut by);
    assume(&mut ctx)
}

/// A rule that fired for a case, before any effect: what `policy check`'s
/// witnesses are held to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FiredRule {
    /// The clause.
    pub clause: ClauseId,
    /// Which of its rules.
    pub rule: usize,
    /// The `then` branch fired (else the `otherwise`).
    pub then: bool,
    /// A clause above it in the precedence applied.
    pub overridden: bool,
}

/// Which rules fire for a case, after the assumptions and before any
/// effect, exactly as [`Prepared::decide`] takes them; `Err` where the case is
/// rejected or a condition fails to evaluate.
pub fn fired(prepared: &Prepared, facts: &[Value]) -> Result<Vec<FiredRule>, Failure> {
    let (program, code) = (prepared.program(), prepared.code());
    let mut worker = Worker::new(prepared);
    let mut deciding = worker.deciding();
    let outputs = program.outputs.len();
    let (mut values, mut by) = (vec![Value::Missing; outputs], vec![None; outputs]);
    let memo = memo::Memo::default();
    let mut ctx = Ctx::new(program, code, facts, memo, &mut values, &mut by);
    let mut applied = FixedBitSet::with_capacity(program.clauses.len());
    deciding.fire(&mut ctx, applied.as_mut_slice())?;
    Ok(deciding
        .scratch
        .fired
        .iter()
        .map(|f| FiredRule {
            clause: f.clause,
            rule: f.rule,
            then: f.branch == Branch::Then,
            overridden: f.overridden,
        })
        .collect())
}

/// A rule that fired in one decision.
struct Fired {
    clause: ClauseId,
    /// Where the clause is in [`Compiled::clauses`].
    at: usize,
    rule: usize,
    branch: Branch,
    /// Whether a stronger clause applied: settled before the rule ran.
    overridden: bool,
}

/// Whether two sets share a clause, a word at a time (policies have few
/// clauses, so this is usually one word, where `is_disjoint` sets up SIMD).
fn meets(a: &[usize], b: &[usize]) -> bool {
    match (a, b) {
        ([x], [y, ..]) => x & y != 0,
        _ => a.iter().zip(b).any(|(x, y)| x & y != 0),
    }
}

/// `buffer` made `len` empty slots (as `empty` leaves one, or the default),
/// keeping its allocation.
fn reset<T: Default>(buffer: &mut Vec<T>, len: usize, empty: impl Fn(&mut T)) {
    if buffer.len() == len {
        // The usual case: the same program's last decision. Emptied in
        // place, each slot keeps what it holds (an overridden list its
        // room): much cheaper than truncating and growing again.
        buffer.iter_mut().for_each(empty);
    } else {
        if buffer.capacity() < len {
            // A new decision's: allocated at its size at once, not grown.
            *buffer = Vec::with_capacity(len);
        }
        buffer.clear();
        buffer.resize_with(len, T::default);
    }
}

fn conflict(program: &Program, output: OutputId, first: ClauseId, second: ClauseId) -> EvalError {
    let name = |c: ClauseId| {
        program
            .clauses
            .get(c)
            .map(|c| c.id.clone())
            .unwrap_or_default()
    };
    let output = program
        .outputs
        .get(output)
        .map(|o| o.name.clone())
        .unwrap_or_default();
    if first == second {
        // Two rules of one clause: no precedence can order them.
        return EvalError::SetTwice {
            output,
            clause: name(first),
        };
    }
    EvalError::Conflict {
        output,
        clauses: format!("`{}` and `{}`", name(first), name(second)),
        first: name(first),
        second: name(second),
    }
}
