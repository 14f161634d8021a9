//! A decision as an analyst reads it: the outputs, then for each deciding
//! clause its quoted text, the conditions that held with the values they
//! read, and what it overrode; then the clauses that did not decide.

use std::fmt::Write as _;

use super::show;
use crate::eval::{ClauseOutcome, ClauseTrace, ConditionTrace, Decision};
use crate::program::Program;

/// One line an output: its name, its value (`not set` when it has none),
/// and the clause that decided it.
pub fn outputs(program: &Program, decision: &Decision) -> String {
    let mut out = String::new();
    let width = program
        .outputs
        .iter()
        .map(|o| o.name.len())
        .max()
        .unwrap_or(0);
    let outputs = program.outputs.iter().zip(&decision.outputs);
    for ((output, value), by) in outputs.zip(&decision.decided_by) {
        let value = match value {
            crate::program::Value::Missing => "not set".to_string(),
            v => show(program, output.ty, v),
        };
        let by = match by {
            Some(c) => format!("   decided by {}", program.clause_id(*c)),
            None => String::new(),
        };
        let _ = writeln!(out, "  {:width$}  {value}{by}", output.name);
    }
    out
}

/// A decision for people: the outputs, then each deciding clause with its
/// quoted text and why it held, then what happened to the others.
pub fn decision(program: &Program, decision: &Decision, trace: &[ClauseTrace]) -> String {
    let mut out = String::new();
    let title = program
        .title
        .as_deref()
        .map(|t| format!(": {t}"))
        .unwrap_or_default();
    let _ = writeln!(out, "policy {}{title}\n", program.name);
    out.push_str(&outputs(program, decision));

    for t in trace {
        let ClauseOutcome::Decided(outputs) = &t.outcome else {
            continue;
        };
        let Some(clause) = program.clauses.get(t.clause) else {
            continue;
        };
        let names: Vec<&str> = outputs.iter().map(|&o| program.output_name(o)).collect();
        let _ = writeln!(
            out,
            "\n{} \"{}\" decided {}",
            clause.id,
            clause.title,
            names.join(", ")
        );
        for line in &clause.quote {
            let _ = writeln!(out, "  > {line}");
        }
        if !t.conditions.is_empty() {
            let _ = writeln!(out, "  because:");
            conditions(&mut out, program, &t.conditions);
        }
        let beaten: Vec<&ClauseTrace> = trace
            .iter()
            .filter(
                |o| matches!(&o.outcome, ClauseOutcome::Overridden(by) if by.contains(&t.clause)),
            )
            .collect();
        if !beaten.is_empty() {
            let _ = writeln!(out, "  it overrode:");
            for c in beaten.iter().filter_map(|o| program.clauses.get(o.clause)) {
                let _ = writeln!(out, "    {} \"{}\"", c.id, c.title);
            }
        }
    }

    let others: Vec<&ClauseTrace> = trace
        .iter()
        .filter(|t| !matches!(t.outcome, ClauseOutcome::Decided(_)))
        .collect();
    if !others.is_empty() {
        let _ = writeln!(out, "\nother clauses:");
        for t in others {
            let Some(clause) = program.clauses.get(t.clause) else {
                continue;
            };
            let what = match &t.outcome {
                ClauseOutcome::Overridden(by) => {
                    let by: Vec<&str> = by.iter().map(|&c| program.clause_id(c)).collect();
                    format!("applied, overridden by {}", by.join(", "))
                }
                ClauseOutcome::Applied => "applied".to_string(),
                _ => "did not apply".to_string(),
            };
            let _ = writeln!(out, "  {} \"{}\": {what}", clause.id, clause.title);
            if matches!(t.outcome, ClauseOutcome::DidNotApply) {
                let failed: Vec<ConditionTrace> = t
                    .conditions
                    .iter()
                    .filter(|c| c.holds == Some(false))
                    .cloned()
                    .collect();
                conditions(&mut out, program, &failed);
            }
        }
    }
    out
}

/// Conditions a line each: a mark (✓ held, ✗ did not, · not reached), the
/// condition as written, and the values it read.
pub fn conditions(out: &mut String, program: &Program, conditions: &[ConditionTrace]) {
    let width = conditions
        .iter()
        .map(|c| c.text.chars().count())
        .max()
        .unwrap_or(0)
        .min(48);
    for c in conditions {
        let mark = match c.holds {
            Some(true) => "✓",
            Some(false) => "✗",
            None => "·",
        };
        let values: Vec<String> = c
            .values
            .iter()
            .map(|(name, ty, v)| format!("{name} = {}", show(program, *ty, v)))
            .collect();
        let _ = writeln!(out, "    {mark} {:width$}  {}", c.text, values.join(", "));
    }
}
