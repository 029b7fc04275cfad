//! Structural checks of every document: it is a valid OpenAPI 3.1 document (by the official
//! 2022-10-07 JSON Schema), its `$ref`s resolve, its schemas are valid JSON Schema 2020-12, every
//! example and default matches the schema it illustrates, and the published JSON is the document.

use serde_json::{Value, json};
use vendor_api::Service;
use vendor_api::walk::{HTTP_METHODS, child, dangling_references, resolve};

use crate::support::{DocumentValidator, assert_no_failures};

/// The official OpenAPI 3.1 schema; see `data/README.md`.
const OPENAPI_31_SCHEMA: &str = include_str!("data/openapi-3.1-schema.json");
const OPENAPI_31_SCHEMA_ID: &str = "https://spec.openapis.org/oas/3.1/schema/2022-10-07";

fn openapi_31_validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(OPENAPI_31_SCHEMA).expect("data/openapi-3.1-schema.json is JSON");
    assert_eq!(
        schema["$id"], OPENAPI_31_SCHEMA_ID,
        "data/openapi-3.1-schema.json is not the 2022-10-07 schema"
    );
    // `format` stays an annotation, as JSON Schema 2020-12 and the OpenAPI tools treat it: the
    // 2022-10-07 schema marks `servers[].url` as a `uri-reference`, which a templated URL such as
    // `https://workspace.{region}.myhuaweicloud.com` (valid OpenAPI) is not.
    jsonschema::options()
        .should_validate_formats(false)
        .build(&schema)
        .expect("the OpenAPI 3.1 schema compiles")
}

/// Where `doc` breaks the OpenAPI 3.1 schema, one message per violation.
fn openapi_violations(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| {
            format!(
                "at `{}` (schema `{}`): {e}",
                e.instance_path(),
                e.schema_path()
            )
        })
        .collect()
}

#[test]
fn documents_conform_to_the_openapi_3_1_schema() {
    let validator = openapi_31_validator();
    let mut failures = Vec::new();
    for service in Service::ALL {
        let doc = service.document();
        if doc["openapi"] != "3.1.0" {
            failures.push(format!(
                "{}: `openapi` is {}, not \"3.1.0\"",
                service.name(),
                doc["openapi"]
            ));
        }
        for violation in openapi_violations(&validator, &doc) {
            failures.push(format!("{}: {violation}", service.name()));
        }
    }
    assert_no_failures("documents breaking the OpenAPI 3.1 schema", &failures);
}

#[test]
fn the_openapi_schema_check_rejects_broken_documents() {
    let validator = openapi_31_validator();
    let minimal = json!({
        "openapi": "3.1.0",
        "info": { "title": "t", "version": "1" },
        "paths": { "/a": { "get": { "responses": { "200": { "description": "ok" } } } } }
    });
    assert_eq!(
        openapi_violations(&validator, &minimal),
        Vec::<String>::new()
    );

    type Breakage = fn(&mut Value);
    let breakages: [(&str, Breakage); 5] = [
        ("no info", |d| {
            d.as_object_mut().unwrap().remove("info");
        }),
        ("OpenAPI 3.0 version", |d| d["openapi"] = json!("3.0.3")),
        ("response without description", |d| {
            d["paths"]["/a"]["get"]["responses"]["200"] = json!({});
        }),
        ("parameter in the body", |d| {
            d["paths"]["/a"]["get"]["parameters"] =
                json!([{ "name": "x", "in": "body", "schema": {} }]);
        }),
        ("path parameter not required", |d| {
            d["paths"]["/a"]["get"]["parameters"] =
                json!([{ "name": "x", "in": "path", "schema": {} }]);
        }),
    ];
    for (what, breakage) in breakages {
        let mut broken = minimal.clone();
        breakage(&mut broken);
        assert!(
            !openapi_violations(&validator, &broken).is_empty(),
            "a document with {what} passed the OpenAPI 3.1 schema"
        );
    }
}

