//! The typed syntax tree of a policy file: what was written, with spans, before
//! any name is resolved or any type is checked.

use chrono::{NaiveDate, Weekday};
use rust_decimal::Decimal;

pub use super::span::{Ident, Span, Spanned};

/// A whole policy file: its header and its items, in file order.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyFile {
    /// The policy's name (`policy refunds`).
    pub name: Ident,
    /// Its title, if the header gives one.
    pub title: Option<String>,
    /// The header settings: currency, rounding, calendar.
    pub settings: Vec<Spanned<Setting>>,
    /// Facts, definitions, assumptions, outputs, clauses and precedence.
    pub items: Vec<Item>,
}

/// One setting of the header.
#[derive(Clone, Debug, PartialEq)]
pub enum Setting {
    /// `currency USD`
    Currency(String),
    /// `rounding half away from zero to cents`: the mode and the places.
    Rounding(RoundingMode, u32),
    /// `business days Monday to Friday`
    BusinessDays(Vec<Weekday>),
    /// `holiday 2026-12-25 "Christmas Day"`
    Holiday(NaiveDate, Option<String>),
    /// What adding months does to a day the target month lacks.
    ShortMonths(ShortMonths),
}

/// How an amount is rounded where the policy rounds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundingMode {
    /// Halves away from zero: 0.125 -> 0.13, -0.125 -> -0.13.
    HalfAwayFromZero,
    /// Halves to the even digit (banker's rounding): 0.125 -> 0.12.
    HalfEven,
    /// Halves toward zero: 0.125 -> 0.12.
    HalfTowardZero,
    /// Every fraction away from zero: 0.121 -> 0.13.
    AwayFromZero,
    /// Every fraction toward zero (truncation): 0.129 -> 0.12.
    TowardZero,
}

/// What `D + N months` gives when D's day does not exist in the target month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShortMonths {
    /// An error: the policy did not say (the default).
    Error,
    /// The last day of the target month (Jan 31 + 1 month = Feb 28).
    LastDay,
    /// The first day of the month after (Jan 31 + 1 month = Mar 1).
    FirstDayOfNextMonth,
}

/// One statement of a policy file.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// `fact paid: money`
    Fact(Fact),
    /// `define window_end = commenced + 15 days`
    Definition(Definition),
    /// `assume commenced <= requested`
    Assumption(Assumption),
    /// `output refund: money`
    Output(Output),
    /// `clause refund.3 "..."`
    Clause(Clause),
    /// `precedence cancellation.1 > refund.2`
    Precedence(Precedence),
}

/// A fact a case gives: `fact paid: money "total charged"`.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    /// The fact's name.
    pub name: Ident,
    /// Its type as written.
    pub ty: TypeExpr,
    /// Its doc string, if it has one.
    pub doc: Option<String>,
}

/// A type as written: `optional date`, `one of a, b`.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeExpr {
    /// Whether it is `optional`: a case may leave it out.
    pub optional: bool,
    /// The type itself.
    pub kind: TypeKind,
    /// Where it was written.
    pub span: Span,
}

/// The type of a fact or an output, as written.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// `date`, `money`, ...: resolved by the checker, which knows the names.
    Named(Ident),
    /// `one of none, unresolved, dissatisfied`
    OneOf(Vec<Ident>),
    /// `list of name, customer_id, plan`
    ListOf(Vec<Ident>),
}

/// A named derived value: `define window_end = commenced + 15 days`.
#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    /// The definition's name.
    pub name: Ident,
    /// What it stands for.
    pub value: Expr,
    /// Its doc string, if it has one.
    pub doc: Option<String>,
}

/// A condition every case must meet: `assume commenced <= requested`.
#[derive(Clone, Debug, PartialEq)]
pub struct Assumption {
    /// The condition.
    pub condition: Expr,
    /// `naming a, b`: the facts a rejection names; by default, every fact the
    /// condition reads.
    pub naming: Vec<Ident>,
    /// What a rejection says, if the policy words it.
    pub message: Option<String>,
    /// The whole statement.
    pub span: Span,
}

