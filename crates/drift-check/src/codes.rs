//! The vendors' error codes: where each vendor's body carries its code, and which codes a
//! documented response declares today (its examples, and the code property's `enum`, `const`
//! and description).

use std::collections::BTreeSet;

use serde_json::Value;
use vendor_api::Service;
use vendor_api::walk::{self, WalkError};

/// Where a service's answers carry their error code, as a JSON Pointer into the body: Huawei
/// `error_code`, Tencent `Response.Error.Code`, EnOS `code`.
pub(crate) fn code_pointer(service: Service) -> &'static str {
    match service {
        Service::HuaweiWorkspace | Service::HuaweiCodeartsRepo => "/error_code",
        Service::TencentCwp => "/Response/Error/Code",
        Service::EnosAppPortal => "/code",
    }
}

/// A code as text, whether the body writes it as a string (Huawei, Tencent) or a number
/// (EnOS); `None` for anything else (a missing or null code is not a code).
pub(crate) fn code_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The codes `response` declares at `pointer`: the value there in each of its examples, and
/// the `enum`, `const` and description of the code property its schemas reach there.
pub(crate) fn documented(
    doc: &Value,
    response: &walk::Response<'_>,
    pointer: &str,
) -> Result<BTreeSet<String>, WalkError> {
    let mut out = BTreeSet::new();
    for (media, schema) in &response.content {
        let entry = &response.object["content"][*media];
        let mut examples = vec![&entry["example"]];
        for example in entry["examples"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|e| e.1)
        {
            examples.push(&walk::target(doc, example)?["value"]);
        }
        out.extend(
            examples
                .into_iter()
                .filter_map(|e| e.pointer(pointer))
                .filter_map(code_text),
        );
        if schema.is_object() {
            let tokens: Vec<String> = pointer
                .split('/')
                .skip(1)
                .map(|t| t.replace("~1", "/").replace("~0", "~"))
                .collect();
            let mut leaves = Vec::new();
            property_schemas(doc, schema, &tokens, &mut leaves)?;
            for leaf in leaves {
                declared(&walk::merged(doc, leaf)?, &mut out);
            }
        }
    }
    Ok(out)
}

/// The schemas of the property `tokens` leads to from `schema`, through every branch of a
/// `oneOf`/`anyOf` (the Tencent outcome is a result or an error).
fn property_schemas<'d>(
    doc: &'d Value,
    schema: &'d Value,
    tokens: &[String],
    out: &mut Vec<&'d Value>,
) -> Result<(), WalkError> {
    let Some((first, rest)) = tokens.split_first() else {
        out.push(schema);
        return Ok(());
    };
    for branch in walk::branches(doc, schema)? {
        if let Some(property) = branch["properties"].get(first.as_str()) {
            property_schemas(doc, property, rest, out)?;
        }
    }
    Ok(())
}

/// The codes a code property's schema declares: its `enum` and `const` values, and the codes
/// its description names. An integer code's description names numbers (EnOS: "0 on success;
/// 31400 for an invalid request"); a string code's names codes in backquotes (Tencent: "such
/// as `InvalidParameterValue`"), where a prefix such as Huawei's `WKS.` is not a code.
fn declared(schema: &serde_json::Map<String, Value>, out: &mut BTreeSet<String>) {
    let listed = schema
        .get("enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    out.extend(listed.chain(schema.get("const")).filter_map(code_text));
    let description = schema
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if schema.get("type").and_then(Value::as_str) == Some("integer") {
        out.extend(
            description
                .split(|c: char| !c.is_ascii_digit())
                .filter(|word| !word.is_empty())
                .map(str::to_owned),
        );
    } else {
        out.extend(
            description
                .split('`')
                .skip(1)
                .step_by(2)
                .filter(|word| looks_like_code(word))
                .map(str::to_owned),
        );
    }
}

/// A word that can be a whole code: a letter, then letters, digits, `.` and `_`, ending in a
/// letter or digit.
fn looks_like_code(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
        && word
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn descriptions_name_codes_in_backquotes_or_as_numbers() {
        let mut out = BTreeSet::new();
        let text = json!({"type": "string", "description":
            "Error code, `WKS.` then digits, such as `InvalidParameterValue` or `A.B_c1`."});
        declared(text.as_object().unwrap(), &mut out);
        assert_eq!(
            out,
            BTreeSet::from(["A.B_c1".into(), "InvalidParameterValue".into()])
        );
        let mut numbers = BTreeSet::new();
        let integer = json!({"type": "integer", "enum": [7],
            "description": "0 on success; 31400 when invalid."});
        declared(integer.as_object().unwrap(), &mut numbers);
        assert_eq!(
            numbers,
            BTreeSet::from(["0".into(), "31400".into(), "7".into()])
        );
    }

    #[test]
    fn every_document_declares_codes_where_its_vendor_carries_them() {
        for service in Service::ALL {
            let doc = service.document();
            let mut codes = BTreeSet::new();
            for operation in walk::operations(&doc) {
                for response in operation.responses(&doc).unwrap() {
                    codes.extend(documented(&doc, &response, code_pointer(service)).unwrap());
                }
            }
            assert!(!codes.is_empty(), "{}", service.name());
        }
    }
}