#[test]
fn every_reference_resolves() {
    let mut failures = Vec::new();
    for service in Service::ALL {
        for message in dangling_references(&service.document()) {
            failures.push(format!("{}: {message}", service.name()));
        }
    }
    assert_no_failures("dangling `$ref`s", &failures);
}

/// A value to check against a schema, and where it came from.
#[derive(Debug, Clone, PartialEq)]
struct Sample {
    /// JSON Pointer of the example or default itself.
    label: String,
    /// JSON Pointer of the schema it must match.
    schema: String,
    value: Value,
}

/// Every example and default in an OpenAPI 3.1 document, each with the schema it must match:
/// schema `examples`/`example`/`default` at any depth, parameter and header `example(s)`, and
/// media type `example`/`examples.*.value` of request bodies and responses. Also returns the
/// pointers of every top-level schema (components, parameters, headers, media types).
#[derive(Debug, Default)]
struct Walk {
    samples: Vec<Sample>,
    schemas: Vec<String>,
}

impl Walk {
    fn of(doc: &Value) -> Self {
        let mut walk = Walk::default();
        let components = &doc["components"];
        for (name, _) in entries(&components["schemas"]) {
            let pointer = child("/components/schemas", name);
            walk.schemas.push(pointer.clone());
            walk.schema(doc, &pointer);
        }
        for kind in ["parameters", "headers"] {
            for (name, _) in entries(&components[kind]) {
                walk.parameter(doc, &child(&child("/components", kind), name));
            }
        }
        for (name, _) in entries(&components["requestBodies"]) {
            walk.content(
                doc,
                &child(&child("/components/requestBodies", name), "content"),
            );
        }
        for (name, _) in entries(&components["responses"]) {
            walk.response(doc, &child("/components/responses", name));
        }
        for (path, item) in entries(&doc["paths"]) {
            let path_pointer = child("/paths", path);
            walk.parameters(doc, &child(&path_pointer, "parameters"));
            for method in HTTP_METHODS {
                if item.get(method).is_none() {
                    continue;
                }
                let op = child(&path_pointer, method);
                walk.parameters(doc, &child(&op, "parameters"));
                walk.content(doc, &format!("{op}/requestBody/content"));
                for (status, _) in entries(&doc.pointer(&op).unwrap()["responses"]) {
                    walk.response(doc, &child(&child(&op, "responses"), status));
                }
            }
        }
        walk
    }

    fn parameters(&mut self, doc: &Value, pointer: &str) {
        if let Some(Value::Array(items)) = doc.pointer(pointer) {
            for index in 0..items.len() {
                self.parameter(doc, &child(pointer, &index.to_string()));
            }
        }
    }

    /// A Parameter or Header Object (a Reference Object is checked where it points).
    fn parameter(&mut self, doc: &Value, pointer: &str) {
        let Some(param) = doc.pointer(pointer) else {
            return;
        };
        if param.get("$ref").is_some() {
            return;
        }
        if param.get("schema").is_some() {
            let schema = child(pointer, "schema");
            self.schemas.push(schema.clone());
            self.schema(doc, &schema);
            self.examples_of(doc, pointer, &schema);
        }
        self.content(doc, &child(pointer, "content"));
    }

    fn response(&mut self, doc: &Value, pointer: &str) {
        let Some(response) = doc.pointer(pointer) else {
            return;
        };
        if response.get("$ref").is_some() {
            return;
        }
        for (name, _) in entries(&response["headers"]) {
            self.parameter(doc, &child(&child(pointer, "headers"), name));
        }
        self.content(doc, &child(pointer, "content"));
    }

    /// A `content` map of Media Type Objects.
    fn content(&mut self, doc: &Value, pointer: &str) {
        let Some(content) = doc.pointer(pointer) else {
            return;
        };
        for (media, object) in entries(content) {
            let media_pointer = child(pointer, media);
            if object.get("schema").is_some() {
                let schema = child(&media_pointer, "schema");
                self.schemas.push(schema.clone());
                self.schema(doc, &schema);
                self.examples_of(doc, &media_pointer, &schema);
            }
        }
    }

