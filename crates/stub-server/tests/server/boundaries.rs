//! Boundary cases generated from the emitted documents: every parameter and body field of
//! every operation, at and beyond each bound its schema declares.
//!
//! Nothing here restates a constraint. The generator reads each operation's parameters and
//! request body from `vendor_api::Service::ALL` (following `$ref`s into nested objects and
//! array items, and the `allOf` `if`/`then` rules of an object) and derives cases: bounds and
//! one past them, every enum value and values outside the enum, lengths, item counts, absent
//! required and optional values, wrong JSON types, empty values, unknown fields and unknown
//! query parameters. Each case is a valid baseline request (dataset anchors, documented
//! defaults) with exactly one thing changed. An accepted case expects the operation's success
//! answer, or the not-found answer the dataset implies; a rejected one expects the vendor's
//! validation code. A constraint the stub does not enforce therefore fails the test, as the
//! unit tests on hand-made schemas below show the generator produces each bound.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Map, Value, json};
use stub_data::anchors;
use vendor_api::Service;

use crate::support::{self, Answer};

// =============================================================================================
// What a case expects

/// Why a case must be rejected, in the stub's terms (each vendor names them its own way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A required value is absent.
    Missing,
    /// A name the operation does not define.
    Unknown,
    /// A value of the wrong JSON type, or text that cannot be read as the documented type.
    WrongType,
    /// A single-valued query parameter given twice.
    Repeated,
    /// The right type, but outside a bound, length, enum, item count or pattern.
    Invalid,
    /// A string that breaks its `format` (for the documents here: not a date).
    Format,
}

/// What the stub must do with a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The value is valid: the request succeeds, or names data that does not exist.
    Accept,
    /// The value is invalid for this reason.
    Reject(Kind),
}

use Expect::{Accept, Reject};

// =============================================================================================
// Reading schemas

/// One step into a JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

fn dotted(at: &[Seg]) -> String {
    if at.is_empty() {
        return "body".to_owned();
    }
    at.iter()
        .map(|seg| match seg {
            Seg::Key(k) => k.clone(),
            Seg::Index(i) => i.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn child(at: &[Seg], seg: Seg) -> Vec<Seg> {
    let mut out = at.to_vec();
    out.push(seg);
    out
}

fn get<'v>(value: &'v Value, at: &[Seg]) -> Option<&'v Value> {
    at.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.get(k),
        Seg::Index(i) => v.get(i),
    })
}

/// Sets (or, with `None`, removes) the value at `at`; the parent must exist.
fn put(root: &mut Value, at: &[Seg], new: Option<Value>) {
    let Some((last, parent)) = at.split_last() else {
        if let Some(new) = new {
            *root = new;
        }
        return;
    };
    let mut target = root;
    for seg in parent {
        target = match seg {
            Seg::Key(k) => target.get_mut(k),
            Seg::Index(i) => target.get_mut(i),
        }
        .unwrap_or_else(|| panic!("no value at {}", dotted(at)));
    }
    match (last, new, target) {
        (Seg::Key(k), Some(new), Value::Object(map)) => {
            map.insert(k.clone(), new);
        }
        (Seg::Key(k), None, Value::Object(map)) => {
            map.remove(k);
        }
        (Seg::Index(i), Some(new), Value::Array(items)) if *i < items.len() => items[*i] = new,
        (Seg::Index(i), None, Value::Array(items)) if *i < items.len() => {
            items.remove(*i);
        }
        _ => panic!("cannot set {}", dotted(at)),
    }
}

fn with(root: &Value, at: &[Seg], new: Option<Value>) -> Value {
    let mut out = root.clone();
    put(&mut out, at, new);
    out
}

/// A schema with its `$ref` chain followed: the target's keywords, overridden by the
/// referring schema's own (`description`, `default`, …).
fn effective(doc: &Value, schema: &Value) -> Map<String, Value> {
    fn walk(doc: &Value, schema: &Value, depth: usize) -> Map<String, Value> {
        let Some(object) = schema.as_object() else {
            return Map::new();
        };
        let mut out = match object
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| doc.pointer(pointer))
        {
            Some(target) if depth < 16 => walk(doc, target, depth + 1),
            _ => Map::new(),
        };
        for (key, value) in object {
            if key != "$ref" {
                out.insert(key.clone(), value.clone());
            }
        }
        out
    }
    walk(doc, schema, 0)
}

