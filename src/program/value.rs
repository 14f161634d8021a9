//! Run-time values. The checker guarantees which variant each node yields, so
//! the evaluator never converts between them.

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A set of enumeration values, one bit per value in declaration order.
pub type EnumSet = u128;

/// The most values an enumeration used in a list may have (bits in [`EnumSet`]).
pub const MAX_LIST_VARIANTS: usize = 128;

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Value {
    /// An optional fact or output with no value.
    #[default]
    Missing,
    Bool(bool),
    /// money, number, percent (in percentage points: `50%` is 50)
    Dec(Decimal),
    /// count, days
    Int(i64),
    Date(NaiveDate),
    /// An enumeration value: its index in declaration order.
    Enum(u32),
    Set(EnumSet),
    Text(Arc<str>),
}

impl Value {
    pub fn is_missing(&self) -> bool {
        matches!(self, Value::Missing)
    }
}
