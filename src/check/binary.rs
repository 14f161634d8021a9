//! Binary operators and their units: what may be added to, multiplied by or
//! compared with what.

use super::expr::{cmp_of, repr, strip_parens, MAX_BUSINESS_DAYS};
use super::{Checker, Env};
use crate::program::{Node, Op, Type};
use crate::syntax::ast::{BinaryOp, DurationUnit, Expr, ExprKind};
use crate::syntax::Span;

type Checked = Option<(Node, Type)>;

/// A checked operand of an operator: its node, its type, and where it was
/// written (for the labels of a unit mismatch).
pub(super) struct Operand {
    pub node: Node,
    pub ty: Type,
    pub span: Span,
}

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
    /// Check `e` as an operand.
    pub(super) fn operand(&mut self, e: &Expr, env: &Env, want: Option<Type>) -> Option<Operand> {
        let (node, ty) = self.expr(e, env, want)?;
        Some(Operand {
            node,
            ty,
            span: e.span,
        })
    }

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
                let (left, right) = (self.operand(a, env, want), self.operand(b, env, None));
                self.multiply(left?, right?, span)
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
        let left = self.operand(a, env, None);
        // A bare name on the right may be a value of the left's enumeration:
        // without the left's type it cannot be judged, so say nothing more.
        if left.is_none() && matches!(b.node, ExprKind::Name(_)) {
            return None;
        }
        let right = self.operand(b, env, left.as_ref().map(|o| o.ty));
        let (na, nb, ty) = self.unify(left?, right?, "compare")?;
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
        let left = self.operand(a, env, want);
        let right = self.operand(b, env, left.as_ref().map(|o| o.ty));
        let (left, right) = (left?, right?);
        let (ta, tb) = (left.ty, right.ty);
        let (dec, int) = if subtract {
            (Op::DecSub as fn(_, _) -> Op, Op::IntSub as fn(_, _) -> Op)
        } else {
            (Op::DecAdd as fn(_, _) -> Op, Op::IntAdd as fn(_, _) -> Op)
        };
        let (op, ty) = match (ta, tb) {
            (Type::Money, Type::Money)
            | (Type::Percent, Type::Percent)
            | (Type::Number, Type::Number) => (dec(boxed(left.node), boxed(right.node)), ta),
            (Type::Count, Type::Number) | (Type::Number, Type::Count) => (
                dec(boxed(to_dec(left.node, ta)), boxed(to_dec(right.node, tb))),
                Type::Number,
            ),
            (Type::Count, Type::Count) | (Type::Days, Type::Days) => {
                (int(boxed(left.node), boxed(right.node)), ta)
            }
            (Type::Date, Type::Days) if subtract => (
                Op::DateSubDays(boxed(left.node), boxed(right.node)),
                Type::Date,
            ),
            (Type::Date, Type::Days) => (
                Op::DateAddDays(boxed(left.node), boxed(right.node)),
                Type::Date,
            ),
            (Type::Days, Type::Date) if !subtract => (
                Op::DateAddDays(boxed(right.node), boxed(left.node)),
                Type::Date,
            ),
            (Type::Date, Type::Date) if subtract => (
                Op::DateDiff(boxed(left.node), boxed(right.node)),
                Type::Days,
            ),
            _ => {
                let literal = self
                    .literal_help(&left.node, ta, tb)
                    .or_else(|| self.literal_help(&right.node, tb, ta));
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
                self.unit_mismatch(verb, &left, &right, help);
                return None;
            }
        };
        Some((Node::new(op, span), ty))
    }

    fn multiply(&mut self, a: Operand, b: Operand, span: Span) -> Checked {
        let (ta, tb) = (a.ty, b.ty);
        let dec = |a: Operand, b: Operand| {
            Op::DecMul(boxed(to_dec(a.node, a.ty)), boxed(to_dec(b.node, b.ty)))
        };
        let int = |a: Operand, b: Operand| Op::IntMul(boxed(a.node), boxed(b.node));
        let (op, ty) = match (ta, tb) {
            (Type::Money | Type::Percent, t) if is_count_or_number(t) => (dec(a, b), ta),
            (t, Type::Money | Type::Percent) if is_count_or_number(t) => (dec(a, b), tb),
            (Type::Count, Type::Count) => (int(a, b), Type::Count),
            (Type::Days, Type::Count) | (Type::Count, Type::Days) => (int(a, b), Type::Days),
            (x, y) if is_count_or_number(x) && is_count_or_number(y) => (dec(a, b), Type::Number),
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
                self.unit_mismatch("multiply", &a, &b, help);
                return None;
            }
        };
        Some((Node::new(op, span), ty))
    }

    fn divide(&mut self, a: &Expr, b: &Expr, span: Span, env: &Env, want: Option<Type>) -> Checked {
        // `amount * part / whole` (or `part * amount / whole`): a pro-rata
        // share, one division, last.
        if let ExprKind::Binary(BinaryOp::Mul, x, y) = &strip_parens(a).node {
            let x = self.operand(x, env, want)?;
            let y = self.operand(y, env, None)?;
            let z = self.operand(b, env, None)?;
            let amount = |t: Type| matches!(t, Type::Money | Type::Number);
            let part = |t: Type| matches!(t, Type::Days | Type::Count);
            let share = |amount: Operand, part: Operand, whole: Operand| {
                let ty = amount.ty;
                let op = Op::ProRata(boxed(amount.node), boxed(part.node), boxed(whole.node));
                Some((Node::new(op, span), ty))
            };
            if amount(y.ty) && part(x.ty) && z.ty == x.ty {
                return share(y, x, z);
            }
            if amount(x.ty) && part(y.ty) && z.ty == y.ty {
                return share(x, y, z);
            }
            let (node, ty) = self.multiply(x, y, a.span)?;
            let product = Operand {
                node,
                ty,
                span: a.span,
            };
            return self.quotient(product, z, span);
        }
        let (left, right) = (self.operand(a, env, want), self.operand(b, env, None));
        self.quotient(left?, right?, span)
    }

    fn quotient(&mut self, a: Operand, b: Operand, span: Span) -> Checked {
        let (ta, tb) = (a.ty, b.ty);
        let ty = match (ta, tb) {
            (Type::Money, Type::Money)
            | (Type::Days, Type::Days)
            | (Type::Percent, Type::Percent) => Type::Number,
            (Type::Money | Type::Percent, t) if is_count_or_number(t) => ta,
            (x, y) if is_count_or_number(x) && is_count_or_number(y) => Type::Number,
            _ => {
                self.unit_mismatch("divide", &a, &b, None);
                return None;
            }
        };
        let op = Op::DecDiv(boxed(to_dec(a.node, ta)), boxed(to_dec(b.node, tb)));
        Some((Node::new(op, span), ty))
    }
}
