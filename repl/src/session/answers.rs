//! The questions: `:decide`, `:why`, `:what-if`, `:needs`, `:clauses`, and
//! evaluating what was typed.

use std::fmt::Write as _;

use policy::eval::{Decision, Failure, Prepared};
use policy::program::{FactId, Program, Value};
use policy::render::show;

use super::values::{self, slots, unset_required};
use super::{fact_named, line_error, Errors, Session};
use crate::commands::{Assignment, Piece, COMMANDS};
use crate::report::Diag;

pub fn help() -> String {
    let mut out = String::from("commands:\n");
    for (name, arg, what) in COMMANDS {
        let _ = writeln!(out, "  {:28}  {what}", format!("{name} {arg}").trim_end());
    }
    out.push_str(
        "  NAME = VALUE                  set a fact, in the policy's own words: paid = $240,\n\
         \x20                               reason = dissatisfied, primary_resolved_on = missing\n\
         \x20 EXPRESSION                    evaluate: 50% of paid, requested + 5 business days, refund\n",
    );
    out
}

/// Why a case cannot be decided yet.
enum Undecided {
    Missing(Vec<FactId>),
    Failed(Failure),
}

fn decide(
    prepared: &Prepared,
    facts: &[Option<Value>],
) -> Result<(Vec<Value>, Decision), Undecided> {
    let missing = unset_required(prepared.program(), facts);
    if !missing.is_empty() {
        return Err(Undecided::Missing(missing));
    }
    let slots = slots(facts);
    match prepared.decide(&slots) {
        Ok(d) => Ok((slots, d)),
        Err(f) => Err(Undecided::Failed(f)),
    }
}

fn fact_names(program: &Program, facts: &[FactId]) -> String {
    let names: Vec<&str> = facts
        .iter()
        .map(|&f| program.facts[f].name.as_str())
        .collect();
    names.join(", ")
}

/// One line on why there is no decision.
fn undecided_text(program: &Program, why: &Undecided) -> String {
    match why {
        Undecided::Missing(m) => {
            format!("cannot decide yet: no value for {}", fact_names(program, m))
        }
        Undecided::Failed(Failure::Rejected(r)) => {
            let a = &program.assumptions[r.assumption];
            let message = a
                .message
                .clone()
                .unwrap_or_else(|| program.text_of(a.condition.span));
            let named: Vec<FactId> = a.naming.clone();
            format!(
                "the policy rejects this case: {message} ({})",
                fact_names(program, &named)
            )
        }
        Undecided::Failed(Failure::Error(e)) => format!("the case cannot be decided: {e}"),
    }
}

/// No decision, as a report: on the line for missing facts and rejections,
/// on the policy for an evaluation error.
fn undecided_error(program: &Program, line: &str, why: Undecided) -> Errors {
    match why {
        Undecided::Failed(Failure::Error(e)) => {
            Errors(vec![miette::Report::new(e).with_source_code(
                policy::compile::named_source(&program.file),
            )])
        }
        Undecided::Missing(_) => line_error(line)(
            Diag::new(undecided_text(program, &why))
                .code("missing_facts")
                .help(":facts lists them; :needs says which of them still matter"),
        ),
        Undecided::Failed(_) => {
            line_error(line)(Diag::new(undecided_text(program, &why)).code("rejected"))
        }
    }
}

fn shown(program: &Program, o: usize, v: &Value) -> String {
    match v {
        Value::Missing => "not set".to_string(),
        v => show(program, program.outputs[o].ty, v),
    }
}

impl Session {
    pub(super) fn decide(&self, line: &str) -> Result<String, Errors> {
        let prepared = self.prepared(line)?;
        let program = prepared.program();
        let (_, d) =
            decide(prepared, &self.facts).map_err(|e| undecided_error(program, line, e))?;
        Ok(policy::render::human::outputs(program, &d))
    }

    pub(super) fn why(&self, line: &str, name: &Piece) -> Result<String, Errors> {
        let prepared = self.prepared(line)?;
        let program = prepared.program();
        let Some(o) = program.output_named(&name.text) else {
            let is_fact = program.fact_named(&name.text).is_some();
            let diag = Diag::new(format!(
                "`{}` is not an output of policy {}",
                name.text, program.name
            ))
            .code("not_an_output")
            .label(
                name.at,
                name.text.len(),
                if is_fact { "a fact" } else { "not an output" },
            );
            let help = if is_fact {
                Some(format!(
                    "facts are given, not decided; `{}` shows its value",
                    name.text
                ))
            } else {
                policy::check::did_you_mean(
                    &name.text,
                    program.outputs.iter().map(|o| o.name.as_str()),
                )
            };
            return Err(line_error(line)(diag.help_opt(help)));
        };
        let (slots, d) =
            decide(prepared, &self.facts).map_err(|e| undecided_error(program, line, e))?;
        let trace = prepared.explain(&slots, &d);
        Ok(super::why::text(prepared, &slots, &d, &trace, o))
    }

