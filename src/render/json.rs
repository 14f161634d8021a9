//! The JSON contract: one object per decision, rejection or unreadable case.

use serde_json::{json, Map, Value as Json};

use super::variants_in;
pub use super::writer::{DecisionWriter, RejectionWriter};
use crate::error::{CaseError, ErrorKind};
use crate::eval::{ClauseOutcome, ClauseTrace, Decision};
use crate::program::{Program, Type, Value};

/// A value as JSON: money and numbers as decimal strings (exact), counts and
/// days as integers, dates as `YYYY-MM-DD`, an unset value as `null`.
pub fn value(program: &Program, ty: Type, value: &Value) -> Json {
    match (ty, value) {
        (_, Value::Missing) => Json::Null,
        (Type::Percent, Value::Dec(d)) => Json::String(format!("{d}%")),
        (_, Value::Dec(d)) => Json::String(d.to_string()),
        (_, Value::Int(n)) => json!(n),
        (_, Value::Date(d)) => Json::String(d.to_string()),
        (Type::Permission, Value::Bool(b)) => {
            Json::String(if *b { "permit" } else { "deny" }.to_string())
        }
        (_, Value::Bool(b)) => Json::Bool(*b),
        (Type::Enum(e), Value::Enum(i)) => Json::String(program.variant_name(e, *i).to_string()),
        (_, Value::Enum(i)) => json!(i),
        (Type::List(e), Value::Set(set)) => Json::Array(
            variants_in(program, e, *set)
                .into_iter()
                .map(|v| json!(v))
                .collect(),
        ),
        (_, Value::Set(set)) => Json::String(format!("{set:#x}")),
        (_, Value::Text(t)) => Json::String(t.to_string()),
    }
}

/// `{"policy", "outputs", "decided_by", "overridden"[, "trace"]}`
pub fn decision(program: &Program, decision: &Decision, trace: Option<&[ClauseTrace]>) -> Json {
    let mut object = Map::new();
    object.insert("policy".into(), json!(program.name));
    object.insert("outputs".into(), outputs(program, decision));
    object.insert("decided_by".into(), decided_by(program, decision));
    object.insert("overridden".into(), overridden(program, decision));
    if let Some(trace) = trace {
        object.insert(
            "trace".into(),
            trace.iter().map(|t| clause_trace(program, t)).collect(),
        );
    }
    Json::Object(object)
}

/// A decision's `outputs`: each output's value, by name, in declaration order.
pub fn outputs(program: &Program, decision: &Decision) -> Json {
    let each = program.outputs.iter().zip(&decision.outputs);
    each.map(|(out, v)| (out.name.clone(), value(program, out.ty, v)))
        .collect::<Map<String, Json>>()
        .into()
}

/// A decision's `decided_by`: the clause that decided each output that a
/// clause decided.
pub fn decided_by(program: &Program, decision: &Decision) -> Json {
    let each = program.outputs.iter().zip(&decision.decided_by);
    each.filter_map(|(out, by)| Some((out.name.clone(), json!(program.clause_id((*by)?)))))
        .collect::<Map<String, Json>>()
        .into()
}

/// A decision's `overridden`: for each output some clause would have set,
/// the clauses overridden.
fn overridden(program: &Program, decision: &Decision) -> Json {
    let each = program.outputs.iter().zip(&decision.overridden);
    each.filter(|(_, beaten)| !beaten.is_empty())
        .map(|(out, beaten)| {
            let clauses = beaten.iter().map(|&c| json!(program.clause_id(c)));
            (out.name.clone(), clauses.collect())
        })
        .collect::<Map<String, Json>>()
        .into()
}

fn clause_trace(program: &Program, t: &ClauseTrace) -> Json {
    let clause = program.clauses.get(t.clause);
    let mut object = Map::new();
    object.insert("clause".into(), json!(program.clause_id(t.clause)));
    object.insert(
        "title".into(),
        json!(clause.map_or("", |c| c.title.as_str())),
    );
    let (outcome, extra) = match &t.outcome {
        ClauseOutcome::Decided(outputs) => (
            "decided",
            Some((
                "outputs",
                outputs
                    .iter()
                    .map(|&o| json!(program.output_name(o)))
                    .collect::<Json>(),
            )),
        ),
        ClauseOutcome::Overridden(by) => (
            "overridden",
            Some((
                "by",
                by.iter().map(|&c| json!(program.clause_id(c))).collect(),
            )),
        ),
        ClauseOutcome::Applied => ("applied", None),
        ClauseOutcome::DidNotApply => ("did not apply", None),
    };
    object.insert("outcome".into(), json!(outcome));
    if let Some((key, list)) = extra {
        object.insert(key.into(), list);
    }
    if matches!(t.outcome, ClauseOutcome::Decided(_)) {
        let quote = clause.map(|c| c.quote.join("\n")).unwrap_or_default();
        object.insert("quote".into(), json!(quote));
    }
    let conditions: Vec<Json> = t
        .conditions
        .iter()
        .map(|c| {
            let values: Map<String, Json> = c
                .values
                .iter()
                .map(|(name, ty, v)| (name.clone(), value(program, *ty, v)))
                .collect();
            json!({ "condition": c.text, "holds": c.holds, "values": values })
        })
        .collect();
    object.insert("conditions".into(), Json::Array(conditions));
    Json::Object(object)
}

