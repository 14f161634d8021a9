//! `policy test` results for people, as JSON, and as JUnit XML.

use std::fmt::Write as _;

use serde_json::{json, Value as Json};

use super::{Difference, Got, Suite};
use crate::program::Program;
use crate::render::json as render;

/// Failing cases with what differs, each policy's coverage, then the line
/// `N passed, M failed`.
pub fn human(suites: &[Suite], passed: usize, failed: usize) -> String {
    let mut out = String::new();
    for suite in suites {
        if suite.policy.is_empty() && suite.error.is_none() {
            let _ = writeln!(out, "{}: cases without a policy", suite.file);
        } else {
            let _ = writeln!(
                out,
                "{} ({}): {} {}",
                suite.file,
                suite.policy,
                suite.results.len(),
                if suite.results.len() == 1 {
                    "case"
                } else {
                    "cases"
                }
            );
        }
        if let Some(error) = &suite.error {
            let _ = writeln!(out, "  error: {error}");
            continue;
        }
        for result in suite.results.iter().filter(|r| !r.differences.is_empty()) {
            let _ = writeln!(out, "  FAIL {} ({})", result.name, result.file);
            for d in &result.differences {
                let _ = writeln!(out, "    {}", line(suite, d));
            }
        }
        if !suite.clauses.is_empty() {
            let uncovered = suite.uncovered();
            let covered = suite.clauses.len() - uncovered.len();
            let _ = write!(
                out,
                "  clause coverage: {covered} of {} clauses decide some case",
                suite.clauses.len()
            );
            if uncovered.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "; no case is decided by {}", uncovered.join(", "));
            }
        }
    }
    let _ = writeln!(out, "{passed} passed, {failed} failed");
    out
}

/// What a case got, as the JSON report shows it: values as the policy's
/// decisions write them, an error as its object.
fn got(suite: &Suite, got: &Got) -> Json {
    let program: Option<&Program> = suite.prepared.as_ref().map(|p| p.program());
    let clause = |c: &usize| {
        program
            .and_then(|p| p.clauses.get(*c))
            .map_or(Json::Null, |c| json!(c.id))
    };
    match (got, program) {
        (Got::Value(o, value), Some(p)) => match p.outputs.get(*o) {
            Some(def) => render::value(p, def.ty, value),
            None => Json::Null,
        },
        (Got::Clause(c), _) => c.as_ref().map_or(Json::Null, clause),
        (Got::Clauses(cs), _) => cs.iter().map(clause).collect(),
        (Got::Error(e), _) => render::error_object(e),
        (Got::Decision(d), Some(p)) => {
            json!({ "outputs": render::outputs(p, d), "decided_by": render::decided_by(p, d) })
        }
        (Got::Problem(message), _) => Json::String(message.clone()),
        (Got::Value(..) | Got::Decision(_), None) => Json::Null,
    }
}

/// `refund: expected 240.00, got 100.00`
fn line(suite: &Suite, d: &Difference) -> String {
    let got = got(suite, &d.got);
    if d.what == "case" {
        return format!("cannot run: {}", show(&got));
    }
    let expected = match &d.expected {
        Json::Array(facts) if d.what == "error" => format!("an error naming {}", show_list(facts)),
        other => show(other),
    };
    format!("{}: expected {expected}, got {}", d.what, show(&got))
}

/// A JSON value as a person reads it: strings bare, an error by its kind,
/// message and facts.
fn show(j: &Json) -> String {
    match j {
        Json::String(s) => s.clone(),
        Json::Null => "nothing".into(),
        Json::Array(items) if items.is_empty() => "[]".into(),
        Json::Array(items) => format!(
            "[{}]",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        Json::Object(o) if o.contains_key("kind") => format!(
            "{} error naming {}: {}",
            show(&o["kind"]),
            o["facts"]
                .as_array()
                .map(|f| show_list(f))
                .unwrap_or_default(),
            show(&o["message"])
        ),
        Json::Object(o) if o.contains_key("outputs") => {
            let outputs: Vec<String> = o["outputs"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| format!("{k} = {}", show(v)))
                        .collect()
                })
                .unwrap_or_default();
            format!("a decision: {}", outputs.join(", "))
        }
        other => other.to_string(),
    }
}