    pub(super) fn what_if(&self, line: &str, changes: &[Assignment]) -> Result<String, Errors> {
        let prepared = self.prepared(line)?;
        let program = prepared.program();
        let mut facts = self.facts.clone();
        let mut described = vec![];
        for change in changes {
            let f = fact_named(program, &change.name).map_err(line_error(line))?;
            let v =
                values::fact_value(prepared, &facts, f, &change.value).map_err(line_error(line))?;
            described.push(format!(
                "{} = {}",
                program.facts[f].name,
                show(program, program.facts[f].ty, &v)
            ));
            facts[f] = Some(v);
        }
        let mut out = format!("what if {}:\n", described.join(", "));
        let before = decide(prepared, &self.facts);
        let after = decide(prepared, &facts);
        match (before, after) {
            (_, Err(why)) => {
                let _ = writeln!(out, "  {}", undecided_text(program, &why));
            }
            (Err(why), Ok((_, d))) => {
                let _ = writeln!(
                    out,
                    "  (no decision now: {})",
                    undecided_text(program, &why)
                );
                out.push_str(&policy::render::human::outputs(program, &d));
            }
            (Ok((_, a)), Ok((_, b))) => out.push_str(&difference(program, &a, &b)),
        }
        Ok(out)
    }

    pub(super) fn needs(&self, line: &str) -> Result<String, Errors> {
        let prepared = self.prepared(line)?;
        let program = prepared.program();
        let needs = crate::needs::needs(program, &self.facts)
            .map_err(|e| Errors::from(miette::miette!("{e}")))?;
        Ok(crate::needs::render(program, &needs))
    }

    pub(super) fn clauses(&self, line: &str) -> Result<String, Errors> {
        let prepared = self.prepared(line)?;
        let program = prepared.program();
        let holds = policy::analysis::needs::clauses(program, &self.facts)
            .map_err(|e| Errors::from(miette::miette!("{e}")))?;
        let width = program
            .clauses
            .iter()
            .map(|c| c.id.len())
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        for (c, clause) in program.clauses.iter().enumerate() {
            let mark = match holds.get(c).copied().flatten() {
                Some(true) => "applies",
                Some(false) => "does not apply",
                None => "depends on missing facts",
            };
            let above: Vec<&str> = program.beaten_by[c]
                .ones()
                .map(|d| program.clauses[d].id.as_str())
                .collect();
            let yields = if above.is_empty() {
                String::new()
            } else {
                format!("; yields to {}", above.join(", "))
            };
            let _ = writeln!(
                out,
                "  {:width$}  \"{}\": {mark}{yields}",
                clause.id, clause.title
            );
        }
        Ok(out)
    }

    pub(super) fn eval(&self, line: &str, piece: &Piece) -> Result<String, Errors> {
        let prepared = self.prepared(line)?;
        let program = prepared.program();
        let err = line_error(line);
        // A bare output name shows the decided value and who decided it; an
        // optional output could not be typed as an expression at all.
        if let Some(o) = program.output_named(&piece.text) {
            let (_, d) =
                decide(prepared, &self.facts).map_err(|e| undecided_error(program, line, e))?;
            let by = d.decided_by[o]
                .map(|c| format!("   decided by {}", program.clauses[c].id))
                .unwrap_or_default();
            return Ok(format!(
                "{} = {}{by}\n",
                piece.text,
                shown(program, o, &d.outputs[o])
            ));
        }
        let (node, ty) = values::compile(program, &self.facts, piece, None).map_err(|diag| {
            // `decide` for `:decide`: say so rather than "unknown name".
            match COMMANDS.iter().find(|(n, _, _)| n[1..] == piece.text) {
                Some((n, _, _)) => err(diag.help(format!("to run the command, type `{n}`"))),
                None => err(diag),
            }
        })?;
        let reads = values::reads(program, &self.facts, &node, piece.at);
        if !reads.unset.is_empty() {
            return Err(err(values::unset_error(program, &reads.unset)));
        }
        let decision = if reads.outputs {
            Some(
                decide(prepared, &self.facts)
                    .map_err(|e| undecided_error(program, line, e))?
                    .1,
            )
        } else {
            None
        };
        let value = values::evaluate(prepared, &self.facts, decision.as_ref(), &node, piece)
            .map_err(&err)?;
        let text = show(program, ty, &value);
        let is_name = program.definitions.iter().any(|d| d.name == piece.text);
        Ok(if is_name {
            format!("{} = {text}\n", piece.text)
        } else {
            format!("{text}\n")
        })
    }
}

/// The outputs that changed, old -> new, then those that did not.
fn difference(program: &Program, a: &Decision, b: &Decision) -> String {
    let width = program
        .outputs
        .iter()
        .map(|o| o.name.len())
        .max()
        .unwrap_or(0);
    let by = |d: &Decision, o: usize| {
        d.decided_by[o]
            .map(|c| format!(" by {}", program.clauses[c].id))
            .unwrap_or_default()
    };
    let mut out = String::new();
    let mut same = vec![];
    for (o, output) in program.outputs.iter().enumerate() {
        if a.outputs[o] == b.outputs[o] && a.decided_by[o] == b.decided_by[o] {
            same.push(output.name.as_str());
            continue;
        }
        let _ = writeln!(
            out,
            "  {:width$}  {}{}  ->  {}{}",
            output.name,
            shown(program, o, &a.outputs[o]),
            by(a, o),
            shown(program, o, &b.outputs[o]),
            by(b, o)
        );
    }
    if out.is_empty() {
        out.push_str("  no output changes\n");
    } else if !same.is_empty() {
        let _ = writeln!(out, "  unchanged: {}", same.join(", "));
    }
    out
}
