//! The values the analysis tries for each fact: the boundary values the
//! policy itself names.
//!
//! - enumerations: every value; bools: both; optional facts: missing too;
//! - lists: every combination of the values the policy tests membership of
//!   (up to six of them; beyond that, each alone and each left out);
//! - counts and days: every whole-number literal, one below and one above,
//!   and 0, 1, 2;
//! - money, numbers and percentages: every decimal literal, one cent below
//!   and above, 0, 0.01 and 1000;
//! - dates: every date literal and the day before and after; and an anchor
//!   day (2026-01-01) moved by every day count the policy names (`+ 15 days`,
//!   `within 15 days`, `5 business days`, ...), by that count plus and minus
//!   one, backwards and forwards, and by 400 days.
//!
//! Relations between facts (`requested > commenced + 15 days`) are found
//! because all dates draw offsets from the one anchor.

use chrono::{NaiveDate, TimeDelta};
use rust_decimal::Decimal;

use crate::program::{for_each_child, Node, Op, Program, Type, Value};

/// Everything literal in the policy, by kind.
#[derive(Default)]
struct Literals {
    decimals: Vec<Decimal>,
    integers: Vec<i64>,
    day_counts: Vec<i64>,
    dates: Vec<NaiveDate>,
    texts: Vec<String>,
    /// Per list fact, the values whose membership the policy tests.
    tested: Vec<(usize, u32)>,
}

fn push<T: PartialEq>(list: &mut Vec<T>, v: T) {
    if !list.contains(&v) {
        list.push(v);
    }
}

impl Literals {
    fn collect(&mut self, n: &Node) {
        match &n.op {
            Op::Const(Value::Dec(d)) => push(&mut self.decimals, *d),
            Op::Const(Value::Int(i)) => push(&mut self.integers, *i),
            Op::Const(Value::Date(d)) => push(&mut self.dates, *d),
            Op::Const(Value::Text(t)) => push(&mut self.texts, t.to_string()),
            Op::DateAddBusinessDays(_, k) => {
                // Up to a week and a half of weekends and holidays around it.
                push(&mut self.day_counts, *k);
                push(&mut self.day_counts, k.saturating_add(4));
            }
            Op::DateAddMonths(_, k) => {
                push(&mut self.day_counts, k.saturating_mul(30));
                push(&mut self.day_counts, k.saturating_mul(31));
            }
            Op::Contains(list, element) => {
                if let (Op::Fact(f), Op::Const(Value::Enum(v))) = (&list.op, &element.op) {
                    push(&mut self.tested, (*f, *v));
                }
            }
            _ => {}
        }
        if let Op::DateAddDays(_, k) | Op::DateSubDays(_, k) | Op::Within(_, k, _) = &n.op {
            if let Op::Const(Value::Int(days)) = k.op {
                push(&mut self.day_counts, days);
            }
        }
        for_each_child(n, |child| self.collect(child));
    }
}

fn all_nodes(program: &Program, mut f: impl FnMut(&Node)) {
    program.definitions.iter().for_each(|d| f(&d.value));
    program.assumptions.iter().for_each(|a| f(&a.condition));
    for c in &program.clauses {
        if let Some(w) = &c.when {
            f(&w.node);
        }
        for r in &c.rules {
            if let Some(cond) = &r.condition {
                f(&cond.node);
            }
        }
        for r in &c.requirements {
            f(&r.condition.node);
        }
    }
}

/// The candidate values of every fact, in the order the search tries them.
pub fn domains(program: &Program) -> Vec<Vec<Value>> {
    let mut lits = Literals::default();
    all_nodes(program, |n| lits.collect(n));
    let cent = Decimal::new(1, 2);
    let mut decimals = vec![Decimal::ZERO, cent, Decimal::from(1000)];
    for d in &lits.decimals {
        for v in [*d, d - cent, d + cent] {
            push(&mut decimals, v);
        }
    }
    let mut integers = vec![0i64, 1, 2];
    for i in &lits.integers {
        for v in [*i, i.saturating_sub(1), i.saturating_add(1)] {
            push(&mut integers, v);
        }
    }
    let anchor = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let mut offsets = vec![0i64, 1, -1, 400];
    for k in lits.day_counts.iter().chain(&lits.integers) {
        for v in [*k, k.saturating_sub(1), k.saturating_add(1)] {
            push(&mut offsets, v);
            push(&mut offsets, v.saturating_neg());
        }
    }
    let mut dates: Vec<NaiveDate> = offsets
        .iter()
        .filter_map(|k| TimeDelta::try_days(*k).and_then(|d| anchor.checked_add_signed(d)))
        .collect();
    for d in &lits.dates {
        for v in [Some(*d), d.pred_opt(), d.succ_opt()].into_iter().flatten() {
            push(&mut dates, v);
        }
    }
    program
        .facts
        .iter()
        .enumerate()
        .map(|(id, fact)| {
            let mut values: Vec<Value> = match fact.ty {
                Type::Bool => vec![Value::Bool(false), Value::Bool(true)],
                Type::Enum(e) => (0..program.enums[e].variants.len() as u32)
                    .map(Value::Enum)
                    .collect(),
                Type::List(e) => lists(program.enums[e].variants.len(), &lits.tested, id),
                Type::Count => integers.iter().map(|i| Value::Int(*i)).collect(),
                Type::Days => integers
                    .iter()
                    .chain(&offsets)
                    .map(|i| Value::Int(*i))
                    .collect(),
                Type::Money | Type::Number | Type::Percent => {
                    decimals.iter().map(|d| Value::Dec(*d)).collect()
                }
                Type::Date => dates.iter().map(|d| Value::Date(*d)).collect(),
                Type::Text => std::iter::once(String::new())
                    .chain(lits.texts.clone())
                    .map(|t| Value::Text(t.into()))
                    .collect(),
                Type::Permission => vec![],
            };
            values.dedup();
            if fact.optional {
                values.insert(0, Value::Missing);
            }
            values
        })
        .collect()
}

/// Sets worth trying for a list fact: every combination of the tested
/// values when there are few, else each alone and each left out.
fn lists(len: usize, tested: &[(usize, u32)], fact: usize) -> Vec<Value> {
    let bits: Vec<u32> = tested
        .iter()
        .filter(|(f, _)| *f == fact)
        .map(|(_, v)| *v)
        .collect();
    let full: u128 = if len >= 128 {
        u128::MAX
    } else {
        (1u128 << len) - 1
    };
    let mut out = vec![Value::Set(full), Value::Set(0)];
    if bits.len() <= 6 {
        for mask in 0u32..(1 << bits.len()) {
            let set = bits
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .fold(0u128, |s, (_, b)| s | 1u128 << b);
            push(&mut out, Value::Set(set));
        }
    } else {
        for b in &bits {
            push(&mut out, Value::Set(1u128 << b));
            push(&mut out, Value::Set(full & !(1u128 << b)));
        }
    }
    out
}
