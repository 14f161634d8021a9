//! Deciding a case: assumptions, then clauses, then precedence, then outputs.
//! A pure function of the program and the facts.

mod compiled;
mod error;
mod expr;
mod trace;

use fixedbitset::FixedBitSet;

pub use error::EvalError;
pub use trace::{explain, ClauseTrace, ConditionTrace, Outcome};

pub(crate) use compiled::Compiled;
pub(crate) use expr::Ctx;

use crate::program::{ClauseId, Effect, OutputId, OutputSource, Program, Type, Value};
use compiled::Code;

/// The outcome of one case.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decision {
    /// One value per output, in declaration order; `Missing` when unset.
    pub outputs: Vec<Value>,
    /// The clause that decided each output, if one did.
    pub decided_by: Vec<Option<ClauseId>>,
    /// For each output, the clauses that applied and would have set it but
    /// were overridden (by precedence, or a forbid beating a permit).
    pub overridden: Vec<Vec<ClauseId>>,
    /// Clauses whose conditions held, overridden or not.
    pub applicable: FixedBitSet,
}

/// A case the policy rejects: it breaks an assumption.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejection {
    /// Index into [`Program::assumptions`].
    pub assumption: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    Rejected(Rejection),
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

/// Decide one case. `facts` holds one value per fact of `program`, as read by
/// [`crate::facts::read`]. For many cases, a [`Decider`] reuses its buffers.
pub fn decide(program: &Program, facts: &[Value]) -> Result<Decision, Failure> {
    Decider::new(program).decide(facts)
}

/// Decides case after case against one program, reusing its working buffers
/// so that a decision allocates nothing beyond what it returns.
pub struct Decider<'p> {
    program: &'p Program,
    definitions: Vec<Option<Value>>,
    fired: Vec<(ClauseId, usize, Branch)>,
    /// Permits and forbids in force: (output, clause, is a forbid).
    permissions: Vec<(OutputId, ClauseId, bool)>,
}

impl<'p> Decider<'p> {
    pub fn new(program: &'p Program) -> Decider<'p> {
        Decider {
            program,
            definitions: Vec::new(),
            fired: Vec::new(),
            permissions: Vec::new(),
        }
    }

    pub fn program(&self) -> &'p Program {
        self.program
    }

    pub fn decide(&mut self, facts: &[Value]) -> Result<Decision, Failure> {
        let mut decision = Decision::default();
        self.decide_into(facts, &mut decision)?;
        Ok(decision)
    }

    /// Decide into `decision`, reusing its vectors: after the first case a
    /// decision allocates nothing. On a failure `decision` holds no answer.
    pub fn decide_into(&mut self, facts: &[Value], decision: &mut Decision) -> Result<(), Failure> {
        let program = self.program;
        let outputs = program.outputs.len();
        let mut ctx = Ctx::new_with(program, facts, std::mem::take(&mut self.definitions));
        ctx.outputs = reset(
            std::mem::take(&mut decision.outputs),
            outputs,
            Value::Missing,
        );
        ctx.decided_by = reset(std::mem::take(&mut decision.decided_by), outputs, None);
        decision.overridden.resize_with(outputs, Vec::new);
        decision.overridden.iter_mut().for_each(Vec::clear);
        decision.applicable.clear();
        decision.applicable.grow(program.clauses.len());
        let result = self.run(&mut ctx, &mut decision.overridden, &mut decision.applicable);
        self.definitions = std::mem::take(&mut ctx.definitions);
        decision.outputs = std::mem::take(&mut ctx.outputs);
        decision.decided_by = std::mem::take(&mut ctx.decided_by);
        result
    }

    fn run(
        &mut self,
        ctx: &mut Ctx<'_>,
        overridden: &mut [Vec<ClauseId>],
        applicable: &mut FixedBitSet,
    ) -> Result<(), Failure> {
        let program = self.program;
        let code = ctx.code;
        for (index, assumption) in code.assumptions.iter().enumerate() {
            if !assumption(ctx)? {
                return Err(Failure::Rejected(Rejection { assumption: index }));
            }
        }

        // Which rules of which clauses fire.
        self.fired.clear();
        // Stronger clauses first, so a clause already overridden is known
        // before its conditions run: an error in them (a division by zero)
        // then means only that it does not apply, since it would contribute
        // nothing anyway.
        for &id in &program.clause_order {
            let overridden = code.contested[id] && meets(&program.beaten_by[id], applicable);
            let holds = |ctx: &mut Ctx<'_>, condition: &Code<bool>| match condition(ctx) {
                Err(_) if overridden => Ok(false),
                other => other,
            };
            if let Some(when) = &code.whens[id] {
                if !holds(ctx, when)? {
                    continue;
                }
            }
            for (index, rule) in code.rules[id].iter().enumerate() {
                let branch = match &rule.condition {
                    None => Some(Branch::Then),
                    Some(c) if holds(ctx, c)? => Some(Branch::Then),
                    Some(_) if program.clauses[id].rules[index].otherwise.is_some() => {
                        Some(Branch::Otherwise)
                    }
                    Some(_) => None,
                };
                if let Some(branch) = branch {
                    applicable.insert(id);
                    self.fired.push((id, index, branch));
                }
            }
        }
        // Effects in file order, as written.
        self.fired
            .sort_unstable_by_key(|&(id, index, _)| (id, index));

