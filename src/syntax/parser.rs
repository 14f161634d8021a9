//! Text -> pest pairs -> the syntax tree. pest's `Rule` and `Pair` stay in this
//! module and its `expr` child; nothing outside `syntax` sees them.

use std::cell::RefCell;
use std::str::FromStr;

use chrono::{NaiveDate, Weekday};
use pest::iterators::{Pair, Pairs};

use pest::Parser as _;
use rust_decimal::Decimal;

use super::ast::*;
use super::error::ParseError;
use super::expected::syntax_error;
use super::layout::Layout;
use super::span::{Ident, Span, Spanned};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/policy.pest"]
pub(super) struct PolicyParser;

/// The largest policy file we read: far beyond any real policy, small enough
/// that no input can exhaust memory or time.
pub const MAX_SOURCE_BYTES: usize = 8 * 1024 * 1024;

/// Parse a whole policy file. Syntax errors stop at the first (PEG parsing
/// cannot resynchronise usefully); errors in literals are all collected.
pub fn parse(source: &str) -> Result<PolicyFile, Vec<ParseError>> {
    parse_file(source, false).map(|(file, _)| file)
}

/// Parse a whole policy file, and say where its items, clause parts, quoted
/// texts and comments are (for the formatter and the language server).
pub fn parse_with_layout(source: &str) -> Result<(PolicyFile, Layout), Vec<ParseError>> {
    parse_file(source, true)
}

fn parse_file(source: &str, with_layout: bool) -> Result<(PolicyFile, Layout), Vec<ParseError>> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(vec![ParseError::TooLarge {
            limit: MAX_SOURCE_BYTES,
        }]);
    }
    super::limits::check(source).map_err(|e| vec![e])?;
    let mut pairs =
        PolicyParser::parse(Rule::file, source).map_err(|e| vec![syntax_error(source, e)])?;
    let lower = Lower::default();
    let file = pairs
        .next()
        .ok_or_else(|| internal("no file", Span::default()));
    let layout = match &file {
        Ok(pair) if with_layout => super::layout::layout(source, pair.clone()),
        _ => Layout::default(),
    };
    let file = file.and_then(|file| lower.file(file));
    let mut errors = lower.errors.into_inner();
    match file {
        Ok(file) if errors.is_empty() => Ok((file, layout)),
        Ok(_) => Err(errors),
        Err(e) => {
            errors.push(e);
            Err(errors)
        }
    }
}

/// Parse one expression on its own, as typed in the REPL.
pub fn parse_expression(source: &str) -> Result<Expr, Vec<ParseError>> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(vec![ParseError::TooLarge {
            limit: MAX_SOURCE_BYTES,
        }]);
    }
    super::limits::check(source).map_err(|e| vec![e])?;
    let mut pairs = PolicyParser::parse(Rule::expression_input, source)
        .map_err(|e| vec![syntax_error(source, e)])?;
    let lower = Lower::default();
    let expr = pairs
        .next()
        .and_then(|input| input.into_inner().next())
        .ok_or_else(|| internal("no expression", Span::default()))
        .and_then(|e| lower.expr(e));
    let mut errors = lower.errors.into_inner();
    match expr {
        Ok(e) if errors.is_empty() => Ok(e),
        Ok(_) => Err(errors),
        Err(e) => {
            errors.push(e);
            Err(errors)
        }
    }
}

pub(super) fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.end())
}

pub(super) fn internal(what: &str, span: Span) -> ParseError {
    ParseError::Internal {
        what: what.to_string(),
        span: span.into(),
    }
}

pub(super) type PResult<T> = Result<T, ParseError>;

/// Lowering from pairs to the tree; errors in literals are collected here so a
/// file with several bad dates reports them all.
#[derive(Default)]
pub(super) struct Lower {
    pub errors: RefCell<Vec<ParseError>>,
}

/// The next child pair, which the grammar guarantees.
pub(super) fn next<'i>(
    pairs: &mut impl Iterator<Item = Pair<'i, Rule>>,
    parent: Span,
) -> PResult<Pair<'i, Rule>> {
    pairs
        .next()
        .ok_or_else(|| internal("a missing part", parent))
}

