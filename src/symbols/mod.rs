//! Names in a policy's text and what each refers to: every declaration and
//! every use of a fact, definition, output, clause id, enumeration value and
//! requirement label, with its span. Built from the syntax tree alone, so it
//! works before the checker has settled types; the language server answers
//! hover, go to definition, references and rename from it, and the REPL may
//! too.

mod keywords;

use std::collections::HashMap;

pub use keywords::{keyword_meaning, keywords};

use crate::syntax::ast::{ConsequenceKind, Expr, ExprKind, Item, PolicyFile, TypeKind};
use crate::syntax::Span;

/// What a name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    /// A fact.
    Fact,
    /// A definition.
    Definition,
    /// An output.
    Output,
    /// A clause, by its id.
    Clause,
    /// A value of a `one of` or `list of` type.
    Value,
    /// A requirement's label (`require ... as email`).
    Label,
}

/// Something a name can refer to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// What it is.
    pub kind: SymbolKind,
    /// Its name.
    pub name: String,
    /// Where it is declared (a label: where it first appears).
    pub declared: Span,
    /// The item that declares it, in the tree's order (a value: its fact's
    /// or output's item).
    pub item: usize,
}

/// One place a name is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// Where the name is written.
    pub span: Span,
    /// What it refers to: an index into [`Index::symbols`].
    pub symbol: usize,
}

/// Every name of a file, resolved.
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// Every name declared.
    pub symbols: Vec<Symbol>,
    /// Sorted by where they start.
    pub occurrences: Vec<Occurrence>,
}

impl Index {
    /// The names of a parsed file.
    pub fn build(tree: &PolicyFile) -> Index {
        let mut b = Builder::default();
        b.declare(tree);
        b.uses(tree);
        b.index
            .occurrences
            .sort_by_key(|o| (o.span.start, o.span.end));
        b.index
    }

    /// The name written at byte `offset` (or just before it, at its end).
    pub fn at(&self, offset: usize) -> Option<Occurrence> {
        let i = self.occurrences.partition_point(|o| o.span.start <= offset);
        self.occurrences
            .iter()
            .take(i)
            .rev()
            .find(|o| o.span.start <= offset && offset <= o.span.end)
            .copied()
    }

    /// Every place `symbol` is written, its declaration included.
    pub fn references(&self, symbol: usize) -> Vec<Span> {
        self.occurrences
            .iter()
            .filter(|o| o.symbol == symbol)
            .map(|o| o.span)
            .collect()
    }

    /// The symbol of this kind and name, if declared.
    pub fn named(&self, kind: SymbolKind, name: &str) -> Option<usize> {
        self.symbols
            .iter()
            .position(|s| s.kind == kind && s.name == name)
    }

    /// The values of the `one of` / `list of` type of a fact or output.
    pub fn values_of(&self, tree: &PolicyFile, name: &str) -> Option<Vec<String>> {
        tree.items.iter().find_map(|item| {
            let (n, ty) = match item {
                Item::Fact(f) => (&f.name, Some(&f.ty)),
                Item::Output(o) => (&o.name, o.ty.as_ref()),
                _ => return None,
            };
            match ty.map(|t| &t.kind) {
                Some(TypeKind::OneOf(v) | TypeKind::ListOf(v)) if n.node == name => {
                    Some(v.iter().map(|v| v.node.clone()).collect())
                }
                _ => None,
            }
        })
    }

    /// Whether a name may be given to a symbol of this kind.
    pub fn valid_name(kind: SymbolKind, name: &str) -> bool {
        let word = |w: &str| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        let reserved = crate::syntax::parse_expression(name)
            .ok()
            .is_none_or(|e| !matches!(e.node, ExprKind::Name(_)));
        match kind {
            SymbolKind::Clause => {
                let mut parts = name.split('.');
                parts.next().is_some_and(word)
                    && parts.all(|p| {
                        !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    })
            }
            _ => word(name) && !reserved,
        }
    }
}

#[derive(Default)]
struct Builder {
    index: Index,
    /// Facts, definitions and outputs by name (they share one namespace).
    names: HashMap<String, usize>,
    clauses: HashMap<String, usize>,
    labels: HashMap<String, usize>,
    /// Values by the fact or output that declares them, then by name.
    values: HashMap<String, HashMap<String, usize>>,
}

impl Builder {
    fn symbol(&mut self, kind: SymbolKind, name: &str, declared: Span, item: usize) -> usize {
        self.index.symbols.push(Symbol {
            kind,
            name: name.to_string(),
            declared,
            item,
        });
        let id = self.index.symbols.len() - 1;
        self.index.occurrences.push(Occurrence {
            span: declared,
            symbol: id,
        });
        id
    }

