//! The vendors' SDK models held against the documents, field by field: which fields both
//! have, which only one has, and where their types or required-ness differ.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diff::schema::resolve;

/// What the SDK extractor (`tests/vendor-drift/sdk_models.py`) reports.
#[derive(Debug, Clone, Deserialize)]
pub struct Extract {
    /// Package versions read.
    pub sdks: std::collections::BTreeMap<String, String>,
    /// One entry per documented operation.
    pub operations: Vec<SdkOperation>,
    /// The nested models the operations' fields refer to.
    pub models: std::collections::BTreeMap<String, Model>,
}

/// One operation as the SDK models it.
#[derive(Debug, Clone, Deserialize)]
pub struct SdkOperation {
    /// The document's name.
    pub document: String,
    /// The operationId.
    pub operation: String,
    /// The SDK package, when there is one.
    pub sdk: Option<String>,
    /// The request model.
    pub request: Option<Model>,
    /// The response model.
    pub response: Option<Model>,
    /// Why the operation is not covered, when it is not.
    pub why: Option<String>,
}

/// An SDK model class.
#[derive(Debug, Clone, Deserialize)]
pub struct Model {
    /// The class name.
    pub name: String,
    /// Its fields.
    pub fields: Vec<Field>,
}

/// A field of an SDK model.
#[derive(Debug, Clone, Deserialize)]
pub struct Field {
    /// The name on the wire.
    pub wire: String,
    /// `str`, `int`, `float`, `bool`, `object`, `list[T]` or a model name.
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether the SDK requires it; `None` where the SDK does not say.
    pub required: Option<bool>,
}

/// How an SDK field and the document differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Difference {
    /// The SDK has the field, the document does not.
    MissingInDocument,
    /// The document has the field, the SDK model does not.
    MissingInSdk,
    /// Both have it, with types that do not match.
    Type,
    /// Both have it; one requires it and the other does not.
    Required,
}

/// Request or response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// What the client sends.
    Request,
    /// What the server answers.
    Response,
}

/// One difference between an SDK model and the document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// The operationId.
    pub operation: String,
    /// Request or response.
    pub side: Side,
    /// The field's wire path, e.g. `export_tasks[].error_code`.
    pub field: String,
    /// How they differ.
    pub difference: Difference,
    /// Both sides in words.
    pub detail: String,
}

/// The comparison of one operation.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Fields looked at (the union of both sides).
    pub compared: usize,
    /// Every difference found.
    pub findings: Vec<Finding>,
}

/// A document field: its schema, and whether the document requires it.
#[derive(Debug, Clone)]
struct DocField<'a> {
    name: String,
    schema: &'a Value,
    required: bool,
}

struct Walk<'a> {
    document: &'a Value,
    extract: &'a Extract,
    operation: &'a str,
    side: Side,
    outcome: Outcome,
}

/// Compares one operation's SDK models with the document.
pub fn compare(document: &Value, extract: &Extract, sdk: &SdkOperation) -> Outcome {
    let mut outcome = Outcome::default();
    let Some(op) = find_operation(document, &sdk.operation) else {
        return outcome;
    };
    let walk = |side| Walk {
        document,
        extract,
        operation: &sdk.operation,
        side,
        outcome: Outcome::default(),
    };
    if let Some(request) = &sdk.request {
        let mut walk = walk(Side::Request);
        walk.fields("", &request.fields, request_fields(document, op));
        merge(&mut outcome, walk.outcome);
    }
    if let Some(response) = &sdk.response {
        let mut walk = walk(Side::Response);
        walk.response(op, response);
        merge(&mut outcome, walk.outcome);
    }
    outcome
}

fn merge(into: &mut Outcome, from: Outcome) {
    into.compared += from.compared;
    into.findings.extend(from.findings);
}

fn find_operation<'a>(document: &'a Value, id: &str) -> Option<&'a Value> {
    vendor_api::walk::operation(document, id).map(|op| op.object)
}

/// What a client sends: the parameters (credentials and the project, which the SDKs fill
/// from their credentials, included) and the properties of a JSON body.
fn request_fields<'a>(document: &'a Value, op: &'a Value) -> Vec<DocField<'a>> {
    let mut out: Vec<DocField<'a>> = op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| resolve(document, p))
        .filter_map(|p| {
            Some(DocField {
                name: p.get("name")?.as_str()?.to_owned(),
                schema: p.get("schema")?,
                required: p.get("required").and_then(Value::as_bool) == Some(true),
            })
        })
        .collect();
    let body = op
        .pointer("/requestBody/content/application~1json/schema")
        .and_then(|s| resolve(document, s));
    if let Some(body) = body {
        out.extend(properties(document, body));
    }
    out
}

