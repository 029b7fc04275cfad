//! Two revisions of one document compared operation by operation: the operations themselves,
//! their parameters, request bodies, responses and security, down to the schemas (`schema`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::change::{At, Changes};
use super::rules::{Direction, Rule};
use super::schema::{self, Docs};

/// One operation of a document, found by its path and method.
#[derive(Debug, Clone, Copy)]
struct Op<'a> {
    path: &'a str,
    method: &'a str,
    body: &'a Value,
}

impl Op<'_> {
    /// How the report names the operation: its operationId, or its method and path.
    fn name(&self) -> String {
        self.body
            .get("operationId")
            .and_then(Value::as_str)
            .map_or_else(
                || format!("{} {}", self.method.to_uppercase(), self.path),
                str::to_owned,
            )
    }
}

/// The document's operations (read by `vendor_api::walk`), by path and method.
fn operations(document: &Value) -> BTreeMap<(String, String), Op<'_>> {
    vendor_api::walk::operations(document)
        .into_iter()
        .map(|op| {
            let key = (op.path.to_owned(), op.method.to_owned());
            (
                key,
                Op {
                    path: op.path,
                    method: op.method,
                    body: op.object,
                },
            )
        })
        .collect()
}

/// Compares every operation and the security schemes of two revisions of a document. An
/// absent earlier revision (`Value::Null`) makes every operation an added one.
pub fn compare(changes: &mut Changes, old: &Value, new: &Value) {
    let docs = Docs { old, new };
    let before = operations(old);
    let after = operations(new);
    let paths_after: BTreeSet<&str> = after.keys().map(|(p, _)| p.as_str()).collect();
    for (key, op) in &before {
        let operation = op.name();
        let at = At {
            operation: &operation,
            direction: Direction::Operation,
            location: format!("{} {}", op.method.to_uppercase(), op.path),
        };
        match after.get(key) {
            None if paths_after.contains(op.path) => {
                changes.push(
                    &at,
                    Rule::MethodRemoved,
                    "the path no longer takes this method".into(),
                );
            }
            None => changes.push(&at, Rule::OperationRemoved, "the path is gone".into()),
            Some(new_op) => compare_operation(changes, docs, op, new_op),
        }
    }
    for (key, op) in &after {
        if !before.contains_key(key) {
            let operation = op.name();
            let at = At {
                operation: &operation,
                direction: Direction::Operation,
                location: format!("{} {}", op.method.to_uppercase(), op.path),
            };
            changes.push(&at, Rule::OperationAdded, "new operation".into());
        }
    }
    compare_security_schemes(changes, old, new);
}

fn compare_operation(changes: &mut Changes, docs: Docs<'_>, old: &Op<'_>, new: &Op<'_>) {
    let operation = new.name();
    let at = At {
        operation: &operation,
        direction: Direction::Operation,
        location: format!("{} {}", new.method.to_uppercase(), new.path),
    };
    if old.name() != operation {
        changes.push(
            &at,
            Rule::OperationIdChanged,
            format!("{} → {operation}", old.name()),
        );
    }
    compare_parameters(changes, docs, &operation, old, new);
    compare_request_body(changes, docs, &operation, old, new);
    compare_responses(changes, docs, &operation, old, new);
    compare_security(changes, docs, &at, old, new);
}

/// A parameter's identity: where it travels and its name (header names ignore case).
fn parameters<'a>(document: &'a Value, op: &Op<'a>) -> BTreeMap<(String, String), &'a Value> {
    op.body
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| schema::resolve(document, p))
        .filter_map(|p| {
            let place = p.get("in")?.as_str()?.to_owned();
            let name = p.get("name")?.as_str()?;
            let name = if place == "header" {
                name.to_ascii_lowercase()
            } else {
                name.to_owned()
            };
            Some(((place, name), p))
        })
        .collect()
}

fn is_required(value: &Value) -> bool {
    value.get("required").and_then(Value::as_bool) == Some(true)
}

fn compare_parameters(
    changes: &mut Changes,
    docs: Docs<'_>,
    operation: &str,
    old: &Op<'_>,
    new: &Op<'_>,
) {
    let before = parameters(docs.old, old);
    let after = parameters(docs.new, new);
    let at = |place: &str, name: &str| At {
        operation,
        direction: Direction::Request,
        location: format!("{place} parameter {name}"),
    };
    for ((place, name), param) in &before {
        let here = at(place, name);
        let Some(other) = after.get(&(place.clone(), name.clone())) else {
            changes.push(
                &here,
                Rule::RequestParameterRemoved,
                "parameter removed".into(),
            );
            continue;
        };
        match (is_required(param), is_required(other)) {
            (false, true) => {
                changes.push(
                    &here,
                    Rule::RequestParameterBecameRequired,
                    "optional → required".into(),
                );
            }
            (true, false) => {
                changes.push(
                    &here,
                    Rule::RequestParameterBecameOptional,
                    "required → optional".into(),
                );
            }
            _ => {}
        }
        if let (Some(a), Some(b)) = (param.get("schema"), other.get("schema")) {
            schema::compare(changes, docs, &here, a, b);
        }
    }
    for ((place, name), param) in &after {
        if !before.contains_key(&(place.clone(), name.clone())) {
            let (rule, word) = if is_required(param) {
                (Rule::RequestParameterAddedRequired, "required")
            } else {
                (Rule::RequestParameterAddedOptional, "optional")
            };
            changes.push(&at(place, name), rule, format!("{word} parameter added"));
        }
    }
}

