//! What the checker finds wrong: names, types, units, precedence. Every variant
//! points at the words that caused it.

use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

/// A problem the checker finds, with a label on the words that cause it.
#[derive(Clone, Debug, Error, Diagnostic, PartialEq)]
pub enum CheckError {
    /// A name that is no fact, definition or output of the policy.
    #[error("unknown name `{name}`")]
    #[diagnostic(code(policy::unknown_name))]
    UnknownName {
        /// The name as written.
        name: String,
        /// Where it is written.
        #[label("not a fact, definition or output of this policy")]
        span: SourceSpan,
        /// What to write instead, where there is something to say.
        #[help]
        help: Option<String>,
    },

    /// A word that is not one of an enumeration's values.
    #[error("`{value}` is not one of the values of {of}")]
    #[diagnostic(code(policy::unknown_value))]
    UnknownValue {
        /// The value as written.
        value: String,
        /// The fact or output whose values these are.
        of: String,
        /// Where it is written.
        #[label("unknown value")]
        span: SourceSpan,
        /// What to write instead, where there is something to say.
        #[help]
        help: String,
    },

    /// A type name the language does not have.
    #[error("unknown type `{name}`")]
    #[diagnostic(code(policy::unknown_type))]
    UnknownType {
        /// The name as written.
        name: String,
        /// Where it is written.
        #[label("not a type")]
        span: SourceSpan,
        /// What to write instead, where there is something to say.
        #[help]
        help: String,
    },

    /// A precedence naming a clause the policy does not have.
    #[error("unknown clause `{name}`")]
    #[diagnostic(code(policy::unknown_clause))]
    UnknownClause {
        /// The name as written.
        name: String,
        /// Where it is written.
        #[label("no clause has this id")]
        span: SourceSpan,
        /// What to write instead, where there is something to say.
        #[help]
        help: Option<String>,
    },

    /// A fact, definition, output or clause declared twice.
    #[error("`{name}` is declared twice")]
    #[diagnostic(
        code(policy::duplicate),
        help("give each fact, definition, output and clause its own name")
    )]
    Duplicate {
        /// The name as written.
        name: String,
        /// Where it is written.
        #[label("declared again here")]
        span: SourceSpan,
        /// Where it was first written.
        #[label("first declared here")]
        first: SourceSpan,
    },

    /// An enumeration listing one value twice.
    #[error("`{value}` is listed twice in the values of `{of}`")]
    #[diagnostic(code(policy::duplicate_value), help("remove the second `{value}`"))]
    DuplicateValue {
        /// The value as written.
        value: String,
        /// The fact or output whose values these are.
        of: String,
        /// Where it is written.
        #[label("listed again here")]
        span: SourceSpan,
        /// Where it was first written.
        #[label("first listed here")]
        first: SourceSpan,
    },

    /// A value of one type where another is wanted.
    #[error("expected {expected}, found {found}")]
    #[diagnostic(code(policy::type_mismatch))]
    TypeMismatch {
        /// What is wanted there.
        expected: String,
        /// What was written.
        found: String,
        /// Where it is written.
        #[label("this is {found}")]
        span: SourceSpan,
        /// What to write instead, where there is something to say.
        #[help]
        help: Option<String>,
    },

    /// Two operands whose units an operator cannot combine (money and days).
    #[error("cannot {verb} {left} and {right}")]
    #[diagnostic(code(policy::unit_mismatch))]
    UnitMismatch {
        /// What the operator does (`add`, `compare`).
        verb: String,
        /// The left operand's type.
        left: String,
        /// The right operand's type.
        right: String,
        /// Where the left operand is written.
        #[label("{left}")]
        left_span: SourceSpan,
        /// Where the right operand is written.
        #[label("{right}")]
        right_span: SourceSpan,
        /// What to write instead, where there is something to say.
        #[help]
        help: Option<String>,
    },

    /// An optional fact or output read where it may be missing.
    #[error("`{name}` may be missing")]
    #[diagnostic(code(policy::optional_unchecked))]
    MaybeMissing {
        /// The name as written.
        name: String,
        /// Where it is written.
        #[label("optional: it has no value in some cases")]
        span: SourceSpan,
        /// What to write instead, where there is something to say.
        #[help]
        help: String,
    },

    /// Something the language does not allow where it stands.
    #[error("{what}")]
    #[diagnostic(code(policy::misplaced))]
    Misplaced {
        /// What is wrong, in words.
        what: String,
        /// Where it is written.
        #[label("here")]
        span: SourceSpan,
        /// What to write instead, where there is something to say.
        #[help]
        help: Option<String>,
    },

    /// A definition or output that depends on itself.
    #[error("`{name}` depends on itself")]
    #[diagnostic(code(policy::cycle), help("the chain is: {chain}"))]
    Cycle {
        /// The name as written.
        name: String,
        /// The names that lead back to it.
        chain: String,
        /// Where it is written.
        #[label("defined in terms of itself")]
        span: SourceSpan,
    },

    /// A precedence order that goes round in a circle.
    #[error("the precedence order is circular: {chain}")]
    #[diagnostic(
        code(policy::precedence_cycle),
        help("each clause can only take precedence over clauses below it")
    )]
    PrecedenceCycle {
        /// The names that lead back to it.
        chain: String,
        /// Where it is written.
        #[label("this order closes the circle")]
        span: SourceSpan,
    },

    /// A decided output that no clause sets.
    #[error("no clause decides `{name}`")]
    #[diagnostic(code(policy::undecided_output))]
    Undecided {
        /// The name as written.
        name: String,
        /// Where it is written.
        #[label("declared here, but no clause sets it")]
        span: SourceSpan,
        /// What to write instead, where there is something to say.
        #[help]
        help: String,
    },

    /// Evaluation that would nest deeper than the limit.
    #[error("evaluating {what} goes {depth} levels deep, more than {limit}")]
    #[diagnostic(
        code(policy::too_deep),
        help("definitions here build on each other in a very long chain; compute fewer steps, or join them")
    )]
    TooDeep {
        /// What is wrong, in words.
        what: String,
        /// How deep it goes.
        depth: usize,
        /// The limit.
        limit: usize,
        /// Where it is written.
        #[label("too deep to evaluate safely")]
        span: SourceSpan,
    },

    /// A product whose decimal places are more than can be kept exactly.
    #[error("this result carries {places} decimal places; at most 28 are kept exactly")]
    #[diagnostic(
        code(policy::too_precise),
        help("each `*` adds its operands' places (money carries the header's, numbers and percents 6): round a factor first, as in `(rate * fee) rounded`")
    )]
    TooPrecise {
        /// The places the result would carry.
        places: u32,
        /// Where it is written.
        #[label("too many places")]
        span: SourceSpan,
    },

    /// A header setting that cannot be used.
    #[error("{what}")]
    #[diagnostic(code(policy::header))]
    Header {
        /// What is wrong, in words.
        what: String,
        /// Where it is written.
        #[label("here")]
        span: SourceSpan,
        /// What to write instead, where there is something to say.
        #[help]
        help: Option<String>,
    },
}
