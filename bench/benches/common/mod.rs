//! What the benchmarks share: the shipped policies, the generated cases, the
//! baselines (a hand-written function and the Rego reading under regorus),
//! and one comparable view of a decision so that every engine is checked
//! against policy before anything is timed.

#![allow(dead_code)]

pub mod handwritten;

pub use policy_gen as gen_cases;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use policy::eval::{Decision, Failure, Prepared};
use policy::program::{Program, Value};
use rust_decimal::Decimal;
use serde_json::Value as Json;

pub use gen_cases::{Generator, Options, Policy};

/// The Rego reading of refunds.policy, the peer's input.
pub const REFUNDS_REGO: &str = include_str!("refunds.rego");
pub const REGO_ENTRY: &str = "data.refunds.decision";

pub fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Compile `policies/webpro/{name}.policy`, prepared to decide cases.
pub fn program(name: &str) -> Prepared {
    let path = repository().join(format!("policies/webpro/{name}.policy"));
    let text = std::fs::read_to_string(&path).expect("the shipped policy is readable");
    match policy::compile::compile(&format!("{name}.policy"), &text) {
        Ok(program) => Prepared::new(program),
        Err(problems) => panic!("{name}.policy does not compile: {:?}", problems.reports()),
    }
}

/// `count` generated case lines.
pub fn cases(policy: Policy, count: usize, seed: u64, rejected: f64) -> Vec<String> {
    let mut generator = Generator::new(Options {
        policy,
        seed,
        rejected,
        malformed: 0.0,
    });
    (0..count)
        .map(|_| {
            let mut line = String::new();
            generator.line(&mut line);
            line
        })
        .collect()
}

/// The one refunds case the single-decision benchmarks use: the worked
/// example of Cancellation ¶3 (pro-rata), which reads every definition.
pub const REFUNDS_CASE: &str = r#"{"commenced":"2026-01-01","plan_ends":"2027-01-01","requested":"2026-03-16","paid":"240.00","installation_fee":"30.00","registration_fee":"10.00","servicing_fee":"25.00","issues_resolved":1,"primary_resolved_on":"2026-01-05","reason":"dissatisfied","channel":"email","stated":["name","customer_id","plan","reason"]}"#;

/// A privacy question where a forbid beats a permit (two clauses apply).
pub const PRIVACY_CASE: &str = r#"{"action":"use","data":"traffic","purpose":"statistics","recipient":"webpro","user_authorized":false,"identifies_user":true}"#;

/// A decision as every engine can give it: amounts in cents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum View {
    Decided {
        refund: i64,
        retained: i64,
        discretionary_max: Option<i64>,
        respond_by: String,
        unmet: Vec<String>,
        decided_by: String,
    },
    /// The facts the first broken assumption names.
    Rejected(Vec<String>),
}

fn cents_of_decimal(d: Decimal) -> i64 {
    let c = d * Decimal::ONE_HUNDRED;
    assert!(c.fract().is_zero(), "{d} is not a whole number of cents");
    i64::try_from(c.trunc()).expect("cents fit in i64")
}

fn cents_of_json(j: &Json) -> i64 {
    match j {
        Json::String(s) => cents_of_decimal(s.parse().expect("an amount")),
        Json::Number(n) => {
            let f = n.as_f64().expect("a number");
            assert!(f.fract() == 0.0, "{f} is not a whole number of cents");
            f as i64
        }
        other => panic!("not an amount: {other}"),
    }
}

