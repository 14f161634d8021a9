//! Reading a case's facts from JSON into the program's fact slots, checking
//! each against its declaration. Amounts are read from the JSON text as
//! written, never through binary floating point.
//!
//! Two readers share the work: `fast` reads the plain shape nearly every
//! case has in one pass, and `slow` reads everything else and makes every
//! error, so what is accepted and every message are the complete reader's.

use std::fmt;

use crate::error::ErrorKind;
use crate::program::{Program, Value};

pub(crate) use fast::Layout;

mod fast;
mod scalar;
mod scan;
mod slow;

/// A word's test for bytes a JSON string must escape (the JSON writer's too).
pub(crate) use scan::special;
#[cfg(test)]
mod tests;

/// The largest facts document read: far above any real case.
pub const MAX_FACTS_BYTES: usize = 1024 * 1024;

/// Facts that cannot be used: the JSON `error` object's `kind`, `message`
/// and `facts`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FactsError {
    /// What is wrong with them.
    pub kind: ErrorKind,
    /// What is wrong with them, for a person, naming the fact.
    pub message: String,
    /// The facts the error is about.
    pub facts: Vec<String>,
}

impl From<FactsError> for crate::error::CaseError {
    fn from(e: FactsError) -> Self {
        crate::error::CaseError::new(e.kind, e.message, e.facts)
    }
}

impl fmt::Display for FactsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FactsError {}

impl miette::Diagnostic for FactsError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!("policy::facts::{}", self.kind)))
    }
}

fn error(kind: ErrorKind, message: String, facts: Vec<String>) -> FactsError {
    FactsError {
        kind,
        message,
        facts,
    }
}

/// Read the facts of one case: a bare facts object, or a worked case
/// `{"policy": ..., "facts": {...}, "expect": ...}`.
pub fn read(program: &Program, json: &str) -> Result<Vec<Value>, FactsError> {
    let mut values = Vec::new();
    read_into(program, json, &mut values)?;
    Ok(values)
}

/// [`read`] into `values`, reusing its allocation: one value per fact, in
/// declaration order. On an error, `values` is left empty. The program's
/// names are laid out for this one case: for many, a
/// [`Prepared`](crate::eval::Prepared)'s reader lays them out once.
pub fn read_into(program: &Program, json: &str, values: &mut Vec<Value>) -> Result<(), FactsError> {
    Reader::new(program, &Layout::new(program)).read_into(json, values)
}

/// Reads case after case for one program.
pub struct Reader<'p> {
    program: &'p Program,
    layout: &'p Layout,
}

impl<'p> Reader<'p> {
    /// A reader of `program`'s facts, laid out as `layout`.
    pub(crate) fn new(program: &'p Program, layout: &'p Layout) -> Reader<'p> {
        Reader { program, layout }
    }

    /// [`read_into`], for this reader's program.
    pub fn read_into(&self, json: &str, values: &mut Vec<Value>) -> Result<(), FactsError> {
        let program = self.program;
        if json.len() <= MAX_FACTS_BYTES {
            // A byte-order mark (Windows editors write one) is not part of the JSON.
            let bare = json.strip_prefix('\u{feff}').unwrap_or(json);
            if fast::read_into(program, self.layout, bare, values).is_some() {
                return Ok(());
            }
        }
        values.clear();
        // The complete reader checks the size again, to make its error.
        *values = slow::read(program, json)?;
        Ok(())
    }
}
