//! The one walker of the generated OpenAPI documents that every test suite reads them with:
//! local `$ref`s followed, the operations with their parameters, request bodies and responses,
//! and the schema that applies behind a reference.
//!
//! It works on the documents as `serde_json::Value`s (what [`crate::Service::document`]
//! returns) and knows nothing of a web framework or a validator, so the document tests, the
//! stub's tests and the stub itself can share it. Failures are [`WalkError`]s; the document
//! tests collect them as text, hence the `From<WalkError> for String`.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

/// The HTTP methods an OpenAPI path item may hold, in the order the walker visits them.
pub const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The media type of every JSON request and response body in the documents.
pub const JSON: &str = "application/json";

/// What can go wrong reading a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WalkError {
    /// A `$ref` whose value is not a string.
    #[error("`$ref` is not a string: {0}")]
    RefNotString(String),
    /// A `$ref` to another document (the walker reads one document at a time).
    #[error("`$ref` `{0}` is not local to the document")]
    NotLocal(String),
    /// A chain of `$ref`s that comes back to itself.
    #[error("`$ref` cycle through `{0}`")]
    Cycle(String),
    /// A `$ref` whose pointer names nothing in the document.
    #[error("`$ref` `{0}` points to nothing")]
    Dangling(String),
    /// A value read as a schema that is not a JSON object.
    #[error("not a schema object: {0}")]
    NotASchema(String),
}

