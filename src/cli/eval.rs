//! `policy eval FILE --facts CASE.json|-`: one decision.

use std::io::Read as _;
use std::path::Path;

use miette::{Diagnostic, Report, SourceSpan};
use thiserror::Error;

use super::{load, Exit, Format};
use crate::compile::named_source;
use crate::error::{CaseError, ErrorKind};
use crate::eval::{Failure, Prepared};
use crate::program::Program;
use crate::render::{self, json};

pub fn run(policy: &Path, facts_path: &str, format: Format) -> Exit {
    let prepared = match load(policy, format) {
        Ok(p) => Prepared::new(p),
        Err(code) => return code,
    };
    let program = prepared.program();
    let text = match read_case(facts_path) {
        Ok(text) => text,
        Err(message) => {
            emit_error(
                program,
                format,
                &CaseError::new(ErrorKind::Io, message, vec![]),
            );
            return Exit::Error;
        }
    };
    let facts = match prepared.read(&text) {
        Ok(facts) => facts,
        Err(e) => {
            // People are told which file; JSON says it as `policy eval
            // --cases` does, so one case alone and in a batch read the same.
            let mut error = CaseError::from(e);
            if format == Format::Human {
                error.message = format!("{facts_path}: {}", error.message);
            }
            emit_error(program, format, &error);
            return Exit::Error;
        }
    };
    match prepared.decide(&facts) {
        Ok(decision) => {
            let trace = prepared.explain(&facts, &decision);
            match format {
                Format::Json => println!("{}", json::decision(program, &decision, Some(&trace))),
                Format::Human => print!("{}", render::human::decision(program, &decision, &trace)),
            }
            Exit::Success
        }
        Err(Failure::Rejected(rejection)) => {
            match format {
                Format::Json => {
                    let (message, named) = render::rejection(program, &facts, &rejection);
                    let error = CaseError::new(ErrorKind::Assumption, message, named);
                    println!("{}", json::error(&program.name, &error));
                }
                Format::Human => {
                    let assumption = program.assumptions.get(rejection.assumption);
                    let report = Report::new(Rejected {
                        message: assumption
                            .and_then(|a| a.message.clone())
                            .unwrap_or_else(|| "the case breaks an assumption".into()),
                        values: assumption.map_or_else(String::new, |a| {
                            render::values_text(program, &facts, &a.naming)
                        }),
                        span: assumption.map_or(SourceSpan::from(0), |a| a.condition.span.into()),
                    })
                    .with_source_code(named_source(&program.file));
                    eprintln!("{report:?}");
                }
            }
            Exit::Failure
        }
        Err(Failure::Error(e)) => {
            match format {
                Format::Json => {
                    let error = CaseError::new(e.kind(), e.to_string(), vec![]);
                    println!("{}", json::error(&program.name, &error));
                }
                Format::Human => eprintln!(
                    "{:?}",
                    Report::new(e).with_source_code(named_source(&program.file))
                ),
            }
            Exit::Failure
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
        crate::input::read_text(Path::new(path))
    }
}

fn emit_error(program: &Program, format: Format, error: &CaseError) {
    match format {
        Format::Json => println!("{}", json::error(&program.name, error)),
        Format::Human => eprintln!("error[{}]: {}", error.kind, error.message),
    }
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
