//! `policy diff OLD NEW --prove`: every kind of case an edit changes, over
//! every case both versions read, each kind (a *region*: an output, the
//! clause deciding it before and after) with a witness case `eval`
//! confirms, and the conditions that tell old from new on it. No region
//! listed is a proof that no case changes.

use serde_json::{json, Map, Value as Json};

use super::finding::facts_json;
use crate::eval::{Decision, Failure, Prepared};
use crate::program::{Program, Value};
use crate::render::json;
use crate::symbolic::pair::{Origin, Pair};
use crate::symbolic::{Answer, Lit, Sym, SymVal};

/// One kind of case the edit changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    /// The output that changes; `None` where the whole outcome does (a
    /// case now rejected, or now failing).
    pub output: Option<String>,
    /// The clause deciding it before the edit, if one does.
    pub old_clause: Option<String>,
    /// The clause deciding it after the edit, if one does.
    pub new_clause: Option<String>,
    /// What the witness gets before.
    pub old: Json,
    /// What the witness gets after.
    pub new: Json,
    /// The witness: one case of this kind, as `policy eval --facts` reads it.
    pub witness: Json,
    /// The conditions whose truth differs between the versions on the
    /// witness, in the policy's own words.
    pub conditions: Vec<String>,
}

/// What `--prove` found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Proof {
    /// Each kind of case the edit changes, with a witness.
    pub regions: Vec<Region>,
    /// Questions the solver could not settle within its budget: while any
    /// is left, `equivalent` is not claimed.
    pub undecided: Vec<String>,
}

impl Proof {
    /// Whether the edit is proved to change no case.
    pub fn equivalent(&self) -> bool {
        self.regions.is_empty() && self.undecided.is_empty()
    }
}

/// The two versions prepared for `eval`, which confirms every witness.
struct Versions {
    old: Prepared,
    new: Prepared,
}

/// Prove what the edit from `old` to `new` changes.
pub fn prove(old: &Program, new: &Program) -> Result<Proof, String> {
    let mut pair =
        Pair::new(old, new).map_err(|u| format!("the analysis does not cover {}", u.what))?;
    pair.values()
        .map_err(|u| format!("the analysis does not cover {}", u.what))?;
    let versions = Versions {
        old: Prepared::new(old.clone()),
        new: Prepared::new(new.clone()),
    };
    let mut proof = Proof::default();
    outcomes(&mut pair, &versions, &mut proof)?;
    let mut known = Vec::new();
    for (o, output) in old.outputs.iter().enumerate() {
        if let Some(n) = new.outputs.iter().position(|x| x.name == output.name) {
            output_regions(&mut pair, &versions, (o, n), &mut known, &mut proof)?;
        }
    }
    Ok(proof)
}

fn values_of<'a>(
    pair: &'a Pair<'_>,
) -> Result<(&'a crate::symbolic::Values, &'a crate::symbolic::Values), String> {
    match (&pair.old_decision.values, &pair.new_decision.values) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err("internal error: the values were not built".into()),
    }
}

/// Cases the edit moves between rejected, failing and decided.
fn outcomes(pair: &mut Pair<'_>, versions: &Versions, proof: &mut Proof) -> Result<(), String> {
    let (vo, vn) = values_of(pair)?;
    let (ok_o, ok_n) = (vo.ok, vn.ok);
    let (valid_o, valid_n) = (pair.old_decision.valid, pair.new_decision.valid);
    let g = &mut pair.g;
    let fail_o = g.and(valid_o, !ok_o);
    let fail_n = g.and(valid_n, !ok_n);
    let kinds = [
        (!valid_o, ok_n),
        (ok_o, !valid_n),
        (!valid_o, fail_n),
        (fail_o, !valid_n),
        (fail_o, ok_n),
        (ok_o, fail_n),
    ];
    for (before, after) in kinds {
        let lits = [before, after];
        match pair.ask(&lits) {
            Answer::Unsat => continue,
            Answer::Unknown => {
                proof
                    .undecided
                    .push("whether any case is rejected or fails in one version only".into());
                continue;
            }
            Answer::Sat => {}
        }
        let (old_facts, new_facts) = witness(pair, &lits);
        let (old_got, new_got) = (
            versions.old.decide(&old_facts),
            versions.new.decide(&new_facts),
        );
        let (a, b) = (outcome(&old_got), outcome(&new_got));
        if a == b {
            return Err(format!(
                "internal error: a witness of an outcome the edit changes is {a} in both versions"
            ));
        }
        proof.regions.push(Region {
            output: None,
            old_clause: None,
            new_clause: None,
            old: json!(a),
            new: json!(b),
            witness: union_facts(pair, &old_facts, &new_facts),
            conditions: Vec::new(),
        });
    }
    Ok(())
}

fn outcome(got: &Result<Decision, Failure>) -> String {
    match got {
        Ok(_) => "decided".into(),
        Err(Failure::Rejected(r)) => format!("rejected by assumption {}", r.assumption + 1),
        Err(Failure::Error(e)) => format!("no decision: {e}"),
    }
}

