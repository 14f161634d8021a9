//! Expressions: the one place operator precedence is decided.
//!
//! From loosest to tightest: `or`; `and`; `not`; comparisons (`=`, `is`,
//! `is before`, `in`, `is missing`, `is one of`, `within`); `+ -`; `* /`;
//! `of`; unary minus; `rounded`.

use std::sync::LazyLock;

use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};

use super::ast::*;
use super::error::ParseError;
use super::parser::{content, ident, internal, span_of, string, Lower, PResult, Rule};
use super::span::Spanned;

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    use Assoc::{Left, Right};
    PrattParser::new()
        .op(Op::infix(Rule::or, Left))
        .op(Op::infix(Rule::and, Left))
        .op(Op::prefix(Rule::not))
        .op(Op::infix(Rule::eq, Left)
            | Op::infix(Rule::ne, Left)
            | Op::infix(Rule::lt, Left)
            | Op::infix(Rule::le, Left)
            | Op::infix(Rule::gt, Left)
            | Op::infix(Rule::ge, Left)
            | Op::infix(Rule::is, Left)
            | Op::infix(Rule::is_not, Left)
            | Op::infix(Rule::is_before, Left)
            | Op::infix(Rule::is_after, Left)
            | Op::infix(Rule::is_on_or_before, Left)
            | Op::infix(Rule::is_on_or_after, Left)
            | Op::infix(Rule::is_at_least, Left)
            | Op::infix(Rule::is_at_most, Left)
            | Op::infix(Rule::is_more_than, Left)
            | Op::infix(Rule::is_less_than, Left)
            | Op::infix(Rule::in_list, Left)
            | Op::infix(Rule::not_in, Left)
            | Op::postfix(Rule::is_missing)
            | Op::postfix(Rule::is_set)
            | Op::postfix(Rule::is_one_of)
            | Op::postfix(Rule::is_not_one_of)
            | Op::postfix(Rule::within))
        .op(Op::infix(Rule::add, Left) | Op::infix(Rule::sub, Left))
        .op(Op::infix(Rule::mul, Left) | Op::infix(Rule::div, Left))
        .op(Op::infix(Rule::of, Right))
        .op(Op::prefix(Rule::neg))
        .op(Op::postfix(Rule::rounded))
});

fn binary_op(r: Rule) -> Option<BinaryOp> {
    use BinaryOp::*;
    Some(match r {
        Rule::or => Or,
        Rule::and => And,
        Rule::eq | Rule::is => Eq,
        Rule::ne | Rule::is_not => Ne,
        Rule::lt | Rule::is_before | Rule::is_less_than => Lt,
        Rule::le | Rule::is_on_or_before | Rule::is_at_most => Le,
        Rule::gt | Rule::is_after | Rule::is_more_than => Gt,
        Rule::ge | Rule::is_on_or_after | Rule::is_at_least => Ge,
        Rule::in_list => In,
        Rule::not_in => NotIn,
        Rule::add => Add,
        Rule::sub => Sub,
        Rule::mul => Mul,
        Rule::div => Div,
        Rule::of => Of,
        _ => return None,
    })
}

fn is_bare_comparison(e: &Expr) -> bool {
    matches!(&e.node, ExprKind::Binary(op, _, _) if op.is_comparison())
}

fn boxed(e: Expr) -> Box<Expr> {
    Box::new(e)
}

impl Lower {
    /// Lower an `expr` or `arith` pair.
    pub(super) fn expr(&self, pair: Pair<'_, Rule>) -> PResult<Expr> {
        PRATT
            .map_primary(|p| self.primary(p))
            .map_prefix(|op, operand| {
                let operand = operand?;
                let span = span_of(&op).to(operand.span);
                let op = if op.as_rule() == Rule::neg {
                    UnaryOp::Neg
                } else {
                    UnaryOp::Not
                };
                Ok(Spanned::new(ExprKind::Unary(op, boxed(operand)), span))
            })
            .map_postfix(|operand, op| self.postfix(operand?, op))
            .map_infix(|lhs, op, rhs| {
                let (lhs, rhs) = (lhs?, rhs?);
                let op_span = span_of(&op);
                let bin =
                    binary_op(op.as_rule()).ok_or_else(|| internal("an operator", op_span))?;
                if bin.is_comparison() {
                    for side in [&lhs, &rhs] {
                        if is_bare_comparison(side) {
                            return Err(ParseError::ChainedComparison {
                                span: lhs.span.to(rhs.span).into(),
                            });
                        }
                    }
                }
                let span = lhs.span.to(rhs.span);
                Ok(Spanned::new(
                    ExprKind::Binary(bin, boxed(lhs), boxed(rhs)),
                    span,
                ))
            })
            .parse(pair.into_inner())
    }

