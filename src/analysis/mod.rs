//! What `policy check` proves or refutes beyond types: conflicts between
//! clauses, gaps where an output gets no value, clauses that never apply or
//! never decide, cases that stop with a run-time error, unused facts and
//! definitions, and assumptions no case satisfies.
//!
//! Every question is asked of the symbolic engine (`crate::symbolic`) over
//! every case the facts reader accepts: "no" is a proof, "yes" comes with a
//! witness case, which is replayed through `eval` before it is reported
//! (`replay`). docs/analysis.md says what is proved and how.

// The analysis landed after the [lints] table: its tables, indexed by
// ids it makes itself, still index unchecked. Converting them is left to its
// owner; every other library module keeps to the lint.
#![allow(clippy::indexing_slicing)]

pub mod diff;
mod finding;
mod guards;
pub mod needs;
mod replay;
#[cfg(test)]
mod tests;
mod usage;

use std::time::Instant;

pub use finding::{facts_json, Finding};

use crate::eval::Prepared;
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
    // Every witness is replayed through `eval` before it is shown.
    let prepared = Prepared::new(program.clone());
    match Engine::new(program) {
        Ok(mut engine) => questions(&prepared, &mut engine, &mut findings),
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
/// into a finding that says which question, where, after how long. When
/// the answer is yes, the witness is the one [`witness`] then finds.
fn ask(
    engine: &mut Engine<'_>,
    lits: &[Lit],
    what: impl FnOnce() -> (String, Span),
    findings: &mut Vec<Finding>,
) -> Answer {
    let started = Instant::now();
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

/// A witness for `lits`, which hold in some case: asked again of typical
/// cases (amounts, counts and dates a person would recognise) so that it
/// reads well, and of all cases when no typical case will do.
fn witness(engine: &mut Engine<'_>, lits: &[Lit]) -> Vec<Value> {
    let mut typical = lits.to_vec();
    typical.extend(engine.typical());
    if engine.ask(&typical) == Answer::Sat {
        return engine.witness();
    }
    engine.ask(lits);
    engine.witness()
}

fn questions(prepared: &Prepared, engine: &mut Engine<'_>, findings: &mut Vec<Finding>) {
    let program = prepared.program();
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
        conflicts(prepared, engine, &base, output, findings);
        gap(prepared, engine, &base, output, findings);
    }
    dead(program, engine, &base, findings);
    failures(prepared, engine, findings);
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

/// Every pair of effects that can be in force together on `output`: each
/// pair a question, but for the pairs precedence orders and those whose
/// conditions a static test already tells apart ([`guards`]).
fn conflicts(
    prepared: &Prepared,
    engine: &mut Engine<'_>,
    base: &[Lit],
    output: OutputId,
    findings: &mut Vec<Finding>,
) {
    let program = prepared.program();
    let setters = engine.decision.setters[output].clone();
    let guard = |s: &crate::symbolic::decide::Setter| {
        let clause = &program.clauses[s.clause];
        let rule = &clause.rules[s.rule];
        let mut nodes: Vec<&crate::program::Node> = clause.when.iter().map(|w| &w.node).collect();
        // The `then` branch needs its condition; an `otherwise` its negation,
        // which this test does not read.
        if s.then {
            nodes.extend(rule.condition.iter().map(|c| &c.node));
        }
        guards::Guard::of(program, nodes)
    };
    let guards: Vec<guards::Guard> = setters.iter().map(guard).collect();
    // One finding per pair of clauses (per clause, for its own rules).
    let mut reported: Vec<(ClauseId, ClauseId)> = Vec::new();
    for (i, a) in setters.iter().enumerate() {
        for (j, b) in setters.iter().enumerate().skip(i + 1) {
            if reported.contains(&(a.clause, b.clause)) {
                continue;
            }
            let ordered = a.clause != b.clause
                && (program.beaten_by[a.clause].contains(b.clause)
                    || program.beaten_by[b.clause].contains(a.clause));
            if ordered || guards[i].excludes(&guards[j]) {
                continue;
            }
            let mut lits = base.to_vec();
            lits.extend([a.active, b.active]);
            let answer = ask(
                engine,
                &lits,
                || {
                    (
                        format!(
                            "whether `{}` and `{}` can both decide `{}`",
                            program.clauses[a.clause].id,
                            program.clauses[b.clause].id,
                            program.outputs[output].name
                        ),
                        clause_id_span(program, b.clause),
                    )
                },
                findings,
            );
            if answer != Answer::Sat {
                continue;
            }
            // Where it can be had, a case on which nothing else conflicts,
            // so that `eval` stops at this conflict.
            let mut strong = lits.clone();
            strong.extend(
                decided_outputs(program)
                    .filter(|&o| o != output)
                    .map(|o| !engine.decision.conflict[o]),
            );
            let facts = if engine.ask(&strong) == Answer::Sat {
                witness(engine, &strong)
            } else {
                witness(engine, &lits)
            };
            let (pa, pb) = ((a.clause, a.rule), (b.clause, b.rule));
            if let Err(why) = replay::both_decide(prepared, &facts, output, pa, pb) {
                findings.push(Finding::internal(&why));
                continue;
            }
            findings.push(if a.clause == b.clause {
                Finding::set_twice(program, (a.clause, a.rule, b.rule), output, &facts)
            } else {
                Finding::conflict(program, a.clause, b.clause, output, &facts)
            });
            reported.push((a.clause, b.clause));
            if reported.len() >= MOST_PER_OUTPUT {
                return;
            }
        }
    }
}

fn gap(
    prepared: &Prepared,
    engine: &mut Engine<'_>,
    base: &[Lit],
    output: OutputId,
    findings: &mut Vec<Finding>,
) {
    let program = prepared.program();
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
    let answer = ask(
        engine,
        &lits,
        || {
            (
                format!("whether every case gets `{}`", program.outputs[output].name),
                program.outputs[output].span,
            )
        },
        findings,
    );
    if answer != Answer::Sat {
        return;
    }
    let facts = if engine.ask(&strong) == Answer::Sat {
        witness(engine, &strong)
    } else {
        witness(engine, &lits)
    };
    match replay::undecided(prepared, &facts, output) {
        Ok(()) => findings.push(Finding::gap(program, output, &facts)),
        Err(why) => findings.push(Finding::internal(&why)),
    }
}

/// Clauses that never decide: those that never apply, and those always
/// overridden when they do. Asked in batches of clauses in file order
/// (neighbours tend to read the same facts), one solver a batch.
fn dead(program: &Program, engine: &mut Engine<'_>, base: &[Lit], findings: &mut Vec<Finding>) {
    const BATCH: usize = 32;
    let clauses: Vec<ClauseId> = (0..program.clauses.len()).collect();
    for batch in clauses.chunks(BATCH) {
        let question = |engine: &Engine<'_>, c: ClauseId, decides: bool| {
            let mut lits = base.to_vec();
            lits.push(engine.decision.applies[c]);
            if decides {
                lits.push(!engine.decision.overridden[c]);
            }
            lits
        };
        let decide: Vec<Vec<Lit>> = batch.iter().map(|&c| question(engine, c, true)).collect();
        let answers = engine.ask_each(&decide);
        let never: Vec<ClauseId> = batch
            .iter()
            .zip(&answers)
            .filter(|(_, a)| **a != Answer::Sat)
            .map(|(&c, _)| c)
            .collect();
        let apply: Vec<Vec<Lit>> = never.iter().map(|&c| question(engine, c, false)).collect();
        let applies = engine.ask_each(&apply);
        for (&clause, (answer, applies)) in never
            .iter()
            .zip(answers.iter().filter(|a| **a != Answer::Sat).zip(&applies))
        {
            let id = program.clauses[clause].id.clone();
            let span = clause_id_span(program, clause);
            match (answer, applies) {
                (Answer::Unsat, Answer::Sat) => {
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
                (Answer::Unsat, Answer::Unsat) => findings.push(Finding::NeverApplies {
                    clause: id,
                    span: span.into(),
                }),
                _ => findings.push(Finding::Undecided {
                    what: format!("whether `{id}` can ever decide"),
                    seconds: format!("{:.1}", engine.g.budget().as_secs_f64()),
                    span: span.into(),
                }),
            }
        }
    }
}

/// Valid cases on which `eval` stops with a run-time error: each witness
/// replayed to find where, that place ruled out, and asked again.
fn failures(prepared: &Prepared, engine: &mut Engine<'_>, findings: &mut Vec<Finding>) {
    let program = prepared.program();
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
        let facts: Vec<Value> = witness(engine, &lits);
        let error = match replay::fails(prepared, &facts) {
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
