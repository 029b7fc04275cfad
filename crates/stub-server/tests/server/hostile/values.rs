//! Values a schema refuses, read from the document: wrong JSON types, integers past 2^31 and
//! 2^63, lengths, item counts, unknown and missing fields; and texts a URL or header parameter
//! refuses, or that are merely strange.

use serde_json::{Value, json};

use super::requests::resolved;

/// JSON values that `schema` refuses, with a label; `valid` is a value it accepts, used as
/// the container for nested changes.
pub fn invalid_json(schema: &Value, document: &Value, depth: usize) -> Vec<(String, Value)> {
    let schema = resolved(schema, document);
    let mut out: Vec<(String, Value)> = Vec::new();
    let wrong_types = |except: &str| -> Vec<(String, Value)> {
        [
            ("a number", json!(1)),
            ("a boolean", json!(true)),
            ("a string", json!("text")),
            ("an array", json!([])),
            ("an object", json!({})),
            ("null", Value::Null),
        ]
        .into_iter()
        .filter(|(_, v)| match except {
            "integer" | "number" => !v.is_number(),
            "boolean" => !v.is_boolean(),
            "string" => !v.is_string(),
            "array" => !v.is_array(),
            "object" => !v.is_object(),
            _ => true,
        })
        .map(|(l, v)| (l.to_owned(), v))
        .collect()
    };
    let kind = schema["type"]
        .as_str()
        .unwrap_or(if schema.get("properties").is_some() {
            "object"
        } else if schema.get("enum").is_some() {
            "string"
        } else {
            ""
        });
    out.extend(wrong_types(kind));
    if schema.get("enum").is_some() {
        out.push((
            "a value outside the enum".into(),
            json!("NOT-A-DOCUMENTED-VALUE"),
        ));
    }
    match kind {
        "string" => {
            if let Some(max) = schema["maxLength"].as_u64() {
                out.push((
                    "one character too long".into(),
                    json!("x".repeat(max as usize + 1)),
                ));
            }
            if schema["minLength"].as_u64().unwrap_or(0) > 0 {
                out.push(("an empty string".into(), json!("")));
            }
        }
        "integer" => {
            out.push(("a fraction".into(), json!(1.5)));
            out.push(("2^31".into(), json!(2_147_483_648_i64)));
            out.push(("2^63".into(), json!(9_223_372_036_854_775_808_u64)));
            out.push(("2^64 - 1".into(), json!(u64::MAX)));
            out.push((
                "-2^63 - 1 (as a float)".into(),
                json!(-9_223_372_036_854_775_809.0_f64),
            ));
            if let Some(min) = schema["minimum"].as_i64() {
                out.push(("one below the minimum".into(), json!(min - 1)));
            }
            if let Some(max) = schema["maximum"].as_i64() {
                out.push(("one above the maximum".into(), json!(max + 1)));
            }
        }
        "array" => {
            if depth < 3
                && let Some(items) = schema.get("items")
            {
                for (label, bad) in invalid_json(items, document, depth + 1)
                    .into_iter()
                    .take(12)
                {
                    out.push((format!("an item that is {label}"), json!([bad])));
                }
            }
            if let Some(max) = schema["maxItems"].as_u64() {
                let item = example_of(&schema["items"], document);
                out.push((
                    "one item too many".into(),
                    Value::Array(vec![item; max as usize + 1]),
                ));
            }
            if schema["minItems"].as_u64().unwrap_or(0) > 0 {
                out.push(("no items".into(), json!([])));
            }
        }
        "object" => {
            let valid = example_of(schema, document);
            if schema["additionalProperties"] == json!(false) {
                let mut extra = valid.clone();
                extra["HostileUnknownField"] = json!(1);
                out.push(("an unknown field".into(), extra));
            }
            for required in schema["required"].as_array().into_iter().flatten() {
                let mut missing = valid.clone();
                if let (Some(map), Some(name)) = (missing.as_object_mut(), required.as_str()) {
                    map.remove(name);
                    out.push((format!("without the required {name}"), missing));
                }
            }
            if depth < 3 {
                for (name, property) in schema["properties"].as_object().into_iter().flatten() {
                    for (label, bad) in invalid_json(property, document, depth + 1) {
                        let mut changed = valid.clone();
                        changed[name.as_str()] = bad;
                        out.push((format!("{name} {label}"), changed));
                    }
                }
            }
        }
        _ => {}
    }
    out
}