/// The document tests gather failures as messages; this lets them use `?` on the walker.
impl From<WalkError> for String {
    fn from(error: WalkError) -> String {
        error.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// JSON Pointers and references

/// Escapes one reference token of a JSON Pointer (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends `token` to the JSON Pointer `base`.
pub fn child(base: &str, token: &str) -> String {
    format!("{base}/{}", escape_token(token))
}

/// Follows a local `$ref` (`#/...`) chain starting at `value` until a value without `$ref`.
/// Returns the target and the pointer it sits at (`None` when `value` had no `$ref`).
pub fn resolve<'a>(
    doc: &'a Value,
    value: &'a Value,
) -> Result<(&'a Value, Option<String>), WalkError> {
    let mut current = value;
    let mut location = None;
    let mut seen = BTreeSet::new();
    while let Some(reference) = current.get("$ref") {
        let (target, pointer) = follow(doc, reference, &mut seen)?;
        current = target;
        location = Some(pointer.to_owned());
    }
    Ok((current, location))
}

/// One step along a `$ref` chain: the value `reference` points to, and its pointer; `seen`
/// holds the pointers of the chain so far, so that a cycle is an error, not a hang.
fn follow<'a, 'r>(
    doc: &'a Value,
    reference: &'r Value,
    seen: &mut BTreeSet<String>,
) -> Result<(&'a Value, &'r str), WalkError> {
    let reference_text = reference
        .as_str()
        .ok_or_else(|| WalkError::RefNotString(reference.to_string()))?;
    let pointer = reference_text
        .strip_prefix('#')
        .ok_or_else(|| WalkError::NotLocal(reference_text.to_owned()))?;
    if !seen.insert(pointer.to_owned()) {
        return Err(WalkError::Cycle(reference_text.to_owned()));
    }
    let target = doc
        .pointer(pointer)
        .ok_or_else(|| WalkError::Dangling(reference_text.to_owned()))?;
    Ok((target, pointer))
}

/// [`resolve`] without the location: the value a (possibly referring) value stands for.
pub fn target<'a>(doc: &'a Value, value: &'a Value) -> Result<&'a Value, WalkError> {
    resolve(doc, value).map(|(target, _)| target)
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

// ---------------------------------------------------------------------------------------------
// Schemas

/// A schema with its `$ref` chain followed: the target's keywords, overridden by those the
/// referring schema states beside its `$ref` (`description`, `default`, …).
pub fn merged(doc: &Value, schema: &Value) -> Result<Map<String, Value>, WalkError> {
    merged_within(doc, schema, &mut BTreeSet::new())
}

fn merged_within(
    doc: &Value,
    schema: &Value,
    seen: &mut BTreeSet<String>,
) -> Result<Map<String, Value>, WalkError> {
    let Value::Object(map) = schema else {
        return Err(WalkError::NotASchema(schema.to_string()));
    };
    let mut out = Map::new();
    if let Some(reference) = map.get("$ref") {
        let (next, _) = follow(doc, reference, seen)?;
        out = merged_within(doc, next, seen)?;
    }
    for (key, value) in map {
        if key != "$ref" {
            out.insert(key.clone(), value.clone());
        }
    }
    Ok(out)
}

/// The schema as it applies: [`merged`], and a `oneOf`/`anyOf` of one schema and
/// `{"type": "null"}` replaced by that schema (nullability is read separately, with
/// [`types`]).
pub fn effective(doc: &Value, schema: &Value) -> Result<Map<String, Value>, WalkError> {
    let Value::Object(map) = schema else {
        return Err(WalkError::NotASchema(schema.to_string()));
    };
    let mut out = Map::new();
    if map.contains_key("$ref") {
        out = effective(doc, target(doc, schema)?)?;
    }
    for keyword in ["oneOf", "anyOf"] {
        if let Some(Value::Array(branches)) = map.get(keyword) {
            let real: Vec<&Value> = branches.iter().filter(|b| !is_null_schema(b)).collect();
            if real.len() == 1 && real.len() < branches.len() {
                out.extend(effective(doc, real[0])?);
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

/// Whether a schema is exactly the null type (the other side of an optional value).
pub fn is_null_schema(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
}

/// The JSON types a schema admits, following `$ref`, `oneOf`/`anyOf` branches and `allOf`
/// (intersection). Empty when the schema names no type at all.
pub fn types(doc: &Value, schema: &Value) -> Result<BTreeSet<String>, WalkError> {
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
        own = Some(intersect(own, types(doc, target(doc, schema)?)?));
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
pub fn branches<'a>(doc: &'a Value, schema: &'a Value) -> Result<Vec<&'a Value>, WalkError> {
    let schema = target(doc, schema)?;
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

// ---------------------------------------------------------------------------------------------
// Operations

/// One operation of a document: the operation `object` with its `id` (`operationId`, ""
/// when it has none), its `method` (lowercase, as the document writes it), its `path`
/// template (the document's key, `/v4/groups/{group_id}/user-groups`) and the path `item`
/// holding it (for parameters shared by the path's operations).
#[derive(Debug, Clone)]
pub struct Operation<'a> {
    pub object: &'a Value,
    pub id: &'a str,
    pub method: &'static str,
    pub path: &'a str,
    pub item: &'a Value,
}

impl<'a> Operation<'a> {
    /// The JSON Pointer of the operation object.
    pub fn pointer(&self) -> String {
        child(&child("/paths", self.path), self.method)
    }

    /// Its parameters, path-level ones first, each with its `$ref` followed.
    pub fn parameters(&self, doc: &'a Value) -> Result<Vec<Parameter<'a>>, WalkError> {
        let mut out = Vec::new();
        for list in [&self.item["parameters"], &self.object["parameters"]] {
            for param in list.as_array().into_iter().flatten() {
                out.push(Parameter::read(target(doc, param)?));
            }
        }
        Ok(out)
    }

    /// The parameter `name` in `location` (`path`, `query`, `header`, `cookie`).
    pub fn parameter(
        &self,
        doc: &'a Value,
        name: &str,
        location: &str,
    ) -> Result<Option<Parameter<'a>>, WalkError> {
        Ok(self
            .parameters(doc)?
            .into_iter()
            .find(|p| p.name == name && p.location == location))
    }

    /// The request body object (with its `$ref` followed), if the operation takes one: the
    /// stub reads its `required` beside the schema.
    pub fn request_body(&self, doc: &'a Value) -> Result<Option<&'a Value>, WalkError> {
        self.object
            .get("requestBody")
            .map(|body| target(doc, body))
            .transpose()
    }

    /// The schema of the request body in `media` (with its `$ref` followed, the request
    /// body's too), if the operation takes one.
    pub fn request_schema(
        &self,
        doc: &'a Value,
        media: &str,
    ) -> Result<Option<&'a Value>, WalkError> {
        let Some(body) = self.request_body(doc)? else {
            return Ok(None);
        };
        match body["content"].get(media) {
            Some(content) => content.get("schema").map(|s| target(doc, s)).transpose(),
            None => Ok(None),
        }
    }

    /// Every documented response: its status key, and each media type with its schema
    /// (`Value::Null` when the media type declares none), `$ref`s followed.
    pub fn responses(&self, doc: &'a Value) -> Result<Vec<Response<'a>>, WalkError> {
        let mut out = Vec::new();
        for (status, response) in self.object["responses"].as_object().into_iter().flatten() {
            let response = target(doc, response)?;
            let mut content = Vec::new();
            for (media, entry) in response["content"].as_object().into_iter().flatten() {
                let schema = match entry.get("schema") {
                    Some(schema) => target(doc, schema)?,
                    None => &Value::Null,
                };
                content.push((media.as_str(), schema));
            }
            out.push(Response {
                status,
                object: response,
                content,
            });
        }
        Ok(out)
    }
}

/// One parameter object, read.
#[derive(Debug, Clone)]
pub struct Parameter<'a> {
    /// Its name.
    pub name: &'a str,
    /// Where it travels: `path`, `query`, `header` or `cookie`.
    pub location: &'a str,
    /// Whether it is required (path parameters always are, by the specification).
    pub required: bool,
    /// Its schema as written (`Value::Null` when it has none).
    pub schema: &'a Value,
    /// The parameter object itself.
    pub object: &'a Value,
}

impl<'a> Parameter<'a> {
    fn read(object: &'a Value) -> Parameter<'a> {
        Parameter {
            name: object["name"].as_str().unwrap_or_default(),
            location: object["in"].as_str().unwrap_or_default(),
            required: object["required"].as_bool().unwrap_or(false),
            schema: &object["schema"],
            object,
        }
    }
}

/// One documented response of an operation.
#[derive(Debug, Clone)]
pub struct Response<'a> {
    /// The status key (`200`, `4XX`, `default`).
    pub status: &'a str,
    /// The response object, `$ref` followed.
    pub object: &'a Value,
    /// Each media type and its schema.
    pub content: Vec<(&'a str, &'a Value)>,
}

/// Every operation of a document, path by path in the document's order, methods in
/// [`HTTP_METHODS`] order.
pub fn operations(doc: &Value) -> Vec<Operation<'_>> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in HTTP_METHODS {
            if let Some(object) = item.get(method) {
                out.push(Operation {
                    path,
                    method,
                    id: object["operationId"].as_str().unwrap_or_default(),
                    object,
                    item,
                });
            }
        }
    }
    out
}

/// The operation with this `operationId`, if the document has one.
pub fn operation<'a>(doc: &'a Value, id: &str) -> Option<Operation<'a>> {
    operations(doc).into_iter().find(|op| op.id == id)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A property schema of the test document's `Holder`.
    fn holder<'d>(doc: &'d Value, name: &str) -> &'d Value {
        &doc["components"]["schemas"]["Holder"]["properties"][name]
    }

