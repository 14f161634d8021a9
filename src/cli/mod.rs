//! The `policy` command line.

mod check;
mod eval;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::compile::{compile, Problems};
use crate::program::Program;

#[derive(Parser, Debug)]
#[command(
    name = "policy",
    version,
    about = "Decide refund, cancellation and privacy cases against .policy files, and check those files."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Parse and type-check policy files (or every .policy file under a
    /// directory); report every problem. Exit 0 when clean, 1 otherwise.
    Check {
        /// Policy files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
    },
    /// Decide one case. Exit 0 with a decision, 1 when the policy rejects the
    /// case (an assumption fails), 2 when the policy or the facts cannot be
    /// read.
    Eval {
        /// The policy file.
        policy: PathBuf,
        /// The case: a facts object, or a worked case with "facts" in it;
        /// `-` reads standard input.
        #[arg(long, value_name = "CASE.json")]
        facts: String,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Every problem as a report pointing at the words.
    Human,
    /// One JSON object listing each file's problems.
    Json,
    /// GitHub Actions workflow annotations (`::error file=...,line=...::...`).
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: outputs, the deciding clause with its quoted text, and why.
    Human,
    /// One JSON object, as documented in the README.
    Json,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check { paths, format } => check::run(&paths, format),
        Command::Eval {
            policy,
            facts,
            format,
        } => eval::run(&policy, &facts, format),
    };
    ExitCode::from(code)
}

/// Read and compile one policy file; `Err` carries the exit code after the
/// problems have been printed.
fn load(path: &Path, format: Format) -> Result<Program, u8> {
    let name = path.display().to_string();
    let text = match read_text(path) {
        Ok(text) => text,
        Err(message) => {
            report_unreadable(&name, "io", &message, format);
            return Err(2);
        }
    };
    compile(&name, &text).map_err(|problems| {
        print_problems(&problems, format);
        2
    })
}

pub(crate) fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{} is not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn report_unreadable(policy: &str, kind: &str, message: &str, format: Format) {
    match format {
        Format::Json => println!("{}", crate::render::json::error(policy, kind, message, &[])),
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
                serde_json::json!({ "policy": problems.file.name, "error": { "kind": "policy", "message": message, "facts": [], "problems": list } })
            );
        }
    }
}