pub fn json(suites: &[Suite], passed: usize, failed: usize, require_coverage: bool) -> Json {
    let policies: Vec<Json> = suites
        .iter()
        .map(|suite| {
            let cases: Vec<Json> = suite
                .results
                .iter()
                .map(|r| {
                    let differences: Vec<Json> = r
                        .differences
                        .iter()
                        .map(|d| {
                            json!({ "what": d.what, "expected": d.expected, "got": got(suite, &d.got) })
                        })
                        .collect();
                    json!({
                        "case": r.name,
                        "file": r.file,
                        "passed": differences.is_empty(),
                        "differences": differences,
                    })
                })
                .collect();
            let covered: Vec<&str> = suite
                .clauses
                .iter()
                .filter(|(_, c)| *c)
                .map(|(id, _)| id.as_str())
                .collect();
            json!({
                "file": suite.file,
                "policy": if suite.policy.is_empty() { Json::Null } else { json!(suite.policy) },
                "error": suite.error,
                "passed": suite.results.len() - suite.failed(),
                "failed": suite.failed(),
                "cases": cases,
                "coverage": {
                    "clauses": suite.clauses.len(),
                    "covered": covered,
                    "uncovered": suite.uncovered(),
                },
            })
        })
        .collect();
    json!({
        "passed": passed,
        "failed": failed,
        "require_coverage": require_coverage,
        "policies": policies,
    })
}

/// JUnit XML: a `testsuite` per policy, a `testcase` per worked case, and a
/// `clause coverage` testcase that fails under `--require-coverage`.
pub fn junit(suites: &[Suite], require_coverage: bool) -> String {
    let mut body = String::new();
    let (mut total, mut failures, mut errors) = (0, 0, 0);
    for suite in suites {
        let name = if suite.policy.is_empty() {
            format!("{} (cases without a policy)", suite.file)
        } else {
            suite.policy.clone()
        };
        let mut cases = String::new();
        let (mut tests, mut failed) = (0, 0);
        for r in &suite.results {
            tests += 1;
            let _ = write!(
                cases,
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\"",
                escape(&r.name),
                escape(&name),
                escape(&r.file)
            );
            if r.differences.is_empty() {
                cases.push_str("/>\n");
                continue;
            }
            failed += 1;
            let text: Vec<String> = r.differences.iter().map(|d| line(suite, d)).collect();
            let _ = write!(
                cases,
                ">\n      <failure message=\"{}\" type=\"expectation\">{}</failure>\n    </testcase>\n",
                escape(text.first().map_or("", String::as_str)),
                escape(&text.join("\n"))
            );
        }
        let uncovered = suite.uncovered();
        if !suite.clauses.is_empty() {
            tests += 1;
            let _ = write!(
                cases,
                "    <testcase name=\"clause coverage\" classname=\"{}\" file=\"{}\"",
                escape(&name),
                escape(&suite.file)
            );
            if require_coverage && !uncovered.is_empty() {
                failed += 1;
                let message = format!("no case is decided by {}", uncovered.join(", "));
                let _ = write!(
                    cases,
                    ">\n      <failure message=\"{0}\" type=\"coverage\">{0}</failure>\n    </testcase>\n",
                    escape(&message)
                );
            } else if !uncovered.is_empty() {
                let message = format!("no case is decided by {}", uncovered.join(", "));
                let _ = write!(
                    cases,
                    ">\n      <system-out>{}</system-out>\n    </testcase>\n",
                    escape(&message)
                );
            } else {
                cases.push_str("/>\n");
            }
        }
        let mut error = 0;
        if let Some(message) = &suite.error {
            error = 1;
            tests += 1;
            let _ = write!(
                cases,
                "    <testcase name=\"policy\" classname=\"{0}\" file=\"{0}\">\n      <error message=\"{1}\"/>\n    </testcase>\n",
                escape(&suite.file),
                escape(message)
            );
        }
        total += tests;
        failures += failed;
        errors += error;
        let _ = write!(
            body,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failed}\" errors=\"{error}\">\n{cases}  </testsuite>\n",
            escape(&name)
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"policy test\" tests=\"{total}\" failures=\"{failures}\" errors=\"{errors}\">\n{body}</testsuites>\n"
    )
}

/// Text for an XML attribute or element: the five special characters as
/// entities, and control characters XML 1.0 cannot hold left out.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

fn show_list(items: &[Json]) -> String {
    if items.is_empty() {
        "no facts".into()
    } else {
        items.iter().map(show).collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn xml_special_characters_become_entities() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
    }
}
