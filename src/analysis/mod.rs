//! What `policy check` proves or refutes beyond types: conflicts between
//! clauses, gaps where an output gets no value, clauses that can never
//! decide, unused facts and definitions, and assumptions no case satisfies.
//! Each claim about cases comes with a witness case, found by searching the
//! boundary values the policy names (see [`domains`]); docs/analysis.md says
//! exactly what that search covers.

mod disjoint;
pub mod domains;
mod finding;
mod partial;
mod residual;
mod search;
#[cfg(test)]
mod tests;
mod usage;

pub use finding::Finding;
pub use partial::Formula;
use search::search;
pub use search::Found;

use crate::program::{ClauseId, Effect, OutputId, OutputSource, Program, Type, Value};
use crate::syntax::Span;

/// Stack for the analysis: it evaluates conditions through definitions, as
/// deep as the checker allows, and recurses over formulas.
const ANALYSIS_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Every finding about a checked program, errors first.
pub fn analyse(program: &Program) -> Vec<Finding> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(ANALYSIS_STACK_BYTES)
            .spawn_scoped(scope, || analyse_here(program))
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            // No thread to be had: analyse on this one.
            .unwrap_or_else(|_| analyse_here(program))
    })
}

fn analyse_here(program: &Program) -> Vec<Finding> {
    analyse_with(program, &disjoint::Guards::new(program))
}

/// The analysis, with the guards the search rules clauses out by (the tests
/// compare it with none).
fn analyse_with(program: &Program, guards: &disjoint::Guards) -> Vec<Finding> {
    let domains = domains::domains(program);
    let mut findings = Vec::new();
    match search(program, &domains, guards, &Formula::Assumptions) {
        Found::Nothing => {
            let span = program
                .assumptions
                .first()
                .map(|a| a.span)
                .unwrap_or_default();
            findings.push(Finding::UnsatisfiableAssumptions { span: span.into() });
            return findings;
        }
        Found::GaveUp => findings.push(Finding::GaveUp {
            what: "whether any case satisfies the assumptions".into(),
        }),
        Found::Witness(_) => {}
    }
    for output in decided_outputs(program) {
        conflicts(program, &domains, guards, output, &mut findings);
        gap(program, &domains, guards, output, &mut findings);
    }
    for clause in 0..program.clauses.len() {
        dead(program, &domains, guards, clause, &mut findings);
    }
    usage::unused(program, &mut findings);
    findings.sort_by_key(|f| !f.is_error());
    findings
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

fn sets(program: &Program, clause: ClauseId, output: OutputId) -> bool {
    !rules_setting(program, clause, output).is_empty()
}

/// The indices of the clause's rules with a branch that sets `output`.
fn rules_setting(program: &Program, clause: ClauseId, output: OutputId) -> Vec<usize> {
    let sets = |e: &Effect| matches!(e, Effect::Set(o, _) if *o == output);
    program.clauses[clause]
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| sets(&r.then) || r.otherwise.as_ref().is_some_and(sets))
        .map(|(index, _)| index)
        .collect()
}

/// No clause that takes precedence over any of these applies.
fn unbeaten(program: &Program, clauses: &[ClauseId]) -> Formula {
    let mut above: Vec<ClauseId> = Vec::new();
    for &c in clauses {
        for d in program.beaten_by[c].ones() {
            if !above.contains(&d) && !clauses.contains(&d) {
                above.push(d);
            }
        }
    }
    Formula::Not(Box::new(Formula::Any(
        above.into_iter().map(Formula::Applies).collect(),
    )))
}

