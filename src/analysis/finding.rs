//! Findings of the analysis, as reports that point at the clause or output
//! concerned; conflicts and gaps carry the witness case as facts JSON.

use miette::{Diagnostic, SourceSpan};
use serde_json::{Map, Value as Json};
use thiserror::Error;

use super::clause_id_span;
use crate::program::{ClauseId, OutputId, Program, Value};
use crate::render::json;

/// What `policy check` finds about a checked policy beyond its types, with
/// a witness case where one shows it.
#[derive(Clone, Debug, Error, Diagnostic)]
pub enum Finding {
    /// Two clauses can decide one output for the same case, and no precedence orders them.
    #[error("clauses `{first}` and `{second}` can both decide `{output}`, and no precedence orders them")]
    #[diagnostic(
        code(policy::conflict),
        help("both apply to this case:\n  {shown}\nstate which wins:\n{orders}")
    )]
    Conflict {
        /// The first clause's id.
        first: String,
        /// The second clause's id.
        second: String,
        /// The output.
        output: String,
        /// A case showing it, as case JSON.
        witness: Json,
        /// The witness, for the message.
        shown: String,
        /// Each precedence the author could state, and what the witness
        /// gets under it.
        orders: String,
        /// Where the first clause is.
        #[label("this clause applies")]
        first_span: SourceSpan,
        /// Where the second clause (or rule) is.
        #[label("and so does this one")]
        second_span: SourceSpan,
    },

    /// One clause's rules can set one output twice for the same case.
    #[error("two rules of clause `{clause}` can both decide `{output}`")]
    #[diagnostic(
        code(policy::conflict),
        help("make their conditions exclusive, or join them with `, otherwise`; both fire for this case:\n  {shown}")
    )]
    SetTwice {
        /// The clause's id.
        clause: String,
        /// The output.
        output: String,
        /// A case showing it, as case JSON.
        witness: Json,
        /// The witness, for the message.
        shown: String,
        /// Where the first clause is.
        #[label("this rule fires")]
        first_span: SourceSpan,
        /// Where the second clause (or rule) is.
        #[label("and so does this one")]
        second_span: SourceSpan,
    },

    /// A case no clause decides a required output for.
    #[error("some cases get no `{output}`")]
    #[diagnostic(
        code(policy::gap),
        help("add a clause for cases like this one, or declare the output `optional`:\n  {shown}")
    )]
    Gap {
        /// The output.
        output: String,
        /// A case showing it, as case JSON.
        witness: Json,
        /// The witness, for the message.
        shown: String,
        /// Where it is written.
        #[label("no clause decides this for the case below")]
        span: SourceSpan,
    },

    /// No case meets every assumption.
    #[error("no case satisfies all the assumptions")]
    #[diagnostic(
        code(policy::unsatisfiable),
        help("every case would be rejected; check the assumptions for a contradiction")
    )]
    UnsatisfiableAssumptions {
        /// Where it is written.
        #[label("the assumptions start here")]
        span: SourceSpan,
    },

    /// A clause no valid case makes apply.
    #[error("clause `{clause}` can never apply to a valid case")]
    #[diagnostic(
        code(policy::dead_clause),
        severity(Warning),
        help("its conditions contradict each other or the assumptions")
    )]
    NeverApplies {
        /// The clause's id.
        clause: String,
        /// Where it is written.
        #[label("never applies")]
        span: SourceSpan,
    },

    /// A clause that applies only where a stronger one always does.
    #[error(
        "clause `{clause}` never decides anything: whenever it applies, {by} takes precedence"
    )]
    #[diagnostic(
        code(policy::shadowed_clause),
        severity(Warning),
        help("remove it, or narrow the clauses above it")
    )]
    Shadowed {
        /// The clause's id.
        clause: String,
        /// The clause that shadows it.
        by: String,
        /// Where it is written.
        #[label("always overridden")]
        span: SourceSpan,
    },

    /// A fact nothing reads.
    #[error("fact `{name}` is never used")]
    #[diagnostic(
        code(policy::unused_fact),
        severity(Warning),
        help("remove it, or use it in a clause")
    )]
    UnusedFact {
        /// Its name.
        name: String,
        /// Where it is written.
        #[label("declared here")]
        span: SourceSpan,
    },

    /// A definition nothing reads.
    #[error("definition `{name}` is never used")]
    #[diagnostic(
        code(policy::unused_definition),
        severity(Warning),
        help("remove it, or use it in a clause")
    )]
    UnusedDefinition {
        /// Its name.
        name: String,
        /// Where it is written.
        #[label("defined here")]
        span: SourceSpan,
    },

    /// A valid case on which evaluation stops with a run-time error.
    #[error("{message}")]
    #[diagnostic(
        code(policy::may_fail),
        severity(Warning),
        help("this valid case stops with that error, so it gets no decision:\n  {shown}\nrule such cases out with an assumption, or guard the expression")
    )]
    MayFail {
        /// The error the witness ends in.
        message: String,
        /// A case showing it, as case JSON.
        witness: Json,
        /// The witness, for the message.
        shown: String,
        /// Where evaluation stops.
        #[label("here")]
        span: SourceSpan,
    },

    /// A question the solver could not settle within its budget.
    #[error("the solver could not settle {what} within its budget ({seconds} s)")]
    #[diagnostic(
        code(policy::undecided),
        severity(Warning),
        help("nothing is claimed about this question; please report the policy, so the engine can learn to answer it")
    )]
    Undecided {
        /// What could not be settled.
        what: String,
        /// How long the solver tried, in seconds.
        seconds: String,
        /// What the question is about.
        #[label("this is what the question is about")]
        span: SourceSpan,
    },

    /// Something of the policy the engine does not encode: nothing is
    /// claimed for it.
    #[error("the analysis does not cover {what}")]
    #[diagnostic(
        code(policy::not_analysed),
        severity(Warning),
        help("no conflict, gap or failure is claimed for this policy")
    )]
    NotCovered {
        /// What the engine cannot encode.
        what: String,
        /// Where it is written.
        #[label("here")]
        span: SourceSpan,
    },

    /// A witness `eval` contradicts: a fault of the analysis itself.
    #[error("internal error in the analysis: {what}; this is a bug in policy")]
    #[diagnostic(code(policy::internal))]
    Internal {
        /// What went wrong.
        what: String,
    },
}

