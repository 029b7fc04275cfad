//! What a generated boundary case expects, and how the generator reads a schema and changes
//! one value inside a request body.

use serde_json::{Map, Value};
use vendor_api::walk;

use crate::support;

/// Why a case must be rejected, in the stub's terms (each vendor names them its own way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A required value is absent.
    Missing,
    /// A name the operation does not define.
    Unknown,
    /// A value of the wrong JSON type, or text that cannot be read as the documented type.
    WrongType,
    /// A single-valued query parameter given twice.
    Repeated,
    /// The right type, but outside a bound, length, enum, item count or pattern.
    Invalid,
    /// A string that breaks its `format` (for the documents here: not a date).
    Format,
}

/// What the stub must do with a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The value is valid: the request succeeds, or names data that does not exist.
    Accept,
    /// The value is invalid for this reason.
    Reject(Kind),
}

/// One step into a JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

pub fn dotted(at: &[Seg]) -> String {
    if at.is_empty() {
        return "body".to_owned();
    }
    at.iter()
        .map(|seg| match seg {
            Seg::Key(k) => k.clone(),
            Seg::Index(i) => i.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

pub fn child(at: &[Seg], seg: Seg) -> Vec<Seg> {
    let mut out = at.to_vec();
    out.push(seg);
    out
}

pub fn get<'v>(value: &'v Value, at: &[Seg]) -> Option<&'v Value> {
    at.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.get(k),
        Seg::Index(i) => v.get(i),
    })
}

/// Sets (or, with `None`, removes) the value at `at`; the parent must exist.
pub fn put(root: &mut Value, at: &[Seg], new: Option<Value>) {
    let Some((last, parent)) = at.split_last() else {
        if let Some(new) = new {
            *root = new;
        }
        return;
    };
    let mut target = root;
    for seg in parent {
        target = match seg {
            Seg::Key(k) => target.get_mut(k),
            Seg::Index(i) => target.get_mut(i),
        }
        .unwrap_or_else(|| panic!("no value at {}", dotted(at)));
    }
    match (last, new, target) {
        (Seg::Key(k), Some(new), Value::Object(map)) => {
            map.insert(k.clone(), new);
        }
        (Seg::Key(k), None, Value::Object(map)) => {
            map.remove(k);
        }
        (Seg::Index(i), Some(new), Value::Array(items)) if *i < items.len() => items[*i] = new,
        (Seg::Index(i), None, Value::Array(items)) if *i < items.len() => {
            items.remove(*i);
        }
        _ => panic!("cannot set {}", dotted(at)),
    }
}

pub fn with(root: &Value, at: &[Seg], new: Option<Value>) -> Value {
    let mut out = root.clone();
    put(&mut out, at, new);
    out
}

/// A schema with its `$ref` chain followed: the target's keywords, overridden by the
/// referring schema's own (`description`, `default`, …).
/// A schema with its `$ref` chain followed: the target's keywords, overridden by the
/// referring schema's own (`description`, `default`, …), as `vendor_api::walk` reads it. A
/// reference that does not resolve is a broken document, not a case.
pub fn effective(doc: &Value, schema: &Value) -> Map<String, Value> {
    match schema {
        Value::Object(_) => walk::merged(doc, schema).unwrap_or_else(|e| panic!("{e}")),
        _ => Map::new(),
    }
}

/// `b` laid over `a`, member by member for nested objects.
pub fn merge(a: &Map<String, Value>, b: &Map<String, Value>) -> Map<String, Value> {
    let mut out = a.clone();
    for (key, value) in b {
        match (out.get(key), value) {
            (Some(Value::Object(old)), Value::Object(new)) => {
                let merged = merge(old, new);
                out.insert(key.clone(), Value::Object(merged));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    out
}

/// The JSON types a schema allows (inferred from `enum` or `properties` when it has no
/// `type`).
pub fn types(eff: &Map<String, Value>) -> Vec<String> {
    match eff.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ if eff
            .get("enum")
            .is_some_and(|e| e.as_array().is_some_and(|e| e.iter().all(Value::is_string))) =>
        {
            vec!["string".to_owned()]
        }
        _ if eff.contains_key("properties") => vec!["object".to_owned()],
        _ if eff.contains_key("items") => vec!["array".to_owned()],
        _ => Vec::new(),
    }
}

/// The one non-null type of a schema, for parameters.
pub fn primary_type(eff: &Map<String, Value>) -> String {
    types(eff)
        .into_iter()
        .find(|t| t != "null")
        .unwrap_or_else(|| "string".to_owned())
}

pub fn number(eff: &Map<String, Value>, key: &str) -> Option<i64> {
    let value = eff.get(key)?;
    value
        .as_i64()
        .or_else(|| value.as_f64().map(|f| f.ceil() as i64))
}

pub fn count(eff: &Map<String, Value>, key: &str) -> Option<usize> {
    eff.get(key)?.as_u64().and_then(|n| usize::try_from(n).ok())
}

/// The elements of the array keyword `key` (`required`, `allOf`), none when it is absent.
pub fn items<'e>(eff: &'e Map<String, Value>, key: &str) -> impl Iterator<Item = &'e Value> {
    eff.get(key).and_then(Value::as_array).into_iter().flatten()
}

pub fn compile(doc: &Value, schema: &Map<String, Value>) -> jsonschema::Validator {
    support::schema_validator(doc, &Value::Object(schema.clone()))
}
