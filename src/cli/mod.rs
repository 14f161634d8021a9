//! The `policy` command line.

mod batch;
mod check;
mod diff;
mod eval;
mod fmt;
mod schema;
mod test;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::compile::{compile, Problems};
use crate::error::{CaseError, ErrorKind};
use crate::input::read_text;
use crate::program::Program;

#[derive(Parser, Debug)]
#[command(
    name = "policy",
    version,
    about = "Decide refund, cancellation and privacy cases against .policy files, and check those files."
)]
/// The command line, as clap reads it.
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Parse and type-check policy files (or every .policy file under a
    /// directory), then analyse them: conflicts and gaps between clauses
    /// (with a witness case), dead clauses, unused facts. Reports every
    /// problem at once. Exit 0 when there is no error (warnings allowed),
    /// 1 otherwise.
    Check {
        /// Policy files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
    },
    /// Decide one case (`--facts`) or many (`--cases`). Exit 0 with a
    /// decision, 1 when the policy rejects the case (an assumption fails),
    /// 2 when the policy or the facts cannot be read. With `--cases`, exit 0
    /// once every case has its line, 2 when the corpus cannot be opened.
    Eval {
        /// The policy file.
        policy: PathBuf,
        /// The case: a facts object, or a worked case with "facts" in it;
        /// `-` reads standard input.
        #[arg(
            long,
            value_name = "CASE.json",
            required_unless_present = "cases",
            conflicts_with = "cases"
        )]
        facts: Option<String>,
        /// Many cases: a JSONL file (one facts object or worked case per
        /// line; `-` reads standard input) or a folder of worked-case files.
        /// Writes one JSON line per case, in input order, evaluated on every
        /// core; a case that cannot be decided gets an error object naming
        /// its line, and the rest go on.
        #[arg(long, value_name = "FILE.jsonl|DIR")]
        cases: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Run the worked cases beside policies (`cases/*.json` next to each
    /// policy, matched by their "policy" name) and report what differs and
    /// which clauses no case exercises. Exit 0 when all pass, 1 when any
    /// fails, 2 when a policy cannot be read.
    Test {
        /// Policy files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = TestFormat::Human)]
        format: TestFormat,
        /// Also fail when some clause decides no worked case.
        #[arg(long)]
        require_coverage: bool,
    },
    /// Which cases an edit changes. With `--cases`: evaluate every case of a
    /// corpus under the old and the new version and report changed outputs
    /// and deciding clauses. With `--prove`: every kind of case the edit
    /// changes, over every case both versions read, each with a witness
    /// case (or `equivalent`, a proof that none changes). Exit 0 when
    /// nothing changed, 1 when something did, 2 on error.
    Diff {
        /// OLD NEW, or with `--git REV` only the (new) policy file.
        #[arg(required = true, num_args = 1..=2, value_name = "OLD NEW")]
        paths: Vec<PathBuf>,
        /// Read the old version from git (`git show REV:FILE`) instead.
        #[arg(long, value_name = "REV")]
        git: Option<String>,
        /// A directory of case files, one case file, or a JSONL file (`-`
        /// reads JSONL from standard input).
        #[arg(long, value_name = "DIR|FILE.jsonl", required_unless_present = "prove")]
        cases: Option<String>,
        /// Prove what changes over every case, not just a corpus's.
        #[arg(long, conflicts_with = "cases")]
        prove: bool,
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
    },
    /// Lay policy files out the one canonical way: the header and one
    /// setting a line, fact and output descriptions in a column, clauses
    /// with their quoted lines exactly as written, long conditions broken
    /// before `or` and `and`, comments kept where they stand. Words are
    /// never changed, only the space between them. Rewrites each file that
    /// changes; `-` reads standard input and writes standard output. Exit 0
    /// when done, 1 with `--check` when a file would change, 2 when a file
    /// cannot be read or parsed.
    Fmt {
        /// Policy files or directories (every .policy file under them), or `-`.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Change nothing: print what would change as a unified diff and
        /// exit 1 if anything would.
        #[arg(long)]
        check: bool,
    },
    /// Run the language server over standard input and output, for editors
    /// (the VS Code extension in editors/vscode starts it): diagnostics as
    /// `policy check` gives them, hover, go to definition, references,
    /// rename, completion, formatting, the outline of clauses, and quick
    /// fixes from the help lines. docs/editing.md has the details.
    Lsp,
    /// Print a JSON Schema (draft 2020-12) for the policy's case facts.
    Schema {
        /// The policy file.
        policy: PathBuf,
    },
}

