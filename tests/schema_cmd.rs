//! `policy schema`: a JSON Schema for each shipped policy's facts, and every
//! shipped worked case's facts fit the schema of its policy.

// Tests assert by panicking: the library's lints against it do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Command;

use serde_json::Value as Json;

fn schema(policy: &str) -> Json {
    let out = Command::new(env!("CARGO_BIN_EXE_policy"))
        .args(["schema", policy])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the policy binary runs");
    assert_eq!(out.status.code(), Some(0));
    serde_json::from_slice(&out.stdout).expect("the schema is JSON")
}

#[test]
fn each_shipped_policy_has_a_schema() {
    for name in ["refunds", "privacy", "communications"] {
        let schema = schema(&format!("policies/webpro/{name}.policy"));
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["additionalProperties"], false);
        insta::assert_json_snapshot!(name, schema);
    }
}

#[test]
fn an_optional_fact_is_nullable_and_not_required() {
    let schema = schema("policies/webpro/refunds.policy");
    let required = schema["required"].as_array().expect("a list");
    assert!(!required.contains(&Json::from("primary_resolved_on")));
    assert!(required.contains(&Json::from("paid")));
    let any_of = schema["properties"]["primary_resolved_on"]["anyOf"]
        .as_array()
        .expect("anyOf");
    assert!(any_of.contains(&serde_json::json!({ "type": "null" })));
}

/// The part of JSON Schema the generated schemas use, enough to show the
/// shipped cases conform (a full validator is not a dependency here).
fn fits(schema: &Json, value: &Json) -> bool {
    if let Some(options) = schema["anyOf"].as_array() {
        return options.iter().any(|s| fits(s, value));
    }
    if let Some(values) = schema["enum"].as_array() {
        if !values.contains(value) {
            return false;
        }
    }
    match schema["type"].as_str() {
        Some("null") => value.is_null(),
        Some("boolean") => value.is_boolean(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("string") => value.is_string(),
        Some("array") => value
            .as_array()
            .is_some_and(|items| items.iter().all(|i| fits(&schema["items"], i))),
        Some("object") => value.as_object().is_some_and(|o| {
            let required = schema["required"].as_array().cloned().unwrap_or_default();
            required
                .iter()
                .all(|r| r.as_str().is_some_and(|r| o.contains_key(r)))
                && o.iter()
                    .all(|(k, v)| schema["properties"].get(k).is_some_and(|s| fits(s, v)))
        }),
        _ => true,
    }
}

#[test]
fn every_shipped_worked_case_fits_its_policys_schema() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/webpro/cases");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).expect("cases exist") {
        let path = entry.expect("a directory entry").path();
        let case: Json = serde_json::from_str(&std::fs::read_to_string(&path).expect("readable"))
            .expect("a JSON case");
        let policy = case["policy"].as_str().expect("a policy name");
        let schema = schema(&format!("policies/webpro/{policy}.policy"));
        assert!(
            fits(&schema, &case["facts"]),
            "{} does not fit",
            path.display()
        );
        checked += 1;
    }
    assert!(checked > 40);
    let schema = schema("policies/webpro/communications.policy");
    assert!(!fits(&schema, &serde_json::json!({ "kind": "spam" })));
    assert!(!fits(
        &schema,
        &serde_json::json!({ "kind": "service", "extra": 1 })
    ));
}
