//! The four published documents: which services there are, and how each document is turned
//! into bytes that are identical from run to run.

use serde_json::{Map, Value};
use utoipa::OpenApi;

/// One vendor service, and so one published document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Service {
    /// Huawei Cloud Workspace: `ExportUserGroupUsersNew`, `ExportUsersTemplate`.
    HuaweiWorkspace,
    /// Tencent Cloud CWP: `ExportAssetUserList`.
    TencentCwp,
    /// EnOS Application Portal: `listAssignedUser`.
    EnosAppPortal,
    /// Huawei Cloud CodeArts Repo: `ListGroupUserGroups`.
    HuaweiCodeartsRepo,
}

impl Service {
    /// Every service, in the order the documents are listed.
    pub const ALL: [Service; 4] = [
        Service::HuaweiWorkspace,
        Service::TencentCwp,
        Service::EnosAppPortal,
        Service::HuaweiCodeartsRepo,
    ];

    /// File stem of the service's document, as in `openapi/<name>.json`.
    pub fn name(self) -> &'static str {
        match self {
            Service::HuaweiWorkspace => "huawei-workspace",
            Service::TencentCwp => "tencent-cwp",
            Service::EnosAppPortal => "enos-app-portal",
            Service::HuaweiCodeartsRepo => "huawei-codearts-repo",
        }
    }

    /// Looks a service up by its document name.
    pub fn from_name(name: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The document as utoipa builds it from the annotated types.
    pub fn openapi(self) -> utoipa::openapi::OpenApi {
        match self {
            Service::HuaweiWorkspace => crate::workspace::WorkspaceApi::openapi(),
            Service::TencentCwp => crate::tencent_cwp::TencentCwpApi::openapi(),
            Service::EnosAppPortal => crate::enos::EnosAppPortalApi::openapi(),
            Service::HuaweiCodeartsRepo => crate::codearts::CodeArtsRepoApi::openapi(),
        }
    }

    /// The document as a JSON value in canonical key order.
    pub fn document(self) -> Value {
        let value = serde_json::to_value(self.openapi())
            .expect("an OpenAPI document built from types always serializes");
        canonicalize(value)
    }

    /// The document as published in `openapi/<name>.json`.
    pub fn json(self) -> String {
        to_json(&self.document())
    }

    /// The document as published in `openapi/<name>.yaml`.
    pub fn yaml(self) -> String {
        to_yaml(&self.document())
    }
}

/// Puts keys in an order that does not depend on hash seeds. utoipa writes its fields in
/// declaration order but keeps specification extensions (`x-...` and the other keys added
/// through `Extensions`) in a `HashMap`, flattened into their parent: those keys move after
/// the others, sorted by name. Everything else keeps the order utoipa gives it.
pub fn canonicalize(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let (mut extensions, fixed): (Vec<_>, Vec<_>) =
                map.into_iter().partition(|(key, _)| is_extension_key(key));
            extensions.sort_by(|a, b| a.0.cmp(&b.0));
            let canonical: Map<String, Value> = fixed
                .into_iter()
                .chain(extensions)
                .map(|(key, value)| (key, canonicalize(value)))
                .collect();
            Value::Object(canonical)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(canonicalize).collect()),
        other => other,
    }
}

/// Keys that reach a document through utoipa's `Extensions` map.
fn is_extension_key(key: &str) -> bool {
    key.starts_with("x-")
}

/// Pretty JSON with LF line endings and a final newline.
pub fn to_json(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("JSON values always serialize");
    text.push('\n');
    text
}

/// YAML of the same value, with LF line endings and a final newline.
///
/// Written here rather than with a YAML library: the serde YAML emitters leave strings such as
/// `yes`, `on`, `2021-01-11` or `2025-09-17T19:30:03.275+08:00` unquoted, which YAML 1.1
/// readers (PyYAML, js-yaml's default schema) load back as booleans and dates, so the twin
/// would no longer say what the JSON says. Here a string is written plain only when no YAML
/// reader can take it for anything else; every other string is double-quoted with JSON
/// escapes, which YAML accepts verbatim.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => yaml_mapping(map, 0, &mut out),
        Value::Array(items) if !items.is_empty() => yaml_sequence(items, 0, &mut out),
        scalar => {
            out.push_str(&yaml_scalar(scalar));
            out.push('\n');
        }
    }
    out
}

fn yaml_mapping(map: &Map<String, Value>, indent: usize, out: &mut String) {
    for (key, value) in map {
        out.push_str(&" ".repeat(indent));
        out.push_str(&yaml_string(key));
        out.push(':');
        yaml_nested(value, indent + 2, out);
    }
}

fn yaml_sequence(items: &[Value], indent: usize, out: &mut String) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match item {
            // A mapping inside a sequence starts on the dash's line.
            Value::Object(map) if !map.is_empty() => {
                let mut nested = String::new();
                yaml_mapping(map, indent + 2, &mut nested);
                out.push(' ');
                out.push_str(&nested[indent + 2..]);
            }
            other => yaml_nested(other, indent + 2, out),
        }
    }
}

/// Writes what follows `key:` or `-`: a nested block on the next lines, or a scalar.
fn yaml_nested(value: &Value, indent: usize, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            yaml_mapping(map, indent, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            yaml_sequence(items, indent, out);
        }
        scalar => {
            out.push(' ');
            out.push_str(&yaml_scalar(scalar));
            out.push('\n');
        }
    }
}

fn yaml_scalar(value: &Value) -> String {
    match value {
        Value::String(s) => yaml_string(s),
        Value::Object(_) => "{}".to_owned(),
        Value::Array(_) => "[]".to_owned(),
        // null, booleans and numbers are written as JSON writes them, which YAML reads alike.
        other => other.to_string(),
    }
}

/// A string plain when that is unambiguous, else double-quoted.
fn yaml_string(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_owned()
    } else {
        Value::String(s.to_owned()).to_string()
    }
}

/// Whether every YAML reader, 1.1 or 1.2, reads `s` written plain back as the same string:
/// it starts with a letter, holds only letters, digits and a few punctuation marks that
/// cannot start a comment or a mapping, and is not a word that YAML 1.1 gives a meaning.
fn is_plain_safe(s: &str) -> bool {
    const RESERVED: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_ascii_alphabetic()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " _-./()`'".contains(c))
        && !s.ends_with(' ')
        && !RESERVED.contains(&s.to_ascii_lowercase().as_str())
}
