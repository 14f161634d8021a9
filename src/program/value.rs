//! Run-time values. The checker guarantees which variant each node yields, so
//! the evaluator never converts between them.

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A set of enumeration values, one bit per value in declaration order.
pub type EnumSet = u128;

/// The most values an enumeration used in a list may have (bits in [`EnumSet`]).
pub const MAX_LIST_VARIANTS: usize = 128;

/// A value of a fact, definition or output in one case.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Value {
    /// An optional fact or output with no value.
    #[default]
    Missing,
    /// A truth.
    Bool(bool),
    /// money, number, percent (in percentage points: `50%` is 50)
    Dec(Decimal),
    /// count, days
    Int(i64),
    /// A date.
    Date(NaiveDate),
    /// An enumeration value: its index in declaration order.
    Enum(u32),
    /// A list: a set of values of an enumeration, one bit each.
    Set(EnumSet),
    /// A text.
    Text(Arc<str>),
}

impl Value {
    /// Whether it is [`Value::Missing`].
    pub fn is_missing(&self) -> bool {
        matches!(self, Value::Missing)
    }
}
