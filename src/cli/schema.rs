//! `policy schema FILE`: a JSON Schema (draft 2020-12) for a policy's case
//! facts, so CRM exports and worked cases can be validated before they reach
//! the interpreter. It describes what `crate::facts::read` accepts.

use std::path::Path;

use serde_json::{json, Map, Value as Json};

use super::{load, Exit, Format};
use crate::program::{FactDef, Program, Type};

/// Exact decimals as `crate::facts` reads them from a string: an optional
/// minus, digits, an optional fraction and exponent.
const DECIMAL: &str = r"^-?[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?$";
/// A percentage may also carry its `%` sign.
const PERCENT: &str = r"^-?[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?%?$";
const DATE: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

pub fn run(policy: &Path) -> Exit {
    let program = match load(policy, Format::Human) {
        Ok(p) => p,
        Err(code) => return code,
    };
    match serde_json::to_string_pretty(&schema(&program)) {
        Ok(text) => {
            super::emit(&format!("{text}\n"));
            Exit::Success
        }
        Err(e) => {
            eprintln!("error: cannot write the schema: {e}");
            Exit::Error
        }
    }
}

/// The schema of a bare facts object for `program`.
pub fn schema(program: &Program) -> Json {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for fact in &program.facts {
        properties.insert(fact.name.clone(), property(program, fact));
        if !fact.optional {
            required.push(json!(fact.name));
        }
    }
    let title = match &program.title {
        Some(title) => format!("{title} ({}): case facts", program.name),
        None => format!("{}: case facts", program.name),
    };
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "description": format!(
            "The facts of one case of policy {}. A worked case holds them under \"facts\", beside \"policy\" and \"expect\".",
            program.name
        ),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn property(program: &Program, fact: &FactDef) -> Json {
    let mut schema = value_schema(program, fact.ty);
    if fact.optional {
        // Missing and `null` both mean "not set".
        schema = json!({ "anyOf": [schema, { "type": "null" }] });
    }
    if let (Some(doc), Json::Object(object)) = (&fact.doc, &mut schema) {
        object.insert("description".into(), json!(doc));
    }
    schema
}

fn value_schema(program: &Program, ty: Type) -> Json {
    let decimal = |pattern: &str, example: &str| {
        json!({ "anyOf": [
            { "type": "string", "pattern": pattern, "examples": [example] },
            { "type": "number" },
        ] })
    };
    let variants = |e: usize| {
        program
            .enums
            .get(e)
            .map(|d| d.variants.clone())
            .unwrap_or_default()
    };
    match ty {
        Type::Money => decimal(DECIMAL, "199.99"),
        Type::Number => decimal(DECIMAL, "1.5"),
        Type::Percent => decimal(PERCENT, "12.5"),
        Type::Date => json!({ "type": "string", "format": "date", "pattern": DATE }),
        Type::Count | Type::Days => json!({ "type": "integer" }),
        Type::Bool => json!({ "type": "boolean" }),
        Type::Text => json!({ "type": "string" }),
        Type::Enum(e) => json!({ "type": "string", "enum": variants(e) }),
        Type::List(e) => json!({
            "type": "array",
            "items": { "type": "string", "enum": variants(e) },
            "uniqueItems": true,
        }),
        // Not a fact type (the checker allows it only for outputs); describe
        // what an output would print so the schema is still truthful.
        Type::Permission => json!({ "type": "string", "enum": ["permit", "deny"] }),
    }
}