/// The properties of an object schema (through `$ref` and plain `allOf`).
fn properties<'a>(document: &'a Value, schema: &'a Value) -> Vec<DocField<'a>> {
    let Some(schema) = resolve(document, schema) else {
        return Vec::new();
    };
    let required: Vec<&str> = schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let mut out: Vec<DocField<'a>> = schema["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, s)| DocField {
            name: name.clone(),
            schema: s,
            required: required.contains(&name.as_str()),
        })
        .collect();
    for part in schema["allOf"].as_array().into_iter().flatten() {
        out.extend(properties(document, part));
    }
    out
}

/// The schema a value is, once `$ref` and "X or null" are seen through.
fn unwrap_nullable<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    let Some(schema) = resolve(document, schema) else {
        return schema;
    };
    for key in ["oneOf", "anyOf"] {
        if let Some(variants) = schema[key].as_array() {
            let real: Vec<&Value> = variants
                .iter()
                .filter(|v| resolve(document, v).is_none_or(|v| v["type"] != "null"))
                .collect();
            if let [only] = real.as_slice() {
                return unwrap_nullable(document, only);
            }
        }
    }
    schema
}

/// The JSON types a schema allows, without null.
fn json_types(schema: &Value) -> Vec<String> {
    match &schema["type"] {
        Value::String(t) => vec![t.clone()],
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

impl<'a> Walk<'a> {
    fn find(&mut self, path: &str, field: &str, difference: Difference, detail: String) {
        self.outcome.findings.push(Finding {
            operation: self.operation.to_owned(),
            side: self.side,
            field: format!("{path}{field}"),
            difference,
            detail,
        });
    }

    /// Compares SDK fields with document fields, matched by wire name (ignoring case, as
    /// header names do).
    fn fields(&mut self, path: &str, sdk: &[Field], doc: Vec<DocField<'_>>) {
        let key = |s: &str| s.to_ascii_lowercase();
        for field in sdk {
            self.outcome.compared += 1;
            let Some(found) = doc.iter().find(|d| key(&d.name) == key(&field.wire)) else {
                let detail = format!(
                    "the SDK has {} ({}); the document does not",
                    field.wire, field.kind
                );
                self.find(path, &field.wire, Difference::MissingInDocument, detail);
                continue;
            };
            if let Some(required) = field.required
                && required != found.required
            {
                let word = |r: bool| if r { "required" } else { "optional" };
                let detail = format!(
                    "SDK: {}, document: {}",
                    word(required),
                    word(found.required)
                );
                self.find(path, &field.wire, Difference::Required, detail);
            }
            self.value(&format!("{path}{}", field.wire), &field.kind, found.schema);
        }
        for found in doc
            .iter()
            .filter(|d| !sdk.iter().any(|f| key(&f.wire) == key(&d.name)))
        {
            self.outcome.compared += 1;
            let detail = format!("the document has {}; the SDK model does not", found.name);
            self.find(path, &found.name, Difference::MissingInSdk, detail);
        }
    }

    /// Compares one SDK type with one document schema, descending into lists and models.
    fn value(&mut self, path: &str, kind: &str, schema: &Value) {
        let schema = unwrap_nullable(self.document, schema);
        let types = json_types(schema);
        let mismatch = |this: &mut Self| {
            let detail = format!("SDK: {kind}, document: {}", types.join(" | "));
            let (prefix, field) = split(path);
            this.find(prefix, field, Difference::Type, detail);
        };
        if let Some(item) = kind.strip_prefix("list[").and_then(|k| k.strip_suffix(']')) {
            if types.iter().any(|t| t == "array") {
                self.value(&format!("{path}[]"), item, &schema["items"]);
            } else {
                mismatch(self);
            }
            return;
        }
        let expected = match kind {
            "str" => "string",
            "int" => "integer",
            "float" => "number",
            "bool" => "boolean",
            "object" => "object",
            model => {
                if !types.is_empty() && !types.iter().any(|t| t == "object") {
                    mismatch(self);
                    return;
                }
                if let Some(model) = self.extract.models.get(model) {
                    let fields = properties(self.document, schema);
                    let fields_sdk = model.fields.clone();
                    self.fields(&format!("{path}."), &fields_sdk, fields);
                }
                return;
            }
        };
        let fits = types.is_empty()
            || types.iter().any(|t| t == expected)
            || expected == "number" && types.iter().any(|t| t == "integer");
        if !fits {
            mismatch(self);
        }
    }

    /// The success answer: its JSON body (Tencent's inside `Response`, without the error
    /// alternative; a bare array as the Huawei SDKs' `body` field) and its headers.
    fn response(&mut self, op: &'a Value, model: &Model) {
        let Some((_, answer)) = op["responses"]
            .as_object()
            .into_iter()
            .flatten()
            .find(|(status, _)| status.starts_with('2'))
        else {
            return;
        };
        let document = self.document;
        let answer = resolve(document, answer).unwrap_or(answer);
        let mut body = answer
            .pointer("/content/application~1json/schema")
            .map(|s| unwrap_nullable(document, s));
        if let Some(inner) = body.and_then(|b| b.pointer("/properties/Response")) {
            body = Some(success_variant(self.document, inner));
        }
        let mut doc: Vec<DocField<'_>> = Vec::new();
        let mut sdk: Vec<Field> = Vec::new();
        for field in &model.fields {
            match (field.wire.as_str(), body) {
                // The Huawei SDKs put a bare array answer in a field named `body`.
                ("body", Some(b)) if json_types(b).iter().any(|t| t == "array") => {
                    self.outcome.compared += 1;
                    self.value("", &field.kind, b);
                }
                _ => sdk.push(field.clone()),
            }
        }
        if let Some(b) = body
            && !json_types(b).iter().any(|t| t == "array")
        {
            doc.extend(properties(document, b));
        }
        for (name, header) in answer["headers"].as_object().into_iter().flatten() {
            // Headers the SDK does not model are the transport's, not drift.
            if sdk.iter().any(|f| f.wire.eq_ignore_ascii_case(name)) {
                doc.push(DocField {
                    name: name.clone(),
                    schema: header.get("schema").unwrap_or(&Value::Null),
                    required: false,
                });
            }
        }
        self.fields("", &sdk, doc);
    }
}

/// Tencent's `Response` holds either the result or an `Error`: the result is compared.
fn success_variant<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    let Some(schema) = resolve(document, schema) else {
        return schema;
    };
    for key in ["oneOf", "anyOf"] {
        for variant in schema[key].as_array().into_iter().flatten() {
            if let Some(v) = resolve(document, variant)
                && v.pointer("/properties/Error").is_none()
            {
                return v;
            }
        }
    }
    schema
}

/// Splits `a.b[].c` into `a.b[].` and `c`, so a type finding names its field.
fn split(path: &str) -> (&str, &str) {
    match path.rfind('.') {
        Some(i) => (&path[..=i], &path[i + 1..]),
        None => ("", path),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn extract(request: Value, response: Value, models: Value) -> (Extract, SdkOperation) {
        let extract: Extract = serde_json::from_value(json!({
            "sdks": {},
            "operations": [],
            "models": models,
        }))
        .unwrap();
        let op: SdkOperation = serde_json::from_value(json!({
            "document": "d", "operation": "listThings", "sdk": "sdk",
            "request": request, "response": response, "why": null,
        }))
        .unwrap();
        (extract, op)
    }

    fn document() -> Value {
        json!({"paths": {"/things/{id}": {"get": {
            "operationId": "listThings",
            "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}},
                {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                {"name": "X-Extra", "in": "header", "schema": {"type": "string"}}
            ],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "array", "items": {"$ref": "#/components/schemas/Thing"}}}}}}
        }}},
        "components": {"schemas": {"Thing": {"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string"}, "size": {"oneOf": [{"type": "integer"}, {"type": "null"}]}}}}}})
    }

    #[test]
    fn every_kind_of_difference_is_found_and_nothing_else() {
        let (extract, op) = extract(
            json!({"name": "listThingsRequest", "fields": [
                {"name": "id", "wire": "id", "type": "int", "required": false},
                {"name": "limit", "wire": "limit", "type": "str", "required": false},
                {"name": "offset", "wire": "offset", "type": "int", "required": false}]}),
            json!({"name": "listThingsResponse", "fields": [
                {"name": "body", "wire": "body", "type": "list[Thing]", "required": null}]}),
            json!({"Thing": {"name": "Thing", "fields": [
                {"name": "name", "wire": "name", "type": "str", "required": null},
                {"name": "size", "wire": "size", "type": "int", "required": null},
                {"name": "colour", "wire": "colour", "type": "str", "required": null}]}}),
        );
        let outcome = compare(&document(), &extract, &op);
        let found: Vec<(Side, &str, Difference)> = outcome
            .findings
            .iter()
            .map(|f| (f.side, f.field.as_str(), f.difference))
            .collect();
        assert_eq!(
            found,
            vec![
                (Side::Request, "id", Difference::Required),
                (Side::Request, "limit", Difference::Type),
                (Side::Request, "offset", Difference::MissingInDocument),
                (Side::Request, "X-Extra", Difference::MissingInSdk),
                (Side::Response, "[].colour", Difference::MissingInDocument),
            ]
        );
        // id, limit, offset, X-Extra; body, and name, size, colour inside it.
        assert_eq!(outcome.compared, 8);
    }
}
