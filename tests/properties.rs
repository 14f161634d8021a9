//! Properties that must hold for every input, checked with proptest:
//!
//! - money is never lost: `refund + retained = paid` for every valid refunds
//!   case, and `0 <= refund <= paid`;
//! - a decision is a pure function of the facts: deciding twice, with a fresh
//!   or a reused decider, or in a batch through `policy eval --cases`, gives
//!   the same result;
//! - every witness `policy check` shows for a broken variant of
//!   refunds.policy really does what it claims;
//! - no text makes the parser or checker panic, and no facts text makes the
//!   facts reader or the evaluator panic.

// Tests assert by panicking: the library's lints against it do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::str::FromStr;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use rust_decimal::Decimal;
use serde_json::{json, Value as Json};

use policy::analysis::{analyse, Finding};
use policy::eval::{EvalError, Failure, Prepared};
use policy::render::json as render;

const REFUNDS: &str = include_str!("../policies/webpro/refunds.policy");
const PRIVACY: &str = include_str!("../policies/webpro/privacy.policy");
const COMMUNICATIONS: &str = include_str!("../policies/webpro/communications.policy");

fn compiled(name: &str, text: &str) -> Prepared {
    Prepared::new(
        policy::compile::compile(name, text)
            .unwrap_or_else(|p| panic!("{name} does not compile: {:?}", p.reports())),
    )
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Failures are reported with the case; no files left behind.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// --------------------------------------------------------------------------
// Generated refunds cases.

/// A date in 2025-2028, as days from 2025-01-01.
fn a_day() -> impl Strategy<Value = i64> {
    0i64..1460
}

fn date_text(days: i64) -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("a real date");
    (start + chrono::Duration::days(days)).to_string()
}

fn cents_text(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

const REASONS: [&str; 3] = ["none", "unresolved", "dissatisfied"];
const CHANNELS: [&str; 3] = ["email", "phone", "chat"];

/// Facts for a refunds case that satisfies every assumption, amounts in
/// whole cents.
fn valid_refunds_case() -> impl Strategy<Value = Json> {
    (
        a_day(),
        0i64..40,
        1i64..800,
        0i64..10_000_000,
        (0u32..=100, 0u32..=100),
        0i64..10_000_000,
        0i64..=5,
        (any::<bool>(), 0i64..40),
        (
            0usize..3,
            0usize..3,
            proptest::sample::subsequence(vec!["name", "customer_id", "plan", "reason"], 0..=4),
        ),
        prop_oneof![Just(0i64), 0i64..300, 300i64..800],
    )
        .prop_map(
            |(
                commenced,
                requested_after,
                plan_days,
                paid,
                (inst_pct, reg_pct),
                servicing,
                issues,
                (resolved, resolved_after),
                (reason, channel, stated),
                late,
            )| {
                let requested = commenced + requested_after + late;
                let installation = paid * i64::from(inst_pct) / 200;
                let registration = (paid - installation) * i64::from(reg_pct) / 200;
                let resolved_on = if resolved && issues >= 1 {
                    json!(date_text(
                        commenced + resolved_after.min(requested - commenced)
                    ))
                } else {
                    Json::Null
                };
                json!({
                    "commenced": date_text(commenced),
                    "plan_ends": date_text(commenced + plan_days),
                    "requested": date_text(requested),
                    "paid": cents_text(paid),
                    "installation_fee": cents_text(installation),
                    "registration_fee": cents_text(registration),
                    "servicing_fee": cents_text(servicing),
                    "issues_resolved": issues,
                    "primary_resolved_on": resolved_on,
                    "reason": REASONS[reason],
                    "channel": CHANNELS[channel],
                    "stated": stated,
                })
            },
        )
}

fn decimal(j: &Json) -> Decimal {
    let text = j.as_str().unwrap_or_else(|| panic!("not an amount: {j}"));
    Decimal::from_str(text).unwrap_or_else(|e| panic!("not an amount: {text}: {e}"))
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn refund_and_retained_add_up_to_what_was_paid(facts in valid_refunds_case()) {
        let prepared = refunds();
        let values = prepared.read(&facts.to_string())
            .map_err(|e| TestCaseError::fail(format!("unreadable: {e}")))?;
        let decision = prepared.decide(&values)
            .map_err(|e| TestCaseError::fail(format!("no decision: {e:?}")))?;
        let out = render::decision(prepared.program(), &decision, None);
        let (paid, refund, retained) = (
            decimal(&facts["paid"]),
            decimal(&out["outputs"]["refund"]),
            decimal(&out["outputs"]["retained"]),
        );
        prop_assert_eq!(refund + retained, paid, "{}", out);
        prop_assert!(refund >= Decimal::ZERO && refund <= paid, "{}", out);
        prop_assert_eq!(refund.scale(), 2, "refund not in cents: {}", out);
        prop_assert_eq!(retained.scale(), 2, "retained not in cents: {}", out);
    }

    #[test]
    fn deciding_is_deterministic(cases in proptest::collection::vec(valid_refunds_case(), 1..8)) {
        let prepared = refunds();
        let mut reused = prepared.worker();
        for facts in &cases {
            let values = prepared.read(&facts.to_string())
                .map_err(|e| TestCaseError::fail(format!("unreadable: {e}")))?;
            let first = prepared.decide(&values);
            let second = prepared.decide(&values);
            prop_assert_eq!(&first, &second);
            // A decider that has already decided other cases.
            prop_assert_eq!(&first, &reused.decide(&values));
        }
    }
}

fn refunds() -> &'static Prepared {
    static PROGRAM: std::sync::OnceLock<Prepared> = std::sync::OnceLock::new();
    PROGRAM.get_or_init(|| compiled("refunds.policy", REFUNDS))
}