/// How `policy test` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    /// Each failing case with what differs, coverage, then `N passed, M failed`.
    Human,
    /// One JSON object with every case's result and the coverage.
    Json,
    /// JUnit XML, for CI systems that render test reports.
    Junit,
}

/// How `policy diff` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Changes grouped by output, counted, one line per changed case.
    Human,
    /// One JSON object listing every change.
    Json,
    /// A Markdown report for a pull-request comment.
    Markdown,
}

/// How `policy check` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Every problem as a report pointing at the words.
    Human,
    /// One JSON object listing each file's problems.
    Json,
    /// GitHub Actions workflow annotations (`::error file=...,line=...::...`).
    Github,
}

/// How `policy eval` (and a command that cannot read its policy) reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: outputs, the deciding clause with its quoted text, and why.
    Human,
    /// One JSON object, as documented in the README.
    Json,
}

/// Run the command the process's arguments name.
pub fn main() -> ExitCode {
    main_with(|| {
        eprintln!("error: this build of policy has no language server");
        Exit::Error
    })
}

/// The command line, with the language server the binary provides (it lives
/// outside the library, which stays free of the protocol's crates).
pub fn main_with(serve_lsp: fn() -> Exit) -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Fmt { paths, check } => fmt::run(&paths, check),
        Command::Lsp => serve_lsp(),
        Command::Check { paths, format } => check::run(&paths, format),
        Command::Eval {
            policy,
            facts,
            cases,
            format,
        } => match (facts, cases) {
            (_, Some(cases)) => batch::run(&policy, &cases),
            (Some(facts), None) => eval::run(&policy, &facts, format),
            (None, None) => Exit::Error,
        },
        Command::Test {
            paths,
            format,
            require_coverage,
        } => test::run(&paths, format, require_coverage),
        Command::Diff {
            paths,
            git,
            cases,
            prove,
            format,
        } => match cases {
            Some(cases) if !prove => diff::run(&paths, git.as_deref(), &cases, format),
            _ => diff::prove(&paths, git.as_deref(), format),
        },
        Command::Schema { policy } => schema::run(&policy),
    };
    ExitCode::from(code)
}

/// How a command ends, as its exit code says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// 0: done, and nothing found against the input.
    Success,
    /// 1: the answer is no: the policy rejected the case, `check` found
    /// problems, a worked case failed, `diff` found changed cases.
    Failure,
    /// 2: the job could not be done: a policy, the facts or a corpus could
    /// not be read or used.
    Error,
}

impl Exit {
    /// The process's exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Error => 2,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

/// Read and compile one policy file; `Err` carries the exit code after the
/// problems have been printed.
fn load(path: &Path, format: Format) -> Result<Program, Exit> {
    let name = path.display().to_string();
    let text = match read_text(path) {
        Ok(text) => text,
        Err(message) => {
            report_unreadable(&name, &message, format);
            return Err(Exit::Error);
        }
    };
    compile(&name, &text).map_err(|problems| {
        print_problems(&problems, format);
        Exit::Error
    })
}

/// Write a report to standard output. A reader that went away (`| head`)
/// is not an error worth a panic: the rest is simply not wanted.
fn emit(text: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

fn report_unreadable(policy: &str, message: &str, format: Format) {
    match format {
        Format::Json => {
            let error = CaseError::new(ErrorKind::Io, message, vec![]);
            println!("{}", crate::render::json::error(policy, &error));
        }
        Format::Human => eprintln!("error: {message}"),
    }
}

fn print_problems(problems: &Problems, format: Format) {
    match format {
        Format::Human => {
            for report in problems.reports() {
                eprintln!("{report:?}");
            }
        }
        Format::Json => {
            let list: Vec<serde_json::Value> = problems
                .located()
                .into_iter()
                .map(|p| {
                    serde_json::json!({
                        "file": problems.file.name, "line": p.line, "column": p.column,
                        "code": p.code, "message": p.message, "help": p.help,
                    })
                })
                .collect();
            let message = format!(
                "{} cannot be used: {} problem(s)",
                problems.file.name,
                list.len()
            );
            println!(
                "{}",
                serde_json::json!({ "policy": problems.file.name, "error": { "kind": ErrorKind::Policy, "message": message, "facts": [], "problems": list } })
            );
        }
    }
}
