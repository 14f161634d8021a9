//! A cheap, sound test that two clauses can never apply together: both
//! require an enumeration fact to take values from sets that do not meet
//! (`tier is gold` against `tier is one of bronze, silver`). Pairs it rules
//! out need no search, which keeps large policies' analysis fast.

use crate::program::{ClauseId, Cmp, Node, Op, Program, Repr, Value};

/// For each enumeration fact a clause constrains, the values it allows.
type Constraints = Vec<(usize, u128)>;

/// What a clause's conditions require of enumeration facts, read from the
/// `and`s of its `when` (and of its only rule's condition, when it has one).
fn constraints(program: &Program, clause: ClauseId) -> Constraints {
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

/// Every clause's [`Constraints`], worked out once per analysis.
pub(super) struct Guards(Vec<Constraints>);

impl Guards {
    pub(super) fn new(program: &Program) -> Guards {
        Guards(
            (0..program.clauses.len())
                .map(|c| constraints(program, c))
                .collect(),
        )
    }

    /// Guards that rule nothing out, to compare the search against.
    #[cfg(test)]
    pub(super) fn none(program: &Program) -> Guards {
        Guards(vec![Constraints::new(); program.clauses.len()])
    }

    pub(super) fn of(&self, clause: ClauseId) -> &[(usize, u128)] {
        self.0.get(clause).map_or(&[][..], |c| c.as_slice())
    }

    /// Whether the facts known so far already make the clause's conditions
    /// false. Each constraint is a conjunct the clause needs, and a known
    /// enumeration value decides it exactly as the evaluator would, so this
    /// is the very answer three-valued evaluation would give, without
    /// evaluating: the search that asks it visits the same cases. Values
    /// the masks cannot name (missing, or index 128 and above) rule nothing
    /// out.
    pub(super) fn rules_out(&self, clause: ClauseId, values: &[Value], known: &[bool]) -> bool {
        self.of(clause).iter().any(|&(fact, mask)| {
            if !known.get(fact).copied().unwrap_or(false) {
                return false;
            }
            match values.get(fact) {
                Some(Value::Enum(i)) => {
                    let bit = 1u128.checked_shl(*i).unwrap_or(0);
                    bit != 0 && bit & mask == 0
                }
                _ => false,
            }
        })
    }
}

pub(super) fn disjoint(a: &[(usize, u128)], b: &[(usize, u128)]) -> bool {
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
