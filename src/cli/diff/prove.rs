//! `policy diff OLD NEW --prove`: the regions the edit changes, for people,
//! as JSON and as Markdown.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::{json, Value as Json};

use super::versions;
use crate::analysis::diff::{prove as prove_edit, Proof, Region};
use crate::cli::{DiffFormat, Exit};

pub fn prove(paths: &[PathBuf], git: Option<&str>, format: DiffFormat) -> Exit {
    let (old_name, old, new_name, new) = match versions(paths, git) {
        Ok(v) => v,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            return Exit::Error;
        }
    };
    let proof = match prove_edit(&old, &new) {
        Ok(p) => p,
        Err(message) => {
            eprintln!("error: {message}");
            return Exit::Error;
        }
    };
    let text = match format {
        DiffFormat::Json => format!("{}\n", as_json(&new.name, &old_name, &new_name, &proof)),
        DiffFormat::Human => human(&old_name, &new_name, &proof),
        DiffFormat::Markdown => markdown(&old_name, &new_name, &proof),
    };
    crate::cli::emit(&text);
    if proof.equivalent() {
        Exit::Success
    } else {
        Exit::Failure
    }
}

fn region_json(r: &Region) -> Json {
    json!({
        "output": r.output,
        "old_clause": r.old_clause,
        "new_clause": r.new_clause,
        "old": r.old,
        "new": r.new,
        "witness": r.witness,
        "conditions": r.conditions,
    })
}

fn as_json(policy: &str, old: &str, new: &str, proof: &Proof) -> Json {
    json!({
        "policy": policy,
        "old": old,
        "new": new,
        "equivalent": proof.equivalent(),
        "regions": proof.regions.iter().map(region_json).collect::<Vec<_>>(),
        "undecided": proof.undecided,
    })
}

fn clause(c: &Option<String>) -> &str {
    c.as_deref().unwrap_or("no clause")
}

fn plain(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => "not set".into(),
        other => other.to_string(),
    }
}

fn human(old: &str, new: &str, proof: &Proof) -> String {
    let mut out = String::new();
    if proof.equivalent() {
        let _ = writeln!(
            out,
            "{old} -> {new}: equivalent: no case both versions read gets another output or deciding clause (proved over every such case)"
        );
        return out;
    }
    let _ = writeln!(
        out,
        "{old} -> {new}: {} kind(s) of case change",
        proof.regions.len()
    );
    for r in &proof.regions {
        match &r.output {
            Some(output) => {
                let _ = writeln!(
                    out,
                    "\n  {output}: {} -> {}  (was {}, now {})",
                    clause(&r.old_clause),
                    clause(&r.new_clause),
                    plain(&r.old),
                    plain(&r.new)
                );
            }
            None => {
                let _ = writeln!(out, "\n  the case: {} -> {}", plain(&r.old), plain(&r.new));
            }
        }
        let _ = writeln!(out, "    for example {}", r.witness);
        for c in &r.conditions {
            let _ = writeln!(out, "    {c}");
        }
    }
    for u in &proof.undecided {
        let _ = writeln!(out, "\n  not settled within the solver's budget: {u}");
    }
    out
}

fn markdown(old: &str, new: &str, proof: &Proof) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### `{old}` → `{new}`\n");
    if proof.equivalent() {
        let _ = writeln!(
            out,
            "**Equivalent**: proved that no case gets another output or deciding clause."
        );
        return out;
    }
    let _ = writeln!(
        out,
        "| output | clause before | clause after | before | after | for example | because |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|");
    for r in &proof.regions {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | `{}` | {} |",
            r.output.as_deref().unwrap_or("(outcome)"),
            clause(&r.old_clause),
            clause(&r.new_clause),
            plain(&r.old),
            plain(&r.new),
            r.witness,
            r.conditions.join("; ").replace('|', "\\|")
        );
    }
    for u in &proof.undecided {
        let _ = writeln!(out, "\nNot settled within the solver's budget: {u}");
    }
    out
}
