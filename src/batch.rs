//! The work of `policy eval --cases` for one case: its JSON text in, its
//! JSON line out (a decision, or an error object naming the case), the same
//! line `policy eval` prints for that case alone. The command runs this on
//! every core; the batch benchmark runs it on one.

use serde_json::Value as Json;

use crate::cases;
use crate::error::{CaseError, ErrorKind};
use crate::eval::{Decision, Failure, Prepared, Worker};
use crate::program::{Program, Value};
use crate::render::json;

/// Writes case after case, reusing one decider and one decision, so a case
/// costs no allocation beyond its facts.
pub struct LineWriter<'p> {
    program: &'p Program,
    decider: Worker<'p>,
    decision: Decision,
    json: json::DecisionWriter<'p>,
    rejections: json::RejectionWriter<'p>,
    reader: crate::facts::Reader<'p>,
    facts: Vec<Value>,
}

impl<'p> LineWriter<'p> {
    /// A writer of `prepared`'s decisions.
    pub fn new(prepared: &'p Prepared) -> LineWriter<'p> {
        let program = prepared.program();
        LineWriter {
            program,
            decider: prepared.worker(),
            decision: Decision::default(),
            json: json::DecisionWriter::new(program),
            rejections: json::RejectionWriter::new(program),
            reader: prepared.reader(),
            facts: Vec::new(),
        }
    }

    /// Append the line for one case, without its newline. `text` is the
    /// case's JSON, or why it could not be read; `name` names the case in an
    /// error object (`line 7`), and is called only for one.
    pub fn write(
        &mut self,
        out: &mut String,
        text: Result<&str, &str>,
        name: impl FnOnce() -> String,
    ) {
        let program = self.program;
        // The common paths: readable facts, then a decision written directly,
        // or a broken assumption reported from the facts already read.
        if let Ok(text) = text {
            if self.reader.read_into(text, &mut self.facts).is_ok() {
                let facts = &self.facts;
                match self.decider.decide_into(facts, &mut self.decision) {
                    Ok(()) => return self.json.write(out, &self.decision),
                    Err(Failure::Rejected(rejection)) => {
                        return self.rejections.write(out, facts, &rejection, &name());
                    }
                    Err(Failure::Error(_)) => {}
                }
            }
        }
        // Anything else goes the way `policy eval` reports it (rare, so
        // reading and deciding again costs nothing that matters).
        let outcome = match text {
            Ok(text) => cases::outcome_with(&mut self.decider, text),
            Err(message) => Err(CaseError::new(ErrorKind::Io, message, vec![])),
        };
        match outcome {
            Ok(decision) => out.push_str(&json::decision(program, &decision, None).to_string()),
            Err(error) => push_error(out, json::error(&program.name, &error), name),
        }
    }
}

/// An error object with the case it is about.
fn push_error(out: &mut String, mut error: Json, name: impl FnOnce() -> String) {
    if let Json::Object(o) = &mut error {
        o.insert("case".into(), Json::String(name()));
    }
    out.push_str(&error.to_string());
}
