//! The OpenAPI 3.0.3 twin of each 3.1 document (`openapi/3.0/<name>.json`), for generators
//! that cannot read 3.1; `cargo xtask openapi` is its only writer.

use serde_json::{Map, Value};

/// The OpenAPI 3.0.3 twin of a 3.1 document, for generators that cannot read 3.1.
///
/// What 3.1 (JSON Schema 2020-12) says and 3.0 cannot is rewritten to its 3.0 equivalent:
/// `type: [T, "null"]` and `oneOf: [X, {type: null}]` with a typed `X` become `nullable: true`
/// (3.0.3 lets `nullable` add null only to a `type` beside it, so a nullable reference keeps
/// its `oneOf`, with `{enum: [null]}` as the null alternative); `examples`
/// arrays become one `example`; numeric `exclusiveMinimum`/`exclusiveMaximum` become the
/// boolean form; `const` becomes a one-value `enum`; a `$ref` with sibling keywords is wrapped
/// in `allOf` (3.0 ignores a reference's siblings); `contentMediaType` goes (3.0 has
/// `format: binary`); the license's SPDX `identifier` becomes its `url`. The `if`/`then` rules
/// that 3.0 cannot express move to the `x-conditions` extension of their schema, where
/// generators ignore them; the descriptions state them in words.
pub fn to_openapi_30(document: &Value) -> Value {
    let mut out = document.clone();
    if let Some(root) = out.as_object_mut() {
        root.insert("openapi".into(), Value::String("3.0.3".into()));
        if let Some(license) = root
            .get_mut("info")
            .and_then(|i| i.get_mut("license"))
            .and_then(Value::as_object_mut)
            && let Some(Value::String(id)) = license.remove("identifier")
        {
            let url = match id.as_str() {
                "Apache-2.0" => "https://www.apache.org/licenses/LICENSE-2.0".to_owned(),
                other => format!("https://spdx.org/licenses/{other}.html"),
            };
            license.insert("url".into(), Value::String(url));
        }
    }
    convert_schemas_in(&mut out);
    out
}

/// Walks a document and converts every schema object it finds under a `schema` or `schemas`
/// key.
fn convert_schemas_in(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match key.as_str() {
                    "schema" => convert_schema(child),
                    "schemas" => {
                        if let Some(schemas) = child.as_object_mut() {
                            schemas.values_mut().for_each(convert_schema);
                        }
                    }
                    // Examples are data, not schemas: leave them alone.
                    "example" | "examples" => {}
                    _ => convert_schemas_in(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(convert_schemas_in),
        _ => {}
    }
}

/// Converts one schema object, and the schemas nested in it.
fn convert_schema(schema: &mut Value) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    move_conditions(map);
    convert_nested(map);
    nullable_type_list(map);
    nullable_alternatives(map);
    rewrite_keywords(map);
}

/// `if`/`then`/`else`, alone or as `allOf` members, move to `x-conditions`.
fn move_conditions(map: &mut Map<String, Value>) {
    // if/then/else, alone or as allOf members -> x-conditions
    let mut conditions = Vec::new();
    if map.contains_key("if") {
        let mut condition = Map::new();
        for key in ["if", "then", "else"] {
            if let Some(v) = map.remove(key) {
                condition.insert(key.into(), v);
            }
        }
        conditions.push(Value::Object(condition));
    }
    if let Some(Value::Array(members)) = map.get_mut("allOf") {
        let is_condition = |m: &Value| {
            m.as_object().is_some_and(|o| {
                o.keys()
                    .all(|k| matches!(k.as_str(), "if" | "then" | "else"))
            })
        };
        conditions.extend(members.iter().filter(|m| is_condition(m)).cloned());
        members.retain(|m| !is_condition(m));
        if members.is_empty() {
            map.remove("allOf");
        }
    }
    if !conditions.is_empty() {
        map.insert("x-conditions".into(), Value::Array(conditions));
    }
}

/// The schemas inside this one, converted before it.
fn convert_nested(map: &mut Map<String, Value>) {
    // Nested schemas next.
    for key in ["items", "not", "additionalProperties"] {
        if let Some(child) = map.get_mut(key) {
            convert_schema(child);
        }
    }
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        properties.values_mut().for_each(convert_schema);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = map.get_mut(key) {
            members.iter_mut().for_each(convert_schema);
        }
    }
}

