//! What `policy check` proves or refutes beyond types: conflicts between
//! clauses, gaps where an output gets no value, clauses that never apply or
//! never decide, cases that stop with a run-time error, unused facts and
//! definitions, and assumptions no case satisfies.
//!
//! Every question is asked of the symbolic engine (`crate::symbolic`) over
//! every case the facts reader accepts: "no" is a proof, "yes" comes with a
//! witness case, which is replayed through `eval` before it is reported
//! ([`replay`]). docs/analysis.md says what is proved and how.

mod finding;
mod replay;
#[cfg(test)]
mod tests;
mod usage;

use std::time::Instant;

pub use finding::{facts_json, Finding};

use crate::program::{ClauseId, OutputId, OutputSource, Program, Type, Value};
use crate::symbolic::{Answer, Engine, Lit};
use crate::syntax::Span;

/// Most conflicts reported for one output, and most run-time failures for
/// one policy: past them, the first ones are what an author fixes first.
const MOST_PER_OUTPUT: usize = 20;
const MOST_FAILURES: usize = 8;

/// Every finding about a checked program, errors first.
pub fn analyse(program: &Program) -> Vec<Finding> {
    let mut findings = Vec::new();
    match Engine::new(program) {
        Ok(mut engine) => questions(program, &mut engine, &mut findings),
        Err(u) => findings.push(Finding::NotCovered {
            what: u.what,
            span: u.span.into(),
        }),
    }
    usage::unused(program, &mut findings);
    findings.sort_by_key(|f| !f.is_error());
    findings
}

/// A question asked, timed, and, when the solver's budget ran out, turned
/// into a finding that says which question, where, after how long. Asked
/// first of typical cases (amounts, counts and dates a person would
/// recognise), so that a witness reads well; then of every case.
fn ask(
    engine: &mut Engine<'_>,
    lits: &[Lit],
    what: impl FnOnce() -> (String, Span),
    findings: &mut Vec<Finding>,
) -> Answer {
    let started = Instant::now();
    let mut typical = lits.to_vec();
    typical.extend(engine.typical());
    if engine.ask(&typical) == Answer::Sat {
        return Answer::Sat;
    }
    let answer = engine.ask(lits);
    if answer == Answer::Unknown {
        let (what, span) = what();
        findings.push(Finding::Undecided {
            what,
            seconds: format!("{:.1}", started.elapsed().as_secs_f64()),
            span: span.into(),
        });
    }
    answer
}

/// `lits` asked of typical cases first, then of all; no finding on a
/// budget run out (the caller asks again more simply).
fn ask_typical(engine: &mut Engine<'_>, lits: &[Lit]) -> Answer {
    let mut typical = lits.to_vec();
    typical.extend(engine.typical());
    match engine.ask(&typical) {
        Answer::Sat => Answer::Sat,
        _ => engine.ask(lits),
    }
}

fn questions(program: &Program, engine: &mut Engine<'_>, findings: &mut Vec<Finding>) {
    let valid = engine.decision.valid;
    let first_assumption = program
        .assumptions
        .first()
        .map_or_else(|| Span::new(0, 0), |a| a.span);
    let answer = ask(
        engine,
        &[valid],
        || {
            (
                "whether any case satisfies the assumptions".into(),
                first_assumption,
            )
        },
        findings,
    );
    if answer == Answer::Unsat {
        findings.push(Finding::UnsatisfiableAssumptions {
            span: first_assumption.into(),
        });
        return;
    }
    // The cases that get as far as the effects: valid, and no condition of
    // a clause in force fails to evaluate (those are reported below).
    let reach = engine.decision.condition_fails;
    let base = [valid, !reach];
    for output in decided_outputs(program) {
        conflicts(program, engine, &base, output, findings);
        gap(program, engine, &base, output, findings);
    }
    for clause in 0..program.clauses.len() {
        dead(program, engine, &base, clause, findings);
    }
    failures(program, engine, findings);
}