/// An output a decision sets: decided by clauses, or computed.
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    /// The output's name.
    pub name: Ident,
    /// Its type, when declared (a computed output may leave it to its value).
    pub ty: Option<TypeExpr>,
    /// `= EXPR`: computed after the clauses have decided; otherwise decided by
    /// clauses.
    pub value: Option<Expr>,
    /// Its doc string, if it has one.
    pub doc: Option<String>,
}

/// A clause: its id, title, quoted paragraph, condition and consequences.
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    /// Its id: `refund.3`.
    pub id: Ident,
    /// Its title.
    pub title: String,
    /// The quoted source paragraph, one entry per `>` line.
    pub quote: Vec<String>,
    /// `when CONDITION`: a condition for all its rules.
    pub when: Option<Expr>,
    /// What it does, rule by rule.
    pub rules: Vec<Rule>,
    /// `require ... as LABEL`: what a claim under it must meet.
    pub requirements: Vec<Requirement>,
    /// `aside "TEXT": NOTE` lines: numbers the quote and the logic state
    /// differently on purpose (see `crate::quotes`).
    pub asides: Vec<Aside>,
    /// The whole clause.
    pub span: Span,
}

/// `aside "3 to 5 business days": the reply time, which respond_by encodes`
#[derive(Clone, Debug, PartialEq)]
pub struct Aside {
    /// The quoted text (escapes undone), spanning its quotes.
    pub text: Spanned<String>,
    /// Why, as written after the colon.
    pub note: String,
}

/// `CONSEQUENCE [if CONDITION [, otherwise CONSEQUENCE]]`
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// What it does.
    pub then: Consequence,
    /// When it does it; always, without one.
    pub condition: Option<Expr>,
    /// What it does when the condition does not hold.
    pub otherwise: Option<Consequence>,
}

/// What a rule does.
#[derive(Clone, Debug, PartialEq)]
pub enum ConsequenceKind {
    /// `permit`: a permission output allows it.
    Permit,
    /// `forbid`: a permission output forbids it.
    Forbid,
    /// `refund 100% of paid` or `set refund to 100% of paid`.
    Set(Ident, Expr),
}

/// A consequence, with where it was written.
pub type Consequence = Spanned<ConsequenceKind>;

/// `require CONDITION as LABEL`
#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    /// The condition.
    pub condition: Expr,
    /// The label an unmet requirement is listed by.
    pub label: Ident,
}

/// `precedence a > b > c`: earlier clauses override later ones.
#[derive(Clone, Debug, PartialEq)]
pub struct Precedence {
    /// The clause ids, strongest first.
    pub order: Vec<Ident>,
}

/// An expression, with where it was written.
pub type Expr = Spanned<ExprKind>;

/// An expression as written.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A fact, definition or output, or an enumeration value.
    Name(String),
    /// `true` or `false`.
    Bool(bool),
    /// A whole number as written: a count, or a number where one is wanted.
    Integer(i64),
    /// A number with a fraction: `1.5`.
    Number(Decimal),
    /// `50%`
    Percent(Decimal),
    /// The currency: a symbol (`$`) or an ISO code (`USD`), as written.
    Money(Decimal, String),
    /// `2026-01-01`
    Date(NaiveDate),
    /// A text in quotes.
    Text(String),
    /// `15 days`, `5 business days`, `12 months`.
    Duration(i64, DurationUnit),
    /// `( ... )`
    Paren(Box<Expr>),
    /// `-x`, `not x`
    Unary(UnaryOp, Box<Expr>),
    /// `a + b`, `a and b`, `a < b`, ...
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `x is missing` (`present: false`) or `x is set`.
    Presence {
        /// The optional fact or output.
        operand: Box<Expr>,
        /// Whether the test is `is set`.
        present: bool,
    },
    /// `x is [not] one of a, b, c`
    OneOf {
        /// The value tested.
        operand: Box<Expr>,
        /// The values listed.
        variants: Vec<super::span::Ident>,
        /// Whether it is `is not one of`.
        negated: bool,
    },
    /// `x within 15 days of d`
    Within {
        /// The day tested.
        operand: Box<Expr>,
        /// The length of the window.
        period: Box<Expr>,
        /// The day the window starts.
        base: Box<Expr>,
    },
    /// `x rounded`: by the header's rule.
    Rounded(Box<Expr>),
    /// `the higher of a and b` / `the lower of a and b`
    Extreme {
        /// Whether it is the higher (`true`) or the lower.
        higher: bool,
        /// The first value.
        a: Box<Expr>,
        /// The second value.
        b: Box<Expr>,
    },
    /// `the next business day on or after d`
    NextBusinessDay(Box<Expr>),
    /// `if c then a else b`
    If {
        /// The condition.
        condition: Box<Expr>,
        /// The value when it holds.
        then: Box<Expr>,
        /// The value when it does not.
        otherwise: Box<Expr>,
    },
    /// `unmet requirements of refund`
    UnmetRequirements(super::span::Ident),
}