/// `b` laid over `a`, member by member for nested objects.
fn merge(a: &Map<String, Value>, b: &Map<String, Value>) -> Map<String, Value> {
    let mut out = a.clone();
    for (key, value) in b {
        match (out.get(key), value) {
            (Some(Value::Object(old)), Value::Object(new)) => {
                let merged = merge(old, new);
                out.insert(key.clone(), Value::Object(merged));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    out
}

/// The JSON types a schema allows (inferred from `enum` or `properties` when it has no
/// `type`).
fn types(eff: &Map<String, Value>) -> Vec<String> {
    match eff.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ if eff
            .get("enum")
            .is_some_and(|e| e.as_array().is_some_and(|e| e.iter().all(Value::is_string))) =>
        {
            vec!["string".to_owned()]
        }
        _ if eff.contains_key("properties") => vec!["object".to_owned()],
        _ if eff.contains_key("items") => vec!["array".to_owned()],
        _ => Vec::new(),
    }
}

/// The one non-null type of a schema, for parameters.
fn primary_type(eff: &Map<String, Value>) -> String {
    types(eff)
        .into_iter()
        .find(|t| t != "null")
        .unwrap_or_else(|| "string".to_owned())
}

fn number(eff: &Map<String, Value>, key: &str) -> Option<i64> {
    let value = eff.get(key)?;
    value
        .as_i64()
        .or_else(|| value.as_f64().map(|f| f.ceil() as i64))
}

fn count(eff: &Map<String, Value>, key: &str) -> Option<usize> {
    eff.get(key)?.as_u64().and_then(|n| usize::try_from(n).ok())
}

fn compile(doc: &Value, schema: &Map<String, Value>) -> jsonschema::Validator {
    support::schema_validator(doc, &Value::Object(schema.clone()))
}

// =============================================================================================
// Values of one schema

/// Text probes for patterns and formats. They are classified by the schema itself (a probe is
/// expected to be accepted exactly when the schema accepts it), so the pool only has to hold
/// values on both sides of the rules the documents declare: digit strings of 1, 20 (the largest
/// unsigned 64-bit integer and one beyond it) and 21 digits, signs and fractions, real and impossible dates, other date shapes.
const PROBES: &[&str] = &[
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
fn outside_enum(values: &[&str]) -> Vec<String> {
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
fn string_cases(
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
fn bound_cases(eff: &Map<String, Value>) -> Vec<(String, i64, Expect)> {
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
fn article(word: &str) -> String {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {word}")
    } else {
        format!("a {word}")
    }
}

/// `n` characters / items, in words.
fn many(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Cases of a scalar parameter, as the texts that travel in a path, query or header.
fn text_cases(
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
fn json_cases(
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

/// A valid instance of a schema, for fields the baseline does not carry.
fn synthesize(doc: &Value, eff: &Map<String, Value>) -> Option<Value> {
    if let Some(value) = eff.get("const") {
        return Some(value.clone());
    }
    if let Some(first) = eff
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return Some(first.clone());
    }
    match primary_type(eff).as_str() {
        "string" if eff.contains_key("pattern") || eff.contains_key("format") => {
            let validator = compile(doc, eff);
            PROBES
                .iter()
                .map(|p| json!(p))
                .find(|v| validator.is_valid(v))
        }
        "string" => Some(json!(
            "a".repeat(count(eff, "minLength").unwrap_or(1).max(1))
        )),
        "integer" | "number" => Some(json!(
            number(eff, "minimum")
                .or_else(|| number(eff, "exclusiveMinimum").map(|m| m + 1))
                .unwrap_or(0)
        )),
        "boolean" => Some(json!(true)),
        "null" => Some(Value::Null),
        "array" => {
            let item = synthesize(doc, &effective(doc, eff.get("items")?))?;
            Some(Value::Array(vec![
                item;
                count(eff, "minItems").unwrap_or(1).max(1)
            ]))
        }
        "object" => {
            let properties = eff.get("properties").and_then(Value::as_object);
            let mut object = Map::new();
            for name in eff
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let name = name.as_str()?;
                let schema = properties?.get(name)?;
                object.insert(name.to_owned(), synthesize(doc, &effective(doc, schema))?);
            }
            let mut value = Value::Object(object);
            for rule in rules(eff) {
                if value.get(&rule.subject) == Some(&rule.value) {
                    repair(doc, eff, &rule, &mut value, &[]);
                }
            }
            Some(value)
        }
        _ => None,
    }
}

// =============================================================================================
// Walking a request body

/// One conditional rule of an object: `if` property `subject` is `value`, `then` these
/// property schemas apply as well.
#[derive(Debug, Clone)]
struct Rule {
    subject: String,
    value: Value,
    then: Map<String, Value>,
}

fn rules(eff: &Map<String, Value>) -> Vec<Rule> {
    let mut out = Vec::new();
    for entry in eff
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (Some(condition), Some(then)) = (
            entry.pointer("/if/properties").and_then(Value::as_object),
            entry.pointer("/then/properties").and_then(Value::as_object),
        ) else {
            continue;
        };
        for (subject, test) in condition {
            if let Some(value) = test.get("const") {
                out.push(Rule {
                    subject: subject.clone(),
                    value: value.clone(),
                    then: then.clone(),
                });
            }
        }
    }
    out
}

/// The schema of property `name` of the object `eff` with `extra` (a rule's `then`) over it.
fn property_schema(
    doc: &Value,
    eff: &Map<String, Value>,
    name: &str,
    extra: Option<&Value>,
) -> Map<String, Value> {
    let base = eff
        .get("properties")
        .and_then(|p| p.get(name))
        .map(|s| effective(doc, s))
        .unwrap_or_default();
    match extra {
        Some(extra) => merge(&base, &effective(doc, extra)),
        None => base,
    }
}

/// Makes the siblings a rule constrains valid for it (the object sits at `at` in `root`).
/// Returns the names it had to change.
fn repair(
    doc: &Value,
    eff: &Map<String, Value>,
    rule: &Rule,
    root: &mut Value,
    at: &[Seg],
) -> Vec<String> {
    let mut changed = Vec::new();
    for (name, extra) in &rule.then {
        let schema = property_schema(doc, eff, name, Some(extra));
        let place = child(at, Seg::Key(name.clone()));
        // `then` constrains a present field only; an absent one stays absent.
        let valid = get(root, &place).is_none_or(|current| compile(doc, &schema).is_valid(current));
        if !valid && let Some(value) = synthesize(doc, &schema) {
            put(root, &place, Some(value));
            changed.push(name.clone());
        }
    }
    changed
}

/// A generated body: the whole request body with one thing changed.
#[derive(Debug, Clone)]
pub struct BodyCase {
    /// Where and what, e.g. `Filters.0.Values: maxItems 5: 6 items`.
    pub label: String,
    /// The body to send.
    pub body: Value,
    /// What the stub must do.
    pub expect: Expect,
}

struct BodyWalk<'d> {
    doc: &'d Value,
    cases: Vec<BodyCase>,
    problems: Vec<String>,
}

/// The object a field sits in, and the rules of that object whose subject is the field.
struct Parent<'p> {
    eff: &'p Map<String, Value>,
    rules: Vec<&'p Rule>,
}

impl BodyWalk<'_> {
    fn push(&mut self, label: String, body: Value, expect: Expect) {
        self.cases.push(BodyCase {
            label,
            body,
            expect,
        });
    }

    fn walk(&mut self, schema: &Value, body: &Value, at: &[Seg], parent: Option<&Parent<'_>>) {
        let eff = effective(self.doc, schema);
        let name = dotted(at);
        for (label, value, expect) in json_cases(self.doc, &eff, &mut self.problems) {
            let mut case = with(body, at, Some(value.clone()));
            let mut label = format!("{name}: {label}");
            if let (Accept, Some(parent), Some((_, object_at))) = (expect, parent, at.split_last())
            {
                for rule in parent.rules.iter().filter(|r| r.value == value) {
                    for changed in repair(self.doc, parent.eff, rule, &mut case, object_at) {
                        label.push_str(&format!(" (with {changed} valid for it)"));
                    }
                }
            }
            self.push(label, case, expect);
        }
        let ts = types(&eff);
        if ts.iter().any(|t| t == "object") && get(body, at).is_some_and(Value::is_object) {
            self.walk_object(&eff, body, at);
        }
        if ts.iter().any(|t| t == "array") && get(body, at).is_some_and(Value::is_array) {
            self.walk_array(&eff, body, at);
        }
    }

    fn walk_object(&mut self, eff: &Map<String, Value>, body: &Value, at: &[Seg]) {
        let name = dotted(at);
        let here = get(body, at)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        if eff.get("additionalProperties") == Some(&Value::Bool(false)) {
            let place = child(at, Seg::Key("undocumentedField".to_owned()));
            self.push(
                format!("{name}: an undocumented field"),
                with(body, &place, Some(json!("x"))),
                Reject(Kind::Unknown),
            );
        }
        let required: Vec<&str> = eff
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let rules = rules(eff);
        let properties = eff
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for (field, schema) in &properties {
            let place = child(at, Seg::Key(field.clone()));
            let is_required = required.contains(&field.as_str());
            self.push(
                format!(
                    "{}: absent ({})",
                    dotted(&place),
                    if is_required { "required" } else { "optional" }
                ),
                with(body, &place, None),
                if is_required {
                    Reject(Kind::Missing)
                } else {
                    Accept
                },
            );
            let base = if here.contains_key(field) {
                body.clone()
            } else {
                match synthesize(self.doc, &effective(self.doc, schema)) {
                    Some(value) => with(body, &place, Some(value)),
                    None => {
                        self.problems
                            .push(format!("generator: no valid value for {}", dotted(&place)));
                        continue;
                    }
                }
            };
            let parent = Parent {
                eff,
                rules: rules.iter().filter(|r| r.subject == *field).collect(),
            };
            self.walk(schema, &base, &place, Some(&parent));
        }
        // Each rule: the subject set to its value, and the constrained field's values on
        // both sides of what the rule allows.
        for rule in &rules {
            for (field, extra) in &rule.then {
                let schema = property_schema(self.doc, eff, field, Some(extra));
                let subject_at = child(at, Seg::Key(rule.subject.clone()));
                let field_at = child(at, Seg::Key(field.clone()));
                let with_subject = with(body, &subject_at, Some(rule.value.clone()));
                let prefix = format!("{name}: rule {}={}: {field}", rule.subject, rule.value);
                let values: Vec<(String, Value, Expect)> = if primary_type(&schema) == "array" {
                    let items = schema
                        .get("items")
                        .map(|i| effective(self.doc, i))
                        .unwrap_or_default();
                    let items: Vec<(String, Value, Expect)> = if primary_type(&items) == "string" {
                        string_cases(self.doc, &items, &mut self.problems)
                            .into_iter()
                            .map(|(l, s, e)| (l, Value::String(s), e))
                            .collect()
                    } else {
                        json_cases(self.doc, &items, &mut self.problems)
                    };
                    items
                        .into_iter()
                        .map(|(label, value, expect)| {
                            (format!("[{value}] ({label})"), json!([value]), expect)
                        })
                        .collect()
                } else {
                    json_cases(self.doc, &schema, &mut self.problems)
                };
                for (label, value, expect) in values {
                    self.push(
                        format!("{prefix} = {label}"),
                        with(&with_subject, &field_at, Some(value)),
                        expect,
                    );
                }
            }
        }
    }

    fn walk_array(&mut self, eff: &Map<String, Value>, body: &Value, at: &[Seg]) {
        let name = dotted(at);
        let Some(items) = eff.get("items") else {
            return;
        };
        let here = get(body, at)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let sample = match here
            .first()
            .cloned()
            .or_else(|| synthesize(self.doc, &effective(self.doc, items)))
        {
            Some(sample) => sample,
            None => {
                self.problems
                    .push(format!("generator: no valid item for {name}"));
                return;
            }
        };
        let of = |n: usize| Value::Array(vec![sample.clone(); n]);
        if let Some(max) = count(eff, "maxItems") {
            self.push(
                format!("{name}: maxItems {max}: {}", many(max, "item")),
                with(body, at, Some(of(max))),
                Accept,
            );
            self.push(
                format!("{name}: maxItems {max}: {}", many(max + 1, "item")),
                with(body, at, Some(of(max + 1))),
                Reject(Kind::Invalid),
            );
        }
        match count(eff, "minItems").unwrap_or(0) {
            0 => self.push(
                format!("{name}: no items"),
                with(body, at, Some(of(0))),
                Accept,
            ),
            min => {
                self.push(
                    format!("{name}: minItems {min}: {}", many(min, "item")),
                    with(body, at, Some(of(min))),
                    Accept,
                );
                self.push(
                    format!("{name}: minItems {min}: {}", many(min - 1, "item")),
                    with(body, at, Some(of(min - 1))),
                    Reject(Kind::Invalid),
                );
            }
        }
        let base = if here.is_empty() {
            with(body, at, Some(of(1)))
        } else {
            body.clone()
        };
        self.walk(items, &base, &child(at, Seg::Index(0)), None);
    }
}

/// Every case of a request body: `baseline` (valid against `schema`) with one thing
/// changed. The second list names what the generator could not cover.
pub fn body_cases(doc: &Value, schema: &Value, baseline: &Value) -> (Vec<BodyCase>, Vec<String>) {
    let mut walk = BodyWalk {
        doc,
        cases: Vec::new(),
        problems: Vec::new(),
    };
    walk.walk(schema, baseline, &[], None);
    (walk.cases, walk.problems)
}

// =============================================================================================
// Parameters

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

// =============================================================================================
// Requests

/// A request as parts, so that one part can be changed.
#[derive(Debug, Clone)]
struct Spec {
    operation_id: String,
    method: Method,
    template: String,
    path: BTreeMap<String, String>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Value>,
}

/// Characters a path segment keeps unencoded.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

impl Spec {
    fn uri(&self) -> String {
        let mut path = self.template.clone();
        for (name, value) in &self.path {
            let encoded = percent_encoding::utf8_percent_encode(value, SEGMENT).to_string();
            path = path.replace(&format!("{{{name}}}"), &encoded);
        }
        if self.query.is_empty() {
            return path;
        }
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.query {
            query.append_pair(k, v);
        }
        format!("{path}?{}", query.finish())
    }

    fn request(&self) -> Request<Body> {
        let mut builder = Request::builder()
            .method(self.method.clone())
            .uri(self.uri());
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let body = self
            .body
            .as_ref()
            .map(|b| Body::from(b.to_string()))
            .unwrap_or_else(Body::empty);
        builder.body(body).expect("a valid request")
    }

    fn header(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// This request with parameter `name` set to `texts` (`None`: absent).
    fn with_param(&self, location: &str, name: &str, texts: Option<&[String]>) -> Spec {
        let mut spec = self.clone();
        match location {
            "path" => {
                if let Some(text) = texts.and_then(|t| t.first()) {
                    spec.path.insert(name.to_owned(), text.clone());
                }
            }
            "query" => {
                spec.query.retain(|(k, _)| k != name);
                for text in texts.into_iter().flatten() {
                    spec.query.push((name.to_owned(), text.clone()));
                }
            }
            "header" => {
                spec.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
                for text in texts.into_iter().flatten() {
                    spec.headers.push((name.to_owned(), text.clone()));
                }
            }
            other => panic!("parameters in {other} are not supported"),
        }
        spec
    }

    /// A short description for failure messages.
    fn describe(&self) -> String {
        fn clip(text: &str, max: usize) -> String {
            let count = text.chars().count();
            if count <= max {
                text.to_owned()
            } else {
                let head: String = text.chars().take(max).collect();
                format!("{head}… ({count} characters)")
            }
        }
        let mut out = format!("{} {}", self.method, clip(&self.uri(), 200));
        for (name, value) in &self.headers {
            let shown = [
                "x-project-id",
                "x-auth-token",
                "x-tc-action",
                "x-tc-version",
                "x-tc-timestamp",
            ];
            if shown.contains(&name.to_ascii_lowercase().as_str())
                || name.starts_with("apim-") && name != "apim-accesstoken"
            {
                out.push_str(&format!(" [{name}: {}]", clip(value, 40)));
            }
        }
        if let Some(body) = &self.body {
            out.push_str(&format!(" body {}", clip(&body.to_string(), 300)));
        }
        out
    }
}

/// The plan of the tasks the baselines name: created a minute ago, finished at once, kept for
/// thirty days, so that the task has a file while the tests run.
fn finished_plan() -> stub_data::TaskPlan {
    stub_data::TaskPlan::new(
        stub_data::Clock::system().now_ms() - 60_000,
        0,
        30 * 24 * 3_600_000,
        false,
    )
}

/// A finished Workspace export task of the anchor group, which the download baseline names.
fn workspace_task_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        stub_data::workspace_export(
            support::dataset(),
            anchors::WORKSPACE_PROJECT_ID,
            anchors::WORKSPACE_GROUP_ID,
            &Default::default(),
            &finished_plan(),
        )
        .expect("the anchor group")
        .task_id
    })
}

