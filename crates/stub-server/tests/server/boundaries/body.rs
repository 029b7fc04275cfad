//! Body cases: the baseline body with one value changed, walking nested objects, array items
//! and the `allOf` `if`/`then` rules of an object, and a valid instance for fields the
//! baseline does not carry.

use serde_json::{Map, Value, json};

use super::schema::Expect::{self, Accept, Reject};
use super::schema::{
    Kind, Seg, child, compile, count, dotted, effective, get, items, merge, number, primary_type,
    put, types, with,
};
use super::values::{PROBES, json_cases, many, string_cases};

/// A valid instance of a schema, for fields the baseline does not carry.
pub fn synthesize(doc: &Value, eff: &Map<String, Value>) -> Option<Value> {
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
            for name in items(eff, "required") {
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

/// One conditional rule of an object: `if` property `subject` is `value`, `then` these
/// property schemas apply as well.
#[derive(Debug, Clone)]
pub struct Rule {
    pub subject: String,
    pub value: Value,
    pub then: Map<String, Value>,
}

pub fn rules(eff: &Map<String, Value>) -> Vec<Rule> {
    let mut out = Vec::new();
    for entry in items(eff, "allOf") {
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
pub fn property_schema(
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
pub fn repair(
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
        let required: Vec<&str> = items(eff, "required").filter_map(Value::as_str).collect();
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
