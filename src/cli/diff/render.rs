//! `policy diff` reports: for people, as JSON, and as Markdown for a
//! pull-request comment.

use std::fmt::Write as _;

use serde_json::{json, Value as Json};

use super::{Change, Diff, StatusChange};
use crate::cases::Outcome;
use crate::program::{ClauseId, Program, Value};
use crate::render::json as render;

/// Rows per output in a Markdown table: a pull-request comment has a size
/// limit, and a reviewer reads the counts first anyway.
const MARKDOWN_ROWS: usize = 50;

/// A change as the reports show it: each side's value and deciding clause
/// as the version that decided it names them (JSON: this is the edge).
struct Row<'a> {
    case: &'a str,
    output: &'a str,
    old: Json,
    new: Json,
    old_clause: Json,
    new_clause: Json,
    why: &'a [String],
}

/// A change of status, each side shown: `{"kind": "decided", "outputs",
/// "decided_by"}` or the error object.
struct StatusRow<'a> {
    case: &'a str,
    old: Json,
    new: Json,
}

fn rows(diff: &Diff) -> Vec<Row<'_>> {
    let value = |p: &Program, output: &str, v: &Option<Value>| {
        let def = p.output_named(output).and_then(|o| p.outputs.get(o));
        match (v, def) {
            (Some(v), Some(def)) => render::value(p, def.ty, v),
            _ => Json::Null,
        }
    };
    let clause = |p: &Program, c: Option<ClauseId>| match c.and_then(|c| p.clauses.get(c)) {
        Some(c) => Json::String(c.id.clone()),
        None => Json::Null,
    };
    diff.changes
        .iter()
        .map(|c: &Change| Row {
            case: &c.case,
            output: &c.output,
            old: value(&diff.before, &c.output, &c.old),
            new: value(&diff.after, &c.output, &c.new),
            old_clause: clause(&diff.before, c.old_clause),
            new_clause: clause(&diff.after, c.new_clause),
            why: &c.why,
        })
        .collect()
}

fn status_rows(diff: &Diff) -> Vec<StatusRow<'_>> {
    let shown = |p: &Program, o: &Outcome| match o {
        Ok(d) => {
            let (outputs, decided_by) = (render::outputs(p, d), render::decided_by(p, d));
            json!({ "kind": "decided", "outputs": outputs, "decided_by": decided_by })
        }
        Err(e) => render::error_object(e),
    };
    diff.status
        .iter()
        .map(|s: &StatusChange| StatusRow {
            case: &s.case,
            old: shown(&diff.before, &s.old),
            new: shown(&diff.after, &s.new),
        })
        .collect()
}

/// The changes of one output, with how many went through which clauses.
struct Group<'a> {
    output: &'a str,
    changes: Vec<&'a Row<'a>>,
    /// (old clause, new clause, cases), most cases first.
    via: Vec<(&'a Json, &'a Json, usize)>,
}

fn groups<'a>(rows: &'a [Row<'a>]) -> Vec<Group<'a>> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    for change in rows {
        if !groups.iter().any(|g| g.output == change.output) {
            groups.push(Group {
                output: change.output,
                changes: vec![],
                via: vec![],
            });
        }
        let Some(group) = groups.iter_mut().find(|g| g.output == change.output) else {
            continue;
        };
        group.changes.push(change);
        let pair = (&change.old_clause, &change.new_clause);
        match group.via.iter_mut().find(|(o, n, _)| (*o, *n) == pair) {
            Some(entry) => entry.2 += 1,
            None => group.via.push((pair.0, pair.1, 1)),
        }
    }
    for group in &mut groups {
        // Stable: equal counts keep the order they were first seen in.
        group.via.sort_by_key(|entry| std::cmp::Reverse(entry.2));
    }
    groups
}

