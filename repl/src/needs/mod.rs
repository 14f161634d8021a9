//! `:needs`: with facts still missing, which of them can still change an
//! outcome, and which outputs are settled whatever they turn out to be.
//!
//! Clause applicability and precedence are decided here in three-valued
//! logic ([`tri`]), the way the evaluator decides them in two: a clause
//! decides an output when it sets it and no clause above it applies. An
//! output is settled when the clause deciding it is certain and its value
//! reads no unknown fact. Facts are reported by what they can change: which
//! clause decides, or only the value once a clause decides, or only whether
//! an assumption rejects the case.

mod report;
pub mod tri;

use fixedbitset::FixedBitSet;
use policy::eval::Prepared;
use policy::program::{
    ClauseId, Effect, Node, OutputId, OutputSource, Program, RuleDef, Type, Value,
};

pub use report::render;
use tri::{Known, Tri};

/// Who decides an output, as far as is known.
#[derive(Clone, Debug, PartialEq)]
pub enum Decider {
    /// This clause for certain; `None`: no clause can.
    Clause(Option<ClauseId>),
    /// One of these clauses, depending on missing facts.
    OneOf(Vec<ClauseId>),
    /// Several for certain, with no precedence between them: a conflict.
    Conflict(Vec<ClauseId>),
    /// Permissions: forbid beats permit, default deny.
    Permission,
    /// `= EXPR`, from facts and other outputs.
    Computed,
}

#[derive(Clone, Debug)]
pub struct OutputNeeds {
    pub output: OutputId,
    pub decider: Decider,
    /// The value, when settled whatever the missing facts turn out to be.
    pub settled: Option<Value>,
    /// Missing facts that can change which clause decides it.
    pub deciding: FixedBitSet,
    /// Per clause that may decide it, the missing facts its value reads
    /// (for computed outputs, one entry with no clause: the facts it reads
    /// itself, and the requirements it reads).
    pub values: Vec<(Option<ClauseId>, FixedBitSet)>,
    /// For computed outputs, the outputs it reads that are not settled.
    pub through: Vec<OutputId>,
}

#[derive(Clone, Debug)]
pub struct Needs {
    /// An assumption already false: the case is rejected whatever else.
    pub rejected: Option<usize>,
    pub outputs: Vec<OutputNeeds>,
    /// Missing facts read by assumptions still unknown.
    pub assumptions: FixedBitSet,
    /// Every fact not given.
    pub missing: FixedBitSet,
}

pub fn needs(prepared: &Prepared, facts: &[Option<Value>]) -> Needs {
    let program = prepared.program();
    let mut known = Known::new(prepared, facts);
    let mut missing = FixedBitSet::with_capacity(program.facts.len());
    missing.insert_range(..);
    missing.difference_with(&known.known);
    let assumptions = Tri::all(
        program
            .assumptions
            .iter()
            .map(|a| known.truth(&a.condition)),
    );
    if assumptions.is(false) {
        let rejected = program
            .assumptions
            .iter()
            .position(|a| known.truth(&a.condition).is(false));
        return Needs {
            rejected,
            outputs: vec![],
            assumptions: FixedBitSet::new(),
            missing,
        };
    }
    let applies: Vec<Tri> = (0..program.clauses.len())
        .map(|c| applies(&known, c))
        .collect();
    let unbeaten: Vec<Tri> = (0..program.clauses.len())
        .map(|c| Tri::any(program.beaten_by[c].ones().map(|d| applies[d].clone())).not())
        .collect();
    let mut outputs: Vec<Option<OutputNeeds>> = vec![None; program.outputs.len()];
    for (o, out) in program.outputs.iter().enumerate() {
        if matches!(out.source, OutputSource::Computed(_)) {
            continue;
        }
        let needs = if out.ty == Type::Permission {
            permission(&known, o, &unbeaten)
        } else {
            decided(&mut known, o, &unbeaten)
        };
        record(&mut known, &needs);
        outputs[o] = Some(needs);
    }
    for &o in &program.computed_order {
        let Some(OutputSource::Computed(node)) = program.outputs.get(o).map(|d| &d.source) else {
            continue;
        };
        let (settled, open) = match known.value(node) {
            Ok(v) => (Some(round(program, o, v)), FixedBitSet::new()),
            Err(reads) => (None, reads),
        };
        let (direct, through) = known.direct_reads(node);
        let needs = OutputNeeds {
            output: o,
            decider: Decider::Computed,
            settled,
            deciding: FixedBitSet::new(),
            values: vec![(None, direct)],
            through,
        };
        record(&mut known, &needs);
        // What it reads through other outputs can change it too.
        known.open[o].union_with(&open);
        outputs[o] = Some(needs);
    }
    Needs {
        rejected: None,
        outputs: outputs.into_iter().flatten().collect(),
        assumptions: assumptions.facts,
        missing,
    }
}

