//! A corpus of cases, and each case's outcome under a compiled policy: the one
//! path that `policy test` and `policy diff` both run.
//!
//! A corpus is a directory of case files (`*.json`, one case each), a single
//! case file, or a JSONL file (`-` for standard input) with one facts object
//! or worked case per line. [`Corpus`] is an iterator that reads one case at a
//! time, so memory stays flat however many cases there are, and the policy is
//! compiled once by the caller and only evaluated here.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value as Json;

use crate::eval::{Decider, Failure};
use crate::facts::MAX_FACTS_BYTES;
use crate::program::Program;
use crate::render::json;

/// One case as read from the corpus, not yet evaluated.
#[derive(Clone, Debug)]
pub struct Case {
    /// The case's JSON text, or why it could not be read.
    pub text: Result<String, String>,
    place: Place,
}

/// Where a case came from. Names are built only when a report needs one: a
/// million-line corpus should not format a million names nobody reads.
#[derive(Clone, Debug)]
enum Place {
    File { name: String, path: String },
    Line { origin: Arc<str>, line: usize },
}

impl Case {
    /// A case read from a file, named by its file name.
    pub fn from_file(name: String, path: String, text: Result<String, String>) -> Case {
        Case {
            text,
            place: Place::File { name, path },
        }
    }

    /// How reports name the case: the file name, or `line N` in a JSONL corpus.
    pub fn name(&self) -> String {
        match &self.place {
            Place::File { name, .. } => name.clone(),
            Place::Line { line, .. } => format!("line {line}"),
        }
    }

    /// Where it came from, for messages: the file's path, or `FILE line N`.
    pub fn origin(&self) -> String {
        match &self.place {
            Place::File { path, .. } => path.clone(),
            Place::Line { origin, line } => format!("{origin} line {line}"),
        }
    }
}

/// What a worked case says about itself. A bare facts object has neither.
#[derive(Clone, Debug, Default)]
pub struct Header {
    /// `"policy"`: the name of the policy the case is for.
    pub policy: Option<String>,
    /// `"expect"`, left as JSON for the caller to read.
    pub expect: Option<Json>,
    /// Whether the case is a worked case (it has `"facts"`).
    pub worked: bool,
}

/// A case's outcome under one policy: the JSON `policy eval --format json`
/// prints, without the explanation trace.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// `{"policy", "outputs", "decided_by", "overridden"}`
    Decided(Json),
    /// `{"policy", "error": {"kind", "message", "facts"}}`: a rejection
    /// (`kind` is `assumption`), facts that cannot be read, or an evaluation
    /// error.
    Error(Json),
}

impl Outcome {
    pub fn json(&self) -> &Json {
        match self {
            Outcome::Decided(j) | Outcome::Error(j) => j,
        }
    }

    /// The error's `kind`, or `None` for a decision.
    pub fn error_kind(&self) -> Option<&str> {
        match self {
            Outcome::Decided(_) => None,
            Outcome::Error(j) => Some(j["error"]["kind"].as_str().unwrap_or("error")),
        }
    }
}

impl Case {
    /// The worked-case header, read without looking at the facts themselves.
    pub fn header(&self) -> Result<Header, String> {
        #[derive(Deserialize)]
        struct Raw<'a> {
            #[serde(borrow, default)]
            policy: Option<&'a RawValue>,
            #[serde(borrow, default)]
            facts: Option<&'a RawValue>,
            #[serde(borrow, default)]
            expect: Option<&'a RawValue>,
        }
        let text = self.text.as_deref().map_err(String::clone)?;
        // An editor's byte-order mark is no part of the JSON.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // serde would read a struct from an array too; a case is an object.
        if !text.trim_start().starts_with('{') {
            return Err(format!("{}: not a JSON object", self.origin()));
        }
        let raw: Raw<'_> = serde_json::from_str(text)
            .map_err(|e| format!("{}: not a JSON object: {e}", self.origin()))?;
        if raw.facts.is_none() {
            return Ok(Header::default());
        }
        let policy = raw
            .policy
            .map(|p| serde_json::from_str::<String>(p.get()))
            .transpose()
            .map_err(|_| format!("{}: \"policy\" must be a policy's name", self.origin()))?;
        let expect = raw
            .expect
            .map(|e| serde_json::from_str::<Json>(e.get()))
            .transpose()
            .map_err(|e| format!("{}: \"expect\" cannot be read: {e}", self.origin()))?;
        Ok(Header {
            policy,
            expect,
            worked: true,
        })
    }

    /// Decide this case under `program`.
    pub fn evaluate(&self, program: &Program) -> Outcome {
        match &self.text {
            Ok(text) => evaluate(program, text),
            Err(message) => Outcome::Error(json::error(&program.name, "io", message, &[])),
        }
    }
}

