//! `:needs` against the WebPro policies: the acceptance case, and soundness
//! over every shipped case with facts taken away.

use super::*;
use fixedbitset::FixedBitSet;
use policy::eval::{Decision, Failure, Prepared};
use policy::program::{FactId, Program, Type, Value};

fn decide(p: &Program, facts: &[Value]) -> Result<Decision, Failure> {
    Prepared::new(p.clone()).decide(facts)
}

fn program(name: &str) -> Program {
    let path = format!(
        "{}/../policies/webpro/{name}.policy",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("a WebPro policy");
    policy::compile::compile(&path, &text).expect("it compiles")
}

fn named(program: &Program, set: &FixedBitSet) -> Vec<String> {
    report::fact_list(program, set)
        .into_iter()
        .map(|f| program.facts[f].name.clone())
        .collect()
}

fn set(program: &Program, facts: &mut [Option<Value>], name: &str, value: Value) {
    let f = program.fact_named(name).expect("a fact");
    facts[f] = Some(value);
}

#[test]
fn with_only_reason_and_issues_it_names_what_decides_between_the_two_clauses() {
    let p = program("refunds");
    let mut facts = vec![None; p.facts.len()];
    let Type::Enum(reasons) = p.facts[p.fact_named("reason").expect("reason")].ty else {
        panic!("reason is an enumeration")
    };
    let unresolved = p.enums[reasons]
        .variants
        .iter()
        .position(|v| v == "unresolved")
        .expect("a value");
    set(&p, &mut facts, "reason", Value::Enum(unresolved as u32));
    set(&p, &mut facts, "issues_resolved", Value::Int(0));
    let n = needs(&p, &facts).expect("answers");
    let refund = n
        .outputs
        .iter()
        .find(|o| p.outputs[o.output].name == "refund")
        .expect("refund");
    let ids = |cs: &[usize]| {
        cs.iter()
            .map(|&c| p.clauses[c].id.clone())
            .collect::<Vec<_>>()
    };
    assert!(
        matches!(&refund.decider, Decider::OneOf(cs) if ids(cs) == ["cancellation.1", "refund.2"])
    );
    assert_eq!(
        named(&p, &refund.deciding),
        ["commenced", "requested", "primary_resolved_on"]
    );
    // The value under each clause reads different facts.
    let values: Vec<(String, Vec<String>)> = refund
        .values
        .iter()
        .map(|(c, f)| (p.clauses[c.expect("a clause")].id.clone(), named(&p, f)))
        .collect();
    assert_eq!(values[0], ("cancellation.1".into(), vec!["paid".into()]));
    assert_eq!(
        values[1],
        (
            "refund.2".into(),
            vec![
                "paid".into(),
                "installation_fee".into(),
                "registration_fee".into()
            ]
        )
    );
    let max = n
        .outputs
        .iter()
        .find(|o| p.outputs[o.output].name == "discretionary_max")
        .expect("an output");
    assert_eq!(max.settled, Some(Value::Missing));
    // Assumptions read every money fact: any can still reject the case.
    let rejecting = named(&p, &n.assumptions);
    assert!(rejecting.contains(&"servicing_fee".to_string()));
    let text = render(&p, &n);
    assert!(
        text.contains("facts that can change no output now: plan_ends, servicing_fee"),
        "{text}"
    );
    for idle in ["channel", "stated", "servicing_fee"] {
        let line = text
            .lines()
            .find(|l| l.contains("depending on"))
            .expect("a deciding line");
        assert!(
            !line.contains(idle),
            "{idle} cannot change which clause decides: {line}"
        );
    }
}

/// Every shipped case of `policy`, read as whole facts.
fn cases(program: &Program) -> Vec<Vec<Value>> {
    let dir = format!("{}/../policies/webpro/cases", env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![];
    for entry in std::fs::read_dir(dir).expect("the cases").flatten() {
        let text = std::fs::read_to_string(entry.path()).expect("a case");
        let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        if json.get("policy").and_then(|p| p.as_str()) != Some(&program.name) {
            continue;
        }
        if let Ok(values) = policy::facts::read(program, &text) {
            out.push(values);
        }
    }
    assert!(!out.is_empty(), "no cases for {}", program.name);
    out
}

/// What `needs` claims with `hidden` facts unknown must hold of the real
/// decision: a settled output has the value the case decides, a rejection
/// is real, and a fact not named anywhere changes nothing... for the values
/// tried here.
fn check_sound(p: &Program, full: &[Value], hidden: &[FactId]) {
    let mut facts: Vec<Option<Value>> = full.iter().cloned().map(Some).collect();
    for &h in hidden {
        facts[h] = None;
    }
    let n = needs(p, &facts).expect("answers");
    let decision = decide(p, full);
    if n.rejected.is_some() {
        assert!(
            matches!(decision, Err(policy::eval::Failure::Rejected(_))),
            "claimed rejected, hiding {hidden:?}"
        );
        return;
    }
    let Ok(decision) = decision else { return };
    for o in &n.outputs {
        if let Some(v) = &o.settled {
            assert_eq!(
                v,
                &decision.outputs[o.output],
                "{} claimed settled hiding {:?}",
                p.outputs[o.output].name,
                hidden.iter().map(|&h| &p.facts[h].name).collect::<Vec<_>>()
            );
        }
        if let Decider::Clause(c) = o.decider {
            if p.outputs[o.output].ty != Type::Permission {
                assert_eq!(
                    c, decision.decided_by[o.output],
                    "decider of {}",
                    p.outputs[o.output].name
                );
            }
        }
        if let Decider::OneOf(cs) = &o.decider {
            if let Some(c) = decision.decided_by[o.output] {
                assert!(cs.contains(&c), "the real decider was ruled out");
            }
        }
    }
}

#[test]
fn settled_outputs_agree_with_the_decision_whatever_is_hidden() {
    for name in ["refunds", "privacy", "communications"] {
        let p = program(name);
        let n = p.facts.len();
        for (i, full) in cases(&p).iter().enumerate() {
            check_sound(&p, full, &[]);
            for a in 0..n {
                check_sound(&p, full, &[a]);
                // Pairs of hidden facts on a few cases: each `:needs` asks
                // the solver some dozens of questions.
                for b in (a + 1..n).filter(|_| i < 3) {
                    check_sound(&p, full, &[a, b]);
                }
            }
            check_sound(&p, full, &(0..n).collect::<Vec<_>>());
        }
    }
}

#[test]
fn every_fact_given_settles_every_output() {
    let p = program("refunds");
    for full in cases(&p) {
        let facts: Vec<Option<Value>> = full.iter().cloned().map(Some).collect();
        let n = needs(&p, &facts).expect("answers");
        if let Ok(d) = decide(&p, &full) {
            for o in &n.outputs {
                assert_eq!(o.settled.as_ref(), Some(&d.outputs[o.output]));
            }
        } else {
            assert!(n.rejected.is_some());
        }
    }
}

/// A policy whose conditions and computed output read definitions `depth`
/// deep, each reading the one before twice.
fn chain(depth: usize) -> Program {
    let mut text = "policy chain \"c\"
  currency USD
fact paid: money
fact x: count
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
        "output refund: money
output total: money = v{depth} + refund
clause a \"a\"
  refund paid if b{depth}
clause b \"b\"
  refund $0 if not b{depth} and v{depth} > $5
"
    ));
    policy::compile::compile("chain.policy", &text).expect("it compiles")
}