/// policy's decision, read back from its JSON rendering.
pub fn policy_view(program: &Program, result: &Result<Decision, Failure>) -> View {
    match result {
        Ok(decision) => {
            let json = policy::render::json::decision(program, decision, None);
            let o = &json["outputs"];
            View::Decided {
                refund: cents_of_json(&o["refund"]),
                retained: cents_of_json(&o["retained"]),
                discretionary_max: (!o["discretionary_max"].is_null())
                    .then(|| cents_of_json(&o["discretionary_max"])),
                respond_by: o["respond_by"].as_str().expect("a date").to_string(),
                unmet: strings(&o["unmet"]),
                decided_by: json["decided_by"]["refund"]
                    .as_str()
                    .expect("a clause decides the refund")
                    .to_string(),
            }
        }
        Err(Failure::Rejected(rejection)) => View::Rejected(
            program.assumptions[rejection.assumption]
                .naming
                .iter()
                .map(|&f| program.facts[f].name.clone())
                .collect(),
        ),
        Err(Failure::Error(e)) => panic!("policy failed on a generated case: {e}"),
    }
}

fn strings(j: &Json) -> Vec<String> {
    j.as_array()
        .expect("a list")
        .iter()
        .map(|s| s.as_str().expect("a string").to_string())
        .collect()
}

/// The assumption the hand-written function reports, as the facts it names.
const NAMED: [&[&str]; 10] = [
    &["commenced", "requested"],
    &["commenced", "plan_ends"],
    &["paid"],
    &["installation_fee"],
    &["registration_fee"],
    &["servicing_fee"],
    &["installation_fee", "registration_fee", "paid"],
    &["issues_resolved"],
    &["primary_resolved_on"],
    &["primary_resolved_on", "issues_resolved"],
];

pub fn handwritten_view(result: &Result<handwritten::Outcome, usize>) -> View {
    match result {
        Ok(o) => {
            let labels = [
                (handwritten::EMAIL, "email"),
                (handwritten::NAME, "name"),
                (handwritten::CUSTOMER_ID, "customer_id"),
                (handwritten::PLAN, "plan"),
                (handwritten::REASON, "reason"),
            ];
            View::Decided {
                refund: cents_of_decimal(o.refund),
                retained: cents_of_decimal(o.retained),
                discretionary_max: o.discretionary_max.map(cents_of_decimal),
                respond_by: o.respond_by.to_string(),
                unmet: labels
                    .iter()
                    .filter(|(bit, _)| o.unmet & bit != 0)
                    .map(|(_, l)| l.to_string())
                    .collect(),
                decided_by: o.decided_by.id().to_string(),
            }
        }
        Err(k) => View::Rejected(NAMED[*k].iter().map(|s| s.to_string()).collect()),
    }
}

pub fn regorus_view(value: &regorus::Value) -> View {
    let json: Json = serde_json::from_str(&value.to_json_str().expect("JSON")).expect("JSON");
    if let Some(rejected) = json.get("rejected") {
        return View::Rejected(strings(rejected));
    }
    let cents = |j: &Json| {
        let f = j.as_f64().unwrap_or_else(|| panic!("not a number: {json}"));
        assert!(f.fract() == 0.0, "{f} is not a whole number of cents");
        f as i64
    };
    View::Decided {
        refund: cents(&json["refund"]),
        retained: cents(&json["retained"]),
        discretionary_max: (!json["discretionary_max"].is_null())
            .then(|| cents(&json["discretionary_max"])),
        respond_by: json["respond_by"].as_str().expect("a date").to_string(),
        unmet: strings(&json["unmet"]),
        decided_by: json["decided_by"].as_str().expect("a clause").to_string(),
    }
}