/// "refund changed for 14 of 2,000 cases: 12 via refund.3, 2 via refund.1"
fn headline(group: &Group<'_>, cases: usize) -> String {
    let mut text = format!(
        "{} changed for {} of {}",
        group.output,
        count(group.changes.len()),
        cases_word(cases)
    );
    let via: Vec<String> = group
        .via
        .iter()
        .filter(|(old, new, _)| !(old.is_null() && new.is_null()))
        .map(|(old, new, n)| {
            if old == new {
                format!("{} via {}", count(*n), clause(new))
            } else {
                format!("{} via {} (was {})", count(*n), clause(new), clause(old))
            }
        })
        .collect();
    if !via.is_empty() {
        let _ = write!(text, ": {}", via.join(", "));
    }
    text
}

fn clause(j: &Json) -> &str {
    j.as_str().unwrap_or("no clause")
}

fn cases_word(n: usize) -> String {
    format!("{} {}", count(n), if n == 1 { "case" } else { "cases" })
}

/// 2000 -> "2,000"
fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn show(j: &Json) -> String {
    match j {
        Json::String(s) => s.clone(),
        Json::Null => "not set".into(),
        Json::Array(items) if items.is_empty() => "none".into(),
        Json::Array(items) => items.iter().map(show).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// "became rejected", "became accepted", ...
fn transition(s: &StatusRow<'_>) -> &'static str {
    let decided = |j: &Json| j["kind"] == "decided";
    let rejected = |j: &Json| j["kind"] == "assumption";
    match (decided(&s.old), decided(&s.new)) {
        (true, false) if rejected(&s.new) => "became rejected",
        (true, false) => "can no longer be read",
        (false, true) => "became accepted",
        _ => "failed differently",
    }
}

fn outcome_text(j: &Json) -> String {
    if j["kind"] == "decided" {
        let by: Vec<String> = j["decided_by"]
            .as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, v)| format!("{k} by {}", show(v)))
                    .collect()
            })
            .unwrap_or_default();
        return if by.is_empty() {
            "decided".into()
        } else {
            format!("decided ({})", by.join(", "))
        };
    }
    let kind = show(&j["kind"]);
    let word = if kind == "assumption" {
        "rejected".to_string()
    } else {
        format!("error ({kind})")
    };
    format!("{word}: {}", show(&j["message"]))
}

