//! What can go wrong while deciding a case the checker accepted: arithmetic
//! past its range, a date that does not exist, or a policy defect (a gap or a
//! conflict) that this case exposes.

use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

use crate::error::ErrorKind;

#[derive(Clone, Debug, Error, Diagnostic, PartialEq)]
pub enum EvalError {
    #[error("the amount is too large to compute exactly")]
    #[diagnostic(
        code(policy::overflow),
        help("amounts hold at most 28 significant digits")
    )]
    Overflow {
        #[label("overflows here")]
        span: SourceSpan,
    },

    #[error("division by zero")]
    #[diagnostic(
        code(policy::division_by_zero),
        help("an assumption can rule this case out, such as `assume x > 0`")
    )]
    DivisionByZero {
        #[label("the divisor is zero for this case")]
        span: SourceSpan,
    },

    #[error("the date falls outside the calendar")]
    #[diagnostic(code(policy::date_out_of_range))]
    DateOutOfRange {
        #[label("no such date")]
        span: SourceSpan,
    },

    #[error("{year}-{month:02} has no day {day}")]
    #[diagnostic(
        code(policy::no_such_day),
        help("say in the header what a short month means: `short months: last day` or `short months: first day of next month`")
    )]
    NoSuchDay {
        year: i32,
        month: u32,
        day: u32,
        #[label("adding months lands on a day that does not exist")]
        span: SourceSpan,
    },

    #[error(
        "clauses {clauses} all decide `{output}` for this case, and no precedence orders them"
    )]
    #[diagnostic(
        code(policy::conflict),
        help("state which wins: `precedence {first} > {second}`")
    )]
    Conflict {
        output: String,
        clauses: String,
        first: String,
        second: String,
    },

    #[error("clause `{clause}` sets `{output}` twice for this case")]
    #[diagnostic(
        code(policy::conflict),
        help("make its rules' conditions exclusive, or join them with `, otherwise`")
    )]
    SetTwice { output: String, clause: String },

    #[error("no clause decides `{output}` for this case")]
    #[diagnostic(
        code(policy::gap),
        help("add a clause for this case, or declare the output `optional`")
    )]
    Gap { output: String },

    #[error("internal error: {what}; this is a bug in policy")]
    #[diagnostic(code(policy::internal))]
    Internal {
        what: &'static str,
        #[label("while evaluating this")]
        span: SourceSpan,
    },
}

impl EvalError {
    /// The `kind` of this error in JSON output.
    pub fn kind(&self) -> ErrorKind {
        match self {
            EvalError::Overflow { .. } | EvalError::DivisionByZero { .. } => ErrorKind::Arithmetic,
            EvalError::DateOutOfRange { .. } | EvalError::NoSuchDay { .. } => ErrorKind::Date,
            EvalError::Conflict { .. } | EvalError::SetTwice { .. } => ErrorKind::Conflict,
            EvalError::Gap { .. } => ErrorKind::Gap,
            EvalError::Internal { .. } => ErrorKind::Internal,
        }
    }
}
