//! Expressions laid out: on one line when they fit, otherwise broken before
//! the `or`s of the loosest chain, then the `and`s, one operand a line.
//!
//! Every word comes from the source as written (`is on or before` stays
//! words, `<=` stays a symbol); only the white space between words changes.

use crate::syntax::ast::{BinaryOp, Expr, ExprKind};
use crate::syntax::Span;

/// The widest a line may be before an expression on it is broken.
pub const WIDTH: usize = 100;

/// The source, read a word at a time.
pub(super) struct Text<'a> {
    pub src: &'a str,
    /// Every quoted text's span, sorted: white space inside stays as written.
    pub strings: &'a [Span],
}

impl Text<'_> {
    /// The words of `span`, one space between each (quoted texts kept
    /// exactly).
    pub fn words(&self, span: Span) -> String {
        let mut out = String::new();
        let mut at = span.start;
        let mut space = false;
        let end = span.end.min(self.src.len());
        while at < end {
            let i = self.strings.partition_point(|s| s.start < at);
            if let Some(s) = self.strings.get(i).filter(|s| s.start == at) {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push_str(s.text(self.src));
                at = s.end.max(at + 1);
                continue;
            }
            let Some(c) = self.src.get(at..).and_then(|r| r.chars().next()) else {
                break;
            };
            if c.is_whitespace() {
                space = true;
            } else {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
            at += c.len_utf8();
        }
        out
    }

    /// The words between two places (an operator between its operands).
    pub fn between(&self, from: usize, to: usize) -> String {
        self.words(Span::new(from, to.max(from)))
    }

    /// An expression on one line.
    pub fn flat(&self, e: &Expr) -> String {
        let b = |x: &Expr| self.flat(x);
        match &e.node {
            ExprKind::Paren(inner) => {
                if self
                    .src
                    .get(e.span.start..)
                    .is_some_and(|s| s.starts_with('('))
                {
                    format!("({})", b(inner))
                } else {
                    b(inner)
                }
            }
            ExprKind::Unary(_, x) => {
                let op = self.between(e.span.start, x.span.start);
                if op.chars().all(|c| c.is_alphabetic()) {
                    format!("{op} {}", b(x))
                } else {
                    format!("{op}{}", b(x))
                }
            }
            ExprKind::Binary(_, l, r) => {
                let op = self.between(l.span.end, r.span.start);
                format!("{} {op} {}", b(l), b(r))
            }
            ExprKind::Presence { operand, .. } | ExprKind::Rounded(operand) => {
                let op = self.between(operand.span.end, e.span.end);
                format!("{} {op}", b(operand))
            }
            ExprKind::OneOf {
                operand, variants, ..
            } => {
                let first = variants.first().map_or(e.span.end, |v| v.span.start);
                let op = self.between(operand.span.end, first);
                let names: Vec<&str> = variants.iter().map(|v| v.node.as_str()).collect();
                format!("{} {op} {}", b(operand), names.join(", "))
            }
            ExprKind::Within {
                operand,
                period,
                base,
            } => format!("{} within {} of {}", b(operand), b(period), b(base)),
            ExprKind::Extreme { a, b: second, .. } => {
                let words = self.between(e.span.start, a.span.start);
                format!("{words} {} and {}", b(a), b(second))
            }
            ExprKind::NextBusinessDay(day) => {
                let words = self.between(e.span.start, day.span.start);
                format!("{words} {}", b(day))
            }
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => format!("if {} then {} else {}", b(condition), b(then), b(otherwise)),
            _ => self.words(e.span),
        }
    }

    /// An expression that starts at column `first`; lines after the first
    /// start at column `indent` (their indentation included). The first line
    /// has no indentation of its own.
    pub fn lines(&self, e: &Expr, first: usize, indent: usize) -> Vec<String> {
        let flat = self.flat(e);
        if first + width(&flat) <= WIDTH {
            return vec![flat];
        }
        if let Some((head, rest)) = chain(e).as_deref().and_then(<[&Expr]>::split_first) {
            let mut out = self.lines(head, first, indent + 4);
            let mut previous = *head;
            for &operand in rest {
                let connector = self.between(previous.span.end, operand.span.start);
                previous = operand;
                let start = indent + width(&connector) + 1;
                let mut next = self.lines(operand, start, start).into_iter();
                let head = next.next().unwrap_or_default();
                out.push(format!("{}{connector} {head}", pad(indent)));
                out.extend(next);
            }
            return out;
        }
        match &e.node {
            ExprKind::Paren(inner) if flat.starts_with('(') => {
                let mut out = self.lines(inner, first + 1, first + 1);
                if let Some(head) = out.first_mut() {
                    head.insert(0, '(');
                }
                if let Some(last) = out.last_mut() {
                    last.push(')');
                }
                out
            }
            ExprKind::Unary(_, x) if flat.starts_with("not ") => {
                let mut out = self.lines(x, first + 4, indent);
                if let Some(head) = out.first_mut() {
                    head.insert_str(0, "not ");
                }
                out
            }
            _ => vec![flat],
        }
    }
}

/// The operands of an `or` chain, or of an `and` chain, left to right.
fn chain(e: &Expr) -> Option<Vec<&Expr>> {
    let ExprKind::Binary(op @ (BinaryOp::Or | BinaryOp::And), _, _) = &e.node else {
        return None;
    };
    let mut operands = Vec::new();
    collect(e, *op, &mut operands);
    Some(operands)
}

fn collect<'e>(e: &'e Expr, op: BinaryOp, out: &mut Vec<&'e Expr>) {
    match &e.node {
        ExprKind::Binary(o, l, r) if *o == op => {
            collect(l, op, out);
            collect(r, op, out);
        }
        _ => out.push(e),
    }
}

/// How many columns a line takes.
pub fn width(s: &str) -> usize {
    s.chars().count()
}

pub fn pad(n: usize) -> String {
    " ".repeat(n)
}