/// The regions of one output both versions declare (`o` in old, `n` in
/// new): one question per pair of deciding clauses (or none), asking for a
/// case both versions decide where that pair decides and the output or
/// the clause differs. A pair deciding by the same clause with the same
/// expression is the same gates in both, so it folds away unasked; a pair
/// whose clauses differ needs only the conditions, not the values. Cases
/// already found are tried first: `eval` settles most pairs without a
/// question.
fn output_regions(
    pair: &mut Pair<'_>,
    versions: &Versions,
    (o, n): (usize, usize),
    known: &mut Vec<(Vec<Value>, Vec<Value>)>,
    proof: &mut Proof,
) -> Result<(), String> {
    let name = pair.old.program.outputs[o].name.clone();
    let (both_ok, whole_o, whole_n) = {
        let (vo, vn) = values_of(pair)?;
        ((vo.ok, vn.ok), vo.outputs[o].clone(), vn.outputs[n].clone())
    };
    let old_sides = sides(pair, true, o);
    let new_sides = sides(pair, false, n);
    // (old clause, new clause) -> the cases where that pair decides and
    // something differs.
    let mut keys: Vec<(Option<String>, Option<String>, Lit)> = Vec::new();
    for (ida, la, va) in &old_sides {
        for (idb, lb, vb) in &new_sides {
            let picked = pair.g.and(*la, *lb);
            if picked == Lit::FALSE {
                continue;
            }
            let differs = if ida != idb {
                Lit::TRUE
            } else {
                let (a, b) = (
                    va.as_ref().unwrap_or(&whole_o),
                    vb.as_ref().unwrap_or(&whole_n),
                );
                pair.differ(a, b)
            };
            let term = pair.g.and(picked, differs);
            if term == Lit::FALSE {
                continue;
            }
            match keys.iter_mut().find(|(x, y, _)| x == ida && y == idb) {
                Some((_, _, l)) => *l = pair.g.or(*l, term),
                None => keys.push((ida.clone(), idb.clone(), term)),
            }
        }
    }
    // Keys `eval` settles on a case already found need no question.
    let mut open = Vec::new();
    'keys: for (ida, idb, term) in keys {
        for (old_facts, new_facts) in known.iter() {
            if let Ok(region) = confirm(pair, versions, (o, n), (&ida, &idb), old_facts, new_facts)
            {
                proof.regions.push(region);
                continue 'keys;
            }
        }
        open.push((ida, idb, vec![both_ok.0, both_ok.1, term]));
    }
    for (ida, idb, lits) in open {
        match pair.ask(&lits) {
            Answer::Unsat => continue,
            Answer::Unknown => {
                proof.undecided.push(format!(
                    "whether the edit changes `{name}` where {} decided and {} now does",
                    ida.as_deref().unwrap_or("no clause"),
                    idb.as_deref().unwrap_or("no clause")
                ));
                continue;
            }
            Answer::Sat => {}
        }
        let (old_facts, new_facts) = witness(pair, &lits);
        let region = confirm(pair, versions, (o, n), (&ida, &idb), &old_facts, &new_facts)?;
        known.push((old_facts, new_facts));
        proof.regions.push(region);
    }
    Ok(())
}

/// One version's ways of deciding output `o`: (deciding clause's id or
/// none, the literal saying it decides, the value it sets if known apart
/// from the output's).
fn sides(pair: &mut Pair<'_>, old: bool, o: usize) -> Vec<(Option<String>, Lit, Option<SymVal>)> {
    let (program, decision) = if old {
        (pair.old.program, &pair.old_decision)
    } else {
        (pair.new.program, &pair.new_decision)
    };
    let id = |c: usize| Some(program.clauses[c].id.clone());
    let mut out: Vec<(Option<String>, Lit, Option<SymVal>)> = Vec::new();
    let set_by = decision
        .values
        .as_ref()
        .and_then(|v| v.set_by.get(o))
        .cloned()
        .unwrap_or_default();
    let mut deciders: Vec<Lit> = Vec::new();
    let unset = (!set_by.is_empty()).then(SymVal::missing);
    if set_by.is_empty() {
        for &(c, l) in decision.decided_by.get(o).map_or(&[][..], |v| v) {
            out.push((id(c), l, None));
            deciders.push(l);
        }
    } else {
        for (c, _, l, v) in set_by {
            out.push((id(c), l, Some(v)));
            deciders.push(l);
        }
    }
    let some = pair.g.or_all(deciders);
    // Decided by no clause: a computed output (its value), an unset one
    // (missing), a default deny.
    out.push((None, !some, unset));
    out
}

