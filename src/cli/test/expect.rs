//! A worked case's `expect`, compared with what the policy decided.
//!
//! `expect` may pin `outputs`, `decided_by`, `overridden`, or an `error` with
//! the facts it names. What it does not pin is not checked.

use serde::Deserialize;
use serde_json::{Map, Value as Json};

use crate::cases::{same_value as same, Outcome};
use crate::program::Program;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    outputs: Map<String, Json>,
    #[serde(default)]
    decided_by: Map<String, Json>,
    #[serde(default)]
    overridden: Map<String, Json>,
    error: Option<Vec<String>>,
}

/// One way a case's outcome is not what it expects.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// What differs: `refund`, `decided_by.refund`, `error`, or `case` for a
    /// case that cannot be run at all.
    pub what: String,
    pub expected: Json,
    pub got: Json,
}

impl Difference {
    /// A case that cannot be run: it is not a worked case, or names no
    /// policy beside it.
    pub fn problem(message: String) -> Difference {
        Difference {
            what: "case".into(),
            expected: Json::String("a worked case".into()),
            got: Json::String(message),
        }
    }

    fn new(what: impl Into<String>, expected: Json, got: Json) -> Difference {
        Difference {
            what: what.into(),
            expected,
            got,
        }
    }
}

/// Every difference between `expect` and the outcome; empty when it passes.
pub fn compare(program: &Program, expect: Option<&Json>, outcome: &Outcome) -> Vec<Difference> {
    let Some(expect) = expect else {
        return vec![Difference::problem("it has no \"expect\"".into())];
    };
    let expect: Expect = match Expect::deserialize(expect) {
        Ok(e) => e,
        Err(e) => {
            return vec![Difference::problem(format!(
            "\"expect\" cannot be read: {e} (it may pin outputs, decided_by, overridden, or error)"
        ))]
        }
    };
    let got = outcome.json();
    let mut differences = Vec::new();
    if let Some(named) = &expect.error {
        let want = Json::from(named.clone());
        match outcome {
            Outcome::Error(_) => {
                let facts = &got["error"]["facts"];
                let got_names: Vec<&str> = facts
                    .as_array()
                    .map(|a| a.iter().filter_map(Json::as_str).collect())
                    .unwrap_or_default();
                let same = got_names.len() == named.len()
                    && named.iter().all(|n| got_names.contains(&n.as_str()));
                if !same {
                    differences.push(Difference::new("error", want, got["error"].clone()));
                }
            }
            Outcome::Decided(_) => {
                differences.push(Difference::new("error", want, decision_summary(got)));
            }
        }
        return differences;
    }
    if let Outcome::Error(_) = outcome {
        let want = Json::String("a decision".into());
        differences.push(Difference::new("error", want, got["error"].clone()));
        return differences;
    }
    for (name, want) in &expect.outputs {
        if program.outputs.iter().all(|o| &o.name != name) {
            let known: Vec<&str> = program.outputs.iter().map(|o| o.name.as_str()).collect();
            let problem = format!("no output named `{name}` (outputs: {})", known.join(", "));
            differences.push(Difference::new(
                name.clone(),
                want.clone(),
                Json::String(problem),
            ));
            continue;
        }
        let value = &got["outputs"][name];
        if !same(want, value) {
            differences.push(Difference::new(name.clone(), want.clone(), value.clone()));
        }
    }
    for (name, want) in &expect.decided_by {
        let value = &got["decided_by"][name];
        if want != value {
            let what = format!("decided_by.{name}");
            differences.push(Difference::new(what, want.clone(), value.clone()));
        }
    }
    for (name, want) in &expect.overridden {
        let value = &got["overridden"][name];
        let list = |j: &Json| -> Vec<String> {
            let mut v: Vec<String> = j
                .as_array()
                .map(|a| a.iter().map(|c| c.to_string()).collect())
                .unwrap_or_default();
            v.sort();
            v
        };
        // Order among overridden clauses carries no meaning.
        if list(want) != list(value) {
            let what = format!("overridden.{name}");
            let got = if value.is_null() {
                Json::Array(vec![])
            } else {
                value.clone()
            };
            differences.push(Difference::new(what, want.clone(), got));
        }
    }
    differences
}

/// A decision shown where an error was expected: the outputs and who decided.
fn decision_summary(got: &Json) -> Json {
    serde_json::json!({ "outputs": got["outputs"], "decided_by": got["decided_by"] })
}