/// Decide one case's JSON text (bare facts or a worked case) under `program`:
/// the same outcome `policy eval` gives, as JSON.
pub fn evaluate(program: &Program, text: &str) -> Outcome {
    evaluate_with(&mut Decider::new(program), text)
}

/// [`evaluate`] with a [`Decider`] whose buffers are reused case after case.
pub fn evaluate_with(decider: &mut Decider<'_>, text: &str) -> Outcome {
    let program = decider.program();
    let facts = match crate::facts::read(program, text) {
        Ok(facts) => facts,
        Err(e) => return Outcome::Error(json::error(&program.name, e.kind, &e.message, &e.facts)),
    };
    match decider.decide(&facts) {
        Ok(decision) => Outcome::Decided(json::decision(program, &decision, None)),
        Err(Failure::Rejected(rejection)) => {
            let (message, named) = crate::render::rejection(program, &facts, &rejection);
            Outcome::Error(json::error(&program.name, "assumption", &message, &named))
        }
        Err(Failure::Error(e)) => {
            Outcome::Error(json::error(&program.name, e.kind(), &e.to_string(), &[]))
        }
    }
}

/// Whether two JSON values of an outcome are the same value: amounts compare
/// as decimals ("240.0" = "240.00" = 240, "50%" = "50.0%"), lists as sets,
/// everything else exactly.
pub fn same_value(a: &Json, b: &Json) -> bool {
    if let (Some(x), Some(y)) = (decimal(a), decimal(b)) {
        return x == y;
    }
    match (a, b) {
        (Json::Array(x), Json::Array(y)) => x.len() == y.len() && x.iter().all(|v| y.contains(v)),
        _ => a == b,
    }
}

fn decimal(j: &Json) -> Option<rust_decimal::Decimal> {
    let text = match j {
        Json::String(s) => s.strip_suffix('%').unwrap_or(s),
        Json::Number(n) => return n.to_string().parse().ok(),
        _ => return None,
    };
    // Dates and words are not amounts.
    let numeric = |b: u8| b.is_ascii_digit() || b == b'.' || b == b'-';
    if text.is_empty() || !text.bytes().all(numeric) {
        return None;
    }
    text.parse().ok()
}

/// How much of a JSONL corpus is read at once: large reads, few system calls.
const READ_BUFFER: usize = 1 << 18;

/// The cases of a corpus, one at a time.
pub struct Corpus {
    source: Source,
}

enum Source {
    Files(std::vec::IntoIter<PathBuf>),
    Lines {
        reader: Box<dyn BufRead + Send>,
        /// How messages name the file: its path, or `standard input`.
        origin: Arc<str>,
        line: usize,
        done: bool,
    },
}

/// Open a corpus: a directory of `*.json` case files, one `.json` case file,
/// a JSONL file, or `-` for JSONL on standard input.
pub fn open(path: &str) -> Result<Corpus, String> {
    if path == "-" {
        let reader = Box::new(BufReader::with_capacity(READ_BUFFER, std::io::stdin()));
        return Ok(lines(reader, "standard input".into()));
    }
    let p = Path::new(path);
    if p.is_dir() {
        return directory(p);
    }
    if p.extension().is_some_and(|e| e == "json") {
        if !p.is_file() {
            return Err(format!("{path} does not exist"));
        }
        return Ok(Corpus {
            source: Source::Files(vec![p.to_path_buf()].into_iter()),
        });
    }
    let file = File::open(p).map_err(|e| format!("cannot read {path}: {e}"))?;
    Ok(lines(
        Box::new(BufReader::with_capacity(READ_BUFFER, file)),
        path.to_string(),
    ))
}

/// The `*.json` files directly in `dir`, in name order (so reports are stable).
pub fn directory(dir: &Path) -> Result<Corpus, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    Ok(Corpus {
        source: Source::Files(files.into_iter()),
    })
}

fn lines(reader: Box<dyn BufRead + Send>, origin: String) -> Corpus {
    Corpus {
        source: Source::Lines {
            reader,
            origin: origin.into(),
            line: 0,
            done: false,
        },
    }
}

impl Iterator for Corpus {
    type Item = Case;

