//! What can go wrong while reading a policy's text, before any name or type is
//! looked at.

use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

#[derive(Clone, Debug, Error, Diagnostic, PartialEq)]
pub enum ParseError {
    #[error("expected {expected}, found {found}")]
    #[diagnostic(code(policy::syntax))]
    Syntax {
        expected: String,
        found: String,
        #[label("expected {expected} here")]
        span: SourceSpan,
        #[help]
        help: Option<String>,
    },

    #[error("{name} looks like {like}, but the language does not read it")]
    #[diagnostic(code(policy::look_alike))]
    LookAlike {
        name: String,
        like: String,
        #[label("this is {name}")]
        span: SourceSpan,
        #[help]
        help: String,
    },

    #[error("`{text}` is not a date")]
    #[diagnostic(
        code(policy::bad_date),
        help("write dates as YYYY-MM-DD, with a day that exists in that month")
    )]
    BadDate {
        text: String,
        #[label("no such day")]
        span: SourceSpan,
    },

    #[error("`{text}` is too large")]
    #[diagnostic(
        code(policy::number_too_large),
        help("numbers and amounts hold at most 28 significant digits")
    )]
    NumberTooLarge {
        text: String,
        #[label("too large")]
        span: SourceSpan,
    },

    #[error("comparisons cannot be chained")]
    #[diagnostic(
        code(policy::chained_comparison),
        help("compare twice and join with `and`: `a <= b and b <= c`")
    )]
    ChainedComparison {
        #[label("this compares the result of another comparison")]
        span: SourceSpan,
    },

    #[error("`{word}` is a reserved word")]
    #[diagnostic(
        code(policy::reserved_word),
        help("choose another name, for example `{word}_value`")
    )]
    ReservedWord {
        word: String,
        #[label("reserved word used as a name")]
        span: SourceSpan,
    },

    #[error("the policy nests deeper than {limit} levels")]
    #[diagnostic(
        code(policy::too_deep),
        help("split the expression into named definitions")
    )]
    TooDeep {
        limit: usize,
        #[label("too deeply nested")]
        span: SourceSpan,
    },

    #[error("more than {limit} operators in one statement")]
    #[diagnostic(
        code(policy::too_complex),
        help("split the statement into named definitions")
    )]
    TooComplex {
        limit: usize,
        #[label("the statement starting here is too long")]
        span: SourceSpan,
    },

    #[error("the policy file is larger than {limit} bytes")]
    #[diagnostic(code(policy::too_large))]
    TooLarge { limit: usize },

    #[error("the parser met a shape it does not know ({what}); this is a bug in policy")]
    #[diagnostic(code(policy::internal))]
    Internal {
        what: String,
        #[label("here")]
        span: SourceSpan,
    },
}
