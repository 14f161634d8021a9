//! `policy fmt`: the one layout of a policy file.
//!
//! It works from the parsed file (the tree and its [`Layout`]): the header
//! and one setting a line; facts, outputs and assumptions with their
//! descriptions lined up in a column; definitions; clauses with their quoted
//! lines exactly as written; expressions too wide for a line broken before
//! `or`, then `and`. Words are never changed, only the space between them,
//! and items keep their order. Comments stay where they stand: above the
//! line they precede, or at the end of the line they follow; an item with a
//! comment inside it is kept as written. Formatting twice gives the same
//! text as formatting once.

// The formatter landed after the [lints] table: its tables, indexed by
// ids it makes itself, still index unchecked. Converting them is left to its
// owner; every other library module keeps to the lint.
#![allow(clippy::indexing_slicing)]

mod expr;
mod items;

use crate::syntax::ast::{Item, PolicyFile};
use crate::syntax::layout::{ItemLayout, Layout};
use crate::syntax::{parse_with_layout, ParseError, Span};

pub use expr::WIDTH;
use expr::{pad, width, Text};
use items::{Head, Items, ALIGN_LIMIT};

/// The policy laid out the one way, or why it cannot be read.
pub fn format(source: &str) -> Result<String, Vec<ParseError>> {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    let (tree, layout) = parse_with_layout(text)?;
    Ok(Formatter::new(text, &tree, &layout).run())
}

/// What a line-level piece of the file belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Owner {
    Header,
    Setting,
    /// An item other than a clause (its index).
    Item(usize),
    /// `clause ID "title"` of the clause at this index.
    Head(usize),
    /// A part of the clause at this index.
    Part(usize, usize),
}

#[derive(Clone, Copy, Debug)]
struct Unit {
    span: Span,
    owner: Owner,
}

impl Unit {
    /// The top-level group it belongs to: 0 for the header, 1 + item index.
    fn group(self) -> usize {
        match self.owner {
            Owner::Header | Owner::Setting => 0,
            Owner::Item(i) | Owner::Head(i) | Owner::Part(i, _) => i + 1,
        }
    }

    fn indent(self) -> usize {
        match self.owner {
            Owner::Setting | Owner::Part(..) => 2,
            _ => 0,
        }
    }
}

/// Where each comment goes.
#[derive(Default)]
struct Notes {
    /// Own-line comments just above each unit.
    leading: Vec<Vec<Span>>,
    /// The comment at the end of each unit's last line.
    trailing: Vec<Option<Span>>,
    /// Units with a comment inside them: kept as written.
    inside: Vec<bool>,
    /// Indented comments just below a clause or the header, per group.
    below: Vec<Vec<Span>>,
    /// Comments after everything.
    end: Vec<Span>,
}

struct Formatter<'a> {
    src: &'a str,
    tree: &'a PolicyFile,
    layout: &'a Layout,
    items: Items<'a>,
    units: Vec<Unit>,
    notes: Notes,
}

impl<'a> Formatter<'a> {
    fn new(src: &'a str, tree: &'a PolicyFile, layout: &'a Layout) -> Self {
        let units = units(tree, layout);
        let items = Items {
            text: Text {
                src,
                strings: &layout.strings,
            },
            layout,
        };
        let mut f = Formatter {
            src,
            tree,
            layout,
            items,
            units,
            notes: Notes::default(),
        };
        f.place_comments();
        f
    }

    fn place_comments(&mut self) {
        let n = self.units.len();
        let groups = self.tree.items.len() + 1;
        let mut notes = Notes {
            leading: vec![Vec::new(); n],
            trailing: vec![None; n],
            inside: vec![false; n],
            below: vec![Vec::new(); groups],
            end: Vec::new(),
        };
        // Where the last thing placed below a group ended, to see whether a
        // blank line separates the next comment from it.
        let mut below_end: Option<(usize, usize)> = None;
        for &c in &self.layout.comments {
            let after = self.units.partition_point(|u| u.span.start < c.start);
            if let Some(u) = after
                .checked_sub(1)
                .filter(|&u| self.units[u].span.end > c.start)
            {
                notes.inside[u] = true;
                continue;
            }
            let prev = after.checked_sub(1);
            if let Some(p) = prev {
                let gap = self.src.get(self.units[p].span.end..c.start).unwrap_or("");
                if !gap.contains('\n') {
                    notes.trailing[p] = Some(c);
                    below_end = None;
                    continue;
                }
            }
            let next = self.units.get(after).copied();
            if let Some(p) = prev.map(|p| self.units[p]) {
                let inner = matches!(p.owner, Owner::Setting | Owner::Part(..));
                let leaves = next.is_none_or(|n| n.group() != p.group());
                let from = match below_end {
                    Some((group, end)) if group == p.group() => end,
                    _ => self.end_of(prev.unwrap_or(0), &notes),
                };
                let indented = self.column(c.start) > 0;
                if inner && leaves && indented && !self.blank_between(from, c.start) {
                    notes.below[p.group()].push(c);
                    below_end = Some((p.group(), c.end));
                    continue;
                }
            }
            below_end = None;
            match next {
                Some(_) => notes.leading[after].push(c),
                None => notes.end.push(c),
            }
        }
        self.notes = notes;
    }

