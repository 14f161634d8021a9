//! `policy::quote_mismatch`: a clause's logic must still say what its quoted
//! paragraph says. The numbers the paragraph states (percentages, amounts,
//! periods, other numbers) are compared with the literals its logic uses,
//! through the definitions it reads; each one on only one side is a
//! warning. Zero, one and 100% are left out (`$0` as a floor, `>= 1` for
//! "one or more", `100% of paid` for "a full refund" are how logic is
//! written, not numbers a paragraph states), and an
//! `aside "TEXT": NOTE` line in the clause marks the numbers in TEXT as
//! differing on purpose.

mod extract;

use std::collections::{HashMap, HashSet};

use miette::{Diagnostic, SourceSpan};
use rust_decimal::Decimal;
use thiserror::Error;

use crate::syntax::ast::{Clause, Definition, DurationUnit, Expr, ExprKind, Item, PolicyFile};
use crate::syntax::layout::{Layout, PartKind};
use crate::syntax::{parse_with_layout, Span};

/// A number as the comparison sees it: periods in days or months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Amount {
    /// `50%`, `50 percent`, `half`.
    Percent(Decimal),
    /// `$69`, `69 dollars`.
    Money(Decimal),
    /// `15 days`, `2 weeks` (as 14 days).
    Days(Decimal),
    /// `5 business days`.
    BusinessDays(Decimal),
    /// `12 months`, `1 year` (as 12 months).
    Months(Decimal),
    /// A number without a unit.
    Number(Decimal),
}

impl Amount {
    fn value(self) -> Decimal {
        match self {
            Amount::Percent(d)
            | Amount::Money(d)
            | Amount::Days(d)
            | Amount::BusinessDays(d)
            | Amount::Months(d)
            | Amount::Number(d) => d,
        }
    }

    /// Zero anywhere, a bare one and 100%: how logic is written (a floor of
    /// `$0`, "one or more" as `>= 1`, "a full refund" as `100% of paid`),
    /// not numbers a paragraph has to state.
    fn is_structural(self) -> bool {
        self.value().is_zero()
            || matches!(self, Amount::Number(d) if d == Decimal::ONE)
            || matches!(self, Amount::Percent(d) if d == Decimal::ONE_HUNDRED)
    }

    /// The same number; a bare number meets any number of its value.
    fn meets(self, other: Amount) -> bool {
        let bare = matches!(self, Amount::Number(_)) || matches!(other, Amount::Number(_));
        self.value() == other.value()
            && (bare || std::mem::discriminant(&self) == std::mem::discriminant(&other))
    }

    fn same_kind(self, other: Amount) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }
}

const ASIDE_HELP: &str =
    "if they differ on purpose, say why in the clause with a line `aside \"30 days\": ` and the reason";

/// A clause whose quoted paragraph and logic state different numbers.
#[derive(Clone, Debug, Error, Diagnostic, PartialEq)]
pub enum QuoteMismatch {
    /// The paragraph says one number and the logic uses another of the
    /// same kind.
    #[error("the quoted paragraph of `{clause}` says {stated}, but its logic uses {used}")]
    #[diagnostic(
        code(policy::quote_mismatch),
        severity(Warning),
        help("one of the two is out of date: make them agree; {aside}")
    )]
    Differs {
        /// The clause's id.
        clause: String,
        /// What the paragraph says.
        stated: String,
        /// What the logic uses.
        used: String,
        /// How to say it is on purpose.
        aside: String,
        /// Where the paragraph says it.
        #[label("the paragraph says {stated}")]
        stated_span: SourceSpan,
        /// Where the logic uses it.
        #[label("the logic uses {used}")]
        used_span: SourceSpan,
    },

    /// The paragraph states a number the logic never uses.
    #[error("the quoted paragraph of `{clause}` says {stated}, but its logic never uses it")]
    #[diagnostic(
        code(policy::quote_mismatch),
        severity(Warning),
        help("encode it in the clause, or: {aside}")
    )]
    Unused {
        /// The clause's id.
        clause: String,
        /// What the paragraph says.
        stated: String,
        /// How to say it is on purpose.
        aside: String,
        /// Where the paragraph says it.
        #[label("not in the logic")]
        span: SourceSpan,
    },

    /// The logic uses a number the paragraph never states.
    #[error("clause `{clause}` uses {used}, which its quoted paragraph never says")]
    #[diagnostic(
        code(policy::quote_mismatch),
        severity(Warning),
        help("check it against the paragraph, or: {aside}")
    )]
    Unstated {
        /// The clause's id.
        clause: String,
        /// What the logic uses.
        used: String,
        /// How to say it is on purpose.
        aside: String,
        /// Where the logic uses it.
        #[label("not in the quoted paragraph")]
        span: SourceSpan,
    },
}

/// The quote checks of a policy's text; nothing when it does not parse
/// (the syntax errors say why).
pub fn check_source(source: &str) -> Vec<QuoteMismatch> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    match parse_with_layout(source) {
        Ok((tree, layout)) => check(&tree, &layout, source),
        Err(_) => vec![],
    }
}