/// policy's fact slots as the hand-written function's typed facts.
pub fn typed_facts(program: &Program, facts: &[Value]) -> handwritten::Facts {
    use handwritten::{Channel, Reason};
    let slot = |name: &str| &facts[program.fact_named(name).expect("a refunds fact")];
    let date = |name: &str| match slot(name) {
        Value::Date(d) => *d,
        other => panic!("{name}: {other:?}"),
    };
    let money = |name: &str| match slot(name) {
        Value::Dec(d) => *d,
        other => panic!("{name}: {other:?}"),
    };
    let variant = |name: &str| match slot(name) {
        Value::Enum(i) => *i,
        other => panic!("{name}: {other:?}"),
    };
    handwritten::Facts {
        commenced: date("commenced"),
        plan_ends: date("plan_ends"),
        requested: date("requested"),
        paid: money("paid"),
        installation_fee: money("installation_fee"),
        registration_fee: money("registration_fee"),
        servicing_fee: money("servicing_fee"),
        issues_resolved: match slot("issues_resolved") {
            Value::Int(n) => *n,
            other => panic!("issues_resolved: {other:?}"),
        },
        primary_resolved_on: match slot("primary_resolved_on") {
            Value::Date(d) => Some(*d),
            _ => None::<NaiveDate>,
        },
        // Declaration order in refunds.policy.
        reason: [Reason::None, Reason::Unresolved, Reason::Dissatisfied]
            [variant("reason") as usize],
        channel: [Channel::Email, Channel::Phone, Channel::Chat][variant("channel") as usize],
        stated: match slot("stated") {
            Value::Set(s) => *s as u8,
            other => panic!("stated: {other:?}"),
        },
    }
}

/// The Rego reading, ready to run both ways regorus offers: its
/// tree-walking interpreter (`Engine`) and its bytecode VM (`RegoVM`).
pub struct Rego {
    pub engine: regorus::Engine,
    pub vm: regorus::rvm::RegoVM,
}

impl Rego {
    pub fn new() -> Rego {
        let mut engine = regorus::Engine::new();
        engine
            .add_policy("refunds.rego".to_string(), REFUNDS_REGO.to_string())
            .expect("the Rego reading parses");
        let compiled = engine
            .compile_with_entrypoint(&REGO_ENTRY.into())
            .expect("the Rego reading compiles");
        let program: Arc<regorus::rvm::Program> =
            regorus::languages::rego::compiler::Compiler::compile_from_policy(
                &compiled,
                &[REGO_ENTRY],
            )
            .expect("the Rego reading compiles to RVM bytecode");
        let mut vm = regorus::rvm::RegoVM::new();
        vm.load_program(program);
        Rego { engine, vm }
    }

    pub fn interpreted(&mut self, input: &regorus::Value) -> regorus::Value {
        self.engine.set_input(input.clone());
        self.engine
            .eval_rule(REGO_ENTRY.to_string())
            .expect("regorus evaluates")
    }

    pub fn compiled(&mut self, input: &regorus::Value) -> regorus::Value {
        self.vm.set_input(input.clone());
        self.vm.execute().expect("the RVM evaluates")
    }
}

/// Every engine gives policy's decision on `lines`: outputs, deciding
/// clause, or the facts a rejection names. Panics on the first difference,
/// so a wrong translation cannot produce a flattering ratio.
/// Returns how many cases each clause decided, and how many were rejected.
pub fn verify_refunds(
    prepared: &Prepared,
    rego: &mut Rego,
    lines: &[String],
) -> BTreeMap<String, usize> {
    let program = prepared.program();
    let mut decider = prepared.worker();
    let mut seen = BTreeMap::new();
    for line in lines {
        let facts = prepared.read(line).expect("generated facts are readable");
        let ours = policy_view(program, &decider.decide(&facts));
        let hand = handwritten_view(&handwritten::decide(&typed_facts(program, &facts)));
        assert_eq!(ours, hand, "hand-written function differs on {line}");
        let input = regorus::Value::from_json_str(line).expect("JSON");
        let interpreted = regorus_view(&rego.interpreted(&input));
        assert_eq!(ours, interpreted, "regorus (interpreter) differs on {line}");
        let compiled = regorus_view(&rego.compiled(&input));
        assert_eq!(ours, compiled, "regorus (RVM) differs on {line}");
        let key = match ours {
            View::Decided { decided_by, .. } => decided_by,
            View::Rejected(_) => "rejected".to_string(),
        };
        *seen.entry(key).or_insert(0) += 1;
    }
    seen
}

/// Median time per call of `f`, over `rounds` rounds of `per_round` calls.
pub fn median_per_call(rounds: usize, per_round: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..per_round {
                f();
            }
            start.elapsed() / per_round as u32
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}