impl Finding {
    /// Whether it is an error (the check fails) rather than a warning.
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            Finding::Conflict { .. }
                | Finding::SetTwice { .. }
                | Finding::Gap { .. }
                | Finding::UnsatisfiableAssumptions { .. }
                | Finding::Internal { .. }
        )
    }

    /// The witness case, if the finding has one.
    pub fn witness(&self) -> Option<&Json> {
        match self {
            Finding::Conflict { witness, .. }
            | Finding::SetTwice { witness, .. }
            | Finding::Gap { witness, .. }
            | Finding::MayFail { witness, .. } => Some(witness),
            _ => None,
        }
    }

    pub(super) fn conflict(
        program: &Program,
        a: ClauseId,
        b: ClauseId,
        output: OutputId,
        values: &[Value],
    ) -> Finding {
        Finding::Conflict {
            first: program.clauses[a].id.clone(),
            second: program.clauses[b].id.clone(),
            output: program.outputs[output].name.clone(),
            orders: orders(program, a, b, output, values),
            shown: shown(program, values),
            witness: facts_json(program, values),
            first_span: clause_id_span(program, a).into(),
            second_span: clause_id_span(program, b).into(),
        }
    }

    /// Rules `a` and `b` of `clause` both set `output` for the case `values`.
    pub(super) fn set_twice(
        program: &Program,
        (clause, a, b): (ClauseId, usize, usize),
        output: OutputId,
        values: &[Value],
    ) -> Finding {
        // A rule is pointed at by its condition; one without fires whenever
        // the clause does, and the clause's id stands for it.
        let rule_span = |rule: usize| {
            program.clauses[clause]
                .rules
                .get(rule)
                .and_then(|r| r.condition.as_ref())
                .map_or_else(|| clause_id_span(program, clause), |c| c.span)
                .into()
        };
        Finding::SetTwice {
            clause: program.clauses[clause].id.clone(),
            output: program.outputs[output].name.clone(),
            shown: shown(program, values),
            witness: facts_json(program, values),
            first_span: rule_span(a),
            second_span: rule_span(b),
        }
    }

    pub(super) fn gap(program: &Program, output: OutputId, values: &[Value]) -> Finding {
        Finding::Gap {
            output: program.outputs[output].name.clone(),
            shown: shown(program, values),
            witness: facts_json(program, values),
            span: program.outputs[output].span.into(),
        }
    }
}

/// A witness for people: the facts object `policy eval --facts -` reads,
/// on one line.
fn shown(program: &Program, values: &[Value]) -> String {
    facts_json(program, values).to_string()
}

/// `precedence a > b` and `precedence b > a`, each with what the witness
/// gets under it, so the author picks the one the text means.
fn orders(
    program: &Program,
    a: ClauseId,
    b: ClauseId,
    output: OutputId,
    values: &[Value],
) -> String {
    let name = |c: ClauseId| program.clauses[c].id.as_str();
    [(a, b), (b, a)]
        .into_iter()
        .map(|(x, y)| {
            let ordered = program.with_precedence(x, y);
            let got = match crate::eval::Prepared::new(ordered).decide(values) {
                Ok(d) => {
                    let o = &program.outputs[output];
                    let value = json::value(program, o.ty, &d.outputs[output]);
                    let by = d.decided_by[output].map_or("no clause", |c| name(c));
                    format!("{} = {value} (by {by})", o.name)
                }
                Err(crate::eval::Failure::Error(e)) => format!("no decision: {e}"),
                Err(crate::eval::Failure::Rejected(_)) => "rejected".into(),
            };
            format!("  `precedence {} > {}` gives {got}", name(x), name(y))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl Finding {
    pub(super) fn may_fail(
        program: &Program,
        error: &crate::eval::EvalError,
        span: Option<crate::syntax::Span>,
        values: &[Value],
    ) -> Finding {
        let span = span.unwrap_or_default();
        Finding::MayFail {
            message: format!("a valid case can fail here: {error}"),
            witness: facts_json(program, values),
            shown: shown(program, values),
            span: span.into(),
        }
    }

    pub(super) fn internal(what: &str) -> Finding {
        Finding::Internal {
            what: what.to_string(),
        }
    }
}

/// A case as the facts JSON `policy eval --facts` reads.
pub fn facts_json(program: &Program, values: &[Value]) -> Json {
    let object: Map<String, Json> = program
        .facts
        .iter()
        .zip(values)
        .map(|(f, v)| (f.name.clone(), json::value(program, f.ty, v)))
        .collect();
    Json::Object(object)
}
