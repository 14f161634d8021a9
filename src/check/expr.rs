//! Expressions: each name resolved to its slot, each operator to the one
//! operation its operand types call for, units checked.

use super::binary::Operand;
use super::error::CheckError;
use super::names::{did_you_mean, NameRef};
use super::{Checker, Env};
use crate::program::{Cmp, EnumId, Node, Op, Repr, Type, Value};
use crate::syntax::ast::{BinaryOp, DurationUnit, Expr, ExprKind, UnaryOp};
use crate::syntax::Span;

/// The most business days a policy may add at once: keeps evaluation of
/// `d + n business days` (a day-by-day walk) bounded.
pub const MAX_BUSINESS_DAYS: i64 = 100_000;

type Checked = Option<(Node, Type)>;

fn boxed(node: Node) -> Box<Node> {
    Box::new(node)
}

pub(super) fn repr(ty: Type) -> Repr {
    match ty {
        Type::Money | Type::Number | Type::Percent => Repr::Dec,
        Type::Count | Type::Days => Repr::Int,
        Type::Date => Repr::Date,
        Type::Bool | Type::Permission => Repr::Bool,
        Type::Enum(_) => Repr::Enum,
        Type::List(_) => Repr::Set,
        Type::Text => Repr::Text,
    }
}

/// A hint for a value of one type written where another is wanted.
pub(super) fn conversion_help(found: Type, want: Type) -> Option<String> {
    Some(match (found, want) {
        (Type::Count | Type::Number, Type::Money) => {
            "write an amount with its currency, such as `$5.00`".to_string()
        }
        (Type::Count, Type::Days) => "write a period with its unit, such as `15 days`".to_string(),
        (Type::Count | Type::Number, Type::Percent) => {
            "write a percentage with `%`, such as `50%`".to_string()
        }
        (Type::Percent, Type::Money) => "take a percentage of an amount: `50% of paid`".to_string(),
        (Type::Text, Type::Enum(_)) => "write the value without quotes".to_string(),
        _ => return None,
    })
}

/// The symbol money literals of this currency may use.
fn money_symbol(code: &str) -> Option<&'static str> {
    match code {
        "EUR" => Some("€"),
        "GBP" => Some("£"),
        "JPY" | "CNY" => Some("¥"),
        _ if code.ends_with('D') => Some("$"),
        _ => None,
    }
}

fn unit_words(ty: Type) -> &'static str {
    match ty {
        Type::Money => "an amount",
        Type::Days | Type::Date => "a period",
        _ => "a percentage",
    }
}

