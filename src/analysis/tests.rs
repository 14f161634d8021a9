//! The guards only ever answer what three-valued evaluation would: a clause
//! is ruled out when a known enumeration value contradicts a conjunct it
//! needs, never otherwise, and the analysis finds the same with or without
//! them.

use super::disjoint::Guards;
use super::{analyse_with, Finding};
use crate::program::{Program, Value};

fn compiled(text: &str) -> Program {
    match crate::compile::compile("test.policy", text) {
        Ok(program) => program,
        Err(problems) => panic!("does not compile: {:?}", problems.reports()),
    }
}

const HEADER: &str = "policy t \"t\"
  currency USD
  rounding half away from zero to cents
fact tier: one of bronze, silver, gold
fact plan: optional one of basic, premium
fact items: count
fact paid: money
assume items >= 0
output refund: money
";

fn clause_named(program: &Program, id: &str) -> usize {
    match program.clauses.iter().position(|c| c.id == id) {
        Some(c) => c,
        None => panic!("no clause {id}"),
    }
}

/// Whether the guard rules `clause` out with only `tier` (and `plan`, if
/// given) known.
fn ruled_out(program: &Program, clause: &str, tier: u32, plan: Option<Value>) -> bool {
    let mut values = vec![Value::Missing; program.facts.len()];
    let mut known = vec![false; program.facts.len()];
    values[0] = Value::Enum(tier);
    known[0] = true;
    if let Some(plan) = plan {
        values[1] = plan;
        known[1] = true;
    }
    Guards::new(program).rules_out(clause_named(program, clause), &values, &known)
}

#[test]
fn a_known_value_outside_a_needed_test_rules_the_clause_out() {
    let program = compiled(&format!(
        "{HEADER}
clause gold \"g\"
  refund paid if tier is gold and items >= 2
clause not_bronze \"nb\"
  when not (tier is bronze)
  refund paid if items >= 1
clause low \"l\"
  refund paid if tier is one of bronze, silver
"
    ));
    // Silver (1) contradicts `tier is gold` whatever `items` turns out to be.
    assert!(ruled_out(&program, "gold", 1, None));
    assert!(!ruled_out(&program, "gold", 2, None));
    assert!(ruled_out(&program, "not_bronze", 0, None));
    assert!(!ruled_out(&program, "not_bronze", 2, None));
    assert!(ruled_out(&program, "low", 2, None));
    assert!(!ruled_out(&program, "low", 1, None));
}

#[test]
fn a_test_the_clause_does_not_need_rules_nothing_out() {
    let program = compiled(&format!(
        "{HEADER}
clause either \"e\"
  refund paid if tier is gold or items >= 2
clause otherwise \"o\"
  refund paid if tier is gold, otherwise refund $0
clause two_rules \"two\"
  refund paid if tier is gold
  refund $1 if items >= 3
clause plan \"p\"
  refund paid if plan is set and plan is premium
"
    ));
    // Bronze does not stop any of these from applying.
    assert!(!ruled_out(&program, "either", 0, None));
    assert!(!ruled_out(&program, "otherwise", 0, None));
    assert!(!ruled_out(&program, "two_rules", 0, None));
    // A missing optional fact is not a value the mask can rule on: the
    // evaluator decides what `plan is premium` means then.
    assert!(!ruled_out(&program, "plan", 0, Some(Value::Missing)));
    assert!(!ruled_out(&program, "plan", 0, None));
    assert!(ruled_out(&program, "plan", 0, Some(Value::Enum(0))));
}

fn same_findings(text: &str) -> Vec<Finding> {
    let program = compiled(text);
    let with = analyse_with(&program, &Guards::new(&program));
    let without = analyse_with(&program, &Guards::none(&program));
    assert_eq!(format!("{with:?}"), format!("{without:?}"));
    with
}

#[test]
fn the_analysis_finds_the_same_with_and_without_guards() {
    for text in [
        include_str!("../../policies/webpro/refunds.policy"),
        include_str!("../../policies/webpro/privacy.policy"),
        include_str!("../../policies/webpro/communications.policy"),
        include_str!("../../tests/analysis/conflict.policy"),
        include_str!("../../tests/analysis/dead.policy"),
        include_str!("../../tests/analysis/gap.policy"),
        include_str!("../../tests/fixtures/refunds-30-days.policy"),
        include_str!("../../tests/fixtures/refunds-requests-within-plan.policy"),
    ] {
        same_findings(text);
    }
}

