//! Each kind of item laid out: the header, facts and outputs with their
//! descriptions in a column, definitions, assumptions, clauses, precedence.

use super::expr::{pad, width, Text, WIDTH};
use crate::syntax::ast::{
    Assumption, Clause, ConsequenceKind, Definition, Fact, Item, Output, TypeExpr, TypeKind,
};
use crate::syntax::layout::{ItemLayout, Layout, Part, PartKind};
use crate::syntax::Span;

/// Declarations longer than this put their description on the next line,
/// and do not push the column further right.
pub(super) const ALIGN_LIMIT: usize = 32;

pub(super) struct Items<'a> {
    pub text: Text<'a>,
    pub layout: &'a Layout,
}

/// An item's first line (before its description) and the description, for
/// lining descriptions up in a column.
pub(super) struct Head {
    pub lines: Vec<String>,
    pub doc: Option<String>,
    /// A description may share the head's last line (not after `naming`).
    pub doc_may_follow: bool,
}

impl Items<'_> {
    /// The quoted text, as written, that an item ends with.
    fn doc_text(&self, item: &ItemLayout, after: usize) -> Option<String> {
        self.layout
            .string_within(after, item.span.end)
            .filter(|s| s.end == item.span.end)
            .map(|s| s.text(self.text.src).to_string())
    }

    /// Facts, outputs and assumptions: the part before the description.
    pub fn head(&self, item: &Item, layout: &ItemLayout) -> Option<Head> {
        match item {
            Item::Fact(fact) => Some(self.fact(fact, layout)),
            Item::Output(output) => Some(self.output(output, layout)),
            Item::Assumption(assumption) => Some(self.assumption(assumption, layout)),
            _ => None,
        }
    }

    fn fact(&self, fact: &Fact, layout: &ItemLayout) -> Head {
        let intro = format!("fact {}: ", fact.name.node);
        let mut lines = self.type_lines(&fact.ty, width(&intro));
        if let Some(first) = lines.first_mut() {
            first.insert_str(0, &intro);
        }
        let doc = fact
            .doc
            .as_ref()
            .and_then(|_| self.doc_text(layout, fact.ty.span.end));
        Head {
            lines,
            doc,
            doc_may_follow: true,
        }
    }

    fn output(&self, output: &Output, layout: &ItemLayout) -> Head {
        let mut lines = vec![format!("output {}", output.name.node)];
        let mut end = output.name.span.end;
        if let Some(ty) = &output.ty {
            let head = lines.first().map_or(0, |l| width(l));
            let types = self.type_lines(ty, head + 2);
            append(&mut lines, ": ", types);
            end = ty.span.end;
        }
        if let Some(value) = &output.value {
            let at = last_width(&lines) + 3;
            append(&mut lines, " = ", self.text.lines(value, at, 4));
            end = value.span.end;
        }
        let doc = output.doc.as_ref().and_then(|_| self.doc_text(layout, end));
        Head {
            lines,
            doc,
            doc_may_follow: true,
        }
    }

    fn assumption(&self, a: &Assumption, layout: &ItemLayout) -> Head {
        let mut lines = vec!["assume ".to_string()];
        append(&mut lines, "", self.text.lines(&a.condition, 7, 4));
        let mut end = a.condition.span.end;
        if let (Some(first), Some(last)) = (a.naming.first(), a.naming.last()) {
            lines.push(format!(
                "  {}",
                self.text.between(
                    self.naming_start(a.condition.span.end, first.span),
                    last.span.end
                )
            ));
            end = last.span.end;
        }
        let doc = a.message.as_ref().and_then(|_| self.doc_text(layout, end));
        Head {
            lines,
            doc,
            doc_may_follow: a.naming.is_empty(),
        }
    }

    /// Where `naming` starts: the word before the first name.
    fn naming_start(&self, after: usize, first: Span) -> usize {
        let between = self.text.src.get(after..first.start).unwrap_or("");
        between.rfind("naming").map_or(first.start, |i| after + i)
    }

    /// A type; a long list of values wraps, each line lined up with the
    /// first value. `at` is the column it starts at.
    fn type_lines(&self, ty: &TypeExpr, at: usize) -> Vec<String> {
        let flat = self.text.words(ty.span);
        let variants = match &ty.kind {
            TypeKind::OneOf(v) | TypeKind::ListOf(v) => v,
            TypeKind::Named(_) => return vec![flat],
        };
        let Some(first) = variants.first().filter(|_| at + width(&flat) > WIDTH) else {
            return vec![flat];
        };
        let intro = self.text.between(ty.span.start, first.span.start);
        let column = at + width(&intro) + 1;
        let mut lines = Vec::new();
        let mut line = intro;
        let mut line_start = at;
        for (i, v) in variants.iter().enumerate() {
            let comma = if i + 1 < variants.len() { "," } else { "" };
            let word = format!("{}{comma}", v.node);
            if i > 0 && line_start + width(&line) + 1 + width(&word) > WIDTH {
                lines.push(std::mem::replace(
                    &mut line,
                    format!("{}{word}", pad(column)),
                ));
                line_start = 0;
            } else {
                line.push(' ');
                line.push_str(&word);
            }
        }
        lines.push(line);
        lines
    }

    pub fn definition(&self, d: &Definition, layout: &ItemLayout) -> Vec<String> {
        let intro = format!("define {} = ", d.name.node);
        let one = self.text.flat(&d.value);
        let mut lines = if width(&intro) + width(&one) <= WIDTH {
            vec![format!("{intro}{one}")]
        } else {
            let mut lines = vec![intro.trim_end().to_string()];
            let body = self.text.lines(&d.value, 4, 4);
            lines.extend(body.into_iter().enumerate().map(|(i, l)| {
                if i == 0 {
                    format!("    {l}")
                } else {
                    l
                }
            }));
            lines
        };
        if d.doc.is_some() {
            if let Some(doc) = self.doc_text(layout, d.value.span.end) {
                lines.push(format!("  {doc}"));
            }
        }
        lines
    }

    pub fn precedence(&self, layout: &ItemLayout) -> Vec<String> {
        vec![self.text.words(layout.span)]
    }

    /// `clause ID "title"`.
    pub fn clause_head(&self, clause: &Clause) -> String {
        let title = self
            .layout
            .string_at(
                self.text
                    .src
                    .get(clause.id.span.end..)
                    .and_then(|rest| rest.find('"'))
                    .map_or(0, |i| clause.id.span.end + i),
            )
            .map(|s| s.text(self.text.src).to_string())
            .unwrap_or_default();
        format!("clause {} {title}", clause.id.node)
    }

    /// One part of a clause, indented by two.
    pub fn part(&self, clause: &Clause, part: &Part) -> Vec<String> {
        match part.kind {
            PartKind::Quote => {
                let line = part.span.text(self.text.src);
                vec![format!("  {}", line.strip_suffix('\r').unwrap_or(line))]
            }
            PartKind::Aside => {
                match clause.asides.iter().find(|a| {
                    part.span.start < a.text.span.start && a.text.span.end <= part.span.end
                }) {
                    Some(aside) => vec![format!(
                        "  aside {}: {}",
                        aside.text.span.text(self.text.src),
                        aside.note
                    )],
                    None => vec![format!("  {}", self.text.words(part.span))],
                }
            }
            PartKind::When => match &clause.when {
                Some(when) => prefixed("  when ", self.text.lines(when, 7, 6)),
                None => vec![format!("  {}", self.text.words(part.span))],
            },
            PartKind::Require => match clause.requirements.iter().find(|r| {
                part.span.start < r.condition.span.start && r.label.span.end <= part.span.end
            }) {
                Some(r) => {
                    let cond = self.text.lines(&r.condition, 10, 6);
                    let mut lines = prefixed("  require ", cond);
                    if let Some(last) = lines.last_mut() {
                        last.push_str(&format!(" as {}", r.label.node));
                    }
                    lines
                }
                None => vec![format!("  {}", self.text.words(part.span))],
            },
            PartKind::Rule => match clause
                .rules
                .iter()
                .find(|r| r.then.span.start == part.span.start)
            {
                Some(rule) => self.rule(rule),
                None => vec![format!("  {}", self.text.words(part.span))],
            },
        }
    }

    fn consequence(&self, c: &crate::syntax::ast::Consequence) -> String {
        match &c.node {
            ConsequenceKind::Set(_, value) => {
                let verb = self.text.between(c.span.start, value.span.start);
                format!("{verb} {}", self.text.flat(value))
            }
            _ => self.text.words(c.span),
        }
    }

    fn rule(&self, rule: &crate::syntax::ast::Rule) -> Vec<String> {
        let then = self.consequence(&rule.then);
        let otherwise = rule
            .otherwise
            .as_ref()
            .map(|o| format!(", otherwise {}", self.consequence(o)))
            .unwrap_or_default();
        let Some(condition) = &rule.condition else {
            return vec![format!("  {then}{otherwise}")];
        };
        let flat = format!("  {then} if {}{otherwise}", self.text.flat(condition));
        if width(&flat) <= WIDTH {
            return vec![flat];
        }
        // The condition on a line of its own when it fits there, otherwise
        // beside the consequence and broken at its `or`s and `and`s.
        let alone = format!("    if {}{otherwise}", self.text.flat(condition));
        if width(&alone) <= WIDTH {
            return vec![format!("  {then}"), alone];
        }
        let head = format!("  {then} if ");
        let mut lines = prefixed(&head, self.text.lines(condition, width(&head), 6));
        if let Some(last) = lines.last_mut() {
            last.push_str(&otherwise);
        }
        lines
    }

    /// An item shown as it was written: its first line indented as `indent`,
    /// the others as they were, without trailing white space.
    pub fn verbatim(&self, span: Span, indent: usize) -> Vec<String> {
        span.text(self.text.src)
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    format!("{}{}", pad(indent), l.trim())
                } else {
                    l.trim_end().to_string()
                }
            })
            .collect()
    }
}

/// `lines` after `prefix` on the first line.
fn prefixed(prefix: &str, lines: Vec<String>) -> Vec<String> {
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| if i == 0 { format!("{prefix}{l}") } else { l })
        .collect()
}

/// `more` continuing the last of `lines`, after `joint`.
fn append(lines: &mut Vec<String>, joint: &str, more: Vec<String>) {
    let mut more = more.into_iter();
    if let (Some(last), Some(first)) = (lines.last_mut(), more.next()) {
        last.push_str(joint);
        last.push_str(&first);
    }
    lines.extend(more);
}

fn last_width(lines: &[String]) -> usize {
    lines.last().map_or(0, |l| width(l))
}