/// A value `schema` accepts: its last example, or one built from its type.
pub fn example_of(schema: &Value, document: &Value) -> Value {
    let schema = resolved(schema, document);
    if let Some(example) = schema["examples"].as_array().and_then(|e| e.last()) {
        return example.clone();
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.clone();
    }
    match schema["type"].as_str() {
        Some("integer") => json!(schema["minimum"].as_i64().unwrap_or(1)),
        Some("boolean") => json!(true),
        Some("array") => json!([example_of(&schema["items"], document)]),
        Some("object") => {
            let mut object = serde_json::Map::new();
            for required in schema["required"].as_array().into_iter().flatten() {
                if let Some(name) = required.as_str() {
                    object.insert(
                        name.into(),
                        example_of(&schema["properties"][name], document),
                    );
                }
            }
            Value::Object(object)
        }
        _ => json!("x"),
    }
}

/// Texts a URL or header parameter of `schema` refuses (sure), and texts that are merely
/// strange but valid strings (not sure).
pub fn invalid_texts(schema: &Value, document: &Value) -> Vec<(String, String, bool)> {
    let schema = resolved(schema, document);
    let mut out: Vec<(String, String, bool)> = Vec::new();
    let mut sure = |label: &str, value: String| out.push((label.to_owned(), value, true));
    let items = if schema["type"] == "array" {
        resolved(&schema["items"], document)
    } else {
        schema
    };
    if items.get("enum").is_some() {
        sure("outside the enum", "NOT-A-DOCUMENTED-VALUE".into());
        sure("empty", String::new());
    }
    match items["type"].as_str() {
        Some("integer") => {
            for (label, value) in [
                ("not a number", "abc"),
                ("a fraction", "1.5"),
                ("empty", ""),
                ("an exponent", "1e3"),
                ("hexadecimal", "0x10"),
                ("2^31", "2147483648"),
                ("2^63", "9223372036854775808"),
                ("2^64", "18446744073709551616"),
                ("-2^63 - 1", "-9223372036854775809"),
                ("a huge number", "1e400"),
            ] {
                // 2^31 is only out of range for 32-bit integers.
                if label == "2^31" && schema["format"] != "int32" && items["format"] != "int32" {
                    continue;
                }
                sure(label, value.into());
            }
            if let Some(min) = items["minimum"].as_i64() {
                sure("below the minimum", (min - 1).to_string());
            }
            if let Some(max) = items["maximum"].as_i64() {
                sure("above the maximum", (max + 1).to_string());
            }
        }
        Some("boolean") => {
            for value in ["yes", "1", "TRUE", ""] {
                sure("not true or false", value.into());
            }
        }
        Some("number") => {
            sure("not a number", "abc".into());
            sure("not finite", "1e400".into());
        }
        _ => {
            if let Some(max) = items["maxLength"].as_u64() {
                sure("too long", "x".repeat(max as usize + 1));
            }
            if items["minLength"].as_u64().unwrap_or(0) > 0 && items.get("enum").is_none() {
                sure("empty", String::new());
            }
            if items.get("enum").is_none() {
                for (label, value) in [
                    ("a long string", "y".repeat(10_000)),
                    ("a huge number", "18446744073709551616".into()),
                    ("a script", "%3Cscript%3Ealert(1)%3C%2Fscript%3E".into()),
                    ("a quote", "%27%22%3B--".into()),
                    ("a control character", "%01%1F".into()),
                    ("a CRLF", "%0D%0AX-Injected%3A%201".into()),
                    ("a right-to-left mark", "%E2%80%AE".into()),
                    ("an emoji", "%F0%9F%92%A5".into()),
                ] {
                    out.push((label.into(), value, false));
                }
            }
        }
    }
    out
}