/// The witness `eval` gives: the output changes, deciding clauses as the
/// region says; with the conditions that flip.
fn confirm(
    pair: &Pair<'_>,
    versions: &Versions,
    (o, n): (usize, usize),
    (old_id, new_id): (&Option<String>, &Option<String>),
    old_facts: &[Value],
    new_facts: &[Value],
) -> Result<Region, String> {
    let (old, new) = (pair.old.program, pair.new.program);
    let name = &old.outputs[o].name;
    let (Ok(a), Ok(b)) = (
        versions.old.decide(old_facts),
        versions.new.decide(new_facts),
    ) else {
        return Err(format!(
            "internal error: a witness for `{name}` that one version does not decide"
        ));
    };
    let id = |p: &Program, d: &Decision, o: usize| d.decided_by[o].map(|c| p.clauses[c].id.clone());
    let (va, vb) = (
        json::value(old, old.outputs[o].ty, &a.outputs[o]),
        json::value(new, new.outputs[n].ty, &b.outputs[n]),
    );
    let (ca, cb) = (id(old, &a, o), id(new, &b, n));
    let same_value = match (&a.outputs[o], &b.outputs[n]) {
        (Value::Dec(x), Value::Dec(y)) => x == y,
        (x, y) => x == y && va == vb,
    };
    if (same_value && ca == cb) || &ca != old_id || &cb != new_id {
        return Err(format!(
            "internal error: the witness for `{name}` ({old_id:?} -> {new_id:?}) gives {va} by {ca:?} and {vb} by {cb:?}"
        ));
    }
    Ok(Region {
        output: Some(name.clone()),
        old_clause: ca,
        new_clause: cb,
        old: va,
        new: vb,
        witness: union_facts(pair, old_facts, new_facts),
        conditions: why(
            &versions.old,
            &versions.new,
            (old_facts, new_facts),
            (&a, &b),
        ),
    })
}

/// Why a case changes: the conditions, by clause and text, whose truth
/// differs between the two versions on it, and those only one version has
/// in a clause both have (`policy diff`, with `--prove` or `--cases`).
pub fn why(
    old_version: &Prepared,
    new_version: &Prepared,
    (old_facts, new_facts): (&[Value], &[Value]),
    (a, b): (&Decision, &Decision),
) -> Vec<String> {
    let (old, new) = (old_version.program(), new_version.program());
    let ta = old_version.explain(old_facts, a);
    let tb = new_version.explain(new_facts, b);
    let shown = |h: Option<bool>| match h {
        Some(true) => "holds",
        Some(false) => "does not hold",
        None => "not reached",
    };
    let mut out = Vec::new();
    for x in &ta {
        let id = &old.clauses[x.clause].id;
        let Some(y) = tb.iter().find(|t| &new.clauses[t.clause].id == id) else {
            continue;
        };
        for cx in &x.conditions {
            match y.conditions.iter().find(|cy| cy.text == cx.text) {
                Some(cy) if cy.holds != cx.holds => out.push(format!(
                    "{id}: `{}` {} before, {} after",
                    cx.text,
                    shown(cx.holds),
                    shown(cy.holds)
                )),
                Some(_) => {}
                None => out.push(format!("{id}: `{}` ({}) is gone", cx.text, shown(cx.holds))),
            }
        }
        for cy in &y.conditions {
            if !x.conditions.iter().any(|cx| cx.text == cy.text) {
                out.push(format!("{id}: `{}` ({}) is new", cy.text, shown(cy.holds)));
            }
        }
    }
    out
}

/// A witness asked of typical cases first (see `analysis::witness`).
fn witness(pair: &mut Pair<'_>, lits: &[Lit]) -> (Vec<Value>, Vec<Value>) {
    let mut typical = lits.to_vec();
    typical.extend(typical_lits(pair));
    if pair.ask(&typical) == Answer::Sat {
        return pair.witness();
    }
    pair.ask(lits);
    pair.witness()
}

fn typical_lits(pair: &mut Pair<'_>) -> Vec<Lit> {
    let big = num_bigint::BigInt::from;
    let mut lits = Vec::new();
    let vars: Vec<_> = pair.facts.iter().map(|(_, v, _)| v.clone()).collect();
    for v in vars {
        let (bv, lo, hi) = match &v.sym {
            Sym::Dec(n, places) => {
                let m = big(1_000_000) * big(10).pow(*places);
                (n.clone(), -m.clone(), m)
            }
            Sym::Int(n) => (n.clone(), big(-1000), big(1000)),
            Sym::Date(z) => {
                let day = |y| {
                    chrono::NaiveDate::from_ymd_opt(y, 1, 1)
                        .map_or(0, |d| chrono::Datelike::num_days_from_ce(&d))
                };
                (z.clone(), big(day(2000)), big(day(2100)))
            }
            _ => continue,
        };
        lits.push(pair.g.within(&bv, &lo, &hi));
    }
    lits
}

/// One facts object holding every fact either version reads.
fn union_facts(pair: &Pair<'_>, old_facts: &[Value], new_facts: &[Value]) -> Json {
    let mut object = Map::new();
    if let Json::Object(o) = facts_json(pair.old.program, old_facts) {
        object.extend(o);
    }
    if let Json::Object(n) = facts_json(pair.new.program, new_facts) {
        for (k, v) in n {
            if pair
                .facts
                .iter()
                .any(|(name, _, origin)| name == &k && matches!(origin, Origin::New(_)))
            {
                object.insert(k, v);
            }
        }
    }
    Json::Object(object)
}