/// A finished Tencent export task, which the `ExportTasks` baseline names.
fn tencent_task_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        stub_data::tencent_export(
            support::dataset(),
            &Default::default(),
            None,
            &finished_plan(),
        )
        .task_id
    })
}

/// The valid request every case starts from: the dataset's anchors, each vendor's
/// credentials, and every documented query default.
fn baseline(doc: &Value, operation_id: &str) -> Spec {
    let (_, method, template, op) = support::operation(operation_id);
    // `/#ExportTasks` is sent to `/`, with its own X-TC-Action.
    let template = support::route(&template).to_owned();
    let credentials = support::request_for(operation_id, "/")
        .body(())
        .expect("a request");
    let mut headers: Vec<(String, String)> = credentials
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().expect("ASCII").to_owned()))
        .collect();
    let mut path = BTreeMap::new();
    let mut body = None;
    let huawei_signature = [
        (
            "Authorization".to_owned(),
            "SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=host;x-sdk-date, Signature=00"
                .to_owned(),
        ),
        ("X-Sdk-Date".to_owned(), "20250917T120000Z".to_owned()),
    ];
    match operation_id {
        "ExportUserGroupUsersNew" => {
            path.insert(
                "project_id".to_owned(),
                anchors::WORKSPACE_PROJECT_ID.to_owned(),
            );
            path.insert(
                "group_id".to_owned(),
                anchors::WORKSPACE_GROUP_ID.to_owned(),
            );
            headers.push((
                "X-Project-Id".to_owned(),
                anchors::WORKSPACE_PROJECT_ID.to_owned(),
            ));
            headers.extend(huawei_signature);
        }
        "ExportUsersTemplate" => {
            path.insert(
                "project_id".to_owned(),
                anchors::WORKSPACE_PROJECT_ID.to_owned(),
            );
            headers.push((
                "X-Project-Id".to_owned(),
                anchors::WORKSPACE_PROJECT_ID.to_owned(),
            ));
            headers.extend(huawei_signature);
        }
        "ListExportTasks" => {
            path.insert(
                "project_id".to_owned(),
                anchors::WORKSPACE_PROJECT_ID.to_owned(),
            );
            headers.push((
                "X-Project-Id".to_owned(),
                anchors::WORKSPACE_PROJECT_ID.to_owned(),
            ));
            headers.extend(huawei_signature);
        }
        "DownloadExportFile" => {
            path.insert(
                "project_id".to_owned(),
                anchors::WORKSPACE_PROJECT_ID.to_owned(),
            );
            path.insert("task_id".to_owned(), workspace_task_id().to_owned());
            headers.push((
                "X-Project-Id".to_owned(),
                anchors::WORKSPACE_PROJECT_ID.to_owned(),
            ));
            headers.extend(huawei_signature);
        }
        "ExportTasks" => {
            body = Some(json!({"TaskId": tencent_task_id()}));
        }
        "ListGroupUserGroups" => {
            path.insert(
                "group_id".to_owned(),
                anchors::CODEARTS_GROUP_ID.to_string(),
            );
            headers.extend(huawei_signature);
        }
        "listAssignedUser" => {
            body = Some(json!({
                "userGroupId": anchors::ENOS_USER_GROUP_ID,
                "pagination": {"pageNo": 0, "pageSize": 100},
            }));
        }
        "ExportAssetUserList" => {
            body = Some(json!({
                "Quuid": anchors::TENCENT_QUUID,
                "Filters": [{"Name": "Name", "Values": ["root"], "ExactMatch": true}],
                "Order": "desc",
                "By": "LoginTime",
            }));
        }
        other => panic!("no baseline request for {other}: add one"),
    }
    let mut query = Vec::new();
    for param in op["parameters"].as_array().into_iter().flatten() {
        let name = param["name"].as_str().unwrap_or_default();
        match param["in"].as_str() {
            Some("query") => {
                if name == "orgId" {
                    query.push((name.to_owned(), anchors::ENOS_ORG_ID.to_owned()));
                } else if let Some(default) = effective(doc, &param["schema"]).get("default") {
                    let text = default
                        .as_str()
                        .map_or_else(|| default.to_string(), str::to_owned);
                    query.push((name.to_owned(), text));
                } else {
                    assert!(
                        !param["required"].as_bool().unwrap_or(false),
                        "{operation_id}: no baseline value for {name}"
                    );
                }
            }
            Some("path") => assert!(
                path.contains_key(name),
                "{operation_id}: no baseline value for {name}"
            ),
            _ => {}
        }
    }
    Spec {
        operation_id: operation_id.to_owned(),
        method,
        template,
        path,
        query,
        headers,
        body,
    }
}

