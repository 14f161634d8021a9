//! Two versions of a policy encoded over the same facts, for `policy diff
//! --prove`: a fact is the same variable in both when both declare it (by
//! name, of one type; values of a `one of` matched by name), so the same
//! expression in both versions is the same gates, and a question about how
//! they differ is about where they really do.

use super::decide::SymDecision;
use super::expr::{unsupported, Encoder, Unsupported};
use super::gates::Gates;
use super::sat::{Answer, Lit};
use super::value::{fact_var, Sym, SymVal, Texts};
use super::witness::decode;
use crate::program::{Program, Type, Value};

/// Both versions, ready for questions.
pub struct Pair<'p> {
    /// The gates and the solver, shared by both versions.
    pub g: Gates,
    /// The old version, encoded.
    pub old: Encoder<'p>,
    /// The new version, encoded.
    pub new: Encoder<'p>,
    /// The old version's decision.
    pub old_decision: SymDecision,
    /// The new version's decision.
    pub new_decision: SymDecision,
    /// Every fact either version declares: (name, the variable, the
    /// version that declares it with the type the variable has).
    pub facts: Vec<(String, SymVal, Origin)>,
}

/// Which version declares a fact (and the type its variable has).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The old version's fact of this index.
    Old(usize),
    /// The new version's fact of this index (a fact only it has).
    New(usize),
}

impl<'p> Pair<'p> {
    /// Encode both versions over the same facts' variables.
    pub fn new(old: &'p Program, new: &'p Program) -> Result<Pair<'p>, Unsupported> {
        let mut g = Gates::new(super::DEFAULT_BUDGET);
        let texts = Texts::of(&[old, new]);
        let mut facts: Vec<(String, SymVal, Origin)> = Vec::new();
        let mut old_vars = Vec::new();
        for (i, f) in old.facts.iter().enumerate() {
            let other = new.facts.iter().find(|n| n.name == f.name);
            // Optional only where both versions let it be missing: a case
            // must be readable by both.
            let optional = f.optional && other.is_none_or(|n| n.optional);
            let v = fact_var(&mut g, old, f.ty, optional, &texts);
            facts.push((f.name.clone(), v.clone(), Origin::Old(i)));
            old_vars.push(v);
        }
        let mut new_vars = Vec::new();
        for (i, f) in new.facts.iter().enumerate() {
            let v = match old.facts.iter().position(|o| o.name == f.name) {
                Some(at) => {
                    let o = &old.facts[at];
                    let shared = &old_vars[at];
                    same_type(old, o.ty, new, f.ty).ok_or_else(|| {
                        unsupported(
                            &format!("fact `{}`, whose type the edit changes", f.name),
                            f.span,
                        )
                    })?;
                    remap(&mut g, old, o.ty, new, f.ty, shared)
                }
                None => {
                    let optional = f.optional;
                    let v = fact_var(&mut g, new, f.ty, optional, &texts);
                    facts.push((f.name.clone(), v.clone(), Origin::New(i)));
                    v
                }
            };
            new_vars.push(v);
        }
        let mut old_enc = Encoder::new(old, old_vars, texts.clone());
        let mut new_enc = Encoder::new(new, new_vars, texts);
        let old_decision = old_enc.decide(&mut g)?;
        let new_decision = new_enc.decide(&mut g)?;
        Ok(Pair {
            g,
            old: old_enc,
            new: new_enc,
            old_decision,
            new_decision,
            facts,
        })
    }

    /// Build both versions' values (once).
    pub fn values(&mut self) -> Result<(), Unsupported> {
        self.old.values(&mut self.g, &mut self.old_decision)?;
        self.new.values(&mut self.g, &mut self.new_decision)
    }

    /// Whether some case makes every literal hold.
    pub fn ask(&mut self, lits: &[Lit]) -> Answer {
        self.g.solve(lits)
    }

    /// The last model's case, for each version: its facts in its order.
    pub fn witness(&self) -> (Vec<Value>, Vec<Value>) {
        let texts = &self.old.texts;
        let old = self
            .old
            .facts
            .iter()
            .map(|v| decode(&self.g, v, texts))
            .collect();
        let new = self
            .new
            .facts
            .iter()
            .map(|v| decode(&self.g, v, texts))
            .collect();
        (old, new)
    }

    /// Whether two values (of outputs of the same name) differ; `None`
    /// where they are of kinds that cannot be compared (always differ).
    pub fn differ(&mut self, a: &SymVal, b: &SymVal) -> Lit {
        let g = &mut self.g;
        let both = g.and(a.present, b.present);
        let presence = g.xor(a.present, b.present);
        let values = match (&a.sym, &b.sym) {
            (Sym::Bool(x), Sym::Bool(y)) => g.xor(*x, *y),
            (Sym::Dec(x, px), Sym::Dec(y, py)) => {
                let p = (*px).max(*py);
                let (x, y) = (g.align(x, *px, p), g.align(y, *py, p));
                !g.eq(&x, &y)
            }
            (Sym::Int(x), Sym::Int(y))
            | (Sym::Date(x), Sym::Date(y))
            | (Sym::Enum(x), Sym::Enum(y))
            | (Sym::Text(x), Sym::Text(y)) => !g.eq(x, y),
            (Sym::Set(x), Sym::Set(y)) => {
                let n = x.len().max(y.len());
                let diffs: Vec<Lit> = (0..n)
                    .map(|i| {
                        let (p, q) = (
                            x.get(i).copied().unwrap_or(Lit::FALSE),
                            y.get(i).copied().unwrap_or(Lit::FALSE),
                        );
                        g.xor(p, q)
                    })
                    .collect();
                g.or_all(diffs)
            }
            (Sym::Missing, Sym::Missing) => Lit::FALSE,
            _ => Lit::TRUE,
        };
        let both_differ = g.and(both, values);
        g.or(presence, both_differ)
    }
}

