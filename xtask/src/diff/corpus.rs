//! The corpus of document pairs the rules are tested with: one small document and, per case,
//! an edit of it and the rules that edit must trigger. The same pairs are written to files by
//! `cargo xtask diff --write-corpus DIR`, so that another tool's verdicts can be compared with
//! these (see ENGINEERING.md, "Breaking-change rules").

use serde_json::{Value, json};

use super::rules::Rule;

/// One pair: the base document edited by `edit`, and the rules the comparison must report.
#[derive(Debug)]
pub struct Case {
    /// A short name, also the folder name when the corpus is written out.
    pub name: &'static str,
    /// The edit that turns the base document into the later revision.
    pub edit: fn(&mut Value),
    /// The rules expected, each at least once; no other rule may fire.
    pub expected: &'static [Rule],
}

impl Case {
    /// The earlier and later documents of the pair.
    pub fn documents(&self) -> (Value, Value) {
        let old = base();
        let mut new = old.clone();
        (self.edit)(&mut new);
        (old, new)
    }
}

/// The document every case edits: two operations, parameters of every location, a request
/// body, responses with headers, nullable and enum properties, and two security schemes.
pub fn base() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Corpus", "version": "1.0.0"},
        "paths": {
            "/items/{id}": {
                "get": {
                    "operationId": "getItem",
                    "parameters": [
                        {"name": "id", "in": "path", "required": true,
                         "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 1000}},
                        {"name": "limit", "in": "query", "required": false,
                         "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
                        {"name": "q", "in": "query", "required": false,
                         "schema": {"type": "string", "minLength": 1, "maxLength": 50}},
                        {"name": "color", "in": "query", "required": false,
                         "schema": {"type": "string", "enum": ["red", "green"]}},
                        {"name": "X-Token", "in": "header", "required": false,
                         "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {
                            "description": "The item.",
                            "headers": {"X-Request-Id": {"schema": {"type": "string"}}},
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}
                        },
                        "404": {
                            "description": "No such item.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                        }
                    },
                    "security": [{"token": []}, {"signature": []}]
                },
                "patch": {
                    "operationId": "updateItem",
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewItem"}}}
                    },
                    "responses": {"204": {"description": "Updated."}},
                    "security": [{"signature": []}]
                }
            },
            "/health": {
                "get": {"operationId": "health", "responses": {"204": {"description": "Up."}}}
            },
            "/items": {
                "post": {
                    "operationId": "createItem",
                    "requestBody": {
                        "required": true,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewItem"}}}
                    },
                    "responses": {
                        "200": {
                            "description": "Created.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}
                        }
                    },
                    "security": [{"signature": []}]
                }
            }
        },
        "components": {
            "schemas": {
                "Item": {
                    "type": "object",
                    "required": ["id", "name", "status"],
                    "properties": {
                        "id": {"type": "integer", "format": "int32"},
                        "name": {"type": "string", "maxLength": 100},
                        "status": {"type": "string", "enum": ["active", "retired"]},
                        "note": {"type": "string"},
                        "kind": {"oneOf": [{"$ref": "#/components/schemas/Book"}, {"$ref": "#/components/schemas/Film"}]},
                        "parent": {"oneOf": [{"$ref": "#/components/schemas/Ref"}, {"type": "null"}]}
                    }
                },
                "Ref": {"type": "object", "required": ["id"], "properties": {"id": {"type": "number"}}},
                "Book": {"type": "object", "properties": {"pages": {"type": "integer"}}},
                "Film": {"type": "object", "properties": {"minutes": {"type": "integer"}}},
                "NewItem": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "minLength": 1, "maxLength": 100},
                        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 10},
                        "size": {"type": ["integer", "null"], "minimum": 0},
                        "shape": {"oneOf": [{"$ref": "#/components/schemas/Book"}, {"$ref": "#/components/schemas/Film"}]},
                        "when": {"type": "string", "format": "date"},
                        "code": {"type": "string", "pattern": "^[A-Z]{2}$"}
                    }
                },
                "Error": {
                    "type": "object",
                    "required": ["code"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}}
                }
            },
            "securitySchemes": {
                "token": {"type": "apiKey", "in": "header", "name": "X-Token"},
                "signature": {"type": "apiKey", "in": "header", "name": "Authorization"}
            }
        }
    })
}

