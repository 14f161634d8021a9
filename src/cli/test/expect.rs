//! A worked case's `expect`, compared with what the policy decided.
//!
//! `expect` may pin `outputs`, `decided_by`, `overridden`, or an `error` with
//! the facts it names. What it does not pin is not checked.

use serde::Deserialize;
use serde_json::{Map, Value as Json};

use crate::cases::{is_expected, CaseError, Outcome, Shown};
use crate::eval::Decision;
use crate::program::{ClauseId, OutputId, Program, Value};

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
    /// What the case file expects, as it writes it.
    pub expected: Json,
    /// What the case got instead.
    pub got: Got,
}

/// What a case got where it differs from what it expects: typed, shown by
/// the report.
#[derive(Clone, Debug, PartialEq)]
pub enum Got {
    /// An output's value.
    Value(OutputId, Value),
    /// The clause that decided an output, if one did.
    Clause(Option<ClauseId>),
    /// The clauses an output overrode.
    Clauses(Vec<ClauseId>),
    /// The error the case ended in.
    Error(CaseError),
    /// A decision, where an error was expected.
    Decision(Decision),
    /// Why the case cannot be run, or what is wrong with what it expects.
    Problem(String),
}

impl Difference {
    /// A case that cannot be run: it is not a worked case, or names no
    /// policy beside it.
    pub fn problem(message: String) -> Difference {
        Difference {
            what: "case".into(),
            expected: Json::String("a worked case".into()),
            got: Got::Problem(message),
        }
    }

    fn new(what: impl Into<String>, expected: Json, got: Got) -> Difference {
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
    let mut differences = Vec::new();
    let decision = match (outcome, &expect.error) {
        (Err(error), Some(named)) => {
            let same =
                error.facts.len() == named.len() && named.iter().all(|n| error.facts.contains(n));
            if !same {
                let want = Json::from(named.clone());
                differences.push(Difference::new("error", want, Got::Error(error.clone())));
            }
            return differences;
        }
        (Ok(decision), Some(named)) => {
            let want = Json::from(named.clone());
            differences.push(Difference::new(
                "error",
                want,
                Got::Decision(decision.clone()),
            ));
            return differences;
        }
        (Err(error), None) => {
            let want = Json::String("a decision".into());
            differences.push(Difference::new("error", want, Got::Error(error.clone())));
            return differences;
        }
        (Ok(decision), None) => decision,
    };
    for (name, want) in &expect.outputs {
        let Some(o) = program.output_named(name) else {
            let known: Vec<&str> = program.outputs.iter().map(|o| o.name.as_str()).collect();
            let problem = format!("no output named `{name}` (outputs: {})", known.join(", "));
            differences.push(Difference::new(
                name.clone(),
                want.clone(),
                Got::Problem(problem),
            ));
            continue;
        };
        let (Some(def), Some(value)) = (program.outputs.get(o), decision.outputs.get(o)) else {
            continue;
        };
        let got = Shown {
            program,
            ty: def.ty,
            value,
        };
        if !is_expected(want, got) {
            let got = Got::Value(o, value.clone());
            differences.push(Difference::new(name.clone(), want.clone(), got));
        }
    }
    let output = |name: &str| program.output_named(name);
    for (name, want) in &expect.decided_by {
        let clause = output(name).and_then(|o| decision.decided_by.get(o).copied().flatten());
        let got = clause
            .and_then(|c| program.clauses.get(c))
            .map_or(Json::Null, |c| Json::String(c.id.clone()));
        if *want != got {
            let what = format!("decided_by.{name}");
            differences.push(Difference::new(what, want.clone(), Got::Clause(clause)));
        }
    }
    for (name, want) in &expect.overridden {
        let clauses: Vec<ClauseId> = output(name)
            .and_then(|o| decision.overridden.get(o))
            .map(|list| list.to_vec())
            .unwrap_or_default();
        let mut wanted: Vec<String> = want
            .as_array()
            .map(|a| a.iter().map(|c| c.to_string()).collect())
            .unwrap_or_default();
        let mut got: Vec<String> = clauses
            .iter()
            .filter_map(|&c| program.clauses.get(c))
            .map(|c| Json::String(c.id.clone()).to_string())
            .collect();
        // Order among overridden clauses carries no meaning.
        wanted.sort();
        got.sort();
        if wanted != got {
            let what = format!("overridden.{name}");
            differences.push(Difference::new(what, want.clone(), Got::Clauses(clauses)));
        }
    }
    differences
}
