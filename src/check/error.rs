//! What the checker finds wrong: names, types, units, precedence. Every variant
//! points at the words that caused it.

use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

#[derive(Clone, Debug, Error, Diagnostic, PartialEq)]
pub enum CheckError {
    #[error("unknown name `{name}`")]
    #[diagnostic(code(policy::unknown_name))]
    UnknownName {
        name: String,
        #[label("not a fact, definition or output of this policy")]
        span: SourceSpan,
        #[help]
        help: Option<String>,
    },

    #[error("`{value}` is not one of the values of {of}")]
    #[diagnostic(code(policy::unknown_value))]
    UnknownValue {
        value: String,
        of: String,
        #[label("unknown value")]
        span: SourceSpan,
        #[help]
        help: String,
    },

    #[error("unknown type `{name}`")]
    #[diagnostic(code(policy::unknown_type))]
    UnknownType {
        name: String,
        #[label("not a type")]
        span: SourceSpan,
        #[help]
        help: String,
    },

    #[error("unknown clause `{name}`")]
    #[diagnostic(code(policy::unknown_clause))]
    UnknownClause {
        name: String,
        #[label("no clause has this id")]
        span: SourceSpan,
        #[help]
        help: Option<String>,
    },

    #[error("`{name}` is declared twice")]
    #[diagnostic(
        code(policy::duplicate),
        help("give each fact, definition, output and clause its own name")
    )]
    Duplicate {
        name: String,
        #[label("declared again here")]
        span: SourceSpan,
        #[label("first declared here")]
        first: SourceSpan,
    },

    #[error("`{value}` is listed twice in the values of `{of}`")]
    #[diagnostic(code(policy::duplicate_value), help("remove the second `{value}`"))]
    DuplicateValue {
        value: String,
        of: String,
        #[label("listed again here")]
        span: SourceSpan,
        #[label("first listed here")]
        first: SourceSpan,
    },

    #[error("expected {expected}, found {found}")]
    #[diagnostic(code(policy::type_mismatch))]
    TypeMismatch {
        expected: String,
        found: String,
        #[label("this is {found}")]
        span: SourceSpan,
        #[help]
        help: Option<String>,
    },

    #[error("cannot {verb} {left} and {right}")]
    #[diagnostic(code(policy::unit_mismatch))]
    UnitMismatch {
        verb: String,
        left: String,
        right: String,
        #[label("{left}")]
        left_span: SourceSpan,
        #[label("{right}")]
        right_span: SourceSpan,
        #[help]
        help: Option<String>,
    },

    #[error("`{name}` may be missing")]
    #[diagnostic(code(policy::optional_unchecked))]
    MaybeMissing {
        name: String,
        #[label("optional: it has no value in some cases")]
        span: SourceSpan,
        #[help]
        help: String,
    },

    #[error("{what}")]
    #[diagnostic(code(policy::misplaced))]
    Misplaced {
        what: String,
        #[label("here")]
        span: SourceSpan,
        #[help]
        help: Option<String>,
    },

    #[error("`{name}` depends on itself")]
    #[diagnostic(code(policy::cycle), help("the chain is: {chain}"))]
    Cycle {
        name: String,
        chain: String,
        #[label("defined in terms of itself")]
        span: SourceSpan,
    },

    #[error("the precedence order is circular: {chain}")]
    #[diagnostic(
        code(policy::precedence_cycle),
        help("each clause can only take precedence over clauses below it")
    )]
    PrecedenceCycle {
        chain: String,
        #[label("this order closes the circle")]
        span: SourceSpan,
    },

    #[error("no clause decides `{name}`")]
    #[diagnostic(code(policy::undecided_output))]
    Undecided {
        name: String,
        #[label("declared here, but no clause sets it")]
        span: SourceSpan,
        #[help]
        help: String,
    },

    #[error("evaluating {what} goes {depth} levels deep, more than {limit}")]
    #[diagnostic(
        code(policy::too_deep),
        help("definitions here build on each other in a very long chain; compute fewer steps, or join them")
    )]
    TooDeep {
        what: String,
        depth: usize,
        limit: usize,
        #[label("too deep to evaluate safely")]
        span: SourceSpan,
    },

    #[error("this result carries {places} decimal places; at most 28 are kept exactly")]
    #[diagnostic(
        code(policy::too_precise),
        help("each `*` adds its operands' places (money carries the header's, numbers and percents 6): round a factor first, as in `(rate * fee) rounded`")
    )]
    TooPrecise {
        places: u32,
        #[label("too many places")]
        span: SourceSpan,
    },

    #[error("{what}")]
    #[diagnostic(code(policy::header))]
    Header {
        what: String,
        #[label("here")]
        span: SourceSpan,
        #[help]
        help: Option<String>,
    },
}
