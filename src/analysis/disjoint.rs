//! A cheap, sound test that two clauses can never apply together: both
//! require an enumeration fact to take values from sets that do not meet
//! (`tier is gold` against `tier is one of bronze, silver`). Pairs it rules
//! out need no search, which keeps large policies' analysis fast.

use crate::program::{ClauseId, Cmp, Node, Op, Program, Repr, Value};

/// For each enumeration fact a clause constrains, the values it allows.
pub(super) type Constraints = Vec<(usize, u128)>;

/// What a clause's conditions require of enumeration facts, read from the
/// `and`s of its `when` (and of its only rule's condition, when it has one).
pub(super) fn constraints(program: &Program, clause: ClauseId) -> Constraints {
    let c = &program.clauses[clause];
    let mut out = Constraints::new();
    if let Some(w) = &c.when {
        collect(program, &w.node, &mut out);
    }
    if let [rule] = c.rules.as_slice() {
        if let (Some(cond), None) = (&rule.condition, &rule.otherwise) {
            collect(program, &cond.node, &mut out);
        }
    }
    out
}

pub(super) fn disjoint(a: &Constraints, b: &Constraints) -> bool {
    a.iter()
        .any(|(fa, ma)| b.iter().any(|(fb, mb)| fa == fb && ma & mb == 0))
}

fn collect(program: &Program, n: &Node, out: &mut Constraints) {
    match &n.op {
        Op::And(a, b) => {
            collect(program, a, out);
            collect(program, b, out);
        }
        _ => {
            if let Some((fact, mask)) = allowed(program, n) {
                match out.iter_mut().find(|(f, _)| *f == fact) {
                    Some((_, m)) => *m &= mask,
                    None => out.push((fact, mask)),
                }
            }
        }
    }
}

/// The values of one enumeration fact a test allows, if it is such a test.
fn allowed(program: &Program, n: &Node) -> Option<(usize, u128)> {
    let bit = |i: &u32| 1u128.checked_shl(*i).unwrap_or(0);
    match &n.op {
        Op::Compare(Cmp::Eq, Repr::Enum, a, b) => match (&a.op, &b.op) {
            (Op::Fact(f), Op::Const(Value::Enum(i))) | (Op::Const(Value::Enum(i)), Op::Fact(f)) => {
                Some((*f, bit(i)))
            }
            _ => None,
        },
        Op::InSet(a, mask) => match &a.op {
            Op::Fact(f) => Some((*f, *mask)),
            _ => None,
        },
        Op::Not(inner) => {
            let (f, mask) = allowed(program, inner)?;
            let variants = match program.facts.get(f)?.ty {
                crate::program::Type::Enum(e) => program.enums.get(e)?.variants.len(),
                _ => return None,
            };
            let all = if variants >= 128 {
                u128::MAX
            } else {
                (1u128 << variants) - 1
            };
            Some((f, all & !mask))
        }
        Op::Definition(id) => allowed(program, &program.definitions.get(*id)?.value),
        _ => None,
    }
}
