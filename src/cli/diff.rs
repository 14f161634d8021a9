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

use super::{DiffFormat, Exit};
use crate::cases::{self, same_value, ErrorKind, Outcome, Shown};
use crate::compile::compile;
use crate::eval::{Decision, Prepared};
use crate::input::read_text;
use crate::program::{ClauseId, Program, Value};

/// One output of one case that changed.
pub struct Change {
    pub case: String,
    pub output: String,
    /// The output's value under the old version; `None` when that version
    /// has no such output.
    pub old: Option<Value>,
    pub new: Option<Value>,
    /// The clause that decided it under each version, if one did.
    pub old_clause: Option<ClauseId>,
    pub new_clause: Option<ClauseId>,
    /// The conditions whose truth differs between the versions on this
    /// case.
    pub why: Vec<String>,
}

/// A case that became rejected (or unreadable), or accepted, or whose
/// rejection changed.
pub struct StatusChange {
    pub case: String,
    pub old: Outcome,
    pub new: Outcome,
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
    /// The two versions, which name and type what changed.
    pub before: Program,
    pub after: Program,
}

pub fn run(paths: &[PathBuf], git: Option<&str>, corpus: &str, format: DiffFormat) -> Exit {
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
                Exit::Error
            } else if diff.changed > 0 {
                Exit::Failure
            } else {
                Exit::Success
            }
        }
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            Exit::Error
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
        before: old.program().clone(),
        after: new.program().clone(),
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
        let before = case.outcome(&old);
        let after = case.outcome(&new);
        let why = |a: &Decision, b: &Decision| match (case.facts(&old), case.facts(&new)) {
            (Ok(fo), Ok(fnew)) => crate::analysis::diff::why(&old, &new, (&fo, &fnew), (a, b)),
            _ => Vec::new(),
        };
        let versions = (old.program(), new.program());
        if compare(&case.name(), versions, (before, after), why, &mut diff) {
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
fn compare(
    case: &str,
    (old, new): (&Program, &Program),
    (before, after): (Outcome, Outcome),
    why: impl Fn(&Decision, &Decision) -> Vec<String>,
    diff: &mut Diff,
) -> bool {
    match (before, after) {
        (Ok(a), Ok(b)) => {
            let mut changed = false;
            let mut because: Option<Vec<String>> = None;
            for output in output_names(old, new) {
                let (old_value, old_clause) = output_of(old, &a, &output);
                let (new_value, new_clause) = output_of(new, &b, &output);
                let unset = |v: Option<Shown<'_>>| v.is_none_or(|v| v.value.is_missing());
                let same = match (old_value, new_value) {
                    (Some(x), Some(y)) => same_value(x, y),
                    (x, y) => unset(x) && unset(y),
                };
                if same && clause_name(old, old_clause) == clause_name(new, new_clause) {
                    continue;
                }
                changed = true;
                let because = because.get_or_insert_with(|| why(&a, &b)).clone();
                diff.changes.push(Change {
                    case: case.to_string(),
                    output,
                    old: old_value.map(|v| v.value.clone()),
                    new: new_value.map(|v| v.value.clone()),
                    old_clause,
                    new_clause,
                    why: because,
                });
            }
            changed
        }
        (Err(x), Err(y)) if x.kind == y.kind && x.facts == y.facts => {
            if x.kind != ErrorKind::Assumption {
                diff.unreadable += 1;
            }
            false
        }
        (before, after) => {
            diff.status.push(StatusChange {
                case: case.to_string(),
                old: before,
                new: after,
            });
            true
        }
    }
}

/// A clause's id, if there is a clause.
fn clause_name(program: &Program, clause: Option<ClauseId>) -> Option<&str> {
    clause
        .and_then(|c| program.clauses.get(c))
        .map(|c| c.id.as_str())
}

/// An output's value and deciding clause in a decision, by name; nothing
/// when the version has no such output.
fn output_of<'a>(
    program: &'a Program,
    decision: &'a Decision,
    name: &str,
) -> (Option<Shown<'a>>, Option<ClauseId>) {
    let Some(o) = program.output_named(name) else {
        return (None, None);
    };
    let shown = match (program.outputs.get(o), decision.outputs.get(o)) {
        (Some(def), Some(value)) => Some(Shown {
            program,
            ty: def.ty,
            value,
        }),
        _ => None,
    };
    (shown, decision.decided_by.get(o).copied().flatten())
}

/// The new version's outputs in order, then any the new version dropped.
fn output_names(old: &Program, new: &Program) -> Vec<String> {
    let mut names: Vec<String> = new.outputs.iter().map(|o| o.name.clone()).collect();
    for output in &old.outputs {
        if !names.contains(&output.name) {
            names.push(output.name.clone());
        }
    }
    names
}