    fn next(&mut self) -> Option<Case> {
        match &mut self.source {
            Source::Files(files) => files.next().map(|path| file_case(&path)),
            Source::Lines {
                reader,
                origin,
                line,
                done,
            } => {
                // Blank lines are not cases, but they still count as lines,
                // so `line N` is what an editor shows.
                while !*done {
                    *line += 1;
                    let place = Place::Line {
                        origin: Arc::clone(origin),
                        line: *line,
                    };
                    match next_line(reader.as_mut()) {
                        Ok(None) => *done = true,
                        Ok(Some(Ok(text))) if text.trim().is_empty() => continue,
                        Ok(Some(text)) => {
                            let text = text.map_err(|e| format!("{origin} line {line}: {e}"));
                            return Some(Case { text, place });
                        }
                        Err(e) => {
                            // A read error ends the stream: report it once, as
                            // a case that cannot be read.
                            *done = true;
                            return Some(Case {
                                text: Err(format!("cannot read {origin}: {e}")),
                                place,
                            });
                        }
                    }
                }
                None
            }
        }
    }
}

fn file_case(path: &Path) -> Case {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let text = match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_FACTS_BYTES as u64 => Err(format!(
            "{}: larger than {MAX_FACTS_BYTES} bytes",
            path.display()
        )),
        _ => crate::cli::read_text(path),
    };
    Case::from_file(name, path.display().to_string(), text)
}

/// The next line, without its line ending; `Ok(Some(Err))` for a line that is
/// too long or not UTF-8 (the rest of that line is skipped, the stream goes
/// on); `Ok(None)` at the end.
fn next_line(reader: &mut dyn BufRead) -> std::io::Result<Option<Result<String, String>>> {
    // Room for a typical case line at once, rather than growing by doubling.
    let mut bytes = Vec::with_capacity(512);
    let limit = MAX_FACTS_BYTES as u64 + 1;
    let n = <&mut dyn BufRead as std::io::Read>::take(&mut *reader, limit)
        .read_until(b'\n', &mut bytes)?;
    if n == 0 {
        return Ok(None);
    }
    if bytes.last() != Some(&b'\n') && bytes.len() as u64 >= limit {
        skip_line(reader)?;
        return Ok(Some(Err(format!(
            "the line is longer than {MAX_FACTS_BYTES} bytes"
        ))));
    }
    while matches!(bytes.last(), Some(b'\n' | b'\r')) {
        bytes.pop();
    }
    Ok(Some(String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })))
}

fn skip_line(reader: &mut dyn BufRead) -> std::io::Result<()> {
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(());
        }
        match available.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = available.len();
                reader.consume(n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(text: &'static str) -> Vec<Case> {
        lines(Box::new(text.as_bytes()), "cases.jsonl".into()).collect()
    }

    #[test]
    fn jsonl_names_cases_by_line_and_skips_blank_lines() {
        let cases = corpus("{\"a\": 1}\n\n{\"b\": 2}\r\n");
        let names: Vec<String> = cases.iter().map(Case::name).collect();
        assert_eq!(names, ["line 1", "line 3"]);
        assert_eq!(cases[1].origin(), "cases.jsonl line 3");
        assert_eq!(cases[1].text.as_deref(), Ok("{\"b\": 2}"));
    }

    #[test]
    fn an_overlong_line_is_one_bad_case_and_the_next_line_still_reads() {
        let long: &'static str = Box::leak(
            format!("{}\n{{\"ok\": true}}\n", "x".repeat(MAX_FACTS_BYTES + 10)).into_boxed_str(),
        );
        let cases = corpus(long);
        assert_eq!(cases.len(), 2);
        assert!(cases[0].text.is_err());
        assert_eq!(cases[1].text.as_deref(), Ok("{\"ok\": true}"));
    }

    #[test]
    fn amounts_compare_as_decimals_and_nothing_else_does() {
        use serde_json::json;
        assert!(same_value(&json!("240.0"), &json!("240.00")));
        assert!(same_value(&json!(240), &json!("240.00")));
        assert!(!same_value(&json!("240.01"), &json!("240.00")));
        assert!(!same_value(&json!("2026-01-01"), &json!("2026-01-02")));
        assert!(same_value(
            &json!(["name", "plan"]),
            &json!(["plan", "name"])
        ));
        assert!(!same_value(&json!(null), &json!("0.00")));
    }

    #[test]
    fn a_header_tells_worked_cases_from_bare_facts() {
        let case = |text: &str| Case::from_file("c".into(), "c".into(), Ok(text.into()));
        let worked = case(r#"{"policy": "p", "facts": {}, "expect": {"error": []}}"#);
        let header = worked.header().unwrap();
        assert!(header.worked);
        assert_eq!(header.policy.as_deref(), Some("p"));
        assert!(!case(r#"{"paid": "1"}"#).header().unwrap().worked);
        assert!(case("[1]").header().is_err());
    }
}
