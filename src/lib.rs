//! `policy`: a declarative language for refund, cancellation and privacy
//! clauses.
//!
//! The phases, each in its own module: [`syntax`] reads text into a tree with
//! spans; [`check`] resolves names and types into a [`program::Program`] (the
//! IR, which imports no later phase); [`eval`] prepares a program and decides
//! a case's facts (read by [`facts`]) against it, giving an
//! [`eval::Decision`]; [`analysis`] finds what `policy check` reports; [`render`]
//! writes decisions for people and as JSON. [`cases`] reads corpora and gives
//! each case's outcome; [`cli`] is the `policy` command, a thin shell on top.

// Unit tests assert by panicking: the lints against it are for library code.
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

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