/// Clauses per (tier, plan) with thresholds, a precedence chain per pair
/// but one left out, an unreachable clause and an overridden one: every
/// kind of finding the guards could touch.
#[test]
fn conflicts_gaps_dead_and_shadowed_clauses_survive_the_guards() {
    let mut text = HEADER.to_string();
    for tier in ["bronze", "silver", "gold"] {
        for plan in ["basic", "premium"] {
            for k in 0..3 {
                text.push_str(&format!(
                    "clause {tier}.{plan}.k{k} \"c\"\n  \
                     refund {k}% of paid if tier is {tier} and plan is set and plan is {plan} and items >= {k}\n"
                ));
            }
            if (tier, plan) != ("gold", "premium") {
                text.push_str(&format!(
                    "precedence {tier}.{plan}.k2 > {tier}.{plan}.k1 > {tier}.{plan}.k0\n"
                ));
            }
        }
    }
    text.push_str(
        "clause never \"n\"
  refund paid if tier is bronze and tier is silver
clause under \"u\"
  refund $1 if tier is silver and plan is set and plan is basic and items >= 5
precedence silver.basic.k2 > under
",
    );
    let findings = same_findings(&text);
    let codes: Vec<&str> = findings
        .iter()
        .map(|f| match f {
            Finding::Conflict { .. } => "conflict",
            Finding::Gap { .. } => "gap",
            Finding::NeverApplies { .. } => "never",
            Finding::Shadowed { .. } => "shadowed",
            _ => "other",
        })
        .collect();
    for code in ["conflict", "gap", "never", "shadowed"] {
        assert!(codes.contains(&code), "no {code} in {findings:?}");
    }
}

/// The rest of a formula under some known facts has the formula's truth in
/// every case that extends them: checked for the gap and dead-clause
/// questions of a small policy, over every case of its candidate values.
#[test]
fn what_a_formula_leaves_open_answers_as_the_formula_does() {
    use super::partial::{Formula, Partial};
    use super::residual::Rest;

    let program = compiled(&format!(
        "{HEADER}
clause gold \"g\"
  refund paid if tier is gold and items >= 2
clause any \"a\"
  refund $1 if items >= 1 or plan is set and plan is premium
clause low \"l\"
  refund $0 if tier is one of bronze, silver and items < 3
precedence gold > any > low
"
    ));
    let domains = super::domains::domains(&program);
    let guards = Guards::new(&program);
    let decided = Formula::Any(
        (0..program.clauses.len())
            .map(|c| Formula::All(vec![Formula::Sets(c, 0), super::unbeaten(&program, &[c])]))
            .collect(),
    );
    let mut questions = vec![Formula::All(vec![
        Formula::Assumptions,
        Formula::Not(Box::new(decided)),
    ])];
    for c in 0..program.clauses.len() {
        questions.push(Formula::All(vec![
            Formula::Assumptions,
            Formula::Applies(c),
            super::unbeaten(&program, &[c]),
        ]));
    }
    let (tier, plan, items, paid) = (0, 1, 2, 3);
    let mut state = Partial::new(&program, &guards);
    let mut open = 0;
    for question in &questions {
        for t in &domains[tier] {
            for i in &domains[items] {
                state.set(tier, t.clone());
                state.set(items, i.clone());
                let whole = state.formula(question);
                let rest = state.rest(question);
                match &rest {
                    Rest::Decided(b) => assert_eq!(whole, Some(*b)),
                    Rest::Open(_) => assert_eq!(whole, None),
                }
                let Rest::Open(rest) = rest else { continue };
                open += 1;
                for p in &domains[plan] {
                    for m in &domains[paid] {
                        state.set(plan, p.clone());
                        state.set(paid, m.clone());
                        assert_eq!(state.formula(&rest), state.formula(question));
                        state.unset(plan);
                        state.unset(paid);
                    }
                }
            }
        }
    }
    // Some cases must have left something open, or nothing was tested.
    assert!(open > 0);
}

/// A policy whose conditions read definitions `depth` deep, each reading
/// the one before twice: `v` a sum, `b` a condition.
fn chain(depth: usize) -> String {
    let mut text = "policy chain \"c\"
  currency USD
fact paid: money
fact x: count
fact spare: count
define v0 = paid
define b0 = x > 3
"
    .to_string();
    for i in 1..=depth {
        let j = i - 1;
        text.push_str(&format!(
            "define v{i} = v{j} + v{j}\ndefine b{i} = b{j} and b{j}\n"
        ));
    }
    text.push_str(&format!(
        "assume v{depth} >= $0
output refund: money
clause a \"a\"
  refund paid if b{depth}
clause b \"b\"
  refund $0 if v{depth} > $5
"
    ));
    text
}

/// Walking into a definition's body at every read took 2^depth steps: 40
/// deep, the analysis never finished. It finds what it finds 3 deep.
#[test]
fn a_chain_of_definitions_forty_deep_is_analysed_as_one_three_deep() {
    let kinds = |depth: usize| -> Vec<String> {
        same_findings(&chain(depth))
            .iter()
            .map(|f| {
                let debug = format!("{f:?}");
                debug[..debug.find(' ').unwrap_or(debug.len())].to_string()
            })
            .collect()
    };
    let three = kinds(3);
    assert_eq!(three, ["Conflict", "Gap", "UnusedFact"]);
    assert_eq!(kinds(40), three);
}

/// The facts an assumption names, when it names none itself, are found
/// through the chain, once each.
#[test]
fn an_assumption_reading_a_chain_forty_deep_names_its_fact() {
    let program = compiled(&chain(40));
    assert_eq!(program.assumptions[0].naming, [0]);
}
