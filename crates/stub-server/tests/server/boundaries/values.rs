//! The values the generator tries for one schema: bounds and one past them, enum values and
//! values outside the enum, lengths, pattern and format probes, wrong JSON types; and the
//! cases of one documented parameter built from them.

use serde_json::{Map, Value, json};

use super::schema::Expect::{self, Accept, Reject};
use super::schema::{Kind, compile, count, effective, number, primary_type, types};
use crate::support;

/// Text probes for patterns and formats. They are classified by the schema itself (a probe is
/// expected to be accepted exactly when the schema accepts it), so the pool only has to hold
/// values on both sides of the rules the documents declare: digit strings of 1, 20 (the largest
/// unsigned 64-bit integer and one beyond it) and 21 digits, signs and fractions, real and impossible dates, other date shapes.
pub const PROBES: &[&str] = &[
    "0",
    "7",
    "18446744073709551615",
    "99999999999999999999",
    "123456789012345678901",
    "-1",
    "1.5",
    "abc",
    "",
    " 1",
    "2021-01-11",
    "2024-02-29",
    "2023-02-29",
    "2021-02-30",
    "2021-13-01",
    "2021-1-11",
    "2021/01/11",
    "2021-01-11T00:00:00Z",
    "not-a-date",
];

/// Values just outside an enum: a suffixed value, other cases of the first value, the empty
/// string, and for enums of decimal digits one past the largest and -1.
pub fn outside_enum(values: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let first = values.first().copied().unwrap_or("");
    let mut candidates = vec![
        format!("{first}x"),
        first.to_lowercase(),
        first.to_uppercase(),
        String::new(),
    ];
    let numbers: Vec<i64> = values.iter().filter_map(|v| v.parse().ok()).collect();
    if !numbers.is_empty() && numbers.len() == values.len() {
        candidates.push((numbers.iter().max().copied().unwrap_or(0) + 1).to_string());
        candidates.push("-1".to_owned());
    }
    for candidate in candidates {
        if !values.contains(&candidate.as_str()) && !out.contains(&candidate) {
            out.push(candidate);
        }
    }
    out
}

/// Cases of a string schema: `(label, value, expectation)`.
pub fn string_cases(
    doc: &Value,
    eff: &Map<String, Value>,
    problems: &mut Vec<String>,
) -> Vec<(String, String, Expect)> {
    let mut out = Vec::new();
    if let Some(values) = eff.get("enum").and_then(Value::as_array) {
        let values: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        for value in &values {
            out.push((format!("enum value {value:?}"), (*value).to_owned(), Accept));
        }
        for value in outside_enum(&values) {
            out.push((
                format!("outside the enum: {value:?}"),
                value,
                Reject(Kind::Invalid),
            ));
        }
        return out;
    }
    if eff.contains_key("pattern") || eff.contains_key("format") {
        let full = compile(doc, eff);
        let format_only = eff.get("format").map(|format| {
            support::schema_validator(doc, &json!({"type": "string", "format": format}))
        });
        for probe in PROBES {
            let value = json!(probe);
            let expect = if full.is_valid(&value) {
                Accept
            } else if format_only.as_ref().is_some_and(|f| !f.is_valid(&value)) {
                Reject(Kind::Format)
            } else {
                Reject(Kind::Invalid)
            };
            let rule = eff
                .get("pattern")
                .or_else(|| eff.get("format"))
                .map(Value::to_string)
                .unwrap_or_default();
            out.push((
                format!("{probe:?} against {rule}"),
                (*probe).to_owned(),
                expect,
            ));
        }
        let accepted = out.iter().filter(|c| c.2 == Accept).count();
        if accepted == 0 || accepted == out.len() {
            problems.push(format!(
                "generator: the probes do not reach both sides of {}",
                Value::Object(eff.clone())
            ));
        }
        return out;
    }
    let min = count(eff, "minLength").unwrap_or(0);
    if min > 0 {
        out.push((
            format!("minLength {min}: {}", many(min, "character")),
            "a".repeat(min),
            Accept,
        ));
        let label = if min == 1 {
            "minLength 1: the empty value".to_owned()
        } else {
            format!("minLength {min}: {}", many(min - 1, "character"))
        };
        out.push((label, "a".repeat(min - 1), Reject(Kind::Invalid)));
    } else {
        out.push(("the empty value".to_owned(), String::new(), Accept));
    }
    if let Some(max) = count(eff, "maxLength") {
        out.push((
            format!("maxLength {max}: {}", many(max, "character")),
            "a".repeat(max),
            Accept,
        ));
        out.push((
            format!("maxLength {max}: {}", many(max + 1, "character")),
            "a".repeat(max + 1),
            Reject(Kind::Invalid),
        ));
    }
    out
}

