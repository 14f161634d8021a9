//! Hover, go to definition, references, rename, the outline and formatting:
//! each an answer read off the library's tree, layout and name index.

use std::collections::HashMap;

use lsp_types::{
    DocumentSymbol, Hover, HoverContents, Location, MarkupContent, MarkupKind, Position,
    PrepareRenameResponse, Range, SymbolKind as LspKind, TextEdit, Uri, WorkspaceEdit,
};

use super::document::{Document, Parsed};
use policy::symbols::{keyword_meaning, Index, SymbolKind};
use policy::syntax::ast::Item;
use policy::syntax::Span;

/// The declaration's text, as a reader sees it in the file.
fn declaration(doc: &Document, parsed: &Parsed, item: usize) -> String {
    let span = parsed
        .layout
        .items
        .get(item)
        .map_or(Span::default(), |l| l.span);
    span.text(doc.body()).to_string()
}

fn code(text: &str) -> String {
    format!("```policy\n{text}\n```")
}

pub fn hover(doc: &Document, at: Position) -> Option<Hover> {
    let offset = doc.offset(at);
    let parsed = doc.parsed.as_ref();
    let found = parsed.and_then(|p| p.names.at(offset).map(|o| (p, o)));
    let (markdown, range) = match found {
        Some((parsed, o)) => (symbol_text(doc, parsed, o.symbol)?, doc.range(o.span)),
        None => {
            let (span, word) = word_at(doc.body(), offset)?;
            let meaning = keyword_meaning(word)?;
            (format!("**{word}**: {meaning}"), doc.range(span))
        }
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(range),
    })
}

fn symbol_text(doc: &Document, parsed: &Parsed, symbol: usize) -> Option<String> {
    let s = parsed.names.symbols.get(symbol)?;
    let item = parsed.tree.items.get(s.item)?;
    Some(match (s.kind, item) {
        (SymbolKind::Clause, Item::Clause(c)) => {
            let quote: String = c.quote.iter().map(|l| format!("> {l}\n")).collect();
            format!("**clause {}** \"{}\"\n\n{quote}", c.id.node, c.title)
        }
        (SymbolKind::Value, _) => format!(
            "a value of `{}`:\n\n{}",
            owner_name(item),
            code(&declaration(doc, parsed, s.item))
        ),
        (SymbolKind::Label, _) => format!(
            "requirement label `{}`: listed by `unmet requirements of ...` when its condition fails",
            s.name
        ),
        (SymbolKind::Fact, _) => format!("fact\n\n{}", code(&declaration(doc, parsed, s.item))),
        (SymbolKind::Definition, _) => {
            format!("definition\n\n{}", code(&declaration(doc, parsed, s.item)))
        }
        (SymbolKind::Output, _) => {
            format!("output\n\n{}", code(&declaration(doc, parsed, s.item)))
        }
        _ => return None,
    })
}

fn owner_name(item: &Item) -> &str {
    match item {
        Item::Fact(f) => &f.name.node,
        Item::Output(o) => &o.name.node,
        _ => "?",
    }
}

/// The word of letters and `_` at `offset`.
pub fn word_at(text: &str, offset: usize) -> Option<(Span, &str)> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let offset = offset.min(text.len());
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .find(|c: char| !is_word(c))
        .map_or(text.len(), |i| offset + i);
    (start < end).then(|| (Span::new(start, end), &text[start..end]))
}

pub fn definition(doc: &Document, uri: &Uri, at: Position) -> Option<Location> {
    let parsed = doc.parsed.as_ref()?;
    let o = parsed.names.at(doc.offset(at))?;
    let symbol = parsed.names.symbols.get(o.symbol)?;
    Some(Location::new(uri.clone(), doc.range(symbol.declared)))
}

pub fn references(doc: &Document, uri: &Uri, at: Position, declaration: bool) -> Vec<Location> {
    let Some(parsed) = doc.parsed.as_ref() else {
        return vec![];
    };
    let Some(o) = parsed.names.at(doc.offset(at)) else {
        return vec![];
    };
    let declared = parsed.names.symbols.get(o.symbol).map(|s| s.declared);
    parsed
        .names
        .references(o.symbol)
        .into_iter()
        .filter(|span| declaration || Some(*span) != declared)
        .map(|span| Location::new(uri.clone(), doc.range(span)))
        .collect()
}

