//! `policy`: a declarative language for refund, cancellation and privacy
//! clauses.
//!
//! The phases, each in its own module: [`syntax`] reads text into a tree with
//! spans; [`check`] resolves names and types into a [`program::Program`];
//! [`eval`] decides a case against it; [`decision`] is what comes out.

pub mod analysis;
pub mod batch;
pub mod cases;
pub mod check;
pub mod cli;
pub mod compile;
pub mod error;
pub mod eval;
pub mod facts;
pub mod format;
pub mod input;
pub mod program;
pub mod quotes;
pub mod render;
pub mod symbolic;
pub mod symbols;
pub mod syntax;
