//! Helpers shared by the document tests: JSON Pointers, `$ref` resolution within a document,
//! the effective schema behind a reference, and JSON Schema validation against a schema that
//! sits anywhere inside a document.

use std::collections::BTreeSet;

use jsonschema::Registry;
use serde_json::{Map, Value, json};

/// Base URI under which a document is registered, so that `#/...` references inside it and
/// `{"$ref": "<uri>#/pointer"}` wrappers resolve against it. Never fetched.
pub fn document_uri(name: &str) -> String {
    format!("https://vendor-api.invalid/openapi/{name}.json")
}

/// Escapes one reference token of a JSON Pointer (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends `token` to the JSON Pointer `base`.
pub fn child(base: &str, token: &str) -> String {
    format!("{base}/{}", escape_token(token))
}

/// A JSON Pointer as a URI fragment: every character outside the RFC 3986 unreserved set
/// (and the `/` separators) percent-encoded, so that keys such as `{group_id}` survive.
pub fn pointer_fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for byte in pointer.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Follows a local `$ref` (`#/...`) chain starting at `value` until a value without `$ref`.
/// Returns the target and the pointer it sits at (`None` when `value` had no `$ref`).
pub fn resolve<'a>(
    doc: &'a Value,
    value: &'a Value,
) -> Result<(&'a Value, Option<String>), String> {
    let mut current = value;
    let mut location = None;
    let mut seen = BTreeSet::new();
    while let Some(reference) = current.get("$ref") {
        let reference = reference
            .as_str()
            .ok_or_else(|| format!("`$ref` is not a string: {reference}"))?;
        let pointer = reference
            .strip_prefix('#')
            .ok_or_else(|| format!("`$ref` `{reference}` is not local to the document"))?;
        if !seen.insert(pointer.to_owned()) {
            return Err(format!("`$ref` cycle through `{reference}`"));
        }
        current = doc
            .pointer(pointer)
            .ok_or_else(|| format!("`$ref` `{reference}` points to nothing"))?;
        location = Some(pointer.to_owned());
    }
    Ok((current, location))
}

/// Every `$ref` string in `value` with the JSON Pointer of the object holding it.
pub fn references(value: &Value, pointer: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                match (key.as_str(), item) {
                    ("$ref", Value::String(target)) => {
                        out.push((pointer.to_owned(), target.clone()))
                    }
                    _ => references(item, &child(pointer, key), out),
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                references(item, &child(pointer, &index.to_string()), out);
            }
        }
        _ => {}
    }
}

/// The references in `doc` that do not resolve, as messages.
pub fn dangling_references(doc: &Value) -> Vec<String> {
    let mut refs = Vec::new();
    references(doc, "", &mut refs);
    refs.into_iter()
        .filter_map(|(holder, target)| {
            let ok = target
                .strip_prefix('#')
                .is_some_and(|pointer| doc.pointer(pointer).is_some());
            (!ok).then(|| {
                format!("`$ref: {target}` at `{holder}` does not resolve within the document")
            })
        })
        .collect()
}

/// The schema as it applies: a `$ref` replaced by its (effective) target with the sibling
/// keywords laid over it, and a `oneOf`/`anyOf` of one schema and `{"type": "null"}` replaced
/// by that schema (nullability is read separately, with [`types`]).
pub fn effective(doc: &Value, schema: &Value) -> Result<Map<String, Value>, String> {
    let Value::Object(map) = schema else {
        return Err(format!("not a schema object: {schema}"));
    };
    let mut out = Map::new();
    if map.contains_key("$ref") {
        let (target, _) = resolve(doc, schema)?;
        out = effective(doc, target)?;
    }
    for keyword in ["oneOf", "anyOf"] {
        if let Some(Value::Array(branches)) = map.get(keyword) {
            let real: Vec<&Value> = branches.iter().filter(|b| !is_null_schema(b)).collect();
            if real.len() == 1 && real.len() < branches.len() {
                for (key, value) in effective(doc, real[0])? {
                    out.insert(key, value);
                }
            }
        }
    }
    for (key, value) in map {
        if key != "$ref" {
            out.insert(key.clone(), value.clone());
        }
    }
    Ok(out)
}

fn is_null_schema(schema: &Value) -> bool {
    schema.get("type") == Some(&json!("null"))
}

/// The JSON types a schema admits, following `$ref`, `oneOf`/`anyOf` branches and `allOf`
/// (intersection). Empty when the schema names no type at all.
pub fn types(doc: &Value, schema: &Value) -> Result<BTreeSet<String>, String> {
    let Value::Object(map) = schema else {
        return Ok(BTreeSet::new());
    };
    let mut own: Option<BTreeSet<String>> = match map.get("type") {
        Some(Value::String(t)) => Some(BTreeSet::from([t.clone()])),
        Some(Value::Array(ts)) => Some(
            ts.iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
        ),
        _ => None,
    };
    if map.contains_key("$ref") {
        let (target, _) = resolve(doc, schema)?;
        own = Some(intersect(own, types(doc, target)?));
    }
    for keyword in ["oneOf", "anyOf"] {
        if let Some(Value::Array(branches)) = map.get(keyword) {
            let mut union = BTreeSet::new();
            for branch in branches {
                union.extend(types(doc, branch)?);
            }
            own = Some(intersect(own, union));
        }
    }
    if let Some(Value::Array(parts)) = map.get("allOf") {
        for part in parts {
            own = Some(intersect(own, types(doc, part)?));
        }
    }
    Ok(own.unwrap_or_default())
}