/// `type: [T, "null"]` becomes `type: T, nullable: true`.
fn nullable_type_list(map: &mut Map<String, Value>) {
    // type: [T, "null"] -> type: T, nullable: true
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        let non_null: Vec<Value> = types
            .iter()
            .filter(|t| t.as_str() != Some("null"))
            .cloned()
            .collect();
        if non_null.len() < types.len() {
            map.insert("nullable".into(), Value::Bool(true));
        }
        match non_null.as_slice() {
            [single] => {
                map.insert("type".into(), single.clone());
            }
            [] => {
                map.remove("type");
            }
            _ => {
                map.remove("type");
                let alternatives = non_null
                    .into_iter()
                    .map(|t| serde_json::json!({"type": t}))
                    .collect();
                map.insert("anyOf".into(), Value::Array(alternatives));
            }
        }
    }
}

/// A null alternative of `oneOf`/`anyOf` becomes `nullable` where 3.0.3 allows it.
fn nullable_alternatives(map: &mut Map<String, Value>) {
    // oneOf: [X, {type: null}] -> X with nullable: true, when X has a type of its own. 3.0.3
    // applies `nullable` only to a `type` beside it, so a reference (or an untyped X) keeps the
    // `oneOf`, and null gets an alternative of its own that admits nothing else.
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = map.get(key).cloned() {
            let is_null = |m: &Value| m.get("type").and_then(Value::as_str) == Some("null");
            if members.iter().any(is_null) {
                let mut rest: Vec<Value> = members.into_iter().filter(|m| !is_null(m)).collect();
                map.remove(key);
                match rest.as_mut_slice() {
                    // The one remaining alternative, if typed, becomes the schema itself.
                    [Value::Object(only)] if only.get("type").is_some_and(Value::is_string) => {
                        map.insert("nullable".into(), Value::Bool(true));
                        for (k, v) in std::mem::take(only) {
                            map.entry(k).or_insert(v);
                        }
                    }
                    _ => {
                        // Words beside a lone reference describe the whole schema; the
                        // reference, wrapped in `allOf` for them above, stands alone again.
                        if let [only] = rest.as_mut_slice()
                            && let Some(fields) = only.as_object_mut()
                        {
                            for word in ["title", "description"] {
                                if let Some(v) = fields.remove(word) {
                                    map.entry(word).or_insert(v);
                                }
                            }
                            if fields.len() == 1
                                && let Some(Value::Array(wrapped)) = fields.get("allOf")
                                && let [inner] = wrapped.as_slice()
                            {
                                *only = inner.clone();
                            }
                        }
                        rest.push(serde_json::json!({"enum": [null]}));
                        map.insert(key.into(), Value::Array(rest));
                    }
                }
            }
        }
    }
}