    fn postfix(&self, operand: Expr, op: Pair<'_, Rule>) -> PResult<Expr> {
        let span = operand.span.to(span_of(&op));
        let operand = boxed(operand);
        let kind = match op.as_rule() {
            Rule::is_missing => ExprKind::Presence {
                operand,
                present: false,
            },
            Rule::is_set => ExprKind::Presence {
                operand,
                present: true,
            },
            Rule::is_one_of | Rule::is_not_one_of => {
                let negated = op.as_rule() == Rule::is_not_one_of;
                let variants = content(op).flat_map(|v| content(v).map(ident)).collect();
                ExprKind::OneOf {
                    operand,
                    variants,
                    negated,
                }
            }
            Rule::within => {
                let op_span = span_of(&op);
                let mut parts = content(op);
                let period =
                    self.primary(parts.next().ok_or_else(|| internal("within", op_span))?)?;
                let base = self.expr(parts.next().ok_or_else(|| internal("within", op_span))?)?;
                ExprKind::Within {
                    operand,
                    period: boxed(period),
                    base: boxed(base),
                }
            }
            Rule::rounded => ExprKind::Rounded(operand),
            _ => return Err(internal("a postfix operator", span)),
        };
        Ok(Spanned::new(kind, span))
    }

    fn primary(&self, pair: Pair<'_, Rule>) -> PResult<Expr> {
        let span = span_of(&pair);
        let kind_rule = pair.as_rule();
        let text = pair.as_str();
        let missing = || internal("part of an expression", span);
        let kind = match kind_rule {
            Rule::paren | Rule::expr | Rule::arith => {
                let inner = content(pair).next().ok_or_else(missing)?;
                ExprKind::Paren(boxed(self.expr(inner)?))
            }
            Rule::higher_of | Rule::lower_of => {
                let mut parts = content(pair);
                let a = self.expr(parts.next().ok_or_else(missing)?)?;
                let b = self.expr(parts.next().ok_or_else(missing)?)?;
                ExprKind::Extreme {
                    higher: kind_rule == Rule::higher_of,
                    a: boxed(a),
                    b: boxed(b),
                }
            }
            Rule::next_business_day => {
                let day = self.expr(content(pair).next().ok_or_else(missing)?)?;
                ExprKind::NextBusinessDay(boxed(day))
            }
            Rule::if_then_else => {
                let mut parts = content(pair);
                let condition = self.expr(parts.next().ok_or_else(missing)?)?;
                let then = self.expr(parts.next().ok_or_else(missing)?)?;
                let otherwise = self.expr(parts.next().ok_or_else(missing)?)?;
                ExprKind::If {
                    condition: boxed(condition),
                    then: boxed(then),
                    otherwise: boxed(otherwise),
                }
            }
            Rule::unmet_requirements => {
                ExprKind::UnmetRequirements(ident(content(pair).next().ok_or_else(missing)?))
            }
            Rule::date => match self.date(&pair) {
                Some(d) => ExprKind::Date(d),
                None => ExprKind::Integer(0),
            },
            Rule::money => {
                let mut currency = String::new();
                let mut amount = rust_decimal::Decimal::ZERO;
                for part in content(pair) {
                    match part.as_rule() {
                        Rule::amount => amount = self.decimal(&part),
                        _ => currency = part.as_str().to_string(),
                    }
                }
                ExprKind::Money(amount, currency)
            }
            Rule::percent => {
                let digits = content(pair).next().ok_or_else(missing)?;
                ExprKind::Percent(self.decimal(&digits))
            }
            Rule::duration => {
                let mut parts = content(pair);
                let count = self.integer(&parts.next().ok_or_else(missing)?);
                let unit = parts.next().ok_or_else(missing)?;
                let unit = match content(unit).next().map(|u| u.as_rule()) {
                    Some(Rule::business_days_unit) => DurationUnit::BusinessDays,
                    Some(Rule::weeks_unit) => DurationUnit::Weeks,
                    Some(Rule::months_unit) => DurationUnit::Months,
                    Some(Rule::years_unit) => DurationUnit::Years,
                    _ => DurationUnit::Days,
                };
                ExprKind::Duration(count, unit)
            }
            Rule::number if text.contains('.') => ExprKind::Number(self.decimal(&pair)),
            Rule::number => match text.parse::<i64>() {
                Ok(n) => ExprKind::Integer(n),
                Err(_) => ExprKind::Number(self.decimal(&pair)),
            },
            Rule::string => ExprKind::Text(string(&pair)),
            Rule::boolean => ExprKind::Bool(text == "true"),
            Rule::name => ExprKind::Name(text.to_string()),
            _ => return Err(internal("an expression", span)),
        };
        Ok(Spanned::new(kind, span))
    }
}
