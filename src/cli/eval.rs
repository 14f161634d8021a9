//! `policy eval FILE --facts CASE.json|-`: one decision.

use std::io::Read as _;
use std::path::Path;

use miette::{Diagnostic, Report, SourceSpan};
use thiserror::Error;

use super::{load, Format};
use crate::compile::named_source;
use crate::eval::{decide, explain, Failure, Rejection};
use crate::program::{Program, Value};
use crate::render::{self, json};

pub fn run(policy: &Path, facts_path: &str, format: Format) -> u8 {
    let program = match load(policy, format) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let text = match read_case(facts_path) {
        Ok(text) => text,
        Err(message) => {
            emit_error(&program, format, "io", &message, &[]);
            return 2;
        }
    };
    let facts = match crate::facts::read(&program, &text) {
        Ok(facts) => facts,
        Err(e) => {
            emit_error(
                &program,
                format,
                e.kind,
                &format!("{facts_path}: {}", e.message),
                &e.facts,
            );
            return 2;
        }
    };
    match decide(&program, &facts) {
        Ok(decision) => {
            let trace = explain(&program, &facts, &decision);
            match format {
                Format::Json => println!("{}", json::decision(&program, &decision, Some(&trace))),
                Format::Human => print!("{}", render::human::decision(&program, &decision, &trace)),
            }
            0
        }
        Err(Failure::Rejected(rejection)) => {
            let (message, named) = rejection_text(&program, &facts, &rejection);
            match format {
                Format::Json => println!(
                    "{}",
                    json::error(&program.name, "assumption", &message, &named)
                ),
                Format::Human => {
                    let assumption = &program.assumptions[rejection.assumption];
                    let report = Report::new(Rejected {
                        message: assumption
                            .message
                            .clone()
                            .unwrap_or_else(|| "the case breaks an assumption".into()),
                        values: values_text(&program, &facts, &assumption.naming),
                        span: assumption.condition.span.into(),
                    })
                    .with_source_code(named_source(&program.file));
                    eprintln!("{report:?}");
                }
            }
            1
        }
        Err(Failure::Error(e)) => {
            match format {
                Format::Json => println!(
                    "{}",
                    json::error(&program.name, e.kind(), &e.to_string(), &[])
                ),
                Format::Human => eprintln!(
                    "{:?}",
                    Report::new(e).with_source_code(named_source(&program.file))
                ),
            }
            1
        }
    }
}

fn read_case(path: &str) -> Result<String, String> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(text)
    } else {
        super::read_text(Path::new(path))
    }
}

fn emit_error(program: &Program, format: Format, kind: &str, message: &str, facts: &[String]) {
    match format {
        Format::Json => println!("{}", json::error(&program.name, kind, message, facts)),
        Format::Human => eprintln!("error[{kind}]: {message}"),
    }
}

/// The JSON message of a rejection and the facts it names.
pub fn rejection_text(
    program: &Program,
    facts: &[Value],
    rejection: &Rejection,
) -> (String, Vec<String>) {
    let assumption = &program.assumptions[rejection.assumption];
    let condition = program.text_of(assumption.condition.span);
    let values = values_text(program, facts, &assumption.naming);
    let message = match &assumption.message {
        Some(m) => format!("{m}: `{condition}` fails ({values})"),
        None => format!("the case breaks the assumption `{condition}` ({values})"),
    };
    let named = assumption
        .naming
        .iter()
        .map(|&f| program.facts[f].name.clone())
        .collect();
    (message, named)
}

fn values_text(program: &Program, facts: &[Value], named: &[usize]) -> String {
    named
        .iter()
        .map(|&f| {
            format!(
                "{} = {}",
                program.facts[f].name,
                render::show(program, program.facts[f].ty, &facts[f])
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Debug, Error, Diagnostic)]
#[error("case rejected: {message}")]
#[diagnostic(code(policy::assumption), help("this case has {values}"))]
struct Rejected {
    message: String,
    values: String,
    #[label("this assumption does not hold")]
    span: SourceSpan,
}
