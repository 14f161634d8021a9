//! The compiled closures agree with the walk of the node tree (`expr.rs`),
//! node for node, on every shipped policy: results and errors alike. The
//! explanations and the analysis walk the tree while decisions run the
//! closures, so the two must never part.

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::{Does, Yields};
use crate::eval::expr::{Ctx, Slots, R};
use crate::eval::Prepared;
use crate::program::{Effect, OutputSource, Program, Type, Value};

const POLICIES: [(&str, &str); 3] = [
    (
        "refunds.policy",
        include_str!("../../../policies/webpro/refunds.policy"),
    ),
    (
        "privacy.policy",
        include_str!("../../../policies/webpro/privacy.policy"),
    ),
    (
        "communications.policy",
        include_str!("../../../policies/webpro/communications.policy"),
    ),
];

/// A small deterministic generator, so one proptest seed gives one case.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// Facts of every declared type, in ranges that reach the boundaries the
/// policies name (day 15, zero issues, zero-length plans, negative amounts).
fn facts(program: &Program, rng: &mut Rng) -> Vec<Value> {
    let base = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    program
        .facts
        .iter()
        .map(|fact| {
            if fact.optional && rng.below(3) == 0 {
                return Value::Missing;
            }
            match fact.ty {
                Type::Bool => Value::Bool(rng.below(2) == 0),
                Type::Money | Type::Number | Type::Percent => {
                    Value::Dec(Decimal::new(rng.below(60_000) as i64 - 5_000, 2))
                }
                Type::Count | Type::Days => Value::Int(rng.below(8) as i64 - 1),
                Type::Date => Value::Date(base + chrono::Days::new(rng.below(60))),
                Type::Enum(e) => {
                    let n = program.enums.get(e).map_or(1, |d| d.variants.len()) as u64;
                    Value::Enum(rng.below(n) as u32)
                }
                Type::List(e) => {
                    let n = program.enums.get(e).map_or(1, |d| d.variants.len());
                    Value::Set(rng.below(1 << n.min(16)) as u128)
                }
                Type::Text => Value::Text("text".into()),
                Type::Permission => Value::Bool(false),
            }
        })
        .collect()
}

/// Every expression of `program`, walked and compiled, on one case.
fn agree(prepared: &Prepared, facts: &[Value]) {
    let (program, code) = (prepared.program(), prepared.code());
    let decision = prepared.decide(facts).ok();
    // A fresh context on a copy of the decision, for one statement.
    macro_rules! cx {
        () => {
            Slots::of(program, decision.as_ref()).ctx(program, code, facts)
        };
    }
    for (a, compiled) in program.assumptions.iter().zip(&code.assumptions) {
        assert_eq!(cx!().bool(&a.condition), cx!().run(compiled), "assumption");
    }
    for (d, compiled) in program.definitions.iter().zip(&code.definitions) {
        assert_eq!(
            cx!().value(&d.value),
            stored(compiled, &mut cx!()),
            "{}",
            d.name
        );
    }
    for (id, clause) in program.clauses.iter().enumerate() {
        let Some(compiled_clause) = code.clauses.iter().find(|c| c.id == id) else {
            panic!("{}: not compiled", clause.id);
        };
        if let (Some(when), Some(compiled)) = (&clause.when, &compiled_clause.when) {
            assert_eq!(cx!().bool(&when.node), cx!().run(compiled), "{}", clause.id);
        }
        for (rule, compiled) in clause.rules.iter().zip(&compiled_clause.rules) {
            if let (Some(c), Some(compiled)) = (&rule.condition, &compiled.condition) {
                assert_eq!(cx!().bool(&c.node), cx!().run(compiled), "{}", clause.id);
            }
            let effects = [
                (Some(&rule.then), Some(&compiled.then)),
                (rule.otherwise.as_ref(), compiled.otherwise.as_ref()),
            ];
            for (effect, compiled) in effects {
                if let (Some(Effect::Set(output, node)), Some(compiled)) = (effect, compiled) {
                    assert_eq!(*output, compiled.output, "{}", clause.id);
                    let Does::Set(compiled) = &compiled.does else {
                        panic!("{}: a set compiled as a permission", clause.id);
                    };
                    let walked = cx!().value(node).map(|v| rounded(program, *output, v));
                    assert_eq!(walked, set(compiled, &mut cx!(), *output), "{}", clause.id);
                }
            }
        }
        for (r, (_, compiled)) in clause.requirements.iter().zip(&code.requirements[id]) {
            assert_eq!(
                cx!().bool(&r.condition.node),
                cx!().run(compiled),
                "{}",
                clause.id
            );
        }
    }
    for (id, compiled) in &code.computed {
        let o = &program.outputs[*id];
        let OutputSource::Computed(node) = &o.source else {
            panic!("{}: a decided output compiled as computed", o.name);
        };
        let walked = cx!().value(node).map(|v| rounded(program, *id, v));
        assert_eq!(walked, set(compiled, &mut cx!(), *id), "{}", o.name);
    }
}

