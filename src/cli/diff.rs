//! `policy diff OLD NEW --cases DIR|FILE.jsonl`: which cases an edit changes.
//!
//! Every case is decided under both versions through [`crate::cases`] (the
//! path `policy test` takes); a case is reported when an output's value or
//! its deciding clause differs, or when it became rejected or accepted.
//! Only the changes are kept, so memory grows with them, not with the corpus.

mod prove;
mod render;

pub use prove::prove;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value as Json};

use super::DiffFormat;
use crate::cases::{self, same_value, Outcome};
use crate::compile::compile;
use crate::eval::Prepared;
use crate::input::read_text;
use crate::program::Program;

/// One output of one case that changed.
pub struct Change {
    pub case: String,
    pub output: String,
    pub old: Json,
    pub new: Json,
    /// The deciding clause's id, or `null` for a computed or unset output.
    pub old_clause: Json,
    pub new_clause: Json,
}

/// A case that became rejected (or unreadable), or accepted, or whose
/// rejection changed.
pub struct StatusChange {
    pub case: String,
    pub old: Json,
    pub new: Json,
}

/// Everything a report needs.
pub struct Diff {
    pub policy: String,
    pub old: String,
    pub new: String,
    pub corpus: String,
    /// Cases decided under both versions (cases for other policies left out).
    pub cases: usize,
    /// Cases with at least one change.
    pub changed: usize,
    /// Worked cases for another policy, left out.
    pub skipped: usize,
    /// Cases neither version could read (not counting rejections).
    pub unreadable: usize,
    pub changes: Vec<Change>,
    pub status: Vec<StatusChange>,
}

pub fn run(paths: &[PathBuf], git: Option<&str>, corpus: &str, format: DiffFormat) -> u8 {
    match diff(paths, git, corpus) {
        Ok(diff) => {
            match format {
                DiffFormat::Human => super::emit(&render::human(&diff)),
                DiffFormat::Json => super::emit(&format!("{}\n", render::json(&diff))),
                DiffFormat::Markdown => super::emit(&render::markdown(&diff)),
            }
            if diff.unreadable > 0 {
                eprintln!(
                    "warning: {} of {} cases could not be read by either version",
                    diff.unreadable, diff.cases
                );
            }
            if diff.cases > 0 && diff.unreadable == diff.cases {
                eprintln!("error: no case in {corpus} could be read by this policy");
                2
            } else if diff.changed > 0 {
                1
            } else {
                0
            }
        }
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            2
        }
    }
}

/// The two versions: (old name, old, new name, new). `Err` with a message,
/// or empty when the problems were already printed.
fn versions(
    paths: &[PathBuf],
    git: Option<&str>,
) -> Result<(String, Program, String, Program), String> {
    let (old_name, old_text, new_path) = match (git, paths) {
        (Some(rev), [file]) => (
            format!("{rev}:{}", file.display()),
            git_show(rev, file)?,
            file,
        ),
        (Some(_), _) => return Err("with --git REV, give only the policy file".into()),
        (None, [old, new]) => (old.display().to_string(), read_text(old)?, new),
        (None, _) => return Err("give the old and the new policy file (or --git REV FILE)".into()),
    };
    let new_name = new_path.display().to_string();
    let old = load(&old_name, &old_text)?;
    let new = load(&new_name, &read_text(new_path)?)?;
    Ok((old_name, old, new_name, new))
}

/// `Err` with a message, or empty when the problems were already printed.
fn diff(paths: &[PathBuf], git: Option<&str>, corpus: &str) -> Result<Diff, String> {
    let (old_name, old, new_name, new) = versions(paths, git)?;
    let (old, new) = (Prepared::new(old), Prepared::new(new));
    let mut diff = Diff {
        policy: new.program().name.clone(),
        old: old_name,
        new: new_name,
        corpus: if corpus == "-" {
            "standard input".into()
        } else {
            corpus.into()
        },
        cases: 0,
        changed: 0,
        skipped: 0,
        unreadable: 0,
        changes: vec![],
        status: vec![],
    };
    for case in cases::open(corpus)? {
        // A worked case for another policy is not this edit's business; a
        // case whose header cannot be read still goes through, so its error
        // is counted rather than silently dropped.
        if let Ok(header) = case.header() {
            if let Some(p) = header.policy.filter(|_| header.worked) {
                if p != new.program().name && p != old.program().name {
                    diff.skipped += 1;
                    continue;
                }
            }
        }
        diff.cases += 1;
        let before = case.evaluate(&old);
        let after = case.evaluate(&new);
        if compare(&case.name(), &before, &after, &mut diff) {
            diff.changed += 1;
        }
    }
    Ok(diff)
}

fn load(name: &str, text: &str) -> Result<Program, String> {
    compile(name, text).map_err(|problems| {
        for report in problems.reports() {
            eprintln!("{report:?}");
        }
        String::new()
    })
}

/// The old version's text: `git show REV:./FILE`, run in the file's
/// directory so the path is relative to wherever the repository's root is.
fn git_show(rev: &str, file: &Path) -> Result<String, String> {
    if rev.starts_with('-') {
        return Err(format!("`{rev}` is not a git revision"));
    }
    let name = file
        .file_name()
        .ok_or_else(|| format!("{} is not a file", file.display()))?;
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let output = Command::new("git")
        .arg("show")
        .arg(format!("{rev}:./{}", name.to_string_lossy()))
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "cannot read {} at {rev} from git: {}",
            file.display(),
            why.trim()
        ));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| format!("{} at {rev} is not UTF-8 text", file.display()))
}

/// Record what changed for one case; true when something did.
fn compare(case: &str, before: &Outcome, after: &Outcome, diff: &mut Diff) -> bool {
    match (before, after) {
        (Outcome::Decided(old), Outcome::Decided(new)) => {
            let mut changed = false;
            for output in output_names(old, new) {
                let (old_value, new_value) = (&old["outputs"][&output], &new["outputs"][&output]);
                let (old_clause, new_clause) =
                    (&old["decided_by"][&output], &new["decided_by"][&output]);
                if same_value(old_value, new_value) && old_clause == new_clause {
                    continue;
                }
                changed = true;
                diff.changes.push(Change {
                    case: case.to_string(),
                    output,
                    old: old_value.clone(),
                    new: new_value.clone(),
                    old_clause: old_clause.clone(),
                    new_clause: new_clause.clone(),
                });
            }
            changed
        }
        (Outcome::Error(old), Outcome::Error(new)) => {
            let (old, new) = (&old["error"], &new["error"]);
            if old["kind"] == new["kind"] && old["facts"] == new["facts"] {
                if old["kind"] != "assumption" {
                    diff.unreadable += 1;
                }
                return false;
            }
            diff.status.push(StatusChange {
                case: case.to_string(),
                old: status(before),
                new: status(after),
            });
            true
        }
        _ => {
            diff.status.push(StatusChange {
                case: case.to_string(),
                old: status(before),
                new: status(after),
            });
            true
        }
    }
}

/// The new version's outputs in order, then any the new version dropped.
fn output_names(old: &Json, new: &Json) -> Vec<String> {
    let keys = |j: &Json| -> Vec<String> {
        j["outputs"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut names = keys(new);
    for name in keys(old) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// `{"kind": "decided", "outputs", "decided_by"}` or the error object.
fn status(outcome: &Outcome) -> Json {
    match outcome {
        Outcome::Decided(j) => {
            json!({ "kind": "decided", "outputs": j["outputs"], "decided_by": j["decided_by"] })
        }
        Outcome::Error(j) => j["error"].clone(),
    }
}
