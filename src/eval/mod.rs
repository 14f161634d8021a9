//! Deciding a case: assumptions, then clauses, then precedence, then outputs.
//! A pure function of the program and the facts.

mod error;
mod expr;
mod trace;

use fixedbitset::FixedBitSet;

pub use error::EvalError;
pub use trace::{explain, ClauseTrace, ConditionTrace, Outcome};

pub(crate) use expr::Ctx;

use crate::program::{ClauseId, Effect, OutputId, OutputSource, Program, Type, Value};

/// The outcome of one case.
#[derive(Clone, Debug, PartialEq)]
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
        let program = self.program;
        let mut ctx = Ctx::new_with(program, facts, std::mem::take(&mut self.definitions));
        let result = self.run(&mut ctx);
        self.definitions = std::mem::take(&mut ctx.definitions);
        result.map(|(overridden, applicable)| Decision {
            outputs: ctx.outputs,
            decided_by: ctx.decided_by,
            overridden,
            applicable,
        })
    }

    fn run(&mut self, ctx: &mut Ctx<'_>) -> Result<(Vec<Vec<ClauseId>>, FixedBitSet), Failure> {
        let program = self.program;
        for (index, assumption) in program.assumptions.iter().enumerate() {
            if !ctx.bool(&assumption.condition)? {
                return Err(Failure::Rejected(Rejection { assumption: index }));
            }
        }

        // Which rules of which clauses fire.
        let mut applicable = FixedBitSet::with_capacity(program.clauses.len());
        self.fired.clear();
        // Stronger clauses first, so a clause already overridden is known
        // before its conditions run: an error in them (a division by zero)
        // then means only that it does not apply, since it would contribute
        // nothing anyway.
        for &id in &program.clause_order {
            let clause = &program.clauses[id];
            let overridden = !program.beaten_by[id].is_disjoint(&applicable);
            let holds = |ctx: &mut Ctx<'_>, node| match ctx.bool(node) {
                Err(_) if overridden => Ok(false),
                other => other,
            };
            if let Some(when) = &clause.when {
                if !holds(ctx, &when.node)? {
                    continue;
                }
            }
            for (index, rule) in clause.rules.iter().enumerate() {
                let branch = match &rule.condition {
                    None => Some(Branch::Then),
                    Some(c) if holds(ctx, &c.node)? => Some(Branch::Then),
                    Some(_) if rule.otherwise.is_some() => Some(Branch::Otherwise),
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
        let mut overridden: Vec<Vec<ClauseId>> = vec![Vec::new(); program.outputs.len()];
        self.permissions.clear();
        for &(clause, index, branch) in &self.fired {
            let rule = &program.clauses[clause].rules[index];
            let effect = match branch {
                Branch::Then => &rule.then,
                Branch::Otherwise => rule.otherwise.as_ref().unwrap_or(&rule.then),
            };
            let output = effect.output();
            if !program.beaten_by[clause].is_disjoint(&applicable) {
                if !overridden[output].contains(&clause) {
                    overridden[output].push(clause);
                }
                continue;
            }
            match effect {
                Effect::Permit(_) => self.permissions.push((output, clause, false)),
                Effect::Forbid(_) => self.permissions.push((output, clause, true)),
                Effect::Set(_, node) => {
                    if let Some(previous) = ctx.decided_by[output] {
                        return Err(conflict(program, output, previous, clause).into());
                    }
                    let value = ctx.value(node)?;
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
            if let Some(OutputSource::Computed(node)) = program.outputs.get(id).map(|o| &o.source) {
                let value = ctx.value(node)?;
                ctx.outputs[id] = round(program, id, value);
            }
        }
        Ok((overridden, applicable))
    }
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
    ctx.value(node)
}