// =============================================================================================
// Answers

/// What a request must be answered with.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// The operation's success answer.
    Success,
    /// The vendor's error envelope with this HTTP status and code.
    Error { status: StatusCode, code: String },
}

fn validation_error(service: Service, location: &str, name: &str, kind: Kind) -> Outcome {
    let (status, code) = match service {
        Service::HuaweiWorkspace => (StatusCode::BAD_REQUEST, "WKS.00020400"),
        Service::HuaweiCodeartsRepo => (StatusCode::BAD_REQUEST, "CH.004400"),
        Service::EnosAppPortal => (StatusCode::OK, "31400"),
        Service::TencentCwp => (
            StatusCode::OK,
            match (kind, location, name) {
                (Kind::Missing, ..) => "MissingParameter",
                (Kind::Unknown, ..) => "UnknownParameter",
                (Kind::WrongType | Kind::Repeated, ..) => "InvalidParameter",
                (Kind::Format, ..) => "InvalidParameter.DateRange",
                (Kind::Invalid, "header", "X-TC-Action") => "InvalidAction",
                (Kind::Invalid, "header", "X-TC-Version") => "NoSuchVersion",
                (Kind::Invalid, ..) => "InvalidParameterValue",
            },
        ),
    };
    Outcome::Error {
        status,
        code: code.to_owned(),
    }
}

