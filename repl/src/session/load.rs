//! Reading a policy (`:load`, `:reload`) and a case (`:case`) into the
//! session, and listing the facts (`:facts`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use policy::error::{CaseError, ErrorKind};
use policy::eval::Prepared;
use policy::program::{Program, Type, Value};
use serde_json::value::RawValue;

use super::{line_error, Errors, Session};
use crate::commands::Piece;
use crate::report::Diag;

fn unreadable(path: &Piece, e: &std::io::Error) -> Diag {
    Diag::new(format!("cannot read `{}`: {e}", path.text))
        .code("unreadable")
        .label(path.at, path.text.len(), "this file")
}

impl Session {
    /// Load the policy at `path`, as `policy-repl FILE` does at start.
    pub fn load_path(&mut self, path: &Path) -> Result<String, Errors> {
        let line = format!(":load {}", path.display());
        let piece = Piece {
            text: path.display().to_string(),
            at: 6,
        };
        self.load(&line, &piece)
    }

    pub(super) fn load(&mut self, line: &str, file: &Piece) -> Result<String, Errors> {
        let path = PathBuf::from(&file.text);
        let text =
            std::fs::read_to_string(&path).map_err(|e| line_error(line)(unreadable(file, &e)))?;
        let program = policy::compile::compile(&file.text, &text)
            .map_err(|problems| Errors(problems.reports()))?;
        let mut out = String::new();
        let title = program
            .title
            .as_deref()
            .map(|t| format!(": {t}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "loaded policy {}{title} ({} facts, {} outputs, {} clauses)",
            program.name,
            program.facts.len(),
            program.outputs.len(),
            program.clauses.len()
        );
        if let Some(old) = &self.prepared {
            out.push_str(&keep_fitting(old.program(), &program, &mut self.facts));
        } else {
            self.facts = vec![None; program.facts.len()];
        }
        self.prepared = Some(Prepared::new(program));
        self.path = Some(path);
        Ok(out)
    }

    pub(super) fn reload(&mut self, line: &str) -> Result<String, Errors> {
        let Some(path) = self.path.clone() else {
            return Err(line_error(line)(
                Diag::new("nothing to reload: no policy loaded")
                    .code("no_policy")
                    .label(0, line.trim_end().len(), "needs a policy")
                    .help("`:load FILE` first"),
            ));
        };
        let piece = Piece {
            text: path.display().to_string(),
            at: 0,
        };
        self.load(line, &piece)
    }

    pub(super) fn case(&mut self, line: &str, file: &Piece) -> Result<String, Errors> {
        let program = self.program(line)?;
        let text = std::fs::read_to_string(&file.text)
            .map_err(|e| line_error(line)(unreadable(file, &e)))?;
        let (values, given) = read_partial(program, &text).map_err(|e| {
            line_error(line)(
                Diag::new(format!("cannot use `{}`: {}", file.text, e.message))
                    .code(&format!("case::{}", e.kind))
                    .label(file.at, file.text.len(), "this case"),
            )
        })?;
        let count = given.iter().filter(|g| **g).count();
        self.facts = values
            .into_iter()
            .zip(given)
            .map(|(v, given)| given.then_some(v))
            .collect();
        Ok(format!("{count} facts set from {}\n", file.text))
    }

    pub(super) fn list_facts(&self, line: &str) -> Result<String, Errors> {
        let program = self.program(line)?;
        let width = program
            .facts
            .iter()
            .map(|f| f.name.len())
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        for (def, value) in program.facts.iter().zip(&self.facts) {
            let shown = match value {
                Some(v) => policy::render::show(program, def.ty, v),
                None if def.optional => "not set (optional: missing unless given)".to_string(),
                None => "not set".to_string(),
            };
            let _ = writeln!(out, "  {:width$}  {shown}", def.name);
        }
        let missing = super::values::unset_required(program, &self.facts);
        if !missing.is_empty() {
            let names: Vec<&str> = missing
                .iter()
                .map(|&f| program.facts[f].name.as_str())
                .collect();
            let _ = writeln!(out, "needed to decide: {}", names.join(", "));
        }
        Ok(out)
    }
}

/// Keep the facts of `old` that still fit `new` (same name, same kind of
/// value, an enumeration value the new policy still has); say what was not
/// kept. `facts` is rewritten to `new`'s slots.
pub fn keep_fitting(old: &Program, new: &Program, facts: &mut Vec<Option<Value>>) -> String {
    let mut kept = vec![None; new.facts.len()];
    let mut dropped = vec![];
    for (def, value) in old.facts.iter().zip(facts.iter()) {
        let Some(value) = value else { continue };
        let fitted = new
            .fact_named(&def.name)
            .and_then(|id| Some((id, fit(old, def.ty, new, new.facts[id].ty, value)?)))
            .filter(|(id, v)| !v.is_missing() || new.facts[*id].optional);
        match fitted {
            Some((id, v)) => kept[id] = Some(v),
            None => dropped.push(def.name.clone()),
        }
    }
    *facts = kept;
    if dropped.is_empty() {
        String::new()
    } else {
        format!("dropped facts that no longer fit: {}\n", dropped.join(", "))
    }
}

/// A value of type `from` in `old` as a value of type `to` in `new`.
fn fit(old: &Program, from: Type, new: &Program, to: Type, value: &Value) -> Option<Value> {
    let variant = |e_old: usize, e_new: usize, i: u32| -> Option<u32> {
        let name = old.enums.get(e_old)?.variants.get(i as usize)?;
        new.enums
            .get(e_new)?
            .variants
            .iter()
            .position(|v| v == name)
            .map(|i| i as u32)
    };
    match (from, to, value) {
        (_, _, Value::Missing) => Some(Value::Missing),
        (Type::Enum(a), Type::Enum(b), Value::Enum(i)) => variant(a, b, *i).map(Value::Enum),
        (Type::List(a), Type::List(b), Value::Set(set)) => {
            let mut out = 0u128;
            for i in 0..128u32 {
                if set & (1u128 << i) != 0 {
                    out |= 1u128.checked_shl(variant(a, b, i)?).unwrap_or(0);
                }
            }
            Some(Value::Set(out))
        }
        (Type::Enum(_) | Type::List(_), _, _) | (_, Type::Enum(_) | Type::List(_), _) => None,
        (a, b, v) if a == b => Some(v.clone()),
        _ => None,
    }
}

/// Read a case that may leave facts out: the library reads whole cases
/// only, so stand-ins are added for the facts left out and then forgotten.
/// Returns the values and, per fact, whether the case gave it.
fn read_partial(program: &Program, text: &str) -> Result<(Vec<Value>, Vec<bool>), CaseError> {
    let json = |e: serde_json::Error| {
        let message = format!("the facts are not a JSON object: {e}");
        CaseError::new(ErrorKind::Json, message, vec![])
    };
    let top: Vec<(String, Box<RawValue>)> = members(text).map_err(json)?;
    let worked = program.fact_named("facts").is_none() && top.iter().any(|(k, _)| k == "facts");
    let object = match top.iter().find(|(k, _)| worked && k == "facts") {
        Some((_, inner)) => members(inner.get()).map_err(json)?,
        None => top,
    };
    let mut given = vec![false; program.facts.len()];
    let mut parts: Vec<String> = vec![];
    for (key, raw) in &object {
        if let Some(id) = program.fact_named(key) {
            given[id] = true;
        }
        parts.push(format!(
            "{}: {}",
            serde_json::Value::String(key.clone()),
            raw.get()
        ));
    }
    for (id, def) in program.facts.iter().enumerate() {
        if !given[id] {
            parts.push(format!(
                "\"{}\": {}",
                def.name,
                stand_in(program, def.ty, def.optional)
            ));
        }
    }
    let whole = format!("{{{}}}", parts.join(", "));
    let values = policy::facts::read(program, &whole).map_err(CaseError::from)?;
    Ok((values, given))
}

/// The members of a JSON object in order, values left as raw JSON.
fn members(text: &str) -> Result<Vec<(String, Box<RawValue>)>, serde_json::Error> {
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text)?;
    // Parsed once as a map to learn the keys and reject what is not an
    // object, then again as raw values so amounts keep their exact digits.
    let raw: std::collections::HashMap<String, Box<RawValue>> = serde_json::from_str(text)?;
    Ok(map
        .keys()
        .filter_map(|k| raw.get(k).map(|r| (k.clone(), r.clone())))
        .collect())
}

/// A well-typed value for a fact the case leaves out; never shown.
fn stand_in(program: &Program, ty: Type, optional: bool) -> String {
    if optional {
        return "null".into();
    }
    match ty {
        Type::Date => "\"2000-01-01\"".into(),
        Type::Money | Type::Number | Type::Percent => "\"0\"".into(),
        Type::Count | Type::Days => "0".into(),
        Type::Bool | Type::Permission => "false".into(),
        Type::List(_) => "[]".into(),
        Type::Text => "\"\"".into(),
        Type::Enum(e) => program
            .enums
            .get(e)
            .and_then(|d| d.variants.first())
            .map(|v| serde_json::Value::String(v.clone()).to_string())
            .unwrap_or_else(|| "null".into()),
    }
}