        // Clauses in force set their outputs; overridden ones contribute
        // nothing.
        self.permissions.clear();
        for &(clause, index, branch) in &self.fired {
            let rule = &program.clauses[clause].rules[index];
            let effect = match branch {
                Branch::Then => &rule.then,
                Branch::Otherwise => rule.otherwise.as_ref().unwrap_or(&rule.then),
            };
            let output = effect.output();
            if code.contested[clause] && meets(&program.beaten_by[clause], applicable) {
                if !overridden[output].contains(&clause) {
                    overridden[output].push(clause);
                }
                continue;
            }
            match effect {
                Effect::Permit(_) => self.permissions.push((output, clause, false)),
                Effect::Forbid(_) => self.permissions.push((output, clause, true)),
                Effect::Set(..) => {
                    if let Some(previous) = ctx.decided_by[output] {
                        return Err(conflict(program, output, previous, clause).into());
                    }
                    let compiled = &code.rules[clause][index];
                    let value_of = match branch {
                        Branch::Then => &compiled.then,
                        Branch::Otherwise => &compiled.otherwise,
                    };
                    let value = match value_of {
                        Some(value_of) => value_of(ctx)?,
                        None => {
                            return Err(EvalError::Internal {
                                what: "an effect without code",
                                span: program.clauses[clause].span.into(),
                            }
                            .into())
                        }
                    };
                    ctx.outputs[output] = round(program, output, value);
                    ctx.decided_by[output] = Some(clause);
                }
            }
        }

        for (id, out) in program.outputs.iter().enumerate() {
            match (&out.source, out.ty) {
                (OutputSource::Decided, Type::Permission) => {
                    // Forbid beats permit; with no permit, deny.
                    let mine = self.permissions.iter().filter(|(o, _, _)| *o == id);
                    let forbid = mine.clone().find(|(_, _, f)| *f).map(|(_, c, _)| *c);
                    let permit = mine.clone().find(|(_, _, f)| !*f).map(|(_, c, _)| *c);
                    ctx.outputs[id] = Value::Bool(forbid.is_none() && permit.is_some());
                    ctx.decided_by[id] = forbid.or(permit);
                    if forbid.is_some() {
                        overridden[id].extend(mine.filter(|(_, _, f)| !*f).map(|(_, c, _)| *c));
                    }
                }
                (OutputSource::Decided, _) if ctx.outputs[id].is_missing() && !out.optional => {
                    return Err(EvalError::Gap {
                        output: out.name.clone(),
                    }
                    .into());
                }
                _ => {}
            }
        }

        for &id in &program.computed_order {
            if let Some(Some(compute)) = code.computed.get(id) {
                let value = compute(ctx)?;
                ctx.outputs[id] = round(program, id, value);
            }
        }
        Ok(())
    }
}

/// Whether two sets share a clause, a word at a time (policies have few
/// clauses, so this is usually one word, where `is_disjoint` sets up SIMD).
fn meets(a: &FixedBitSet, b: &FixedBitSet) -> bool {
    a.as_slice()
        .iter()
        .zip(b.as_slice())
        .any(|(x, y)| x & y != 0)
}

/// `buffer` emptied and refilled with `len` copies of `fill`, keeping its
/// allocation.
pub(crate) fn reset<T: Clone>(mut buffer: Vec<T>, len: usize, fill: T) -> Vec<T> {
    if buffer.len() == len {
        // The usual case: the same program's last decision. Overwriting in
        // place is much cheaper than truncating and growing again.
        buffer.iter_mut().for_each(|slot| *slot = fill.clone());
    } else {
        buffer.clear();
        buffer.resize(len, fill);
    }
    buffer
}

/// Money outputs are rounded once, when decided, by the header's rule.
fn round(program: &Program, output: OutputId, value: Value) -> Value {
    match (
        program.outputs.get(output).map(|o| o.ty),
        program.rounding,
        value,
    ) {
        (Some(Type::Money), Some(rounding), Value::Dec(d)) => Value::Dec(rounding.apply(d)),
        (_, _, value) => value,
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
    EvalError::Conflict {
        output: program
            .outputs
            .get(output)
            .map(|o| o.name.clone())
            .unwrap_or_default(),
        clauses: format!("`{}` and `{}`", name(first), name(second)),
        first: name(first),
        second: name(second),
    }
}

/// Evaluate one checked expression (from [`crate::check::check_expression`])
/// against a case's facts and, when it reads outputs, its decision.
pub fn evaluate(
    program: &Program,
    facts: &[Value],
    decision: Option<&Decision>,
    node: &crate::program::Node,
) -> Result<Value, EvalError> {
    let mut ctx = Ctx::new(program, facts);
    if let Some(d) = decision {
        ctx.outputs = d.outputs.clone();
        ctx.decided_by = d.decided_by.clone();
    }
    ctx.value(node).map_err(|e| *e)
}
