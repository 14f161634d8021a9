//! `policy fmt [--check] PATH...`: lay policy files out the one way
//! (`crate::format`). Without `--check` each file that changes is rewritten
//! in place; with it nothing is written, and each file that would change is
//! shown as a unified diff. `-` reads standard input and writes standard
//! output.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use miette::{NamedSource, Report};
use similar::TextDiff;

use super::Exit;
use crate::format::format;
use crate::input::{policy_files, read_text};

/// What happened to one file.
enum Outcome {
    Unchanged,
    Changed,
    /// Unreadable, unparsable or unwritable: the reason has been printed.
    Failed,
}

pub fn run(paths: &[PathBuf], check: bool) -> Exit {
    let mut files = Vec::new();
    let mut failed = false;
    for path in paths {
        if path.as_os_str() == "-" {
            files.push(path.clone());
        } else if let Err(message) = policy_files(path, &mut files) {
            eprintln!("error: {message}");
            failed = true;
        }
    }
    let (mut changed, mut unchanged) = (0usize, 0usize);
    for file in &files {
        match one(file, check) {
            Outcome::Unchanged => unchanged += 1,
            Outcome::Changed => changed += 1,
            Outcome::Failed => failed = true,
        }
    }
    let stdin_only = files.iter().all(|f| f.as_os_str() == "-");
    if !stdin_only {
        let verb = if check {
            "would be reformatted"
        } else {
            "reformatted"
        };
        eprintln!("{changed} file(s) {verb}, {unchanged} already formatted");
    }
    if failed {
        Exit::Error
    } else if check && changed > 0 {
        Exit::Failure
    } else {
        Exit::Success
    }
}

fn one(path: &Path, check: bool) -> Outcome {
    let stdin = path.as_os_str() == "-";
    let name = if stdin {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let text = if stdin {
        let mut text = String::new();
        match std::io::stdin().read_to_string(&mut text) {
            Ok(_) => text,
            Err(e) => {
                eprintln!("error: cannot read standard input: {e}");
                return Outcome::Failed;
            }
        }
    } else {
        match read_text(path) {
            Ok(text) => text,
            Err(message) => {
                eprintln!("error: {message}");
                return Outcome::Failed;
            }
        }
    };
    let formatted = match format(&text) {
        Ok(formatted) => formatted,
        Err(errors) => {
            for e in errors {
                let report = Report::new(e).with_source_code(NamedSource::new(&name, text.clone()));
                eprintln!("{report:?}");
            }
            return Outcome::Failed;
        }
    };
    let same = formatted == text;
    if check {
        if !same {
            super::emit(&unified_diff(&name, &text, &formatted));
        }
    } else if stdin {
        super::emit(&formatted);
    } else if !same {
        if let Err(e) = std::fs::write(path, &formatted) {
            eprintln!("error: cannot write {name}: {e}");
            return Outcome::Failed;
        }
    }
    if same {
        Outcome::Unchanged
    } else {
        Outcome::Changed
    }
}

/// The change as `diff -u` shows it, with three lines of context.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, &format!("{name} (formatted)"))
        .to_string()
}