    /// `example` and `examples.*.value` of a Parameter, Header or Media Type Object.
    fn examples_of(&mut self, doc: &Value, holder: &str, schema: &str) {
        let object = doc.pointer(holder).unwrap();
        if let Some(value) = object.get("example") {
            self.push(child(holder, "example"), schema, value);
        }
        for (name, example) in entries(&object["examples"]) {
            let label = child(&child(holder, "examples"), name);
            match resolve(doc, example) {
                Ok((example, _)) => {
                    if let Some(value) = example.get("value") {
                        self.push(child(&label, "value"), schema, value);
                    }
                }
                Err(e) => self.push(
                    label,
                    schema,
                    &json!({ "unresolvable example": e.to_string() }),
                ),
            }
        }
    }

    /// A Schema Object and every schema nested in it.
    fn schema(&mut self, doc: &Value, pointer: &str) {
        let Some(Value::Object(schema)) = doc.pointer(pointer) else {
            return;
        };
        if let Some(Value::Array(examples)) = schema.get("examples") {
            for (index, value) in examples.iter().enumerate() {
                self.push(
                    child(&child(pointer, "examples"), &index.to_string()),
                    pointer,
                    value,
                );
            }
        }
        for keyword in ["example", "default"] {
            if let Some(value) = schema.get(keyword) {
                self.push(child(pointer, keyword), pointer, value);
            }
        }
        for keyword in [
            "items",
            "not",
            "if",
            "then",
            "else",
            "additionalProperties",
            "contains",
            "propertyNames",
            "unevaluatedItems",
            "unevaluatedProperties",
            "contentSchema",
        ] {
            if schema.get(keyword).is_some_and(Value::is_object) {
                self.schema(doc, &child(pointer, keyword));
            }
        }
        for keyword in [
            "properties",
            "patternProperties",
            "$defs",
            "dependentSchemas",
        ] {
            for (name, _) in schema.get(keyword).map(entries).unwrap_or_default() {
                self.schema(doc, &child(&child(pointer, keyword), name));
            }
        }
        for keyword in ["allOf", "anyOf", "oneOf", "prefixItems"] {
            if let Some(Value::Array(items)) = schema.get(keyword) {
                for index in 0..items.len() {
                    self.schema(doc, &child(&child(pointer, keyword), &index.to_string()));
                }
            }
        }
    }

    fn push(&mut self, label: String, schema: &str, value: &Value) {
        self.samples.push(Sample {
            label,
            schema: schema.to_owned(),
            value: value.clone(),
        });
    }
}

/// The members of an object, or nothing.
fn entries(value: &Value) -> Vec<(&String, &Value)> {
    value
        .as_object()
        .map(|m| m.iter().collect())
        .unwrap_or_default()
}

/// Every sample in `doc` that does not match its schema, as messages.
fn sample_failures(name: &str, doc: &Value) -> Vec<String> {
    let validator = DocumentValidator::new(name, doc);
    Walk::of(doc)
        .samples
        .iter()
        .filter_map(|sample| {
            validator
                .check(&sample.schema, &sample.value)
                .err()
                .map(|e| {
                    format!(
                        "{name}: `{}` does not match the schema at `{}`: {e}",
                        sample.label, sample.schema
                    )
                })
        })
        .collect()
}

#[test]
fn every_example_and_default_matches_its_schema() {
    let mut failures = Vec::new();
    for service in Service::ALL {
        let doc = service.document();
        let samples = Walk::of(&doc).samples;
        if samples.is_empty() {
            failures.push(format!(
                "{}: the document has no examples at all",
                service.name()
            ));
        }
        failures.extend(sample_failures(service.name(), &doc));
    }
    assert_no_failures("examples or defaults that break their schema", &failures);
}

