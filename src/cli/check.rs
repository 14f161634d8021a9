//! `policy check PATH...`: every problem of every file, at once: syntax and
//! types, then the analysis (conflicts, gaps, dead clauses, unused names).

use std::path::{Path, PathBuf};

use miette::Report;
use serde_json::{json, Value as Json};

use super::{CheckFormat, Exit};
use crate::analysis::{analyse, Finding};
use crate::compile::{compile, locate, named_source, Located};
use crate::input::{policy_files, read_text};

pub fn run(paths: &[PathBuf], format: CheckFormat) -> Exit {
    let mut files = Vec::new();
    let mut failed = false;
    for path in paths {
        if let Err(message) = policy_files(path, &mut files) {
            eprintln!("error: {message}");
            failed = true;
        }
    }
    let (mut errors, mut warnings) = (0usize, 0usize);
    let mut results = Vec::new();
    for file in &files {
        let name = file.display().to_string();
        let (reports, located, witnesses) = check_file(file, &name);
        errors += located.iter().filter(|p| p.severity == "error").count();
        warnings += located.iter().filter(|p| p.severity != "error").count();
        match format {
            CheckFormat::Human => reports.iter().for_each(|r| eprintln!("{r:?}")),
            CheckFormat::Github => {
                for p in &located {
                    let message = p.message.replace('%', "%25").replace('\n', "%0A");
                    println!(
                        "::{} file={name},line={},col={}::{message}",
                        p.severity, p.line, p.column
                    );
                }
            }
            CheckFormat::Json => {}
        }
        let problems: Vec<Json> = located
            .iter()
            .zip(witnesses)
            .map(|(p, witness)| {
                let mut o = json!({ "severity": p.severity, "line": p.line, "column": p.column, "code": p.code, "message": p.message, "help": p.help });
                if let (Some(w), Json::Object(fields)) = (witness, &mut o) {
                    fields.insert("witness".into(), w);
                }
                o
            })
            .collect();
        let ok = !located.iter().any(|p| p.severity == "error");
        results.push(json!({ "file": name, "ok": ok, "problems": problems }));
    }
    failed |= errors > 0;
    match format {
        CheckFormat::Json => println!("{}", json!({ "files": results })),
        CheckFormat::Github => {}
        CheckFormat::Human if failed => eprintln!(
            "{} file(s) checked: {errors} error(s), {warnings} warning(s)",
            files.len()
        ),
        CheckFormat::Human => println!(
            "{} file(s) checked: no errors, {warnings} warning(s)",
            files.len()
        ),
    }
    if failed {
        Exit::Failure
    } else {
        Exit::Success
    }
}

/// One file's problems: as reports for people, located for machines, with
/// the witness case of each (if it has one).
fn check_file(file: &Path, name: &str) -> (Vec<Report>, Vec<Located>, Vec<Option<Json>>) {
    let text = match read_text(file) {
        Ok(text) => text,
        Err(message) => {
            let located = Located {
                line: 1,
                column: 1,
                severity: "error",
                code: "policy::io".into(),
                message: message.clone(),
                help: None,
            };
            return (
                vec![miette::miette!("{message}")],
                vec![located],
                vec![None],
            );
        }
    };
    match compile(name, &text) {
        Err(problems) => {
            let located = problems.located();
            let witnesses = vec![None; located.len()];
            (problems.reports(), located, witnesses)
        }
        Ok(program) => {
            let findings: Vec<Finding> = analyse(&program);
            // Quoted paragraphs against the logic (warnings, after the analysis's).
            let quotes = crate::quotes::check_source(&program.file.text);
            let mut located: Vec<Located> = findings
                .iter()
                .map(|f| locate(&program.file.text, f))
                .collect();
            located.extend(quotes.iter().map(|q| locate(&program.file.text, q)));
            let mut witnesses: Vec<Option<Json>> =
                findings.iter().map(|f| f.witness().cloned()).collect();
            witnesses.extend(quotes.iter().map(|_| None));
            let source = || named_source(&program.file);
            let reports = findings
                .into_iter()
                .map(|f| Report::new(f).with_source_code(source()))
                .chain(
                    quotes
                        .into_iter()
                        .map(|q| Report::new(q).with_source_code(source())),
                )
                .collect();
            (reports, located, witnesses)
        }
    }
}