/// `{"policy", "error": {"kind", "message", "facts"}}`
pub fn error(policy: &str, error: &CaseError) -> Json {
    json!({ "policy": policy, "error": error_object(error) })
}

/// `{"kind", "message", "facts"}`: the `error` of [`error`].
pub fn error_object(error: &CaseError) -> Json {
    json!({ "kind": error.kind, "message": error.message, "facts": error.facts })
}

/// A case's outcome as `policy eval --format json` prints it, without the
/// explanation: [`decision`] or [`error`].
pub fn outcome(program: &Program, outcome: &Result<Decision, CaseError>) -> Json {
    match outcome {
        Ok(d) => decision(program, d, None),
        Err(e) => error(&program.name, e),
    }
}

/// The text of [`error`] with `"case": case` added last, written straight
/// into `out`: a batch's error line without building a JSON tree.
pub fn write_case_error(
    out: &mut String,
    policy: &str,
    kind: ErrorKind,
    message: &str,
    facts: &[String],
    case: &str,
) {
    out.push_str("{\"policy\":");
    push_string(out, policy);
    out.push_str(",\"error\":{\"kind\":");
    push_string(out, kind.as_str());
    out.push_str(",\"message\":");
    push_string(out, message);
    out.push_str(",\"facts\":[");
    for (i, fact) in facts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(out, fact);
    }
    out.push_str("]},\"case\":");
    push_string(out, case);
    out.push('}');
}

/// The text of `decision(program, decision, None)`, written straight into
/// `out` without building a JSON tree. For many decisions, a
/// [`DecisionWriter`] quotes the program's names once.
pub fn write_decision(out: &mut String, program: &Program, decision: &Decision) {
    DecisionWriter::new(program).write(out, decision);
}

/// A JSON string literal, escaped as serde_json escapes it.
pub(super) fn push_string(out: &mut String, s: &str) {
    if plain(s) {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&Json::String(s.to_string()).to_string());
    }
}

/// Whether `s` needs no escape in JSON: no `"`, `\\` or control byte. Eight
/// bytes are tested at once (a rejection's message is a long string), by
/// the test the facts reader finds a string's end with.
fn plain(s: &str) -> bool {
    let mut words = s.as_bytes().chunks_exact(8);
    for word in &mut words {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(word);
        if crate::facts::special(u64::from_le_bytes(bytes)) != 0 {
            return false;
        }
    }
    let rest = words.remainder();
    rest.iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\')
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn written(s: &str) -> String {
        let mut out = String::new();
        push_string(&mut out, s);
        out
    }

    /// Every ASCII byte at every place in a word and in the tail.
    #[test]
    fn every_byte_is_escaped_as_serde_json_escapes_it() {
        for b in 0..=0x7fu8 {
            for at in 0..19 {
                let mut text = vec![b'a'; 19];
                text[at] = b;
                let text = String::from_utf8(text).expect("ASCII");
                assert_eq!(written(&text), Json::String(text.clone()).to_string());
            }
        }
    }

    proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(text in any::<String>()) {
            prop_assert_eq!(written(&text), Json::String(text.clone()).to_string());
        }
    }

    /// The direct writer gives the text of the tree with `"case"` added last,
    /// escapes and all.
    #[test]
    fn a_case_error_is_written_as_the_tree_serialises() {
        let facts = vec!["paid".to_string(), "odd \"name\"\n".to_string()];
        for message in ["plain", "quote \" and \\ and \u{1} and é", ""] {
            let case = CaseError::new(ErrorKind::Assumption, message, facts.clone());
            let mut tree = error("refunds", &case);
            if let Json::Object(o) = &mut tree {
                o.insert("case".into(), Json::String("line 7".into()));
            }
            let mut written = String::new();
            write_case_error(
                &mut written,
                "refunds",
                ErrorKind::Assumption,
                message,
                &facts,
                "line 7",
            );
            assert_eq!(written, tree.to_string());
        }
    }
}