impl Checker<'_> {
    pub(super) fn expr(&mut self, e: &Expr, env: &Env, want: Option<Type>) -> Checked {
        let span = e.span;
        let at = |op| Node::new(op, span);
        match &e.node {
            ExprKind::Name(name) => self.name(name, span, env, want),
            ExprKind::Bool(b) => Some((at(Op::Const(Value::Bool(*b))), Type::Bool)),
            ExprKind::Integer(n) => Some((at(Op::Const(Value::Int(*n))), Type::Count)),
            ExprKind::Number(d) => Some((at(Op::Const(Value::Dec(*d))), Type::Number)),
            ExprKind::Percent(d) => Some((at(Op::Const(Value::Dec(*d))), Type::Percent)),
            ExprKind::Money(d, symbol) => {
                self.check_currency(symbol, span);
                Some((at(Op::Const(Value::Dec(*d))), Type::Money))
            }
            ExprKind::Date(d) => Some((at(Op::Const(Value::Date(*d))), Type::Date)),
            ExprKind::Text(text) => match want {
                Some(Type::Enum(id)) => {
                    let index = self.variant(id, text, span)?;
                    Some((at(Op::Const(Value::Enum(index))), Type::Enum(id)))
                }
                _ => Some((at(Op::Const(Value::Text(text.as_str().into()))), Type::Text)),
            },
            ExprKind::Duration(n, unit) => match unit {
                DurationUnit::Days => Some((at(Op::Const(Value::Int(*n))), Type::Days)),
                DurationUnit::Weeks => match n.checked_mul(7) {
                    Some(days) => Some((at(Op::Const(Value::Int(days))), Type::Days)),
                    None => self.misplaced("this many weeks is out of range", span, None),
                },
                _ => self.misplaced(
                    "business days, months and years can only be added to or subtracted from a date",
                    span,
                    Some("write for example `requested + 5 business days`, or compare with a date: `x is on or before d + 1 month`"),
                ),
            },
            ExprKind::Paren(inner) => self.expr(inner, env, want),
            ExprKind::Unary(UnaryOp::Not, x) => {
                let (node, ty) = self.expr(x, env, Some(Type::Bool))?;
                self.bool_operand(ty, x.span)?;
                Some((at(Op::Not(boxed(node))), Type::Bool))
            }
            ExprKind::Unary(UnaryOp::Neg, x) => {
                let (node, ty) = self.expr(x, env, want)?;
                let op = match ty {
                    Type::Money | Type::Number | Type::Percent => Op::DecNeg(boxed(node)),
                    Type::Count | Type::Days => Op::IntNeg(boxed(node)),
                    other => return self.mismatch("an amount or a number", other, x.span, None),
                };
                Some((at(op), ty))
            }
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, span, env, want),
            ExprKind::Presence { operand, present } => {
                let slot = self.optional_slot(operand, env)?;
                let test = at(Op::Present(boxed(slot)));
                Some((if *present { test } else { at(Op::Not(boxed(test))) }, Type::Bool))
            }
            ExprKind::OneOf { operand, variants, negated } => {
                let (node, ty) = self.expr(operand, env, None)?;
                let Type::Enum(id) = ty else {
                    return self.mismatch("one of a list of values", ty, operand.span, None);
                };
                let mut mask = 0u128;
                for v in variants {
                    let index = self.variant(id, &v.node, v.span)?;
                    mask |= 1u128.checked_shl(index).unwrap_or(0);
                }
                let test = at(Op::InSet(boxed(node), mask));
                Some((if *negated { at(Op::Not(boxed(test))) } else { test }, Type::Bool))
            }
            ExprKind::Within { operand, period, base } => {
                let day = self.typed(operand, env, Type::Date)?;
                let period = self.typed(period, env, Type::Days)?;
                let base = self.typed(base, env, Type::Date)?;
                Some((at(Op::Within(boxed(day), boxed(period), boxed(base))), Type::Bool))
            }
            ExprKind::Rounded(x) => {
                let (node, ty) = self.expr(x, env, want)?;
                if self.rounding.is_none() {
                    return self.misplaced(
                        "`rounded`, but the policy states no rounding rule",
                        span,
                        Some("add for example `rounding half away from zero to cents` to the header"),
                    );
                }
                if !ty.is_decimal() {
                    return self.mismatch("an amount or a number", ty, x.span, None);
                }
                Some((at(Op::Round(boxed(node))), ty))
            }
            ExprKind::Extreme { higher, a, b } => {
                let left = self.operand(a, env, want)?;
                let right = self.operand(b, env, Some(left.ty))?;
                let (na, nb, ty) = self.unify(left, right, "compare")?;
                if !ty.is_ordered() {
                    return self.mismatch("amounts, numbers, periods or dates", ty, a.span, None);
                }
                Some((at(Op::Extreme(*higher, repr(ty), boxed(na), boxed(nb))), ty))
            }
            ExprKind::NextBusinessDay(day) => {
                let day = self.typed(day, env, Type::Date)?;
                Some((at(Op::NextBusinessDay(boxed(day))), Type::Date))
            }
            ExprKind::If { condition, then, otherwise } => {
                let (c, ct) = self.expr(condition, env, Some(Type::Bool))?;
                self.bool_operand(ct, condition.span)?;
                let then_env = env.with(self.narrowed(condition, true));
                let else_env = env.with(self.narrowed(condition, false));
                let t = self.operand(then, &then_env, want)?;
                let o = self.operand(otherwise, &else_env, Some(t.ty))?;
                let (t, o, ty) = self.unify(t, o, "choose between")?;
                Some((at(Op::If(boxed(c), boxed(t), boxed(o))), ty))
            }
            ExprKind::UnmetRequirements(output) => {
                let id = match self.names.get(&output.node) {
                    Some((NameRef::Output(id), _)) => *id,
                    _ => {
                        let outputs = self.names.iter().filter(|(_, (r, _))| matches!(r, NameRef::Output(_)));
                        let help = did_you_mean(&output.node, outputs.map(|(n, _)| n.as_str()));
                        return self.unknown(&output.node, output.span, help);
                    }
                };
                if !env.outputs_readable {
                    return self.misplaced(
                        "only an output's `= ...` can read other outputs",
                        span,
                        Some("move this into an output such as `output unmet = unmet requirements of refund`"),
                    );
                }
                self.output(id)?;
                if !matches!(self.output_state.get(id), Some(super::State::Decided(_))) {
                    return self.misplaced("only an output that clauses decide has requirements", output.span, None);
                }
                Some((at(Op::Unmet(id)), Type::List(self.requirement_labels)))
            }
        }
    }

    /// Check an expression that must have type `want` (a count is accepted
    /// where a number is wanted).
    pub(super) fn typed(&mut self, e: &Expr, env: &Env, want: Type) -> Option<Node> {
        let (node, ty) = self.expr(e, env, Some(want))?;
        self.coerce(node, ty, want, e.span)
    }

    fn bool_operand(&mut self, ty: Type, span: Span) -> Option<()> {
        if ty == Type::Bool {
            Some(())
        } else {
            self.expect_bool(ty, span);
            None
        }
    }

    fn name(&mut self, name: &str, span: Span, env: &Env, want: Option<Type>) -> Checked {
        let at = |op| Node::new(op, span);
        if let Some(Type::Enum(id)) = want {
            if let Some(index) = self
                .enums
                .get(id)
                .and_then(|e| e.variants.iter().position(|v| v == name))
            {
                return Some((at(Op::Const(Value::Enum(index as u32))), Type::Enum(id)));
            }
        }
        match self.names.get(name).map(|(r, _)| *r) {
            Some(NameRef::Fact(id)) => {
                let fact = self.facts.get(id)?;
                let (ty, optional) = (fact.ty, fact.optional);
                if self.bad_facts.contains(&id) {
                    return None;
                }
                if optional && !env.present.contains(&NameRef::Fact(id)) {
                    return self.maybe_missing(name, span);
                }
                Some((at(Op::Fact(id)), ty))
            }
            Some(NameRef::Definition(id)) => {
                let ty = self.definition(id)?;
                Some((at(Op::Definition(id)), ty))
            }
            Some(NameRef::Output(id)) => {
                if !env.outputs_readable {
                    return self.misplaced(
                        &format!(
                            "`{name}` is an output; only an output's `= ...` can read outputs"
                        ),
                        span,
                        Some("clauses and definitions read facts and definitions"),
                    );
                }
                let ty = self.output(id)?;
                let optional = self.output_optional.get(id).copied().unwrap_or(false);
                if optional && !env.present.contains(&NameRef::Output(id)) {
                    return self.maybe_missing(name, span);
                }
                Some((at(Op::Output(id)), ty))
            }
            None => {
                if let Some(Type::Enum(id)) = want {
                    self.variant(id, name, span)?;
                }
                if let Some(owner) = self.enum_owning(name) {
                    let help = format!(
                        "`{name}` is a value of `{owner}`: compare it, as in `{owner} is {name}`"
                    );
                    return self.unknown(name, span, Some(help));
                }
                let help = self.suggest_name(name);
                self.unknown(name, span, help)
            }
        }
    }

    /// The fact or output an `is missing` / `is set` test reads, without
    /// requiring it to be present.
    fn optional_slot(&mut self, operand: &Expr, env: &Env) -> Option<Node> {
        let inner = strip_parens(operand);
        let ExprKind::Name(name) = &inner.node else {
            return self.misplaced_node(
                "only an optional fact or output can be missing",
                operand.span,
            );
        };
        let at = |op| Node::new(op, inner.span);
        match self.names.get(name).map(|(r, _)| *r) {
            Some(NameRef::Fact(id)) if self.facts.get(id).is_some_and(|f| f.optional) => {
                Some(at(Op::Fact(id)))
            }
            Some(NameRef::Output(id)) if env.outputs_readable => {
                self.output(id)?;
                let optional = self.output_optional.get(id).copied().unwrap_or(false);
                if optional {
                    Some(at(Op::Output(id)))
                } else {
                    self.misplaced_node(&format!("`{name}` always has a value"), operand.span)
                }
            }
            Some(_) => {
                self.error(CheckError::Misplaced {
                    what: format!("`{name}` always has a value"),
                    span: operand.span.into(),
                    help: Some(format!("only facts declared `optional` can be missing; declare `fact {name}: optional ...`")),
                });
                None
            }
            None => {
                let help = self.suggest_name(name);
                self.unknown(name, inner.span, help).map(|(n, _)| n)
            }
        }
    }

    /// Facts or outputs an expression proves present when it is `when`.
    pub(super) fn narrowed(&self, e: &Expr, when: bool) -> Vec<NameRef> {
        match &e.node {
            ExprKind::Presence { operand, present } if *present == when => {
                match &strip_parens(operand).node {
                    ExprKind::Name(name) => self
                        .names
                        .get(name)
                        .map(|(r, _)| vec![*r])
                        .unwrap_or_default(),
                    _ => vec![],
                }
            }
            ExprKind::Paren(inner) => self.narrowed(inner, when),
            ExprKind::Unary(UnaryOp::Not, inner) => self.narrowed(inner, !when),
            ExprKind::Binary(BinaryOp::And, a, b) if when => {
                let mut both = self.narrowed(a, true);
                both.extend(self.narrowed(b, true));
                both
            }
            ExprKind::Binary(BinaryOp::Or, a, b) if !when => {
                let mut both = self.narrowed(a, false);
                both.extend(self.narrowed(b, false));
                both
            }
            _ => vec![],
        }
    }

    pub(super) fn variant(&mut self, id: EnumId, word: &str, span: Span) -> Option<u32> {
        let variants = &self.enums.get(id)?.variants;
        if let Some(index) = variants.iter().position(|v| v == word) {
            return Some(index as u32);
        }
        let of = self
            .enums
            .get(id)
            .map(|e| format!("`{}`", e.owner))
            .unwrap_or_default();
        let help = did_you_mean(word, variants.iter().map(String::as_str))
            .unwrap_or_else(|| format!("the values are {}", super::names::list_words(variants)));
        self.error(CheckError::UnknownValue {
            value: word.to_string(),
            of,
            span: span.into(),
            help,
        });
        None
    }

    fn enum_owning(&self, word: &str) -> Option<String> {
        self.enums
            .iter()
            .find(|e| e.variants.iter().any(|v| v == word))
            .map(|e| e.owner.clone())
    }

    /// Two operands of one type, widening a count to meet a number.
    pub(super) fn unify(
        &mut self,
        a: Operand,
        b: Operand,
        verb: &str,
    ) -> Option<(Node, Node, Type)> {
        let (ta, tb) = (a.ty, b.ty);
        if ta == tb {
            return Some((a.node, b.node, ta));
        }
        match (ta, tb) {
            (Type::Count, Type::Number) => Some((
                Node::new(Op::IntToDec(boxed(a.node)), a.span),
                b.node,
                Type::Number,
            )),
            (Type::Number, Type::Count) => Some((
                a.node,
                Node::new(Op::IntToDec(boxed(b.node)), b.span),
                Type::Number,
            )),
            _ => {
                let literal = self
                    .literal_help(&a.node, ta, tb)
                    .or_else(|| self.literal_help(&b.node, tb, ta));
                let help = literal.or_else(|| match (ta, tb) {
                    (Type::Count, Type::Money) | (Type::Money, Type::Count) => Some(
                        "a count is a number of things and money is an amount: compare a count with a whole number, or an amount with an amount".to_string(),
                    ),
                    _ => conversion_help(tb, ta).or_else(|| conversion_help(ta, tb)),
                });
                self.unit_mismatch(verb, &a, &b, help);
                None
            }
        }
    }

    /// For a bare number written where the other side wants an amount, a
    /// period or a percentage: the same number written as one (`$100`).
    pub(super) fn literal_help(&self, node: &Node, ty: Type, other: Type) -> Option<String> {
        let Op::Const(value) = &node.op else {
            return None;
        };
        let number = match value {
            Value::Int(n) if ty == Type::Count => n.to_string(),
            Value::Dec(d) if ty == Type::Number => d.to_string(),
            _ => return None,
        };
        let written = match other {
            Type::Money => match self.currency.as_deref() {
                Some(code) => match money_symbol(code) {
                    Some(symbol) => format!("{symbol}{number}"),
                    None => format!("{number} {code}"),
                },
                None => format!("${number}"),
            },
            Type::Days | Type::Date if ty == Type::Count => {
                format!("{number} {}", if number == "1" { "day" } else { "days" })
            }
            Type::Percent => format!("{number}%"),
            _ => return None,
        };
        Some(format!(
            "write `{number}` as {}: `{written}`",
            unit_words(other)
        ))
    }

    pub(super) fn unit_mismatch(
        &mut self,
        verb: &str,
        a: &Operand,
        b: &Operand,
        help: Option<String>,
    ) {
        self.error(CheckError::UnitMismatch {
            verb: verb.to_string(),
            left: self.describe(a.ty),
            right: self.describe(b.ty),
            left_span: a.span.into(),
            right_span: b.span.into(),
            help,
        });
    }

    pub(super) fn mismatch(
        &mut self,
        expected: &str,
        found: Type,
        span: Span,
        help: Option<String>,
    ) -> Checked {
        self.error(CheckError::TypeMismatch {
            expected: expected.to_string(),
            found: self.describe(found),
            span: span.into(),
            help,
        });
        None
    }

    pub(super) fn misplaced(&mut self, what: &str, span: Span, help: Option<&str>) -> Checked {
        self.error(CheckError::Misplaced {
            what: what.to_string(),
            span: span.into(),
            help: help.map(str::to_string),
        });
        None
    }

    fn misplaced_node(&mut self, what: &str, span: Span) -> Option<Node> {
        self.misplaced(what, span, None).map(|(n, _)| n)
    }

    fn unknown(&mut self, name: &str, span: Span, help: Option<String>) -> Checked {
        self.error(CheckError::UnknownName {
            name: name.to_string(),
            span: span.into(),
            help,
        });
        None
    }

    fn maybe_missing(&mut self, name: &str, span: Span) -> Checked {
        self.error(CheckError::MaybeMissing {
            name: name.to_string(),
            span: span.into(),
            help: format!("say what happens when it is missing first: `{name} is set and ...` or `{name} is missing or ...`"),
        });
        None
    }
}

pub(super) fn strip_parens(e: &Expr) -> &Expr {
    match &e.node {
        ExprKind::Paren(inner) => strip_parens(inner),
        _ => e,
    }
}

/// `Cmp` for a comparison operator.
pub(super) fn cmp_of(op: BinaryOp) -> Option<Cmp> {
    Some(match op {
        BinaryOp::Eq => Cmp::Eq,
        BinaryOp::Ne => Cmp::Ne,
        BinaryOp::Lt => Cmp::Lt,
        BinaryOp::Le => Cmp::Le,
        BinaryOp::Gt => Cmp::Gt,
        BinaryOp::Ge => Cmp::Ge,
        _ => return None,
    })
}
