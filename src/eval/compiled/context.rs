//! What compiled code needs of the context it runs in: errors recorded
//! rather than returned (see [`Code`]), checked where compiled code is run,
//! and the definition memo shared by the closures and the walk in
//! `expr.rs`.

use super::combine::internal;
use super::{Code, DefinitionSlot};
use crate::eval::error::EvalError;
use crate::eval::expr::{Ctx, R};
use crate::program::Value;
use crate::syntax::Span;

impl Ctx<'_> {
    /// Keep `error` unless an earlier one is kept: evaluation goes on past
    /// a failure (with stand-ins), and the first error in evaluation order
    /// is the one reported. Out of line: errors are rare.
    #[cold]
    #[inline(never)]
    pub(crate) fn record(&mut self, error: Box<EvalError>) {
        if self.failure.is_none() {
            self.failure = Some(error);
        }
    }

    /// The error compiled code recorded since the last check, taken out;
    /// `Ok` when there is none, and then what the code returned is its value.
    #[inline(always)]
    pub(crate) fn failed(&mut self) -> R<()> {
        // Tested before it is taken: no store on the usual path.
        if self.failure.is_none() {
            return Ok(());
        }
        self.failure.take().map_or(Ok(()), Err)
    }

    /// Run compiled code and check it: its value, or the error it recorded.
    #[inline(always)]
    pub(crate) fn run<T>(&mut self, code: &Code<T>) -> R<T> {
        let value = code(self);
        self.failed()?;
        Ok(value)
    }

    /// Definition `id`, passed to `read` (which takes what it needs out of
    /// it): computed on its first read in a decision and kept in its slot,
    /// so that it is computed at most once. Errors are recorded, as compiled
    /// code records them, and `read` is then given a stand-in.
    ///
    /// A value computed while an error is recorded (raised by its own
    /// expression, or earlier) is not kept: it may be made of stand-ins.
    /// [`Yields::store`] sees to that, since it stores nothing when there is
    /// an error to return. The next read computes it again, as it always did
    /// after an error (an error in an overridden clause's condition is
    /// forgotten, and the decision goes on).
    pub(crate) fn read_definition<T>(
        &mut self,
        id: usize,
        span: Span,
        read: impl FnOnce(&Value) -> T,
    ) -> T {
        if self.definitions.get(id).is_none() {
            if self.failure.is_some() {
                // Nothing computed now would be kept or used, and the
                // memo is off while an error is recorded: computing anyway
                // would compute a definition read twice by the next one
                // twice, and so on, doubling at each level of a chain.
                return read(&Value::Missing);
            }
            let code = self.code;
            let stored = match code.definitions.get(id) {
                Some(compute) => compute.store(self, DefinitionSlot(id)),
                None => Err(internal("a definition without a slot", span)),
            };
            if let Err(error) = stored {
                // `store` took the first error out of the context (raised
                // here, or earlier by code that went on past it): put back,
                // for whoever runs this code to find.
                self.record(error);
                return read(&Value::Missing);
            }
        }
        if let Some(v) = self.definitions.get(id) {
            return read(v);
        }
        self.record(internal("a definition without a slot", span));
        read(&Value::Missing)
    }

    /// The labels of the requirements the clause deciding `output` did not
    /// meet; none when no clause with requirements decided it. Compiled
    /// code: an error is recorded, not returned. The walk in `expr.rs`
    /// answers `unmet` through this too, and checks.
    pub(crate) fn unmet(&mut self, output: usize) -> u128 {
        let Some(Some(clause)) = self.decided_by.get(output).copied() else {
            return 0;
        };
        let code = self.code;
        let mut unmet = 0u128;
        for (label, condition) in code.requirements.get(clause).map_or(&[][..], |r| r) {
            if !condition(self) {
                unmet |= 1u128.checked_shl(*label).unwrap_or(0);
            }
        }
        unmet
    }
}