fn intersect(a: Option<BTreeSet<String>>, b: BTreeSet<String>) -> BTreeSet<String> {
    match a {
        None => b,
        Some(a) if b.is_empty() => a,
        // JSON Schema's "integer" is a subset of "number".
        Some(a) => a
            .iter()
            .filter(|t| b.contains(*t) || (*t == "integer" && b.contains("number")))
            .cloned()
            .collect(),
    }
}

/// The branches a schema is made of: itself, or (for `oneOf`/`anyOf`) each non-null branch,
/// every one with its `$ref` followed.
pub fn branches<'a>(doc: &'a Value, schema: &'a Value) -> Result<Vec<&'a Value>, String> {
    let (schema, _) = resolve(doc, schema)?;
    for keyword in ["oneOf", "anyOf"] {
        if let Some(Value::Array(items)) = schema.get(keyword) {
            let mut out = Vec::new();
            for item in items.iter().filter(|b| !is_null_schema(b)) {
                out.extend(branches(doc, item)?);
            }
            return Ok(out);
        }
    }
    Ok(vec![schema])
}

/// Validates instances against schemas inside one OpenAPI document, with its `$ref`s.
pub struct DocumentValidator<'a> {
    uri: String,
    registry: Registry<'a>,
}

impl std::fmt::Debug for DocumentValidator<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentValidator")
            .field("uri", &self.uri)
            .finish_non_exhaustive()
    }
}

impl<'a> DocumentValidator<'a> {
    /// Registers `doc` under [`document_uri`]`(name)`.
    pub fn new(name: &str, doc: &'a Value) -> Self {
        let uri = document_uri(name);
        let registry = Registry::new()
            .add(&uri, doc)
            .and_then(|builder| builder.prepare())
            .unwrap_or_else(|e| panic!("{name}: cannot register the document as a resource: {e}"));
        Self { uri, registry }
    }

    /// Checks `instance` against the schema at `pointer` in the document, with `format`
    /// assertions on (dates, date-times, …). The error lists every violation.
    pub fn check(&self, pointer: &str, instance: &Value) -> Result<(), String> {
        let wrapper = json!({ "$ref": format!("{}#{}", self.uri, pointer_fragment(pointer)) });
        let validator = jsonschema::options()
            .with_registry(&self.registry)
            .should_validate_formats(true)
            .build(&wrapper)
            .map_err(|e| format!("the schema at `{pointer}` does not compile: {e}"))?;
        let errors: Vec<String> = validator
            .iter_errors(instance)
            .map(|e| format!("at `{}`: {e}", e.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("; "))
        }
    }
}

/// Fails with every message, one per line, under a heading.
#[track_caller]
pub fn assert_no_failures(heading: &str, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{heading}: {} failure(s)\n  - {}",
        failures.len(),
        failures.join("\n  - ")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({
            "components": { "schemas": {
                "Kind": { "type": "string", "enum": ["A", "B"] },
                "Alias": { "$ref": "#/components/schemas/Kind" },
                "Holder": {
                    "type": "object",
                    "properties": {
                        "kind": { "$ref": "#/components/schemas/Alias", "default": "A" },
                        "maybe": { "oneOf": [ { "$ref": "#/components/schemas/Kind" }, { "type": "null" } ] }
                    }
                },
                "Loop": { "$ref": "#/components/schemas/Loop" }
            } },
            "paths": { "/a/{id}": { "get": { "parameters": [ { "schema": { "$ref": "#/components/schemas/Kind" } } ] } } }
        })
    }

    #[test]
    fn effective_schema_follows_ref_chains_and_keeps_siblings() {
        let doc = doc();
        let kind = &doc["components"]["schemas"]["Holder"]["properties"]["kind"];
        let eff = effective(&doc, kind).unwrap();
        assert_eq!(eff["enum"], json!(["A", "B"]));
        assert_eq!(eff["default"], json!("A"));
        let maybe = &doc["components"]["schemas"]["Holder"]["properties"]["maybe"];
        assert_eq!(effective(&doc, maybe).unwrap()["enum"], json!(["A", "B"]));
        assert_eq!(
            types(&doc, maybe).unwrap(),
            BTreeSet::from(["null".into(), "string".into()])
        );
        assert!(resolve(&doc, &doc["components"]["schemas"]["Loop"]).is_err());
        assert!(effective(&doc, &json!({ "$ref": "#/components/schemas/Missing" })).is_err());
    }

    #[test]
    fn dangling_references_are_reported() {
        let mut doc = doc();
        assert!(dangling_references(&doc).is_empty());
        doc["components"]["schemas"]["Holder"]["properties"]["x"] =
            json!({ "$ref": "#/components/schemas/Gone" });
        let dangling = dangling_references(&doc);
        assert_eq!(dangling.len(), 1, "{dangling:?}");
        assert!(dangling[0].contains("Gone"));
    }

    #[test]
    fn validator_reaches_schemas_under_awkward_keys() {
        let doc = doc();
        let validator = DocumentValidator::new("unit", &doc);
        let pointer = "/paths/~1a~1{id}/get/parameters/0/schema";
        assert_eq!(validator.check(pointer, &json!("A")), Ok(()));
        assert!(validator.check(pointer, &json!("C")).is_err());
    }
}
