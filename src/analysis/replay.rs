//! Every witness the engine finds is run through `eval` before it is
//! shown: the finding stands only if evaluation does what it claims. A
//! witness `eval` contradicts is an encoding bug, reported as an internal
//! error (and a test fails on it), never as a claim.

use crate::error::ErrorKind;
use crate::eval::{self, EvalError, Failure, FiredRule, Prepared};
use crate::program::{Effect, OutputId, Program, Value};

/// Whether `rule` of its clause, firing as `f` says, sets `output`.
fn sets(program: &Program, f: &FiredRule, output: OutputId) -> bool {
    program
        .clauses
        .get(f.clause)
        .and_then(|c| c.rules.get(f.rule))
        .and_then(|r| {
            if f.then {
                Some(&r.then)
            } else {
                r.otherwise.as_ref()
            }
        })
        .is_some_and(|e| matches!(e, Effect::Set(o, _) if *o == output))
}

fn fired(prepared: &Prepared, facts: &[Value]) -> Result<Vec<FiredRule>, String> {
    eval::fired(prepared, facts).map_err(|f| match f {
        Failure::Rejected(r) => {
            format!("the witness is rejected by assumption {}", r.assumption + 1)
        }
        Failure::Error(e) => format!("the witness fails to evaluate: {e}"),
    })
}

/// Rules `a` and `b` (clause, rule) both fire, in force, setting `output`.
pub fn both_decide(
    prepared: &Prepared,
    facts: &[Value],
    output: OutputId,
    a: (usize, usize),
    b: (usize, usize),
) -> Result<(), String> {
    let program = prepared.program();
    let fired = fired(prepared, facts)?;
    let in_force = |(clause, rule): (usize, usize)| {
        fired.iter().any(|f| {
            f.clause == clause && f.rule == rule && !f.overridden && sets(program, f, output)
        })
    };
    if in_force(a) && in_force(b) {
        Ok(())
    } else {
        Err(format!(
            "a conflict witness on which `{}` and `{}` do not both decide `{}`",
            program.clauses[a.0].id, program.clauses[b.0].id, program.outputs[output].name
        ))
    }
}

/// No rule in force sets `output`.
pub fn undecided(prepared: &Prepared, facts: &[Value], output: OutputId) -> Result<(), String> {
    let program = prepared.program();
    let fired = fired(prepared, facts)?;
    if fired
        .iter()
        .any(|f| !f.overridden && sets(program, f, output))
    {
        return Err(format!(
            "a gap witness on which a clause decides `{}`",
            program.outputs[output].name
        ));
    }
    Ok(())
}

/// `eval` stops with a run-time failure of an operation (not a conflict or
/// a gap): that error.
pub fn fails(prepared: &Prepared, facts: &[Value]) -> Result<EvalError, String> {
    match prepared.decide(facts) {
        Err(Failure::Error(e)) if matches!(e.kind(), ErrorKind::Arithmetic | ErrorKind::Date) => {
            Ok(e)
        }
        Err(Failure::Error(e)) => Err(format!("a failure witness that ends in {e}")),
        Err(Failure::Rejected(r)) => Err(format!(
            "a failure witness rejected by assumption {}",
            r.assumption + 1
        )),
        Ok(_) => Err("a failure witness that evaluates without error".into()),
    }
}