    /// Where unit `u` ends, its trailing comment included.
    fn end_of(&self, u: usize, notes: &Notes) -> usize {
        notes
            .trailing
            .get(u)
            .copied()
            .flatten()
            .map_or(self.units.get(u).map_or(0, |u| u.span.end), |c| c.end)
    }

    fn column(&self, at: usize) -> usize {
        let line_start = self.src[..at].rfind('\n').map_or(0, |i| i + 1);
        at - line_start
    }

    /// Whether an empty line lies between two places.
    fn blank_between(&self, from: usize, to: usize) -> bool {
        self.src
            .get(from.min(to)..to)
            .is_some_and(|s| s.matches('\n').count() >= 2)
    }

    fn run(&self) -> String {
        let groups = self.groups();
        let mut out: Vec<String> = Vec::new();
        let mut last_end: Option<usize> = None;
        let blanks = self.blank_before(&groups);
        let columns = self.columns(&groups, &blanks);
        for (g, units) in groups.iter().enumerate() {
            let Some(&first) = units.first() else {
                continue;
            };
            let mut first_line = true;
            for &c in &self.notes.leading[first] {
                let blank = if first_line {
                    blanks[g]
                } else {
                    self.blank_between(last_end.unwrap_or(0), c.start)
                };
                push_blank(&mut out, blank && last_end.is_some());
                out.push(format!(
                    "{}{}",
                    pad(self.units[first].indent()),
                    c.text(self.src)
                ));
                last_end = Some(c.end);
                first_line = false;
            }
            let blank = if first_line {
                blanks[g]
            } else {
                self.blank_between(last_end.unwrap_or(0), self.units[first].span.start)
            };
            push_blank(&mut out, blank && last_end.is_some());
            for (k, &u) in units.iter().enumerate() {
                if k > 0 {
                    for &c in &self.notes.leading[u] {
                        out.push(format!(
                            "{}{}",
                            pad(self.units[u].indent()),
                            c.text(self.src)
                        ));
                    }
                }
                let mut lines = self.unit_lines(u, columns[g]);
                if let (Some(c), Some(last)) = (self.notes.trailing[u], lines.last_mut()) {
                    last.push_str("  ");
                    last.push_str(c.text(self.src));
                }
                out.extend(lines);
                last_end = Some(self.end_of(u, &self.notes));
            }
            for &c in &self.notes.below[g] {
                out.push(format!("  {}", c.text(self.src)));
                last_end = Some(c.end);
            }
        }
        for &c in &self.notes.end {
            let blank = self.blank_between(last_end.unwrap_or(0), c.start);
            push_blank(&mut out, blank && last_end.is_some());
            out.push(c.text(self.src).to_string());
            last_end = Some(c.end);
        }
        let mut text = out.join("\n");
        text.push('\n');
        text
    }

    /// The units of each group: the header's, then each item's.
    fn groups(&self) -> Vec<Vec<usize>> {
        let mut groups = vec![Vec::new(); self.tree.items.len() + 1];
        for (i, u) in self.units.iter().enumerate() {
            groups[u.group()].push(i);
        }
        groups
    }

    /// Whether an empty line comes before each group: where the source has
    /// one, and always after the header, around clauses and precedence, and
    /// where one kind of item gives way to another.
    fn blank_before(&self, groups: &[Vec<usize>]) -> Vec<bool> {
        let mut blanks = vec![false; groups.len()];
        for g in 1..groups.len() {
            let item = &self.tree.items[g - 1];
            let forced = g == 1
                || matches!(item, Item::Clause(_) | Item::Precedence(_))
                || kind(item) != kind(&self.tree.items[g - 2]);
            let start = groups[g].first().map_or(0, |&u| {
                self.notes.leading[u]
                    .first()
                    .map_or(self.units[u].span.start, |c| c.start)
            });
            let end = self.group_end(&groups[g - 1], g - 1);
            blanks[g] = forced || self.blank_between(end, start);
        }
        blanks
    }

    fn group_end(&self, units: &[usize], g: usize) -> usize {
        let last = units.last().map_or(0, |&u| self.end_of(u, &self.notes));
        self.notes.below[g].last().map_or(last, |c| c.end.max(last))
    }

    /// The column descriptions line up at, per group (0: none). A run is a
    /// stretch of facts, outputs or assumptions with no empty line between.
    fn columns(&self, groups: &[Vec<usize>], blanks: &[bool]) -> Vec<(usize, usize)> {
        let mut columns = vec![(0, 2); groups.len()];
        let mut g = 1;
        while g < groups.len() {
            let k = kind(&self.tree.items[g - 1]);
            let mut end = g + 1;
            while end < groups.len() && !blanks[end] && kind(&self.tree.items[end - 1]) == k {
                end += 1;
            }
            let heads: Vec<Head> = (g..end).filter_map(|h| self.head(h)).collect();
            let short = heads
                .iter()
                .filter(|h| h.doc.is_some() && h.doc_may_follow && h.lines.len() == 1)
                .map(|h| width(&h.lines[0]))
                .filter(|&w| w <= ALIGN_LIMIT)
                .max();
            let column = short.map_or(0, |w| (w + 2).div_ceil(4) * 4);
            // Descriptions are never broken, so one below its head lines up
            // with the others even where that makes a long line.
            let below = if column > 0 && k != Kind::Assumption {
                column
            } else {
                2
            };
            for c in &mut columns[g..end] {
                *c = (column, below);
            }
            g = end;
        }
        columns
    }

