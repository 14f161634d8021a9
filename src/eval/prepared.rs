//! A checked program made ready to decide cases: its expressions compiled
//! and its facts reader laid out, once, by whoever decides cases with it.
//! The program itself knows nothing of either.

use super::compiled::Compiled;
use super::error::EvalError;
use super::expr::Slots;
use super::trace::{self, ClauseTrace};
use super::{decide_once, Decision, Failure, Worker};
use crate::facts::{self, FactsError, Layout};
use crate::program::{Node, Program, Value};

/// A [`Program`] with what deciding its cases needs: its compiled form and
/// its facts reader's layout. Built once per program by the commands that
/// decide cases; commands that only check a policy never build one.
pub struct Prepared {
    program: Program,
    code: Compiled,
    layout: Layout,
}

impl Prepared {
    /// Compile `program` for evaluation and lay out its facts reader.
    pub fn new(program: Program) -> Prepared {
        let code = Compiled::build(&program);
        let layout = Layout::new(&program);
        Prepared {
            program,
            code,
            layout,
        }
    }

    /// The checked program.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// The checked program, given back.
    pub fn into_program(self) -> Program {
        self.program
    }

    pub(crate) fn code(&self) -> &Compiled {
        &self.code
    }

    /// A reader of this program's case facts, for case after case.
    pub fn reader(&self) -> facts::Reader<'_> {
        facts::Reader::new(&self.program, &self.layout)
    }

    /// Read one case's facts: a bare facts object, or a worked case
    /// `{"policy": ..., "facts": {...}, "expect": ...}`.
    pub fn read(&self, json: &str) -> Result<Vec<Value>, FactsError> {
        let mut values = Vec::new();
        self.reader().read_into(json, &mut values)?;
        Ok(values)
    }

    /// Decide one case. `facts` holds one value per fact of the program, as
    /// [`Prepared::read`] gives them. For many cases, a [`Worker`] reuses
    /// its buffers.
    pub fn decide(&self, facts: &[Value]) -> Result<Decision, Failure> {
        decide_once(self, facts)
    }

    /// A worker deciding case after case, reusing its buffers.
    pub fn worker(&self) -> Worker<'_> {
        Worker::new(self)
    }

    /// Explain `decision`, which `facts` produced: what happened to each
    /// clause and which of its conditions held, with the values they read.
    pub fn explain(&self, facts: &[Value], decision: &Decision) -> Vec<ClauseTrace> {
        trace::explain(&self.program, &self.code, facts, decision)
    }

    /// Evaluate one checked expression (from
    /// [`crate::check::check_expression`]) against a case's facts and, when
    /// it reads outputs, its decision.
    pub fn evaluate(
        &self,
        facts: &[Value],
        decision: Option<&Decision>,
        node: &Node,
    ) -> Result<Value, EvalError> {
        let mut slots = Slots::of(&self.program, decision);
        slots
            .ctx(&self.program, &self.code, facts)
            .value(node)
            .map_err(|e| *e)
    }
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("program", &self.program.name)
            .field("code", &self.code)
            .finish_non_exhaustive()
    }
}