/// Bounds of an integer or number schema: `(label, value, expectation)`.
pub fn bound_cases(eff: &Map<String, Value>) -> Vec<(String, i64, Expect)> {
    let mut out = Vec::new();
    if let Some(min) = number(eff, "minimum") {
        out.push((format!("minimum {min}"), min, Accept));
        out.push((
            format!("minimum {min}: {}", min - 1),
            min - 1,
            Reject(Kind::Invalid),
        ));
    }
    if let Some(max) = number(eff, "maximum") {
        out.push((format!("maximum {max}"), max, Accept));
        out.push((
            format!("maximum {max}: {}", max + 1),
            max + 1,
            Reject(Kind::Invalid),
        ));
    }
    if let Some(min) = number(eff, "exclusiveMinimum") {
        out.push((
            format!("exclusiveMinimum {min}: {}", min + 1),
            min + 1,
            Accept,
        ));
        out.push((
            format!("exclusiveMinimum {min}"),
            min,
            Reject(Kind::Invalid),
        ));
    }
    if let Some(max) = number(eff, "exclusiveMaximum") {
        out.push((
            format!("exclusiveMaximum {max}: {}", max - 1),
            max - 1,
            Accept,
        ));
        out.push((
            format!("exclusiveMaximum {max}"),
            max,
            Reject(Kind::Invalid),
        ));
    }
    if out.is_empty() {
        out.push(("an integer".to_owned(), 0, Accept));
    }
    out
}

/// "an integer", "a number", …
pub fn article(word: &str) -> String {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {word}")
    } else {
        format!("a {word}")
    }
}