    /// The head of group `g`'s item, when it is laid out (not kept as written).
    fn head(&self, g: usize) -> Option<Head> {
        let u = self.units.iter().position(|u| u.group() == g)?;
        if self.notes.inside[u] {
            return None;
        }
        let item = self.tree.items.get(g - 1)?;
        self.items.head(item, self.layout.items.get(g - 1)?)
    }

    fn unit_lines(&self, u: usize, (column, below): (usize, usize)) -> Vec<String> {
        let unit = self.units[u];
        if self.notes.inside[u] {
            return self.items.verbatim(unit.span, unit.indent());
        }
        match unit.owner {
            Owner::Header => vec![self.items.text.words(unit.span)],
            Owner::Setting => vec![format!("  {}", self.items.text.words(unit.span))],
            Owner::Head(i) => match self.tree.items.get(i) {
                Some(Item::Clause(clause)) => vec![self.items.clause_head(clause)],
                _ => vec![self.items.text.words(unit.span)],
            },
            Owner::Part(i, p) => match (self.tree.items.get(i), self.layout.items.get(i)) {
                (Some(Item::Clause(clause)), Some(layout)) => match layout.parts.get(p) {
                    Some(part) => self.items.part(clause, part),
                    None => vec![],
                },
                _ => vec![],
            },
            Owner::Item(i) => self.item_lines(i, column, below),
        }
    }

    fn item_lines(&self, i: usize, column: usize, below: usize) -> Vec<String> {
        let (Some(item), Some(layout)) = (self.tree.items.get(i), self.layout.items.get(i)) else {
            return vec![];
        };
        match item {
            Item::Definition(d) => self.items.definition(d, layout),
            Item::Precedence(_) => self.items.precedence(layout),
            _ => match self.items.head(item, layout) {
                Some(head) => with_doc(head, column, below),
                None => self.items.verbatim(layout.span, 0),
            },
        }
    }
}

/// A head and its description: on the same line at `column` when the head
/// ends before it, otherwise on the next line at `below`.
fn with_doc(head: Head, column: usize, below: usize) -> Vec<String> {
    let mut lines = head.lines;
    let Some(doc) = head.doc else {
        return lines;
    };
    match lines.as_mut_slice() {
        [only] if head.doc_may_follow && column > 0 && width(only) + 2 <= column => {
            let fill = column - width(only);
            only.push_str(&pad(fill));
            only.push_str(&doc);
        }
        // No column in this stretch: two spaces, when the line has room.
        [only] if head.doc_may_follow && column == 0 && width(only) + 2 + width(&doc) <= WIDTH => {
            only.push_str("  ");
            only.push_str(&doc);
        }
        _ => lines.push(format!("{}{doc}", pad(below))),
    }
    lines
}

fn push_blank(out: &mut Vec<String>, blank: bool) {
    if blank && out.last().is_some_and(|l| !l.is_empty()) {
        out.push(String::new());
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Fact,
    Definition,
    Assumption,
    Output,
    Clause,
    Precedence,
}

fn kind(item: &Item) -> Kind {
    match item {
        Item::Fact(_) => Kind::Fact,
        Item::Definition(_) => Kind::Definition,
        Item::Assumption(_) => Kind::Assumption,
        Item::Output(_) => Kind::Output,
        Item::Clause(_) => Kind::Clause,
        Item::Precedence(_) => Kind::Precedence,
    }
}

/// The line-level pieces of the file, in order.
fn units(tree: &PolicyFile, layout: &Layout) -> Vec<Unit> {
    let mut units = vec![Unit {
        span: layout.header,
        owner: Owner::Header,
    }];
    units.extend(layout.settings.iter().map(|&span| Unit {
        span,
        owner: Owner::Setting,
    }));
    for (i, (item, l)) in tree.items.iter().zip(&layout.items).enumerate() {
        match item {
            Item::Clause(clause) => {
                units.push(Unit {
                    span: clause_head_span(clause.id.span.end, l, layout),
                    owner: Owner::Head(i),
                });
                units.extend(l.parts.iter().enumerate().map(|(p, part)| Unit {
                    span: part.span,
                    owner: Owner::Part(i, p),
                }));
            }
            _ => units.push(Unit {
                span: l.span,
                owner: Owner::Item(i),
            }),
        }
    }
    units
}

/// `clause ID "title"`: up to the end of the title.
fn clause_head_span(id_end: usize, item: &ItemLayout, layout: &Layout) -> Span {
    let end = layout
        .string_within(id_end, item.span.end)
        .map_or(id_end, |s| s.end);
    Span::new(item.span.start, end)
}