/// Outputs that clauses decide with a value (not permissions, which always
/// have one).
fn decided_outputs(program: &Program) -> impl Iterator<Item = OutputId> + '_ {
    program
        .outputs
        .iter()
        .enumerate()
        .filter(|(_, o)| matches!(o.source, OutputSource::Decided) && o.ty != Type::Permission)
        .map(|(id, _)| id)
}

/// Every pair of setters in force together: one question finds one pair,
/// which is then ruled out, until none is left (a proof).
fn conflicts(
    program: &Program,
    engine: &mut Engine<'_>,
    base: &[Lit],
    output: OutputId,
    findings: &mut Vec<Finding>,
) {
    let conflict = engine.decision.conflict[output];
    let setters = engine.decision.setters[output].clone();
    // Other outputs without a conflict of their own, so that `eval` stops
    // at this one (asked first; dropped when it cannot be had).
    let others: Vec<Lit> = decided_outputs(program)
        .filter(|&o| o != output)
        .map(|o| !engine.decision.conflict[o])
        .collect();
    let mut excluded: Vec<Lit> = Vec::new();
    for _ in 0..MOST_PER_OUTPUT {
        let mut lits: Vec<Lit> = base.to_vec();
        lits.push(conflict);
        lits.extend(&excluded);
        let mut strong = lits.clone();
        strong.extend(&others);
        let answer = match ask_typical(engine, &strong) {
            Answer::Sat => Answer::Sat,
            _ => ask(
                engine,
                &lits,
                || {
                    (
                        format!(
                            "whether two clauses can both decide `{}`",
                            program.outputs[output].name
                        ),
                        program.outputs[output].span,
                    )
                },
                findings,
            ),
        };
        if answer != Answer::Sat {
            return;
        }
        let active: Vec<(ClauseId, usize)> = setters
            .iter()
            .filter(|s| engine.g.value(s.active))
            .map(|s| (s.clause, s.rule))
            .collect();
        let (Some(&(a, ra)), Some(&(b, rb))) = (active.first(), active.get(1)) else {
            findings.push(Finding::internal("a conflict without two setters"));
            return;
        };
        let facts = engine.witness();
        let pair = {
            let la = setters
                .iter()
                .find(|s| (s.clause, s.rule) == (a, ra))
                .map(|s| s.active);
            let lb = setters
                .iter()
                .find(|s| (s.clause, s.rule) == (b, rb))
                .map(|s| s.active);
            match (la, lb) {
                (Some(la), Some(lb)) => engine.g.and(la, lb),
                _ => Lit::TRUE,
            }
        };
        excluded.push(!pair);
        if let Err(why) = replay::both_decide(program, &facts, output, (a, ra), (b, rb)) {
            findings.push(Finding::internal(&why));
            continue;
        }
        findings.push(if a == b {
            Finding::set_twice(program, (a, ra, rb), output, &facts)
        } else {
            Finding::conflict(program, a, b, output, &facts)
        });
    }
}

fn gap(
    program: &Program,
    engine: &mut Engine<'_>,
    base: &[Lit],
    output: OutputId,
    findings: &mut Vec<Finding>,
) {
    if program.outputs[output].optional {
        return;
    }
    let mut lits = base.to_vec();
    lits.push(!engine.decision.decided[output]);
    // Where it can be had: no conflict anywhere and every required output
    // before this one decided, so that `eval` stops at this gap.
    let mut strong = lits.clone();
    for o in decided_outputs(program) {
        strong.push(!engine.decision.conflict[o]);
        if o < output && !program.outputs[o].optional {
            strong.push(engine.decision.decided[o]);
        }
    }
    let answer = match ask_typical(engine, &strong) {
        Answer::Sat => Answer::Sat,
        _ => ask(
            engine,
            &lits,
            || {
                (
                    format!("whether every case gets `{}`", program.outputs[output].name),
                    program.outputs[output].span,
                )
            },
            findings,
        ),
    };
    if answer != Answer::Sat {
        return;
    }
    let facts = engine.witness();
    match replay::undecided(program, &facts, output) {
        Ok(()) => findings.push(Finding::gap(program, output, &facts)),
        Err(why) => findings.push(Finding::internal(&why)),
    }
}

