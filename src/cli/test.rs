//! `policy test FILE|DIR`: run the worked cases beside policies and report,
//! per case, what differs from its `expect`, plus clause coverage.
//!
//! A policy's worked cases are the files in `cases/` next to it whose
//! `"policy"` is the policy's name. Cases are decided through
//! [`crate::cases`], the same path `policy diff` takes.

mod expect;
mod report;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Exit, TestFormat};
use crate::cases::{self, Case};
use crate::compile::compile;
use crate::eval::Prepared;
use crate::input::{policy_files, read_text};

pub use expect::{Difference, Got};

/// The worked cases of one policy, or of no policy (cases that name a policy
/// not beside them, or cannot be read as worked cases).
struct Suite {
    /// The policy file, or the cases directory for cases without a policy.
    file: String,
    /// The policy's name; empty for cases without a policy.
    policy: String,
    /// Why the policy could not be used, if it could not.
    error: Option<String>,
    /// The policy, ready to decide its cases; none for cases without a
    /// policy or a policy that cannot be used.
    prepared: Option<Prepared>,
    results: Vec<CaseResult>,
    /// Clause ids, and whether some case was decided by each.
    clauses: Vec<(String, bool)>,
}

struct CaseResult {
    /// The case file's name.
    name: String,
    /// Its path.
    file: String,
    differences: Vec<Difference>,
}

impl Suite {
    fn failed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| !r.differences.is_empty())
            .count()
    }

    fn uncovered(&self) -> Vec<&str> {
        self.clauses
            .iter()
            .filter(|(_, covered)| !covered)
            .map(|(id, _)| id.as_str())
            .collect()
    }
}

pub fn run(paths: &[PathBuf], format: TestFormat, require_coverage: bool) -> Exit {
    let mut files = Vec::new();
    for path in paths {
        if let Err(message) = policy_files(path, &mut files) {
            eprintln!("error: {message}");
            return Exit::Error;
        }
    }
    // A directory tested as a whole has all its policies here, so a case
    // naming none of them is a mistake worth reporting (a typo in "policy"
    // would otherwise drop the case silently).
    let complete = paths.iter().all(|p| p.is_dir());
    let mut by_dir: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for file in files {
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        by_dir.entry(dir).or_default().push(file);
    }

    let mut suites = Vec::new();
    let mut unreadable = false;
    for (dir, files) in &by_dir {
        let start = suites.len();
        for file in files {
            let suite = load(file);
            unreadable |= suite.error.is_some();
            suites.push(suite);
        }
        let beside = suites.get_mut(start..).unwrap_or_default();
        let orphans = run_cases(&dir.join("cases"), beside, complete);
        if !orphans.results.is_empty() {
            suites.insert(start + files.len(), orphans);
        }
    }

    let passed: usize = suites.iter().map(|s| s.results.len() - s.failed()).sum();
    let failed: usize = suites.iter().map(Suite::failed).sum();
    let uncovered = suites.iter().any(|s| !s.uncovered().is_empty());
    match format {
        TestFormat::Human => super::emit(&report::human(&suites, passed, failed)),
        TestFormat::Json => super::emit(&format!(
            "{}\n",
            report::json(&suites, passed, failed, require_coverage)
        )),
        TestFormat::Junit => super::emit(&report::junit(&suites, require_coverage)),
    }
    if unreadable {
        Exit::Error
    } else if failed > 0 || (require_coverage && uncovered) {
        Exit::Failure
    } else {
        Exit::Success
    }
}

/// Compile one policy; its problems go to standard error, as `check` shows them.
fn load(file: &Path) -> Suite {
    let name = file.display().to_string();
    let mut suite = Suite {
        file: name.clone(),
        policy: String::new(),
        error: None,
        prepared: None,
        results: vec![],
        clauses: vec![],
    };
    let text = match read_text(file) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("error: {message}");
            suite.error = Some(message);
            return suite;
        }
    };
    match compile(&name, &text) {
        Ok(program) => {
            suite.policy = program.name.clone();
            suite.clauses = program
                .clauses
                .iter()
                .map(|c| (c.id.clone(), false))
                .collect();
            suite.prepared = Some(Prepared::new(program));
            suite
        }
        Err(problems) => {
            for report in problems.reports() {
                eprintln!("{report:?}");
            }
            suite.error = Some(format!(
                "{name} cannot be used: {} problem(s)",
                problems.len()
            ));
            suite
        }
    }
}

/// Run every case in `dir` against the policy of `suites` it names;
/// returns the suite of cases that belong to none of them.
fn run_cases(dir: &Path, suites: &mut [Suite], complete: bool) -> Suite {
    let mut orphans = Suite {
        file: dir.display().to_string(),
        policy: String::new(),
        error: None,
        prepared: None,
        results: vec![],
        clauses: vec![],
    };
    if !dir.is_dir() {
        return orphans;
    }
    let corpus = match cases::directory(dir) {
        Ok(corpus) => corpus,
        Err(message) => {
            orphans.results.push(CaseResult {
                name: dir.display().to_string(),
                file: dir.display().to_string(),
                differences: vec![Difference::problem(message)],
            });
            return orphans;
        }
    };
    let names: Vec<String> = suites
        .iter()
        .filter_map(|s| s.prepared.as_ref())
        .map(|p| p.program().name.clone())
        .collect();
    for case in corpus {
        let header = match case.header() {
            Ok(h) if h.worked => h,
            Ok(_) => {
                if complete {
                    let problem = "not a worked case: it has no \"facts\"".to_string();
                    orphans
                        .results
                        .push(result(&case, vec![Difference::problem(problem)]));
                }
                continue;
            }
            Err(message) => {
                orphans
                    .results
                    .push(result(&case, vec![Difference::problem(message)]));
                continue;
            }
        };
        let wanted = header.policy.as_deref().unwrap_or("");
        let found = suites.iter_mut().find_map(|s| {
            let Suite {
                prepared: Some(prepared),
                clauses,
                results,
                ..
            } = s
            else {
                return None;
            };
            (prepared.program().name == wanted).then_some((&*prepared, clauses, results))
        });
        let Some((prepared, clauses, results)) = found else {
            if complete {
                let problem = format!(
                    "\"policy\": \"{wanted}\" is not a policy beside it (these are: {})",
                    names.join(", ")
                );
                orphans
                    .results
                    .push(result(&case, vec![Difference::problem(problem)]));
            }
            continue;
        };
        let outcome = case.outcome(prepared);
        if let Ok(decision) = &outcome {
            for &clause in decision.decided_by.iter().flatten() {
                if let Some(entry) = clauses.get_mut(clause) {
                    entry.1 = true;
                }
            }
        }
        let differences = expect::compare(prepared.program(), header.expect.as_ref(), &outcome);
        results.push(result(&case, differences));
    }
    orphans
}

fn result(case: &Case, differences: Vec<Difference>) -> CaseResult {
    CaseResult {
        name: case.name(),
        file: case.origin(),
        differences,
    }
}
