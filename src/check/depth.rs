//! How deep evaluation can recurse. Each statement is bounded by the syntax
//! limits, but definitions read definitions, so a chain of them adds up; a
//! policy whose evaluation would go deeper than [`MAX_EVAL_DEPTH`] is
//! refused here rather than overflowing the stack of whoever evaluates it
//! (a batch worker, the REPL, the analysis).

use super::error::CheckError;
use crate::program::{for_each_child, Node, Op, OutputSource, Program};
use crate::syntax::Span;

/// Levels of expression, through every definition read, one evaluation may
/// go down.
pub const MAX_EVAL_DEPTH: usize = 1000;

/// An error for each definition, condition or output deeper than the limit.
pub(super) fn too_deep(program: &Program) -> Vec<CheckError> {
    let mut memo: Vec<Option<usize>> = vec![None; program.definitions.len()];
    let mut roots: Vec<(&Node, Span, String)> = Vec::new();
    for d in &program.definitions {
        roots.push((&d.value, d.span, format!("definition `{}`", d.name)));
    }
    for a in &program.assumptions {
        roots.push((&a.condition, a.span, "this assumption".to_string()));
    }
    for o in &program.outputs {
        if let OutputSource::Computed(n) = &o.source {
            roots.push((n, o.span, format!("output `{}`", o.name)));
        }
    }
    for c in &program.clauses {
        let id_span = c.span;
        for cond in c
            .when
            .iter()
            .chain(c.rules.iter().filter_map(|r| r.condition.as_ref()))
        {
            roots.push((
                &cond.node,
                cond.span,
                format!("a condition of clause `{}`", c.id),
            ));
        }
        for r in &c.rules {
            for effect in std::iter::once(&r.then).chain(&r.otherwise) {
                if let crate::program::Effect::Set(_, n) = effect {
                    roots.push((n, id_span, format!("a consequence of clause `{}`", c.id)));
                }
            }
        }
    }
    let mut errors = Vec::new();
    for (node, span, what) in roots {
        let depth = depth(program, node, &mut memo);
        if depth > MAX_EVAL_DEPTH {
            errors.push(CheckError::TooDeep {
                what,
                depth,
                limit: MAX_EVAL_DEPTH,
                span: span.into(),
            });
            // One report is enough: everything built on it is deeper still.
            break;
        }
    }
    errors
}

fn depth(program: &Program, n: &Node, memo: &mut Vec<Option<usize>>) -> usize {
    let below = match &n.op {
        Op::Definition(id) => match memo.get(*id).copied().flatten() {
            Some(d) => d,
            None => {
                let d = program
                    .definitions
                    .get(*id)
                    .map_or(0, |def| depth(program, &def.value, memo));
                if let Some(slot) = memo.get_mut(*id) {
                    *slot = Some(d);
                }
                d
            }
        },
        _ => {
            let mut deepest = 0;
            for_each_child(n, |child| {
                deepest = deepest.max(depth(program, child, memo))
            });
            deepest
        }
    };
    below + 1
}