/// Walking into a definition's body at every read took 2^depth steps: 40
/// deep, `:needs` never answered. It answers as it does 3 deep.
#[test]
fn needs_through_a_chain_forty_deep_answers_as_three_deep() {
    let (shallow, deep) = (chain(3), chain(40));
    let answer = |p: &Program, x: Option<i64>| {
        let mut facts = vec![None; p.facts.len()];
        if let Some(x) = x {
            set(p, &mut facts, "x", Value::Int(x));
        }
        needs(p, &facts)
            .expect("answers")
            .outputs
            .iter()
            .map(|o| {
                let values: Vec<_> = o.values.iter().map(|(c, f)| (c, named(p, f))).collect();
                format!(
                    "{} {:?} {:?} {:?} {values:?} {:?}",
                    o.output,
                    o.decider,
                    o.settled,
                    named(p, &o.deciding),
                    o.through
                )
            })
            .collect::<Vec<_>>()
    };
    for x in [None, Some(1), Some(5)] {
        assert_eq!(answer(&deep, x), answer(&shallow, x), "x = {x:?}");
    }
    let mut facts = vec![None; deep.facts.len()];
    set(&deep, &mut facts, "x", Value::Int(1));
    let n = needs(&deep, &facts).expect("answers");
    let refund = &n.outputs[0];
    assert!(matches!(&refund.decider, Decider::OneOf(cs) if cs == &[1]));
    assert_eq!(named(&deep, &refund.deciding), ["paid"]);
    let total = &n.outputs[1];
    assert_eq!(named(&deep, &total.values[0].1), ["paid"]);
}
