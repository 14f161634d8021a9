//! Values as the solver sees them, and the facts as variables over exactly
//! the domains the facts reader accepts (`program::domain`).

use std::sync::Arc;

use num_bigint::BigInt;

use super::bv::Bv;
use super::gates::Gates;
use super::sat::Lit;
use crate::program::{domain, scale::fact_places, Program, Type, Value};

/// A value of one of the representations evaluation computes.
#[derive(Clone, Debug)]
pub enum Sym {
    /// A truth.
    Bool(Lit),
    /// An exact decimal: `n / 10^places`.
    Dec(Bv, u32),
    /// A count or a number of days.
    Int(Bv),
    /// A day, as chrono's day number from the common era.
    Date(Bv),
    /// An enumeration value's index.
    Enum(Bv),
    /// A list: one literal per value of its enumeration.
    Set(Vec<Lit>),
    /// A text, as its index in the [`Texts`] the encoding knows.
    Text(Bv),
    /// No value at all (an optional fact or output left unset).
    Missing,
}

/// A value that may be missing: `present` says whether it is there.
#[derive(Clone, Debug)]
pub struct SymVal {
    /// Whether it has a value.
    pub present: Lit,
    /// The value, when it has one.
    pub sym: Sym,
}

impl SymVal {
    /// A value always present.
    pub fn of(sym: Sym) -> SymVal {
        SymVal {
            present: Lit::TRUE,
            sym,
        }
    }

    /// A value never present.
    pub fn missing() -> SymVal {
        SymVal {
            present: Lit::FALSE,
            sym: Sym::Missing,
        }
    }
}

/// The texts a case can tell apart: every text the policies write, and one
/// more per text fact, distinct from all of them and from each other (what
/// a text fact holds matters only through `=` with these).
#[derive(Clone, Debug, Default)]
pub struct Texts {
    /// The texts, each an index.
    pub known: Vec<Arc<str>>,
}

impl Texts {
    /// The texts the programs compare with.
    pub fn of(programs: &[&Program]) -> Texts {
        let mut known: Vec<Arc<str>> = Vec::new();
        let mut text_facts = 0;
        for program in programs {
            program.visit_nodes(|node| {
                if let crate::program::Op::Const(Value::Text(t)) = &node.op {
                    if !known.contains(t) {
                        known.push(t.clone());
                    }
                }
            });
            text_facts =
                text_facts.max(program.facts.iter().filter(|f| f.ty == Type::Text).count());
        }
        let mut n = 0;
        while text_facts > 0 {
            n += 1;
            let other: Arc<str> = format!("another text {n}").into();
            if !known.contains(&other) {
                known.push(other);
                text_facts -= 1;
            }
        }
        Texts { known }
    }

    /// The index of `text`, if it is known.
    pub fn index(&self, text: &str) -> Option<usize> {
        self.known.iter().position(|t| &**t == text)
    }
}

/// A fresh variable for a fact of `ty`, over the reader's domain.
pub fn fact_var(
    g: &mut Gates,
    program: &Program,
    ty: Type,
    optional: bool,
    texts: &Texts,
) -> SymVal {
    let big = |v: i128| BigInt::from(v);
    let sym = match ty {
        Type::Bool => Sym::Bool(g.fresh()),
        Type::Money | Type::Number | Type::Percent => {
            let places = fact_places(program, ty);
            let bound: BigInt =
                BigInt::from(domain::DECIMAL_BOUND) * BigInt::from(10u32).pow(places) - 1;
            Sym::Dec(g.bv_var(&-bound.clone(), &bound), places)
        }
        Type::Count | Type::Days => {
            let limit = if ty == Type::Days {
                domain::DAYS_BOUND
            } else {
                domain::COUNT_BOUND
            };
            let bound = big(i128::from(limit) - 1);
            Sym::Int(g.bv_var(&-bound.clone(), &bound))
        }
        Type::Date => Sym::Date(g.bv_var(
            &big(i128::from(domain::first_day_number())),
            &big(i128::from(domain::last_day_number())),
        )),
        Type::Enum(e) => {
            let n = program.enums.get(e).map_or(1, |e| e.variants.len().max(1));
            Sym::Enum(g.bv_var(&big(0), &big(n as i128 - 1)))
        }
        Type::List(e) => {
            let n = program.enums.get(e).map_or(0, |e| e.variants.len());
            Sym::Set((0..n).map(|_| g.fresh()).collect())
        }
        Type::Text => Sym::Text(g.bv_var(&big(0), &big(texts.known.len().max(1) as i128 - 1))),
        // Not a fact type; a permission has two values.
        Type::Permission => Sym::Bool(g.fresh()),
    };
    SymVal {
        present: if optional { g.fresh() } else { Lit::TRUE },
        sym,
    }
}

/// A known fact's value as constants (the REPL's `:needs`: what is known
/// folds away).
pub fn constant(
    g: &mut Gates,
    program: &Program,
    ty: Type,
    value: &Value,
    texts: &Texts,
) -> SymVal {
    let sym = match value {
        Value::Missing => return SymVal::missing(),
        Value::Bool(b) => Sym::Bool(Lit::from_bool(*b)),
        Value::Dec(d) => {
            let places = fact_places(program, ty).max(d.scale());
            let n = BigInt::from(d.mantissa()) * BigInt::from(10u32).pow(places - d.scale());
            Sym::Dec(g.bv_const(&n), places)
        }
        Value::Int(i) => Sym::Int(g.bv_int(i128::from(*i))),
        Value::Date(d) => Sym::Date(g.bv_int(i128::from(chrono::Datelike::num_days_from_ce(d)))),
        Value::Enum(i) => Sym::Enum(g.bv_int(i128::from(*i))),
        Value::Set(s) => {
            let n = match ty {
                Type::List(e) => program.enums.get(e).map_or(0, |e| e.variants.len()),
                _ => 0,
            };
            Sym::Set(
                (0..n)
                    .map(|i| Lit::from_bool(s & (1u128 << i) != 0))
                    .collect(),
            )
        }
        Value::Text(t) => {
            // A text the policy never writes is one of the others.
            let i = texts
                .index(t)
                .unwrap_or_else(|| texts.known.len().saturating_sub(1));
            Sym::Text(g.bv_int(i as i128))
        }
    };
    SymVal::of(sym)
}
