//! A corpus of cases, and each case's outcome under a compiled policy: the one
//! path that `policy test` and `policy diff` both run.
//!
//! A corpus is a directory of case files (`*.json`, one case each), a single
//! case file, or a JSONL file (`-` for standard input) with one facts object
//! or worked case per line. [`Corpus`] reads a few cases at a time, one by one
//! as an iterator or a [`Chunk`] at a time for `eval --cases`, so memory stays
//! flat however many cases there are; the policy is compiled once by the
//! caller and only evaluated here.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value as Json;

use crate::eval::{Failure, Prepared, Worker};
use crate::render::json;

mod corpus;
mod lines;

pub use corpus::{directory, open, Chunk, Corpus, Entry};

/// One case as read from the corpus, not yet evaluated.
#[derive(Clone, Debug)]
pub struct Case {
    /// The case's JSON text, or why it could not be read.
    pub text: Result<String, String>,
    place: Place,
    /// The file it was read from, as messages name it: the case's own file,
    /// or the JSONL corpus (`standard input` for `-`).
    file: Arc<str>,
}

/// Where in its file a case is. Names are built only when a report needs
/// one: a million-line corpus should not format a million names nobody reads.
#[derive(Clone, Debug)]
enum Place {
    /// The whole of a case file, by its file name.
    File(String),
    /// A line of a JSONL corpus, counted from 1.
    Line(usize),
}

impl Place {
    /// How reports name the case: the file name, or `line N`.
    fn name(&self) -> String {
        match self {
            Place::File(name) => name.clone(),
            Place::Line(line) => format!("line {line}"),
        }
    }
}

impl Case {
    /// A case read from a file, named by its file name.
    pub fn from_file(name: String, path: String, text: Result<String, String>) -> Case {
        Case {
            text,
            place: Place::File(name),
            file: path.into(),
        }
    }

    /// How reports name the case: the file name, or `line N` in a JSONL corpus.
    pub fn name(&self) -> String {
        self.place.name()
    }

    /// Where it came from, for messages: the file's path, or `FILE line N`.
    pub fn origin(&self) -> String {
        match &self.place {
            Place::File(_) => self.file.to_string(),
            Place::Line(line) => format!("{} line {line}", self.file),
        }
    }
}

/// What a worked case says about itself. A bare facts object has neither.
#[derive(Clone, Debug, Default)]
pub struct Header {
    /// `"policy"`: the name of the policy the case is for.
    pub policy: Option<String>,
    /// `"expect"`, left as JSON for the caller to read.
    pub expect: Option<Json>,
    /// Whether the case is a worked case (it has `"facts"`).
    pub worked: bool,
}

/// A case's outcome under one policy: the JSON `policy eval --format json`
/// prints, without the explanation trace.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// `{"policy", "outputs", "decided_by", "overridden"}`
    Decided(Json),
    /// `{"policy", "error": {"kind", "message", "facts"}}`: a rejection
    /// (`kind` is `assumption`), facts that cannot be read, or an evaluation
    /// error.
    Error(Json),
}

impl Outcome {
    pub fn json(&self) -> &Json {
        match self {
            Outcome::Decided(j) | Outcome::Error(j) => j,
        }
    }

    /// The error's `kind`, or `None` for a decision.
    pub fn error_kind(&self) -> Option<&str> {
        match self {
            Outcome::Decided(_) => None,
            Outcome::Error(j) => Some(j["error"]["kind"].as_str().unwrap_or("error")),
        }
    }
}