fn dead(
    program: &Program,
    engine: &mut Engine<'_>,
    base: &[Lit],
    clause: ClauseId,
    findings: &mut Vec<Finding>,
) {
    let applies = engine.decision.applies[clause];
    let overridden = engine.decision.overridden[clause];
    let id = program.clauses[clause].id.clone();
    let span = clause_id_span(program, clause);
    let mut lits = base.to_vec();
    lits.extend([applies, !overridden]);
    match ask(
        engine,
        &lits,
        || (format!("whether `{id}` can ever decide"), span),
        findings,
    ) {
        Answer::Sat | Answer::Unknown => return,
        Answer::Unsat => {}
    }
    let mut lits = base.to_vec();
    lits.push(applies);
    match ask(
        engine,
        &lits,
        || (format!("whether `{id}` can ever apply"), span),
        findings,
    ) {
        Answer::Sat => {
            let by: Vec<String> = program.beaten_by[clause]
                .ones()
                .map(|d| format!("`{}`", program.clauses[d].id))
                .collect();
            findings.push(Finding::Shadowed {
                clause: id,
                by: by.join(", "),
                span: span.into(),
            });
        }
        Answer::Unsat => findings.push(Finding::NeverApplies {
            clause: id,
            span: span.into(),
        }),
        Answer::Unknown => {}
    }
}

/// Valid cases on which `eval` stops with a run-time error: each witness
/// replayed to find where, that place ruled out, and asked again.
fn failures(program: &Program, engine: &mut Engine<'_>, findings: &mut Vec<Finding>) {
    let fails = match engine.values() {
        Ok(values) => values.fails,
        Err(u) => {
            findings.push(Finding::NotCovered {
                what: u.what,
                span: u.span.into(),
            });
            return;
        }
    };
    let mut excluded: Vec<Lit> = Vec::new();
    let mut seen: Vec<Span> = Vec::new();
    for _ in 0..MOST_FAILURES {
        let mut lits = vec![fails];
        lits.extend(&excluded);
        let answer = ask(
            engine,
            &lits,
            || {
                (
                    "whether any valid case fails to evaluate".into(),
                    Span::new(0, 0),
                )
            },
            findings,
        );
        if answer != Answer::Sat {
            return;
        }
        let facts: Vec<Value> = engine.witness();
        let error = match replay::fails(program, &facts) {
            Ok(error) => error,
            Err(why) => {
                findings.push(Finding::internal(&why));
                return;
            }
        };
        let at = error_span(&error);
        let block: Vec<Lit> = engine
            .enc
            .failures
            .iter()
            .filter(|(_, span)| Some(*span) == at)
            .map(|(lit, _)| !*lit)
            .collect();
        if block.is_empty() || at.is_some_and(|s| seen.contains(&s)) {
            findings.push(Finding::internal(
                "a run-time failure the encoding does not place",
            ));
            return;
        }
        seen.extend(at);
        excluded.extend(block);
        findings.push(Finding::may_fail(program, &error, at, &facts));
    }
}

fn error_span(error: &crate::eval::EvalError) -> Option<Span> {
    use crate::eval::EvalError::*;
    let span = match error {
        Overflow { span } | DivisionByZero { span } | DateOutOfRange { span } => span,
        NoSuchDay { span, .. } => span,
        _ => return None,
    };
    Some(Span::new(span.offset(), span.offset() + span.len()))
}

/// The span of a clause's id, for labels (the clause's span covers it all).
pub(crate) fn clause_id_span(program: &Program, clause: ClauseId) -> Span {
    let c = &program.clauses[clause];
    let text = c.span.text(&program.file.text);
    match text.find(c.id.as_str()) {
        Some(at) => Span::new(c.span.start + at, c.span.start + at + c.id.len()),
        None => c.span,
    }
}
