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

pub use crate::error::{CaseError, ErrorKind};
use crate::eval::{Decision, Failure, Prepared, Worker};

mod compare;
mod corpus;
mod lines;

pub use compare::{is_expected, same_value, Shown};
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

    /// This case's facts as `prepared`'s policy reads them.
    pub fn facts(&self, prepared: &Prepared) -> Result<Vec<crate::program::Value>, CaseError> {
        match &self.text {
            Ok(text) => Ok(prepared.read(text)?),
            Err(message) => Err(CaseError::new(ErrorKind::Io, message.clone(), vec![])),
        }
    }

    /// Decide this case under `prepared`: its decision, or why it has none.
    pub fn outcome(&self, prepared: &Prepared) -> Outcome {
        match &self.text {
            Ok(text) => outcome(prepared, text),
            Err(message) => Err(CaseError::new(ErrorKind::Io, message.clone(), vec![])),
        }
    }
}

/// A case's outcome under one policy: its decision, or why it has none (a
/// rejection, facts that cannot be read, an evaluation error). JSON only
/// when something prints it (`render::json::outcome`).
pub type Outcome = Result<Decision, CaseError>;

/// Decide one case's JSON text (bare facts or a worked case) under
/// `prepared`: the outcome `policy eval` prints.
pub fn outcome(prepared: &Prepared, text: &str) -> Outcome {
    outcome_with(&mut prepared.worker(), text)
}

/// [`outcome`] with a [`Worker`] whose buffers are reused case after case.
pub fn outcome_with(worker: &mut Worker<'_>, text: &str) -> Outcome {
    let prepared = worker.prepared();
    let program = prepared.program();
    let facts = prepared.read(text)?;
    worker.decide(&facts).map_err(|failure| match failure {
        Failure::Rejected(rejection) => {
            let (message, named) = crate::render::rejection(program, &facts, &rejection);
            CaseError::new(ErrorKind::Assumption, message, named)
        }
        Failure::Error(e) => CaseError::new(e.kind(), e.to_string(), vec![]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