/// `policy eval --cases` on a JSONL file gives, line for line, what deciding
/// each case alone gives, with unreadable and rejected lines mixed in.
#[test]
fn a_batch_decides_each_line_as_a_single_case_would() {
    let prepared = refunds();
    let program = prepared.program();
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let strategy = valid_refunds_case();
    let mut lines: Vec<String> = Vec::new();
    for i in 0..400 {
        let mut facts = strategy
            .new_tree(&mut runner)
            .expect("the strategy always yields")
            .current();
        match i % 10 {
            // Rejected: a request before commencement.
            7 => facts["requested"] = json!("2024-01-01"),
            // Unreadable: a misspelt fact, a wrong type, not JSON at all.
            8 => facts["issues_resolved"] = json!("two"),
            9 if i % 20 == 9 => {
                lines.push("{\"commenced\": ".to_string());
                continue;
            }
            _ => {}
        }
        lines.push(facts.to_string());
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_policy"))
        .args([
            "eval",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/policies/webpro/refunds.policy"
            ),
        ])
        .args(["--cases", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the policy binary runs");
    let input = lines.join("\n") + "\n";
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("the batch finishes");
    writer
        .join()
        .expect("the writer thread finishes")
        .expect("the batch reads all its input");
    let stdout = String::from_utf8(output.stdout).expect("the batch writes UTF-8");
    let got: Vec<&str> = stdout.lines().collect();
    assert_eq!(got.len(), lines.len(), "one line out per line in");
    for (n, (line, out)) in lines.iter().zip(&got).enumerate() {
        let batch: Json = serde_json::from_str(out)
            .unwrap_or_else(|e| panic!("line {}: not JSON ({e}): {out}", n + 1));
        let single = render::outcome(program, &policy::cases::outcome(prepared, line));
        // A batch error also names its line; the rest must be identical.
        let mut batch_without_case = batch.clone();
        if let Some(o) = batch_without_case.as_object_mut() {
            o.remove("case");
        }
        assert_eq!(
            batch_without_case,
            single,
            "line {} differs between batch and single: {line}",
            n + 1
        );
        if batch.get("error").is_some() {
            assert_eq!(
                batch["case"],
                json!(format!("line {}", n + 1)),
                "the error does not name its line: {}",
                batch
            );
        }
    }
}

// --------------------------------------------------------------------------
// Witnesses of the analysis.

const CLAUSE_IDS: [&str; 5] = [
    "cancellation.1",
    "cancellation.3",
    "refund.2",
    "refund.3",
    "refund.1",
];

/// Conditions of refunds.policy and what a mutation may put in their place.
const CONDITION_EDITS: [(&str, &str); 7] = [
    (
        "if issues_resolved = 0 and reason is one of dissatisfied, unresolved",
        "if issues_resolved = 0 and reason is dissatisfied",
    ),
    ("if reason is none\n", "if reason is none and paid > $100\n"),
    ("if reason is none\n", "if issues_resolved <= 2\n"),
    (
        "if issues_resolved >= 1 and reason is dissatisfied",
        "if issues_resolved >= 2 and reason is dissatisfied",
    ),
    ("when issues_resolved >= 1", "when issues_resolved >= 3"),
    (
        "if reason is unresolved and primary_failed",
        "if reason is unresolved",
    ),
    (
        "if issues_resolved = 0 and reason is one of dissatisfied, unresolved",
        "if issues_resolved <= 1",
    ),
];

const PRECEDENCE: &str =
    "precedence cancellation.1 > cancellation.3 > refund.2 > refund.3 > refund.1";

/// refunds.policy with its precedence replaced by `order` (none when empty)
/// and one condition edited.
fn variant(order: &[usize], edit: Option<usize>) -> String {
    let chain: Vec<&str> = order.iter().map(|&i| CLAUSE_IDS[i]).collect();
    let precedence = if chain.len() >= 2 {
        format!("precedence {}", chain.join(" > "))
    } else {
        String::new()
    };
    assert!(
        REFUNDS.contains(PRECEDENCE),
        "refunds.policy changed its precedence"
    );
    let mut text = REFUNDS.replace(PRECEDENCE, &precedence);
    if let Some((from, to)) = edit.map(|e| CONDITION_EDITS[e]) {
        assert!(
            text.contains(from),
            "refunds.policy no longer says {from:?}"
        );
        text = text.replacen(from, to, 1);
    }
    text
}

/// Check every witness of `text`'s analysis; the number of witnesses.
fn witnesses_hold(text: &str) -> Result<usize, TestCaseError> {
    let prepared = match policy::compile::compile("variant.policy", text) {
        Ok(p) => Prepared::new(p),
        Err(p) => {
            return Err(TestCaseError::fail(format!(
                "the variant does not compile: {:?}",
                p.reports()
            )))
        }
    };
    let program = prepared.program();
    // The same conditions under a total order: every case gets a decision,
    // which says which clauses apply.
    let ordered_text = text
        .lines()
        .filter(|l| !l.starts_with("precedence"))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
        + PRECEDENCE
        + "\n";
    let ordered = compiled("ordered.policy", &ordered_text);
    let mut count = 0;
    for finding in analyse(program) {
        let Some(witness) = finding.witness() else {
            continue;
        };
        count += 1;
        let facts = prepared
            .read(&witness.to_string())
            .map_err(|e| TestCaseError::fail(format!("witness {witness} cannot be read: {e}")))?;
        let got = prepared.decide(&facts);
        match &finding {
            Finding::Conflict {
                first,
                second,
                output,
                ..
            } => {
                let is_conflict = matches!(
                    &got,
                    Err(Failure::Error(EvalError::Conflict { output: o, .. })) if o == output
                );
                prop_assert!(
                    is_conflict,
                    "witness {} of the conflict between {} and {} decides {:?}",
                    witness,
                    first,
                    second,
                    got
                );
                let decision = ordered.decide(&facts).map_err(|e| {
                    TestCaseError::fail(format!("no decision under a total order: {e:?}"))
                })?;
                for id in [first, second] {
                    let c = program
                        .clauses
                        .iter()
                        .position(|c| c.id == **id)
                        .ok_or_else(|| TestCaseError::fail(format!("no clause {id}")))?;
                    prop_assert!(
                        decision.applicable.contains(c),
                        "witness {} of a conflict: {} does not apply",
                        witness,
                        id
                    );
                    // ... and nothing that overrides either of them does.
                    for above in program.beaten_by[c].ones() {
                        prop_assert!(
                            !decision.applicable.contains(above),
                            "witness {}: {} is overridden by {}",
                            witness,
                            id,
                            program.clauses[above].id
                        );
                    }
                }
            }
            Finding::Gap { output, .. } => {
                let is_gap = matches!(
                    &got,
                    Err(Failure::Error(EvalError::Gap { output: o })) if o == output
                );
                prop_assert!(
                    is_gap,
                    "witness {} of a gap in {} decides {:?}",
                    witness,
                    output,
                    got
                );
            }
            other => {
                return Err(TestCaseError::fail(format!(
                    "an unexpected finding with a witness: {other:?}"
                )))
            }
        }
    }
    Ok(count)
}

#[test]
fn the_shipped_refunds_policy_has_no_witnesses() {
    let found = witnesses_hold(REFUNDS).expect("refunds.policy analyses");
    assert_eq!(found, 0, "refunds.policy has a conflict or a gap");
}

#[test]
fn witnesses_of_hand_picked_breakages_trigger_what_they_claim() {
    let mut total = 0;
    // No precedence at all, and each condition edit under the full order.
    for edit in std::iter::once(None).chain((0..CONDITION_EDITS.len()).map(Some)) {
        let order: &[usize] = if edit.is_none() {
            &[]
        } else {
            &[0, 1, 2, 3, 4]
        };
        let text = variant(order, edit);
        total += witnesses_hold(&text).unwrap_or_else(|e| panic!("edit {edit:?}: {e}"));
    }
    // Without precedence, every overlapping pair conflicts; the edits to
    // refund.2 and refund.3 leave cases with no refund.
    assert!(total >= 6, "only {total} witnesses were checked");
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn every_witness_of_a_mutated_refunds_policy_triggers_what_it_claims(
        order in proptest::sample::subsequence(vec![0usize, 1, 2, 3, 4], 0..=5).prop_shuffle(),
        edit in proptest::option::of(0..CONDITION_EDITS.len()),
    ) {
        let text = variant(&order, edit);
        witnesses_hold(&text)?;
    }
}

// --------------------------------------------------------------------------
// No panics on any text.

const WORDS: &[&str] = &[
    "policy",
    "fact",
    "define",
    "assume",
    "output",
    "clause",
    "precedence",
    "when",
    "require",
    "holiday",
    "refund",
    "keep",
    "permit",
    "forbid",
    "if",
    "and",
    "or",
    "not",
    "is",
    "one",
    "of",
    "within",
    "days",
    "business",
    "months",
    "year",
    "the",
    "higher",
    "lower",
    "next",
    "day",
    "on",
    "after",
    "before",
    "missing",
    "set",
    "optional",
    "date",
    "money",
    "count",
    "number",
    "percent",
    "bool",
    "text",
    "list",
    "currency",
    "USD",
    "rounding",
    "half",
    "away",
    "from",
    "zero",
    "to",
    "cents",
    "Monday",
    "Friday",
    "$69",
    "50%",
    "100%",
    "15",
    "0",
    "-1",
    "1.5",
    "\"quoted\"",
    "\"",
    "(",
    ")",
    "+",
    "-",
    "*",
    "/",
    "<",
    "<=",
    ">",
    ">=",
    "=",
    "!=",
    ":",
    ",",
    "\n",
    "\n  ",
    "\n  > ",
    "#",
    "paid",
    "x",
    "a.1",
    "times",
    "as",
    "naming",
    "rounded",
    "2026-01-01",
    "2026-02-30",
    "then",
    "else",
    "otherwise",
    "short",
    "last",
    "permission",
];

fn token_soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(WORDS), 0..120)
        .prop_map(|words| words.join(" "))
}

