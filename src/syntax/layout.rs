//! What the syntax tree leaves out and an editor needs: where each item and
//! each part of a clause sits, the quoted source lines and texts exactly as
//! written, and the comments. The formatter and the language server read it
//! beside the tree, so that neither has a parser of its own.

use pest::iterators::Pair;

use super::parser::{span_of, Rule};
use super::span::Span;

/// The places in a file that the tree does not keep, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    /// `policy NAME "title"`: the header up to its settings.
    pub header: Span,
    /// Each header setting (`currency USD`, `holiday ...`).
    pub settings: Vec<Span>,
    /// One entry per item of the tree, in the same order.
    pub items: Vec<ItemLayout>,
    /// Every comment, from its `#` to the end of its line (without the line
    /// break and trailing white space).
    pub comments: Vec<Span>,
    /// Every quoted text, its quotes included, as written (escapes kept).
    pub strings: Vec<Span>,
}

/// Where one item sits; for a clause, also each of its parts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemLayout {
    /// The whole item.
    pub span: Span,
    /// A clause's parts after its title, in file order; empty for others.
    pub parts: Vec<Part>,
}

/// One line-level part of a clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    /// What part it is.
    pub kind: PartKind,
    /// Where it is.
    pub span: Span,
}

/// The kinds of line-level part of a clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartKind {
    /// A quoted source line, from its `>` to the end of the line.
    Quote,
    /// `when CONDITION`
    When,
    /// `require CONDITION as LABEL`
    Require,
    /// `aside "..." : note`
    Aside,
    /// A consequence, with its condition and `otherwise` if any.
    Rule,
}

impl Layout {
    /// The quoted text that starts at `at`, if one does.
    pub fn string_at(&self, at: usize) -> Option<Span> {
        let i = self.strings.partition_point(|s| s.start < at);
        self.strings.get(i).copied().filter(|s| s.start == at)
    }

    /// The first quoted text that starts at or after `at` and ends by `end`.
    pub fn string_within(&self, at: usize, end: usize) -> Option<Span> {
        let i = self.strings.partition_point(|s| s.start < at);
        self.strings.get(i).copied().filter(|s| s.end <= end)
    }
}

/// The layout of a file pest has parsed (`file` is its `file` pair).
pub(super) fn layout(source: &str, file: Pair<'_, Rule>) -> Layout {
    let mut layout = Layout::default();
    let mut verbatim: Vec<Span> = Vec::new();
    for pair in file.clone().into_inner() {
        match pair.as_rule() {
            Rule::header => header(&mut layout, pair),
            Rule::EOI => {}
            Rule::clause => {
                let span = span_of(&pair);
                let parts = pair
                    .into_inner()
                    .filter_map(|p| {
                        let kind = match p.as_rule() {
                            Rule::quote => PartKind::Quote,
                            Rule::when => PartKind::When,
                            Rule::requirement => PartKind::Require,
                            Rule::aside => PartKind::Aside,
                            Rule::rule_line => PartKind::Rule,
                            _ => return None,
                        };
                        Some(Part {
                            kind,
                            span: span_of(&p),
                        })
                    })
                    .collect();
                layout.items.push(ItemLayout { span, parts });
            }
            _ => layout.items.push(ItemLayout {
                span: span_of(&pair),
                parts: vec![],
            }),
        }
    }
    for pair in file.into_inner().flatten() {
        match pair.as_rule() {
            Rule::string => layout.strings.push(span_of(&pair)),
            Rule::quote | Rule::aside_note => verbatim.push(span_of(&pair)),
            _ => {}
        }
    }
    layout.strings.sort_by_key(|s| s.start);
    verbatim.extend(layout.strings.iter().copied());
    verbatim.sort_by_key(|s| s.start);
    layout.comments = comments(source, &verbatim);
    // pest's span of a rule that ends in an optional or repeated part takes
    // in the white space and comments it skipped looking for more.
    let trim = |span: &mut Span| *span = trimmed(source, *span, &layout.comments);
    let mut header = layout.header;
    trim(&mut header);
    let mut settings = std::mem::take(&mut layout.settings);
    settings.iter_mut().for_each(trim);
    let mut items = std::mem::take(&mut layout.items);
    for item in &mut items {
        trim(&mut item.span);
        // A quoted line is kept to its last byte.
        item.parts
            .iter_mut()
            .filter(|p| p.kind != PartKind::Quote)
            .for_each(|p| trim(&mut p.span));
    }
    layout.header = header;
    layout.settings = settings;
    layout.items = items;
    layout
}

/// `span` without the white space and comments at its end.
fn trimmed(source: &str, span: Span, comments: &[Span]) -> Span {
    let mut end = span.end.min(source.len());
    loop {
        let text = source.get(span.start..end).unwrap_or("");
        let trimmed = span.start + text.trim_end().len();
        let i = comments.partition_point(|c| c.end < trimmed);
        match comments.get(i) {
            Some(c) if c.end == trimmed && c.start >= span.start && c.start < trimmed => {
                end = c.start
            }
            _ => return Span::new(span.start, trimmed),
        }
    }
}

fn header(layout: &mut Layout, pair: Pair<'_, Rule>) {
    let start = pair.as_span().start();
    let mut end = start;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::kw_policy | Rule::ident | Rule::string => end = part.as_span().end(),
            _ => layout.settings.push(span_of(&part)),
        }
    }
    layout.header = Span::new(start, end);
}

/// The comments of a file: every `#` outside the quoted texts and source
/// lines (`text`, sorted) starts one. pest has matched the file, so there is
/// no other place a `#` can be.
fn comments(source: &str, text: &[Span]) -> Vec<Span> {
    let mut found = Vec::new();
    let mut from = 0;
    let mut next_text = text.iter().peekable();
    while let Some(i) = source.get(from..).and_then(|s| s.find('#')) {
        let at = from + i;
        while next_text.peek().is_some_and(|t| t.end <= at) {
            next_text.next();
        }
        if let Some(t) = next_text.peek().filter(|t| t.start <= at) {
            from = t.end;
            continue;
        }
        let line_end = source[at..].find('\n').map_or(source.len(), |n| at + n);
        let end = at + source[at..line_end].trim_end().len();
        found.push(Span::new(at, end));
        from = line_end;
    }
    found
}