/// The unit of a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DurationUnit {
    /// Calendar days.
    Days,
    /// Business days, by the header's calendar.
    BusinessDays,
    /// Weeks of seven days.
    Weeks,
    /// Calendar months.
    Months,
    /// Calendar years (twelve months).
    Years,
}

/// A prefix operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `not x`
    Not,
}

/// An infix operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    /// `or`
    Or,
    /// `and`
    And,
    /// `=` or `is`
    Eq,
    /// `!=` or `is not`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`: a value in a list fact.
    In,
    /// `not in`
    NotIn,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `50% of paid`
    Of,
}

impl BinaryOp {
    /// Whether it compares two values (and so yields a truth).
    pub fn is_comparison(self) -> bool {
        use BinaryOp::*;
        matches!(self, Eq | Ne | Lt | Le | Gt | Ge | In | NotIn)
    }

    /// The operator as a reader would say it, for messages.
    pub fn word(self) -> &'static str {
        use BinaryOp::*;
        match self {
            Or => "or",
            And => "and",
            Eq => "=",
            Ne => "!=",
            Lt => "<",
            Le => "<=",
            Gt => ">",
            Ge => ">=",
            In => "in",
            NotIn => "not in",
            Add => "+",
            Sub => "-",
            Mul => "*",
            Div => "/",
            Of => "of",
        }
    }
}

impl Expr {
    /// The expressions directly inside this one, left to right.
    pub fn children(&self) -> Vec<&Expr> {
        use ExprKind::*;
        match &self.node {
            Name(_) | Bool(_) | Integer(_) | Number(_) | Percent(_) | Money(..) | Date(_)
            | Text(_) | Duration(..) | UnmetRequirements(_) => vec![],
            Paren(e) | Unary(_, e) | Rounded(e) | NextBusinessDay(e) => vec![e],
            Presence { operand, .. } | OneOf { operand, .. } => vec![operand],
            Binary(_, a, b) | Extreme { a, b, .. } => vec![a, b],
            Within {
                operand,
                period,
                base,
            } => vec![operand, period, base],
            If {
                condition,
                then,
                otherwise,
            } => vec![condition, then, otherwise],
        }
    }

    /// This expression and every one inside it, parents first.
    pub fn walk<'e>(&'e self, visit: &mut impl FnMut(&'e Expr)) {
        visit(self);
        for child in self.children() {
            child.walk(visit);
        }
    }
}

impl Clause {
    /// Every expression the clause is made of: its `when`, each rule's
    /// condition and values, each requirement's condition.
    pub fn expressions(&self) -> Vec<&Expr> {
        let mut out: Vec<&Expr> = self.when.iter().collect();
        for rule in &self.rules {
            for c in std::iter::once(&rule.then).chain(&rule.otherwise) {
                if let ConsequenceKind::Set(_, value) = &c.node {
                    out.push(value);
                }
            }
            out.extend(&rule.condition);
        }
        out.extend(self.requirements.iter().map(|r| &r.condition));
        out
    }
}
