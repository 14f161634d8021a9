//! `:needs`: what the facts still missing can change, as the library's
//! symbolic engine answers it (`policy::analysis::needs`); the REPL only
//! renders it.

mod report;

pub use policy::analysis::needs::{needs, Decider, Needs};
pub use report::render;

#[cfg(test)]
mod tests;