/// The keywords 3.0 spells differently: `examples`, numeric exclusive bounds, `const`,
/// `contentMediaType`, and a reference with siblings.
fn rewrite_keywords(map: &mut Map<String, Value>) {
    // examples: [a, ...] -> example: a
    if let Some(Value::Array(examples)) = map.remove("examples")
        && let Some(first) = examples.into_iter().next()
    {
        map.insert("example".into(), first);
    }

    // Numeric exclusive bounds -> boolean form.
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(limit) = map.get(exclusive).filter(|v| v.is_number()).cloned() {
            map.insert(bound.into(), limit);
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }

    // const: v -> enum: [v]
    if let Some(value) = map.remove("const") {
        map.insert("enum".into(), Value::Array(vec![value]));
    }

    map.remove("contentMediaType");

    // A reference with siblings: 3.0 would ignore the siblings.
    if map.contains_key("$ref") && map.len() > 1 {
        let reference = map.remove("$ref").unwrap_or(Value::Null);
        map.insert("allOf".into(), serde_json::json!([{"$ref": reference}]));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Converts `schema` as the schema of a component and returns the result.
    fn check(schema: Value, expected: Value) {
        let document = json!({"openapi": "3.1.0", "components": {"schemas": {"S": schema}}});
        let converted = to_openapi_30(&document);
        assert_eq!(converted["openapi"], "3.0.3");
        assert_eq!(converted["components"]["schemas"]["S"], expected);
    }

    #[test]
    fn nullable_type_list() {
        check(
            json!({"type": ["string", "null"]}),
            json!({"type": "string", "nullable": true}),
        );
    }

    #[test]
    fn plain_type_is_kept() {
        check(
            json!({"type": "integer", "minimum": 1}),
            json!({"type": "integer", "minimum": 1}),
        );
    }

    #[test]
    fn nullable_reference() {
        // 3.0.3: `nullable` without a `type` beside it adds nothing, so the reference keeps its
        // `oneOf` and null gets an alternative of its own; the description moves outside.
        check(
            json!({"oneOf": [{"$ref": "#/components/schemas/T", "description": "d"}, {"type": "null"}]}),
            json!({"description": "d", "oneOf": [{"$ref": "#/components/schemas/T"}, {"enum": [null]}]}),
        );
    }

    #[test]
    fn nullable_typed_alternative_is_merged() {
        check(
            json!({"oneOf": [{"type": "string", "minLength": 1}, {"type": "null"}]}),
            json!({"type": "string", "minLength": 1, "nullable": true}),
        );
    }

    #[test]
    fn reference_with_description() {
        check(
            json!({"$ref": "#/components/schemas/T", "description": "d"}),
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}]}),
        );
    }

    #[test]
    fn bare_reference_is_kept() {
        check(
            json!({"$ref": "#/components/schemas/T"}),
            json!({"$ref": "#/components/schemas/T"}),
        );
    }

    #[test]
    fn examples_become_example() {
        check(
            json!({"type": "object", "examples": [{"a": 1}, {}]}),
            json!({"type": "object", "example": {"a": 1}}),
        );
    }

    #[test]
    fn numeric_exclusive_bounds() {
        check(
            json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10}),
            json!({"type": "number", "exclusiveMinimum": true, "exclusiveMaximum": true, "minimum": 0, "maximum": 10}),
        );
    }

    #[test]
    fn const_becomes_enum() {
        check(json!({"const": "x"}), json!({"enum": ["x"]}));
    }

    #[test]
    fn content_media_type_goes() {
        check(
            json!({"type": "string", "format": "binary", "contentMediaType": "application/pdf"}),
            json!({"type": "string", "format": "binary"}),
        );
    }

    #[test]
    fn conditionals_move_to_an_extension() {
        let rule = json!({"if": {"properties": {"k": {"const": 1}}}, "then": {"required": ["v"]}});
        check(
            json!({"type": "object", "allOf": [rule.clone()]}),
            json!({"type": "object", "x-conditions": [rule]}),
        );
    }

    #[test]
    fn nested_schemas_are_converted() {
        check(
            json!({"type": "object", "properties": {"a": {"type": "array", "items": {"type": ["integer", "null"]}}}}),
            json!({"type": "object", "properties": {"a": {"type": "array", "items": {"type": "integer", "nullable": true}}}}),
        );
    }

    #[test]
    fn example_data_is_not_touched() {
        let document = json!({"openapi": "3.1.0", "paths": {"/": {"get": {"responses": {"200": {
            "description": "d",
            "content": {"application/json": {"schema": {"type": ["string", "null"]},
                "example": {"type": ["string", "null"], "const": 1}}}}}}}}});
        let converted = to_openapi_30(&document);
        let media =
            &converted["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["schema"], json!({"type": "string", "nullable": true}));
        assert_eq!(
            media["example"],
            json!({"type": ["string", "null"], "const": 1})
        );
    }

    #[test]
    fn license_identifier_becomes_url() {
        let document = json!({"openapi": "3.1.0", "info": {"license": {"name": "Apache-2.0", "identifier": "Apache-2.0"}}});
        assert_eq!(
            to_openapi_30(&document)["info"]["license"],
            json!({"name": "Apache-2.0", "url": "https://www.apache.org/licenses/LICENSE-2.0"})
        );
    }
}