#[test]
fn the_example_check_finds_every_kind_of_broken_example() {
    let doc = json!({
        "openapi": "3.1.0",
        "info": { "title": "t", "version": "1" },
        "paths": { "/x/{id}": {
            "parameters": [ { "name": "id", "in": "path", "required": true,
                              "schema": { "type": "integer", "minimum": 1 }, "example": 0 } ],
            "post": {
                "requestBody": { "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/T" },
                    "examples": { "good": { "value": { "n": 1 } }, "bad": { "value": { "n": -1 } },
                                  "shared": { "$ref": "#/components/examples/Shared" } }
                } } },
                "responses": { "200": {
                    "description": "ok",
                    "headers": { "X-When": { "schema": { "type": "string", "format": "date" }, "example": "2021/01/11" } },
                    "content": { "application/json": {
                        "schema": { "type": "array", "items": { "$ref": "#/components/schemas/T" } },
                        "example": [ { "n": 1 }, { "n": "x" } ]
                    } }
                } }
            }
        } },
        "components": {
            "schemas": { "T": {
                "type": "object",
                "required": ["n"],
                "properties": { "n": { "type": "integer", "minimum": 0, "default": -5 } },
                "additionalProperties": false,
                "examples": [ { "n": 2 }, { "n": 2, "extra": true } ]
            } },
            "examples": { "Shared": { "value": {} } }
        }
    });
    let failures = sample_failures("unit", &doc);
    let expected = [
        "/paths/~1x~1{id}/parameters/0/example",
        "/paths/~1x~1{id}/post/requestBody/content/application~1json/examples/bad/value",
        "/paths/~1x~1{id}/post/requestBody/content/application~1json/examples/shared/value",
        "/paths/~1x~1{id}/post/responses/200/headers/X-When/example",
        "/paths/~1x~1{id}/post/responses/200/content/application~1json/example",
        "/components/schemas/T/examples/1",
        "/components/schemas/T/properties/n/default",
    ];
    for label in expected {
        assert!(
            failures
                .iter()
                .any(|f| f.contains(&format!("`{label}` does not match"))),
            "the broken sample `{label}` was not reported; reported:\n{failures:#?}"
        );
    }
    assert_eq!(
        failures.len(),
        expected.len(),
        "unexpected reports:\n{failures:#?}"
    );
    let samples = Walk::of(&doc).samples;
    assert_eq!(
        samples.len(),
        expected.len() + 2,
        "good samples are found too: {samples:#?}"
    );
}

#[test]
fn every_schema_is_a_valid_json_schema_2020_12() {
    let mut failures = Vec::new();
    for service in Service::ALL {
        let doc = service.document();
        let walk = Walk::of(&doc);
        if walk.schemas.is_empty() {
            failures.push(format!("{}: no schemas found", service.name()));
        }
        for pointer in walk.schemas {
            let schema = doc.pointer(&pointer).unwrap();
            if let Err(e) = jsonschema::draft202012::meta::validate(schema) {
                failures.push(format!(
                    "{}: the schema at `{pointer}` is not valid JSON Schema 2020-12: {e}",
                    service.name()
                ));
            }
        }
    }
    assert_no_failures("invalid schemas", &failures);
    assert!(jsonschema::draft202012::meta::validate(&json!({ "type": "strng" })).is_err());
}

#[test]
fn published_json_is_the_document() {
    for service in Service::ALL {
        let parsed: Value = serde_json::from_str(&service.json())
            .unwrap_or_else(|e| panic!("{}.json is not JSON: {e}", service.name()));
        assert_eq!(
            parsed,
            service.document(),
            "{}.json does not parse to the document",
            service.name()
        );
        assert!(
            service.json().ends_with("}\n"),
            "{}.json lacks its final newline",
            service.name()
        );
        assert!(
            !service.json().contains('\r'),
            "{}.json has CR line endings",
            service.name()
        );
        assert!(
            !xtask::yaml::to_yaml(&service.document()).contains('\r'),
            "{}.yaml has CR line endings",
            service.name()
        );
    }
}
