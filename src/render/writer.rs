//! A decision's JSON text written straight into a buffer: the batch path,
//! where building a `serde_json` tree per case would cost more than deciding
//! it. The text is exactly `json::decision(program, decision, None)`
//! serialised (`tests/decisions.rs` compares the two on every worked case).

use super::digits;
use super::json::{self, push_string, write_case_error};
use crate::error::ErrorKind;
use crate::eval::{Decision, Rejection};
use crate::program::{Program, Type, Value};

/// A program's names, quoted and escaped once for case after case, and
/// joined with the fixed text around them, so a line is a few copies of
/// ready pieces and its values.
pub struct DecisionWriter<'p> {
    program: &'p Program,
    /// Per output: its type and the text up to its value, with the opening
    /// quote of a string value: `{"policy":"NAME","outputs":{"OUT":"` for
    /// the first, `,"OUT":"` after. A value without quotes drops the last
    /// byte.
    outputs: Vec<(Type, String)>,
    /// Per output, its entry in `decided_by` as the first,
    /// `},"decided_by":{"OUT":`, and as any later, `,"OUT":`.
    decided: Vec<(String, String)>,
    /// Likewise in `overridden`, with the list's `[`.
    overridden: Vec<(String, String)>,
    /// `{"policy":"NAME","outputs":{`, for a program without outputs.
    opening: String,
    /// `"ID"` for each clause.
    clauses: Vec<String>,
    /// `"VALUE"` for each value of each enumeration.
    variants: Vec<Vec<String>>,
}

/// The ends of the maps before `decided_by` and `overridden`.
const DECIDED_BY: &str = "},\"decided_by\":{";
const OVERRIDDEN: &str = "},\"overridden\":{";

fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_string(&mut out, s);
    out
}

/// Each output's entry in a map after `outputs`, as the map's first entry
/// (`opening` ahead) and as any later one (a comma ahead).
fn entries(program: &Program, opening: &str, end: &str) -> Vec<(String, String)> {
    let entry = |name: &str| format!("{}:{end}", quoted(name));
    let outputs = program.outputs.iter();
    outputs
        .map(|o| {
            (
                format!("{opening}{}", entry(&o.name)),
                format!(",{}", entry(&o.name)),
            )
        })
        .collect()
}

/// The text before a value without quotes: all but the opening quote.
fn bare(before: &str) -> &str {
    before.strip_suffix('"').unwrap_or(before)
}

impl<'p> DecisionWriter<'p> {
    fn quoted_variant(&self, e: usize, i: usize) -> Option<&str> {
        self.variants.get(e)?.get(i).map(String::as_str)
    }

    /// A writer of `program`'s decisions, its names quoted once.
    pub fn new(program: &'p Program) -> DecisionWriter<'p> {
        let opening = format!("{{\"policy\":{},\"outputs\":{{", quoted(&program.name));
        DecisionWriter {
            program,
            outputs: program
                .outputs
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let lead = if i == 0 { &opening } else { "," };
                    (o.ty, format!("{lead}{}:\"", quoted(&o.name)))
                })
                .collect(),
            opening,
            decided: entries(program, DECIDED_BY, ""),
            overridden: entries(program, OVERRIDDEN, "["),
            clauses: program.clauses.iter().map(|c| quoted(&c.id)).collect(),
            variants: program
                .enums
                .iter()
                .map(|e| e.variants.iter().map(|v| quoted(v)).collect())
                .collect(),
        }
    }

    /// Append `decision`'s JSON line (without its newline) to `out`.
    pub fn write(&self, out: &mut String, decision: &Decision) {
        if self.outputs.is_empty() {
            out.push_str(&self.opening);
        }
        for ((ty, before), value) in self.outputs.iter().zip(&decision.outputs) {
            self.write_output(out, *ty, before, value);
        }
        let mut first = true;
        for (by, (as_first, as_later)) in decision.decided_by.iter().zip(&self.decided) {
            if let Some(clause) = by.and_then(|c| self.clauses.get(c)) {
                out.push_str(if std::mem::take(&mut first) {
                    as_first
                } else {
                    as_later
                });
                out.push_str(clause);
            }
        }
        if first {
            out.push_str(DECIDED_BY);
        }
        let mut first = true;
        for (losers, (as_first, as_later)) in decision.overridden.iter().zip(&self.overridden) {
            if losers.is_empty() {
                continue;
            }
            out.push_str(if std::mem::take(&mut first) {
                as_first
            } else {
                as_later
            });
            for (k, clause) in losers
                .iter()
                .filter_map(|&c| self.clauses.get(c))
                .enumerate()
            {
                if k > 0 {
                    out.push(',');
                }
                out.push_str(clause);
            }
            out.push(']');
        }
        if first {
            out.push_str(OVERRIDDEN);
        }
        out.push_str("}}");
    }

    /// One output: the text before it and its value.
    fn write_output(&self, out: &mut String, ty: Type, before: &str, value: &Value) {
        // Strings open with the quote that ends `before`; others drop it.
        match (ty, value) {
            (Type::Percent, Value::Dec(d)) => {
                out.push_str(before);
                digits::push_decimal(out, *d);
                out.push_str("%\"");
            }
            (_, Value::Dec(d)) => {
                out.push_str(before);
                digits::push_decimal(out, *d);
                out.push('"');
            }
            (_, Value::Date(d)) => {
                out.push_str(before);
                digits::push_date(out, *d);
                out.push('"');
            }
            (Type::Enum(e), Value::Enum(i)) => {
                out.push_str(bare(before));
                match self.quoted_variant(e, *i as usize) {
                    Some(v) => out.push_str(v),
                    None => push_string(out, self.program.variant_name(e, *i)),
                }
            }
            (Type::List(e), Value::Set(set)) => {
                out.push_str(bare(before));
                out.push('[');
                let variants = self.variants.get(e).map_or(&[][..], Vec::as_slice);
                // The set's bits one by one, lowest (first declared) first;
                // a bit past the last value names nothing.
                let mut rest = *set;
                let mut first = true;
                while rest != 0 {
                    let Some(v) = variants.get(rest.trailing_zeros() as usize) else {
                        break;
                    };
                    rest &= rest - 1;
                    if !std::mem::take(&mut first) {
                        out.push(',');
                    }
                    out.push_str(v);
                }
                out.push(']');
            }
            (_, value) => {
                out.push_str(bare(before));
                match (ty, value) {
                    (_, Value::Missing) => out.push_str("null"),
                    (_, Value::Int(n)) => digits::push_int(out, *n),
                    (Type::Permission, Value::Bool(b)) => {
                        out.push_str(if *b { "\"permit\"" } else { "\"deny\"" })
                    }
                    (_, Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
                    (ty, v) => out.push_str(&json::value(self.program, ty, v).to_string()),
                }
            }
        }
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
    /// A writer of `program`'s rejections.
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
        write_case_error(
            out,
            &program.name,
            ErrorKind::Assumption,
            message,
            named,
            case,
        );
    }
}

#[cfg(test)]
mod tests;