/// Whether a fact has one type in both versions (a `one of` or list: the
/// same values, perhaps in another order).
fn same_type(old: &Program, a: Type, new: &Program, b: Type) -> Option<()> {
    match (a, b) {
        (Type::Enum(x), Type::Enum(y)) | (Type::List(x), Type::List(y)) => {
            let (vx, vy) = (&old.enums.get(x)?.variants, &new.enums.get(y)?.variants);
            let mut sx = vx.clone();
            let mut sy = vy.clone();
            sx.sort();
            sy.sort();
            (sx == sy).then_some(())
        }
        _ => (a == b).then_some(()),
    }
}

/// The old version's variable as the new version reads it: the same, but
/// for a `one of` or list whose values the new version orders otherwise.
fn remap(g: &mut Gates, old: &Program, a: Type, new: &Program, b: Type, v: &SymVal) -> SymVal {
    let names = |p: &Program, e: usize| {
        p.enums
            .get(e)
            .map(|e| e.variants.clone())
            .unwrap_or_default()
    };
    match (a, b, &v.sym) {
        (Type::Enum(x), Type::Enum(y), Sym::Enum(index)) => {
            let (from, to) = (names(old, x), names(new, y));
            if from == to {
                return v.clone();
            }
            let mut mapped = g.bv_int(0);
            for (i, name) in from.iter().enumerate() {
                let j = to.iter().position(|n| n == name).unwrap_or(0);
                let is = g.eq_const(index, i as i128);
                let c = g.bv_int(j as i128);
                mapped = g.ite(is, &c, &mapped);
            }
            SymVal {
                present: v.present,
                sym: Sym::Enum(mapped),
            }
        }
        (Type::List(x), Type::List(y), Sym::Set(bits)) => {
            let (from, to) = (names(old, x), names(new, y));
            let mapped = to
                .iter()
                .map(|name| {
                    from.iter()
                        .position(|n| n == name)
                        .and_then(|i| bits.get(i).copied())
                        .unwrap_or(Lit::FALSE)
                })
                .collect();
            SymVal {
                present: v.present,
                sym: Sym::Set(mapped),
            }
        }
        _ => v.clone(),
    }
}
