//! Two revisions of one schema compared keyword by keyword. Whether a change breaks clients
//! depends on which way the value travels: a narrower request schema refuses what clients
//! sent before, a wider response schema answers what clients did not expect.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::change::{At, Changes};
use super::rules::Rule;

/// Keywords that describe a value without constraining it; their changes are not reported.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "externalDocs",
    "deprecated",
    "readOnly",
    "writeOnly",
    "xml",
    "$comment",
    "contentMediaType",
];

/// The parts of a schema the rules look at, after `$ref`s, `allOf` of plain schemas and the
/// `oneOf: [X, {type: null}]` spelling of "X or null" are resolved.
#[derive(Debug, Default)]
struct Shape {
    types: BTreeSet<String>,
    nullable: bool,
    enumeration: Option<Vec<Value>>,
    lower: Option<Bound>,
    upper: Option<Bound>,
    min_length: Option<u64>,
    max_length: Option<u64>,
    pattern: Option<String>,
    format: Option<String>,
    default: Option<Value>,
    properties: Map<String, Value>,
    required: BTreeSet<String>,
    items: Option<Value>,
    variants: Vec<Value>,
    additional: Option<Value>,
    other: BTreeMap<String, Value>,
}

/// A numeric bound: its value and whether it is exclusive.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bound {
    value: f64,
    exclusive: bool,
}

/// The two documents the schemas come from, for resolving their `$ref`s.
#[derive(Debug, Clone, Copy)]
pub struct Docs<'a> {
    /// The earlier revision.
    pub old: &'a Value,
    /// The later revision.
    pub new: &'a Value,
}

/// Follows local `$ref`s to the schema they name; `None` on a dangling or looping reference.
pub fn resolve<'a>(document: &'a Value, schema: &'a Value) -> Option<&'a Value> {
    // The project's one reader of `$ref`s; a dangling or looping one is a change the rules
    // cannot classify, so the comparison only needs to know that it failed.
    vendor_api::walk::target(document, schema).ok()
}

/// Compares two schemas and records each change under `at`.
pub fn compare(changes: &mut Changes, docs: Docs<'_>, at: &At<'_>, old: &Value, new: &Value) {
    let mut walk = Walk {
        changes,
        docs,
        seen: BTreeSet::new(),
    };
    walk.schemas(at, old, new);
}

/// One comparison of two schemas, down through their properties, items and alternatives.
struct Walk<'w, 'd> {
    changes: &'w mut Changes,
    docs: Docs<'d>,
    /// The pairs of references compared so far, so that recursive schemas end.
    seen: BTreeSet<(String, String)>,
}

impl Walk<'_, '_> {
    fn schemas(&mut self, at: &At<'_>, old: &Value, new: &Value) {
        // Recursive schemas: a pair of references is compared once per walk.
        let refs = (ref_name(old), ref_name(new));
        if let (Some(a), Some(b)) = &refs
            && !self.seen.insert((a.clone(), b.clone()))
        {
            return;
        }
        let (Some(old), Some(new)) = (shape(self.docs.old, old), shape(self.docs.new, new)) else {
            self.changes.push(
                at,
                Rule::SchemaChangedUnclassified,
                "a $ref does not resolve".into(),
            );
            return;
        };
        compare_types(self.changes, at, &old, &new);
        compare_nullable(self.changes, at, &old, &new);
        compare_enum(self.changes, at, &old, &new);
        compare_bounds(self.changes, at, &old, &new);
        compare_lengths(self.changes, at, &old, &new);
        compare_text_rules(self.changes, at, &old, &new);
        self.properties(at, &old, &new);
        if let (Some(a), Some(b)) = (&old.items, &new.items) {
            self.schemas(&at.child("items"), a, b);
        }
        if let (Some(a @ Value::Object(_)), Some(b @ Value::Object(_))) =
            (&old.additional, &new.additional)
        {
            self.schemas(&at.child("*"), a, b);
        } else if old.additional != new.additional {
            self.changes.push(
                at,
                Rule::SchemaChangedUnclassified,
                format!(
                    "additionalProperties {} → {}",
                    shown(old.additional.as_ref()),
                    shown(new.additional.as_ref())
                ),
            );
        }
        self.variants(at, &old, &new);
        let keys: BTreeSet<&String> = old.other.keys().chain(new.other.keys()).collect();
        let differing: Vec<&str> = keys
            .into_iter()
            .filter(|k| old.other.get(*k) != new.other.get(*k))
            .map(String::as_str)
            .collect();
        if !differing.is_empty() {
            self.changes.push(
                at,
                Rule::SchemaChangedUnclassified,
                format!("changed: {}", differing.join(", ")),
            );
        }
    }
}

