//! How a case can fail to get a decision, typed: the kind of each error the
//! facts reader, the evaluator and the commands report, and one case's error
//! as a value. The JSON `error` object's `kind` is [`ErrorKind::as_str`].

use std::fmt;

/// The kind of error a case ends in: the `kind` of the JSON `error` object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The case (or the policy, or the corpus) could not be read from its file.
    Io,
    /// The facts are not a JSON object.
    Json,
    /// A fact the policy does not declare.
    UnknownFact,
    /// A required fact left out.
    MissingFact,
    /// A fact given twice.
    DuplicateFact,
    /// A fact's value is not of its type.
    Type,
    /// The facts are larger than the reader takes.
    Limit,
    /// An amount read from the facts is too large.
    Overflow,
    /// The case breaks an assumption: the policy rejects it.
    Assumption,
    /// Arithmetic failed while deciding (an overflow, a division by zero).
    Arithmetic,
    /// A date computed while deciding does not exist or is beyond the calendar.
    Date,
    /// Two clauses set one output.
    Conflict,
    /// No clause set a required output.
    Gap,
    /// A fault of the interpreter itself.
    Internal,
    /// The policy file cannot be used.
    Policy,
}

impl ErrorKind {
    /// The kind as the JSON `error` object spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::Json => "json",
            ErrorKind::UnknownFact => "unknown_fact",
            ErrorKind::MissingFact => "missing_fact",
            ErrorKind::DuplicateFact => "duplicate_fact",
            ErrorKind::Type => "type",
            ErrorKind::Limit => "limit",
            ErrorKind::Overflow => "overflow",
            ErrorKind::Assumption => "assumption",
            ErrorKind::Arithmetic => "arithmetic",
            ErrorKind::Date => "date",
            ErrorKind::Conflict => "conflict",
            ErrorKind::Gap => "gap",
            ErrorKind::Internal => "internal",
            ErrorKind::Policy => "policy",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ErrorKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Why one case got no decision: the JSON `error` object's `kind`, `message`
/// and the facts it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseError {
    /// What went wrong.
    pub kind: ErrorKind,
    /// What went wrong, for a person.
    pub message: String,
    /// The facts the error is about (a rejection names those its assumption
    /// reads), in the order the message names them.
    pub facts: Vec<String>,
}

impl CaseError {
    /// An error of `kind` naming `facts`.
    pub fn new(kind: ErrorKind, message: impl Into<String>, facts: Vec<String>) -> CaseError {
        CaseError {
            kind,
            message: message.into(),
            facts,
        }
    }
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CaseError {}

#[cfg(test)]
mod tests {
    use super::ErrorKind;

    #[test]
    fn kinds_serialise_to_their_names() {
        let json = serde_json::to_string(&[ErrorKind::UnknownFact, ErrorKind::Io]).ok();
        assert_eq!(json.as_deref(), Some(r#"["unknown_fact","io"]"#));
    }
}
