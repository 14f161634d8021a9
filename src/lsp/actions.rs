//! Problems as editor diagnostics, and quick fixes from the help lines that
//! name one: "did you mean `paid`?", "replace it with `-`", "write `$100`",
//! "declare it first: `output cashback: money`", and the quote check's
//! "a line `aside ...`".

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, DiagnosticRelatedInformation,
    DiagnosticSeverity, Location, NumberOrString, Position, Range, TextEdit, Uri, WorkspaceEdit,
};

use super::document::{Document, Problem};
use policy::syntax::ast::Item;
use policy::syntax::layout::PartKind;
use policy::syntax::Span;

pub fn diagnostic(doc: &Document, uri: &Uri, p: &Problem) -> Diagnostic {
    let message = match &p.help {
        Some(help) => format!("{}\nhelp: {help}", p.message),
        None => p.message.clone(),
    };
    let related: Vec<DiagnosticRelatedInformation> = p
        .related
        .iter()
        .map(|(span, label)| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), doc.range(*span)),
            message: label.clone(),
        })
        .collect();
    Diagnostic {
        range: doc.range(p.span),
        severity: Some(if p.warning {
            DiagnosticSeverity::WARNING
        } else {
            DiagnosticSeverity::ERROR
        }),
        code: Some(NumberOrString::String(p.code.clone())),
        source: Some("policy".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}

/// What a help line proposes.
#[derive(Debug, PartialEq)]
enum Fix {
    /// New words for the labelled ones (the label whose text is `at`, if
    /// given, else the first).
    Replace { with: String, at: Option<String> },
    /// A declaration, on a line above the item in question.
    Declare(String),
    /// A clause line after the clause's quoted paragraph.
    Aside(String),
}

/// The first text between backticks after `marker` in `help`.
fn quoted_after<'h>(help: &'h str, marker: &str) -> Option<&'h str> {
    let rest = &help[help.find(marker)? + marker.len()..];
    let open = rest.find('`')?;
    let close = rest[open + 1..].find('`')?;
    Some(&rest[open + 1..open + 1 + close])
}

fn fix_of(help: &str) -> Option<Fix> {
    let replace = |with: &str| Fix::Replace {
        with: with.to_string(),
        at: None,
    };
    if help.starts_with("remove it") {
        return Some(replace(""));
    }
    if help.contains("replace it with a plain space") {
        return Some(replace(" "));
    }
    if let Some(x) = quoted_after(help, "did you mean") {
        return Some(replace(x));
    }
    if let Some(x) = quoted_after(help, "replace it with") {
        return Some(replace(x));
    }
    if let Some(x) = quoted_after(help, "declare it first:") {
        return Some(Fix::Declare(x.to_string()));
    }
    if let Some(x) = quoted_after(help, "with a line") {
        return Some(Fix::Aside(x.to_string()));
    }
    // `write `100` as an amount: `$100``, or `... write `2 days``.
    let write = help.rfind("write `")?;
    let tail = &help[write + "write ".len()..];
    let last_open = tail.trim_end().strip_suffix('`')?.rfind('`')?;
    let with = &tail.trim_end()[last_open + 1..tail.trim_end().len() - 1];
    let first = quoted_after(tail, "");
    let at = first.filter(|f| *f != with).map(str::to_string);
    Some(Fix::Replace {
        with: with.to_string(),
        at,
    })
}

pub fn code_actions(doc: &Document, uri: &Uri, range: Range) -> Vec<CodeActionOrCommand> {
    let wanted = (doc.offset(range.start), doc.offset(range.end));
    doc.problems
        .iter()
        .filter(|p| {
            std::iter::once(p.span)
                .chain(p.related.iter().map(|(s, _)| *s))
                .any(|s| s.start <= wanted.1 && wanted.0 <= s.end)
        })
        .filter_map(|p| {
            let fix = fix_of(p.help.as_deref()?)?;
            let (title, edit) = edit(doc, p, fix)?;
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic(doc, uri, p)]),
                edit: Some(WorkspaceEdit::new(HashMap::from([(
                    uri.clone(),
                    vec![edit],
                )]))),
                is_preferred: Some(true),
                ..CodeAction::default()
            }))
        })
        .collect()
}

fn edit(doc: &Document, p: &Problem, fix: Fix) -> Option<(String, TextEdit)> {
    let body = doc.body();
    match fix {
        Fix::Replace { with, at } => {
            let span = match &at {
                Some(text) => std::iter::once(p.span)
                    .chain(p.related.iter().map(|(s, _)| *s))
                    .find(|s| s.text(body) == text)?,
                None => p.span,
            };
            let title = if with.is_empty() {
                format!("Remove `{}`", span.text(body).escape_unicode())
            } else {
                format!("Replace with `{with}`")
            };
            Some((title, TextEdit::new(doc.range(span), with)))
        }
        Fix::Declare(line) => {
            let parsed = doc.parsed.as_ref()?;
            let item = parsed
                .layout
                .items
                .iter()
                .find(|i| i.span.start <= p.span.start && p.span.end <= i.span.end)?;
            let at = doc.range(Span::new(item.span.start, item.span.start)).start;
            Some((
                format!("Declare `{line}`"),
                TextEdit::new(Range::new(at, at), format!("{line}\n\n")),
            ))
        }
        Fix::Aside(line) => {
            let parsed = doc.parsed.as_ref()?;
            let id = quoted_after(&p.message, "")?;
            let (layout, _) = parsed
                .layout
                .items
                .iter()
                .zip(&parsed.tree.items)
                .find(|(_, item)| matches!(item, Item::Clause(c) if c.id.node == id))?;
            let after = layout
                .parts
                .iter()
                .filter(|part| part.kind == PartKind::Quote)
                .map(|part| part.span.end)
                .next_back()?;
            let end = doc.range(Span::new(after, after)).end;
            let at = Position::new(end.line + 1, 0);
            Some((
                format!("Mark as deliberate: {line}"),
                TextEdit::new(
                    Range::new(at, at),
                    format!("  {}(say why they differ)\n", line.trim_start()),
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replace(with: &str, at: Option<&str>) -> Option<Fix> {
        Some(Fix::Replace {
            with: with.to_string(),
            at: at.map(str::to_string),
        })
    }

    #[test]
    fn help_lines_that_name_a_fix_are_read() {
        assert_eq!(fix_of("did you mean `paid`?"), replace("paid", None));
        assert_eq!(
            fix_of("write `100` as an amount: `$100`"),
            replace("$100", Some("100"))
        );
        assert_eq!(
            fix_of("the language counts periods in whole days: write `2 days`"),
            replace("2 days", None)
        );
        assert_eq!(
            fix_of("replace it with a plain space: ` `"),
            replace(" ", None)
        );
        assert_eq!(fix_of("remove it: it takes no room"), replace("", None));
        assert_eq!(
            fix_of("declare it first: `output cashback: money`"),
            Some(Fix::Declare("output cashback: money".into()))
        );
        assert_eq!(
            fix_of("say why in the clause with a line `aside \"30 days\": ` and the reason"),
            Some(Fix::Aside("aside \"30 days\": ".into()))
        );
        assert_eq!(
            fix_of("write text between double quotes: \"like this\""),
            None
        );
    }
}
