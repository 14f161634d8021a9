//! Whatever the fast reader reads, the general reader reads the same: the
//! same values with the same scales, on generated cases written every way a
//! client might write them, and on damaged ones.

use proptest::prelude::*;

use crate::program::Program;

const REFUNDS: &str = include_str!("../../../policies/webpro/refunds.policy");
const PRIVACY: &str = include_str!("../../../policies/webpro/privacy.policy");

fn program(name: &str, text: &str) -> Program {
    crate::compile::compile(name, text).unwrap_or_else(|_| panic!("{name} compiles"))
}

/// Debug text keeps each amount's scale, so `5.0` and `5.00` differ.
fn agrees(program: &Program, text: &str) -> Result<(), String> {
    match super::read(program, text) {
        None => Ok(()),
        Some(fast) => match super::super::read_general(program, text) {
            Ok(general) if format!("{fast:?}") == format!("{general:?}") => Ok(()),
            other => Err(format!("{text}\nfast: {fast:?}\ngeneral: {other:?}")),
        },
    }
}

#[test]
fn a_worked_case_is_read_fast() {
    let p = program("refunds.policy", REFUNDS);
    let text = r#"{"commenced":"2026-01-01","plan_ends":"2027-01-01","requested":"2026-03-16","paid":"240.00","installation_fee":30,"registration_fee":"10.5","servicing_fee":"25.00","issues_resolved":1,"primary_resolved_on":null,"reason":"dissatisfied","channel":"email","stated":["name","customer_id"]}"#;
    assert!(super::read(&p, text).is_some());
    assert_eq!(agrees(&p, text), Ok(()));
}

#[test]
fn anything_unusual_goes_the_general_way() {
    let p = program("refunds.policy", REFUNDS);
    let base = r#""commenced":"2026-01-01","plan_ends":"2027-01-01","requested":"2026-03-16","installation_fee":"30","registration_fee":"10","servicing_fee":"25","issues_resolved":1,"reason":"none","channel":"email","stated":[]"#;
    for paid in [
        "\"0.005\"",
        "\"-0.00\"",
        "1e2",
        "\"1.\"",
        "\".5\"",
        "\"+1\"",
        "\"5.000\"",
        "\"1234567890123456789\"",
    ] {
        let text = format!("{{{base},\"paid\":{paid}}}");
        assert_eq!(super::read(&p, &text), None, "{paid}");
    }
    assert_eq!(
        super::read(&p, &format!("{{{base}}}")),
        None,
        "paid missing"
    );
    assert_eq!(
        super::read(&p, &format!("{{{base},\"paid\":\"1\",\"paid\":\"1\"}}")),
        None
    );
    assert_eq!(
        super::read(&p, &format!("{{{base},\"paid\":\"1\",\"x\":1}}")),
        None
    );
}

/// One way of writing each value, chosen by the generator.
fn write_value(program: &Program, id: usize, pick: u64) -> String {
    use crate::program::Type;
    let fact = &program.facts[id];
    if fact.optional && pick.is_multiple_of(5) {
        return "null".into();
    }
    match fact.ty {
        // Mostly real days; now and then a thirteenth month or a day 31 that
        // some months lack.
        Type::Date if pick.is_multiple_of(17) => format!("\"2026-13-{:02}\"", pick % 28 + 1),
        Type::Date => format!("\"2026-{:02}-{:02}\"", pick % 12 + 1, pick % 31 + 1),
        Type::Money | Type::Number | Type::Percent => {
            let sign = if pick.is_multiple_of(7) { "-" } else { "" };
            let digits = [
                "0", "5", "240.00", "10.5", "0.00", "007.10", "19.999", "1e2", "3.0",
            ];
            let d = digits[(pick as usize / 7) % digits.len()];
            if pick.is_multiple_of(3) && !d.starts_with('0') {
                format!("{sign}{d}")
            } else {
                format!("\"{sign}{d}\"")
            }
        }
        Type::Count | Type::Days => ["0", "1", "-0", "7", "2.0", "\"3\"", "99999999999999999999"]
            [pick as usize % 7]
            .to_string(),
        Type::Bool => ["true", "false", "1"][pick as usize % 3].to_string(),
        Type::Enum(e) | Type::List(e) => {
            let variants = &program.enums[e].variants;
            let v = &variants[pick as usize % variants.len()];
            let word = if pick.is_multiple_of(11) {
                "nope"
            } else {
                v.as_str()
            };
            if matches!(fact.ty, Type::List(_)) {
                format!("[ \"{word}\" , \"{}\"]", variants[0])
            } else {
                format!("\"{word}\"")
            }
        }
        Type::Text | Type::Permission => "\"t\"".into(),
    }
}

proptest! {
    #[test]
    fn generated_cases_read_alike(picks in prop::collection::vec(any::<u64>(), 16), drop in 0usize..20, space in any::<bool>()) {
        for p in [program("refunds.policy", REFUNDS), program("privacy.policy", PRIVACY)] {
            let gap = if space { " " } else { "" };
            let members: Vec<String> = (0..p.facts.len())
                .filter(|&id| id != drop)
                .map(|id| format!("\"{}\":{gap}{}", p.facts[id].name, write_value(&p, id, picks[id % picks.len()])))
                .collect();
            let text = format!("{{{gap}{}{gap}}}", members.join(&format!(",{gap}")));
            prop_assert_eq!(agrees(&p, &text), Ok(()));
        }
    }

    #[test]
    fn damaged_cases_read_alike(cut in 0usize..330, insert in prop::sample::select(vec!["", " ", "\"", ",", "}", "0", "-", ".", "\\", "x", "null", "[", "]"])) {
        let p = program("refunds.policy", REFUNDS);
        let case = r#"{"commenced":"2026-01-01","plan_ends":"2027-01-01","requested":"2026-03-16","paid":"240.00","installation_fee":"30.00","registration_fee":"10.00","servicing_fee":"25.00","issues_resolved":1,"primary_resolved_on":"2026-01-05","reason":"dissatisfied","channel":"email","stated":["name","customer_id","plan","reason"]}"#;
        let at = cut.min(case.len());
        let damaged = format!("{}{insert}{}", &case[..at], &case[(at + usize::from(insert.is_empty())).min(case.len())..]);
        prop_assert_eq!(agrees(&p, &damaged), Ok(()));
    }
}