/// Make what is known of an output visible to computed outputs after it.
fn record(known: &mut Known<'_>, needs: &OutputNeeds) {
    let o = needs.output;
    if let Some(v) = &needs.settled {
        known.settled.insert(o);
        known.decision.outputs[o] = v.clone();
    }
    if let Decider::Clause(c) = needs.decider {
        known.decision.decided_by[o] = c;
    }
    let mut open = needs.deciding.clone();
    for (_, facts) in &needs.values {
        open.union_with(facts);
    }
    known.open[o] = open;
}

/// The clause's conditions hold: its `when`, and some rule fires.
fn applies(known: &Known<'_>, c: ClauseId) -> Tri {
    let clause = &known.program.clauses[c];
    let when = clause
        .when
        .as_ref()
        .map_or(Tri::known(true), |w| known.truth(&w.node));
    when.and(Tri::any(clause.rules.iter().map(|r| match &r.otherwise {
        Some(_) => Tri::known(true),
        None => condition(known, r),
    })))
}

fn condition(known: &Known<'_>, rule: &RuleDef) -> Tri {
    rule.condition
        .as_ref()
        .map_or(Tri::known(true), |c| known.truth(&c.node))
}

/// The branches of a clause's rules whose effect `matches`, each with when
/// it fires (the clause's `when` included) and its effect.
fn branches<'p>(
    known: &Known<'p>,
    c: ClauseId,
    matches: impl Fn(&Effect) -> bool,
) -> Vec<(Tri, &'p Effect)> {
    let clause = &known.program.clauses[c];
    let when = clause
        .when
        .as_ref()
        .map_or(Tri::known(true), |w| known.truth(&w.node));
    let mut out = vec![];
    for rule in &clause.rules {
        let cond = condition(known, rule);
        if matches(&rule.then) {
            out.push((when.clone().and(cond.clone()), &rule.then));
        }
        if let Some(otherwise) = rule.otherwise.as_ref().filter(|e| matches(e)) {
            out.push((when.clone().and(cond.not()), otherwise));
        }
    }
    out
}

fn permission(known: &Known<'_>, o: OutputId, unbeaten: &[Tri]) -> OutputNeeds {
    let mut forbids = vec![];
    let mut permits = vec![];
    for (c, unbeaten) in unbeaten.iter().enumerate() {
        for (fires, effect) in branches(known, c, |e| e.output() == o) {
            let in_force = fires.and(unbeaten.clone());
            match effect {
                Effect::Forbid(_) => forbids.push(in_force),
                _ => permits.push(in_force),
            }
        }
    }
    let value = Tri::any(forbids).not().and(Tri::any(permits));
    OutputNeeds {
        output: o,
        decider: Decider::Permission,
        settled: value.truth.map(Value::Bool),
        deciding: value.facts,
        values: vec![],
        through: vec![],
    }
}

/// A clause that can set an output: whether it decides it, and the
/// branches that set it, each with when it fires and the value it sets.
type Candidate<'p> = (ClauseId, Tri, Vec<(Tri, &'p Node)>);

