//! The symbolic encoding agrees with `eval` case by case: with every fact
//! pinned to a value, the one model left must hold exactly what `eval`
//! decides (valid or rejected, failing or not, each output's value and
//! deciding clause). Run over the shipped policies' worked cases and
//! thousands of random cases, near every boundary the reader allows.

// Tests assert by panicking: the library's lints against it do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;

use policy::eval::{self, Failure, Prepared};
use policy::program::{domain, Program, Type, Value};
use policy::symbolic::{decode, pin, Answer, Engine};

fn compile(path: &Path) -> Program {
    let text = std::fs::read_to_string(path).expect("the policy reads");
    policy::compile::compile(&path.display().to_string(), &text)
        .unwrap_or_else(|_| panic!("{} compiles", path.display()))
}

/// Compare the engine with `eval` on one case; `Err` says how they differ.
pub fn agrees(engine: &mut Engine<'_>, facts: &[Value]) -> Result<(), String> {
    let program = engine.enc.program;
    let mut lits = Vec::new();
    for (v, value) in engine.enc.facts.iter().zip(facts) {
        lits.extend(pin(v, value, &engine.enc.texts));
    }
    let (ok_lit, fails_lit) = {
        let v = engine.values().map_err(|u| u.what)?;
        (v.ok, v.fails)
    };
    match engine.ask(&lits) {
        Answer::Sat => {}
        other => return Err(format!("pinned case is {other:?}")),
    }
    let d = &engine.decision;
    let values = d.values.as_ref().ok_or("values")?;
    let (valid, ok, fails) = (
        engine.g.value(d.valid),
        engine.g.value(ok_lit),
        engine.g.value(fails_lit),
    );
    match Prepared::new(program.clone()).decide(facts) {
        Err(Failure::Rejected(_)) if !valid => Ok(()),
        Err(Failure::Rejected(r)) => Err(format!(
            "eval rejects (assumption {}), engine valid",
            r.assumption
        )),
        Err(Failure::Error(e)) => {
            let arith = !matches!(
                e,
                eval::EvalError::Conflict { .. }
                    | eval::EvalError::SetTwice { .. }
                    | eval::EvalError::Gap { .. }
            );
            if !valid {
                return Err(format!("eval fails ({e}), engine says invalid"));
            }
            if ok || fails != arith {
                return Err(format!("eval fails ({e}); engine ok={ok} fails={fails}"));
            }
            Ok(())
        }
        Ok(decision) => {
            if !ok {
                return Err(format!(
                    "eval decides; engine valid={valid} ok={ok} fails={fails}"
                ));
            }
            for (o, output) in program.outputs.iter().enumerate() {
                let got = decode(&engine.g, &values.outputs[o], &engine.enc.texts);
                let want = &decision.outputs[o];
                let same = match (&got, want) {
                    (Value::Dec(a), Value::Dec(b)) => a == b,
                    (Value::Bool(a), Value::Bool(b)) if output.ty == Type::Permission => a == b,
                    _ => &got == want,
                };
                if !same {
                    return Err(format!(
                        "output {}: eval {want:?}, engine {got:?}",
                        output.name
                    ));
                }
                let by = d.decided_by[o]
                    .iter()
                    .find(|(_, l)| engine.g.value(*l))
                    .map(|(c, _)| *c);
                if by != decision.decided_by[o] {
                    return Err(format!(
                        "output {}: eval decided by {:?}, engine {by:?}",
                        output.name, decision.decided_by[o]
                    ));
                }
            }
            Ok(())
        }
    }
}

/// splitmix64, as the corpus generator uses.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

/// A random value of `ty` within the reader's domain, often small or at
/// an edge, dates often near `anchor`.
fn random_value(rng: &mut Rng, program: &Program, ty: Type, anchor: i32) -> Value {
    use rust_decimal::Decimal;
    match ty {
        Type::Bool => Value::Bool(rng.below(2) == 0),
        Type::Money | Type::Number | Type::Percent => {
            let places = policy::program::scale::fact_places(program, ty);
            let bound = domain::DECIMAL_BOUND as i128 * 10i128.pow(places) - 1;
            let n: i128 = match rng.below(6) {
                0 => bound,
                1 => -(rng.below(100_000) as i128),
                2 => *rng.pick(&[0, 1, 50, 6900, 100, 99]) as i128,
                3 => (rng.next() as i128) % bound,
                _ => rng.below(5_000_000) as i128,
            };
            Value::Dec(Decimal::from_i128_with_scale(n, places))
        }
        Type::Count | Type::Days => Value::Int(match rng.below(5) {
            0 if ty == Type::Days => domain::DAYS_BOUND - 1,
            0 => domain::COUNT_BOUND - 1,
            1 => -(rng.below(5) as i64),
            2 => (rng.next() % (domain::DAYS_BOUND as u64)) as i64,
            _ => rng.below(6) as i64,
        }),
        Type::Date => {
            let z = match rng.below(4) {
                0 => domain::first_day_number() + rng.below(3) as i32,
                1 => domain::last_day_number() - rng.below(3) as i32,
                _ => anchor + rng.below(60) as i32 - 20,
            };
            Value::Date(chrono::NaiveDate::from_num_days_from_ce_opt(z).expect("in range"))
        }
        Type::Enum(e) => Value::Enum(rng.below(program.enums[e].variants.len() as u64) as u32),
        Type::List(e) => {
            let n = program.enums[e].variants.len();
            Value::Set(rng.next() as u128 & ((1u128 << n) - 1))
        }
        Type::Text => Value::Text("another text 1".into()),
        Type::Permission => Value::Bool(true),
    }
}

fn random_case(rng: &mut Rng, program: &Program) -> Vec<Value> {
    let anchor = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
        .map(|d| chrono::Datelike::num_days_from_ce(&d))
        .unwrap_or(0)
        + rng.below(400) as i32;
    program
        .facts
        .iter()
        .map(|f| {
            if f.optional && rng.below(3) == 0 {
                Value::Missing
            } else {
                random_value(rng, program, f.ty, anchor)
            }
        })
        .collect()
}

#[test]
fn the_engine_decides_every_shipped_case_as_eval_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/webpro");
    for name in ["refunds", "privacy", "communications"] {
        let program = compile(&root.join(format!("{name}.policy")));
        let mut engine = Engine::new(&program).expect("the policy encodes");
        let mut checked = 0;
        for entry in std::fs::read_dir(root.join("cases")).expect("cases") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("case reads");
            let Ok(case) = serde_json::from_str::<serde_json::Value>(&text) else {
                continue;
            };
            if case["policy"] != name {
                continue;
            }
            let facts = policy::facts::read(&program, &case["facts"].to_string())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            agrees(&mut engine, &facts).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            checked += 1;
        }
        assert!(checked > 0, "{name} has worked cases");
        let mut rng = Rng(7);
        for i in 0..2000 {
            let facts = random_case(&mut rng, &program);
            agrees(&mut engine, &facts)
                .unwrap_or_else(|e| panic!("{name} random case {i} {facts:?}: {e}"));
        }
    }
}