/// A shipped policy with a few characters inserted, deleted or replaced.
fn mutated_policy() -> impl Strategy<Value = String> {
    let edits = proptest::collection::vec(
        (
            any::<prop::sample::Index>(),
            0u8..3,
            any::<char>(),
            proptest::sample::select(WORDS),
        ),
        1..6,
    );
    (
        proptest::sample::select(vec![REFUNDS, PRIVACY, COMMUNICATIONS]),
        edits,
    )
        .prop_map(|(text, edits)| {
            let mut chars: Vec<char> = text.chars().collect();
            for (at, kind, c, word) in edits {
                let i = at.index(chars.len() + 1);
                match kind {
                    0 => chars.insert(i.min(chars.len()), c),
                    1 if i < chars.len() => {
                        chars.remove(i);
                    }
                    _ => {
                        let end = (i + word.len()).min(chars.len());
                        chars.splice(i.min(chars.len())..end, word.chars());
                    }
                }
            }
            chars.into_iter().collect()
        })
}

/// One worked case of each shipped policy.
const WORKED: [&str; 3] = [
    include_str!("../policies/webpro/cases/guarantee-missing-customer-id-by-phone.json"),
    include_str!("../policies/webpro/cases/privacy-marketing-authorized.json"),
    include_str!("../policies/webpro/cases/communications-service-mail.json"),
];