fn conflicts(
    program: &Program,
    domains: &[Vec<Value>],
    guards: &disjoint::Guards,
    output: OutputId,
    findings: &mut Vec<Finding>,
) {
    let setters: Vec<ClauseId> = (0..program.clauses.len())
        .filter(|&c| sets(program, c, output))
        .collect();
    for &clause in &setters {
        set_twice(program, domains, guards, clause, output, findings);
    }
    for (i, &a) in setters.iter().enumerate() {
        for &b in setters.iter().skip(i + 1) {
            let ordered = program.beaten_by[a].contains(b) || program.beaten_by[b].contains(a);
            if ordered || disjoint::disjoint(guards.of(a), guards.of(b)) {
                continue;
            }
            let both = Formula::All(vec![
                Formula::Assumptions,
                Formula::Sets(a, output),
                Formula::Sets(b, output),
                unbeaten(program, &[a, b]),
            ]);
            match search(program, domains, guards, &both) {
                Found::Witness(values) => {
                    findings.push(Finding::conflict(program, a, b, output, &values))
                }
                Found::GaveUp => findings.push(Finding::GaveUp {
                    what: format!(
                        "whether `{}` and `{}` can both decide `{}`",
                        program.clauses[a].id, program.clauses[b].id, program.outputs[output].name
                    ),
                }),
                Found::Nothing => {}
            }
        }
    }
}

/// Two rules of one clause that can both set `output` in a case the clause
/// is in force for: no precedence can order them, so `policy eval` would
/// refuse that case.
fn set_twice(
    program: &Program,
    domains: &[Vec<Value>],
    guards: &disjoint::Guards,
    clause: ClauseId,
    output: OutputId,
    findings: &mut Vec<Finding>,
) {
    let rules = rules_setting(program, clause, output);
    for (i, &a) in rules.iter().enumerate() {
        for &b in rules.iter().skip(i + 1) {
            let both = Formula::All(vec![
                Formula::Assumptions,
                Formula::RuleSets(clause, a, output),
                Formula::RuleSets(clause, b, output),
                unbeaten(program, &[clause]),
            ]);
            match search(program, domains, guards, &both) {
                Found::Witness(values) => {
                    findings.push(Finding::set_twice(program, (clause, a, b), output, &values))
                }
                Found::GaveUp => findings.push(Finding::GaveUp {
                    what: format!(
                        "whether two rules of `{}` can both decide `{}`",
                        program.clauses[clause].id, program.outputs[output].name
                    ),
                }),
                Found::Nothing => {}
            }
        }
    }
}

fn gap(
    program: &Program,
    domains: &[Vec<Value>],
    guards: &disjoint::Guards,
    output: OutputId,
    findings: &mut Vec<Finding>,
) {
    if program.outputs[output].optional {
        return;
    }
    let decided = Formula::Any(
        (0..program.clauses.len())
            .filter(|&c| sets(program, c, output))
            .map(|c| Formula::All(vec![Formula::Sets(c, output), unbeaten(program, &[c])]))
            .collect(),
    );
    let undecided = Formula::All(vec![Formula::Assumptions, Formula::Not(Box::new(decided))]);
    match search(program, domains, guards, &undecided) {
        Found::Witness(values) => findings.push(Finding::gap(program, output, &values)),
        Found::GaveUp => findings.push(Finding::GaveUp {
            what: format!("whether every case gets `{}`", program.outputs[output].name),
        }),
        Found::Nothing => {}
    }
}

fn dead(
    program: &Program,
    domains: &[Vec<Value>],
    guards: &disjoint::Guards,
    clause: ClauseId,
    findings: &mut Vec<Finding>,
) {
    let applies = Formula::All(vec![Formula::Assumptions, Formula::Applies(clause)]);
    let decides = Formula::All(vec![applies.clone(), unbeaten(program, &[clause])]);
    let span = clause_id_span(program, clause);
    let id = program.clauses[clause].id.clone();
    match search(program, domains, guards, &decides) {
        Found::Witness(_) => {}
        Found::GaveUp => findings.push(Finding::GaveUp {
            what: format!("whether `{id}` can ever decide"),
        }),
        Found::Nothing => match search(program, domains, guards, &applies) {
            Found::Witness(_) => {
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
            Found::Nothing => findings.push(Finding::NeverApplies {
                clause: id,
                span: span.into(),
            }),
            Found::GaveUp => findings.push(Finding::GaveUp {
                what: format!("whether `{id}` can ever apply"),
            }),
        },
    }
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
