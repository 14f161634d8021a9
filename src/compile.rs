//! From a policy's text to a checked [`Program`], or every problem found, each
//! a miette report pointing into the file.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, Report};

use crate::check::{check, CheckError};
use crate::program::{Program, SourceFile};
use crate::syntax::{parse, ParseError};

/// The problems of one policy file.
#[derive(Debug)]
pub struct Problems {
    /// The file, for the reports' source text.
    pub file: Arc<SourceFile>,
    /// What reading the text found.
    pub parse: Vec<ParseError>,
    /// What checking names and types found.
    pub check: Vec<CheckError>,
}

impl Problems {
    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.parse.len() + self.check.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// One report per problem, each carrying the file's name and text.
    pub fn reports(&self) -> Vec<Report> {
        let parse = self.parse.iter().map(|e| self.report(e.clone()));
        let check = self.check.iter().map(|e| self.report(e.clone()));
        parse.chain(check).collect()
    }

    fn report(&self, error: impl Diagnostic + Send + Sync + 'static) -> Report {
        Report::new(error).with_source_code(named_source(&self.file))
    }

    /// Every problem with its line and column, for machine output.
    pub fn located(&self) -> Vec<Located> {
        let parse = self.parse.iter().map(|e| e as &dyn Diagnostic);
        let check = self.check.iter().map(|e| e as &dyn Diagnostic);
        parse
            .chain(check)
            .map(|d| locate(&self.file.text, d))
            .collect()
    }
}

/// Where a diagnostic points, as a person counts lines and columns.
pub fn locate(text: &str, d: &dyn Diagnostic) -> Located {
    let offset = d
        .labels()
        .and_then(|mut l| l.next())
        .map(|l| l.offset())
        .unwrap_or(0);
    let (line, column) = line_column(text, offset);
    let severity = match d.severity() {
        Some(miette::Severity::Warning) => "warning",
        Some(miette::Severity::Advice) => "notice",
        _ => "error",
    };
    Located {
        line,
        column,
        severity,
        code: d.code().map(|c| c.to_string()).unwrap_or_default(),
        message: d.to_string(),
        help: d.help().map(|h| h.to_string()),
    }
}

/// A problem with its place as a person counts it (from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1.
    pub column: usize,
    /// `error`, `warning` or `notice`.
    pub severity: &'static str,
    /// The diagnostic's code (`policy::unknown_name`).
    pub code: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it, if there is something to say.
    pub help: Option<String>,
}

/// A file's text named as reports show it.
pub fn named_source(file: &SourceFile) -> NamedSource<String> {
    NamedSource::new(&file.name, file.text.clone())
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

/// Stack for parsing and checking: the syntax limits bound how deep the
/// recursion goes, and this leaves room for it even in debug builds.
const COMPILE_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Parse and check one policy. `name` is how reports refer to the file.
pub fn compile(name: &str, text: &str) -> Result<Program, Problems> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(COMPILE_STACK_BYTES)
            .spawn_scoped(scope, || compile_here(name, text))
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            // No thread to be had: compile on this one.
            .unwrap_or_else(|_| compile_here(name, text))
    })
}

fn compile_here(name: &str, text: &str) -> Result<Program, Problems> {
    // A byte-order mark is invisible to the author; skip it rather than
    // report a syntax error at an invisible character.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file = Arc::new(SourceFile {
        name: name.to_string(),
        text: text.to_string(),
    });
    let tree = match parse(&file.text) {
        Ok(tree) => tree,
        Err(parse) => {
            return Err(Problems {
                file,
                parse,
                check: vec![],
            })
        }
    };
    check(&tree, file.clone()).map_err(|check| Problems {
        file,
        parse: vec![],
        check,
    })
}

#[cfg(test)]
mod tests {
    use super::line_column;

    #[test]
    fn lines_and_columns_count_from_one() {
        assert_eq!(line_column("ab\ncd", 0), (1, 1));
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("ab\ncd", 99), (2, 3));
    }
}
