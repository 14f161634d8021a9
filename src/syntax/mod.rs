//! Reading a policy's text: grammar -> pest pairs -> typed syntax tree with
//! spans. Nothing outside this module sees pest.

pub mod ast;
mod error;
mod expected;
mod expr;
mod hints;
pub mod layout;
mod limits;
mod parser;
pub mod span;

pub use error::ParseError;
pub use layout::Layout;
pub use limits::{MAX_NESTING, MAX_OPERATORS};
pub use parser::{parse, parse_expression, parse_with_layout, MAX_SOURCE_BYTES};
pub use span::{Ident, Span, Spanned};
