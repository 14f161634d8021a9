//! A whole decision as a circuit, step for step as `eval` takes it:
//! assumptions in order, then every clause's conditions (stronger clauses
//! first, so an overridden clause's failing condition only means it does
//! not apply), then the effects in file order (the second setter of an
//! output is a conflict), then gaps, then computed outputs.

use super::expr::{truth, Enc, Encoder, Unsupported};
use super::gates::Gates;
use super::sat::Lit;
use super::value::{Sym, SymVal};
use crate::program::{ClauseId, Effect, Node, Op, OutputId, OutputSource, Type};

/// One rule's effect on one output, where it is in force.
#[derive(Clone, Debug)]
pub struct Setter {
    /// The clause.
    pub clause: ClauseId,
    /// Which of its rules.
    pub rule: usize,
    /// The rule fired, its clause is not overridden, and the branch that
    /// fired is this one.
    pub active: Lit,
    /// A `forbid` (a permission's setters are permits or forbids).
    pub forbid: bool,
    /// The rule's first branch (else its `otherwise`).
    pub then: bool,
}

/// The decision of one case, symbolically.
pub struct SymDecision {
    /// Every assumption holds, none failing to evaluate.
    pub valid: Lit,
    /// Per assumption: it holds and does not fail to evaluate.
    pub assumptions: Vec<Lit>,
    /// Per clause: some rule of it fired (overridden or not).
    pub applies: Vec<Lit>,
    /// Per clause: a clause above it in the precedence applies.
    pub overridden: Vec<Lit>,
    /// Per output: the effects that can set it, in file order.
    pub setters: Vec<Vec<Setter>>,
    /// A condition of a clause in force failed to evaluate.
    pub condition_fails: Lit,
    /// Per output: some clause decided it.
    pub decided: Vec<Lit>,
    /// Per output: the clause deciding it, one literal per candidate.
    pub decided_by: Vec<Vec<(ClauseId, Lit)>>,
    /// Per output: two setters in force (a conflict, or one clause setting
    /// it twice).
    pub conflict: Vec<Lit>,
    /// Some required output is left unset.
    pub gap: Lit,
    /// Per rule of each clause: (fired, took the `then` branch).
    fired: Vec<Vec<(Lit, Lit)>>,
    /// The values, built when a question needs them (most of `check`'s do
    /// not, and they are most of the encoding).
    pub values: Option<Values>,
}

/// What the outputs come to, and whether computing them fails.
pub struct Values {
    /// Per output: its value once the case is decided.
    pub outputs: Vec<SymVal>,
    /// Per output: each effect that can set it, as (clause, rule, the first
    /// decider literal, the value it sets), in file order.
    pub set_by: Vec<Vec<(ClauseId, usize, Lit, SymVal)>>,
    /// The case is decided: valid, and no run-time error of any kind.
    pub ok: Lit,
    /// Valid, and `eval` stops at an operation that fails (a division by
    /// zero, an overflow, a missing day, a date beyond the calendar) before
    /// any conflict or gap.
    pub fails: Lit,
}

