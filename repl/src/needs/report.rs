//! `:needs` as an analyst reads it: which clause decides each open output
//! and the facts that can still change that; then the facts that only
//! change a value; what is settled; what can only reject the case.

use std::fmt::Write as _;

use fixedbitset::FixedBitSet;
use policy::program::{ClauseId, Program, Value};

use super::{Decider, Needs};

/// The facts of a set, in declaration order.
pub fn fact_list(program: &Program, set: &FixedBitSet) -> Vec<usize> {
    set.ones().filter(|&f| f < program.facts.len()).collect()
}

fn names(program: &Program, set: &FixedBitSet) -> String {
    let list: Vec<&str> = fact_list(program, set)
        .into_iter()
        .map(|f| program.facts[f].name.as_str())
        .collect();
    list.join(", ")
}

fn clauses(program: &Program, cs: &[ClauseId]) -> String {
    let ids: Vec<&str> = cs.iter().map(|&c| program.clauses[c].id.as_str()).collect();
    match ids.as_slice() {
        [] => "no clause".to_string(),
        [init @ .., last] if !init.is_empty() => format!("{} or {last}", init.join(", ")),
        _ => ids.join(""),
    }
}

pub fn render(program: &Program, needs: &Needs) -> String {
    let mut out = String::new();
    if let Some(a) = needs.rejected {
        let assumption = &program.assumptions[a];
        let what = assumption
            .message
            .clone()
            .unwrap_or_else(|| program.text_of(assumption.span));
        let _ = writeln!(
            out,
            "the case is rejected whatever the missing facts are: {what}\n  (assume {})",
            program.text_of(assumption.condition.span)
        );
        return out;
    }
    if needs.missing.is_clear() {
        out.push_str("every fact is given: nothing is still needed (:decide decides the case)\n");
        return out;
    }
    let width = program
        .outputs
        .iter()
        .map(|o| o.name.len())
        .max()
        .unwrap_or(0);
    let _ = writeln!(out, "missing: {}", names(program, &needs.missing));

    // Which clause decides: the facts that can still change it.
    let mut deciding = FixedBitSet::with_capacity(program.facts.len());
    let mut section = String::new();
    for o in &needs.outputs {
        let name = &program.outputs[o.output].name;
        match &o.decider {
            Decider::OneOf(cs) => {
                deciding.union_with(&o.deciding);
                let _ = writeln!(
                    section,
                    "  {name:width$}  {}, depending on {}",
                    clauses(program, cs),
                    names(program, &o.deciding)
                );
            }
            Decider::Permission if o.settled.is_none() => {
                deciding.union_with(&o.deciding);
                let _ = writeln!(
                    section,
                    "  {name:width$}  permit or deny, depending on {}",
                    names(program, &o.deciding)
                );
            }
            Decider::Conflict(cs) => {
                let _ = writeln!(
                    section,
                    "  {name:width$}  {} all decide it, with no precedence between them: a conflict",
                    clauses(program, cs).replace(" or ", " and ")
                );
            }
            _ => {}
        }
    }
    if !section.is_empty() {
        let _ = writeln!(
            out,
            "\nfacts that can change which clause decides:\n{section}"
        );
    }

    // Values: the facts a value reads once its clause decides.
    let mut values = FixedBitSet::with_capacity(program.facts.len());
    let mut section = String::new();
    for o in needs.outputs.iter().filter(|o| o.settled.is_none()) {
        let name = &program.outputs[o.output].name;
        let mut first = true;
        let several = o.values.len() > 1;
        for (clause, facts) in &o.values {
            values.union_with(facts);
            let reads = if facts.is_clear() {
                "no missing fact".to_string()
            } else {
                names(program, facts)
            };
            let mut line = match clause {
                Some(c) if several => {
                    format!("under {} reads {reads}", program.clauses[*c].id)
                }
                Some(c) => format!("reads {reads} (decided by {})", program.clauses[*c].id),
                None => format!("reads {reads}"),
            };
            if !o.through.is_empty() {
                let through: Vec<&str> = o
                    .through
                    .iter()
                    .map(|&t| program.outputs[t].name.as_str())
                    .collect();
                let _ = write!(line, "; and {}, not settled yet", through.join(", "));
            }
            let label = if first { name.as_str() } else { "" };
            first = false;
            let _ = writeln!(section, "  {label:width$}  {line}");
        }
    }
    if !section.is_empty() {
        let _ = writeln!(
            out,
            "\nfacts that change a value, once a clause decides:\n{section}"
        );
    }

    let mut section = String::new();
    for o in &needs.outputs {
        let Some(value) = &o.settled else { continue };
        let name = &program.outputs[o.output].name;
        let ty = program.outputs[o.output].ty;
        let shown = match value {
            Value::Missing => "not set".to_string(),
            v => policy::render::show(program, ty, v),
        };
        let by = match &o.decider {
            Decider::Clause(Some(c)) => format!("   decided by {}", program.clauses[*c].id),
            Decider::Clause(None) if program.outputs[o.output].optional => {
                "   (no clause that sets it can apply)".to_string()
            }
            Decider::Clause(None) => {
                "   no clause can decide it: the case would fail with a gap".to_string()
            }
            _ => String::new(),
        };
        let _ = writeln!(section, "  {name:width$}  {shown}{by}");
    }
    if !section.is_empty() {
        let _ = writeln!(
            out,
            "\nsettled whatever the missing facts turn out to be:\n{section}"
        );
    }

    if !needs.assumptions.is_clear() {
        let _ = writeln!(
            out,
            "\nfacts that can still make the case rejected (assumptions read them):\n  {}\n",
            names(program, &needs.assumptions)
        );
    }

    let mut idle = needs.missing.clone();
    idle.difference_with(&deciding);
    idle.difference_with(&values);
    if !idle.is_clear() {
        let _ = writeln!(
            out,
            "\nfacts that can change no output now: {}",
            names(program, &idle)
        );
    }
    // One blank line between sections, none at the end.
    let mut tidy = out.replace("\n\n\n", "\n\n");
    while tidy.ends_with("\n\n") {
        tidy.pop();
    }
    tidy
}