/// `n` characters / items, in words.
pub fn many(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Cases of a scalar parameter, as the texts that travel in a path, query or header.
pub fn text_cases(
    doc: &Value,
    eff: &Map<String, Value>,
    problems: &mut Vec<String>,
) -> Vec<(String, String, Expect)> {
    let wrong = |values: &[&str]| -> Vec<(String, String, Expect)> {
        values
            .iter()
            .map(|v| {
                let label = if v.is_empty() {
                    "the empty value".to_owned()
                } else {
                    format!("not {}: {v:?}", article(&primary_type(eff)))
                };
                (label, (*v).to_owned(), Reject(Kind::WrongType))
            })
            .collect()
    };
    match primary_type(eff).as_str() {
        "integer" => {
            let mut out: Vec<_> = bound_cases(eff)
                .into_iter()
                .map(|(label, n, expect)| (label, n.to_string(), expect))
                .collect();
            out.extend(wrong(&["abc", "1.5", ""]));
            out
        }
        "number" => {
            let mut out: Vec<_> = bound_cases(eff)
                .into_iter()
                .map(|(label, n, expect)| (label, n.to_string(), expect))
                .collect();
            out.extend(wrong(&["abc", ""]));
            out
        }
        "boolean" => {
            let mut out = vec![
                ("true".to_owned(), "true".to_owned(), Accept),
                ("false".to_owned(), "false".to_owned(), Accept),
            ];
            out.extend(wrong(&["yes", ""]));
            out
        }
        _ => string_cases(doc, eff, problems),
    }
}

/// Cases of one JSON value (a body field): wrong types, then the values its schema bounds.
pub fn json_cases(
    doc: &Value,
    eff: &Map<String, Value>,
    problems: &mut Vec<String>,
) -> Vec<(String, Value, Expect)> {
    let ts = types(eff);
    let has = |t: &str| ts.iter().any(|x| x == t);
    let mut out = Vec::new();
    if !ts.is_empty() {
        let permitted = |t: &str| match t {
            "integer" => has("integer") || has("number"),
            other => has(other),
        };
        let candidates = [
            ("string", json!(""), "the empty string"),
            ("string", json!("1"), "a string"),
            ("integer", json!(7), "an integer"),
            ("number", json!(1.5), "a fraction"),
            ("boolean", json!(true), "a boolean"),
            ("null", Value::Null, "null"),
            ("array", json!([]), "an array"),
            ("object", json!({}), "an object"),
        ];
        for (t, value, words) in candidates {
            if !permitted(t) {
                out.push((
                    format!("wrong type: {words} ({value})"),
                    value,
                    Reject(Kind::WrongType),
                ));
            }
        }
    }
    if has("integer") || has("number") {
        let bounds = bound_cases(eff);
        // JSON Schema counts 1.0 as an integer; an accepted bound written with a fraction
        // part must be accepted too.
        if let Some((label, n, _)) = bounds.iter().find(|b| b.2 == Accept) {
            out.push((format!("{label}, written {n}.0"), json!(*n as f64), Accept));
        }
        out.extend(
            bounds
                .into_iter()
                .map(|(label, n, expect)| (label, json!(n), expect)),
        );
    }
    if has("string") {
        out.extend(
            string_cases(doc, eff, problems)
                .into_iter()
                .map(|(label, s, expect)| (label, Value::String(s), expect)),
        );
    }
    if has("boolean") {
        out.push(("true".to_owned(), json!(true), Accept));
        out.push(("false".to_owned(), json!(false), Accept));
    }
    out
}

/// A generated parameter value.
#[derive(Debug, Clone)]
pub struct ParamCase {
    /// What, e.g. `limit: maximum 100: 101`.
    pub label: String,
    /// The texts to send (one per repeated query key or header line); `None` for absent.
    pub texts: Option<Vec<String>>,
    /// What the stub must do.
    pub expect: Expect,
}

/// Every case of one documented parameter (an OpenAPI parameter object).
pub fn param_cases(doc: &Value, param: &Value) -> (Vec<ParamCase>, Vec<String>) {
    let mut problems = Vec::new();
    let name = param["name"].as_str().unwrap_or_default();
    let location = param["in"].as_str().unwrap_or_default();
    let required = param["required"].as_bool().unwrap_or(false);
    let eff = effective(doc, &param["schema"]);
    let mut out = Vec::new();
    let case = |label: String, texts: Option<Vec<String>>, expect| ParamCase {
        label: format!("{location} {name}: {label}"),
        texts,
        expect,
    };
    // A path always carries its parameters; the empty value stands for a missing one.
    if location != "path" {
        out.push(case(
            format!(
                "absent ({})",
                if required { "required" } else { "optional" }
            ),
            None,
            if required {
                Reject(Kind::Missing)
            } else {
                Accept
            },
        ));
    }
    if primary_type(&eff) == "array" {
        let items = eff
            .get("items")
            .map(|i| effective(doc, i))
            .unwrap_or_default();
        let item_cases = text_cases(doc, &items, &mut problems);
        let valid: Vec<String> = item_cases
            .iter()
            .filter(|c| c.2 == Accept)
            .map(|c| c.1.clone())
            .collect();
        for (label, text, expect) in item_cases {
            out.push(case(format!("one item, {label}"), Some(vec![text]), expect));
        }
        let sample = valid.first().cloned().unwrap_or_else(|| "a".to_owned());
        let other = format!("{sample}b");
        out.push(case(
            "two items, repeated keys".to_owned(),
            Some(vec![sample.clone(), other]),
            Accept,
        ));
        if let Some(max) = count(&eff, "maxItems") {
            out.push(case(
                format!("maxItems {max}: {max} items"),
                Some(vec![sample.clone(); max]),
                Accept,
            ));
            out.push(case(
                format!("maxItems {max}: {} items", max + 1),
                Some(vec![sample.clone(); max + 1]),
                Reject(Kind::Invalid),
            ));
        }
        if let Some(min) = count(&eff, "minItems").filter(|m| *m > 1) {
            out.push(case(
                format!("minItems {min}: {min} items"),
                Some(vec![sample.clone(); min]),
                Accept,
            ));
            out.push(case(
                format!("minItems {min}: {} items", min - 1),
                Some(vec![sample.clone(); min - 1]),
                Reject(Kind::Invalid),
            ));
        }
    } else {
        let cases = text_cases(doc, &eff, &mut problems);
        if location == "query"
            && let Some(valid) = cases.iter().find(|c| c.2 == Accept)
        {
            out.push(case(
                "given twice".to_owned(),
                Some(vec![valid.1.clone(), valid.1.clone()]),
                Reject(Kind::Repeated),
            ));
        }
        for (label, text, expect) in cases {
            out.push(case(label, Some(vec![text]), expect));
        }
    }
    (out, problems)
}