/// Every clause whose quoted paragraph and logic disagree on a number.
pub fn check(tree: &PolicyFile, layout: &Layout, source: &str) -> Vec<QuoteMismatch> {
    let definitions: HashMap<&str, &Definition> = tree
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Definition(d) => Some((d.name.node.as_str(), d)),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for (item, place) in tree.items.iter().zip(&layout.items) {
        let Item::Clause(clause) = item else {
            continue;
        };
        let quote: Vec<Span> = place
            .parts
            .iter()
            .filter(|p| p.kind == PartKind::Quote)
            .map(|p| p.span)
            .collect();
        if quote.is_empty() {
            continue;
        }
        let exempt: Vec<Amount> = clause
            .asides
            .iter()
            .flat_map(|a| extract::stated(&a.text.node))
            .map(|s| s.amount)
            .collect();
        let free = |a: &Amount| !a.is_structural() && !exempt.iter().any(|e| e.meets(*a));
        let stated: Vec<(Amount, Span)> = stated_in(source, &quote)
            .into_iter()
            .filter(|(a, _)| free(a))
            .collect();
        let used: Vec<(Amount, Span)> = used_by(clause, &definitions)
            .into_iter()
            .filter(|(a, _)| free(a))
            .collect();
        compare(clause, source, &stated, &used, &mut out);
    }
    out
}

fn compare(
    clause: &Clause,
    source: &str,
    stated: &[(Amount, Span)],
    used: &[(Amount, Span)],
    out: &mut Vec<QuoteMismatch>,
) {
    let lonely = |these: &[(Amount, Span)], others: &[(Amount, Span)]| {
        let mut seen: Vec<Amount> = Vec::new();
        these
            .iter()
            .filter(|(a, _)| !others.iter().any(|(o, _)| o.meets(*a)))
            .filter(|(a, _)| {
                let new = !seen.contains(a);
                seen.push(*a);
                new
            })
            .copied()
            .collect::<Vec<_>>()
    };
    let unused = lonely(stated, used);
    let mut unstated = lonely(used, stated);
    let words = |span: Span| {
        let text = span
            .text(source)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        format!("`{}`", text.trim_start_matches('>').trim())
    };
    let clause_id = clause.id.node.clone();
    for (amount, span) in unused {
        let aside = aside_help(&words(span));
        match unstated.iter().position(|(u, _)| u.same_kind(amount)) {
            Some(k) => {
                let (_, used_span) = unstated.remove(k);
                out.push(QuoteMismatch::Differs {
                    clause: clause_id.clone(),
                    stated: words(span),
                    used: words(used_span),
                    aside,
                    stated_span: span.into(),
                    used_span: used_span.into(),
                });
            }
            None => out.push(QuoteMismatch::Unused {
                clause: clause_id.clone(),
                stated: words(span),
                aside,
                span: span.into(),
            }),
        }
    }
    for (_, span) in unstated {
        out.push(QuoteMismatch::Unstated {
            clause: clause_id.clone(),
            used: words(span),
            aside: aside_help(&words(span)),
            span: span.into(),
        });
    }
}

fn aside_help(words: &str) -> String {
    let text = words.trim_matches('`').replace('"', "\\\"");
    ASIDE_HELP.replace("30 days", &text)
}

/// The numbers the quoted lines state, with their places in the file.
fn stated_in(source: &str, lines: &[Span]) -> Vec<(Amount, Span)> {
    // The lines joined by one space, remembering where each piece came from.
    let mut text = String::new();
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    for line in lines {
        let raw = line.text(source);
        let body = raw.strip_prefix('>').unwrap_or(raw);
        let body_start = line.start + (raw.len() - body.len());
        if !text.is_empty() {
            text.push(' ');
        }
        pieces.push((text.len(), body_start));
        text.push_str(body.trim_end_matches('\r'));
    }
    let place = |at: usize| {
        let k = pieces
            .partition_point(|(joined, _)| *joined <= at)
            .saturating_sub(1);
        pieces
            .get(k)
            .map_or(at, |(joined, start)| start + (at - joined))
    };
    extract::stated(&text)
        .into_iter()
        .map(|s| (s.amount, Span::new(place(s.start), place(s.end - 1) + 1)))
        .collect()
}

/// The literals a clause's logic uses, through the definitions it reads.
fn used_by(clause: &Clause, definitions: &HashMap<&str, &Definition>) -> Vec<(Amount, Span)> {
    let mut out = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut todo: Vec<&Expr> = clause.expressions();
    while let Some(expr) = todo.pop() {
        expr.walk(&mut |e| match &e.node {
            ExprKind::Name(name) => {
                if let Some(d) = definitions.get(name.as_str()) {
                    if seen.insert(d.name.node.as_str()) {
                        todo.push(&d.value);
                    }
                }
            }
            _ => out.extend(literal(e).map(|a| (a, e.span))),
        });
    }
    out.sort_by_key(|(_, span)| span.start);
    out
}

fn literal(e: &Expr) -> Option<Amount> {
    Some(match &e.node {
        ExprKind::Percent(d) => Amount::Percent(*d),
        ExprKind::Money(d, _) => Amount::Money(*d),
        ExprKind::Integer(n) => Amount::Number(Decimal::from(*n)),
        ExprKind::Number(d) => Amount::Number(*d),
        ExprKind::Duration(n, unit) => {
            let n = Decimal::from(*n);
            match unit {
                DurationUnit::Days => Amount::Days(n),
                DurationUnit::Weeks => Amount::Days(n * Decimal::from(7)),
                DurationUnit::BusinessDays => Amount::BusinessDays(n),
                DurationUnit::Months => Amount::Months(n),
                DurationUnit::Years => Amount::Months(n * Decimal::from(12)),
            }
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