/// Compile `text`; when it compiles, decide the worked cases it can read.
fn compile_and_use(text: &str) {
    if let Ok(program) = policy::compile::compile("fuzz.policy", text) {
        let prepared = Prepared::new(program);
        for case in WORKED {
            if let Ok(facts) = prepared.read(case) {
                let _ = prepared.decide(&facts);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn the_parser_survives_any_text(text in any::<String>()) {
        compile_and_use(&text);
    }

    #[test]
    fn the_checker_survives_token_soups(text in token_soup()) {
        compile_and_use(&text);
    }

    #[test]
    fn the_parser_and_checker_survive_edits_to_the_shipped_policies(text in mutated_policy()) {
        compile_and_use(&text);
    }
}

// --------------------------------------------------------------------------
// No panics on any facts.

fn fact_names() -> Vec<&'static str> {
    vec![
        "commenced",
        "plan_ends",
        "requested",
        "paid",
        "installation_fee",
        "registration_fee",
        "servicing_fee",
        "issues_resolved",
        "primary_resolved_on",
        "reason",
        "channel",
        "stated",
        "action",
        "data",
        "purpose",
        "recipient",
        "user_authorized",
        "identifies_user",
        "kind",
        "facts",
        "policy",
        "expect",
    ]
}

/// JSON values of every kind, nested a little.
fn json_value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        proptest::sample::select(vec![
            "2026-01-01",
            "2026-02-30",
            "2026-1-5",
            "+262144-01-01",
            "9999-12-31",
            "1e400",
            "99999999999999999999999999999",
            "-0.005",
            "12.5%",
            "none",
            "email",
            "name",
            "unresolved",
            "",
            "NaN",
            "0x10",
            " 1",
            "1 ",
            "١٢",
            "-",
            ".5",
            "5.",
            "1e-400",
        ])
        .prop_map(|s| json!(s)),
        ".{0,12}".prop_map(Json::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Json::Array),
            proptest::collection::vec((proptest::sample::select(fact_names()), inner), 0..6)
                .prop_map(|members| Json::Object(
                    members
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect()
                )),
        ]
    })
}

