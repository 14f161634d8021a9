//! What can go wrong while reading a policy's text, before any name or type is
//! looked at.

use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

/// A problem reading a policy's text, with a label on where it is.
#[derive(Clone, Debug, Error, Diagnostic, PartialEq)]
pub enum ParseError {
    /// Text the grammar does not allow where it stands.
    #[error("expected {expected}, found {found}")]
    #[diagnostic(code(policy::syntax))]
    Syntax {
        /// What the grammar wants there, in words.
        expected: String,
        /// What is there instead.
        found: String,
        /// Where it is.
        #[label("expected {expected} here")]
        span: SourceSpan,
        /// What to write instead, where there is something to say.
        #[help]
        help: Option<String>,
    },

    /// A character that looks like one the language reads (a curly quote,
    /// a dash) but is not it.
    #[error("{name} looks like {like}, but the language does not read it")]
    #[diagnostic(code(policy::look_alike))]
    LookAlike {
        /// The character written, by name.
        name: String,
        /// The one it looks like.
        like: String,
        /// Where it is.
        #[label("this is {name}")]
        span: SourceSpan,
        /// What to write instead.
        #[help]
        help: String,
    },

    /// A date literal that is no day of the calendar.
    #[error("`{text}` is not a date")]
    #[diagnostic(
        code(policy::bad_date),
        help("write dates as YYYY-MM-DD, with a day that exists in that month")
    )]
    BadDate {
        /// The literal as written.
        text: String,
        /// Where it is.
        #[label("no such day")]
        span: SourceSpan,
    },

    /// A number or amount literal too large to hold exactly.
    #[error("`{text}` is too large")]
    #[diagnostic(
        code(policy::number_too_large),
        help("numbers and amounts hold at most 28 significant digits")
    )]
    NumberTooLarge {
        /// The literal as written.
        text: String,
        /// Where it is.
        #[label("too large")]
        span: SourceSpan,
    },

    /// `a < b < c`: comparisons chained.
    #[error("comparisons cannot be chained")]
    #[diagnostic(
        code(policy::chained_comparison),
        help("compare twice and join with `and`: `a <= b and b <= c`")
    )]
    ChainedComparison {
        /// Where it is.
        #[label("this compares the result of another comparison")]
        span: SourceSpan,
    },

    /// A reserved word used as a name.
    #[error("`{word}` is a reserved word")]
    #[diagnostic(
        code(policy::reserved_word),
        help("choose another name, for example `{word}_value`")
    )]
    ReservedWord {
        /// The word.
        word: String,
        /// Where it is.
        #[label("reserved word used as a name")]
        span: SourceSpan,
    },

    /// Nesting deeper than the limit.
    #[error("the policy nests deeper than {limit} levels")]
    #[diagnostic(
        code(policy::too_deep),
        help("split the expression into named definitions")
    )]
    TooDeep {
        /// The limit.
        limit: usize,
        /// Where it is.
        #[label("too deeply nested")]
        span: SourceSpan,
    },

    /// A statement with more operators than the limit.
    #[error("more than {limit} operators in one statement")]
    #[diagnostic(
        code(policy::too_complex),
        help("split the statement into named definitions")
    )]
    TooComplex {
        /// The limit.
        limit: usize,
        /// Where it is.
        #[label("the statement starting here is too long")]
        span: SourceSpan,
    },

    /// A policy file larger than the limit.
    #[error("the policy file is larger than {limit} bytes")]
    #[diagnostic(code(policy::too_large))]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },

    /// A fault of the parser itself.
    #[error("the parser met a shape it does not know ({what}); this is a bug in policy")]
    #[diagnostic(code(policy::internal))]
    Internal {
        /// What the parser met.
        what: String,
        /// Where.
        #[label("here")]
        span: SourceSpan,
    },
}