/// What compiled code puts in `output`'s slot, or its error.
/// What a definition's code stores in its slot.
fn stored(compiled: &Yields, cx: &mut Ctx<'_>) -> R<Value> {
    let mut slot = Value::Missing;
    compiled.store(cx, &mut slot)?;
    Ok(slot)
}

fn set(compiled: &Yields, cx: &mut Ctx<'_>, output: usize) -> R<Value> {
    compiled.set(cx, output)?;
    Ok(cx.outputs[output].clone())
}

/// What an output is set to: a money amount rounded by the header's rule.
fn rounded(program: &Program, output: usize, value: Value) -> Value {
    match (program.outputs[output].ty, program.rounding, value) {
        (Type::Money, Some(rounding), Value::Dec(d)) => Value::Dec(rounding.apply(d)),
        (_, _, value) => value,
    }
}

fn programs() -> Vec<Prepared> {
    POLICIES
        .iter()
        .map(|(name, text)| match crate::compile::compile(name, text) {
            Ok(program) => Prepared::new(program),
            Err(_) => panic!("{name} compiles"),
        })
        .collect()
}

proptest! {
    #[test]
    fn compiled_code_computes_what_the_walk_computes(seed in 1u64..) {
        let mut rng = Rng(seed);
        for prepared in programs() {
            let facts = facts(prepared.program(), &mut rng);
            agree(&prepared, &facts);
        }
    }
}

#[test]
fn definitions_read_once_are_counted_once_and_shared_ones_by_each_read() {
    let programs = programs();
    let program = programs[0].program();
    let reads = super::nodes::reads_of_definitions(program);
    let count = |name: &str| {
        let id = program.definitions.iter().position(|d| d.name == name);
        id.map(|id| reads[id])
    };
    // Two clauses refund from it: kept in the memo.
    assert_eq!(count("subscription_charges"), Some(2));
    // Read once each: compiled in place.
    assert_eq!(count("window_end"), Some(1));
    assert_eq!(count("days_in_plan"), Some(1));
}

/// A chain of definitions, each read once, longer than the builder inlines:
/// the part compiled in place and the part read through the memo give the
/// walk's answer, errors included.
#[test]
fn a_long_chain_of_definitions_read_once_computes_what_the_walk_computes() {
    let mut text = String::from("policy chain\nfact x: count\nfact y: count\ndefine d0 = x + 1\n");
    for i in 1..12 {
        text.push_str(&format!("define d{i} = d{} * 2 - y\n", i - 1));
    }
    text.push_str("output big: bool = d11 > 1000\n");
    let program = match crate::compile::compile("chain.policy", &text) {
        Ok(p) => Prepared::new(p),
        Err(e) => panic!("the chain compiles: {e:?}"),
    };
    for (x, y) in [(0, 0), (3, 1), (i64::MAX / 2, 0), (-5, 7)] {
        let facts = [Value::Int(x), Value::Int(y)];
        agree(&program, &facts);
    }
}

/// Amounts compared with `$0` on either side and with each other, negative
/// zeros and mixed scales included: the compiled shortcuts (the sign against
/// zero, mantissas at one scale) give the walk's answers, which are `Ord`'s.
#[test]
fn amount_comparisons_agree_at_every_scale_and_sign() {
    let text = "policy amounts\n  currency USD\n  rounding half away from zero to cents\nfact a: money\nfact b: money\n\
        output a_ge_zero: bool = a >= $0\noutput zero_lt_a: bool = $0 < a\n\
        output zero_ne_a: bool = $0 != a\noutput a_eq_b: bool = a = b\n\
        output a_lt_b: bool = a < b\noutput top: money = the higher of a and b\n";
    let program = match crate::compile::compile("amounts.policy", text) {
        Ok(p) => Prepared::new(p),
        Err(e) => panic!("the amounts compile: {e:?}"),
    };
    let amounts = [
        Decimal::from_parts(0, 0, 0, true, 2),
        Decimal::from_parts(0, 0, 0, true, 0),
        Decimal::new(0, 0),
        Decimal::new(0, 2),
        Decimal::new(-150, 2),
        Decimal::new(-15, 1),
        Decimal::new(15, 1),
        Decimal::new(150, 2),
        Decimal::new(151, 2),
        Decimal::new(100, 0),
        Decimal::from_i128_with_scale(i128::from(i64::MAX) * 1000, 2),
    ];
    for a in amounts {
        for b in amounts {
            agree(&program, &[Value::Dec(a), Value::Dec(b)]);
        }
    }
}

/// A value stored for a test to look at.
impl super::Place for &mut Value {
    fn put(self, _: &mut Ctx<'_>, value: Value) {
        *self = value;
    }
}