/// What a rename at `at` would rename, or why it cannot.
fn renamable(doc: &Document, at: Position) -> Result<(&Parsed, usize, Span), String> {
    let parsed = doc
        .parsed
        .as_ref()
        .ok_or("the policy does not parse: fix its syntax first")?;
    let o = parsed
        .names
        .at(doc.offset(at))
        .ok_or("no fact, definition, output or clause id here")?;
    let kind = parsed
        .names
        .symbols
        .get(o.symbol)
        .ok_or("no such name")?
        .kind;
    if matches!(kind, SymbolKind::Value | SymbolKind::Label) {
        return Err("values and labels are also written in case files: rename them by hand".into());
    }
    Ok((parsed, o.symbol, o.span))
}

pub fn prepare_rename(doc: &Document, at: Position) -> Result<PrepareRenameResponse, String> {
    let (_, _, span) = renamable(doc, at)?;
    Ok(PrepareRenameResponse::Range(doc.range(span)))
}

pub fn rename(doc: &Document, uri: &Uri, at: Position, new: &str) -> Result<WorkspaceEdit, String> {
    let (parsed, symbol, _) = renamable(doc, at)?;
    let kind = parsed.names.symbols.get(symbol).ok_or("no such name")?.kind;
    if !Index::valid_name(kind, new) {
        return Err(format!(
            "`{new}` cannot be a name: use letters a to z, digits and `_`, starting with a letter, and no reserved word"
        ));
    }
    let shared = |k: SymbolKind| k == kind || kind != SymbolKind::Clause && k != SymbolKind::Clause;
    if parsed.names.symbols.iter().any(|s| {
        s.name == new && shared(s.kind) && !matches!(s.kind, SymbolKind::Value | SymbolKind::Label)
    }) {
        return Err(format!("`{new}` is already declared"));
    }
    let edits = parsed
        .names
        .references(symbol)
        .into_iter()
        .map(|span| TextEdit::new(doc.range(span), new.to_string()))
        .collect();
    Ok(WorkspaceEdit::new(HashMap::from([(uri.clone(), edits)])))
}

/// The outline: each item, clauses with their titles.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be given
pub fn outline(doc: &Document) -> Vec<DocumentSymbol> {
    let Some(parsed) = doc.names() else {
        return vec![];
    };
    let text_len = doc.body().len();
    parsed
        .tree
        .items
        .iter()
        .zip(&parsed.layout.items)
        .filter_map(|(item, layout)| {
            let (name, detail, kind) = match item {
                Item::Fact(f) => (&f.name, f.doc.clone(), LspKind::FIELD),
                Item::Definition(d) => (&d.name, d.doc.clone(), LspKind::FUNCTION),
                Item::Output(o) => (&o.name, o.doc.clone(), LspKind::PROPERTY),
                Item::Clause(c) => (&c.id, Some(c.title.clone()), LspKind::NAMESPACE),
                _ => return None,
            };
            // A tree kept from an earlier text may point past this one.
            if layout.span.end > text_len {
                return None;
            }
            Some(DocumentSymbol {
                name: name.node.clone(),
                detail,
                kind,
                tags: None,
                deprecated: None,
                range: doc.range(layout.span),
                selection_range: doc.range(name.span),
                children: None,
            })
        })
        .collect()
}

/// The whole text laid out by `policy fmt`, as one edit; none when it does
/// not parse or is already laid out.
pub fn formatting(doc: &Document) -> Vec<TextEdit> {
    match policy::format::format(&doc.text) {
        Ok(formatted) if formatted != doc.text => {
            let end = doc.lines.position(&doc.text, doc.text.len());
            vec![TextEdit::new(
                Range::new(Position::new(0, 0), end),
                formatted,
            )]
        }
        _ => vec![],
    }
}