fn status_headline(status: &[StatusRow<'_>]) -> Vec<String> {
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for s in status {
        let t = transition(s);
        match kinds.iter_mut().find(|(k, _)| *k == t) {
            Some(entry) => entry.1 += 1,
            None => kinds.push((t, 1)),
        }
    }
    kinds
        .into_iter()
        .map(|(t, n)| format!("{} {t}", cases_word(n)))
        .collect()
}

pub fn human(diff: &Diff) -> String {
    let mut out = format!(
        "policy {}: {} -> {}, {} from {}\n",
        diff.policy,
        diff.old,
        diff.new,
        cases_word(diff.cases),
        diff.corpus
    );
    let rows = rows(diff);
    for group in groups(&rows) {
        let _ = writeln!(out, "\n{}", headline(&group, diff.cases));
        let width = group
            .changes
            .iter()
            .map(|c| c.case.len())
            .max()
            .unwrap_or(0);
        for c in &group.changes {
            let _ = write!(
                out,
                "  {:width$}  {} -> {}",
                c.case,
                show(&c.old),
                show(&c.new)
            );
            // Computed outputs have no deciding clause on either side.
            if c.old_clause.is_null() && c.new_clause.is_null() {
                out.push('\n');
            } else {
                let (old, new) = (clause(&c.old_clause), clause(&c.new_clause));
                let _ = writeln!(out, "  {old} -> {new}");
            }
            if !c.why.is_empty() {
                let _ = writeln!(out, "  {:width$}  because {}", "", c.why.join("; "));
            }
        }
    }
    let status = status_rows(diff);
    if !status.is_empty() {
        let _ = writeln!(out, "\n{}", status_headline(&status).join(", "));
        for s in &status {
            let _ = writeln!(
                out,
                "  {}  {}: {} -> {}",
                s.case,
                transition(s),
                outcome_text(&s.old),
                outcome_text(&s.new)
            );
        }
    }
    let _ = writeln!(
        out,
        "\n{} of {} changed",
        count(diff.changed),
        cases_word(diff.cases)
    );
    if diff.skipped > 0 {
        let _ = writeln!(
            out,
            "({} for other policies left out)",
            cases_word(diff.skipped)
        );
    }
    out
}

pub fn json(diff: &Diff) -> Json {
    let rows = rows(diff);
    let outputs: Vec<Json> = groups(&rows)
        .iter()
        .map(|g| {
            let via: Vec<Json> = g
                .via
                .iter()
                .map(|(old, new, n)| json!({ "old_clause": old, "new_clause": new, "cases": n }))
                .collect();
            json!({ "output": g.output, "changed": g.changes.len(), "via": via })
        })
        .collect();
    let changes: Vec<Json> = rows
        .iter()
        .map(|c| {
            json!({
                "case": c.case, "output": c.output, "old": c.old, "new": c.new,
                "old_clause": c.old_clause, "new_clause": c.new_clause, "conditions": c.why,
            })
        })
        .collect();
    let status: Vec<Json> = status_rows(diff)
        .iter()
        .map(|s| json!({ "case": s.case, "change": transition(s), "old": s.old, "new": s.new }))
        .collect();
    json!({
        "policy": diff.policy,
        "old": diff.old,
        "new": diff.new,
        "corpus": diff.corpus,
        "cases": diff.cases,
        "changed": diff.changed,
        "skipped": diff.skipped,
        "unreadable": diff.unreadable,
        "outputs": outputs,
        "changes": changes,
        "status": status,
    })
}

pub fn markdown(diff: &Diff) -> String {
    let mut out = format!(
        "### Policy diff: `{}`\n\n`{}` → `{}`, over {} from `{}`.\n\n",
        diff.policy,
        cell(&diff.old),
        cell(&diff.new),
        cases_word(diff.cases),
        cell(&diff.corpus)
    );
    if diff.changed == 0 {
        out.push_str("**No case changes.**\n");
        return out;
    }
    let _ = writeln!(
        out,
        "**{} of {} change.** This edit needs a reviewer's sign-off.",
        count(diff.changed),
        cases_word(diff.cases)
    );
    let rows = rows(diff);
    for group in groups(&rows) {
        let _ = writeln!(out, "\n#### {}\n", headline(&group, diff.cases));
        out.push_str("| case | old | new | old clause | new clause |\n|---|---|---|---|---|\n");
        for c in group.changes.iter().take(MARKDOWN_ROWS) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(c.case),
                cell(&show(&c.old)),
                cell(&show(&c.new)),
                cell(clause(&c.old_clause)),
                cell(clause(&c.new_clause))
            );
        }
        if group.changes.len() > MARKDOWN_ROWS {
            let _ = writeln!(
                out,
                "\n…and {} more (run `policy diff` to see them all).",
                count(group.changes.len() - MARKDOWN_ROWS)
            );
        }
    }
    let status = status_rows(diff);
    if !status.is_empty() {
        let _ = writeln!(out, "\n#### {}\n", status_headline(&status).join(", "));
        out.push_str("| case | change | old | new |\n|---|---|---|---|\n");
        for s in status.iter().take(MARKDOWN_ROWS) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(s.case),
                transition(s),
                cell(&outcome_text(&s.old)),
                cell(&outcome_text(&s.new))
            );
        }
        if status.len() > MARKDOWN_ROWS {
            let _ = writeln!(out, "\n…and {} more.", count(status.len() - MARKDOWN_ROWS));
        }
    }
    out
}

/// Text safe inside a Markdown table cell or code span.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
        .replace('`', "'")
        .replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(7), "7");
        assert_eq!(count(2000), "2,000");
        assert_eq!(count(1234567), "1,234,567");
    }
}
