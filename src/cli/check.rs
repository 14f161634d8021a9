//! `policy check PATH...`: every problem of every file, at once.

use std::path::{Path, PathBuf};

use super::{print_problems, read_text, CheckFormat, Format};
use crate::compile::compile;

pub fn run(paths: &[PathBuf], format: CheckFormat) -> u8 {
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for path in paths {
        if let Err(e) = collect(path, &mut files) {
            unreadable.push(e);
        }
    }
    let mut results = Vec::new();
    let mut failed = !unreadable.is_empty();
    for message in &unreadable {
        eprintln!("error: {message}");
    }
    for file in &files {
        let name = file.display().to_string();
        let outcome = match read_text(file) {
            Err(message) => {
                eprintln!("error: {message}");
                failed = true;
                serde_json::json!({ "file": name, "ok": false, "problems": [{ "line": 1, "column": 1, "code": "policy::io", "message": message }] })
            }
            Ok(text) => match compile(&name, &text) {
                Ok(_) => serde_json::json!({ "file": name, "ok": true, "problems": [] }),
                Err(problems) => {
                    failed = true;
                    match format {
                        CheckFormat::Human => print_problems(&problems, Format::Human),
                        CheckFormat::Github => {
                            for p in problems.located() {
                                println!("::error file={name},line={},col={}::{}", p.line, p.column, p.message);
                            }
                        }
                        CheckFormat::Json => {}
                    }
                    let list: Vec<serde_json::Value> = problems
                        .located()
                        .into_iter()
                        .map(|p| serde_json::json!({ "line": p.line, "column": p.column, "code": p.code, "message": p.message, "help": p.help }))
                        .collect();
                    serde_json::json!({ "file": name, "ok": false, "problems": list })
                }
            },
        };
        results.push(outcome);
    }
    match format {
        CheckFormat::Json => println!("{}", serde_json::json!({ "files": results })),
        CheckFormat::Github => {}
        CheckFormat::Human => {
            let bad = results.iter().filter(|r| r["ok"] == false).count();
            let problems: usize = results
                .iter()
                .map(|r| r["problems"].as_array().map_or(0, Vec::len))
                .sum();
            if failed {
                eprintln!(
                    "{} of {} file(s) have problems ({problems} in all)",
                    bad.max(usize::from(!unreadable.is_empty())),
                    files.len()
                );
            } else {
                println!("{} file(s) checked, no problems", files.len());
            }
        }
    }
    u8::from(failed)
}

/// The policy files a path names: itself, or every `.policy` file under it.
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for entry in entries {
            if entry.is_dir() || entry.extension().is_some_and(|e| e == "policy") {
                collect(&entry, out)?;
            }
        }
        Ok(())
    } else if path.exists() {
        out.push(path.to_path_buf());
        Ok(())
    } else {
        Err(format!("{} does not exist", path.display()))
    }
}
