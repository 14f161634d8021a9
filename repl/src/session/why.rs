//! `:why OUTPUT`: the deciding clause, its quoted text, the conditions that
//! held with the values they read, and the clauses it overrode; or how a
//! computed output was computed; or why nothing decided it.

use std::fmt::Write as _;

use policy::eval::{ClauseOutcome, ClauseTrace, ConditionTrace, Decision, Prepared};
use policy::program::{OutputSource, Type, Value};
use policy::render::show;

pub fn text(
    prepared: &Prepared,
    slots: &[Value],
    d: &Decision,
    trace: &[ClauseTrace],
    o: usize,
) -> String {
    let program = prepared.program();
    let output = &program.outputs[o];
    let mut out = match &d.outputs[o] {
        Value::Missing => format!("{} is not set", output.name),
        v => format!("{} = {}", output.name, show(program, output.ty, v)),
    };
    if let OutputSource::Computed(node) = &output.source {
        let _ = writeln!(out, ", computed as `{}`", program.text_of(node.span));
        let mut reads = vec![];
        for (name, ty, v) in direct_values(prepared, slots, d, node) {
            reads.push(format!("{name} = {}", show(program, ty, &v)));
        }
        if !reads.is_empty() {
            let _ = writeln!(out, "  from {}", reads.join(", "));
        }
        return out;
    }
    match d.decided_by[o] {
        Some(c) => {
            let clause = &program.clauses[c];
            let _ = writeln!(out, ", decided by {} \"{}\"", clause.id, clause.title);
            for line in &clause.quote {
                let _ = writeln!(out, "  > {line}");
            }
            if let Some(t) = trace.iter().find(|t| t.clause == c) {
                if !t.conditions.is_empty() {
                    out.push_str("  because:\n");
                    policy::render::human::conditions(&mut out, program, &t.conditions);
                }
            }
            if !d.overridden[o].is_empty() {
                out.push_str("  it overrode:\n");
                for &l in &d.overridden[o] {
                    let _ = writeln!(
                        out,
                        "    {} \"{}\"",
                        program.clauses[l].id, program.clauses[l].title
                    );
                }
            }
        }
        None if output.ty == Type::Permission => {
            let _ = writeln!(out, ": no clause permits it, so it is denied by default");
        }
        None => {
            let _ = writeln!(out, ": no clause that sets it applied");
            for t in trace {
                let sets = program.clauses[t.clause].rules.iter().any(|r| {
                    r.then.output() == o || r.otherwise.as_ref().is_some_and(|e| e.output() == o)
                });
                if sets && matches!(t.outcome, ClauseOutcome::DidNotApply) {
                    let c = &program.clauses[t.clause];
                    let _ = writeln!(out, "  {} \"{}\" did not apply:", c.id, c.title);
                    let failed: Vec<ConditionTrace> = t
                        .conditions
                        .iter()
                        .filter(|c| c.holds == Some(false))
                        .cloned()
                        .collect();
                    policy::render::human::conditions(&mut out, program, &failed);
                }
            }
        }
    }
    out
}

/// The facts, definitions and outputs an expression reads, with values.
fn direct_values(
    prepared: &Prepared,
    slots: &[Value],
    d: &Decision,
    node: &policy::program::Node,
) -> Vec<(String, Type, Value)> {
    use policy::program::Op;
    let program = prepared.program();
    let mut out: Vec<(String, Type, Value)> = vec![];
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        let item = match &n.op {
            Op::Fact(f) => Some((
                program.facts[*f].name.clone(),
                program.facts[*f].ty,
                slots[*f].clone(),
            )),
            Op::Output(o) => Some((
                program.outputs[*o].name.clone(),
                program.outputs[*o].ty,
                d.outputs[*o].clone(),
            )),
            Op::Definition(id) => prepared.evaluate(slots, Some(d), n).ok().map(|v| {
                (
                    program.definitions[*id].name.clone(),
                    program.definitions[*id].ty,
                    v,
                )
            }),
            _ => None,
        };
        match item {
            Some(item) if !out.iter().any(|(name, _, _)| *name == item.0) => out.push(item),
            Some(_) => {}
            None => {
                let mut children = vec![];
                policy::program::for_each_child(n, |c| children.push(c));
                stack.extend(children.into_iter().rev());
            }
        }
    }
    out
}
