//! Facts and definitions nothing reads.

use super::Finding;
use crate::program::{for_each_child, Node, Op, OutputSource, Program};

pub(super) fn unused(program: &Program, findings: &mut Vec<Finding>) {
    let mut facts = vec![false; program.facts.len()];
    let mut definitions = vec![false; program.definitions.len()];
    let mut mark = |n: &Node| walk(program, n, &mut facts, &mut definitions);
    program.assumptions.iter().for_each(|a| mark(&a.condition));
    for o in &program.outputs {
        if let OutputSource::Computed(n) = &o.source {
            mark(n);
        }
    }
    for c in &program.clauses {
        if let Some(w) = &c.when {
            mark(&w.node);
        }
        for r in &c.rules {
            if let Some(cond) = &r.condition {
                mark(&cond.node);
            }
            for effect in std::iter::once(&r.then).chain(&r.otherwise) {
                if let crate::program::Effect::Set(_, n) = effect {
                    mark(n);
                }
            }
        }
        c.requirements.iter().for_each(|r| mark(&r.condition.node));
    }
    for (f, used) in facts.iter().enumerate() {
        if !used {
            let fact = &program.facts[f];
            findings.push(Finding::UnusedFact {
                name: fact.name.clone(),
                span: fact.span.into(),
            });
        }
    }
    for (d, used) in definitions.iter().enumerate() {
        if !used {
            let def = &program.definitions[d];
            findings.push(Finding::UnusedDefinition {
                name: def.name.clone(),
                span: def.span.into(),
            });
        }
    }
}

fn walk(program: &Program, n: &Node, facts: &mut [bool], definitions: &mut [bool]) {
    match &n.op {
        Op::Fact(f) => facts[*f] = true,
        Op::Definition(d) => {
            if !std::mem::replace(&mut definitions[*d], true) {
                walk(program, &program.definitions[*d].value, facts, definitions);
            }
        }
        _ => for_each_child(n, |child| walk(program, child, facts, definitions)),
    }
}