fn ref_name(schema: &Value) -> Option<String> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

fn shown(value: Option<&Value>) -> String {
    value.map_or_else(|| "(none)".to_owned(), Value::to_string)
}

/// Reads a schema into a [`Shape`]; `None` when a `$ref` does not resolve.
fn shape(document: &Value, schema: &Value) -> Option<Shape> {
    let mut out = Shape::default();
    // `true` and `false` schemas have nothing the rules read.
    if let Value::Object(map) = schema {
        absorb(document, map, &mut out, 0)?;
    }
    Some(out)
}

/// Adds one schema object's keywords to `out`, following `$ref` and plain `allOf` (at most
/// 32 deep, so that a reference to itself ends).
fn absorb(document: &Value, map: &Map<String, Value>, out: &mut Shape, depth: u8) -> Option<()> {
    let depth = depth.checked_add(1).filter(|d| *d <= 32)?;
    let absorb_ref = |schema: &Value, out: &mut Shape| -> Option<()> {
        match resolve(document, schema)? {
            Value::Object(inner) => absorb(document, inner, out, depth),
            _ => Some(()),
        }
    };
    for (key, value) in map {
        match key.as_str() {
            "$ref" => absorb_ref(
                &Value::Object(Map::from_iter([(key.clone(), value.clone())])),
                out,
            )?,
            "type" => match value {
                Value::String(t) => push_type(out, t),
                Value::Array(ts) => ts
                    .iter()
                    .filter_map(Value::as_str)
                    .for_each(|t| push_type(out, t)),
                _ => {}
            },
            "nullable" => out.nullable |= value.as_bool().unwrap_or(false),
            "enum" => out.enumeration = value.as_array().cloned(),
            "const" => out.enumeration = Some(vec![value.clone()]),
            "minimum" => tighten(&mut out.lower, value, false, lower_rank),
            "exclusiveMinimum" => tighten(&mut out.lower, value, true, lower_rank),
            "maximum" => tighten(&mut out.upper, value, false, upper_rank),
            "exclusiveMaximum" => tighten(&mut out.upper, value, true, upper_rank),
            "minLength" | "minItems" => out.min_length = value.as_u64(),
            "maxLength" | "maxItems" => out.max_length = value.as_u64(),
            "pattern" => out.pattern = value.as_str().map(str::to_owned),
            "format" => out.format = value.as_str().map(str::to_owned),
            "default" => out.default = Some(value.clone()),
            "properties" => {
                if let Value::Object(props) = value {
                    out.properties.extend(props.clone());
                }
            }
            "required" => out.required.extend(
                value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_owned),
            ),
            "items" => out.items = Some(value.clone()),
            "additionalProperties" => out.additional = Some(value.clone()),
            "oneOf" | "anyOf" => {
                for variant in value.as_array().into_iter().flatten() {
                    if is_null_schema(document, variant) {
                        out.nullable = true;
                    } else {
                        out.variants.push(variant.clone());
                    }
                }
            }
            "allOf" if all_plain(value) => {
                for part in value.as_array().into_iter().flatten() {
                    absorb_ref(part, out)?;
                }
            }
            key if ANNOTATIONS.contains(&key) || key.starts_with("x-") => {}
            key => {
                out.other.insert(key.to_owned(), value.clone());
            }
        }
    }
    // "X or null" written as a single remaining alternative is X itself.
    if out.variants.len() == 1 && out.nullable {
        let only = out.variants.remove(0);
        absorb_ref(&only, out)?;
    }
    Some(())
}

fn push_type(out: &mut Shape, t: &str) {
    if t == "null" {
        out.nullable = true;
    } else {
        out.types.insert(t.to_owned());
    }
}