/// How a valid request is answered, from the dataset: success, or not found when it names
/// data the dataset does not hold (and, for Workspace, the documented rule that
/// `X-Project-Id` repeats the path's project).
fn accepted(spec: &Spec) -> Outcome {
    let data = support::dataset();
    let error = |status: StatusCode, code: &str| Outcome::Error {
        status,
        code: code.to_owned(),
    };
    let path = |name: &str| spec.path.get(name).cloned().unwrap_or_default();
    match spec.operation_id.as_str() {
        "ExportUserGroupUsersNew"
        | "ExportUsersTemplate"
        | "ListExportTasks"
        | "DownloadExportFile" => {
            let project_id = path("project_id");
            let header = spec.header("X-Project-Id");
            if header.first().is_some_and(|h| *h != project_id) {
                return error(StatusCode::BAD_REQUEST, "WKS.00020400");
            }
            let Some(project) = data.workspace_project(&project_id) else {
                return error(StatusCode::NOT_FOUND, "WKS.00020404");
            };
            if spec.operation_id == "ExportUserGroupUsersNew"
                && !project
                    .user_groups
                    .iter()
                    .any(|g| g.group_id == path("group_id"))
            {
                return error(StatusCode::NOT_FOUND, "WKS.00020404");
            }
            // Only the baseline's task exists (any other text is no task id of the stub's).
            if spec.operation_id == "DownloadExportFile" && path("task_id") != workspace_task_id() {
                return error(StatusCode::NOT_FOUND, "WKS.00020404");
            }
            Outcome::Success
        }
        "ExportTasks" => {
            if spec.body.as_ref().and_then(|b| b["TaskId"].as_str()) == Some(tencent_task_id()) {
                Outcome::Success
            } else {
                error(StatusCode::OK, "ResourceNotFound")
            }
        }
        "ListGroupUserGroups" => {
            let group_id: i64 = path("group_id")
                .parse()
                .expect("an accepted group_id is an integer");
            let exists = data
                .huawei_codearts_repo
                .repository_groups
                .iter()
                .any(|g| i64::from(g.group_id) == group_id);
            if exists {
                Outcome::Success
            } else {
                error(StatusCode::NOT_FOUND, "CH.004404")
            }
        }
        "listAssignedUser" => {
            let org_id = spec
                .query
                .iter()
                .find(|(k, _)| k == "orgId")
                .map(|(_, v)| v.as_str());
            let group_id = spec.body.as_ref().and_then(|b| b["userGroupId"].as_str());
            let exists = data
                .enos_app_portal
                .orgs
                .iter()
                .filter(|o| Some(o.org_id.as_str()) == org_id)
                .any(|o| {
                    o.user_groups
                        .iter()
                        .any(|g| Some(g.user_group_id.as_str()) == group_id)
                });
            if exists {
                Outcome::Success
            } else {
                error(StatusCode::OK, "31404")
            }
        }
        "ExportAssetUserList" => tencent_semantics(spec.body.as_ref()),
        _ => Outcome::Success,
    }
}