    fn failure<T: std::fmt::Debug>(result: Result<T, WalkError>) -> WalkError {
        result.expect_err("an error")
    }

    fn doc() -> Value {
        json!({
            "components": {
                "schemas": {
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
                },
                "parameters": {
                    "Limit": { "name": "limit", "in": "query", "schema": { "type": "integer", "maximum": 100 } }
                },
                "responses": {
                    "Failed": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Kind" } } } }
                }
            },
            "paths": {
                "/a/{id}": {
                    "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ],
                    "get": {
                        "operationId": "GetA",
                        "parameters": [
                            { "name": "kind", "in": "query", "schema": { "$ref": "#/components/schemas/Kind" } },
                            { "$ref": "#/components/parameters/Limit" }
                        ],
                        "responses": {
                            "200": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Holder" } } } },
                            "400": { "$ref": "#/components/responses/Failed" }
                        }
                    },
                    "post": {
                        "operationId": "PostA",
                        "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Holder" } } } },
                        "responses": { "204": { "description": "done" } }
                    }
                }
            }
        })
    }

    #[test]
    fn effective_schema_follows_ref_chains_and_keeps_siblings() {
        let doc = doc();
        let kind = holder(&doc, "kind");
        let eff = effective(&doc, kind).unwrap();
        assert_eq!(eff["enum"], json!(["A", "B"]));
        assert_eq!(eff["default"], json!("A"));
        let maybe = holder(&doc, "maybe");
        assert_eq!(effective(&doc, maybe).unwrap()["enum"], json!(["A", "B"]));
        assert_eq!(
            types(&doc, maybe).unwrap(),
            BTreeSet::from(["null".into(), "string".into()])
        );
        assert_eq!(
            failure(resolve(&doc, &doc["components"]["schemas"]["Loop"])),
            WalkError::Cycle("#/components/schemas/Loop".into())
        );
        assert_eq!(
            failure(effective(
                &doc,
                &json!({ "$ref": "#/components/schemas/Missing" })
            )),
            WalkError::Dangling("#/components/schemas/Missing".into())
        );
        assert_eq!(
            failure(effective(&doc, &json!({ "$ref": "other.json#/x" }))),
            WalkError::NotLocal("other.json#/x".into())
        );
    }

    #[test]
    fn merged_schema_keeps_branches_as_written() {
        let doc = doc();
        let eff = merged(&doc, holder(&doc, "kind")).unwrap();
        assert_eq!(eff["type"], json!("string"));
        assert_eq!(eff["default"], json!("A"));
        let eff = merged(&doc, holder(&doc, "maybe")).unwrap();
        assert!(eff.get("enum").is_none(), "{eff:?}");
        assert!(eff.contains_key("oneOf"));
        assert_eq!(
            failure(merged(&doc, &doc["components"]["schemas"]["Loop"])),
            WalkError::Cycle("#/components/schemas/Loop".into())
        );
        assert_eq!(
            failure(merged(&doc, &Value::Null)),
            WalkError::NotASchema("null".into())
        );
    }

    #[test]
    fn branches_skip_null_and_follow_refs() {
        let doc = doc();
        let kind = &doc["components"]["schemas"]["Kind"];
        assert_eq!(branches(&doc, holder(&doc, "maybe")), Ok(vec![kind]));
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
        assert!(dangling[0].contains("/components/schemas/Holder/properties/x"));
    }

    #[test]
    fn pointers_escape_their_tokens() {
        assert_eq!(child("/paths", "/a/{id}"), "/paths/~1a~1{id}");
        assert_eq!(escape_token("a~b/c"), "a~0b~1c");
    }

    #[test]
    fn operations_carry_their_parameters_bodies_and_responses() {
        let doc = doc();
        let ops = operations(&doc);
        let ids: Vec<&str> = ops.iter().map(|op| op.id).collect();
        assert_eq!(ids, ["GetA", "PostA"]);
        let get = operation(&doc, "GetA").unwrap();
        assert_eq!((get.path, get.method), ("/a/{id}", "get"));
        assert_eq!(get.pointer(), "/paths/~1a~1{id}/get");
        assert!(std::ptr::eq(
            doc.pointer(&get.pointer()).unwrap(),
            get.object
        ));

        let params = get.parameters(&doc).unwrap();
        let names: Vec<(&str, &str, bool)> = params
            .iter()
            .map(|p| (p.name, p.location, p.required))
            .collect();
        assert_eq!(
            names,
            [
                ("id", "path", true),
                ("kind", "query", false),
                ("limit", "query", false)
            ]
        );
        let limit = get.parameter(&doc, "limit", "query").unwrap().unwrap();
        assert_eq!(limit.schema["maximum"], 100);
        assert!(get.parameter(&doc, "limit", "header").unwrap().is_none());
        assert_eq!(get.request_schema(&doc, JSON).unwrap(), None);

        let responses = get.responses(&doc).unwrap();
        assert_eq!(responses.len(), 2);
        assert_eq!(responses[0].status, "200");
        assert_eq!(responses[0].content[0].0, JSON);
        assert_eq!(
            responses[0].content[0].1,
            &doc["components"]["schemas"]["Holder"]
        );
        assert_eq!(
            responses[1].content[0].1,
            &doc["components"]["schemas"]["Kind"]
        );

        let post = operation(&doc, "PostA").unwrap();
        assert!(get.request_body(&doc).unwrap().is_none());
        assert_eq!(
            post.request_body(&doc).unwrap(),
            doc.pointer("/paths/~1a~1{id}/post/requestBody")
        );
        assert_eq!(
            post.request_schema(&doc, JSON).unwrap(),
            Some(&doc["components"]["schemas"]["Holder"])
        );
        assert!(post.responses(&doc).unwrap()[0].content.is_empty());
        assert!(operation(&doc, "Missing").is_none());
    }

    #[test]
    fn walk_errors_read_as_messages() {
        let message: String = WalkError::Dangling("#/x".into()).into();
        assert_eq!(message, "`$ref` `#/x` points to nothing");
    }
}
