//! Completion, from the words before the cursor: clause ids on a
//! `precedence` line, a fact's values after `is` / `is one of`, list facts
//! after `in`, and otherwise the names in scope and the keywords. Names come
//! from the last text that parsed, so completion works while a line is
//! half written.

use lsp_types::{CompletionItem, CompletionItemKind, Documentation, Position};

use super::document::{Document, Parsed};
use policy::symbols::{keywords, SymbolKind};
use policy::syntax::ast::{Item, TypeKind};

pub fn completion(doc: &Document, at: Position) -> Vec<CompletionItem> {
    let Some(parsed) = doc.names() else {
        return keyword_items();
    };
    let body = doc.body();
    let offset = doc.offset(at).min(body.len());
    let line_start = body[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &body[line_start..offset];
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    let context = before.trim_end_matches(is_word).trim_end();
    let words: Vec<&str> = context.split_whitespace().collect();
    if words.first() == Some(&"precedence") {
        return symbols(parsed, SymbolKind::Clause, CompletionItemKind::MODULE);
    }
    if let Some(subject) = compared(&words) {
        if let Some(values) = parsed.names.values_of(&parsed.tree, subject) {
            return values
                .into_iter()
                .map(|v| {
                    item(
                        &v,
                        CompletionItemKind::ENUM_MEMBER,
                        Some(format!("a value of {subject}")),
                    )
                })
                .collect();
        }
    }
    if words.last() == Some(&"in") {
        let value = words
            .iter()
            .rev()
            .nth(if words.iter().rev().nth(1) == Some(&"not") {
                2
            } else {
                1
            });
        return lists(parsed, value.map(|v| v.trim_matches('"')));
    }
    let mut items = Vec::new();
    for (kind, lsp) in [
        (SymbolKind::Fact, CompletionItemKind::FIELD),
        (SymbolKind::Definition, CompletionItemKind::FUNCTION),
        (SymbolKind::Output, CompletionItemKind::PROPERTY),
    ] {
        items.extend(symbols(parsed, kind, lsp));
    }
    items.extend(keyword_items());
    items
}

/// `reason is`, `reason is not`, `reason is one of a,`: the name compared.
fn compared<'a>(words: &[&'a str]) -> Option<&'a str> {
    let is = words.iter().rposition(|w| *w == "is")?;
    let after: Vec<&str> = words.iter().skip(is + 1).copied().collect();
    let fits = match after.as_slice() {
        [] | ["not"] | ["one", "of"] | ["not", "one", "of"] => true,
        ["one", "of", rest @ ..] | ["not", "one", "of", rest @ ..] => {
            rest.last().is_some_and(|w| w.ends_with(','))
        }
        _ => false,
    };
    let subject = words.get(is.checked_sub(1)?)?;
    fits.then_some(*subject)
}

fn item(label: &str, kind: CompletionItemKind, detail: Option<String>) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail,
        ..CompletionItem::default()
    }
}

fn symbols(parsed: &Parsed, kind: SymbolKind, lsp: CompletionItemKind) -> Vec<CompletionItem> {
    let mut seen = std::collections::HashSet::new();
    parsed
        .names
        .symbols
        .iter()
        .filter(|s| s.kind == kind && seen.insert(s.name.clone()))
        .map(|s| item(&s.name, lsp, detail(parsed, s.item)))
        .collect()
}

/// A fact's or output's type, a definition's description, a clause's title.
fn detail(parsed: &Parsed, item: usize) -> Option<String> {
    match parsed.tree.items.get(item)? {
        Item::Fact(f) => Some(match &f.ty.kind {
            TypeKind::Named(n) => n.node.clone(),
            TypeKind::OneOf(_) => "one of ...".to_string(),
            TypeKind::ListOf(_) => "list of ...".to_string(),
        }),
        Item::Definition(d) => d.doc.clone(),
        Item::Output(o) => o.doc.clone(),
        Item::Clause(c) => Some(c.title.clone()),
        _ => None,
    }
}

/// The list facts, those holding `value` first.
fn lists(parsed: &Parsed, value: Option<&str>) -> Vec<CompletionItem> {
    let mut found: Vec<(bool, CompletionItem)> = parsed
        .tree
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Fact(f) => match &f.ty.kind {
                TypeKind::ListOf(values) => {
                    let holds = value.is_some_and(|v| values.iter().any(|x| x.node == v));
                    let names: Vec<&str> = values.iter().map(|v| v.node.as_str()).collect();
                    let detail = format!("list of {}", names.join(", "));
                    Some((
                        holds,
                        item(&f.name.node, CompletionItemKind::FIELD, Some(detail)),
                    ))
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    found.sort_by_key(|(holds, _)| !holds);
    found.into_iter().map(|(_, i)| i).collect()
}

fn keyword_items() -> Vec<CompletionItem> {
    keywords()
        .map(|(word, meaning)| CompletionItem {
            documentation: Some(Documentation::String(meaning.to_string())),
            ..item(word, CompletionItemKind::KEYWORD, None)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::compared;

    #[test]
    fn finds_what_is_compared() {
        assert_eq!(compared(&["if", "reason", "is"]), Some("reason"));
        assert_eq!(
            compared(&["reason", "is", "not", "one", "of", "a,"]),
            Some("reason")
        );
        assert_eq!(compared(&["reason", "is", "one", "of", "a"]), None);
        assert_eq!(compared(&["paid", "is", "at", "least"]), None);
    }
}