/// The Tencent rules the schema leaves to prose (DECISIONS.md, the vendor's `uint64`): `Uid`
/// and `Guid` values are unsigned 64-bit integers, so 20 digits above 2^64 − 1 are answered
/// `InvalidParameterValue`; a `LoginTimeStart` after the `LoginTimeEnd` is
/// `InvalidParameter.DateRange`.
fn tencent_semantics(body: Option<&Value>) -> Outcome {
    let error = |code: &str| Outcome::Error {
        status: StatusCode::OK,
        code: code.to_owned(),
    };
    let filters = body
        .and_then(|b| b["Filters"].as_array())
        .cloned()
        .unwrap_or_default();
    let values = |name: &str| -> Vec<String> {
        filters
            .iter()
            .filter(|f| f["Name"] == name)
            .flat_map(|f| f["Values"].as_array().cloned().unwrap_or_default())
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    let too_large = ["Uid", "Guid"]
        .iter()
        .flat_map(|name| values(name))
        .any(|v| {
            v.bytes().all(|b| b.is_ascii_digit()) && !v.is_empty() && v.parse::<u64>().is_err()
        });
    if too_large {
        return error("InvalidParameterValue");
    }
    // Dates `YYYY-MM-DD` order as text.
    let start = values("LoginTimeStart").into_iter().min();
    let end = values("LoginTimeEnd").into_iter().max();
    if let (Some(start), Some(end)) = (start, end)
        && start > end
    {
        return error("InvalidParameter.DateRange");
    }
    Outcome::Success
}

/// Checks an answer against the expected outcome; the reason when it does not match.
fn judge(service: Service, answer: &Answer, expected: &Outcome) -> Result<(), String> {
    let shown = || {
        let text = String::from_utf8_lossy(&answer.bytes);
        let text: String = text.chars().take(300).collect();
        format!("status {} {}", answer.status.as_u16(), text)
    };
    match expected {
        Outcome::Success => {
            let ok = match service {
                Service::HuaweiWorkspace | Service::HuaweiCodeartsRepo => {
                    answer.status.is_success() && answer.headers.contains_key("x-request-id")
                }
                Service::TencentCwp => {
                    let body: Value = serde_json::from_slice(&answer.bytes).unwrap_or_default();
                    answer.status == StatusCode::OK
                        && answer.content_type() == "application/json"
                        && body["Response"].get("Error").is_none()
                        && (body["Response"]["TaskId"].is_string()
                            || body["Response"]["Status"].is_string())
                }
                Service::EnosAppPortal => {
                    let body: Value = serde_json::from_slice(&answer.bytes).unwrap_or_default();
                    answer.status == StatusCode::OK && body["code"] == 0
                }
            };
            if ok {
                Ok(())
            } else {
                Err(format!("expected success, got {}", shown()))
            }
        }
        Outcome::Error { status, code } => {
            let got = support::try_error_code(service, answer)?;
            if answer.status != *status || got != *code {
                return Err(format!(
                    "expected {} {code}, got {}",
                    status.as_u16(),
                    shown()
                ));
            }
            Ok(())
        }
    }
}

// =============================================================================================
// The cases of the documents

/// One runnable case.
#[derive(Debug, Clone)]
struct Case {
    label: String,
    spec: Spec,
    expect: Expect,
    /// Where the changed value travels and its name, for the vendor's code.
    location: String,
    name: String,
}

/// Every case of one operation, and what the generator could not cover.
fn operation_cases(doc: &Value, operation_id: &str) -> (Vec<Case>, Vec<String>) {
    let base = baseline(doc, operation_id);
    let (_, _, _, op) = support::operation(operation_id);
    let mut cases = Vec::new();
    let mut problems = Vec::new();
    let mut query_names = Vec::new();
    for param in op["parameters"].as_array().into_iter().flatten() {
        let name = param["name"].as_str().unwrap_or_default().to_owned();
        let location = param["in"].as_str().unwrap_or_default().to_owned();
        if location == "query" {
            query_names.push(name.clone());
        }
        let (generated, trouble) = param_cases(doc, param);
        problems.extend(trouble);
        for generated in generated {
            cases.push(Case {
                label: generated.label,
                spec: base.with_param(&location, &name, generated.texts.as_deref()),
                expect: generated.expect,
                location: location.clone(),
                name: name.clone(),
            });
        }
    }
    // Query parameters the document does not define: an invented one, and a documented name
    // in another case.
    let mut unknown = vec!["undocumented_parameter".to_owned()];
    unknown.extend(
        query_names
            .first()
            .map(|n| n.to_uppercase())
            .filter(|n| !query_names.contains(n)),
    );
    for name in unknown {
        let mut spec = base.clone();
        spec.query.push((name.clone(), "1".to_owned()));
        cases.push(Case {
            label: format!("query {name}: not defined by the document"),
            spec,
            expect: Reject(Kind::Unknown),
            location: "query".to_owned(),
            name,
        });
    }
    if let Some(schema) = op.pointer("/requestBody/content/application~1json/schema") {
        let baseline_body = base.body.clone().expect("a baseline body");
        let validator = support::schema_validator(doc, schema);
        let errors = support::schema_errors(&validator, &baseline_body);
        assert!(
            errors.is_empty(),
            "{operation_id}: the baseline body is invalid: {errors}"
        );
        let (generated, trouble) = body_cases(doc, schema, &baseline_body);
        problems.extend(trouble);
        for generated in generated {
            // The generator's intent must agree with the document's own schema.
            let valid = validator.is_valid(&generated.body);
            if valid != (generated.expect == Accept) {
                problems.push(format!(
                    "generator: {operation_id} [{}] expects {:?} but the document says the body is {}: {}",
                    generated.label,
                    generated.expect,
                    if valid { "valid" } else { "invalid" },
                    generated.body
                ));
            }
            let mut spec = base.clone();
            spec.body = Some(generated.body);
            cases.push(Case {
                label: format!("body {}", generated.label),
                spec,
                expect: generated.expect,
                location: "body".to_owned(),
                name: String::new(),
            });
        }
    }
    (cases, problems)
}

fn all_operations() -> Vec<(Service, Value, String)> {
    let mut out = Vec::new();
    for service in Service::ALL {
        let doc = service.document();
        for item in doc["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(_, item)| item)
        {
            for op in item.as_object().into_iter().flatten().map(|(_, op)| op) {
                let id = op["operationId"].as_str().expect("operationId").to_owned();
                out.push((service, doc.clone(), id));
            }
        }
    }
    out
}

/// Runs cases; one line per case that is not answered as expected.
async fn run(service: Service, operation_id: &str, cases: &[Case]) -> Vec<String> {
    let mut failures = Vec::new();
    for case in cases {
        let expected = match case.expect {
            Accept => accepted(&case.spec),
            Reject(kind) => validation_error(service, &case.location, &case.name, kind),
        };
        let answer = support::send(case.spec.request()).await;
        if let Err(why) = judge(service, &answer, &expected) {
            failures.push(format!(
                "{operation_id} [{}] {}: {why}",
                case.label,
                case.spec.describe()
            ));
        }
    }
    failures
}

/// Fewest cases an operation must generate: a floor well under the real counts, so that a
/// generator that silently stops reading the documents fails.
fn floor(operation_id: &str) -> usize {
    match operation_id {
        "ExportAssetUserList" => 250,
        "listAssignedUser" => 55,
        "ExportUserGroupUsersNew" => 30,
        "ListGroupUserGroups" => 30,
        "ListExportTasks" => 45,
        // Two unconstrained path parameters and X-Project-Id: little to vary.
        "DownloadExportFile" => 4,
        _ => 15,
    }
}

#[tokio::test]
async fn every_documented_bound_is_enforced_exactly() {
    let mut failures = Vec::new();
    let mut outcomes = Vec::new();
    let mut total = 0;
    for (service, doc, operation_id) in all_operations() {
        let (cases, problems) = operation_cases(&doc, &operation_id);
        eprintln!("{operation_id}: {} boundary cases", cases.len());
        assert!(
            cases.len() >= floor(&operation_id),
            "{operation_id}: only {} cases generated (floor {})",
            cases.len(),
            floor(&operation_id)
        );
        total += cases.len();
        let failed = run(service, &operation_id, &cases).await;
        let passed = problems.is_empty() && failed.is_empty();
        outcomes.push((operation_id.clone(), passed, cases.len() as u64));
        failures.extend(problems);
        failures.extend(failed);
    }
    eprintln!("total: {total} boundary cases");
    support::record_coverage("validated", &outcomes);
    assert!(
        failures.is_empty(),
        "{} boundary case(s) failed:\n  - {}",
        failures.len(),
        failures.join("\n  - ")
    );
}

#[tokio::test]
async fn tencent_filter_values_follow_the_rule_of_their_key() {
    let service = Service::TencentCwp;
    let doc = service.document();
    let (cases, problems) = operation_cases(&doc, "ExportAssetUserList");
    assert!(problems.is_empty(), "{problems:#?}");
    let filter = effective(&doc, &json!({"$ref": "#/components/schemas/Filter"}));
    let keys: Vec<String> = effective(&doc, &filter["properties"]["Name"])["enum"]
        .as_array()
        .expect("FilterName is an enum")
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let ruled: Vec<String> = rules(&filter)
        .into_iter()
        .filter_map(|r| r.value.as_str().map(str::to_owned))
        .collect();
    assert!(
        ruled.len() >= 10,
        "the Filter schema has only {} per-key rules",
        ruled.len()
    );
    let mut missing = Vec::new();
    let mut selected = Vec::new();
    for key in &keys {
        let marker = format!("rule Name=\"{key}\"");
        let of_key: Vec<&Case> = cases.iter().filter(|c| c.label.contains(&marker)).collect();
        let accepted = of_key.iter().filter(|c| c.expect == Accept).count();
        let rejected = of_key.len() - accepted;
        if ruled.contains(key) {
            if accepted == 0 || rejected == 0 {
                missing.push(format!(
                    "{key}: {accepted} accepted and {rejected} rejected values"
                ));
            }
            selected.extend(of_key.into_iter().cloned());
        } else {
            // A key without a rule takes any text: `Name` with every generated text value.
            let any = cases.iter().any(|c| {
                c.expect == Accept
                    && c.spec
                        .body
                        .as_ref()
                        .and_then(|b| b.pointer("/Filters/0/Name"))
                        == Some(&json!(key))
            });
            if !any {
                missing.push(format!("{key}: no accepted case"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "per-key filter cases missing: {missing:#?}"
    );
    let failures = run(service, "ExportAssetUserList", &selected).await;
    eprintln!(
        "Tencent per-key filter rules: {} cases over {} keys",
        selected.len(),
        ruled.len()
    );
    assert!(
        failures.is_empty(),
        "{} per-key filter case(s) failed:\n  - {}",
        failures.len(),
        failures.join("\n  - ")
    );
}

/// Every key of the Filter schema, run with a value its rule allows (so the request is
/// answered with a task), and the `Name` key with any text.
#[tokio::test]
async fn tencent_every_filter_key_accepts_an_allowed_value() {
    let doc = Service::TencentCwp.document();
    let filter = effective(&doc, &json!({"$ref": "#/components/schemas/Filter"}));
    let keys = effective(&doc, &filter["properties"]["Name"])["enum"].clone();
    for key in keys.as_array().expect("enum") {
        let mut value = json!({"Name": key, "Values": ["x"]});
        for rule in rules(&filter).iter().filter(|r| r.value == *key) {
            repair(&doc, &filter, rule, &mut value, &[]);
        }
        let body = json!({"Filters": [value]});
        let answer = support::call(Service::TencentCwp, Method::POST, "/", Some(&body)).await;
        let expected = Outcome::Success;
        assert_eq!(
            judge(Service::TencentCwp, &answer, &expected),
            Ok(()),
            "{body}"
        );
    }
}

/// The range check JSON Schema cannot express: the earliest `LoginTimeStart` may not be after
/// the latest `LoginTimeEnd`.
#[tokio::test]
async fn tencent_login_time_range_must_not_be_reversed() {
    let range = |start: &str, end: &str| {
        json!({"Filters": [{"Name": "LoginTimeStart", "Values": [start]},
                           {"Name": "LoginTimeEnd", "Values": [end]}]})
    };
    for (start, end, expected) in [
        ("2021-01-11", "2021-01-11", Outcome::Success),
        ("2021-01-11", "2025-09-17", Outcome::Success),
        (
            "2021-01-12",
            "2021-01-11",
            Outcome::Error {
                status: StatusCode::OK,
                code: "InvalidParameter.DateRange".to_owned(),
            },
        ),
    ] {
        let body = range(start, end);
        assert_eq!(tencent_semantics(Some(&body)), expected, "{body}");
        let answer = support::call(Service::TencentCwp, Method::POST, "/", Some(&body)).await;
        assert_eq!(
            judge(Service::TencentCwp, &answer, &expected),
            Ok(()),
            "{body}"
        );
    }
}

// =============================================================================================
// The generator on hand-made schemas: each declared bound yields a case on both sides, so a
// stub that ignores a constraint fails the generated test.

fn snippet_doc() -> Value {
    json!({"components": {"schemas": {
        "Colour": {"type": "string", "enum": ["red", "green"]},
        "Small": {"type": "integer", "minimum": 3, "maximum": 9},
    }}})
}

fn has_param(cases: &[ParamCase], text: &str, expect: Expect) -> bool {
    cases
        .iter()
        .any(|c| c.texts.as_deref() == Some(&[text.to_owned()][..]) && c.expect == expect)
}

#[test]
fn generator_covers_each_bound_of_an_integer_parameter() {
    let doc = snippet_doc();
    let param = json!({"name": "n", "in": "query", "required": false,
                       "schema": {"type": "integer", "minimum": 3, "maximum": 9}});
    let (cases, problems) = param_cases(&doc, &param);
    assert!(problems.is_empty());
    assert!(has_param(&cases, "3", Accept));
    assert!(has_param(&cases, "9", Accept));
    assert!(has_param(&cases, "2", Reject(Kind::Invalid)));
    assert!(has_param(&cases, "10", Reject(Kind::Invalid)));
    assert!(has_param(&cases, "abc", Reject(Kind::WrongType)));
    assert!(has_param(&cases, "1.5", Reject(Kind::WrongType)));
    assert!(has_param(&cases, "", Reject(Kind::WrongType)));
    assert!(
        cases
            .iter()
            .any(|c| c.texts.is_none() && c.expect == Accept),
        "optional and absent"
    );
    assert!(
        cases
            .iter()
            .any(|c| c.texts.as_ref().is_some_and(|t| t.len() == 2)
                && c.expect == Reject(Kind::Repeated))
    );
    // Through a `$ref` the same bounds are found.
    let param = json!({"name": "n", "in": "header", "required": true,
                       "schema": {"$ref": "#/components/schemas/Small"}});
    let (cases, _) = param_cases(&doc, &param);
    assert!(has_param(&cases, "10", Reject(Kind::Invalid)));
    assert!(
        cases
            .iter()
            .any(|c| c.texts.is_none() && c.expect == Reject(Kind::Missing))
    );
}

#[test]
fn generator_covers_lengths_enums_and_empty_values_of_string_parameters() {
    let doc = snippet_doc();
    let param = json!({"name": "s", "in": "query", "required": true,
                       "schema": {"type": "string", "minLength": 2, "maxLength": 4}});
    let (cases, _) = param_cases(&doc, &param);
    assert!(has_param(&cases, "aa", Accept));
    assert!(has_param(&cases, "aaaa", Accept));
    assert!(has_param(&cases, "a", Reject(Kind::Invalid)));
    assert!(has_param(&cases, "aaaaa", Reject(Kind::Invalid)));
    assert!(
        cases
            .iter()
            .any(|c| c.texts.is_none() && c.expect == Reject(Kind::Missing))
    );

    let free = json!({"name": "f", "in": "query", "schema": {"type": "string"}});
    assert!(
        has_param(&param_cases(&doc, &free).0, "", Accept),
        "no minLength: the empty value is valid"
    );
    let one = json!({"name": "o", "in": "query", "schema": {"type": "string", "minLength": 1}});
    assert!(has_param(
        &param_cases(&doc, &one).0,
        "",
        Reject(Kind::Invalid)
    ));

    let colour =
        json!({"name": "c", "in": "query", "schema": {"$ref": "#/components/schemas/Colour"}});
    let (cases, _) = param_cases(&doc, &colour);
    assert!(has_param(&cases, "red", Accept));
    assert!(has_param(&cases, "green", Accept));
    assert!(has_param(&cases, "", Reject(Kind::Invalid)));
    assert!(has_param(&cases, "RED", Reject(Kind::Invalid)));
}

#[test]
fn generator_covers_nested_body_fields_items_and_rules() {
    let doc = snippet_doc();
    let schema = json!({
        "type": "object",
        "required": ["colour"],
        "additionalProperties": false,
        "properties": {
            "colour": {"$ref": "#/components/schemas/Colour"},
            "list": {"type": "array", "minItems": 1, "maxItems": 3, "items": {
                "type": "object",
                "required": ["k", "v"],
                "properties": {
                    "k": {"type": "string", "enum": ["plain", "wide"]},
                    "v": {"$ref": "#/components/schemas/Small"},
                },
                "allOf": [{"if": {"properties": {"k": {"const": "wide"}}},
                           "then": {"properties": {"v": {"type": "integer", "minimum": 5}}}}],
            }},
        },
    });
    let (cases, problems) = body_cases(&doc, &schema, &json!({"colour": "red"}));
    assert!(problems.is_empty(), "{problems:?}");
    let has =
        |body: Value, expect: Expect| cases.iter().any(|c| c.body == body && c.expect == expect);
    assert!(has(json!({"colour": "green"}), Accept));
    assert!(has(json!({"colour": ""}), Reject(Kind::Invalid)));
    assert!(has(json!({"colour": 7}), Reject(Kind::WrongType)));
    assert!(has(json!({}), Reject(Kind::Missing)));
    assert!(has(
        json!({"colour": "red", "undocumentedField": "x"}),
        Reject(Kind::Unknown)
    ));
    // The optional array, synthesized from its items: item counts at and past the bounds.
    let item = json!({"k": "plain", "v": 3});
    assert!(has(
        json!({"colour": "red", "list": [item, item, item]}),
        Accept
    ));
    assert!(has(
        json!({"colour": "red", "list": [item, item, item, item]}),
        Reject(Kind::Invalid)
    ));
    assert!(has(
        json!({"colour": "red", "list": []}),
        Reject(Kind::Invalid)
    ));
    assert!(has(
        json!({"colour": "red", "list": {}}),
        Reject(Kind::WrongType)
    ));
    // Into the items, through the `$ref`.
    let list = |v: Value| json!({"colour": "red", "list": [{"k": "plain", "v": v}]});
    assert!(has(list(json!(9)), Accept));
    assert!(has(list(json!(10)), Reject(Kind::Invalid)));
    assert!(has(list(json!(2)), Reject(Kind::Invalid)));
    assert!(has(list(json!("1")), Reject(Kind::WrongType)));
    assert!(has(list(json!(1.5)), Reject(Kind::WrongType)));
    assert!(has(list(json!(3.0)), Accept));
    assert!(has(
        json!({"colour": "red", "list": [{"k": "plain"}]}),
        Reject(Kind::Missing)
    ));
    // The conditional rule: k = "wide" narrows v to at least 5, on both sides; setting k to
    // "wide" alone brings v into the rule's range.
    let wide = |v: i64| json!({"colour": "red", "list": [{"k": "wide", "v": v}]});
    assert!(has(wide(5), Accept));
    assert!(has(wide(4), Reject(Kind::Invalid)));
    assert!(has(wide(9), Accept));
    assert!(has(wide(10), Reject(Kind::Invalid)));
    assert!(cases.iter().any(|c| {
        c.label
            .contains("enum value \"wide\" (with v valid for it)")
            && c.body == wide(5)
    }));
    // And every case agrees with the schema itself.
    let validator = support::schema_validator(&doc, &schema);
    for case in &cases {
        assert_eq!(
            validator.is_valid(&case.body),
            case.expect == Accept,
            "{}: {}",
            case.label,
            case.body
        );
    }
}

#[test]
fn generator_classifies_pattern_and_date_probes_by_the_schema() {
    let doc = snippet_doc();
    let mut problems = Vec::new();
    let digits = effective(&doc, &json!({"type": "string", "pattern": "^[0-9]{1,20}$"}));
    let cases = string_cases(&doc, &digits, &mut problems);
    let expect_of =
        |cases: &[(String, String, Expect)], v: &str| cases.iter().find(|c| c.1 == v).map(|c| c.2);
    assert_eq!(expect_of(&cases, "18446744073709551615"), Some(Accept));
    assert_eq!(
        expect_of(&cases, "123456789012345678901"),
        Some(Reject(Kind::Invalid))
    );
    assert_eq!(expect_of(&cases, ""), Some(Reject(Kind::Invalid)));
    let date = effective(&doc, &json!({"type": "string", "format": "date"}));
    let cases = string_cases(&doc, &date, &mut problems);
    assert_eq!(expect_of(&cases, "2024-02-29"), Some(Accept));
    assert_eq!(expect_of(&cases, "2021-13-01"), Some(Reject(Kind::Format)));
    assert_eq!(expect_of(&cases, "not-a-date"), Some(Reject(Kind::Format)));
    assert!(problems.is_empty(), "{problems:?}");
    // A pattern no probe satisfies is reported rather than silently half-covered.
    let odd = effective(&doc, &json!({"type": "string", "pattern": "^zz+$"}));
    string_cases(&doc, &odd, &mut problems);
    assert_eq!(problems.len(), 1);
}
