//! Helpers shared by the document tests: JSON Schema validation against a schema that sits
//! anywhere inside a document, and failure lists. Reading the documents (`$ref`s, effective
//! schemas, operations) is `vendor_api::walk`'s, shared with the stub's tests.

use jsonschema::Registry;
use serde_json::{Value, json};

/// Base URI under which a document is registered, so that `#/...` references inside it and
/// `{"$ref": "<uri>#/pointer"}` wrappers resolve against it. Never fetched.
pub fn document_uri(name: &str) -> String {
    format!("https://vendor-api.invalid/openapi/{name}.json")
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

    #[test]
    fn validator_reaches_schemas_under_awkward_keys() {
        let doc = json!({
            "components": { "schemas": { "Kind": { "type": "string", "enum": ["A", "B"] } } },
            "paths": { "/a/{id}": { "get": { "parameters": [ { "schema": { "$ref": "#/components/schemas/Kind" } } ] } } }
        });
        let validator = DocumentValidator::new("unit", &doc);
        let pointer = "/paths/~1a~1{id}/get/parameters/0/schema";
        assert_eq!(validator.check(pointer, &json!("A")), Ok(()));
        assert!(validator.check(pointer, &json!("C")).is_err());
    }
}