fn content(document: &Value, holder: Option<&Value>) -> Map<String, Value> {
    holder
        .and_then(|h| schema::resolve(document, h))
        .and_then(|h| h.get("content"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn compare_request_body(
    changes: &mut Changes,
    docs: Docs<'_>,
    operation: &str,
    old: &Op<'_>,
    new: &Op<'_>,
) {
    let at = At {
        operation,
        direction: Direction::Request,
        location: "body".into(),
    };
    let resolve = |document: &'_ Value, op: &Op<'_>| {
        op.body
            .get("requestBody")
            .and_then(|b| schema::resolve(document, b))
            .cloned()
    };
    let (before, after) = (resolve(docs.old, old), resolve(docs.new, new));
    match (&before, &after) {
        (None, None) => return,
        (Some(_), None) => {
            changes.push(
                &at,
                Rule::RequestBodyRemoved,
                "the operation takes no body".into(),
            );
            return;
        }
        (None, Some(body)) => {
            let rule = if is_required(body) {
                Rule::RequestBodyAddedRequired
            } else {
                Rule::RequestBodyAddedOptional
            };
            changes.push(&at, rule, "the operation takes a body".into());
            return;
        }
        (Some(a), Some(b)) => match (is_required(a), is_required(b)) {
            (false, true) => changes.push(
                &at,
                Rule::RequestBodyBecameRequired,
                "optional → required".into(),
            ),
            (true, false) => changes.push(
                &at,
                Rule::RequestBodyBecameOptional,
                "required → optional".into(),
            ),
            _ => {}
        },
    }
    let old_content = content(docs.old, before.as_ref());
    let new_content = content(docs.new, after.as_ref());
    compare_content(
        changes,
        docs,
        &at,
        &old_content,
        &new_content,
        (
            Rule::RequestContentTypeRemoved,
            Rule::RequestContentTypeAdded,
        ),
    );
}

/// Media types of a body: removed, added, and the schemas of those in both.
fn compare_content(
    changes: &mut Changes,
    docs: Docs<'_>,
    at: &At<'_>,
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    (removed, added): (Rule, Rule),
) {
    for (media, before) in old {
        let here = At {
            location: format!("{} {media}", at.location),
            ..at.clone()
        };
        match new.get(media) {
            None => changes.push(&here, removed, format!("{media} removed")),
            Some(after) => {
                if let (Some(a), Some(b)) = (before.get("schema"), after.get("schema")) {
                    schema::compare(changes, docs, &here, a, b);
                }
            }
        }
    }
    for media in new.keys().filter(|m| !old.contains_key(*m)) {
        let here = At {
            location: format!("{} {media}", at.location),
            ..at.clone()
        };
        changes.push(&here, added, format!("{media} added"));
    }
}

fn responses<'a>(op: &Op<'a>) -> Map<String, Value> {
    op.body
        .get("responses")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn compare_responses(
    changes: &mut Changes,
    docs: Docs<'_>,
    operation: &str,
    old: &Op<'_>,
    new: &Op<'_>,
) {
    let (before, after) = (responses(old), responses(new));
    for (status, old_response) in &before {
        let at = At {
            operation,
            direction: Direction::Response,
            location: format!("status {status}"),
        };
        let Some(new_response) = after.get(status) else {
            changes.push(
                &at,
                Rule::ResponseStatusRemoved,
                format!("status {status} removed"),
            );
            continue;
        };
        let old_resolved = schema::resolve(docs.old, old_response);
        let new_resolved = schema::resolve(docs.new, new_response);
        compare_content(
            changes,
            docs,
            &at,
            &content(docs.old, old_resolved),
            &content(docs.new, new_resolved),
            (
                Rule::ResponseContentTypeRemoved,
                Rule::ResponseContentTypeAdded,
            ),
        );
        compare_headers(changes, docs, &at, old_resolved, new_resolved);
    }
    for status in after.keys().filter(|s| !before.contains_key(*s)) {
        let at = At {
            operation,
            direction: Direction::Response,
            location: format!("status {status}"),
        };
        changes.push(
            &at,
            Rule::ResponseStatusAdded,
            format!("status {status} added"),
        );
    }
}

fn headers(document: &Value, response: Option<&Value>) -> BTreeMap<String, Value> {
    response
        .and_then(|r| r.get("headers"))
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(name, header)| {
            let header = schema::resolve(document, header)?;
            Some((name.to_ascii_lowercase(), header.clone()))
        })
        .collect()
}

fn compare_headers(
    changes: &mut Changes,
    docs: Docs<'_>,
    at: &At<'_>,
    old: Option<&Value>,
    new: Option<&Value>,
) {
    let (before, after) = (headers(docs.old, old), headers(docs.new, new));
    for (name, header) in &before {
        let here = At {
            location: format!("{} header {name}", at.location),
            ..at.clone()
        };
        match after.get(name) {
            None => changes.push(
                &here,
                Rule::ResponseHeaderRemoved,
                format!("header {name} removed"),
            ),
            Some(other) => {
                if let (Some(a), Some(b)) = (header.get("schema"), other.get("schema")) {
                    schema::compare(changes, docs, &here, a, b);
                }
            }
        }
    }
    for name in after.keys().filter(|n| !before.contains_key(*n)) {
        let here = At {
            location: format!("{} header {name}", at.location),
            ..at.clone()
        };
        changes.push(
            &here,
            Rule::ResponseHeaderAdded,
            format!("header {name} added"),
        );
    }
}

/// The ways an operation accepts to authenticate: each requirement object as the set of scheme
/// names it combines. No requirement at all (or an empty one) is the empty set: anonymous.
fn requirements(document: &Value, op: &Op<'_>) -> BTreeSet<BTreeSet<String>> {
    let listed = op
        .body
        .get("security")
        .or_else(|| document.get("security"))
        .and_then(Value::as_array);
    match listed {
        None => BTreeSet::from([BTreeSet::new()]),
        Some(list) if list.is_empty() => BTreeSet::from([BTreeSet::new()]),
        Some(list) => list
            .iter()
            .map(|r| {
                r.as_object()
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default()
            })
            .collect(),
    }
}

fn describe_requirement(names: &BTreeSet<String>) -> String {
    if names.is_empty() {
        "no credentials".into()
    } else {
        names.iter().cloned().collect::<Vec<_>>().join(" + ")
    }
}

fn compare_security(
    changes: &mut Changes,
    docs: Docs<'_>,
    at: &At<'_>,
    old: &Op<'_>,
    new: &Op<'_>,
) {
    let (before, after) = (requirements(docs.old, old), requirements(docs.new, new));
    // Once no credentials are needed, clients that still send some are not refused.
    let anonymous = after.contains(&BTreeSet::new());
    for gone in before.difference(&after).filter(|_| !anonymous) {
        let detail = format!("{} no longer accepted", describe_requirement(gone));
        changes.push(at, Rule::SecurityRequirementRemoved, detail);
    }
    for added in after.difference(&before) {
        let detail = format!("{} now accepted", describe_requirement(added));
        changes.push(at, Rule::SecurityRequirementAdded, detail);
    }
}

fn compare_security_schemes(changes: &mut Changes, old: &Value, new: &Value) {
    let schemes = |d: &Value| {
        d.pointer("/components/securitySchemes")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let (before, after) = (schemes(old), schemes(new));
    // What decides how a client sends its credentials; descriptions are not compared.
    let form = |s: &Value| {
        [
            "type",
            "in",
            "name",
            "scheme",
            "bearerFormat",
            "flows",
            "openIdConnectUrl",
        ]
        .map(|k| s.get(k).cloned())
    };
    let at = |name: &str| {
        (
            "(document)".to_owned(),
            format!("components/securitySchemes/{name}"),
        )
    };
    for (name, scheme) in &before {
        let (operation, location) = at(name);
        let here = At {
            operation: &operation,
            direction: Direction::Operation,
            location,
        };
        match after.get(name) {
            None => changes.push(
                &here,
                Rule::SecuritySchemeRemoved,
                format!("scheme {name} removed"),
            ),
            Some(other) if form(scheme) != form(other) => {
                changes.push(
                    &here,
                    Rule::SecuritySchemeChanged,
                    format!("scheme {name} changed"),
                );
            }
            Some(_) => {}
        }
    }
    for name in after.keys().filter(|n| !before.contains_key(*n)) {
        let (operation, location) = at(name);
        let here = At {
            operation: &operation,
            direction: Direction::Operation,
            location,
        };
        changes.push(
            &here,
            Rule::SecuritySchemeAdded,
            format!("scheme {name} added"),
        );
    }
}