impl Encoder<'_> {
    /// The decision, encoded: which clauses apply, which are overridden, who
    /// sets each output, and when the case is valid, conflicts, gaps or fails.
    pub fn decide(&mut self, g: &mut Gates) -> Result<SymDecision, Unsupported> {
        let program = self.program;
        // Assumptions, in order: the first broken or failing one ends it.
        let mut valid = Lit::TRUE;
        let mut assumptions = Vec::new();
        for assumption in &program.assumptions {
            let e = self.node(g, &assumption.condition)?;
            let holds = g.and(truth(&e), !e.fails);
            assumptions.push(holds);
            valid = g.and(valid, holds);
        }

        // Clauses, stronger first.
        let n = program.clauses.len();
        let mut applies = vec![Lit::FALSE; n];
        let mut overridden = vec![Lit::FALSE; n];
        // Per clause, per rule: (fired, took the `then` branch).
        let mut fired: Vec<Vec<(Lit, Lit)>> = vec![Vec::new(); n];
        let mut condition_fails = Lit::FALSE;
        for &c in &program.clause_order {
            let clause = &program.clauses[c];
            let above: Vec<Lit> = program.beaten_by[c].ones().map(|d| applies[d]).collect();
            let ov = g.or_all(above);
            overridden[c] = ov;
            let (mut open, mut fail_here) = (Lit::TRUE, Lit::FALSE);
            if let Some(when) = &clause.when {
                let e = self.node(g, &when.node)?;
                open = g.and(!e.fails, truth(&e));
                fail_here = e.fails;
            }
            let mut any = Lit::FALSE;
            for rule in &clause.rules {
                let (f, then) = match &rule.condition {
                    None => (open, Lit::TRUE),
                    Some(condition) => {
                        let e = self.node(g, &condition.node)?;
                        let reached_fail = g.and(open, e.fails);
                        fail_here = g.or(fail_here, reached_fail);
                        let holds = truth(&e);
                        let branch = if rule.otherwise.is_some() {
                            Lit::TRUE
                        } else {
                            holds
                        };
                        let ok = g.and(!e.fails, branch);
                        (g.and(open, ok), holds)
                    }
                };
                any = g.or(any, f);
                fired[c].push((f, then));
            }
            applies[c] = any;
            // A failure matters only in a clause in force.
            let counts = g.and(!ov, fail_here);
            condition_fails = g.or(condition_fails, counts);
        }

        // Who sets what, in file order: the first setter in force decides.
        let outputs_n = program.outputs.len();
        let mut setters: Vec<Vec<Setter>> = vec![Vec::new(); outputs_n];
        let mut decided = vec![Lit::FALSE; outputs_n];
        let mut decided_by: Vec<Vec<(ClauseId, Lit)>> = vec![Vec::new(); outputs_n];
        let mut permits: Vec<Vec<(ClauseId, Lit)>> = vec![Vec::new(); outputs_n];
        let mut forbids: Vec<Vec<(ClauseId, Lit)>> = vec![Vec::new(); outputs_n];
        let mut conflict = vec![Lit::FALSE; outputs_n];
        for (c, clause) in program.clauses.iter().enumerate() {
            for (r, rule) in clause.rules.iter().enumerate() {
                let (f, then) = fired[c][r];
                let in_force = g.and(f, !overridden[c]);
                let branches = [
                    (Some(&rule.then), then, true),
                    (rule.otherwise.as_ref(), !then, false),
                ];
                for (effect, taken, first_branch) in branches {
                    let Some(effect) = effect else { continue };
                    let active = g.and(in_force, taken);
                    if active == Lit::FALSE {
                        continue;
                    }
                    let o = effect.output();
                    setters[o].push(Setter {
                        clause: c,
                        rule: r,
                        active,
                        forbid: matches!(effect, Effect::Forbid(_)),
                        then: first_branch,
                    });
                    match effect {
                        Effect::Permit(_) => permits[o].push((c, active)),
                        Effect::Forbid(_) => forbids[o].push((c, active)),
                        Effect::Set(..) => {
                            let second = g.and(active, decided[o]);
                            conflict[o] = g.or(conflict[o], second);
                            let first = g.and(active, !decided[o]);
                            decided_by[o].push((c, first));
                            decided[o] = g.or(decided[o], active);
                        }
                    }
                }
            }
        }
        // Permissions: forbid beats permit, default deny.
        for o in 0..outputs_n {
            if program.outputs[o].ty != Type::Permission {
                continue;
            }
            let any_forbid = g.or_all(forbids[o].iter().map(|(_, l)| *l));
            let any_permit = g.or_all(permits[o].iter().map(|(_, l)| *l));
            let mut earlier = Lit::FALSE;
            for &(c, l) in &forbids[o] {
                let first = g.and(l, !earlier);
                decided_by[o].push((c, first));
                earlier = g.or(earlier, l);
            }
            let mut earlier = any_forbid;
            for &(c, l) in &permits[o] {
                let first = g.and(l, !earlier);
                decided_by[o].push((c, first));
                earlier = g.or(earlier, l);
            }
            decided[o] = g.or(any_forbid, any_permit);
        }
        // Gaps: a required decided output left unset.
        let mut gap = Lit::FALSE;
        for (o, output) in program.outputs.iter().enumerate() {
            if matches!(output.source, OutputSource::Decided)
                && output.ty != Type::Permission
                && !output.optional
            {
                gap = g.or(gap, !decided[o]);
            }
        }
        Ok(SymDecision {
            valid,
            assumptions,
            applies,
            overridden,
            setters,
            condition_fails,
            decided,
            decided_by,
            conflict,
            gap,
            fired,
            values: None,
        })
    }

    /// Build the outputs' values and failures of `d`, if not built yet.
    pub fn values(&mut self, g: &mut Gates, d: &mut SymDecision) -> Result<(), Unsupported> {
        if d.values.is_some() {
            return Ok(());
        }
        let program = self.program;
        let outputs_n = program.outputs.len();
        let mut values: Vec<Option<SymVal>> = vec![None; outputs_n];
        let mut set_by: Vec<Vec<(ClauseId, usize, Lit, SymVal)>> = vec![Vec::new(); outputs_n];
        let mut decided_before = vec![Lit::FALSE; outputs_n];
        let mut clean = Lit::TRUE;
        let mut fails_first = Lit::FALSE;
        for (c, clause) in program.clauses.iter().enumerate() {
            for (r, rule) in clause.rules.iter().enumerate() {
                let (f, then) = d.fired[c][r];
                let in_force = g.and(f, !d.overridden[c]);
                let branches = [(Some(&rule.then), then), (rule.otherwise.as_ref(), !then)];
                for (effect, taken) in branches {
                    let Some(Effect::Set(o, node)) = effect else {
                        continue;
                    };
                    let o = *o;
                    let active = g.and(in_force, taken);
                    if active == Lit::FALSE {
                        continue;
                    }
                    let conflict = g.and(active, decided_before[o]);
                    let e = self.output_value(g, o, node)?;
                    let first = g.and(active, !decided_before[o]);
                    set_by[o].push((c, r, first, e.val.clone()));
                    let value_fails = g.and(first, e.fails);
                    let here = g.and(clean, value_fails);
                    fails_first = g.or(fails_first, here);
                    let stop = g.or(conflict, value_fails);
                    clean = g.and(clean, !stop);
                    values[o] = Some(match values[o].take() {
                        None => e.val.clone(),
                        Some(before) => self.choose(g, first, &e.val, &before, 0),
                    });
                    decided_before[o] = g.or(decided_before[o], active);
                }
            }
        }
        for (o, output) in program.outputs.iter().enumerate() {
            if output.ty == Type::Permission {
                let forbid = g.or_all(d.setters[o].iter().filter(|s| s.forbid).map(|s| s.active));
                let permit = g.or_all(d.setters[o].iter().filter(|s| !s.forbid).map(|s| s.active));
                let permitted = g.and(permit, !forbid);
                values[o] = Some(SymVal::of(Sym::Bool(permitted)));
            }
        }
        for (o, value) in values.iter_mut().enumerate() {
            let v = value.take().unwrap_or_else(SymVal::missing);
            // An unset output is missing; a permission always has a value.
            let present = if program.outputs[o].ty == Type::Permission {
                Lit::TRUE
            } else {
                g.and(d.decided[o], v.present)
            };
            let v = SymVal { present, ..v };
            self.outputs[o] = Some(v);
        }
        // Computed outputs, each after what it reads.
        let mut computed_fails = Lit::FALSE;
        for &o in &program.computed_order {
            let OutputSource::Computed(node) = &program.outputs[o].source else {
                continue;
            };
            let e = match &node.op {
                Op::Unmet(of) => self.unmet(g, *of, &d.decided_by)?,
                _ => self.output_value(g, o, node)?,
            };
            let reached = g.and(!computed_fails, e.fails);
            computed_fails = g.or(computed_fails, reached);
            self.outputs[o] = Some(e.val);
        }
        let after_effects = g.and(clean, !d.gap);
        let late = g.and(after_effects, computed_fails);
        let run_fails = g.or_all([fails_first, late]);
        let no_condition_fails = !d.condition_fails;
        let later = g.and(no_condition_fails, run_fails);
        let any_fail = g.or(d.condition_fails, later);
        let fails = g.and(d.valid, any_fail);
        let ok = g.and_all([d.valid, no_condition_fails, after_effects, !computed_fails]);
        let outputs = self
            .outputs
            .iter()
            .map(|v| v.clone().unwrap_or_else(SymVal::missing))
            .collect();
        d.values = Some(Values {
            outputs,
            set_by,
            ok,
            fails,
        });
        Ok(())
    }

    /// The value an effect or a computed output gives output `o`: money
    /// rounded by the header's rule as it is set.
    fn output_value(
        &mut self,
        g: &mut Gates,
        o: OutputId,
        node: &Node,
    ) -> Result<Enc, Unsupported> {
        let program = self.program;
        let rounding = match program.outputs.get(o) {
            Some(out) if out.ty == Type::Money => program.rounding,
            _ => None,
        };
        let Some(rounding) = rounding else {
            return self.node(g, node);
        };
        let e = match &node.op {
            // Constants are rounded when the policy is compiled.
            Op::Const(_) => {
                let e = self.node(g, node)?;
                let (n, _) = self.round(g, &e.val, rounding, node.span);
                return Ok(Enc {
                    val: SymVal::of(Sym::Dec(n, rounding.places)),
                    fails: Lit::FALSE,
                });
            }
            Op::DecDiv(..) | Op::ProRata(..) => self.quotient(g, node, Some(rounding))?,
            _ => self.node(g, node)?,
        };
        if !matches!(e.val.sym, Sym::Dec(..)) {
            return Ok(e);
        }
        let (n, over) = self.round(g, &e.val, rounding, node.span);
        let fails = g.or(e.fails, over);
        Ok(Enc {
            val: SymVal {
                present: e.val.present,
                sym: Sym::Dec(n, rounding.places),
            },
            fails,
        })
    }

    /// `unmet requirements of o`: the labels of the requirements of the
    /// clause deciding `o` that do not hold.
    fn unmet(
        &mut self,
        g: &mut Gates,
        o: OutputId,
        decided_by: &[Vec<(ClauseId, Lit)>],
    ) -> Result<Enc, Unsupported> {
        let program = self.program;
        let labels = program
            .enums
            .get(program.requirement_labels)
            .map_or(0, |e| e.variants.len());
        let mut bits = vec![Lit::FALSE; labels];
        let mut fails = Lit::FALSE;
        let mut deciders: Vec<(ClauseId, Lit)> = Vec::new();
        for &(c, l) in decided_by.get(o).map_or(&[][..], |d| d) {
            match deciders.iter_mut().find(|(d, _)| *d == c) {
                Some((_, existing)) => *existing = g.or(*existing, l),
                None => deciders.push((c, l)),
            }
        }
        for (c, by) in deciders {
            for requirement in &program.clauses[c].requirements {
                let e = self.node(g, &requirement.condition.node)?;
                let unmet = g.and(by, !truth(&e));
                if let Some(bit) = bits.get_mut(requirement.label as usize) {
                    *bit = g.or(*bit, unmet);
                }
                let f = g.and(by, e.fails);
                fails = g.or(fails, f);
            }
        }
        Ok(Enc {
            val: SymVal::of(Sym::Set(bits)),
            fails,
        })
    }
}
