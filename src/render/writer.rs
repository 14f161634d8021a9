//! A decision's JSON text written straight into a buffer: the batch path,
//! where building a `serde_json` tree per case would cost more than deciding
//! it. The text is exactly `json::decision(program, decision, None)`
//! serialised (`tests/decisions.rs` compares the two on every worked case).

use std::fmt::Write as _;

use super::digits;
use super::json::{push_string, value, write_case_error};
use crate::eval::{Decision, Rejection};
use crate::program::{Program, Type, Value};

/// A program's names, quoted and escaped once for case after case.
pub struct DecisionWriter<'p> {
    program: &'p Program,
    /// `{"policy":"NAME","outputs":{`
    opening: String,
    /// `"NAME":` for each output.
    keys: Vec<String>,
    /// `"ID"` for each clause.
    clauses: Vec<String>,
    /// `"VALUE"` for each value of each enumeration.
    variants: Vec<Vec<String>>,
}

fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_string(&mut out, s);
    out
}

/// The bit of value `i` in a set (none past the last a set holds).
fn bit(i: usize) -> u128 {
    u32::try_from(i)
        .ok()
        .and_then(|i| 1u128.checked_shl(i))
        .unwrap_or(0)
}

impl<'p> DecisionWriter<'p> {
    fn quoted_variant(&self, e: usize, i: usize) -> Option<&str> {
        self.variants.get(e)?.get(i).map(String::as_str)
    }

    pub fn new(program: &'p Program) -> DecisionWriter<'p> {
        DecisionWriter {
            program,
            opening: format!("{{\"policy\":{},\"outputs\":{{", quoted(&program.name)),
            keys: program
                .outputs
                .iter()
                .map(|o| format!("{}:", quoted(&o.name)))
                .collect(),
            clauses: program.clauses.iter().map(|c| quoted(&c.id)).collect(),
            variants: program
                .enums
                .iter()
                .map(|e| e.variants.iter().map(|v| quoted(v)).collect())
                .collect(),
        }
    }

    pub fn write(&self, out: &mut String, decision: &Decision) {
        let program = self.program;
        out.push_str(&self.opening);
        for (id, o) in program.outputs.iter().enumerate() {
            if id > 0 {
                out.push(',');
            }
            out.push_str(&self.keys[id]);
            match (o.ty, &decision.outputs[id]) {
                (_, Value::Missing) => out.push_str("null"),
                (Type::Percent, Value::Dec(d)) => {
                    out.push('"');
                    digits::push_decimal(out, *d);
                    out.push_str("%\"");
                }
                (_, Value::Dec(d)) => {
                    out.push('"');
                    digits::push_decimal(out, *d);
                    out.push('"');
                }
                (_, Value::Int(n)) => {
                    let _ = write!(out, "{n}");
                }
                (_, Value::Date(d)) => {
                    out.push('"');
                    digits::push_date(out, *d);
                    out.push('"');
                }
                (Type::Permission, Value::Bool(b)) => {
                    out.push_str(if *b { "\"permit\"" } else { "\"deny\"" })
                }
                (_, Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
                (Type::Enum(e), Value::Enum(i)) => match self.quoted_variant(e, *i as usize) {
                    Some(v) => out.push_str(v),
                    None => push_string(out, program.variant_name(e, *i)),
                },
                (Type::List(e), Value::Set(set)) => {
                    out.push('[');
                    let mut first = true;
                    for (i, v) in self.variants.get(e).into_iter().flatten().enumerate() {
                        if set & bit(i) != 0 {
                            if !std::mem::take(&mut first) {
                                out.push(',');
                            }
                            out.push_str(v);
                        }
                    }
                    out.push(']');
                }
                (ty, v) => out.push_str(&value(program, ty, v).to_string()),
            }
        }
        out.push_str("},\"decided_by\":{");
        let mut first = true;
        for (id, by) in decision.decided_by.iter().enumerate() {
            if let Some(c) = by {
                if !std::mem::take(&mut first) {
                    out.push(',');
                }
                out.push_str(&self.keys[id]);
                out.push_str(&self.clauses[*c]);
            }
        }
        out.push_str("},\"overridden\":{");
        let mut first = true;
        for (id, losers) in decision.overridden.iter().enumerate() {
            if losers.is_empty() {
                continue;
            }
            if !std::mem::take(&mut first) {
                out.push(',');
            }
            out.push_str(&self.keys[id]);
            out.push('[');
            for (k, &c) in losers.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                out.push_str(&self.clauses[c]);
            }
            out.push(']');
        }
        out.push_str("}}");
    }
}

/// A rejection's error line written straight into a buffer: each
/// assumption's message opening and named facts made once, so a rejected
/// case costs only the values it names. The text is exactly
/// `render::rejection`'s, in `json::write_case_error`'s line.
pub struct RejectionWriter<'p> {
    program: &'p Program,
    /// Per assumption: its message up to the values, and the facts it names.
    openings: Vec<(String, Vec<String>)>,
    /// The message being written, reused case after case.
    message: String,
}

impl<'p> RejectionWriter<'p> {
    pub fn new(program: &'p Program) -> RejectionWriter<'p> {
        RejectionWriter {
            program,
            openings: program
                .assumptions
                .iter()
                .map(|a| {
                    (
                        super::rejection_opening(program, a),
                        super::named_facts(program, a),
                    )
                })
                .collect(),
            message: String::new(),
        }
    }

    /// The line for a case named `case` that `rejection` rejects.
    pub fn write(&mut self, out: &mut String, facts: &[Value], rejection: &Rejection, case: &str) {
        let program = self.program;
        let (Some((opening, named)), Some(assumption)) = (
            self.openings.get(rejection.assumption),
            program.assumptions.get(rejection.assumption),
        ) else {
            return;
        };
        self.message.clear();
        self.message.push_str(opening);
        super::push_values(&mut self.message, program, facts, &assumption.naming);
        self.message.push(')');
        let message = &self.message;
        write_case_error(out, &program.name, "assumption", message, named, case);
    }
}