fn decided(known: &mut Known<'_>, o: OutputId, unbeaten: &[Tri]) -> OutputNeeds {
    let program = known.program;
    let sets = |e: &Effect| matches!(e, Effect::Set(out, _) if *out == o);
    // Each clause that can set it: whether it decides it, and the branches
    // that set it.
    let mut candidates: Vec<Candidate<'_>> = vec![];
    for (c, unbeaten) in unbeaten.iter().enumerate() {
        let setting: Vec<(Tri, &Node)> = branches(known, c, sets)
            .into_iter()
            .filter_map(|(fires, e)| match e {
                Effect::Set(_, node) => Some((fires, node)),
                _ => None,
            })
            .collect();
        if setting.is_empty() {
            continue;
        }
        let decides = Tri::any(setting.iter().map(|(t, _)| t.clone())).and(unbeaten.clone());
        candidates.push((c, decides, setting));
    }
    let possible: Vec<&Candidate<'_>> =
        candidates.iter().filter(|(_, d, _)| !d.is(false)).collect();
    let mut deciding = FixedBitSet::with_capacity(program.facts.len());
    for (_, d, _) in &possible {
        deciding.union_with(&d.facts);
    }
    let values: Vec<(Option<ClauseId>, FixedBitSet)> = possible
        .iter()
        .map(|(c, _, setting)| (Some(*c), value_reads(known, setting)))
        .collect();
    let certain = possible.iter().all(|(_, d, _)| d.is(true));
    let decider = match (certain, possible.as_slice()) {
        (true, []) => Decider::Clause(None),
        (true, [(c, _, _)]) => Decider::Clause(Some(*c)),
        (true, many) => Decider::Conflict(many.iter().map(|(c, _, _)| *c).collect()),
        (false, many) => Decider::OneOf(many.iter().map(|(c, _, _)| *c).collect()),
    };
    let settled = match (&decider, possible.as_slice()) {
        (Decider::Clause(None), _) => Some(Value::Missing),
        (Decider::Clause(Some(_)), [(_, _, setting)]) => settled_value(known, o, setting),
        _ => None,
    };
    unmet(known, o, &decider, &deciding);
    OutputNeeds {
        output: o,
        decider,
        settled,
        deciding,
        values,
        through: vec![],
    }
}

/// The missing facts the value of the branches that may fire reads, and
/// those that choose between the branches.
fn value_reads(known: &Known<'_>, setting: &[(Tri, &Node)]) -> FixedBitSet {
    let mut reads = FixedBitSet::with_capacity(known.facts());
    let live: Vec<&(Tri, &Node)> = setting.iter().filter(|(t, _)| !t.is(false)).collect();
    for (fires, node) in &live {
        if live.len() > 1 {
            reads.union_with(&fires.facts);
        }
        reads.union_with(&known.unknown_reads(node));
    }
    reads
}

fn settled_value(known: &Known<'_>, o: OutputId, setting: &[(Tri, &Node)]) -> Option<Value> {
    let live: Vec<&(Tri, &Node)> = setting.iter().filter(|(t, _)| !t.is(false)).collect();
    match live.as_slice() {
        [(fires, node)] if fires.is(true) => {
            known.value(node).ok().map(|v| round(known.program, o, v))
        }
        _ => None,
    }
}

/// What is known of `unmet requirements of o`: settled once the deciding
/// clause is certain and its requirements known.
fn unmet(known: &mut Known<'_>, o: OutputId, decider: &Decider, deciding: &FixedBitSet) {
    let program = known.program;
    let clauses: Vec<ClauseId> = match decider {
        Decider::Clause(c) => c.iter().copied().collect(),
        Decider::OneOf(cs) | Decider::Conflict(cs) => cs.clone(),
        _ => vec![],
    };
    let mut open = FixedBitSet::with_capacity(program.facts.len());
    let mut all_known = true;
    for c in clauses {
        for req in &program.clauses[c].requirements {
            let t = known.truth(&req.condition.node);
            all_known &= t.truth.is_some();
            open.union_with(&t.facts);
        }
    }
    known.unmet_reqs[o] = open.clone();
    if matches!(decider, Decider::Clause(_)) && all_known {
        known.unmet_settled.insert(o);
    } else {
        open.union_with(deciding);
        known.unmet_open[o] = open;
    }
}

/// Money outputs are rounded once, when decided, as the evaluator does.
fn round(program: &Program, o: OutputId, value: Value) -> Value {
    match (
        program.outputs.get(o).map(|d| d.ty),
        program.rounding,
        value,
    ) {
        (Some(Type::Money), Some(r), Value::Dec(d)) => Value::Dec(r.apply(d)),
        (_, _, v) => v,
    }
}

#[cfg(test)]
mod tests;
