//! What is left of a formula once some facts are known: the parts already
//! settled are dropped, so the search below a case asks only what is still
//! open. On a large policy the gap question is one formula over every clause,
//! and once `tier` and `region` are known all but a few of its clauses are
//! settled false; without this, every case below would evaluate them again.
//!
//! Three-valued evaluation is monotone: a part that is true or false with
//! some facts known stays so whatever the other facts turn out to be. So the
//! rest of a formula has the same truth as the formula itself in every case
//! that extends the known facts, and the search visits exactly the same cases.

use super::partial::{Formula, Partial};

/// A formula under the facts known so far.
pub(super) enum Rest {
    /// It is settled.
    Decided(bool),
    /// What still depends on unknown facts.
    Open(Formula),
}

impl Partial<'_> {
    /// `Decided(b)` exactly when [`Partial::formula`] gives `Some(b)`.
    pub(super) fn rest(&self, f: &Formula) -> Rest {
        match f {
            Formula::Assumptions
            | Formula::Applies(_)
            | Formula::Sets(..)
            | Formula::RuleSets(..) => match self.formula(f) {
                Some(b) => Rest::Decided(b),
                None => Rest::Open(f.clone()),
            },
            Formula::Not(inner) => match self.rest(inner) {
                Rest::Decided(b) => Rest::Decided(!b),
                Rest::Open(r) => Rest::Open(Formula::Not(Box::new(r))),
            },
            // An `All` with no open part left is all true, an `Any` all
            // false, as Kleene's logic says of empty ones.
            Formula::All(parts) => match self.rest_of(parts, false) {
                None => Rest::Decided(false),
                Some(open) if open.is_empty() => Rest::Decided(true),
                Some(open) => Rest::Open(Formula::All(open)),
            },
            Formula::Any(parts) => match self.rest_of(parts, true) {
                None => Rest::Decided(true),
                Some(open) if open.is_empty() => Rest::Decided(false),
                Some(open) => Rest::Open(Formula::Any(open)),
            },
        }
    }

    /// The open parts of an `All` (`settles` false) or an `Any` (`settles`
    /// true); `None` as soon as a part settles the whole. A part settled the
    /// other way is dropped: it no longer changes the answer.
    fn rest_of(&self, parts: &[Formula], settles: bool) -> Option<Vec<Formula>> {
        let mut open = Vec::new();
        for p in parts {
            match self.rest(p) {
                Rest::Decided(b) if b == settles => return None,
                Rest::Decided(_) => {}
                Rest::Open(r) => open.push(r),
            }
        }
        Some(open)
    }
}
