//! The typed syntax tree of a policy file: what was written, with spans, before
//! any name is resolved or any type is checked.

use chrono::{NaiveDate, Weekday};
use rust_decimal::Decimal;

pub use super::span::{Ident, Span, Spanned};

#[derive(Clone, Debug, PartialEq)]
pub struct PolicyFile {
    pub name: Ident,
    pub title: Option<String>,
    pub settings: Vec<Spanned<Setting>>,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Setting {
    Currency(String),
    Rounding(RoundingMode, u32),
    BusinessDays(Vec<Weekday>),
    Holiday(NaiveDate, Option<String>),
    ShortMonths(ShortMonths),
}

/// How an amount is rounded where the policy rounds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundingMode {
    HalfAwayFromZero,
    HalfEven,
    HalfTowardZero,
    AwayFromZero,
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

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Fact(Fact),
    Definition(Definition),
    Assumption(Assumption),
    Output(Output),
    Clause(Clause),
    Precedence(Precedence),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    pub name: Ident,
    pub ty: TypeExpr,
    pub doc: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeExpr {
    pub optional: bool,
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// `date`, `money`, ...: resolved by the checker, which knows the names.
    Named(Ident),
    OneOf(Vec<Ident>),
    ListOf(Vec<Ident>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    pub name: Ident,
    pub value: Expr,
    pub doc: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Assumption {
    pub condition: Expr,
    /// `naming a, b`: the facts a rejection names; by default, every fact the
    /// condition reads.
    pub naming: Vec<Ident>,
    pub message: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    pub name: Ident,
    pub ty: Option<TypeExpr>,
    /// `= EXPR`: computed after the clauses have decided; otherwise decided by
    /// clauses.
    pub value: Option<Expr>,
    pub doc: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    pub id: Ident,
    pub title: String,
    /// The quoted source paragraph, one entry per `>` line.
    pub quote: Vec<String>,
    pub when: Option<Expr>,
    pub rules: Vec<Rule>,
    pub requirements: Vec<Requirement>,
    /// `aside "TEXT": NOTE` lines: numbers the quote and the logic state
    /// differently on purpose (see `crate::quotes`).
    pub asides: Vec<Aside>,
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
    pub then: Consequence,
    pub condition: Option<Expr>,
    pub otherwise: Option<Consequence>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ConsequenceKind {
    Permit,
    Forbid,
    /// `refund 100% of paid` or `set refund to 100% of paid`.
    Set(Ident, Expr),
}

pub type Consequence = Spanned<ConsequenceKind>;

/// `require CONDITION as LABEL`
#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    pub condition: Expr,
    pub label: Ident,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Precedence {
    pub order: Vec<Ident>,
}

pub type Expr = Spanned<ExprKind>;

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Name(String),
    Bool(bool),
    /// A whole number as written: a count, or a number where one is wanted.
    Integer(i64),
    Number(Decimal),
    Percent(Decimal),
    /// The currency: a symbol (`$`) or an ISO code (`USD`), as written.
    Money(Decimal, String),
    Date(NaiveDate),
    Text(String),
    Duration(i64, DurationUnit),
    Paren(Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `x is missing` (`present: false`) or `x is set`.
    Presence {
        operand: Box<Expr>,
        present: bool,
    },
    /// `x is [not] one of a, b, c`
    OneOf {
        operand: Box<Expr>,
        variants: Vec<super::span::Ident>,
        negated: bool,
    },
    /// `x within 15 days of d`
    Within {
        operand: Box<Expr>,
        period: Box<Expr>,
        base: Box<Expr>,
    },
    Rounded(Box<Expr>),
    /// `the higher of a and b` / `the lower of a and b`
    Extreme {
        higher: bool,
        a: Box<Expr>,
        b: Box<Expr>,
    },
    /// `the next business day on or after d`
    NextBusinessDay(Box<Expr>),
    If {
        condition: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    /// `unmet requirements of refund`
    UnmetRequirements(super::span::Ident),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DurationUnit {
    Days,
    BusinessDays,
    Weeks,
    Months,
    Years,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Add,
    Sub,
    Mul,
    Div,
    /// `50% of paid`
    Of,
}

impl BinaryOp {
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