fn is_null_schema(document: &Value, schema: &Value) -> bool {
    resolve(document, schema).is_some_and(|s| s.get("type") == Some(&Value::from("null")))
}

/// `allOf` entries with no conditional keywords can be merged into one shape.
fn all_plain(value: &Value) -> bool {
    value.as_array().is_some_and(|parts| {
        parts.iter().all(|p| {
            ["if", "then", "else", "not"]
                .iter()
                .all(|k| p.get(k).is_none())
        })
    })
}

/// Keeps the tighter of a bound already read (e.g. `minimum`) and a new one
/// (`exclusiveMinimum`), by `rank`.
fn tighten(slot: &mut Option<Bound>, value: &Value, exclusive: bool, rank: fn(Bound) -> (f64, i8)) {
    if let Some(value) = value.as_f64() {
        let new = Bound { value, exclusive };
        *slot = Some(match *slot {
            Some(old) if rank(old) >= rank(new) => old,
            _ => new,
        });
    }
}

/// How much a lower bound excludes (more is tighter): an exclusive bound also excludes its value.
fn lower_rank(b: Bound) -> (f64, i8) {
    (b.value, i8::from(b.exclusive))
}

/// How much an upper bound excludes (more is tighter): the lower the value, the more.
fn upper_rank(b: Bound) -> (f64, i8) {
    (-b.value, i8::from(b.exclusive))
}

fn describe_bound(b: Option<Bound>, word: &str) -> String {
    match b {
        None => format!("no {word}"),
        Some(Bound {
            value,
            exclusive: true,
        }) => format!("exclusive {word} {value}"),
        Some(Bound { value, .. }) => format!("{word} {value}"),
    }
}

fn compare_types(changes: &mut Changes, at: &At<'_>, old: &Shape, new: &Shape) {
    if old.types == new.types || old.types.is_empty() && new.types.is_empty() {
        return;
    }
    let covers = |wide: &BTreeSet<String>, narrow: &BTreeSet<String>| {
        // An absent type allows every type; `number` includes `integer`.
        wide.is_empty()
            || narrow
                .iter()
                .all(|t| wide.contains(t) || t == "integer" && wide.contains("number"))
                && !narrow.is_empty()
    };
    let detail = format!("type {} → {}", types(&old.types), types(&new.types));
    let rule = match (
        at.request(),
        covers(&new.types, &old.types),
        covers(&old.types, &new.types),
    ) {
        (true, true, _) => Rule::RequestTypeWidened,
        (true, false, _) => Rule::RequestTypeChanged,
        (false, _, true) => Rule::ResponseTypeNarrowed,
        (false, _, false) => Rule::ResponseTypeChanged,
    };
    changes.push(at, rule, detail);
}

fn types(set: &BTreeSet<String>) -> String {
    if set.is_empty() {
        "any".into()
    } else {
        set.iter().cloned().collect::<Vec<_>>().join(" | ")
    }
}

fn compare_nullable(changes: &mut Changes, at: &At<'_>, old: &Shape, new: &Shape) {
    let rule = match (old.nullable, new.nullable, at.request()) {
        (true, false, true) => Rule::RequestBecameNonNullable,
        (false, true, true) => Rule::RequestBecameNullable,
        (false, true, false) => Rule::ResponseBecameNullable,
        (true, false, false) => Rule::ResponseBecameNonNullable,
        _ => return,
    };
    let word = |n: bool| if n { "nullable" } else { "not nullable" };
    changes.push(
        at,
        rule,
        format!("{} → {}", word(old.nullable), word(new.nullable)),
    );
}