/// A facts object naming the policies' facts, with arbitrary values.
fn facts_object() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        (proptest::sample::select(fact_names()), json_value()),
        0..14,
    )
    .prop_map(|members| {
        let body: Vec<String> = members
            .iter()
            .map(|(k, v)| format!("{}: {v}", json!(k)))
            .collect();
        format!("{{{}}}", body.join(", "))
    })
}

/// Raw text spliced from JSON punctuation, numbers and names.
fn json_ish() -> impl Strategy<Value = String> {
    let pieces = vec![
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"",
        "\\",
        "\\u",
        "d800",
        "null",
        "true",
        "1e400",
        "-",
        "0",
        "1.5",
        "\"paid\"",
        "\"facts\"",
        "\"stated\"",
        "\"reason\"",
        " ",
        "\n",
        "\u{feff}",
        "\"2026-01-01\"",
        "\"x\"",
    ];
    proptest::collection::vec(proptest::sample::select(pieces), 0..60).prop_map(|p| p.concat())
}

fn read_and_decide(text: &str) {
    static PROGRAMS: std::sync::OnceLock<Vec<Prepared>> = std::sync::OnceLock::new();
    let programs = PROGRAMS.get_or_init(|| {
        vec![
            compiled("refunds.policy", REFUNDS),
            compiled("privacy.policy", PRIVACY),
            compiled("communications.policy", COMMUNICATIONS),
        ]
    });
    for prepared in programs {
        if let Ok(values) = prepared.read(text) {
            if let Ok(d) = prepared.decide(&values) {
                let _ = render::decision(prepared.program(), &d, None);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn reading_facts_survives_any_text(text in any::<String>()) {
        read_and_decide(&text);
    }

    #[test]
    fn reading_facts_survives_json_ish_text(text in json_ish()) {
        read_and_decide(&text);
    }

    #[test]
    fn reading_facts_survives_any_values(text in facts_object()) {
        read_and_decide(&text);
    }

    #[test]
    fn reading_facts_survives_valid_cases_with_one_value_replaced(
        facts in valid_refunds_case(),
        name in proptest::sample::select(fact_names()),
        value in json_value(),
    ) {
        let mut facts = facts;
        facts[name] = value;
        read_and_decide(&facts.to_string());
    }
}