    fn declare(&mut self, tree: &PolicyFile) {
        for (i, item) in tree.items.iter().enumerate() {
            let (kind, name, ty) = match item {
                Item::Fact(f) => (SymbolKind::Fact, &f.name, Some(&f.ty)),
                Item::Definition(d) => (SymbolKind::Definition, &d.name, None),
                Item::Output(o) => (SymbolKind::Output, &o.name, o.ty.as_ref()),
                Item::Clause(c) => {
                    let id = self.symbol(SymbolKind::Clause, &c.id.node, c.id.span, i);
                    self.clauses.entry(c.id.node.clone()).or_insert(id);
                    continue;
                }
                _ => continue,
            };
            let id = self.symbol(kind, &name.node, name.span, i);
            self.names.entry(name.node.clone()).or_insert(id);
            if let Some(TypeKind::OneOf(vs) | TypeKind::ListOf(vs)) = ty.map(|t| &t.kind) {
                for v in vs {
                    let value = self.symbol(SymbolKind::Value, &v.node, v.span, i);
                    self.values
                        .entry(name.node.clone())
                        .or_default()
                        .entry(v.node.clone())
                        .or_insert(value);
                }
            }
        }
    }

    fn occur(&mut self, span: Span, symbol: usize) {
        self.index.occurrences.push(Occurrence { span, symbol });
    }

    fn uses(&mut self, tree: &PolicyFile) {
        for (i, item) in tree.items.iter().enumerate() {
            match item {
                Item::Definition(d) => self.expr(&d.value),
                Item::Assumption(a) => {
                    self.expr(&a.condition);
                    for n in &a.naming {
                        self.name(n.span, &n.node);
                    }
                }
                Item::Output(o) => o.value.iter().for_each(|e| self.expr(e)),
                Item::Precedence(p) => {
                    for id in &p.order {
                        if let Some(&c) = self.clauses.get(&id.node) {
                            self.occur(id.span, c);
                        }
                    }
                }
                Item::Clause(c) => {
                    for rule in &c.rules {
                        for consequence in std::iter::once(&rule.then).chain(&rule.otherwise) {
                            if let ConsequenceKind::Set(output, _) = &consequence.node {
                                self.name(output.span, &output.node);
                            }
                        }
                    }
                    for e in c.expressions() {
                        self.expr(e);
                    }
                    for r in &c.requirements {
                        let label = match self.labels.get(&r.label.node) {
                            Some(&l) => {
                                self.occur(r.label.span, l);
                                continue;
                            }
                            None => self.symbol(SymbolKind::Label, &r.label.node, r.label.span, i),
                        };
                        self.labels.insert(r.label.node.clone(), label);
                    }
                }
                Item::Fact(_) => {}
            }
        }
    }

    /// A fact, definition or output named at `span`.
    fn name(&mut self, span: Span, name: &str) -> bool {
        match self.names.get(name) {
            Some(&s) => {
                self.occur(span, s);
                true
            }
            None => false,
        }
    }

    /// A value named at `span`: of `owner`'s type when known, else of the
    /// first type that has it.
    fn value(&mut self, span: Span, name: &str, owner: Option<&str>) {
        let found = owner
            .and_then(|o| self.values.get(o))
            .and_then(|vs| vs.get(name))
            .or_else(|| self.values.values().find_map(|vs| vs.get(name)))
            .copied();
        if let Some(v) = found {
            self.occur(span, v);
        }
    }

    fn expr(&mut self, e: &Expr) {
        let mut todo = vec![e];
        while let Some(e) = todo.pop() {
            match &e.node {
                ExprKind::Name(name) if !self.name(e.span, name) => {
                    self.value(e.span, name, None);
                }
                ExprKind::UnmetRequirements(output) => {
                    self.name(output.span, &output.node);
                }
                ExprKind::OneOf {
                    operand, variants, ..
                } => {
                    let owner = match &operand.node {
                        ExprKind::Name(n) => Some(n.clone()),
                        _ => None,
                    };
                    for v in variants {
                        self.value(v.span, &v.node, owner.as_deref());
                    }
                }
                // `reason is unresolved`: the value is of `reason`'s type.
                ExprKind::Binary(op, l, r)
                    if !op.is_comparison() || !matches!(r.node, ExprKind::Name(_)) =>
                {
                    todo.push(r);
                    todo.push(l);
                    continue;
                }
                ExprKind::Binary(_, l, r) => {
                    if let (ExprKind::Name(owner), ExprKind::Name(value)) = (&l.node, &r.node) {
                        if !self.names.contains_key(value) {
                            self.value(r.span, value, Some(owner));
                            todo.push(l);
                            continue;
                        }
                    }
                    todo.push(r);
                    todo.push(l);
                    continue;
                }
                _ => {}
            }
            todo.extend(e.children().into_iter().rev());
        }
    }
}

#[cfg(test)]
mod tests;
