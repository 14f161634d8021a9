//! A cheap, sound test that two effects can never be in force together:
//! the `and`s of their conditions require one expression to take values
//! that do not meet (`tier is gold` against `tier is silver`, `items >= 10`
//! against `items < 5`, `d - e = 3 days` against `d - e = 4 days`, `x is
//! set` against `x is missing`). Pairs it rules out need no question, which
//! keeps the analysis of large policies linear where their clauses are
//! told apart by such tests. Expressions are matched by their text: in one
//! policy the same words always mean the same thing.

use rust_decimal::Decimal;

use crate::program::{Cmp, Node, Op, Program, Repr, Value};

/// One requirement on one expression.
#[derive(Clone, Debug)]
enum Need {
    /// An enumeration value in this set.
    Among(u128),
    /// A number, amount or date in this range (bounds with inclusiveness).
    Between(Option<(Decimal, bool)>, Option<(Decimal, bool)>),
    /// A truth, or whether an optional value is set.
    Is(bool),
}

/// What a condition requires, expression by expression.
#[derive(Clone, Debug, Default)]
pub struct Guard(Vec<(String, Need)>);

impl Guard {
    /// The requirements of the `and`s of `nodes` (each a condition that
    /// must hold).
    pub fn of<'a>(program: &Program, nodes: impl IntoIterator<Item = &'a Node>) -> Guard {
        let mut guard = Guard::default();
        for node in nodes {
            collect(program, node, &mut guard);
        }
        guard
    }

    /// Whether no case can meet both.
    pub fn excludes(&self, other: &Guard) -> bool {
        self.0
            .iter()
            .any(|(key, need)| other.0.iter().any(|(k, n)| k == key && apart(need, n)))
    }
}

fn apart(a: &Need, b: &Need) -> bool {
    match (a, b) {
        (Need::Among(x), Need::Among(y)) => x & y == 0,
        (Need::Is(x), Need::Is(y)) => x != y,
        (Need::Between(alo, ahi), Need::Between(blo, bhi)) => below(ahi, blo) || below(bhi, alo),
        _ => false,
    }
}

/// Whether every value under `hi` lies below every value over `lo`.
fn below(hi: &Option<(Decimal, bool)>, lo: &Option<(Decimal, bool)>) -> bool {
    match (hi, lo) {
        (Some((h, hin)), Some((l, lin))) => h < l || (h == l && !(*hin && *lin)),
        _ => false,
    }
}

fn number(v: &Value) -> Option<Decimal> {
    match v {
        Value::Dec(d) => Some(*d),
        Value::Int(i) => Some(Decimal::from(*i)),
        Value::Date(d) => Some(Decimal::from(chrono::Datelike::num_days_from_ce(d))),
        _ => None,
    }
}

fn collect(program: &Program, n: &Node, guard: &mut Guard) {
    let key = |x: &Node| program.text_of(x.span);
    match &n.op {
        Op::And(a, b) => {
            collect(program, a, guard);
            collect(program, b, guard);
        }
        Op::InSet(x, mask) => guard.0.push((key(x), Need::Among(*mask))),
        Op::Present(x) => guard.0.push((format!("set {}", key(x)), Need::Is(true))),
        Op::Not(inner) => match &inner.op {
            Op::Present(x) => guard.0.push((format!("set {}", key(x)), Need::Is(false))),
            Op::Fact(_) | Op::Definition(_) => guard.0.push((key(inner), Need::Is(false))),
            _ => {}
        },
        Op::Fact(_) | Op::Definition(_) => guard.0.push((key(n), Need::Is(true))),
        Op::Compare(cmp, repr, a, b) => {
            let (x, c, cmp) = match (&a.op, &b.op) {
                (_, Op::Const(c)) => (a, c, *cmp),
                (Op::Const(c), _) => (b, c, flip(*cmp)),
                _ => return,
            };
            match (repr, c) {
                (Repr::Enum, Value::Enum(v)) => {
                    let bit = 1u128.checked_shl(*v).unwrap_or(0);
                    match cmp {
                        Cmp::Eq => guard.0.push((key(x), Need::Among(bit))),
                        Cmp::Ne => guard.0.push((key(x), Need::Among(!bit))),
                        _ => {}
                    }
                }
                (Repr::Bool, Value::Bool(v)) => match cmp {
                    Cmp::Eq => guard.0.push((key(x), Need::Is(*v))),
                    Cmp::Ne => guard.0.push((key(x), Need::Is(!*v))),
                    _ => {}
                },
                (Repr::Dec | Repr::Int | Repr::Date, c) => {
                    let Some(c) = number(c) else { return };
                    let need = match cmp {
                        Cmp::Eq => Need::Between(Some((c, true)), Some((c, true))),
                        Cmp::Lt => Need::Between(None, Some((c, false))),
                        Cmp::Le => Need::Between(None, Some((c, true))),
                        Cmp::Gt => Need::Between(Some((c, false)), None),
                        Cmp::Ge => Need::Between(Some((c, true)), None),
                        Cmp::Ne => return,
                    };
                    guard.0.push((key(x), need));
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// `c < x` as `x > c`, and so on.
fn flip(cmp: Cmp) -> Cmp {
    match cmp {
        Cmp::Lt => Cmp::Gt,
        Cmp::Le => Cmp::Ge,
        Cmp::Gt => Cmp::Lt,
        Cmp::Ge => Cmp::Le,
        other => other,
    }
}
