//! What can go wrong while deciding a case the checker accepted: arithmetic
//! past its range, a date that does not exist, or a policy defect (a gap or a
//! conflict) that this case exposes.

use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

use crate::error::ErrorKind;

/// Why a case the checker accepted gets no decision, with a label on the
/// expression where it happened.
#[derive(Clone, Debug, Error, Diagnostic, PartialEq)]
pub enum EvalError {
    /// Arithmetic past the range of exact amounts.
    #[error("the amount is too large to compute exactly")]
    #[diagnostic(
        code(policy::overflow),
        help("amounts hold at most 28 significant digits")
    )]
    Overflow {
        /// Where it happens.
        #[label("overflows here")]
        span: SourceSpan,
    },

    /// A division whose divisor is zero in this case.
    #[error("division by zero")]
    #[diagnostic(
        code(policy::division_by_zero),
        help("an assumption can rule this case out, such as `assume x > 0`")
    )]
    DivisionByZero {
        /// Where it happens.
        #[label("the divisor is zero for this case")]
        span: SourceSpan,
    },

    /// A date computed beyond the calendar (years 0 to 9999).
    #[error("the date falls outside the calendar")]
    #[diagnostic(code(policy::date_out_of_range))]
    DateOutOfRange {
        /// Where it happens.
        #[label("no such date")]
        span: SourceSpan,
    },

    /// Adding months lands on a day the month does not have, and the policy does not say what that means.
    #[error("{year}-{month:02} has no day {day}")]
    #[diagnostic(
        code(policy::no_such_day),
        help("say in the header what a short month means: `short months: last day` or `short months: first day of next month`")
    )]
    NoSuchDay {
        /// The year landed on.
        year: i32,
        /// The month landed on.
        month: u32,
        /// The day that month does not have.
        day: u32,
        /// Where it happens.
        #[label("adding months lands on a day that does not exist")]
        span: SourceSpan,
    },

    /// Two clauses decide one output and no precedence orders them.
    #[error(
        "clauses {clauses} all decide `{output}` for this case, and no precedence orders them"
    )]
    #[diagnostic(
        code(policy::conflict),
        help("state which wins: `precedence {first} > {second}`")
    )]
    Conflict {
        /// The output.
        output: String,
        /// The two clauses, for the message.
        clauses: String,
        /// The first clause's id.
        first: String,
        /// The second clause's id.
        second: String,
    },

    /// One clause's rules set one output twice.
    #[error("clause `{clause}` sets `{output}` twice for this case")]
    #[diagnostic(
        code(policy::conflict),
        help("make its rules' conditions exclusive, or join them with `, otherwise`")
    )]
    SetTwice {
        /// The output.
        output: String,
        /// The clause's id.
        clause: String,
    },

    /// No clause decides a required output.
    #[error("no clause decides `{output}` for this case")]
    #[diagnostic(
        code(policy::gap),
        help("add a clause for this case, or declare the output `optional`")
    )]
    Gap {
        /// The output.
        output: String,
    },

    /// A fault of the evaluator itself.
    #[error("internal error: {what}; this is a bug in policy")]
    #[diagnostic(code(policy::internal))]
    Internal {
        /// What went wrong.
        what: &'static str,
        /// Where it happens.
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