fn compare_enum(changes: &mut Changes, at: &At<'_>, old: &Shape, new: &Shape) {
    match (&old.enumeration, &new.enumeration) {
        (None, None) => {}
        (None, Some(values)) => {
            let rule = at.pick(Rule::RequestEnumAdded, Rule::ResponseConstraintNarrowed);
            changes.push(at, rule, format!("now one of {}", list(values)));
        }
        (Some(values), None) => {
            let rule = at.pick(Rule::RequestEnumValueAdded, Rule::ResponseConstraintWidened);
            changes.push(at, rule, format!("no longer limited to {}", list(values)));
        }
        (Some(before), Some(after)) => {
            for gone in before.iter().filter(|v| !after.contains(v)) {
                let rule = at.pick(
                    Rule::RequestEnumValueRemoved,
                    Rule::ResponseEnumValueRemoved,
                );
                changes.push(at, rule, format!("value {gone} removed"));
            }
            for added in after.iter().filter(|v| !before.contains(v)) {
                let rule = at.pick(Rule::RequestEnumValueAdded, Rule::ResponseEnumValueAdded);
                changes.push(at, rule, format!("value {added} added"));
            }
        }
    }
}

fn list(values: &[Value]) -> String {
    values
        .iter()
        .map(Value::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rules of one limit: the request's when it narrows and when it widens.
struct Limit {
    narrowed: Rule,
    widened: Rule,
}

/// Records a limit that changed: narrower or wider, by the direction the value travels.
fn limit_changed(changes: &mut Changes, at: &At<'_>, limit: Limit, narrower: bool, detail: String) {
    let rule = match (at.request(), narrower) {
        (true, true) => limit.narrowed,
        (true, false) => limit.widened,
        (false, true) => Rule::ResponseConstraintNarrowed,
        (false, false) => Rule::ResponseConstraintWidened,
    };
    changes.push(at, rule, detail);
}

fn compare_bounds(changes: &mut Changes, at: &At<'_>, old: &Shape, new: &Shape) {
    // A bound that appears excludes values; one that goes away allows them.
    let tighter = |a: Option<Bound>, b: Option<Bound>, rank: fn(Bound) -> (f64, i8)| match (a, b) {
        (None, Some(_)) => true,
        (Some(a), Some(b)) => rank(b) > rank(a),
        _ => false,
    };
    let bounds = [
        (
            old.lower,
            new.lower,
            "minimum",
            Rule::RequestMinimumIncreased,
            Rule::RequestMinimumDecreased,
            lower_rank as fn(Bound) -> (f64, i8),
        ),
        (
            old.upper,
            new.upper,
            "maximum",
            Rule::RequestMaximumDecreased,
            Rule::RequestMaximumIncreased,
            upper_rank,
        ),
    ];
    for (before, after, word, narrowed, widened, rank) in bounds {
        if before != after {
            let detail = format!(
                "{} → {}",
                describe_bound(before, word),
                describe_bound(after, word)
            );
            let limit = Limit { narrowed, widened };
            limit_changed(changes, at, limit, tighter(before, after, rank), detail);
        }
    }
}

fn compare_lengths(changes: &mut Changes, at: &At<'_>, old: &Shape, new: &Shape) {
    let count = |n: Option<u64>| n.map_or_else(|| "none".to_owned(), |n| n.to_string());
    let lengths = [
        // (earlier, later, word, whether the later one is narrower, rules)
        (
            old.min_length,
            new.min_length,
            "minimum",
            new.min_length.unwrap_or(0) > old.min_length.unwrap_or(0),
            Limit {
                narrowed: Rule::RequestMinLengthIncreased,
                widened: Rule::RequestMinLengthDecreased,
            },
        ),
        (
            old.max_length,
            new.max_length,
            "maximum",
            new.max_length.unwrap_or(u64::MAX) < old.max_length.unwrap_or(u64::MAX),
            Limit {
                narrowed: Rule::RequestMaxLengthDecreased,
                widened: Rule::RequestMaxLengthIncreased,
            },
        ),
    ];
    for (before, after, word, narrower, limit) in lengths {
        if before != after {
            let detail = format!(
                "{word} length or items {} → {}",
                count(before),
                count(after)
            );
            limit_changed(changes, at, limit, narrower, detail);
        }
    }
}

/// `pattern`, `format` and `default`.
fn compare_text_rules(changes: &mut Changes, at: &At<'_>, old: &Shape, new: &Shape) {
    let text = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
    if old.pattern != new.pattern {
        let rule = match (at.request(), &new.pattern, &old.pattern) {
            (true, Some(_), _) => Rule::RequestPatternAdded,
            (true, None, _) => Rule::RequestPatternRemoved,
            (false, Some(_), None) => Rule::ResponseConstraintNarrowed,
            (false, _, _) => Rule::ResponseConstraintWidened,
        };
        let detail = format!("pattern {} → {}", text(&old.pattern), text(&new.pattern));
        changes.push(at, rule, detail);
    }
    if old.format != new.format {
        let rule = match (at.request(), &old.format, &new.format) {
            (true, _, Some(_)) => Rule::RequestFormatAdded,
            (true, _, None) => Rule::RequestFormatRemoved,
            (false, None, Some(_)) => Rule::ResponseConstraintNarrowed,
            (false, _, _) => Rule::ResponseFormatChanged,
        };
        let detail = format!("format {} → {}", text(&old.format), text(&new.format));
        changes.push(at, rule, detail);
    }
    if old.default != new.default {
        let rule = at.pick(Rule::RequestDefaultChanged, Rule::ResponseDefaultChanged);
        let detail = format!(
            "default {} → {}",
            shown(old.default.as_ref()),
            shown(new.default.as_ref())
        );
        changes.push(at, rule, detail);
    }
}

impl Walk<'_, '_> {
    fn properties(&mut self, at: &At<'_>, old: &Shape, new: &Shape) {
        let request = at.request();
        for (name, before) in &old.properties {
            let here = at.child(name);
            let Some(after) = new.properties.get(name) else {
                let rule = at.pick(Rule::RequestPropertyRemoved, Rule::ResponsePropertyRemoved);
                self.changes
                    .push(&here, rule, format!("property {name} removed"));
                continue;
            };
            let (was, is) = (old.required.contains(name), new.required.contains(name));
            let rule = match (request, was, is) {
                (true, false, true) => Some(Rule::RequestPropertyBecameRequired),
                (true, true, false) => Some(Rule::RequestPropertyBecameOptional),
                (false, true, false) => Some(Rule::ResponsePropertyBecameOptional),
                (false, false, true) => Some(Rule::ResponsePropertyBecameRequired),
                _ => None,
            };
            if let Some(rule) = rule {
                let word = |r: bool| if r { "required" } else { "optional" };
                self.changes
                    .push(&here, rule, format!("{} → {}", word(was), word(is)));
            }
            self.schemas(&here, before, after);
        }
        for name in new
            .properties
            .keys()
            .filter(|n| !old.properties.contains_key(*n))
        {
            let required = new.required.contains(name);
            let rule = match (request, required) {
                (true, true) => Rule::RequestPropertyAddedRequired,
                (true, false) => Rule::RequestPropertyAddedOptional,
                (false, _) => Rule::ResponsePropertyAdded,
            };
            let word = if required { "required" } else { "optional" };
            self.changes.push(
                &at.child(name),
                rule,
                format!("{word} property {name} added"),
            );
        }
    }

    /// `oneOf`/`anyOf` alternatives, matched by the schema they reference (or their position when
    /// they are inline), so that reordering them is no change.
    fn variants(&mut self, at: &At<'_>, old: &Shape, new: &Shape) {
        let key = |i: usize, v: &Value| ref_name(v).unwrap_or_else(|| format!("alternative {i}"));
        let before: BTreeMap<String, &Value> = old
            .variants
            .iter()
            .enumerate()
            .map(|(i, v)| (key(i, v), v))
            .collect();
        let after: BTreeMap<String, &Value> = new
            .variants
            .iter()
            .enumerate()
            .map(|(i, v)| (key(i, v), v))
            .collect();
        for (name, schema) in &before {
            match after.get(name) {
                Some(other) => self.schemas(&at.child(name), schema, other),
                None => {
                    let rule = at.pick(Rule::RequestVariantRemoved, Rule::ResponseVariantRemoved);
                    self.changes
                        .push(at, rule, format!("alternative {name} removed"));
                }
            }
        }
        for name in after.keys().filter(|n| !before.contains_key(*n)) {
            let rule = at.pick(Rule::RequestVariantAdded, Rule::ResponseVariantAdded);
            self.changes
                .push(at, rule, format!("alternative {name} added"));
        }
    }
}
