//! What the facts still missing from a case can change (the REPL's
//! `:needs`), asked of the symbolic engine: the known facts are constants,
//! the missing ones variables over the reader's domains, so "which clause
//! can decide `refund`" is one question per clause, "is its value settled"
//! two, and the missing facts an answer depends on are those its gates
//! still read once the known facts have folded away.

use fixedbitset::FixedBitSet;

use crate::program::{ClauseId, Node, Op, OutputId, OutputSource, Program, ReadWalk, Type, Value};
use crate::symbolic::{decode, Answer, Engine, Lit, SymVal};

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

/// What is known of one output.
#[derive(Clone, Debug)]
pub struct OutputNeeds {
    /// Which output.
    pub output: OutputId,
    /// Who decides it, as far as is known.
    pub decider: Decider,
    /// The value, when settled whatever the missing facts turn out to be.
    pub settled: Option<Value>,
    /// Missing facts that can change which clause decides it.
    pub deciding: FixedBitSet,
    /// Per clause that may decide it, the missing facts its value reads
    /// (for computed outputs, one entry with no clause: the facts it reads
    /// itself).
    pub values: Vec<(Option<ClauseId>, FixedBitSet)>,
    /// For computed outputs, the outputs it reads that are not settled.
    pub through: Vec<OutputId>,
}

/// What the missing facts of a case can still change.
#[derive(Clone, Debug)]
pub struct Needs {
    /// An assumption no completion of the case passes: rejected whatever.
    pub rejected: Option<usize>,
    /// Every output, decided ones first, computed ones in their order.
    pub outputs: Vec<OutputNeeds>,
    /// Missing facts the assumptions still read.
    pub assumptions: FixedBitSet,
    /// Every fact not given.
    pub missing: FixedBitSet,
}

/// `facts` holds one entry per fact, `None` where it is not given.
pub fn needs(program: &Program, facts: &[Option<Value>]) -> Result<Needs, String> {
    let mut engine = Engine::with_known(program, facts).map_err(|u| u.what)?;
    let n = program.facts.len();
    let mut missing = FixedBitSet::with_capacity(n);
    for (f, v) in facts.iter().enumerate().take(n) {
        if v.is_none() {
            missing.insert(f);
        }
    }
    let valid = engine.decision.valid;
    if engine.ask(&[valid]) != Answer::Sat {
        let holds = engine.decision.assumptions.clone();
        let mut prefix = Vec::new();
        let mut rejected = None;
        for (i, lit) in holds.iter().enumerate() {
            prefix.push(*lit);
            if engine.ask(&prefix) != Answer::Sat {
                rejected = Some(i);
                break;
            }
        }
        return Ok(Needs {
            rejected: rejected.or(Some(0)),
            outputs: vec![],
            assumptions: FixedBitSet::with_capacity(n),
            missing,
        });
    }
    engine.values().map_err(|u| u.what)?;
    let base = [valid, !engine.decision.condition_fails];
    let mut outputs: Vec<Option<OutputNeeds>> = vec![None; program.outputs.len()];
    for (o, out) in program.outputs.iter().enumerate() {
        if matches!(out.source, OutputSource::Computed(_)) {
            continue;
        }
        let needs = if out.ty == Type::Permission {
            permission(&mut engine, &base, o)
        } else {
            decided(&mut engine, &base, o)
        };
        outputs[o] = Some(needs);
    }
    for &o in &program.computed_order {
        let Some(OutputSource::Computed(node)) = program.outputs.get(o).map(|d| &d.source) else {
            continue;
        };
        let value = output_value(&engine, o);
        let settled = fixed(&mut engine, &base, &value);
        let (direct, read) = direct_reads(program, node, &missing);
        let through = read
            .into_iter()
            .filter(|&r| {
                outputs
                    .get(r)
                    .and_then(|x| x.as_ref())
                    .is_some_and(|x| x.settled.is_none())
            })
            .collect();
        outputs[o] = Some(OutputNeeds {
            output: o,
            decider: Decider::Computed,
            settled,
            deciding: FixedBitSet::with_capacity(n),
            values: vec![(None, direct)],
            through,
        });
    }
    let mut assumptions = FixedBitSet::with_capacity(n);
    let holds = engine.decision.assumptions.clone();
    for lit in holds {
        if !lit.is_const() {
            assumptions.union_with(&facts_read(&engine, &[lit]));
        }
    }
    assumptions.intersect_with(&missing);
    Ok(Needs {
        rejected: None,
        outputs: outputs.into_iter().flatten().collect(),
        assumptions,
        missing,
    })
}

/// Whether each clause's conditions hold with the facts known: `Some`
/// when they do (or do not) whatever the missing facts are.
pub fn clauses(program: &Program, facts: &[Option<Value>]) -> Result<Vec<Option<bool>>, String> {
    let mut engine = Engine::with_known(program, facts).map_err(|u| u.what)?;
    let applies = engine.decision.applies.clone();
    Ok(applies
        .into_iter()
        .map(|a| match (engine.ask(&[a]), engine.ask(&[!a])) {
            (Answer::Sat, Answer::Sat) => None,
            (Answer::Sat, _) => Some(true),
            _ => Some(false),
        })
        .collect())
}

fn output_value(engine: &Engine<'_>, o: OutputId) -> SymVal {
    engine
        .decision
        .values
        .as_ref()
        .and_then(|v| v.outputs.get(o).cloned())
        .unwrap_or_else(SymVal::missing)
}

/// The missing facts these literals still read.
fn facts_read(engine: &Engine<'_>, lits: &[Lit]) -> FixedBitSet {
    engine.facts_read(lits)
}

