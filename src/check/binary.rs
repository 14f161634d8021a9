//! Binary operators and their units: what may be added to, multiplied by or
//! compared with what.

use super::expr::{cmp_of, repr, strip_parens, MAX_BUSINESS_DAYS};
use super::{Checker, Env};
use crate::program::{Node, Op, Type};
use crate::syntax::ast::{BinaryOp, DurationUnit, Expr, ExprKind};
use crate::syntax::Span;

type Checked = Option<(Node, Type)>;

fn boxed(node: Node) -> Box<Node> {
    Box::new(node)
}

fn to_dec(node: Node, ty: Type) -> Node {
    if ty.is_integer() {
        let span = node.span;
        Node::new(Op::IntToDec(boxed(node)), span)
    } else {
        node
    }
}

fn is_count_or_number(ty: Type) -> bool {
    matches!(ty, Type::Count | Type::Number)
}

impl Checker<'_> {
    pub(super) fn binary(
        &mut self,
        op: BinaryOp,
        a: &Expr,
        b: &Expr,
        span: Span,
        env: &Env,
        want: Option<Type>,
    ) -> Checked {
        match op {
            BinaryOp::And | BinaryOp::Or => {
                let left = self.typed(a, env, Type::Bool);
                let narrowed = self.narrowed(a, op == BinaryOp::And);
                let right = self.typed(b, &env.with(narrowed), Type::Bool);
                let (left, right) = (left?, right?);
                let op = if op == BinaryOp::And {
                    Op::And(boxed(left), boxed(right))
                } else {
                    Op::Or(boxed(left), boxed(right))
                };
                Some((Node::new(op, span), Type::Bool))
            }
            BinaryOp::In | BinaryOp::NotIn => {
                self.membership(op == BinaryOp::NotIn, a, b, span, env)
            }
            BinaryOp::Add | BinaryOp::Sub => {
                self.additive(op == BinaryOp::Sub, a, b, span, env, want)
            }
            BinaryOp::Mul => {
                let (left, right) = (self.expr(a, env, want), self.expr(b, env, None));
                let ((na, ta), (nb, tb)) = (left?, right?);
                self.multiply(na, ta, a.span, nb, tb, b.span, span)
            }
            BinaryOp::Div => self.divide(a, b, span, env, want),
            BinaryOp::Of => {
                let (left, right) = (
                    self.expr(a, env, Some(Type::Percent)),
                    self.expr(b, env, want),
                );
                let ((np, tp), (nx, tx)) = (left?, right?);
                let ty = match (tp, tx) {
                    (Type::Percent, Type::Money | Type::Number | Type::Percent) => tx,
                    (Type::Percent, Type::Count) => Type::Number,
                    (Type::Percent, _) => {
                        return self.mismatch("an amount or a number", tx, b.span, None)
                    }
                    _ => {
                        let help =
                            Some("`of` takes a percentage of an amount: `50% of paid`".to_string());
                        return self.mismatch("a percentage", tp, a.span, help);
                    }
                };
                Some((
                    Node::new(Op::PercentOf(boxed(np), boxed(to_dec(nx, tx))), span),
                    ty,
                ))
            }
            _ => self.comparison(op, a, b, span, env),
        }
    }

    fn comparison(&mut self, op: BinaryOp, a: &Expr, b: &Expr, span: Span, env: &Env) -> Checked {
        let left = self.expr(a, env, None);
        // A bare name on the right may be a value of the left's enumeration:
        // without the left's type it cannot be judged, so say nothing more.
        if left.is_none() && matches!(b.node, ExprKind::Name(_)) {
            return None;
        }
        let right = self.expr(b, env, left.as_ref().map(|(_, t)| *t));
        let ((na, ta), (nb, tb)) = (left?, right?);
        let (na, nb, ty) = self.unify(na, ta, a.span, nb, tb, b.span, "compare")?;
        let cmp = cmp_of(op)?;
        let ordering = !matches!(op, BinaryOp::Eq | BinaryOp::Ne);
        if ordering && !ty.is_ordered() {
            let help = Some(format!(
                "`{}` orders amounts, numbers, periods and dates; use `is` to compare other values",
                op.word()
            ));
            return self.mismatch("amounts, numbers, periods or dates", ty, a.span, help);
        }
        Some((
            Node::new(Op::Compare(cmp, repr(ty), boxed(na), boxed(nb)), span),
            Type::Bool,
        ))
    }

    fn membership(&mut self, negated: bool, a: &Expr, b: &Expr, span: Span, env: &Env) -> Checked {
        let (list, list_ty) = self.expr(b, env, None)?;
        let Type::List(id) = list_ty else {
            return self.mismatch(
                "a list",
                list_ty,
                b.span,
                Some("`in` asks whether a value is in a list fact".to_string()),
            );
        };
        let element = self.typed(a, env, Type::Enum(id))?;
        let test = Node::new(Op::Contains(boxed(list), boxed(element)), span);
        Some((
            if negated {
                Node::new(Op::Not(boxed(test)), span)
            } else {
                test
            },
            Type::Bool,
        ))
    }

    fn additive(
        &mut self,
        subtract: bool,
        a: &Expr,
        b: &Expr,
        span: Span,
        env: &Env,
        want: Option<Type>,
    ) -> Checked {
        let verb = if subtract { "subtract" } else { "add" };
        if let ExprKind::Duration(
            n,
            unit @ (DurationUnit::BusinessDays | DurationUnit::Months | DurationUnit::Years),
        ) = &strip_parens(b).node
        {
            let (day, ty) = self.expr(a, env, Some(Type::Date))?;
            if ty != Type::Date {
                let help = Some("business days, months and years are added to dates".to_string());
                return self.mismatch("a date", ty, a.span, help);
            }
            let n = if subtract { n.checked_neg() } else { Some(*n) };
            let op = match (unit, n) {
                (DurationUnit::BusinessDays, Some(n)) if n.abs() <= MAX_BUSINESS_DAYS => {
                    Op::DateAddBusinessDays(boxed(day), n)
                }
                (DurationUnit::Months, Some(n)) => Op::DateAddMonths(boxed(day), n),
                (DurationUnit::Years, Some(n)) if n.checked_mul(12).is_some() => {
                    Op::DateAddMonths(boxed(day), n * 12)
                }
                _ => return self.misplaced("this period is too long", b.span, None),
            };
            return Some((Node::new(op, span), Type::Date));
        }
        let left = self.expr(a, env, want);
        let right = self.expr(b, env, left.as_ref().map(|(_, t)| *t));
        let ((na, ta), (nb, tb)) = (left?, right?);
        let (dec, int) = if subtract {
            (Op::DecSub as fn(_, _) -> Op, Op::IntSub as fn(_, _) -> Op)
        } else {
            (Op::DecAdd as fn(_, _) -> Op, Op::IntAdd as fn(_, _) -> Op)
        };
        let (op, ty) = match (ta, tb) {
            (Type::Money, Type::Money)
            | (Type::Percent, Type::Percent)
            | (Type::Number, Type::Number) => (dec(boxed(na), boxed(nb)), ta),
            (Type::Count, Type::Number) | (Type::Number, Type::Count) => (
                dec(boxed(to_dec(na, ta)), boxed(to_dec(nb, tb))),
                Type::Number,
            ),
            (Type::Count, Type::Count) | (Type::Days, Type::Days) => {
                (int(boxed(na), boxed(nb)), ta)
            }
            (Type::Date, Type::Days) if subtract => {
                (Op::DateSubDays(boxed(na), boxed(nb)), Type::Date)
            }
            (Type::Date, Type::Days) => (Op::DateAddDays(boxed(na), boxed(nb)), Type::Date),
            (Type::Days, Type::Date) if !subtract => {
                (Op::DateAddDays(boxed(nb), boxed(na)), Type::Date)
            }
            (Type::Date, Type::Date) if subtract => {
                (Op::DateDiff(boxed(na), boxed(nb)), Type::Days)
            }
            _ => {
                let literal = self
                    .literal_help(&na, ta, tb)
                    .or_else(|| self.literal_help(&nb, tb, ta));
                let help = literal.or(match (ta, tb) {
                    (Type::Date, Type::Count) => {
                        Some("write a period with its unit, such as `15 days`".to_string())
                    }
                    (Type::Date, Type::Date) => {
                        Some("subtract two dates to get the days between them".to_string())
                    }
                    (Type::Money, Type::Count | Type::Number)
                    | (Type::Count | Type::Number, Type::Money) => {
                        Some("write an amount with its currency, such as `$5.00`".to_string())
                    }
                    (Type::Money, Type::Days)
                    | (Type::Days, Type::Money)
                    | (Type::Date, Type::Money) => {
                        Some("an amount and a date or a period have different units".to_string())
                    }
                    _ => None,
                });
                self.unit_mismatch(verb, ta, a.span, tb, b.span, help);
                return None;
            }
        };
        Some((Node::new(op, span), ty))
    }

    #[allow(clippy::too_many_arguments)]
    fn multiply(
        &mut self,
        na: Node,
        ta: Type,
        a_span: Span,
        nb: Node,
        tb: Type,
        b_span: Span,
        span: Span,
    ) -> Checked {
        let dec = |a: Node, ta, b: Node, tb| Op::DecMul(boxed(to_dec(a, ta)), boxed(to_dec(b, tb)));
        let (op, ty) = match (ta, tb) {
            (Type::Money | Type::Percent, t) if is_count_or_number(t) => (dec(na, ta, nb, tb), ta),
            (t, Type::Money | Type::Percent) if is_count_or_number(t) => (dec(na, ta, nb, tb), tb),
            (Type::Count, Type::Count) => (Op::IntMul(boxed(na), boxed(nb)), Type::Count),
            (Type::Days, Type::Count) | (Type::Count, Type::Days) => {
                (Op::IntMul(boxed(na), boxed(nb)), Type::Days)
            }
            (x, y) if is_count_or_number(x) && is_count_or_number(y) => {
                (dec(na, ta, nb, tb), Type::Number)
            }
            _ => {
                let help = match (ta, tb) {
                    (Type::Money, Type::Percent) | (Type::Percent, Type::Money) => {
                        Some("take a percentage of an amount with `of`: `50% of paid`".to_string())
                    }
                    (Type::Money, Type::Days) | (Type::Days, Type::Money) => Some(
                        "for a pro-rata share, divide by a number of days: `paid * days_left / days_in_plan`".to_string(),
                    ),
                    _ => None,
                };
                self.unit_mismatch("multiply", ta, a_span, tb, b_span, help);
                return None;
            }
        };
        Some((Node::new(op, span), ty))
    }

    fn divide(&mut self, a: &Expr, b: &Expr, span: Span, env: &Env, want: Option<Type>) -> Checked {
        // `amount * part / whole` (or `part * amount / whole`): a pro-rata
        // share, one division, last.
        if let ExprKind::Binary(BinaryOp::Mul, x, y) = &strip_parens(a).node {
            let (nx, tx) = self.expr(x, env, want)?;
            let (ny, ty) = self.expr(y, env, None)?;
            let (nz, tz) = self.expr(b, env, None)?;
            let amount = |t: Type| matches!(t, Type::Money | Type::Number);
            let part = |t: Type| matches!(t, Type::Days | Type::Count);
            if amount(ty) && part(tx) && tz == tx {
                return Some((
                    Node::new(Op::ProRata(boxed(ny), boxed(nx), boxed(nz)), span),
                    ty,
                ));
            }
            if amount(tx) && part(ty) && tz == ty {
                return Some((
                    Node::new(Op::ProRata(boxed(nx), boxed(ny), boxed(nz)), span),
                    tx,
                ));
            }
            let (product, tp) = self.multiply(nx, tx, x.span, ny, ty, y.span, a.span)?;
            return self.quotient(product, tp, a.span, nz, tz, b.span, span);
        }
        let (left, right) = (self.expr(a, env, want), self.expr(b, env, None));
        let ((na, ta), (nb, tb)) = (left?, right?);
        self.quotient(na, ta, a.span, nb, tb, b.span, span)
    }

    #[allow(clippy::too_many_arguments)]
    fn quotient(
        &mut self,
        na: Node,
        ta: Type,
        a_span: Span,
        nb: Node,
        tb: Type,
        b_span: Span,
        span: Span,
    ) -> Checked {
        let ty = match (ta, tb) {
            (Type::Money, Type::Money)
            | (Type::Days, Type::Days)
            | (Type::Percent, Type::Percent) => Type::Number,
            (Type::Money | Type::Percent, t) if is_count_or_number(t) => ta,
            (x, y) if is_count_or_number(x) && is_count_or_number(y) => Type::Number,
            _ => {
                self.unit_mismatch("divide", ta, a_span, tb, b_span, None);
                return None;
            }
        };
        let op = Op::DecDiv(boxed(to_dec(na, ta)), boxed(to_dec(nb, tb)));
        Some((Node::new(op, span), ty))
    }
}
