//! The types a checked policy deals in.

use std::fmt;

/// Index of an enumeration in [`super::Program::enums`].
pub type EnumId = usize;

/// The type of a fact, definition or output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// `bool`: true or false.
    Bool,
    /// `money`: an exact amount in the policy's currency.
    Money,
    /// An exact decimal without a unit.
    Number,
    /// A whole number.
    Count,
    /// `percent`: percentage points (`50%` is 50).
    Percent,
    /// A number of calendar days (a duration, possibly negative).
    Days,
    /// `date`: a day of the calendar.
    Date,
    /// `text`: words in quotes.
    Text,
    /// `one of a, b, c`: one value of an enumeration.
    Enum(EnumId),
    /// A set of values of one enumeration, as in `list of name, plan`.
    List(EnumId),
    /// `permit` or `deny`, combined as "forbid beats permit, default deny".
    Permission,
}

impl Type {
    /// Types with an order, so `<` and `the higher of` apply.
    pub fn is_ordered(self) -> bool {
        matches!(
            self,
            Type::Money | Type::Number | Type::Count | Type::Percent | Type::Days | Type::Date
        )
    }

    /// Types whose values are exact decimals at run time.
    pub fn is_decimal(self) -> bool {
        matches!(self, Type::Money | Type::Number | Type::Percent)
    }

    /// Types whose values are whole numbers at run time.
    pub fn is_integer(self) -> bool {
        matches!(self, Type::Count | Type::Days)
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Type::Bool => "bool",
            Type::Money => "money",
            Type::Number => "number",
            Type::Count => "count",
            Type::Percent => "percent",
            Type::Days => "days",
            Type::Date => "date",
            Type::Text => "text",
            Type::Enum(_) => "one of a list of values",
            Type::List(_) => "a list of values",
            Type::Permission => "permission",
        })
    }
}