fn get(doc: &mut Value) -> &mut Value {
    &mut doc["paths"]["/items/{id}"]["get"]
}

fn param(doc: &mut Value, index: usize) -> &mut Value {
    &mut get(doc)["parameters"][index]
}

fn schema<'a>(doc: &'a mut Value, name: &str) -> &'a mut Value {
    &mut doc["components"]["schemas"][name]
}

fn remove(value: &mut Value, key: &str) {
    if let Some(map) = value.as_object_mut() {
        map.remove(key);
    }
}

fn push_required(value: &mut Value, name: &str) {
    if let Some(list) = value["required"].as_array_mut() {
        list.push(json!(name));
    }
}

fn drop_required(value: &mut Value, name: &str) {
    if let Some(list) = value["required"].as_array_mut() {
        list.retain(|v| v != name);
    }
}

macro_rules! cases {
    ($( $name:literal => [$($rule:ident),*] $edit:expr; )*) => {
        /// Every case of the corpus.
        pub const CASES: &[Case] = &[
            $(Case { name: $name, edit: $edit, expected: &[$(Rule::$rule),*] },)*
        ];
    };
}

cases! {
    "no-change" => [] |_| {};
    "description-only" => [] |d| get(d)["description"] = json!("Reworded.");
    "operation-removed" => [OperationRemoved] |d| remove(&mut d["paths"], "/health");
    "operation-added" => [OperationAdded] |d| d["paths"]["/tags"] = json!({"get": {
        "operationId": "listTags", "responses": {"200": {"description": "Tags."}}}});
    "method-removed" => [MethodRemoved, OperationAdded] |d| {
        let op = d["paths"]["/items"]["post"].take();
        d["paths"]["/items"] = json!({"put": op});
    };
    "operation-id-changed" => [OperationIdChanged] |d| get(d)["operationId"] = json!("fetchItem");
    "status-removed" => [ResponseStatusRemoved] |d| remove(&mut get(d)["responses"], "404");
    "status-added" => [ResponseStatusAdded] |d| get(d)["responses"]["429"] = json!({"description": "Slow down."});
    "response-content-type-removed" => [ResponseContentTypeRemoved, ResponseContentTypeAdded] |d| {
        let media = get(d)["responses"]["200"]["content"]["application/json"].take();
        get(d)["responses"]["200"]["content"] = json!({"application/xml": media});
    };
    "response-header-removed" => [ResponseHeaderRemoved] |d| remove(&mut get(d)["responses"]["200"], "headers");
    "response-header-added" => [ResponseHeaderAdded] |d| get(d)["responses"]["404"]["headers"] =
        json!({"X-Request-Id": {"schema": {"type": "string"}}});
    "parameter-removed" => [RequestParameterRemoved] |d| {
        if let Some(list) = get(d)["parameters"].as_array_mut() { list.remove(2); }
    };
    "parameter-added-required" => [RequestParameterAddedRequired] |d| {
        if let Some(list) = get(d)["parameters"].as_array_mut() {
            list.push(json!({"name": "region", "in": "query", "required": true, "schema": {"type": "string"}}));
        }
    };
    "parameter-added-optional" => [RequestParameterAddedOptional] |d| {
        if let Some(list) = get(d)["parameters"].as_array_mut() {
            list.push(json!({"name": "region", "in": "query", "schema": {"type": "string"}}));
        }
    };
    "parameter-became-required" => [RequestParameterBecameRequired] |d| param(d, 1)["required"] = json!(true);
    "parameter-became-optional" => [RequestParameterBecameOptional] |d| param(d, 0)["required"] = json!(false);
    "header-name-case-is-no-change" => [] |d| param(d, 4)["name"] = json!("x-token");
    "parameter-reordered" => [] |d| {
        if let Some(list) = get(d)["parameters"].as_array_mut() { list.reverse(); }
    };
    "maximum-decreased" => [RequestMaximumDecreased] |d| param(d, 1)["schema"]["maximum"] = json!(50);
    "maximum-increased" => [RequestMaximumIncreased] |d| param(d, 1)["schema"]["maximum"] = json!(200);
    "maximum-exclusive" => [RequestMaximumDecreased] |d| {
        remove(&mut param(d, 1)["schema"], "maximum");
        param(d, 1)["schema"]["exclusiveMaximum"] = json!(100);
    };
    "minimum-increased" => [RequestMinimumIncreased] |d| param(d, 0)["schema"]["minimum"] = json!(10);
    "minimum-decreased" => [RequestMinimumDecreased] |d| param(d, 0)["schema"]["minimum"] = json!(0);
    "max-length-decreased" => [RequestMaxLengthDecreased] |d| param(d, 2)["schema"]["maxLength"] = json!(10);
    "max-length-increased" => [RequestMaxLengthIncreased] |d| param(d, 2)["schema"]["maxLength"] = json!(500);
    "min-length-increased" => [RequestMinLengthIncreased] |d| param(d, 2)["schema"]["minLength"] = json!(3);
    "min-length-dropped" => [RequestMinLengthDecreased] |d| remove(&mut param(d, 2)["schema"], "minLength");
    "max-items-decreased" => [RequestMaxLengthDecreased] |d| schema(d, "NewItem")["properties"]["tags"]["maxItems"] = json!(5);
    "enum-value-removed" => [RequestEnumValueRemoved] |d| param(d, 3)["schema"]["enum"] = json!(["red"]);
    "enum-value-added" => [RequestEnumValueAdded] |d| param(d, 3)["schema"]["enum"] = json!(["red", "green", "blue"]);
    "enum-reordered" => [] |d| param(d, 3)["schema"]["enum"] = json!(["green", "red"]);
    "enum-added" => [RequestEnumAdded] |d| param(d, 2)["schema"]["enum"] = json!(["a", "b"]);
    "pattern-added" => [RequestPatternAdded] |d| param(d, 2)["schema"]["pattern"] = json!("^[a-z]+$");
    "pattern-removed" => [RequestPatternRemoved] |d| remove(&mut schema(d, "NewItem")["properties"]["code"], "pattern");
    "format-added" => [RequestFormatAdded] |d| param(d, 2)["schema"]["format"] = json!("uuid");
    "format-removed" => [RequestFormatRemoved] |d| remove(&mut schema(d, "NewItem")["properties"]["when"], "format");
    "type-changed" => [RequestTypeChanged] |d| param(d, 1)["schema"]["type"] = json!("string");
    "type-widened" => [RequestTypeWidened] |d| param(d, 1)["schema"]["type"] = json!("number");
    "default-changed" => [RequestDefaultChanged] |d| param(d, 1)["schema"]["default"] = json!(50);
    "default-dropped" => [RequestDefaultChanged] |d| remove(&mut param(d, 1)["schema"], "default");
    "request-property-removed" => [RequestPropertyRemoved] |d| remove(&mut schema(d, "NewItem")["properties"], "tags");
    "request-property-added-required" => [RequestPropertyAddedRequired] |d| {
        schema(d, "NewItem")["properties"]["owner"] = json!({"type": "string"});
        push_required(schema(d, "NewItem"), "owner");
    };
    "request-property-added-optional" => [RequestPropertyAddedOptional] |d|
        schema(d, "NewItem")["properties"]["owner"] = json!({"type": "string"});
    "request-property-became-required" => [RequestPropertyBecameRequired] |d| push_required(schema(d, "NewItem"), "tags");
    "request-property-became-optional" => [RequestPropertyBecameOptional] |d| drop_required(schema(d, "NewItem"), "name");
    "request-became-non-nullable" => [RequestBecameNonNullable] |d|
        schema(d, "NewItem")["properties"]["size"]["type"] = json!("integer");
    "request-became-nullable" => [RequestBecameNullable] |d|
        schema(d, "NewItem")["properties"]["name"]["type"] = json!(["string", "null"]);
    "request-variant-removed" => [RequestVariantRemoved] |d|
        schema(d, "NewItem")["properties"]["shape"]["oneOf"] = json!([{"$ref": "#/components/schemas/Book"}]);
    "request-variant-reordered" => [] |d|
        schema(d, "NewItem")["properties"]["shape"]["oneOf"] =
            json!([{"$ref": "#/components/schemas/Film"}, {"$ref": "#/components/schemas/Book"}]);
    "request-variant-added" => [RequestVariantAdded] |d| {
        schema(d, "Game").clone_from(&json!({"type": "object"}));
        if let Some(list) = schema(d, "NewItem")["properties"]["shape"]["oneOf"].as_array_mut() {
            list.push(json!({"$ref": "#/components/schemas/Game"}));
        }
    };
    "request-body-removed" => [RequestBodyRemoved] |d| remove(&mut d["paths"]["/items"]["post"], "requestBody");
    "request-body-became-optional" => [RequestBodyBecameOptional] |d|
        d["paths"]["/items"]["post"]["requestBody"]["required"] = json!(false);
    "request-body-became-required" => [RequestBodyBecameRequired] |d|
        d["paths"]["/items/{id}"]["patch"]["requestBody"]["required"] = json!(true);
    "request-body-added-optional" => [RequestBodyAddedOptional] |d|
        get(d)["requestBody"] = json!({"content": {"application/json": {"schema": {"type": "object"}}}});
    "request-body-added-required" => [RequestBodyAddedRequired] |d|
        get(d)["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"type": "object"}}}});
    "request-content-type-changed" => [RequestContentTypeRemoved, RequestContentTypeAdded] |d| {
        let body = &mut d["paths"]["/items"]["post"]["requestBody"]["content"];
        let media = body["application/json"].take();
        *body = json!({"application/x-www-form-urlencoded": media});
    };
    "response-property-removed" => [ResponsePropertyRemoved] |d| {
        remove(&mut schema(d, "Item")["properties"], "name");
        drop_required(schema(d, "Item"), "name");
    };
    "response-property-renamed" => [ResponsePropertyRemoved, ResponsePropertyAdded] |d| {
        let name = schema(d, "Item")["properties"]["name"].take();
        remove(&mut schema(d, "Item")["properties"], "name");
        schema(d, "Item")["properties"]["title"] = name;
    };
    "response-property-became-optional" => [ResponsePropertyBecameOptional] |d| drop_required(schema(d, "Item"), "status");
    "response-property-became-required" => [ResponsePropertyBecameRequired] |d| push_required(schema(d, "Item"), "note");
    "response-became-nullable" => [ResponseBecameNullable] |d|
        schema(d, "Item")["properties"]["note"]["type"] = json!(["string", "null"]);
    "response-became-non-nullable" => [ResponseBecameNonNullable] |d|
        schema(d, "Item")["properties"]["parent"] = json!({"$ref": "#/components/schemas/Ref"});
    "response-property-added" => [ResponsePropertyAdded] |d|
        schema(d, "Item")["properties"]["owner"] = json!({"type": "string"});
    "response-enum-value-added" => [ResponseEnumValueAdded] |d|
        schema(d, "Item")["properties"]["status"]["enum"] = json!(["active", "retired", "draft"]);
    "response-enum-value-removed" => [ResponseEnumValueRemoved] |d|
        schema(d, "Item")["properties"]["status"]["enum"] = json!(["active"]);
    "response-type-changed" => [ResponseTypeChanged] |d| schema(d, "Item")["properties"]["id"]["type"] = json!("string");
    "response-type-narrowed" => [ResponseTypeNarrowed] |d| schema(d, "Ref")["properties"]["id"]["type"] = json!("integer");
    "response-format-changed" => [ResponseFormatChanged] |d| schema(d, "Item")["properties"]["id"]["format"] = json!("int64");
    "response-constraint-widened" => [ResponseConstraintWidened] |d| schema(d, "Item")["properties"]["name"]["maxLength"] = json!(200);
    "response-constraint-narrowed" => [ResponseConstraintNarrowed] |d| schema(d, "Item")["properties"]["name"]["maxLength"] = json!(50);
    "response-variant-added" => [ResponseVariantAdded] |d| {
        schema(d, "Game").clone_from(&json!({"type": "object"}));
        if let Some(list) = schema(d, "Item")["properties"]["kind"]["oneOf"].as_array_mut() {
            list.push(json!({"$ref": "#/components/schemas/Game"}));
        }
    };
    "response-variant-removed" => [ResponseVariantRemoved] |d|
        schema(d, "Item")["properties"]["kind"]["oneOf"] = json!([{"$ref": "#/components/schemas/Book"}]);
    "response-default-changed" => [ResponseDefaultChanged] |d| schema(d, "Item")["properties"]["note"]["default"] = json!("none");
    "conditional-changed" => [SchemaChangedUnclassified] |d| schema(d, "NewItem")["allOf"] =
        json!([{"if": {"properties": {"name": {"const": "x"}}}, "then": {"required": ["tags"]}}]);
    "security-scheme-removed" => [SecuritySchemeRemoved, SecurityRequirementRemoved] |d| {
        remove(&mut d["components"]["securitySchemes"], "token");
        get(d)["security"] = json!([{"signature": []}]);
    };
    "security-scheme-changed" => [SecuritySchemeChanged] |d|
        d["components"]["securitySchemes"]["token"]["name"] = json!("X-Auth-Token");
    "security-scheme-added" => [SecuritySchemeAdded] |d|
        d["components"]["securitySchemes"]["oauth"] = json!({"type": "http", "scheme": "bearer"});
    "security-requirement-added" => [SecurityRequirementAdded] |d|
        get(d)["security"] = json!([{"token": []}, {"signature": []}, {"token": [], "signature": []}]);
    "security-requirement-removed" => [SecurityRequirementRemoved] |d| get(d)["security"] = json!([{"signature": []}]);
    "security-dropped" => [SecurityRequirementAdded] |d| d["paths"]["/items"]["post"]["security"] = json!([]);
    "security-now-required" => [SecurityRequirementRemoved, SecurityRequirementAdded] |d|
        d["paths"]["/health"]["get"]["security"] = json!([{"token": []}]);
}

/// Writes each case as `DIR/<name>/old.json`, `new.json` and `expected.json` (the rules and
/// their classes);
/// returns the number of cases written.
pub fn write(dir: &std::path::Path) -> std::io::Result<usize> {
    for case in CASES {
        let folder = dir.join(case.name);
        std::fs::create_dir_all(&folder)?;
        let (old, new) = case.documents();
        let expected: Vec<Value> = case
            .expected
            .iter()
            .map(|r| json!({"rule": r.name(), "class": r.class()}))
            .collect();
        for (file, value) in [
            ("old.json", old),
            ("new.json", new),
            ("expected.json", json!(expected)),
        ] {
            let mut text = serde_json::to_string_pretty(&value).map_err(std::io::Error::other)?;
            text.push('\n');
            std::fs::write(folder.join(file), text)?;
        }
    }
    Ok(CASES.len())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::diff::compare_documents;

    #[test]
    fn every_case_fires_exactly_its_rules() {
        let mut failures = Vec::new();
        for case in CASES {
            let (old, new) = case.documents();
            let changes = compare_documents("corpus", Some(&old), Some(&new));
            let fired: BTreeSet<Rule> = changes.iter().map(|c| c.rule).collect();
            let expected: BTreeSet<Rule> = case.expected.iter().copied().collect();
            if fired != expected {
                failures.push(format!(
                    "{}: expected {expected:?}, got {changes:#?}",
                    case.name
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn every_rule_has_a_case() {
        let covered: BTreeSet<Rule> = CASES
            .iter()
            .flat_map(|c| c.expected.iter().copied())
            .collect();
        let missing: Vec<&str> = Rule::ALL
            .iter()
            .filter(|r| !covered.contains(r))
            .map(|r| r.name())
            .collect();
        assert!(missing.is_empty(), "rules without a case: {missing:?}");
    }

    #[test]
    fn case_names_are_unique() {
        let names: BTreeSet<&str> = CASES.iter().map(|c| c.name).collect();
        assert_eq!(names.len(), CASES.len());
    }

    #[test]
    fn a_missing_earlier_document_makes_every_operation_added() {
        let changes = compare_documents("corpus", None, Some(&base()));
        let added = |rule| changes.iter().filter(|c| c.rule == rule).count();
        assert_eq!(added(Rule::OperationAdded), 4, "{changes:#?}");
        assert_eq!(added(Rule::SecuritySchemeAdded), 2, "{changes:#?}");
        assert_eq!(changes.len(), 6, "{changes:#?}");
    }
}
