//! A model read back as a case: one value per fact, as the facts reader
//! would have produced it.

use chrono::NaiveDate;
use num_bigint::BigInt;
use num_traits::ToPrimitive;
use rust_decimal::Decimal;

use super::bv::Bv;
use super::gates::Gates;
use super::sat::Lit;
use super::value::{Sym, SymVal, Texts};
use crate::program::{Program, Value};

/// The facts of the solver's last model.
pub fn decode_facts(g: &Gates, program: &Program, facts: &[SymVal], texts: &Texts) -> Vec<Value> {
    facts
        .iter()
        .zip(&program.facts)
        .map(|(v, _)| decode(g, v, texts))
        .collect()
}

/// One value of the last model (`Missing` where it is absent).
pub fn decode(g: &Gates, v: &SymVal, texts: &Texts) -> Value {
    if !g.value(v.present) {
        return Value::Missing;
    }
    match &v.sym {
        Sym::Missing => Value::Missing,
        Sym::Bool(b) => Value::Bool(g.value(*b)),
        Sym::Dec(n, places) => {
            let n = n.value(g).to_i128().unwrap_or(0);
            Value::Dec(Decimal::try_from_i128_with_scale(n, *places).unwrap_or_default())
        }
        Sym::Int(n) => Value::Int(n.value(g).to_i64().unwrap_or(0)),
        Sym::Date(z) => {
            let z = z.value(g).to_i32().unwrap_or(1);
            Value::Date(NaiveDate::from_num_days_from_ce_opt(z).unwrap_or_default())
        }
        Sym::Enum(i) => Value::Enum(i.value(g).to_u32().unwrap_or(0)),
        Sym::Set(bits) => Value::Set(
            bits.iter()
                .enumerate()
                .filter(|(_, b)| g.value(**b))
                .fold(0u128, |s, (i, _)| {
                    s | 1u128.checked_shl(i as u32).unwrap_or(0)
                }),
        ),
        Sym::Text(i) => {
            let i = i.value(g).to_usize().unwrap_or(0);
            Value::Text(texts.known.get(i).cloned().unwrap_or_else(|| "".into()))
        }
    }
}

/// Literals that hold exactly when `v` is `value`: questions about one
/// known case (the REPL's, a test's).
pub fn pin(v: &SymVal, value: &Value, texts: &Texts) -> Vec<Lit> {
    let mut lits = Vec::new();
    if value.is_missing() {
        lits.push(!v.present);
        return lits;
    }
    lits.push(v.present);
    let bits = |bv: &Bv, n: BigInt, lits: &mut Vec<Lit>| {
        if n < bv.lo || n > bv.hi {
            lits.push(Lit::FALSE);
            return;
        }
        let w = bv.width();
        let modulus = BigInt::from(1) << w;
        let u = ((n % &modulus) + &modulus) % &modulus;
        for (i, &bit) in bv.bits.iter().enumerate() {
            lits.push(if u.bit(i as u64) { bit } else { !bit });
        }
    };
    match (&v.sym, value) {
        (Sym::Bool(b), Value::Bool(x)) => lits.push(if *x { *b } else { !*b }),
        (Sym::Dec(bv, places), Value::Dec(d)) => {
            let up = places.checked_sub(d.scale());
            match up {
                Some(up) => bits(
                    bv,
                    BigInt::from(d.mantissa()) * BigInt::from(10u32).pow(up),
                    &mut lits,
                ),
                None => {
                    let n = d.normalize();
                    match places.checked_sub(n.scale()) {
                        Some(up) => bits(
                            bv,
                            BigInt::from(n.mantissa()) * BigInt::from(10u32).pow(up),
                            &mut lits,
                        ),
                        None => lits.push(Lit::FALSE),
                    }
                }
            }
        }
        (Sym::Int(bv), Value::Int(i)) => bits(bv, BigInt::from(*i), &mut lits),
        (Sym::Date(bv), Value::Date(d)) => bits(
            bv,
            BigInt::from(chrono::Datelike::num_days_from_ce(d)),
            &mut lits,
        ),
        (Sym::Enum(bv), Value::Enum(i)) => bits(bv, BigInt::from(*i), &mut lits),
        (Sym::Set(set), Value::Set(s)) => {
            for (i, &bit) in set.iter().enumerate() {
                let member = s & 1u128.checked_shl(i as u32).unwrap_or(0) != 0;
                lits.push(if member { bit } else { !bit });
            }
            if s >> set.len().min(127) > 0 && set.len() < 128 {
                lits.push(Lit::FALSE);
            }
        }
        (Sym::Text(bv), Value::Text(t)) => match texts.index(t) {
            Some(i) => bits(bv, BigInt::from(i), &mut lits),
            // A text the policy never names: any of the others will do,
            // but only one fact may take each; the caller picks.
            None => lits.push(Lit::FALSE),
        },
        _ => lits.push(Lit::FALSE),
    }
    lits
}