impl Case {
    /// The worked-case header, read without looking at the facts themselves.
    pub fn header(&self) -> Result<Header, String> {
        #[derive(Deserialize)]
        struct Raw<'a> {
            #[serde(borrow, default)]
            policy: Option<&'a RawValue>,
            #[serde(borrow, default)]
            facts: Option<&'a RawValue>,
            #[serde(borrow, default)]
            expect: Option<&'a RawValue>,
        }
        let text = self.text.as_deref().map_err(String::clone)?;
        // An editor's byte-order mark is no part of the JSON.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // serde would read a struct from an array too; a case is an object.
        if !text.trim_start().starts_with('{') {
            return Err(format!("{}: not a JSON object", self.origin()));
        }
        let raw: Raw<'_> = serde_json::from_str(text)
            .map_err(|e| format!("{}: not a JSON object: {e}", self.origin()))?;
        if raw.facts.is_none() {
            return Ok(Header::default());
        }
        let policy = raw
            .policy
            .map(|p| serde_json::from_str::<String>(p.get()))
            .transpose()
            .map_err(|_| format!("{}: \"policy\" must be a policy's name", self.origin()))?;
        let expect = raw
            .expect
            .map(|e| serde_json::from_str::<Json>(e.get()))
            .transpose()
            .map_err(|e| format!("{}: \"expect\" cannot be read: {e}", self.origin()))?;
        Ok(Header {
            policy,
            expect,
            worked: true,
        })
    }

    /// Decide this case under `prepared`.
    pub fn evaluate(&self, prepared: &Prepared) -> Outcome {
        match &self.text {
            Ok(text) => evaluate(prepared, text),
            Err(message) => {
                Outcome::Error(json::error(&prepared.program().name, "io", message, &[]))
            }
        }
    }
}

/// Decide one case's JSON text (bare facts or a worked case) under
/// `prepared`: the same outcome `policy eval` gives, as JSON.
pub fn evaluate(prepared: &Prepared, text: &str) -> Outcome {
    evaluate_with(&mut prepared.worker(), text)
}

/// [`evaluate`] with a [`Worker`] whose buffers are reused case after case.
pub fn evaluate_with(decider: &mut Worker<'_>, text: &str) -> Outcome {
    let prepared = decider.prepared();
    let program = prepared.program();
    let facts = match prepared.read(text) {
        Ok(facts) => facts,
        Err(e) => return Outcome::Error(json::error(&program.name, e.kind, &e.message, &e.facts)),
    };
    match decider.decide(&facts) {
        Ok(decision) => Outcome::Decided(json::decision(program, &decision, None)),
        Err(Failure::Rejected(rejection)) => {
            let (message, named) = crate::render::rejection(program, &facts, &rejection);
            Outcome::Error(json::error(&program.name, "assumption", &message, &named))
        }
        Err(Failure::Error(e)) => {
            Outcome::Error(json::error(&program.name, e.kind(), &e.to_string(), &[]))
        }
    }
}

/// Whether two JSON values of an outcome are the same value: amounts compare
/// as decimals ("240.0" = "240.00" = 240, "50%" = "50.0%"), lists as sets,
/// everything else exactly.
pub fn same_value(a: &Json, b: &Json) -> bool {
    if let (Some(x), Some(y)) = (decimal(a), decimal(b)) {
        return x == y;
    }
    match (a, b) {
        (Json::Array(x), Json::Array(y)) => x.len() == y.len() && x.iter().all(|v| y.contains(v)),
        _ => a == b,
    }
}

fn decimal(j: &Json) -> Option<rust_decimal::Decimal> {
    let text = match j {
        Json::String(s) => s.strip_suffix('%').unwrap_or(s),
        Json::Number(n) => return n.to_string().parse().ok(),
        _ => return None,
    };
    // Dates and words are not amounts.
    let numeric = |b: u8| b.is_ascii_digit() || b == b'.' || b == b'-';
    if text.is_empty() || !text.bytes().all(numeric) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_compare_as_decimals_and_nothing_else_does() {
        use serde_json::json;
        assert!(same_value(&json!("240.0"), &json!("240.00")));
        assert!(same_value(&json!(240), &json!("240.00")));
        assert!(!same_value(&json!("240.01"), &json!("240.00")));
        assert!(!same_value(&json!("2026-01-01"), &json!("2026-01-02")));
        assert!(same_value(
            &json!(["name", "plan"]),
            &json!(["plan", "name"])
        ));
        assert!(!same_value(&json!(null), &json!("0.00")));
    }

    #[test]
    fn a_header_tells_worked_cases_from_bare_facts() {
        let case = |text: &str| Case::from_file("c".into(), "c".into(), Ok(text.into()));
        let worked = case(r#"{"policy": "p", "facts": {}, "expect": {"error": []}}"#);
        let header = worked.header().unwrap();
        assert!(header.worked);
        assert_eq!(header.policy.as_deref(), Some("p"));
        assert!(!case(r#"{"paid": "1"}"#).header().unwrap().worked);
        assert!(case("[1]").header().is_err());
    }
}