/// The children that are not keywords.
pub(super) fn parts(pair: Pair<'_, Rule>) -> Pairs<'_, Rule> {
    pair.into_inner()
}

pub(super) fn is_keyword(rule: Rule) -> bool {
    format!("{rule:?}").starts_with("kw_")
}

/// Children without keyword tokens, which carry no information once matched.
pub(super) fn content(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner().filter(|p| !is_keyword(p.as_rule()))
}

impl Lower {
    fn file(&self, pair: Pair<'_, Rule>) -> PResult<PolicyFile> {
        let span = span_of(&pair);
        let mut inner = parts(pair);
        let header = next(&mut inner, span)?;
        let (name, title, settings) = self.header(header)?;
        let mut items = Vec::new();
        for item in inner {
            if item.as_rule() == Rule::EOI {
                break;
            }
            items.push(self.item(item)?);
        }
        Ok(PolicyFile {
            name,
            title,
            settings,
            items,
        })
    }

    fn header(
        &self,
        pair: Pair<'_, Rule>,
    ) -> PResult<(Ident, Option<String>, Vec<Spanned<Setting>>)> {
        let span = span_of(&pair);
        let mut inner = content(pair).peekable();
        let name = ident(inner.next().ok_or_else(|| internal("policy name", span))?);
        let title = match inner.peek() {
            Some(p) if p.as_rule() == Rule::string => inner.next().map(|p| string(&p)),
            _ => None,
        };
        let mut settings = Vec::new();
        for setting in inner {
            let span = span_of(&setting);
            if let Some(s) = self.setting(setting)? {
                settings.push(Spanned::new(s, span));
            }
        }
        Ok((name, title, settings))
    }

    fn setting(&self, pair: Pair<'_, Rule>) -> PResult<Option<Setting>> {
        let span = span_of(&pair);
        let rule = pair.as_rule();
        let mut inner = content(pair);
        Ok(Some(match rule {
            Rule::currency => {
                Setting::Currency(next_content(&mut inner, span)?.as_str().to_string())
            }
            Rule::rounding => {
                let mode = next_content(&mut inner, span)?;
                let mode = match content(mode).next().map(|p| p.as_rule()) {
                    Some(Rule::half_away) => RoundingMode::HalfAwayFromZero,
                    Some(Rule::half_even) => RoundingMode::HalfEven,
                    Some(Rule::half_toward) => RoundingMode::HalfTowardZero,
                    Some(Rule::round_up) => RoundingMode::AwayFromZero,
                    _ => RoundingMode::TowardZero,
                };
                let precision = next_content(&mut inner, span)?;
                let places = match content(precision).next() {
                    Some(p) if p.as_rule() == Rule::places => {
                        let digits = content(p).next().ok_or_else(|| internal("places", span))?;
                        match digits.as_str().parse::<u32>() {
                            Ok(n) if n <= 20 => n,
                            _ => {
                                self.errors.borrow_mut().push(ParseError::NumberTooLarge {
                                    text: digits.as_str().to_string(),
                                    span: span_of(&digits).into(),
                                });
                                2
                            }
                        }
                    }
                    Some(p) if p.as_rule() == Rule::whole_units => 0,
                    _ => 2,
                };
                Setting::Rounding(mode, places)
            }
            Rule::business_days => {
                let days = next_content(&mut inner, span)?;
                let range = days.as_rule() == Rule::weekday_range;
                let listed: Vec<Weekday> = content(days)
                    .filter_map(|d| d.as_str().parse().ok())
                    .collect();
                match (range, listed.as_slice()) {
                    (true, [from, to]) => {
                        let mut all = vec![*from];
                        let mut day = *from;
                        while day != *to {
                            day = day.succ();
                            all.push(day);
                        }
                        Setting::BusinessDays(all)
                    }
                    _ => Setting::BusinessDays(listed),
                }
            }
            Rule::holiday => {
                let date = next_content(&mut inner, span)?;
                let Some(day) = self.date(&date) else {
                    return Ok(None);
                };
                Setting::Holiday(day, inner.next().map(|p| string(&p)))
            }
            Rule::short_months => match next_content(&mut inner, span)?.as_rule() {
                Rule::month_last_day => Setting::ShortMonths(ShortMonths::LastDay),
                _ => Setting::ShortMonths(ShortMonths::FirstDayOfNextMonth),
            },
            _ => return Err(internal("a setting", span)),
        }))
    }

    fn item(&self, pair: Pair<'_, Rule>) -> PResult<Item> {
        let span = span_of(&pair);
        let rule = pair.as_rule();
        let mut inner = content(pair).peekable();
        match rule {
            Rule::fact => {
                let name = ident(inner.next().ok_or_else(|| internal("fact name", span))?);
                let ty =
                    self.type_expr(inner.next().ok_or_else(|| internal("fact type", span))?)?;
                let doc = inner.next().map(|p| string(&p));
                Ok(Item::Fact(Fact { name, ty, doc }))
            }
            Rule::definition => {
                let name = ident(
                    inner
                        .next()
                        .ok_or_else(|| internal("definition name", span))?,
                );
                let value = self.expr(inner.next().ok_or_else(|| internal("definition", span))?)?;
                let doc = inner.next().map(|p| string(&p));
                Ok(Item::Definition(Definition { name, value, doc }))
            }
            Rule::assumption => {
                let condition =
                    self.expr(inner.next().ok_or_else(|| internal("assumption", span))?)?;
                let mut naming = Vec::new();
                let mut message = None;
                for p in inner {
                    match p.as_rule() {
                        Rule::blame => naming = content(p).map(ident).collect(),
                        _ => message = Some(string(&p)),
                    }
                }
                Ok(Item::Assumption(Assumption {
                    condition,
                    naming,
                    message,
                    span,
                }))
            }
            Rule::output => {
                let name = ident(inner.next().ok_or_else(|| internal("output name", span))?);
                let mut output = Output {
                    name,
                    ty: None,
                    value: None,
                    doc: None,
                };
                for p in inner {
                    match p.as_rule() {
                        Rule::type_expr => output.ty = Some(self.type_expr(p)?),
                        Rule::expr => output.value = Some(self.expr(p)?),
                        _ => output.doc = Some(string(&p)),
                    }
                }
                Ok(Item::Output(output))
            }
            Rule::clause => self.clause(span, inner).map(Item::Clause),
            Rule::precedence => Ok(Item::Precedence(Precedence {
                order: inner.map(ident).collect(),
            })),
            _ => Err(internal("an item", span)),
        }
    }

    fn clause<'i>(
        &self,
        span: Span,
        mut inner: impl Iterator<Item = Pair<'i, Rule>>,
    ) -> PResult<Clause> {
        let id = ident(inner.next().ok_or_else(|| internal("clause id", span))?);
        let title = string(&inner.next().ok_or_else(|| internal("clause title", span))?);
        let mut clause = Clause {
            id,
            title,
            quote: vec![],
            when: None,
            rules: vec![],
            requirements: vec![],
            asides: vec![],
            span,
        };
        for p in inner {
            let part_span = span_of(&p);
            match p.as_rule() {
                Rule::quote => clause
                    .quote
                    .push(p.as_str().trim_start_matches('>').trim().to_string()),
                Rule::when => {
                    let cond = content(p)
                        .next()
                        .ok_or_else(|| internal("when", part_span))?;
                    clause.when = Some(self.expr(cond)?);
                }
                Rule::requirement => {
                    let mut parts = content(p);
                    let condition = self.expr(next(&mut parts, part_span)?)?;
                    let label = ident(next(&mut parts, part_span)?);
                    clause.requirements.push(Requirement { condition, label });
                }
                Rule::aside => {
                    let mut parts = content(p);
                    let text = next(&mut parts, part_span)?;
                    let note = next(&mut parts, part_span)?;
                    clause.asides.push(Aside {
                        text: Spanned::new(string(&text), span_of(&text)),
                        note: note.as_str().trim().to_string(),
                    });
                }
                Rule::rule_line => clause.rules.push(self.rule(p)?),
                _ => return Err(internal("a clause statement", part_span)),
            }
        }
        Ok(clause)
    }

    fn rule(&self, pair: Pair<'_, Rule>) -> PResult<Rule_> {
        let span = span_of(&pair);
        let mut parts = content(pair);
        let then = self.consequence(next(&mut parts, span)?)?;
        let condition = parts.next().map(|c| self.expr(c)).transpose()?;
        let otherwise = match parts.next() {
            Some(o) => {
                let o_span = span_of(&o);
                Some(
                    self.consequence(
                        content(o)
                            .next()
                            .ok_or_else(|| internal("otherwise", o_span))?,
                    )?,
                )
            }
            None => None,
        };
        Ok(Rule_ {
            then,
            condition,
            otherwise,
        })
    }

    fn consequence(&self, pair: Pair<'_, Rule>) -> PResult<Consequence> {
        let span = span_of(&pair);
        let inner = content(pair)
            .next()
            .ok_or_else(|| internal("consequence", span))?;
        let kind = match inner.as_rule() {
            Rule::permit => ConsequenceKind::Permit,
            Rule::forbid => ConsequenceKind::Forbid,
            _ => {
                let mut parts = content(inner);
                let output = ident(next(&mut parts, span)?);
                let value = self.expr(next(&mut parts, span)?)?;
                ConsequenceKind::Set(output, value)
            }
        };
        Ok(Spanned::new(kind, span))
    }

    fn type_expr(&self, pair: Pair<'_, Rule>) -> PResult<TypeExpr> {
        let span = span_of(&pair);
        let mut inner = content(pair).peekable();
        let optional = next_if_rule(&mut inner, Rule::optional);
        let kind_pair = inner.next().ok_or_else(|| internal("type", span))?;
        let kind = match kind_pair.as_rule() {
            Rule::one_of_type => TypeKind::OneOf(variants(kind_pair)),
            Rule::list_of_type => TypeKind::ListOf(variants(kind_pair)),
            _ => TypeKind::Named(ident(
                content(kind_pair)
                    .next()
                    .ok_or_else(|| internal("type name", span))?,
            )),
        };
        Ok(TypeExpr {
            optional,
            kind,
            span,
        })
    }

    pub(super) fn date(&self, pair: &Pair<'_, Rule>) -> Option<NaiveDate> {
        match NaiveDate::from_str(pair.as_str()) {
            Ok(d) => Some(d),
            Err(_) => {
                self.errors.borrow_mut().push(ParseError::BadDate {
                    text: pair.as_str().to_string(),
                    span: span_of(pair).into(),
                });
                None
            }
        }
    }

    pub(super) fn decimal(&self, pair: &Pair<'_, Rule>) -> Decimal {
        let text: String = pair.as_str().chars().filter(|c| *c != ',').collect();
        Decimal::from_str_exact(&text).unwrap_or_else(|_| {
            self.errors.borrow_mut().push(ParseError::NumberTooLarge {
                text: pair.as_str().to_string(),
                span: span_of(pair).into(),
            });
            Decimal::ZERO
        })
    }

    pub(super) fn integer(&self, pair: &Pair<'_, Rule>) -> i64 {
        pair.as_str().parse().unwrap_or_else(|_| {
            self.errors.borrow_mut().push(ParseError::NumberTooLarge {
                text: pair.as_str().to_string(),
                span: span_of(pair).into(),
            });
            0
        })
    }
}

/// `Rule` is also pest's enum name, so the AST's rule type goes by another.
type Rule_ = super::ast::Rule;

fn next_content<'i>(
    inner: &mut impl Iterator<Item = Pair<'i, Rule>>,
    span: Span,
) -> PResult<Pair<'i, Rule>> {
    inner.next().ok_or_else(|| internal("a missing part", span))
}

fn next_if_rule<'i>(
    inner: &mut std::iter::Peekable<impl Iterator<Item = Pair<'i, Rule>>>,
    wanted: Rule,
) -> bool {
    if inner.peek().is_some_and(|p| p.as_rule() == wanted) {
        inner.next();
        true
    } else {
        false
    }
}

fn variants(pair: Pair<'_, Rule>) -> Vec<Ident> {
    content(pair).flat_map(|v| content(v).map(ident)).collect()
}

pub(super) fn ident(pair: Pair<'_, Rule>) -> Ident {
    Spanned::new(pair.as_str().to_string(), span_of(&pair))
}

/// A string literal's text with its escapes undone.
pub(super) fn string(pair: &Pair<'_, Rule>) -> String {
    let raw = pair.as_str();
    let inner = raw
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(raw);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}
