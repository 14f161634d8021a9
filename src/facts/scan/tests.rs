//! The scanner accepts only JSON that serde_json accepts, and finds the same
//! members in it: checked on hand-picked edges and on generated texts, valid
//! and broken.

use proptest::prelude::*;

use super::{members, plain_list};
use crate::facts::RawObject;

/// What serde_json reads from the text, as (name, raw value) pairs.
fn serde_members(text: &str) -> Option<Vec<(String, String)>> {
    let object: RawObject<'_> = serde_json::from_str(text).ok()?;
    Some(
        object
            .0
            .iter()
            .map(|(k, v)| (k.to_string(), v.get().to_string()))
            .collect(),
    )
}

/// When the scanner reads a text, serde_json reads the same members from it.
fn agrees(text: &str) -> bool {
    match members(text) {
        None => true,
        Some(ours) => {
            let ours: Vec<(String, String)> = ours
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            serde_members(text) == Some(ours)
        }
    }
}

#[test]
fn reads_a_flat_case() {
    let text = r#" {"paid": "240.00", "n": 1, "ok": true, "gone": null, "stated": ["name", "plan"], "x": -0.5e+3 } "#;
    let found = members(text).expect("the simple shape");
    assert_eq!(found.len(), 6);
    assert_eq!(found[0], ("paid", "\"240.00\""));
    assert_eq!(found[4], ("stated", "[\"name\", \"plan\"]"));
    assert_eq!(found[5], ("x", "-0.5e+3"));
    assert!(agrees(text));
    assert_eq!(members("{}"), Some(vec![]));
}

#[test]
fn gives_up_on_anything_else() {
    for text in [
        r#"{"a": "x\"y"}"#,
        r#"{"a\u0041": 1}"#,
        r#"{"facts": {"a": 1}}"#,
        r#"{"a": [1, 2]}"#,
        r#"{"a": ["x", ["y"]]}"#,
        r#"{"a": 01}"#,
        r#"{"a": 1.}"#,
        r#"{"a": .5}"#,
        r#"{"a": -}"#,
        r#"{"a": 1e}"#,
        r#"{"a": +1}"#,
        r#"{"a": 1,}"#,
        r#"{"a": 1} x"#,
        r#"{"a": tru}"#,
        r#"{"a": "tab	inside"}"#,
        "[1]",
        "",
        "{",
    ] {
        assert_eq!(members(text), None, "{text}");
    }
}

#[test]
fn plain_lists_only() {
    assert_eq!(plain_list(r#"[ "a" , "b" ]"#), Some(vec!["a", "b"]));
    assert_eq!(plain_list("[]"), Some(vec![]));
    assert_eq!(plain_list(r#"["a\n"]"#), None);
    assert_eq!(plain_list(r#"["a",]"#), None);
}

/// Pieces of case text, joined at random and then damaged at random.
fn fragment() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\n",
        "\"",
        "\"paid\"",
        "\"stated\"",
        "\"a\\\"b\"",
        "\"2026-01-01\"",
        "240.00",
        "0",
        "-0",
        "01",
        "1e5",
        "1E-2",
        "-",
        ".",
        "e",
        "true",
        "false",
        "null",
        "nul",
        "\"name\"",
        "\u{feff}",
        "é",
        "\t",
        "\u{1}",
    ])
}

proptest! {
    #[test]
    fn generated_texts_are_read_as_serde_reads_them(parts in prop::collection::vec(fragment(), 0..24)) {
        prop_assert!(agrees(&parts.concat()));
    }

    #[test]
    fn damaged_cases_are_read_as_serde_reads_them(cut in 0usize..200, insert in fragment()) {
        let case = r#"{"commenced": "2026-01-01", "paid": "240.00", "issues_resolved": 1, "primary_resolved_on": null, "stated": ["name", "plan"], "ok": true, "rate": -1.5e2}"#;
        let at = cut.min(case.len());
        let mut damaged = case[..at].to_string();
        damaged.push_str(insert);
        damaged.push_str(&case[at..]);
        prop_assert!(agrees(&damaged));
        let mut shortened = case[..at].to_string();
        shortened.push_str(&case[(at + 1).min(case.len())..]);
        prop_assert!(agrees(&shortened));
    }
}