/// The one value `v` takes in every valid case that reaches a decision,
/// or `None` when it can take two.
fn fixed(engine: &mut Engine<'_>, base: &[Lit], v: &SymVal) -> Option<Value> {
    let ok = engine.decision.values.as_ref().map(|x| x.ok)?;
    let mut lits = base.to_vec();
    lits.push(ok);
    if engine.ask(&lits) != Answer::Sat {
        return None;
    }
    let value = decode(&engine.g, v, &engine.enc.texts);
    let other = engine.differs_from(v, &value);
    lits.push(other);
    // Proving a value fixed can take arithmetic a solver finds hard; past a
    // second it is reported as not settled (the missing facts it reads
    // are then named as facts that may change it).
    match engine.ask_within(&lits, std::time::Duration::from_secs(1)) {
        Answer::Unsat => Some(value),
        _ => None,
    }
}

fn decided(engine: &mut Engine<'_>, base: &[Lit], o: OutputId) -> OutputNeeds {
    let program = engine.enc.program;
    let n = program.facts.len();
    let by: Vec<(ClauseId, Lit)> = engine.decision.decided_by[o].clone();
    let mut clauses: Vec<ClauseId> = Vec::new();
    for (c, _) in &by {
        if !clauses.contains(c) {
            clauses.push(*c);
        }
    }
    let mut possible: Vec<(ClauseId, Lit)> = Vec::new();
    for c in clauses {
        let lits: Vec<Lit> = by
            .iter()
            .filter(|(x, _)| *x == c)
            .map(|(_, l)| *l)
            .collect();
        let first = engine.g.or_all(lits);
        let mut q = base.to_vec();
        q.push(first);
        if engine.ask(&q) == Answer::Sat {
            possible.push((c, first));
        }
    }
    let decided_lit = engine.decision.decided[o];
    let mut q = base.to_vec();
    q.push(!decided_lit);
    let none_possible = engine.ask(&q) == Answer::Sat;
    let mut deciding_lits: Vec<Lit> = possible.iter().map(|(_, l)| *l).collect();
    deciding_lits.push(decided_lit);
    let mut deciding = if possible.len() + usize::from(none_possible) > 1 {
        facts_read(engine, &deciding_lits)
    } else {
        FixedBitSet::with_capacity(n)
    };
    let conflict = engine.decision.conflict[o];
    let mut q = base.to_vec();
    q.push(!conflict);
    let certain_conflict = possible.len() > 1 && engine.ask(&q) != Answer::Sat;
    let decider = match (possible.as_slice(), none_possible) {
        ([], _) => Decider::Clause(None),
        ([(c, _)], false) => Decider::Clause(Some(*c)),
        (many, _) if certain_conflict => Decider::Conflict(many.iter().map(|(c, _)| *c).collect()),
        (many, _) => Decider::OneOf(many.iter().map(|(c, _)| *c).collect()),
    };
    if !matches!(decider, Decider::OneOf(_)) {
        deciding = FixedBitSet::with_capacity(n);
    }
    let set_by = engine
        .decision
        .values
        .as_ref()
        .and_then(|v| v.set_by.get(o).cloned())
        .unwrap_or_default();
    let values: Vec<(Option<ClauseId>, FixedBitSet)> = possible
        .iter()
        .map(|(c, _)| {
            let mut reads = FixedBitSet::with_capacity(n);
            for (_, _, _, v) in set_by.iter().filter(|(x, ..)| x == c) {
                reads.union_with(&engine.facts_read_value(v));
            }
            (Some(*c), reads)
        })
        .collect();
    let settled = match &decider {
        Decider::Clause(None) => Some(Value::Missing),
        Decider::Clause(Some(_)) => {
            let v = output_value(engine, o);
            fixed(engine, base, &v)
        }
        _ => None,
    };
    OutputNeeds {
        output: o,
        decider,
        settled,
        deciding,
        values,
        through: vec![],
    }
}

fn permission(engine: &mut Engine<'_>, base: &[Lit], o: OutputId) -> OutputNeeds {
    let v = output_value(engine, o);
    let settled = fixed(engine, base, &v);
    let deciding = if settled.is_none() {
        engine.facts_read_value(&v)
    } else {
        FixedBitSet::with_capacity(engine.enc.program.facts.len())
    };
    OutputNeeds {
        output: o,
        decider: Decider::Permission,
        settled,
        deciding,
        values: vec![],
        through: vec![],
    }
}

/// The missing facts an expression reads itself (through definitions, not
/// through outputs), and the outputs it reads.
fn direct_reads(
    program: &Program,
    node: &Node,
    missing: &FixedBitSet,
) -> (FixedBitSet, Vec<OutputId>) {
    let mut facts = FixedBitSet::with_capacity(program.facts.len());
    let mut outputs = Vec::new();
    let mut visit = |n: &Node| match n.op {
        Op::Fact(f) if missing.contains(f) => facts.insert(f),
        Op::Output(o) | Op::Unmet(o) if !outputs.contains(&o) => outputs.push(o),
        _ => {}
    };
    ReadWalk::new(program).walk(program, node, &mut visit);
    // `unmet requirements of o` reads the requirements of whichever
    // clause decides `o`.
    if let Op::Unmet(of) = node.op {
        for clause in &program.clauses {
            let sets = clause.rules.iter().any(|r| {
                std::iter::once(&r.then)
                    .chain(&r.otherwise)
                    .any(|e| e.output() == of)
            });
            if sets {
                let mut walk = ReadWalk::new(program);
                for req in &clause.requirements {
                    walk.walk(program, &req.condition.node, &mut visit);
                }
            }
        }
    }
    (facts, outputs)
}
