//! The decision writer against the JSON tree, on values of every type.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;

const EVERY_TYPE: &str = r#"policy every "an output of every type"
fact m: money
fact n: number
fact p: percent
fact c: count
fact d: days
fact t: date
fact b: bool
fact e: one of x, y
fact l: list of p, q, r
fact s: text
output a = m
output b2 = n
output c2 = p
output d2 = c
output e2 = d
output f = t
output g = b
output h: permission
output i = e
output j = l
output k = s

clause one.1 "one"
  > one
  permit if b
clause two.2 "two"
  > two
  forbid if b
"#;

/// Values of every type, missing, at their edges and of the wrong type,
/// written as the JSON tree serialises them.
#[test]
fn every_type_is_written_as_the_tree_serialises() {
    let program = match crate::compile::compile("every", EVERY_TYPE) {
        Ok(program) => program,
        Err(problems) => panic!("the test policy compiles: {problems:?}"),
    };
    let n = program.outputs.len();
    let dec = |s: &str| Value::Dec(s.parse::<Decimal>().expect("a test amount"));
    let date = |y, m, d| Value::Date(NaiveDate::from_ymd_opt(y, m, d).expect("a real day"));
    let rows: Vec<Vec<Value>> = vec![
        vec![Value::Missing; n],
        vec![
            dec("-12.50"),
            dec("123456789.123456789"),
            dec("12.5"),
            Value::Int(i64::MIN),
            Value::Int(-1),
            date(0, 2, 29),
            Value::Bool(true),
            Value::Bool(false),
            Value::Enum(1),
            Value::Set(0b101 | (1 << 127)),
            Value::Text("quote \" and \n".into()),
        ],
        vec![
            dec("0.00"),
            dec("-0.0"),
            dec("79228162514264337593543950335"),
            Value::Int(99_999_999),
            Value::Int(100_000_000),
            date(9999, 12, 31),
            Value::Bool(false),
            Value::Bool(true),
            Value::Enum(7),
            Value::Set(0),
            Value::Int(3),
        ],
    ];
    // The first row decides nothing and overrides nothing: both maps empty.
    for (k, outputs) in rows.into_iter().enumerate() {
        let decision = Decision {
            outputs,
            decided_by: (0..n)
                .map(|o| (k > 0 && o % 3 == 0).then_some(o % 2))
                .collect(),
            overridden: (0..n)
                .map(|o| smallvec::smallvec![1; if k > 0 { o % 3 } else { 0 }])
                .collect(),
            applicable: Default::default(),
        };
        let mut written = String::from("é");
        DecisionWriter::new(&program).write(&mut written, &decision);
        let tree = json::decision(&program, &decision, None).to_string();
        assert_eq!(written, format!("é{tree}"));
    }
}
